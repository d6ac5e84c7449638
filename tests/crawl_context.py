"""A crawl outside any run: the `CrawlContext` tests give `SiteCrawler` directly.

An audit passes its `auditor.context.RunContext`; a test that looks at one site's
crawl keeps the pages in memory instead of a store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from auditor.config import CrawlConfig
from auditor.fetch import Fetcher
from auditor.links import LinkLedger
from auditor.models import FetchResult, Page, PageRequest


@dataclass
class StandaloneCrawl:
    crawl_config: CrawlConfig
    fetcher: Fetcher
    as_of: datetime
    lookback_days: float = 16.0
    columns_only: bool = False
    content_checks: frozenset[str] = frozenset()  # the page scans to run (extract.scan): none unless a test asks
    ledger: LinkLedger = field(default_factory=LinkLedger)
    pages: list[Page] = field(default_factory=list)  # what a run would write to the store, in order

    async def fetch(self, request: PageRequest) -> FetchResult:
        return await self.fetcher.fetch(request)

    async def fetch_file(self, request: PageRequest, max_bytes: int) -> tuple[FetchResult, bytes]:
        return await self.fetcher.fetch_file(request, max_bytes)

    async def write_page(self, page: Page, fetch: FetchResult) -> None:
        self.pages.append(page)

    def add_targets(self, urls: Iterable[str]) -> None:
        self.ledger.add_targets(urls)

    def page_done(self) -> None:
        pass
