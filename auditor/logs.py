"""Logging: JSON lines for machines, plain lines for people, and never a secret.

    setup_logging(verbose)          JSON when stderr is not a terminal (journald, docker),
                                    text on a terminal; AUDITOR_LOG_FORMAT=json|text decides
    event(log, "run.finish", "…", run=12, pages=3400)
                                    one line with a stable event name and its fields
    register_secret(password)       masked as *** in every line from then on

Redaction happens in the handler's formatter, so third-party loggers (httpx,
SQLAlchemy, APScheduler) are covered too, and URL passwords (`scheme://user:pw@host`)
are masked even when nobody registered them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from datetime import UTC, date, datetime
from typing import Any

NOISY = ("httpx", "httpcore", "aiohttp.access", "alembic")
MIN_SECRET_LENGTH = 4  # masking "a" would wreck every line
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@\s/]+)(?=@)")
_SECRETS: set[str] = set()
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "event", "fields"}


def register_secret(value: str | None) -> None:
    if value and len(value) >= MIN_SECRET_LENGTH:
        _SECRETS.add(value)


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return _URL_PASSWORD.sub(r"\g<head>***", text)


def event(logger: logging.Logger, name: str, message: str, *, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, message, extra={"event": name, "fields": fields})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = dict(getattr(record, "fields", None) or {})
    fields.update({k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")})
    return {k: _plain(v) for k, v in fields.items()}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "event", None):
            line["event"] = record.event  # type: ignore[attr-defined]
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line["error"] = f"{type(error).__name__}: {error}"
            line["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return redact(json.dumps(line, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extras = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        return redact(f"{text} {extras}" if extras else text)


def setup_logging(verbose: bool = False, fmt: str | None = None) -> None:
    """Configure the root logger once (a second call replaces the handler, never adds one)."""
    chosen = fmt or os.environ.get("AUDITOR_LOG_FORMAT") or ("text" if sys.stderr.isatty() else "json")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_auditor", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._auditor = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if chosen == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
