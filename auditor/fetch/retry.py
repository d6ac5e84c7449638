"""When to try again, and how long to wait first.

Retried: connection failures and timeouts, and the statuses that say "later"
(408, 429, 500, 502, 503, 504, scrapy's list less the Cloudflare-only codes). A 500 is
retried once only: a server error twice in a row, half a second apart, is the page's own
(a CMS search that crashes on every request), while a gateway's 502-504 and a 429 come
and go; the third request was a polite audit's most wasted one (issue 20). A refused
connection likewise: nothing listening twice in a row is no transient, and its backoff
was the tail of an unthrottled run.
A `Retry-After` (seconds or an HTTP date) is obeyed up to `max_retry_after`; a longer
one ends the retries at once with the status as the result. Otherwise the wait
doubles from a small base, with a jitter derived from the URL, so two runs wait
alike and many requests to one host do not wake in step.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ONCE_STATUSES = frozenset({500})  # retried once whatever `retries` says
ONCE_FAILURES = frozenset({"refused"})  # FailureReason values (fetch.models), likewise


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    base: float = 0.5  # seconds before the first retry
    cap: float = 10.0  # the longest backoff
    jitter: float = 0.25  # up to this fraction added, derived from the URL

    def backoff(self, url: str, attempt: int) -> float:
        """The wait after the `attempt`-th failed try (1-based)."""
        spread = (zlib.crc32(f"{url}#{attempt}".encode()) % 1000) / 1000 * self.jitter
        return min(self.cap, self.base * 2.0 ** (attempt - 1)) * (1 + spread)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value[:9]))  # capped: a 100-digit number is garbage, not a wait
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def retry_wait(
    *,
    status: int | None,
    failed_retryably: bool,
    retry_after: str | None,
    attempt: int,
    retries: int,
    max_retry_after: float,
    policy: RetryPolicy,
    url: str,
    error: str | None = None,
) -> tuple[float, bool] | None:
    """(seconds to wait, whether the server asked for it) before the next try, or None to stop.

    A server-requested wait holds the whole host (other requests to it wait too).
    """
    if attempt > retries:
        return None
    if status is not None:
        if status not in RETRY_STATUSES or (status in ONCE_STATUSES and attempt > 1):
            return None
        asked = parse_retry_after(retry_after)
        if asked is not None:
            return (asked, True) if asked <= max_retry_after else None
        return policy.backoff(url, attempt), False
    if failed_retryably and not (error in ONCE_FAILURES and attempt > 1):
        return policy.backoff(url, attempt), False
    return None
