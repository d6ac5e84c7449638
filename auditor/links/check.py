"""Checking link targets: HEAD first (the fetcher falls back to GET), bounded concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

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


async def check_targets(
    urls: Iterable[str],
    fetch: Callable[[PageRequest], object],
    *,
    site_of_host: dict[str, str],
    concurrency: int = 64,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check every URL once; a worker pool keeps a bounded number of requests in flight.

    `site_of_host` maps the audited sites' hosts to their ids: those targets are trusted
    (always allowed); anything else is a link found in a page, checked on its resolved
    address by the fetcher's private-address guard.
    """
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
            result = await _check_one(url, fetch, site_of_host)
            results.append(result)
            if on_result is not None:
                on_result(result)

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, queue.qsize())))))
    return results


async def _check_one(url: str, fetch, site_of_host: dict[str, str]) -> LinkResult:
    lowered = url.lower()
    if lowered.startswith(UNFETCHED_SCHEMES):
        return excluded_result(url, "scheme:" + lowered.split(":", 1)[0])
    if not is_fetchable(url):
        return excluded_result(url, "scheme")
    site_id = site_of_host.get(host_of(url))
    request = PageRequest(url=url, site_id=site_id or "", method="HEAD", trusted=site_id is not None)
    return link_result_from_fetch(await fetch(request))
