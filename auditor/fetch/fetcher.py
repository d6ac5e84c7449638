"""The Fetcher: one `PageRequest` in, one `FetchResult` out, whatever the network does.

For each URL on the way (the request's, then each redirect's):

    scheme ─▶ private address (untrusted only) ─▶ robots.txt ─▶ host gate ─▶ exchange
      ▲                                                                        │
      └──────────── redirect (recorded, bounded, loops refused) ◀── retry ◀────┘

A HEAD request (link checking) that gets an error status, or a malformed answer, is
asked again with GET, since many servers answer HEAD wrongly; the GET reads no body.
A 404 or 410 to HEAD is believed without the GET once the host has shown that its HEAD
says what its GET says: its first HEAD 404/410 is asked again with GET, and if the GET
agrees, the host's later ones are final; if the GET disagrees, every later HEAD error of
that host is asked again with GET (issue 20: a request a broken link does not need).
A redirect to an address the caller has read already this run (`read_already`: a CMS's
moved page, 301 to an article the crawl has read) ends there, unasked: the result is
`redirected` to it with the status it answered, and no body.
A 500 is retried once, and not at all once its script (the address without the query)
has answered 500 twice in a row this run (`retry.ScriptErrors`).
`FetchResult.attempts` is 1 plus the retries made during the fetch, all hops together.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType

import httpx

from ..config import CrawlConfig
from ..models import FailureReason, FetchResult, Outcome, PageRequest
from .addresses import AddressGuard
from .client import Sender, build_client, user_agent
from .content import FILE_PREFIX_BYTES
from .exchange import NO_BODY, Answer, BodyLimits, exchange
from .politeness import MAX_CRAWL_DELAY, HostGate, Politeness, host_key
from .result import End, Trace, build_result
from .retry import SERVER_ERROR, RetryPolicy, ScriptErrors, retry_wait
from .robots import MAX_ROBOTS_BYTES, MAX_ROBOTS_REDIRECTS, RobotsCache, RobotsFile
from .shared_gate import SharedLimits, SharedStarts, process_limits
from .stats import FetchStats

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
METHODS = ("GET", "HEAD")
PEEK_BYTES = 256 * 1024  # of a linked page: enough for its title, banners and "not found" message
PEEK = BodyLimits(markup=PEEK_BYTES, other=0, truncate=True)
# the GET after a refused HEAD asks for one byte: the answer proves the file is there
RANGED = {"Range": "bytes=0-0"}
RANGE_NOT_SATISFIABLE = 416
FINAL_HEAD_STATUSES = frozenset({404, 410})  # final once the host's HEAD has proved honest
# the status an address answered earlier in the run, when the caller has read it already; else None
ReadAlready = Callable[[str], int | None]


class Fetcher:
    """Async context manager; `fetch()` may be called concurrently from many tasks."""

    def __init__(
        self,
        crawl: CrawlConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_policy: RetryPolicy | None = None,
        shared_limits: SharedLimits | None = None,
    ) -> None:
        """`shared_limits`: reserve every request's start in Redis, so per-host delays hold across
        workers (`shared_gate`); default: the process's (`shared_gate.share_limits`, set by `auditor worker`)."""
        self._crawl = crawl
        self._transport = transport
        self._client: Sender | None = None
        self._policy = retry_policy or RetryPolicy()
        self._page_limits = BodyLimits(markup=crawl.max_response_bytes, other=FILE_PREFIX_BYTES)
        shared = shared_limits or process_limits()
        self._politeness = Politeness(crawl.per_host_concurrency, crawl.per_host_delay,
                                      SharedStarts(shared, _slot_hold(crawl)) if shared is not None else None)
        self._guard = AddressGuard(allow_private=crawl.allow_private_addresses, timeout=crawl.timeout)
        self.stats = FetchStats()
        self._head_honest: dict[str, bool] = {}  # host:port -> its HEAD 404/410 agreed with GET (see the module doc)
        self._script_errors = ScriptErrors()
        self._robots = RobotsCache(user_agent(crawl), self._fetch_robots_file, self._on_crawl_delay, self.stats)

    async def __aenter__(self) -> Fetcher:
        self._client = build_client(self._crawl, self._transport)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        await self._politeness.close()

    async def fetch(self, request: PageRequest, read_already: ReadAlready | None = None) -> FetchResult:
        """`read_already`: see the module doc (a GET's redirects only)."""
        if request.method not in METHODS:
            raise ValueError(f"unsupported method {request.method!r}; the fetcher sends {METHODS}")
        if self._client is None:
            raise RuntimeError("Fetcher.fetch() outside `async with Fetcher(...)`")
        loop = asyncio.get_running_loop()
        trace = Trace(
            url=request.url, started=loop.time(), fetched_at=datetime.now(UTC),
            etag=request.etag, last_modified=request.last_modified,
        )
        end = await self._fetch(request, trace, read_already)
        result = build_result(trace, end, elapsed=loop.time() - trace.started)
        self.stats.outcomes[result.outcome] += 1
        return result

    async def fetch_file(self, request: PageRequest, max_bytes: int) -> tuple[FetchResult, bytes]:
        """A GET that keeps the body (an attachment a content scan reads), at most `max_bytes`:
        the body is empty when the answer failed or went on past the limit."""
        if self._client is None:
            raise RuntimeError("Fetcher.fetch_file() outside `async with Fetcher(...)`")
        loop = asyncio.get_running_loop()
        trace = Trace(url=request.url, started=loop.time(), fetched_at=datetime.now(UTC))
        end = await self._follow(request, "GET", trace, BodyLimits(markup=max_bytes, other=max_bytes))
        result = build_result(trace, end, elapsed=loop.time() - trace.started)
        self.stats.outcomes[result.outcome] += 1
        whole = result.opened and end.answer.body_read and not end.answer.overflowed
        return result, end.answer.body if whole else b""

    async def _fetch(self, request: PageRequest, trace: Trace, read_already: ReadAlready | None) -> End:
        if request.method == "GET":
            limits = PEEK if request.peek else self._page_limits
            return await self._follow(request, "GET", trace, limits, read_already=read_already)
        end = await self._follow(request, "HEAD", trace, NO_BODY)
        if not _head_unreliable(end):
            return end
        host = _host_of_end(end)
        missing = end.answer.status in FINAL_HEAD_STATUSES
        if missing and self._head_honest.get(host) is True:
            self.stats.head_final += 1
            return end
        self.stats.head_fallbacks += 1
        trace.redirects.clear()
        end = await self._follow(request, "GET", trace, NO_BODY, headers=RANGED)
        if end.answer.status == RANGE_NOT_SATISFIABLE:  # an empty file has no byte 0: ask for all of it
            trace.redirects.clear()
            end = await self._follow(request, "GET", trace, NO_BODY)
        if missing and end.outcome is None and not end.answer.error:
            # the first word decides, and a disagreement is never forgotten
            agrees = end.answer.status in FINAL_HEAD_STATUSES
            self._head_honest[host] = self._head_honest.get(host, True) and agrees
        return end

    async def _follow(
        self,
        request: PageRequest,
        method: str,
        trace: Trace,
        limits: BodyLimits,
        *,
        max_redirects: int | None = None,
        retries: int | None = None,
        obey_robots: bool = True,
        headers: dict[str, str] | None = None,
        read_already: ReadAlready | None = None,
    ) -> End:
        limit = self._crawl.max_redirects if max_redirects is None else max_redirects
        retries = self._crawl.retries if retries is None else retries
        visited: set[tuple[str, str]] = set()
        current = request.url
        while True:
            url = _parse_url(current)
            if url is None:
                return End(current, Answer(), Outcome.BROKEN, FailureReason.BAD_URL)
            refusal = await self._refusal(url, request.trusted, obey_robots)
            if refusal is not None:
                return refusal
            visited.add(self._visit_key(url))
            answer = await self._send(url, method, request, trace, limits, retries, headers or {})
            if answer.error or answer.status not in REDIRECT_STATUSES or "location" not in answer.headers:
                return End(str(url), answer)
            target = _join(url, answer.headers["location"])
            if target is None:
                return End(str(url), answer, Outcome.BROKEN, FailureReason.BAD_REDIRECT)
            if len(trace.redirects) >= limit:
                return End(str(url), answer, Outcome.BROKEN, FailureReason.TOO_MANY_REDIRECTS)
            if self._visit_key(target) in visited:
                return End(str(url), answer, Outcome.BROKEN, FailureReason.REDIRECT_LOOP)
            trace.redirects.append(str(url))
            current = str(target)
            status = read_already(current) if read_already is not None else None
            if status is not None:
                self.stats.redirects_read_already += 1
                return End(current, Answer(status=status))

    def _visit_key(self, url: httpx.URL) -> tuple[str, str]:
        """A URL with the cookies it would be sent with: asking again with new cookies is not a loop
        (a site that sets a cookie and redirects to itself), asking again with the same ones is."""
        assert self._client is not None
        cookie = self._client.cookie_header(url)
        text = str(url)  # a fragment is rare here (links come without one): no second parse for most
        return (text if "#" not in text else str(url.copy_with(fragment=None))), cookie

    async def _refusal(self, url: httpx.URL, trusted: bool, obey_robots: bool) -> End | None:
        """An End when `url` must not be requested: scheme, private address, robots.txt."""
        if url.scheme not in ("http", "https"):
            return End(str(url), Answer(), Outcome.EXCLUDED, FailureReason.SCHEME)
        if not url.host:
            return End(str(url), Answer(), Outcome.BROKEN, FailureReason.BAD_URL)
        if not trusted:
            why = await self._guard.refusal(url.raw_host.decode("ascii"), url.port or _default_port(url))
            if why is FailureReason.PRIVATE_ADDRESS:
                return End(str(url), Answer(), Outcome.EXCLUDED, why)
            if why is not None:
                return End(str(url), Answer(), Outcome.TIMEOUT if why is FailureReason.TIMEOUT else Outcome.BROKEN, why)
        if obey_robots and self._crawl.respect_robots and not await self._robots.allows(url, trusted):
            return End(str(url), Answer(), Outcome.ROBOTS, FailureReason.ROBOTS)
        return None

    async def _send(
        self, url: httpx.URL, method: str, request: PageRequest, trace: Trace, limits: BodyLimits, retries: int,
        extra_headers: dict[str, str],
    ) -> Answer:
        """One request to one URL, retried as `retry.py` says."""
        assert self._client is not None, "use `async with Fetcher(...)`"
        gate = self._politeness.gate(url)
        headers = _conditional_headers(request) | extra_headers
        attempt = 0
        settles: str | None = None  # this request's retry tells whether its script's 500s are its own
        try:
            while True:
                attempt += 1
                if self._host_given_up(gate):
                    return Answer(error=FailureReason.HOST_UNRESPONSIVE)
                async with gate.turn():
                    answer = await exchange(self._client, method, url, headers, deadline=self._crawl.timeout, limits=limits)
                gate.timeouts_in_a_row = gate.timeouts_in_a_row + 1 if answer.error is FailureReason.TIMEOUT else 0
                self.stats.requests += 1
                self.stats.bytes_received += answer.wire_bytes
                if settles is not None:
                    self._script_errors.settle(settles, persisted=answer.status == SERVER_ERROR and not answer.error)
                    settles = None
                # HEAD does not wait out an error status: the GET that follows gets the retries
                status = None if answer.error or method == "HEAD" else answer.status
                wait = retry_wait(
                    status=status, failed_retryably=answer.retryable, retry_after=answer.headers.get("retry-after"),
                    attempt=attempt, retries=retries, max_retry_after=self._crawl.max_retry_after,
                    policy=self._policy, url=str(url), error=answer.error,
                )
                if wait is None:
                    return answer
                if status == SERVER_ERROR and attempt == 1:
                    verdict = self._script_errors.claim(str(url))
                    if verdict is None:
                        settles = str(url)
                    elif await verdict:
                        self.stats.retries_spared += 1
                        return answer
                seconds, server_asked = wait
                self.stats.retries += 1
                trace.retries += 1
                if server_asked:
                    gate.pause(seconds)  # the whole host waits, and this request with it
                else:
                    await asyncio.sleep(seconds)
        finally:
            if settles is not None:  # cancelled, or given up, before the retry answered: no verdict, so retry them
                self._script_errors.settle(settles, persisted=False)

    def _host_given_up(self, gate: HostGate) -> bool:
        """A host that let `max_host_timeouts` requests in a row time out is not asked again this
        run: each costs the full deadline, and a host stalling on thousands of URLs would hold a
        run for hours. Its remaining URLs are recorded as timeouts at once."""
        limit = self._crawl.max_host_timeouts
        return limit > 0 and gate.timeouts_in_a_row >= limit

    async def _fetch_robots_file(self, url: httpx.URL, trusted: bool) -> RobotsFile:
        request = PageRequest(url=str(url), site_id="", trusted=trusted)
        trace = Trace(url=str(url), started=0.0, fetched_at=datetime.now(UTC))
        limits = BodyLimits(markup=MAX_ROBOTS_BYTES, other=MAX_ROBOTS_BYTES)
        # one try: an unanswered robots.txt allows everything anyway, and retrying it would
        # make a dead host cost its retries twice (once here, once for the page)
        end = await self._follow(
            request, "GET", trace, limits, max_redirects=MAX_ROBOTS_REDIRECTS, retries=0, obey_robots=False
        )
        if end.outcome is not None:  # redirected astray or refused: no file to read
            return RobotsFile(status=None, error=end.error)
        return RobotsFile(status=end.answer.status, body=end.answer.body, error=end.answer.error)

    def _on_crawl_delay(self, url: httpx.URL, delay: float) -> None:
        if delay > self._crawl.per_host_delay:
            self._politeness.gate(url).slow_down(delay)


def _slot_hold(crawl: CrawlConfig) -> float:
    """How long a host's shared slot may be held before it frees itself (its worker died): longer
    than a request takes, the wait for its start (a Retry-After, the others' starts) included."""
    return crawl.timeout + crawl.max_retry_after + crawl.per_host_concurrency * MAX_CRAWL_DELAY + 30


def _head_unreliable(end: End) -> bool:
    """Whether a HEAD answer should be checked with GET before it is believed."""
    if end.outcome is not None:
        return False  # decided without the server's word (robots, private address, loop)
    answer = end.answer
    if answer.error:
        return answer.error in (FailureReason.PROTOCOL, FailureReason.RESET)
    return answer.status is not None and answer.status >= 400


def _host_of_end(end: End) -> str:
    url = _parse_url(end.url)
    return host_key(url) if url is not None else end.url


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _conditional_headers(request: PageRequest) -> dict[str, str]:
    headers: dict[str, str] = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return headers


def _parse_url(text: str) -> httpx.URL | None:
    try:
        return _checked(httpx.URL(text.strip()))
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError):
        return None


def _join(base: httpx.URL, location: str) -> httpx.URL | None:
    try:
        return _checked(base.join(location.strip()))
    except (httpx.InvalidURL, ValueError, TypeError, UnicodeError):
        return None


def _checked(url: httpx.URL) -> httpx.URL:
    """The URL, once its host has been decoded (httpx parses `xn--` labels lazily, and raises
    then), without the `user:password@` a page may put in it: credentials from a page are not
    ours to send (browsers drop them too), and aiohttp raises ValueError on them besides."""
    url.host  # noqa: B018
    url.port  # noqa: B018
    return url.copy_with(userinfo=b"") if url.userinfo else url
