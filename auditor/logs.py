"""Logging: JSON lines for machines, plain lines for people, and never a secret.

    setup_logging(verbose)          JSON when stderr is not a terminal (journald, docker),
                                    text on a terminal; AUDITOR_LOG_FORMAT=json|text decides
    event(log, "run.finish", "…", run=12, pages=3400)
                                    one line with a stable event name and its fields
    register_secret(password)       masked as *** in every line from then on
    redact(text)                    what any text looks like with the secrets masked

Redaction happens in the handler's formatter, so third-party loggers (httpx,
SQLAlchemy, APScheduler) are covered too, and URL passwords (`scheme://user:pw@host`)
are masked even when nobody registered them, and so are the robots' query credentials
(`?key=`, `access_token=`, `sign=`). JSON values are masked before they are
encoded: a password with a quote or a backslash would otherwise slip through escaped.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
import threading
import traceback
from datetime import UTC, date, datetime
from typing import Any, TextIO
from urllib.parse import quote, quote_plus

FORMAT_ENV = "AUDITOR_LOG_FORMAT"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# chatty at INFO; apscheduler's warnings (a missed job, a crashed executor) still pass
QUIET_LOGGERS = ("httpx", "httpcore", "aiohttp.access", "apscheduler", "alembic")
MASK = "***"
MIN_SECRET_LENGTH = 4  # masking "a" would wreck every line

# scheme://user:PASSWORD@host — the password runs to the last "@" before a "/" or a space,
# so an unencoded "@" in it is masked too. Anchored on "://", not on the scheme: a scheme
# pattern is tried at every word boundary, which makes a long hostile line quadratic.
_URL_PASSWORD = re.compile(r"(?P<head>://[^:/@\s]*:)[^\s/]+(?=@)")
# the credentials robots and webhooks carry in their query (WeCom `key=`, DingTalk `access_token=`
# and `sign=`): masked whether or not the URL was registered
_QUERY_SECRET = re.compile(r"(?P<head>[?&](?:key|access_token|sign|secret|token)=)[^&\s#\"'<>]+", re.IGNORECASE)
# C0/C1 control characters: a hostile page title must not forge a line or drive the terminal
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code != 0x09}
_CONTROL.update({0x0A: "\\n", 0x0D: "\\r"})
_BARE_VALUE = re.compile(r"[^\s\"'=\\]+")
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "event", "fields"}

_secrets: tuple[str, ...] = ()  # longest first, so a secret containing another is masked whole
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask `value` (and its encoded forms) in every log line from now on."""
    global _secrets
    if not value or len(value) < MIN_SECRET_LENGTH:
        return
    # as written, in a URL, in a repr() (`%r`, a dict in a message) and JSON-escaped
    forms = {value, quote(value, safe=""), quote_plus(value, safe=""), repr(value)[1:-1],
             json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    with _secrets_lock:
        _secrets = tuple(sorted(set(_secrets) | forms, key=len, reverse=True))


def redact(text: str) -> str:
    """`text` with every registered secret, every URL password and every `key=`, `access_token=`,
    `sign=`, `secret=` or `token=` query value replaced by ***."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    if "=" in text:
        text = _QUERY_SECRET.sub(rf"\g<head>{MASK}", text)
    return _URL_PASSWORD.sub(rf"\g<head>{MASK}", text) if "://" in text else text


def event(logger: logging.Logger, name: str, message: str, /, *, level: int = logging.INFO, **fields: Any) -> None:
    """One log line with a stable event name (`run.finish`) and its fields at the top level of the JSON."""
    logger.log(level, message, extra={"event": name, "fields": fields})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, event, the fields, error and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": _utc_timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "event", None):
            line["event"] = str(record.event)  # type: ignore[attr-defined]
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info and record.exc_info[1] is not None:
            line["error"] = _error_text(record.exc_info[1])
            line["traceback"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(_redacted(line), ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The familiar `time LEVEL logger: message` plus ` key=value` for each field."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        fields = "".join(f" {key}={_text_value(value)}" for key, value in _fields(record).items())
        return super().formatMessage(record).translate(_CONTROL) + fields

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is now (as logging.lastResort does), not to the stream of the day it was made."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def setup_logging(verbose: bool = False, fmt: str | None = None) -> None:
    """Configure the root logger; a second call replaces the auditor's handler, never adds one."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if _chosen_format(fmt) == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def _chosen_format(fmt: str | None) -> str:
    chosen = (fmt or os.environ.get(FORMAT_ENV) or "").strip().lower()
    if chosen in ("json", "text"):
        return chosen
    return "text" if sys.stderr.isatty() else "json"


def _utc_timestamp(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error_text(error: BaseException) -> str:
    detail = str(error)
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The event's fields, plus anything passed as `extra=` by code that does not use event()."""
    fields = dict(getattr(record, "fields", None) or {})
    for key, value in vars(record).items():
        if key not in _RESERVED and not key.startswith("_"):
            fields.setdefault(key, value)
    return {str(key): _plain(value) for key, value in fields.items()}


def _plain(value: Any) -> Any:
    """A value JSON can carry: datetimes as ISO text, sequences as lists, anything else as its str()."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    return value


def _text_value(value: Any) -> str:
    """logfmt style: bare when it is one plain word, JSON-quoted otherwise (so hostile text cannot forge a field)."""
    if isinstance(value, str) and _BARE_VALUE.fullmatch(value) and value.isprintable():
        return value
    return json.dumps(value, ensure_ascii=False).translate(_CONTROL)
