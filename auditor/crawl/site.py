"""Crawling one site: a bounded breadth-first walk that reads its columns first.

A full audit reads every column to its last list page (outdated items and letters
may sit anywhere in it), up to `[crawl] max_column_pages`; a column stopped there is
marked in the site's coverage, never silently. The daily cadence check (`columns_only`)
follows a column's pagination only while its items are newer than the look-back
horizon. A failing page is a recorded outcome, never an exception; a home page that
fails is asked again over `[crawl] home_retry_span` before it counts as dead; the
site's own time limit ends a site that keeps answering slowly.
"""

from __future__ import annotations

import asyncio
import dataclasses
import heapq
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from ..config import ColumnConfig, CrawlConfig, SiteConfig
from ..extract import ParsedPage, extract_page, parse_page
from ..extract.attachments import attachment_kind
from ..extract.kinds import READ_KINDS, read_column_page, read_identity
from ..extract.links import PAGE_LINKS
from ..extract.scan import ATTACHMENT_SCANNERS, scan_attachment, scan_page
from ..extract.scripted import scripts_write_content
from ..fetch import ReadAlready
from ..links import LinkLedger
from ..models import (
    ColumnCoverage,
    ColumnSnapshot,
    FailureReason,
    FetchResult,
    HttpsReport,
    Identity,
    Link,
    ListItem,
    Outcome,
    Page,
    PageFinding,
    PageReading,
    PageRequest,
    SiteCoverage,
)
from ..urls import crawl_key, is_asset, is_fetchable, normalise
from .scope import SiteScope, TrapGuard

log = logging.getLogger(__name__)

COLUMN_PRIORITY, PAGE_PRIORITY = 0, 1
# the cadence check reads these columns to their end all the same: an annual report may be a year old
FULL_HISTORY_KINDS = frozenset({"reports"})
OVER_BUDGET_COUNTED = 100_000  # distinct pages counted as left over the page budget (the count stops there)
SPARE_WORKERS = 2  # crawl workers beyond the per-host slots (see `run`)
HOME_RETRIES = 4  # further tries of a failing home page, spread evenly over `home_retry_span`
# distinct link targets a site may bring to a run, per page of its page budget. Real sites
# link 1.3 to 1.9 per page (the demo estate; benchmarks/links.py); a link farm (the spam pages
# of a hacked site, each linking thousands of new URLs) would otherwise grow the ledger, the
# links table and the link checks without end: 5,000 pages of 20,000 new links each.
TARGETS_PER_PAGE_BUDGET = 10
# attachments (.docx, .xlsx, .pdf) a content scan reads: the first ones linked from the pages read,
# on the site's own hosts, each read whole up to the cap (a longer one is skipped)
MAX_ATTACHMENTS_PER_SITE = 20
MAX_ATTACHMENT_BYTES = 2_000_000


@dataclass
class _ColumnState:
    config: ColumnConfig
    first: FetchResult | None = None
    pages: int = 0
    items: dict[str, ListItem] = field(default_factory=dict)
    scripted: bool = False  # its first page's scripts load content the auditor cannot read
    queued: int = 1  # list pages asked for, its first page included: what `max_column_pages` bounds
    capped: bool = False  # older list pages were left unread at `max_column_pages`

    @property
    def reachable(self) -> bool:
        first = self.first
        return first is not None and first.outcome.answered and first.status is not None and first.status < 400

    def snapshot(self, site_id: str) -> ColumnSnapshot:
        first = self.first
        reachable = self.reachable
        return ColumnSnapshot(
            site_id=site_id,
            column_id=self.config.id,
            name=self.config.name,
            kind=self.config.kind,
            url=self.config.url,
            reachable=reachable,
            status=first.status if first else None,
            error=(first.error if first else FailureReason.NOT_FETCHED),
            items=tuple(self.items.values()),
            update_within_days=self.config.update_within_days,
            category=self.config.category,
            scripted=self.scripted,
            capped=self.capped,
        )

    def coverage(self) -> ColumnCoverage:
        return ColumnCoverage(column=self.config.id, name=self.config.name, list_pages=self.pages,
                              items=len(self.items), capped=self.capped, reachable=self.reachable)


@dataclass
class SiteCrawl:
    """What the crawl of one site leaves for the checks (the pages went to the sink)."""

    site_id: str
    home: FetchResult | None
    columns: list[ColumnSnapshot]
    pages: int
    timed_out: bool = False
    links_dropped: int = 0  # link occurrences past the site's target budget: neither stored nor checked
    identity: Identity | None = None
    readings: list[PageReading] = field(default_factory=list)
    coverage: SiteCoverage | None = None
    page_findings: list[PageFinding] = field(default_factory=list)  # what the content scans found (extract.scan)
    https: HttpsReport | None = None  # the HTTPS probe after the crawl (audit, when a site.https rule is in scope)


class CrawlContext(Protocol):
    """What the crawl of a site needs from the run it belongs to (`auditor.context.RunContext`)."""

    @property
    def crawl_config(self) -> CrawlConfig: ...
    @property
    def ledger(self) -> LinkLedger: ...
    @property
    def as_of(self) -> datetime: ...
    @property
    def lookback_days(self) -> float: ...
    @property
    def columns_only(self) -> bool: ...  # the daily cadence check: list pages and their pagination only
    @property
    def content_checks(self) -> frozenset[str]: ...  # the checks whose page scans run (extract.scan)

    async def fetch(self, request: PageRequest, read_already: ReadAlready | None = None) -> FetchResult: ...
    async def fetch_file(self, request: PageRequest, max_bytes: int) -> tuple[FetchResult, bytes]: ...
    async def write_page(self, page: Page, fetch: FetchResult) -> None: ...
    def add_targets(self, urls: Iterable[str]) -> None: ...
    def page_done(self) -> None: ...


class SiteCrawler:
    def __init__(self, site: SiteConfig, context: CrawlContext) -> None:
        self.site = site
        self._context = context
        self._columns_only = context.columns_only
        self.crawl = context.crawl_config
        self._fetch = context.fetch
        self._ledger = context.ledger
        self._as_of_date: date = context.as_of.date()
        self._horizon: date = self._as_of_date - timedelta(days=context.lookback_days)
        self._scope = SiteScope(site.hosts)
        self._traps = TrapGuard()
        self._seen: set[str] = set()  # crawl keys: one page reached by two spellings is fetched once
        self._queue: list[tuple[int, int, PageRequest]] = []
        self._sequence = 0
        self._pending = 0
        self._wakeup = asyncio.Event()
        self._columns = {c.id: _ColumnState(c) for c in site.columns}
        self._home: FetchResult | None = None
        self._identity: Identity | None = None
        self._readings: list[PageReading] = []
        self._page_findings: list[PageFinding] = []
        self._attachments: set[str] = set()  # crawl keys of the attachments fetched for a content scan
        self._item_columns: dict[str, _ColumnState] = {}  # item crawl key -> the column listing it, for READ_KINDS
        # pages visited before any column listed them (the home page links a leader's page, and
        # the leaders column's second page lists it later): read again as the column's kind
        # once a column lists them, so what is judged does not depend on which came first
        self._visited_unread: set[str] = set()
        self._late_reads: set[str] = set()
        self._pages = 0
        self._targets: set[str] = set()
        self._max_targets = TARGETS_PER_PAGE_BUDGET * self.crawl.max_pages_per_site
        self._links_dropped = 0
        self._home_url = normalise(site.url)
        self._outcomes: dict[Outcome, int] = {}  # pages fetched, by outcome: the coverage's "could not read"
        self._detail_pages = 0
        self._over_budget: set[str] = set()
        self._listed: set[str] = set()  # crawl keys of every column's items: the coverage's detail pages
        self._column_pages: set[str] = set()  # crawl keys asked for as a column's list pages
        self._visited: set[str] = set()  # crawl keys fetched and stored: a page is stored once per run
        # answers already in hand for queued pages: a moved page's redirect ended at one (see _visit)
        self._answered: dict[str, FetchResult] = {}
        # crawl key -> (status, title) of each page read whole: what a moved page's address is judged by
        self._read: dict[str, tuple[int, str]] = {}

    async def run(self) -> SiteCrawl:
        if not self._columns_only:
            self._enqueue(PageRequest(url=self._home_url, site_id=self.site.id), PAGE_PRIORITY, force=True)
        for column in self.site.columns:
            request = PageRequest(url=normalise(column.url), site_id=self.site.id, depth=1, column_id=column.id)
            self._column_pages.add(crawl_key(request.url))
            self._enqueue(request, COLUMN_PRIORITY, force=True)
        timed_out = False
        # more workers than the host's slots: the gate keeps the pace, and a request is always ready for
        # its next start while another worker parses a page or waits out a retry's backoff
        count = self.crawl.per_host_concurrency + SPARE_WORKERS
        workers = [asyncio.create_task(self._worker()) for _ in range(count)]
        try:
            await asyncio.wait_for(asyncio.gather(*workers), timeout=self.crawl.site_timeout)
        except TimeoutError:
            timed_out = True
            log.warning("site %s: crawl stopped after %ss", self.site.id, self.crawl.site_timeout)
        return SiteCrawl(
            site_id=self.site.id,
            home=self._home,
            columns=[state.snapshot(self.site.id) for state in self._columns.values()],
            pages=self._pages,
            timed_out=timed_out,
            links_dropped=self._links_dropped,
            identity=self._identity,
            readings=sorted(self._readings, key=lambda r: (r.column_id, r.url)),
            coverage=self._coverage(timed_out),
            page_findings=sorted(self._page_findings, key=lambda f: (f.check, f.url, f.kind, f.key, f.found)),
        )

    def _coverage(self, timed_out: bool) -> SiteCoverage:
        home = self._home
        return SiteCoverage(
            site=self.site.id,
            pages=self._pages,
            home_read=home is not None and home.opened,
            columns=tuple(state.coverage() for state in self._columns.values()),
            detail_pages=self._detail_pages,
            failed_pages=self._outcomes.get(Outcome.BROKEN, 0) + self._outcomes.get(Outcome.TIMEOUT, 0),
            robots_pages=self._outcomes.get(Outcome.ROBOTS, 0),
            unverified_pages=self._outcomes.get(Outcome.UNVERIFIED, 0),
            over_budget=len(self._over_budget),
            timed_out=timed_out,
        )

    def _enqueue(self, request: PageRequest, priority: int, *, force: bool = False, again: bool = False) -> None:
        key = crawl_key(request.url)
        if key in self._seen and not again:
            return
        if not force and len(self._seen) >= self.crawl.max_pages_per_site:
            if len(self._over_budget) < OVER_BUDGET_COUNTED:
                self._over_budget.add(key)
            return
        self._seen.add(key)
        self._sequence += 1
        heapq.heappush(self._queue, (priority, self._sequence, request))
        self._wakeup.set()

    async def _worker(self) -> None:
        while True:
            if not self._queue:
                if self._pending == 0:
                    self._wakeup.set()  # let the other idle workers see the end too
                    return
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            _, _, request = heapq.heappop(self._queue)
            self._pending += 1
            try:
                await self._visit(request)
            finally:
                self._pending -= 1
                self._wakeup.set()

    async def _visit(self, request: PageRequest) -> None:
        if request.column_id is None and request.url in self._late_reads:
            self._late_reads.discard(request.url)
            self._detail_pages += 1  # its first visit came before a column listed it, and was not counted
            self._read_kind(request, parse_page(await self._fetch(request)), None)
            return
        key = crawl_key(request.url)
        again = key in self._visited  # a list page reached first as an ordinary link, now read as its column's
        if again and request.column_id is None:
            return  # read as a column's list page already
        self._visited.add(key)
        plain = self._plain(request, key)
        fetch = self._answered.pop(key, None) or (
            await self._fetch_home(request) if request.url == self._home_url
            else await self._fetch(request, self._read_already if plain else None))
        if not again:
            self._outcomes[fetch.outcome] = self._outcomes.get(fetch.outcome, 0) + 1
        if request.column_id is None and key in self._listed:
            self._detail_pages += 1
        if fetch.final_url != fetch.url:
            if plain and self._read_at_its_address(request, key, fetch):
                await self._write_moved(request, fetch)
                return
            self._keep_answer_for_queued(fetch)
            self._seen.add(crawl_key(fetch.final_url))
        self._traps.observe(request.url, fetch)
        column = self._columns.get(request.column_id) if request.column_id else None
        parsed = parse_page(fetch)  # parsed once, read by each reader below
        page = extract_page(parsed, request, as_of=self._as_of_date, column=column.config if column else None)
        self._ledger.record_fetch(fetch, page.title)
        if fetch.opened and fetch.text and fetch.status is not None:
            self._read.setdefault(key if fetch.final_url == fetch.url else crawl_key(fetch.final_url),
                                  (fetch.status, page.title))
        links = self._within_target_budget(tuple(_normalised(link) for link in page.links))
        page = dataclasses.replace(page, links=links)
        if request.url == self._home_url:
            self._home = dataclasses.replace(fetch, text="")
            self._identity = None if fetch.failed else read_identity(parsed)  # an error page has no footer to judge
        if column is not None:  # before the ordinary links, so its pagination is read as the column's
            self._read_column_page(column, request, fetch, page)
        if not self._columns_only:
            self._read_kind(request, parsed, column)
            if not again and fetch.opened and fetch.text and self._context.content_checks:
                self._page_findings.extend(scan_page(parsed, self._context.content_checks))
                await self._scan_attachments(links, parsed.url)
            self._context.add_targets(link.target for link in links)
            self._follow_links(links, request.depth)
            if column is None:  # a column's own pager is followed by `_read_column_page`, within its cap
                self._follow_pagination(page.next_pages, request.depth)
        if again:
            return  # stored, with its links, when it was first visited
        self._pages += 1
        await self._context.write_page(page, dataclasses.replace(fetch, text=""))  # the text is not kept past extraction
        self._context.page_done()

    async def _scan_attachments(self, links: Iterable[Link], page_url: str) -> None:
        """The attachments a page links, read by the content scans that read attachments: each
        fetched once per site through the run's fetcher (its per-host gate and delay), at most
        `MAX_ATTACHMENTS_PER_SITE` of them, none past `MAX_ATTACHMENT_BYTES`."""
        checks = [check for check in sorted(self._context.content_checks) if check in ATTACHMENT_SCANNERS]
        if not checks:
            return
        for link in links:
            kind = attachment_kind(link.target)
            key = crawl_key(link.target)
            if kind is None or link.element != "a" or not self._scope.contains(link.target) or key in self._attachments:
                continue
            if len(self._attachments) >= MAX_ATTACHMENTS_PER_SITE:
                return
            self._attachments.add(key)
            _, body = await self._context.fetch_file(
                PageRequest(url=link.target, site_id=self.site.id), MAX_ATTACHMENT_BYTES)
            if body:
                self._page_findings.extend(scan_attachment(body, kind, link.target, page_url, self._as_of_date, checks))

    def _plain(self, request: PageRequest, key: str) -> bool:
        """An ordinary page: not the home page, nor a column's list page, nor an item a column
        lists, whose readings need its own text whatever address it moved to."""
        return request.url != self._home_url and request.column_id is None and key not in self._listed

    def _read_already(self, url: str) -> int | None:
        read = self._read.get(crawl_key(url))
        return read[0] if read is not None else None

    def _read_at_its_address(self, request: PageRequest, key: str, fetch: FetchResult) -> bool:
        """Whether a page that moved within the site (a CMS's old address, 301 to the new; a
        folder without its slash) is read at its new address, once, however the crawl met the
        two: it has been (or is being) read there, or its answer is handed to that address's
        visit. Its old address is then a page without content of its own (`_write_moved`), so
        what the crawl finds is the same whichever address came first (issue 20)."""
        final = fetch.final_url
        final_key = crawl_key(final)
        if final_key == key or not fetch.opened or not self._scope.contains(final) or is_asset(final):
            return False
        if final_key in self._visited:
            return True
        if final_key not in self._seen and self._traps.allows(final):
            self._enqueue(PageRequest(url=final, site_id=self.site.id, depth=request.depth), PAGE_PRIORITY)
        if final_key not in self._seen:
            return False  # over the page budget, or a trap: read here, as before
        self._answered[final_key] = dataclasses.replace(fetch, url=final, redirects=(), outcome=Outcome.OK)
        return True

    async def _write_moved(self, request: PageRequest, fetch: FetchResult) -> None:
        """A moved page's old address: stored, its link judged by the title read at its new
        address, its content read there alone (`_read_at_its_address`)."""
        self._traps.observe(request.url, fetch)
        read = self._read.get(crawl_key(fetch.final_url))
        title = read[1] if read is not None else extract_page(parse_page(fetch), request, as_of=self._as_of_date).title
        self._ledger.record_fetch(fetch, title)
        stub = dataclasses.replace(fetch, text="")
        page = extract_page(parse_page(stub), request, as_of=self._as_of_date)
        self._pages += 1
        await self._context.write_page(dataclasses.replace(page, title=title), stub)
        self._context.page_done()

    def _keep_answer_for_queued(self, fetch: FetchResult) -> None:
        """A moved page (a CMS's old address, 301 to the new) whose redirect ended at a page already
        queued: that page's visit reads this answer instead of asking again, so each distinct URL is
        requested once in the run (issue 20). Only an answer that opened normally is kept."""
        final = crawl_key(fetch.final_url)
        if fetch.outcome is Outcome.REDIRECTED and final in self._seen and final not in self._visited:
            self._answered[final] = dataclasses.replace(
                fetch, url=fetch.final_url, redirects=(), outcome=Outcome.OK)

    async def _fetch_home(self, request: PageRequest) -> FetchResult:
        """The home page, asked again over `home_retry_span` while it fails: a dead home page is a
        critical problem, so a web server restarting for a minute must not make one. The result
        carries every try in `attempts` and the whole time in `elapsed`."""
        started = time.monotonic()
        fetch = await self._fetch(request)
        attempts = fetch.attempts
        span = self.crawl.home_retry_span
        for retry in range(1, HOME_RETRIES + 1):
            if not fetch.failed or span <= 0:
                break
            await asyncio.sleep(max(0.0, started + span * retry / HOME_RETRIES - time.monotonic()))
            fetch = await self._fetch(request)
            attempts += fetch.attempts
        if attempts == fetch.attempts:
            return fetch
        log.warning("site %s: home page %s after %d tries over %.0f s", self.site.id,
                    "failed" if fetch.failed else "answered", attempts, time.monotonic() - started)
        return dataclasses.replace(fetch, attempts=attempts, elapsed=time.monotonic() - started)

    def _within_target_budget(self, links: tuple[Link, ...]) -> tuple[Link, ...]:
        """The links to targets the site linked before, and to new ones while its budget lasts."""
        kept = tuple(link for link in links if self._admit_target(link.target))
        if len(kept) < len(links):
            if not self._links_dropped:
                log.warning("site %s: over %d distinct link targets (a link farm?); further ones are not checked",
                            self.site.id, self._max_targets)
            self._links_dropped += len(links) - len(kept)
        return kept

    def _admit_target(self, target: str) -> bool:
        if target in self._targets:
            return True
        if len(self._targets) >= self._max_targets:
            return False
        self._targets.add(target)
        return True

    def _read_kind(self, request: PageRequest, parsed: ParsedPage, column: _ColumnState | None) -> None:
        """Documents, leaders, letters and guides: the column's own pages and the items it lists."""
        owner = column or self._item_columns.get(crawl_key(request.url))
        if owner is None:
            if parsed.fetch.outcome.answered:
                self._visited_unread.add(crawl_key(request.url))
            return
        if owner.config.kind not in READ_KINDS:
            return
        if column is not None and owner.config.kind == "documents":
            return  # a documents column's list pages list documents; they are not documents
        reading = read_column_page(parsed, owner.config.id, owner.config.kind, self._as_of_date)
        if reading is not None:
            self._readings.append(reading)

    def _follow_links(self, links: tuple[Link, ...], depth: int) -> None:
        if depth + 1 > self.crawl.max_depth:
            return
        for link in links:
            url = link.target
            if (
                (link.element, link.attribute) in PAGE_LINKS  # an image or a manifest is checked, not crawled
                and is_fetchable(url)
                and crawl_key(url) not in self._seen
                and self._scope.contains(url)
                and not is_asset(url)
                and self._traps.allows(url)
            ):
                self._enqueue(PageRequest(url=url, site_id=self.site.id, depth=depth + 1), PAGE_PRIORITY)

    def _follow_pagination(self, next_pages: tuple[str, ...], depth: int) -> None:
        """Older pages of any list, as ordinary pages: pagination does not count as depth."""
        for url in next_pages:
            url = normalise(url)
            if crawl_key(url) not in self._seen and self._scope.contains(url) and self._traps.allows(url):
                self._enqueue(PageRequest(url=url, site_id=self.site.id, depth=depth), PAGE_PRIORITY)

    def _read_column_page(self, column: _ColumnState, request: PageRequest, fetch: FetchResult, page: Page) -> None:
        if column.first is None:
            column.first = fetch
            column.scripted = scripts_write_content(fetch.text)
        column.pages += 1
        new_items = 0
        for item in page.items:
            if item.url not in column.items:
                new_items += 1
                column.items[item.url] = item
                self._listed.add(crawl_key(item.url))
            if column.config.kind in READ_KINDS:
                self._map_item(item.url, column, request.depth)
        first_page_empty = column.pages == 1 and not page.items  # a jpage unit that ships no records: its list starts at the data proxy
        if not (first_page_empty or self._reads_on(page.items, new_items, column.config.kind)):
            return
        for url in page.next_pages:
            url = normalise(url)
            key = crawl_key(url)
            if key in self._column_pages:
                continue
            if column.queued >= self.crawl.max_column_pages:
                if not column.capped:
                    column.capped = True
                    log.warning("site %s column %s: stopped at %d list pages ([crawl] max_column_pages)",
                                self.site.id, column.config.id, self.crawl.max_column_pages)
                return
            column.queued += 1
            self._column_pages.add(key)
            next_request = PageRequest(url=url, site_id=self.site.id, depth=request.depth, column_id=column.config.id)
            # a page the crawl reached first as an ordinary link (a pager's 尾页, a page number) is
            # asked again as the column's: its items are read only on a column page
            self._enqueue(next_request, COLUMN_PRIORITY, again=key in self._seen)

    def _map_item(self, url: str, column: _ColumnState, depth: int) -> None:
        key = crawl_key(url)
        if key in self._item_columns:
            return
        self._item_columns[key] = column
        if key in self._visited_unread and not self._columns_only:
            self._visited_unread.discard(key)
            self._late_reads.add(normalise(url))
            self._enqueue(PageRequest(url=normalise(url), site_id=self.site.id, depth=depth + 1), PAGE_PRIORITY, again=True)

    def _reads_on(self, items: tuple[ListItem, ...], new_items: int, kind: str) -> bool:
        """Whether to read the column's next list page.

        A full audit reads on while a page brings items not seen on the column's earlier
        pages: to the column's end, and no further round a pager that repeats itself. The
        cadence check reads on while the page's last dated item is inside the look-back
        window, judged by the last dated item, not the oldest: lists run newest first below
        their pinned items (置顶), and a pinned notice from last year at the top says
        nothing about how far back the page's own run reaches. An undated list has no
        window: all its pages are read.
        """
        if not self._columns_only:
            return new_items > 0
        if kind in FULL_HISTORY_KINDS:
            return bool(items)
        dates = [item.date for item in items if item.date is not None]
        if not dates:  # an undated list (leaders, guides) is read to its end: every entry is judged
            return bool(items)
        return dates[-1] > self._horizon


def _normalised(link: Link) -> Link:
    target = normalise(link.target) if is_fetchable(link.target) else link.target
    return link if target == link.target else dataclasses.replace(link, target=target)  # replace() costs
