"""A crawl outside any run: the `CrawlContext` tests give `SiteCrawler` directly.

An audit passes its `auditor.context.RunContext`; a test that looks at one site's
crawl keeps the pages in memory instead of a store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from auditor.checks import apply_rule
from auditor.checks.common import CheckRule
from auditor.checks.examples import build_site
from auditor.config import CrawlConfig, SiteConfig
from auditor.crawl.site import SiteCrawl, SiteCrawler
from auditor.fetch import Fetcher, ReadAlready
from auditor.links import LinkLedger
from auditor.models import FetchResult, Finding, Page, PageRequest


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

    async def fetch(self, request: PageRequest, read_already: ReadAlready | None = None) -> FetchResult:
        return await self.fetcher.fetch(request, read_already)

    async def fetch_file(self, request: PageRequest, max_bytes: int) -> tuple[FetchResult, bytes]:
        return await self.fetcher.fetch_file(request, max_bytes)

    async def write_page(self, page: Page, fetch: FetchResult) -> None:
        self.pages.append(page)

    def add_targets(self, urls: Iterable[str]) -> None:
        self.ledger.add_targets(urls)

    def page_done(self) -> None:
        pass


def town_site(home: str, column: tuple[str, str, str, str]) -> SiteConfig:
    """A town site at `home` with one column (id, name, url, kind): what the crawl tests serve."""
    column_id, name, url, kind = column
    return SiteConfig.model_validate({
        "id": "t", "name": "测试", "url": home, "kind": "town",
        "columns": [{"id": column_id, "name": name, "url": url, "kind": kind}],
    })


async def crawl_scanning(site: SiteConfig, crawl: CrawlConfig, as_of: datetime, checks: Iterable[str]) -> SiteCrawl:
    """The site crawled by the real crawler with the page scans of `checks` (extract.scan) running."""
    async with Fetcher(crawl) as fetcher:
        context = StandaloneCrawl(crawl, fetcher, as_of, content_checks=frozenset(checks))
        return await SiteCrawler(site, context).run()


def judge_findings(rule: CheckRule, home: str, crawled: SiteCrawl) -> list[Finding]:
    """`rule` applied to a snapshot holding the crawl's page findings, as an audit would judge them."""
    snapshot = dataclasses.replace(build_site({}), url=home, page_findings=tuple(crawled.page_findings))
    return apply_rule(rule, snapshot)
