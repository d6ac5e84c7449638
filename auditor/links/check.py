"""Checking link targets: HEAD first (the fetcher falls back to GET), bounded concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase

from ..config import Config
from ..models import FetchResult, LinkResult, Outcome, PageRequest
from ..urls import host_of, is_fetchable

# Schemes recorded but never fetched: a mail address or a script is not a web page.
UNFETCHED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "ftp:", "file:")


def link_result_from_fetch(fetch: FetchResult) -> LinkResult:
    return LinkResult(
        url=fetch.url,
        outcome=fetch.outcome,
        status=fetch.status,
        error=fetch.error,
        final_url=fetch.final_url,
        redirects=fetch.redirects,
        checked_at=fetch.fetched_at,
        elapsed=fetch.elapsed,
    )


def excluded_result(url: str, reason: str) -> LinkResult:
    return LinkResult(url=url, outcome=Outcome.EXCLUDED, error=reason, checked_at=datetime.now(UTC))


@dataclass(frozen=True)
class TargetPolicy:
    """Which targets are requested, and how: the audited sites' own hosts are trusted."""

    site_of_host: dict[str, str]
    check_external: bool = True
    exclude_hosts: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> TargetPolicy:
        return cls(
            site_of_host={host: site.id for site in config.sites for host in site.hosts},
            check_external=config.crawl.check_external_links,
            exclude_hosts=tuple(pattern.lower() for pattern in config.crawl.exclude_hosts),
        )

    def request_for(self, url: str) -> PageRequest | LinkResult:
        """The request to send, or the result that says why none is sent."""
        lowered = url.lower()
        if lowered.startswith(UNFETCHED_SCHEMES):
            return excluded_result(url, "scheme:" + lowered.split(":", 1)[0])
        if not is_fetchable(url):
            return excluded_result(url, "scheme")
        host = host_of(url)
        if any(fnmatchcase(host, pattern) for pattern in self.exclude_hosts):
            return excluded_result(url, "excluded-host")
        site_id = self.site_of_host.get(host)
        if site_id is None and not self.check_external:
            return excluded_result(url, "external")
        return PageRequest(url=url, site_id=site_id or "", method="HEAD", trusted=site_id is not None)


async def check_targets(
    urls: Iterable[str],
    fetch: Callable[[PageRequest], Awaitable[FetchResult]],
    policy: TargetPolicy,
    *,
    concurrency: int = 64,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check every URL once; a worker pool keeps a bounded number of requests in flight."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    results: list[LinkResult] = []

    async def worker() -> None:
        while True:
            try:
                url = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            request = policy.request_for(url)
            result = request if isinstance(request, LinkResult) else link_result_from_fetch(await fetch(request))
            results.append(result)
            if on_result is not None:
                on_result(result)

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, queue.qsize())))))
    return results
