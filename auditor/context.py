"""What one run is about (`AuditScope`) and what it works with (`RunContext`).

The half-monthly audit and the daily cadence check are one pipeline with two scopes:
the audit reads every page of the chosen sites and judges every rule; the cadence
check reads only the list pages of the columns a `column.cadence` rule judges, back
to the rules' window, and judges those rules alone. `AuditScope` is the one place
that difference is written.

`RunContext` is the run's shared state, made once and passed down: the config, the
clock, the store's thread, the fetcher, the link ledger, the page writer, the
progress display and the verdicts reused from earlier runs. The crawler sees it
through the `CrawlContext` protocol of `crawl.site`, so the crawl stage does not
depend on this module.

Its `fetch` is where re-audits save bytes (`[crawl] conditional_requests`): a crawl page
whose text the store's page cache holds is asked for with the ETag / Last-Modified that
text came with, and a 304 is read from the cache as the 200 it confirms, so the crawl
reads the same text either way. A page that comes back whole with validators is cached
for the next run. Link checks, probes and attachments never go this way.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .config import Config, CrawlConfig, SiteConfig
from .fetch import Fetcher, ReadAlready
from .fetch.content import media_type
from .links import Lexicon, LinkLedger, TargetPolicy
from .models import FetchResult, LinkResult, Page, PageRequest, RunKind
from .progress import Progress
from .rules import Ruleset
from .store.page_cache import CachedPage, Validators
from .store.sqltypes import clean_url
from .store.worker import PageWriter, StoreThread
from .urls import host_of, is_asset

DEFAULT_LOOKBACK_DAYS = 31.0
CADENCE_CHECK = "column.cadence"
CACHED_TYPES = frozenset({"text/html", "application/xhtml+xml"})  # pages: what the crawl reads again and again


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Clock:
    """The moment audited (dates on pages are judged against it) and the wall clock (how old
    an earlier run's verdict is). A test or a replay sets `as_of` in the past."""

    as_of: datetime
    now: Callable[[], datetime] = utc_now


@dataclass(frozen=True)
class LinkSetup:
    """What every stage of a run judges links with, made once from the config."""

    policy: TargetPolicy
    lexicon: Lexicon


@dataclass(frozen=True)
class AuditScope:
    """The sites, columns and rules one run covers, and how deep it reads."""

    kind: RunKind  # as stored on the run
    sites: tuple[SiteConfig, ...]
    rulesets: tuple[Ruleset, ...]
    columns_only: bool = False  # list pages and their pagination only: no links, readings or scores
    lookback_days: float = DEFAULT_LOOKBACK_DAYS
    # the (ruleset, rule) pairs judged, when narrower than the rulesets: a problem of another
    # rule is neither found nor resolved by this run
    judged_rules: tuple[tuple[str, str], ...] | None = None

    @property
    def site_ids(self) -> list[str]:
        return [site.id for site in self.sites]

    @property
    def ruleset_ids(self) -> list[str]:
        return [ruleset.id for ruleset in self.rulesets]

    @property
    def checks_links(self) -> bool:
        return not self.columns_only

    @property
    def content_checks(self) -> frozenset[str]:
        """The checks whose page scans the crawl runs (`extract.scan`): those the rules in scope use."""
        if self.columns_only:
            return frozenset()
        return frozenset(rule.check for ruleset in self.rulesets for rule in ruleset.rules)

    @classmethod
    def audit(cls, config: Config, rulesets: list[Ruleset], site_ids: list[str] | None, kind: RunKind) -> AuditScope:
        """Everything on the sites (all, or `site_ids`), by every rule."""
        return cls(kind=kind, sites=tuple(_chosen(config, site_ids)), rulesets=tuple(rulesets),
                   lookback_days=lookback_days(rulesets))

    @classmethod
    def cadence(cls, config: Config, rulesets: list[Ruleset], site_ids: list[str] | None) -> AuditScope:
        """The daily cadence check: the cadence rules, and the columns they judge."""
        narrowed = cadence_rulesets(rulesets)
        return cls(
            kind=RunKind.CADENCE, sites=tuple(cadence_sites(_chosen(config, site_ids), narrowed)),
            rulesets=tuple(narrowed), columns_only=True, lookback_days=lookback_days(narrowed),
            judged_rules=tuple((ruleset.id, rule.id) for ruleset in narrowed for rule in ruleset.rules),
        )


def _chosen(config: Config, site_ids: list[str] | None) -> list[SiteConfig]:
    return [config.site(s) for s in site_ids] if site_ids else list(config.sites)


def lookback_days(rulesets: list[Ruleset]) -> float:
    """How far back column pagination must reach: the longest cadence window plus its interval."""
    longest = 0.0
    for ruleset in rulesets:
        for rule in ruleset.rules:
            window = getattr(rule.params, "window_days", None)
            interval = getattr(rule.params, "max_interval_days", None)
            if window is not None:
                longest = max(longest, window + (interval or 0.0))
    return longest + 1.0 if longest else DEFAULT_LOOKBACK_DAYS


def cadence_rulesets(rulesets: list[Ruleset]) -> list[Ruleset]:
    """Each ruleset with only its cadence rules; rulesets without any are left out."""
    narrowed = [
        dataclasses.replace(ruleset, rules=tuple(rule for rule in ruleset.rules if rule.check == CADENCE_CHECK))
        for ruleset in rulesets
    ]
    return [ruleset for ruleset in narrowed if ruleset.rules]


def cadence_sites(sites: list[SiteConfig], rulesets: list[Ruleset]) -> list[SiteConfig]:
    """Each site with only the columns some cadence rule judges; sites with none are left out."""
    rules = [rule for ruleset in rulesets for rule in ruleset.rules]
    narrowed = []
    for site in sites:
        site_rules = [rule for rule in rules if rule.applies_to.selects_site(site.id, site.kind)]
        columns = [c for c in site.columns if any(rule.applies_to.selects_column(c.kind) for rule in site_rules)]
        if columns:
            narrowed.append(site.model_copy(update={"columns": columns}))
    return narrowed


@dataclass
class RunContext:
    """One run's shared state; it is also the crawler's `CrawlContext`."""

    config: Config
    scope: AuditScope
    clock: Clock
    store: StoreThread
    run_id: int
    pages: PageWriter
    ledger: LinkLedger
    progress: Progress
    links: LinkSetup | None = None  # None when the scope checks no link
    fetcher: Fetcher | None = None  # open while the run crawls and checks links
    reusable: dict[str, LinkResult] = field(default_factory=dict)  # earlier runs' ok verdicts, by URL
    # outside targets, checked while the crawl goes on; None once the crawl has ended
    outside: asyncio.Queue[str | None] | None = None
    # per site, the validators of its cached pages, loaded on the site's first page request
    _cached: dict[str, asyncio.Task[dict[str, Validators]]] = field(default_factory=dict, init=False, repr=False)

    # -- what the crawler asks of its run (crawl.site.CrawlContext) --

    @property
    def crawl_config(self) -> CrawlConfig:
        return self.config.crawl

    @property
    def as_of(self) -> datetime:
        return self.clock.as_of

    @property
    def lookback_days(self) -> float:
        return self.scope.lookback_days

    @property
    def columns_only(self) -> bool:
        return self.scope.columns_only

    @property
    def content_checks(self) -> frozenset[str]:
        return self.scope.content_checks

    async def fetch(self, request: PageRequest, read_already: ReadAlready | None = None) -> FetchResult:
        """A crawl page: conditional when its text is cached (see the module doc). `read_already`:
        a redirect to a page the crawl has read ends there (`Fetcher.fetch`)."""
        assert self.fetcher is not None, "the run's fetcher is opened before the crawl"
        if not self._conditional(request):
            return await self.fetcher.fetch(request, read_already)
        sent = (await self._cached_validators(request.site_id)).get(request.url)
        if sent is not None:
            etag, last_modified = sent
            result = await self.fetcher.fetch(
                dataclasses.replace(request, etag=etag, last_modified=last_modified), read_already)
            if not result.not_modified:
                await self._keep(request, result)
                return result
            cached = await self.store.call(self.store.store.cached_page, request.url, sent)
            if cached is not None and cached.final_url == result.final_url:
                return _confirmed(result, cached)
            # the text went (a cleared cache, a newer version stored meanwhile) or the 304 came
            # from elsewhere than before: ask for the page itself
        result = await self.fetcher.fetch(request, read_already)
        await self._keep(request, result)
        return result

    async def fetch_file(self, request: PageRequest, max_bytes: int) -> tuple[FetchResult, bytes]:
        assert self.fetcher is not None, "the run's fetcher is opened before the crawl"
        return await self.fetcher.fetch_file(request, max_bytes)

    async def write_page(self, page: Page, fetch: FetchResult) -> None:
        await self.pages.write(page, fetch)

    def page_done(self) -> None:
        self.progress.page()

    # -- the page cache behind `fetch` --

    def _conditional(self, request: PageRequest) -> bool:
        """A crawl page's GET, made without validators of its own. A link check's peek never
        comes here, and neither does an attachment (`fetch_file`)."""
        return (
            self.config.crawl.conditional_requests and request.method == "GET" and not request.peek
            and request.etag is None and request.last_modified is None
        )

    async def _cached_validators(self, site_id: str) -> dict[str, Validators]:
        """The site's cached validators, read once through the store's thread. Shielded: a worker
        cancelled at the site's time limit must not cancel the read the others wait for."""
        loading = self._cached.get(site_id)
        if loading is None:
            loading = asyncio.ensure_future(self.store.call(self.store.store.page_cache_validators, site_id))
            self._cached[site_id] = loading
        return await asyncio.shield(loading)

    async def _keep(self, request: PageRequest, result: FetchResult) -> None:
        """Cache a page that came whole with validators, for the next run's conditional request."""
        if _cacheable(result, self.config.crawl.max_response_bytes):
            await self.pages.cache(CachedPage(
                url=request.url, site_id=request.site_id, etag=result.etag, last_modified=result.last_modified,
                final_url=result.final_url, content_type=result.content_type, encoding=result.encoding,
                content_hash=result.content_hash, size=result.size, text=result.text,
                fetched_at=result.fetched_at or self.clock.now(),
            ))

    def add_targets(self, urls: Iterable[str]) -> None:
        self.new_targets(urls)

    def new_targets(self, urls: Iterable[str]) -> int:
        """Record a page's link targets; how many the run met for the first time. One met for the
        first time that the crawl will never fetch (on a host outside the audited sites, or a file
        on theirs) is checked at once, behind its host's gate, instead of after the crawl: the gate
        of a site's own host then has a file to ask whenever the crawl has no page ready (a page
        parsed, a retry's backoff), and the run ends when that host's last request does (issue 20)."""
        new = self.ledger.add_targets(urls)
        for url in new:
            if self.outside is not None and self.links is not None and (
                    host_of(url) not in self.links.policy.audited_hosts or is_asset(url)):
                self.outside.put_nowait(url)
        return len(new)

    # -- links --

    def reused(self, url: str) -> LinkResult | None:
        """An earlier run's ok verdict on `url` still inside `[links] reuse_within`, or None."""
        return self.reusable.get(clean_url(url))

    def reuse_since(self) -> datetime | None:
        """Ok verdicts checked after this moment by an earlier run are reused (`[links] reuse_within`);
        failures, timeouts and wrong links are always asked again: they may have been fixed."""
        days = self.config.links.reuse_within_days
        return self.clock.now() - timedelta(days=days) if days > 0 else None


class SiteRun:
    """One site's crawl within its run: the run's context as the crawler's `CrawlContext`, counting
    the link targets this site brought to the run first. With the run's one ledger those counts
    add up, over the sites, to the run's distinct targets: the finish reads the run's figure
    from the site judgements alone."""

    def __init__(self, run: RunContext) -> None:
        self._run = run
        self.targets = 0
        # the run's own methods, not wrappers: a fetch is awaited once, as the crawler would await the run's
        self.fetch = run.fetch
        self.fetch_file = run.fetch_file
        self.write_page = run.write_page
        self.page_done = run.page_done

    @property
    def crawl_config(self) -> CrawlConfig:
        return self._run.crawl_config

    @property
    def ledger(self) -> LinkLedger:
        return self._run.ledger

    @property
    def as_of(self) -> datetime:
        return self._run.as_of

    @property
    def lookback_days(self) -> float:
        return self._run.lookback_days

    @property
    def columns_only(self) -> bool:
        return self._run.columns_only

    @property
    def content_checks(self) -> frozenset[str]:
        return self._run.content_checks

    def add_targets(self, urls: Iterable[str]) -> None:
        self.targets += self._run.new_targets(urls)


def _cacheable(result: FetchResult, max_bytes: int) -> bool:
    """A whole HTML page answered 200 with an ETag or a Last-Modified, within the size cap."""
    return (
        result.status == 200 and result.opened and not result.not_modified and bool(result.text)
        and bool(result.etag or result.last_modified)
        and media_type(result.content_type) in CACHED_TYPES and result.size <= max_bytes
    )


def _confirmed(result: FetchResult, cached: CachedPage) -> FetchResult:
    """A 304 read as the 200 it confirms: the cached text and what was known of its body.
    `not_modified` stays set, so what was saved can be counted."""
    return dataclasses.replace(
        result, status=200, content_type=cached.content_type, encoding=cached.encoding, text=cached.text,
        size=cached.size, content_hash=cached.content_hash,
    )
