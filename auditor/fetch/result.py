"""From the last answer of a fetch to its `FetchResult`: the outcome table in one place.

    2xx, 304                     ok, or redirected when redirects led there
    401, 403, 429, 412, 521      unverified (a bot refused, or a JavaScript cookie challenge)
    any other status             broken, error "http-<code>"
    a markup body over the cap   broken, error "too-large" (the status is kept)
    no answer in time            timeout, error "timeout"
    host given up this run       timeout, error "host-unresponsive" (never asked: too many timeouts in a row)
    no answer at all             broken: "dns", "refused", "tls", "reset", "protocol", ...

Every error is a `FailureReason` (`http_reason(code)` for a status), never free text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..models import FailureReason, FetchResult, Outcome, http_reason
from .encoding import decode_html
from .exchange import Answer

UNVERIFIED_STATUSES = frozenset({401, 403, 429, 412, 521})
TIMEOUT_ERRORS = frozenset({FailureReason.TIMEOUT, FailureReason.HOST_UNRESPONSIVE})
MAX_HEADER_VALUE = 256  # header values copied into a result, capped: they are the server's words


@dataclass
class Trace:
    """What one fetch() has gone through so far."""

    url: str
    started: float  # event-loop clock
    fetched_at: datetime
    etag: str | None = None  # the validators the request was sent with, kept through a 304
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)
    retries: int = 0


@dataclass(frozen=True, slots=True)
class End:
    """Where following a URL stopped: an answer, or a decision made without one."""

    url: str
    answer: Answer
    outcome: Outcome | None = None  # set when decided without judging the answer
    error: FailureReason | None = None  # why, when decided without judging the answer


def judge_status(status: int, redirected: bool) -> tuple[Outcome, str]:
    if 200 <= status < 300 or status == 304:
        return (Outcome.REDIRECTED if redirected else Outcome.OK), ""
    if status in UNVERIFIED_STATUSES:
        return Outcome.UNVERIFIED, http_reason(status)
    return Outcome.BROKEN, http_reason(status)


def judge(end: End, redirected: bool) -> tuple[Outcome, str]:
    answer = end.answer
    if end.outcome is not None:
        return end.outcome, end.error or ""
    if answer.error:
        return (Outcome.TIMEOUT if answer.error in TIMEOUT_ERRORS else Outcome.BROKEN), answer.error
    assert answer.status is not None  # an answer without an error has a status
    outcome, error = judge_status(answer.status, redirected)
    if outcome.answered and answer.markup and answer.overflowed:
        return Outcome.BROKEN, FailureReason.TOO_LARGE
    return outcome, error


def build_result(trace: Trace, end: End, elapsed: float) -> FetchResult:
    outcome, error = judge(end, bool(trace.redirects))
    answer = end.answer
    too_large = answer.markup and answer.overflowed
    readable = outcome.answered and answer.markup and not too_large and bool(answer.body)
    text, encoding = decode_html(answer.body, _header(answer.headers, "content-type")) if readable else ("", "")
    not_modified = answer.status == 304 and outcome.answered
    return FetchResult(
        url=trace.url,
        final_url=end.url,
        outcome=outcome,
        status=answer.status,
        error=error,
        redirects=tuple(trace.redirects),
        content_type=_header(answer.headers, "content-type"),
        encoding=encoding,
        text=text,
        size=len(answer.body),
        content_hash=hashlib.sha256(answer.body).hexdigest() if answer.body_read and not too_large else "",
        etag=_header(answer.headers, "etag") or (trace.etag if not_modified else None),
        last_modified=_header(answer.headers, "last-modified") or (trace.last_modified if not_modified else None),
        not_modified=not_modified,
        fetched_at=trace.fetched_at,
        elapsed=elapsed,
        attempts=1 + trace.retries,
    )


def _header(headers: Mapping[str, str], name: str) -> str:
    return str(headers.get(name, ""))[:MAX_HEADER_VALUE]
