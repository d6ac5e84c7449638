"""The walk: a site's home page, its column links, a bounded number of its pages.

    home page ─▶ column links (menus, nav bars, block headings, script menus)
       │
       ├─▶ each linked page, in page order: a list (dated or not) or a named kind → a column;
       │   a 信息公开 section, catalogue or guide page (政府信息公开目录, 法定主动公开内容,
       │   政府信息公开指南) → its own column links join the queue (two levels at most)
       └─▶ one item page of each column (as the budget allows): the kind's evidence

Every request goes through the `Fetcher` (robots.txt, per-host delay and concurrency, retries),
`max_pages` requests at most, the home page included.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from ..config import CrawlConfig
from ..errors import UsageError
from ..extract import ParsedPage, extract_links, parse_page
from ..fetch import Fetcher
from ..models import FetchResult, Outcome, PageRequest, describe_reason
from ..urls import crawl_key, host_of, is_fetchable, normalise
from .naming import (
    STRONG,
    column_id,
    is_catalogue_name,
    kind_from_name,
    site_id_from_url,
    site_kind_from_name,
    site_name_from_title,
)
from .navigation import NavLink, column_links
from .shape import UNCERTAIN, ItemShape, ListShape, item_shape, judge, list_shape

DEFAULT_MAX_PAGES = 40
MAX_DEPTH = 2  # home page links, and the links of the catalogue pages they lead to
HOME_ATTEMPTS, HOME_RETRY_SECONDS = 3, 1.0
MIN_LIST_ITEMS = 2  # a page without a kind's name lists at least this many items to be a column


@dataclass(frozen=True, slots=True)
class ColumnProposal:
    id: str
    name: str
    url: str
    kind: str
    confidence: float
    evidence: tuple[str, ...]
    status: int | None = None
    items: int = 0
    dated: int = 0

    @property
    def uncertain(self) -> bool:
        return self.confidence < UNCERTAIN


@dataclass(frozen=True, slots=True)
class SiteProposal:
    url: str
    id: str
    name: str
    kind: str
    columns: tuple[ColumnProposal, ...]
    pages_read: int
    # every column link seen on the pages read (crawl keys), with what its page answered
    linked: dict[str, int | None] = field(default_factory=dict)
    unread: tuple[str, ...] = ()  # column links left unread when the budget ran out


@dataclass
class _Seen:
    link: NavLink
    depth: int
    fetch: FetchResult
    parsed: ParsedPage | None
    shape: ListShape
    item: ItemShape | None = None


def discover(url: str, *, crawl: CrawlConfig | None = None, max_pages: int = DEFAULT_MAX_PAGES, as_of: date | None = None,
             site_id: str | None = None, name: str | None = None, kind: str | None = None) -> SiteProposal:
    """The columns proposed for the site at `url` (its home page)."""
    return asyncio.run(discover_site(url, crawl=crawl, max_pages=max_pages, as_of=as_of, site_id=site_id,
                                     name=name, kind=kind))


async def discover_site(url: str, *, crawl: CrawlConfig | None = None, max_pages: int = DEFAULT_MAX_PAGES,
                        as_of: date | None = None, site_id: str | None = None, name: str | None = None,
                        kind: str | None = None, extra_hosts: frozenset[str] = frozenset()) -> SiteProposal:
    crawl = crawl or CrawlConfig()
    async with Fetcher(crawl) as fetcher:
        walk = _Walk(fetcher, url, crawl, max(1, max_pages), as_of or date.today(), extra_hosts)
        return await walk.run(site_id, name, kind)


class _Walk:
    def __init__(self, fetcher: Fetcher, url: str, crawl: CrawlConfig, max_pages: int, as_of: date,
                 extra_hosts: frozenset[str]) -> None:
        self.fetcher, self.url, self.as_of, self.max_pages = fetcher, normalise(url), as_of, max_pages
        self.batch = max(1, crawl.per_host_concurrency * 2)
        self.pages = 0
        self.hosts = frozenset({host_of(url), *extra_hosts})
        self.linked: dict[str, int | None] = {}

    async def fetch(self, url: str) -> FetchResult:
        self.pages += 1
        # the operator named this site: its pages are trusted like a configured site's
        return await self.fetcher.fetch(PageRequest(url=url, site_id="discover", trusted=True))

    async def run(self, site_id: str | None, name: str | None, kind: str | None) -> SiteProposal:
        home = await self._home()
        if not home.outcome.answered or not home.text or (home.status or 200) >= 400:
            why = describe_reason(home.error, home.status) if home.error else "不是网页，或内容为空"
            raise UsageError(f"无法读取首页 {self.url}: {home.outcome.label}（{why}）")
        page = parse_page(home)
        self.hosts |= {host_of(page.url)}
        home_offsite = frozenset(crawl_key(link.target) for link in extract_links(page.tree, page.url)
                                 if is_fetchable(link.target) and host_of(link.target) not in self.hosts)
        seen_keys = {crawl_key(self.url), crawl_key(page.url)}
        queue = [(link, 1) for link in self._links(page, seen_keys)]
        read: list[_Seen] = []
        while queue and self.pages < self.max_pages:
            take = min(len(queue), self.batch, self.max_pages - self.pages)
            batch, queue = queue[:take], queue[take:]
            fetched = await asyncio.gather(*(self.fetch(link.url) for link, _ in batch))
            for (link, depth), result in zip(batch, fetched, strict=True):
                seen = self._look(link, depth, result, home_offsite)
                if seen is None:
                    continue
                if self._is_catalogue(seen):
                    if seen.parsed is not None and depth < MAX_DEPTH:
                        queue += [(sub, depth + 1) for sub in self._links(seen.parsed, seen_keys)]
                    continue
                if self._is_column(seen):
                    read.append(seen)
        await self._look_at_items(read)
        taken: set[str] = set()
        columns = []
        for seen in read:
            verdict = judge(seen.link.name, seen.link.url, seen.shape, seen.item)
            columns.append(ColumnProposal(
                id=column_id(seen.link.url, verdict.kind, taken), name=seen.link.name, url=normalise(seen.link.url),
                kind=verdict.kind, confidence=verdict.confidence, evidence=verdict.evidence,
                status=seen.shape.status, items=seen.shape.items, dated=seen.shape.dated,
            ))
        metas = {m.get("name", "").lower(): m.get("content", "") for m in page.tree.iter("meta") if m.get("name")}
        site_name = name or site_name_from_title(_raw_title(page), metas.get("sitename", ""))
        return SiteProposal(
            url=self.url, id=site_id or site_id_from_url(self.url), name=site_name,
            kind=kind or site_kind_from_name(site_name), columns=tuple(columns), pages_read=self.pages,
            linked=dict(self.linked), unread=tuple(link.url for link, _ in queue),
        )

    async def _home(self) -> FetchResult:
        """The home page, asked again a few times when it fails: a web server's restart is no answer."""
        for attempt in range(HOME_ATTEMPTS):
            home = await self.fetch(self.url)
            if home.outcome.answered and home.text and (home.status or 200) < 400 or attempt + 1 == HOME_ATTEMPTS:
                return home
            await asyncio.sleep(HOME_RETRY_SECONDS * (attempt + 1))
        raise AssertionError("unreachable")

    def _links(self, page: ParsedPage, seen_keys: set[str]) -> list[NavLink]:
        fresh = []
        for link in column_links(page.tree, page.url, self.hosts, self.as_of):
            key = crawl_key(link.url)
            self.linked.setdefault(key, None)
            if key not in seen_keys:
                seen_keys.add(key)
                fresh.append(link)
        return fresh

    def _look(self, link: NavLink, depth: int, result: FetchResult, home_offsite: frozenset[str]) -> _Seen | None:
        if result.outcome in (Outcome.ROBOTS, Outcome.EXCLUDED):
            return None  # not ours to read (robots.txt), or not a page we may ask for
        self.linked[crawl_key(link.url)] = result.status
        parsed = parse_page(result) if result.outcome.answered and result.text else None
        if parsed is not None and host_of(parsed.url) not in self.hosts:
            return None  # redirected off the site
        shape = list_shape(result, parsed, self.hosts, home_offsite, self.as_of)
        return _Seen(link, depth, result, parsed, shape)

    @staticmethod
    def _is_catalogue(seen: _Seen) -> bool:
        """A 信息公开 section, catalogue or guide page: its links are the columns."""
        named = kind_from_name(seen.link.name)
        if named is not None and named.confidence >= STRONG:
            return False
        return is_catalogue_name(seen.link.name) or (seen.shape.opened and seen.parsed is not None
                                                     and seen.parsed.title != "" and is_catalogue_name(seen.parsed.title))

    @staticmethod
    def _is_column(seen: _Seen) -> bool:
        if kind_from_name(seen.link.name) is not None:
            return True
        return seen.shape.items >= MIN_LIST_ITEMS or seen.shape.offsite >= MIN_LIST_ITEMS + 1

    async def _look_at_items(self, read: list[_Seen]) -> None:
        """One item page per column, while the budget lasts: the kind's evidence."""
        todo = [seen for seen in read if seen.shape.sample]
        while todo and self.pages < self.max_pages:
            take = min(len(todo), self.batch, self.max_pages - self.pages)
            batch, todo = todo[:take], todo[take:]
            fetched = await asyncio.gather(*(self.fetch(seen.shape.sample or "") for seen in batch))
            for seen, result in zip(batch, fetched, strict=True):
                if result.outcome.answered and result.text:
                    seen.item = item_shape(parse_page(result), self.as_of)


def _raw_title(page: ParsedPage) -> str:
    return next(("".join(node.itertext()).strip() for node in page.tree.iter("title")), "") or page.title
