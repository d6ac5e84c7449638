"""When to try again, and how long to wait first.

Retried: connection failures and timeouts, and the statuses that say "later"
(408, 429, 500, 502, 503, 504, scrapy's list less the Cloudflare-only codes). A 500 is
retried once only: a server error twice in a row, half a second apart, is the page's own
(a CMS search that crashes on every request), while a gateway's 502-504 and a 429 come
and go; the third request was a polite audit's most wasted one (issue 20). A refused
connection likewise: nothing listening twice in a row is no transient, and its backoff
was the tail of an unthrottled run. Once one address of a script (its path, whatever the
query) has answered 500 twice in a row, its other addresses' 500s are not asked again
this run (`ScriptErrors`): the script is failing, not the server's moment.
A `Retry-After` (seconds or an HTTP date) is obeyed up to `max_retry_after`; a longer
one ends the retries at once with the status as the result. Otherwise the wait
doubles from a small base, with a jitter derived from the URL, so two runs wait
alike and many requests to one host do not wake in step.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ONCE_STATUSES = frozenset({500})  # retried once whatever `retries` says
ONCE_FAILURES = frozenset({"refused"})  # FailureReason values (fetch.models), likewise
SERVER_ERROR = 500


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


class ScriptErrors:
    """Whether a script's 500 is its own, learnt once per script per run.

    A CMS search or list script that crashes answers 500 at every address it is linked
    by (`search.jsp?id=1`, `?id=2`, …): asking each of them twice, half a second apart,
    cost a polite audit one request per address (issue 20). The first 500 of a script is
    retried as usual, and that retry settles the script: answered 500 again, the
    script's later 500s are final at once; answered anything else, every later 500 of
    it is retried too. A 500 that arrives while the first retry is pending waits for
    its verdict (about the backoff it would have waited anyway). Only 500: a gateway's
    502-504 and a 429 come and go whatever the script.
    """

    def __init__(self) -> None:
        self._verdicts: dict[str, asyncio.Future[bool]] = {}

    def claim(self, url: str) -> asyncio.Future[bool] | None:
        """None when this 500 is its script's first: the caller's retry must `settle` it;
        otherwise the verdict to await (True: the script's 500s are its own)."""
        script = _script_of(url)
        verdict = self._verdicts.get(script)
        if verdict is None:
            self._verdicts[script] = asyncio.get_running_loop().create_future()
        return verdict

    def settle(self, url: str, *, persisted: bool) -> None:
        verdict = self._verdicts.get(_script_of(url))
        if verdict is not None and not verdict.done():
            verdict.set_result(persisted)


def _script_of(url: str) -> str:
    """The address without its query: what one server-side script answers for."""
    return url.split("#", 1)[0].split("?", 1)[0]
