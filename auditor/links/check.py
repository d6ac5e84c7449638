"""Checking link targets: which request each gets, bounded concurrency, one verdict each.

A file (an asset by its extension, `auditor.urls.ASSET_SUFFIXES`, never crawled either) is asked with
HEAD, and with a ranged GET when HEAD is refused. A page is asked with one GET that
reads only its start (`PageRequest.peek`): whether it is the page that was linked, and
not a parked domain, a gambling page or a "not found" page, is in its words. With
`[links] read_pages = false` every target is asked with HEAD only, as link checkers do.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from urllib.parse import unquote, urlsplit

from ..config import Config
from ..models import FailureReason, FetchResult, LinkResult, Outcome, PageRequest, scheme_reason
from ..urls import host_of, is_asset, is_fetchable

# Schemes recorded but never fetched: a mail address or a script is not a web page.
UNFETCHED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "ftp:", "file:")
# an addr-spec as mail programs accept it: something@host.tld, no spaces or angle brackets
_MAIL_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]+$")

Judge = Callable[[FetchResult], Awaitable[LinkResult]]


def excluded_result(url: str, reason: str) -> LinkResult:
    """Not requested, and why: a `FailureReason` (`scheme_reason(...)` for a scheme)."""
    return LinkResult(url=url, outcome=Outcome.EXCLUDED, error=reason, checked_at=datetime.now(UTC))


def mailto_result(url: str) -> LinkResult:
    """A mailto link is never sent, but a malformed address is a link that cannot work."""
    addresses = [unquote(a).strip() for a in url[len("mailto:"):].split("?", 1)[0].split(",")]
    if addresses and all(_MAIL_ADDRESS.match(a) for a in addresses):
        return excluded_result(url, scheme_reason("mailto"))
    return LinkResult(url=url, outcome=Outcome.BROKEN, error=FailureReason.BAD_MAILTO, checked_at=datetime.now(UTC))


@dataclass(frozen=True)
class TargetPolicy:
    """Which targets are requested, and how: the audited sites' own hosts are trusted."""

    site_of_host: dict[str, str]
    check_external: bool = True
    exclude_hosts: tuple[str, ...] = ()
    read_pages: bool = True

    @classmethod
    def from_config(cls, config: Config) -> TargetPolicy:
        return cls(
            site_of_host={host: site.id for site in config.sites for host in site.hosts},
            check_external=config.crawl.check_external_links,
            exclude_hosts=tuple(pattern.lower() for pattern in config.crawl.exclude_hosts),
            read_pages=config.links.read_pages,
        )

    @property
    def audited_hosts(self) -> frozenset[str]:
        return frozenset(self.site_of_host)

    def request_for(self, url: str) -> PageRequest | LinkResult:
        """The request to send, or the result that says why none is sent."""
        lowered = url.lower()
        if lowered.startswith("mailto:"):
            return mailto_result(url)
        if lowered.startswith(UNFETCHED_SCHEMES):
            return excluded_result(url, scheme_reason(lowered.split(":", 1)[0]))
        if not is_fetchable(url):
            return excluded_result(url, FailureReason.SCHEME)
        host = host_of(url)
        if any(fnmatchcase(host, pattern) for pattern in self.exclude_hosts):
            return excluded_result(url, FailureReason.EXCLUDED_HOST)
        site_id = self.site_of_host.get(host)
        if site_id is None and not self.check_external:
            return excluded_result(url, FailureReason.EXTERNAL)
        if self.read_pages and not is_asset(url):
            return PageRequest(url=url, site_id=site_id or "", method="GET", peek=True, trusted=site_id is not None)
        return PageRequest(url=url, site_id=site_id or "", method="HEAD", trusted=site_id is not None)


async def check_targets(
    urls: Iterable[str],
    fetch: Callable[[PageRequest], Awaitable[FetchResult]],
    policy: TargetPolicy,
    judge: Judge,
    *,
    concurrency: int = 64,
    per_host: int = 1,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check every URL once; at most `concurrency` requests in flight, `per_host` to one host."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    queue.put_nowait(None)
    return await check_stream(queue, fetch, policy, judge, concurrency=concurrency, per_host=per_host,
                              on_result=on_result)


async def check_stream(
    queue: asyncio.Queue[str | None],
    fetch: Callable[[PageRequest], Awaitable[FetchResult]],
    policy: TargetPolicy,
    judge: Judge,
    *,
    concurrency: int = 64,
    per_host: int = 1,
    on_result: Callable[[LinkResult], None] | None = None,
    skip: Callable[[str], LinkResult | None] | None = None,
) -> list[LinkResult]:
    """Check URLs as they arrive on `queue` until a None arrives; `skip` may answer one without a request.

    Work-conserving across hosts (issue 20): each host has its own line of targets, drained by at
    most `per_host` tasks, and at most `concurrency` requests are in flight in all. A host whose
    gate makes it wait (a per-host delay, a Retry-After) never holds up another's targets, as one
    shared line would when its head is full of one host's URLs."""
    results: list[LinkResult] = []
    slots = asyncio.Semaphore(max(1, concurrency))
    lines: dict[str, deque[PageRequest]] = {}
    draining: Counter[str] = Counter()
    tasks: set[asyncio.Task[None]] = set()

    def record(result: LinkResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    async def drain(host: str) -> None:
        line = lines[host]
        try:
            while line:
                request = line.popleft()
                async with slots:
                    result = await judge(await fetch(request))
                record(result)
        finally:
            draining[host] -= 1
            if not draining[host] and not line:
                del lines[host], draining[host]

    try:
        while (url := await queue.get()) is not None:
            known = skip(url) if skip is not None else None
            request = known if known is not None else policy.request_for(url)
            if isinstance(request, LinkResult):
                record(request)
                continue
            host = _line_of(request.url)
            lines.setdefault(host, deque()).append(request)
            if draining[host] < max(1, per_host):
                draining[host] += 1
                task = asyncio.create_task(drain(host))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
    return results


def _line_of(url: str) -> str:
    """The host a target's requests queue for: its host and port, the scheme's default filled in."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{(parts.hostname or '').lower()}:{port or (443 if parts.scheme == 'https' else 80)}"
