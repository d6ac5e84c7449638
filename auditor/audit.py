"""One audit run, end to end: crawl every site, check the links, evaluate the rules, store.

    sites ─▶ SiteCrawler (fetch, extract) ─▶ pages to the store in batches
          ─▶ LinkLedger ─▶ check_targets ─▶ link results
          ─▶ SiteSnapshot per site ─▶ checks ─▶ findings ─▶ violations, scores

`run_audit` is the one entry point: the CLI, the scheduler and the tests call it alike.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .checks import evaluate
from .checks.coverage import unverified_checks
from .config import Config, SiteConfig
from .crawl.site import SiteCrawl, SiteCrawler
from .errors import RunError
from .fetch import Fetcher
from .links import (
    Classifier,
    Lexicon,
    LinkLedger,
    MissingPages,
    TargetPolicy,
    check_targets,
    load_lexicon,
)
from .links.check import check_stream
from .links.summary import UnverifiedLink, outcome_counts, unverified_links
from .links.titles import judge_link_texts
from .logs import event
from .models import (
    FetchResult,
    Finding,
    LinkOccurrence,
    LinkResult,
    Page,
    PageReading,
    Probe,
    Problem,
    Score,
    SiteCoverage,
    SiteSnapshot,
    UnverifiedCheck,
)
from .probe import probe_ok
from .progress import Progress, SilentProgress
from .rules import Ruleset
from .scoring import score_sites
from .store import RunRecord, Store
from .store.locks import HEARTBEAT_SECONDS, SitesBusy
from .urls import host_of, normalise

log = logging.getLogger(__name__)

PAGE_BATCH = 200  # pages per database write: few round trips, bounded memory
LINK_CHECK_CONCURRENCY = 64  # requests in flight across hosts; each host is still gated by the fetcher
DEFAULT_LOOKBACK_DAYS = 31.0
PROBE_HISTORY_DAYS = 31  # availability is judged over a rule's window (7 days nationally) inside this
LOCK_POLL_SECONDS = 5.0  # how often a run waiting for busy sites asks again


@dataclass(frozen=True)
class AuditResult:
    run: RunRecord
    violations: list[Problem]  # one per problem, listing the rules it breaks
    scores: list[Score]
    link_outcomes: dict[str, int] = field(default_factory=dict)  # distinct targets by outcome, and "reused"
    unverified: list[UnverifiedLink] = field(default_factory=list)  # reported apart, never counted as broken
    # places a check could not judge (a list its scripts load, an item page not read): never violations
    unverified_checks: list[UnverifiedCheck] = field(default_factory=list)
    coverage: list[SiteCoverage] = field(default_factory=list)  # what was read of each site, and what not


@dataclass(frozen=True)
class LinkSetup:
    """What every stage of a run judges links with, made once from the config."""

    policy: TargetPolicy
    lexicon: Lexicon


class _PageWriter:
    """Buffers pages and writes them in batches, so memory stays flat however big the estate."""

    def __init__(self, store: Store, run_id: int) -> None:
        self._store = store
        self._run_id = run_id
        self._buffer: list[tuple[Page, FetchResult]] = []
        self.pages = 0

    def __call__(self, page: Page, fetch: FetchResult) -> None:
        self._buffer.append((page, fetch))
        self.pages += 1
        if len(self._buffer) >= PAGE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._store.add_pages(self._run_id, self._buffer)
            self._buffer = []


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


async def run_audit(
    config: Config,
    rulesets: list[Ruleset],
    store: Store,
    *,
    as_of: datetime,
    site_ids: list[str] | None = None,
    progress: Progress | None = None,
    kind: str = "full",
    wait_seconds: float = 0.0,
) -> AuditResult:
    """Audit the sites (all, or `site_ids`) as one run. The run holds its sites' locks
    (SitesBusy after `wait_seconds`), and ends complete, failed or interrupted (cancelled)."""
    sites = [config.site(s) for s in site_ids] if site_ids else list(config.sites)
    ids = [site.id for site in sites]
    progress = progress or SilentProgress()
    link_setup = LinkSetup(TargetPolicy.from_config(config), load_lexicon(config.lexicon_path()))
    store.sync_sites(config)
    async with claimed_run(store, as_of, ids, kind, wait_seconds, progress) as run:
        # the run's `links` is its count of distinct targets, whatever the ending
        ledger = LinkLedger(Classifier(link_setup.lexicon, link_setup.policy.audited_hosts).crawled)
        run.count_links = lambda: ledger.target_count
        crawls = await _crawl_and_check(
            config, sites, store, run.id, run.writer, ledger, link_setup, as_of, lookback_days(rulesets), progress,
        )
        findings, unverified, unjudged = _judge(config, rulesets, store, run.id, sites, crawls, ledger, link_setup, as_of)
        scores = score_sites(rulesets, findings, ids, store.previous_scores(run.id))
        coverage = [crawl.coverage for crawl in crawls.values() if crawl.coverage is not None]
        violations = run.complete([ruleset.id for ruleset in rulesets], findings, scores, unverified=unjudged,
                                  coverage=coverage)
    return AuditResult(
        run=run.record(), violations=violations, scores=scores,
        link_outcomes=outcome_counts(ledger.results()), unverified=unverified, unverified_checks=unjudged,
        coverage=coverage,
    )


class ClaimedRun:
    """A running run: its id, its page writer, and how it completes."""

    def __init__(self, store: Store, run_id: int, as_of: datetime, site_ids: list[str]) -> None:
        self.id = run_id
        self.writer = _PageWriter(store, run_id)
        self.count_links: Callable[[], int] = lambda: 0
        self._store = store
        self._as_of = as_of
        self._site_ids = site_ids

    def complete(
        self, ruleset_ids: list[str], findings: list[Finding], scores: list[Score],
        rules: list[tuple[str, str]] | None = None, unverified: list[UnverifiedCheck] | None = None,
        coverage: list[SiteCoverage] | None = None,
    ) -> list[Problem]:
        self.writer.flush()
        return self._store.complete_run(
            self.id, self._as_of, self._site_ids, ruleset_ids, findings, scores,
            pages=self.writer.pages, links=self.count_links(), rules=rules, unverified=unverified, coverage=coverage,
        )

    def finish(self, status: str) -> None:
        self.writer.flush()
        self._store.finish_run(self.id, status, sites=len(self._site_ids), pages=self.writer.pages, links=self.count_links())

    def record(self) -> RunRecord:
        run = self._store.run(self.id)
        assert run is not None
        return run


@asynccontextmanager
async def claimed_run(
    store: Store, as_of: datetime, site_ids: list[str], kind: str, wait_seconds: float, progress: Progress,
) -> AsyncIterator[ClaimedRun]:
    """Start a run holding its sites (waiting up to `wait_seconds` for them), keep its locks
    alive, and record its ending: cancelled → interrupted (after the pending pages are
    written), an error → failed. The body calls `complete` itself."""
    run_id = await _begin_when_free(store, as_of, site_ids, kind, wait_seconds)
    run = ClaimedRun(store, run_id, as_of, site_ids)
    event(log, "run.start", f"审计开始 run {run_id}", run=run_id, kind=kind, sites=len(site_ids))
    beating = asyncio.create_task(_keep_locks(store, run_id))
    try:
        yield run
    except asyncio.CancelledError:
        run.finish("interrupted")
        event(log, "run.interrupted", f"审计中断 run {run_id}", level=logging.WARNING, run=run_id, pages=run.writer.pages)
        raise
    except Exception as exc:
        log.exception("run %s failed", run_id)
        run.finish("failed")
        raise RunError(f"审计未能完成 (run {run_id} failed): {exc}") from exc
    finally:
        beating.cancel()
        progress.finish()
    event(log, "run.finish", f"审计完成 run {run_id}", run=run_id, kind=kind, pages=run.writer.pages, links=run.count_links())


async def _begin_when_free(store: Store, as_of: datetime, site_ids: list[str], kind: str, wait_seconds: float) -> int:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return store.begin_run(as_of, site_ids, kind)
        except SitesBusy as busy:
            if time.monotonic() >= deadline:
                raise
            event(log, "run.waiting", str(busy), sites=[lock.site_id for lock in busy.locks])
            await asyncio.sleep(min(LOCK_POLL_SECONDS, max(deadline - time.monotonic(), 0.1)))


async def _keep_locks(store: Store, run_id: int) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        if store.heartbeat(run_id) == 0:
            log.error("run %s: its site locks were taken over as stale; its results will not be saved", run_id)
            return


async def _crawl_and_check(
    config: Config,
    sites: list[SiteConfig],
    store: Store,
    run_id: int,
    writer: _PageWriter,
    ledger: LinkLedger,
    link_setup: LinkSetup,
    as_of: datetime,
    lookback: float,
    progress: Progress,
) -> dict[str, SiteCrawl]:
    progress.start(len(sites))
    policy = link_setup.policy
    since = _reuse_since(config)
    async with Fetcher(config.crawl) as fetcher:
        missing = MissingPages(fetcher.fetch, policy.audited_hosts)
        classifier = Classifier(link_setup.lexicon, policy.audited_hosts, missing)

        async def crawl(site: SiteConfig) -> SiteCrawl:
            crawler = SiteCrawler(
                site, config.crawl, fetch=fetcher.fetch, sink=writer, ledger=ledger,
                as_of=as_of, lookback_days=lookback, on_page=progress.page,
            )
            result = await crawler.run()
            progress.site_done(site.id, result.pages)
            event(log, "site.done", f"网站抓取完成 {site.id}", level=logging.WARNING if result.timed_out else logging.INFO,
                  run=run_id, site=site.id, pages=result.pages, timed_out=result.timed_out)
            return result

        # Targets on hosts outside the audited sites are never crawled: they are checked
        # while the crawl goes on, each host behind its own gate, instead of after it.
        outside: asyncio.Queue[str | None] = asyncio.Queue()
        ledger.on_new_target = lambda url: outside.put_nowait(url) if host_of(url) not in policy.audited_hosts else None
        outside_checks = asyncio.create_task(check_stream(
            outside, fetcher.fetch, policy, classifier.checked, concurrency=LINK_CHECK_CONCURRENCY,
            on_result=ledger.record, skip=_recent_result_finder(store, since),
        ))
        try:
            crawls = await asyncio.gather(*(crawl(site) for site in sites))
            ledger.on_new_target = None
            outside.put_nowait(None)
            writer.flush()
            await outside_checks
        finally:
            outside_checks.cancel()
        if since is not None:  # ok verdicts of earlier runs on the sites' own targets, in one query
            for result in store.recent_fine_link_results(ledger.unchecked(), since):
                ledger.record(result)
        unchecked = ledger.unchecked()
        progress.links_start(len(unchecked))

        def record(result):
            ledger.record(result)
            progress.link()

        await check_targets(
            unchecked, fetcher.fetch, policy, classifier.checked,
            concurrency=LINK_CHECK_CONCURRENCY, on_result=record,
        )
    results = ledger.results()
    for start in range(0, len(results), 2000):
        store.add_link_results(run_id, results[start:start + 2000])
    return {crawl.site_id: crawl for crawl in crawls}


def _reuse_since(config: Config) -> datetime | None:
    """Ok verdicts checked after this moment by an earlier run are reused (`[links] reuse_within`);
    failures, timeouts and wrong links are always asked again: they may have been fixed."""
    days = config.links.reuse_within_days
    return datetime.now(UTC) - timedelta(days=days) if days > 0 else None


def _recent_result_finder(store: Store, since: datetime | None) -> Callable[[str], LinkResult | None]:
    """For one target at a time: an earlier run's ok verdict checked after `since`, or None."""

    def recent(url: str) -> LinkResult | None:
        found = store.recent_fine_link_results([url], since) if since is not None else []
        return found[0] if found else None

    return recent


def _site_links(store: Store, run_id: int, site: SiteConfig, link_setup: LinkSetup) -> list[LinkOccurrence]:
    """The site's failed or judged links, and its link columns' links with their titles compared."""
    link_columns = frozenset(column.id for column in site.columns if column.kind == "links")
    occurrences = store.problem_link_occurrences(run_id, site.id, normalise(site.url), link_columns)
    return judge_link_texts(occurrences, link_columns, link_setup.lexicon, link_setup.policy.audited_hosts)


def _resources(readings: list[PageReading], ledger: LinkLedger) -> dict[str, LinkResult]:
    """The verdicts on leader photos and service forms, keyed as the extractors wrote the URLs."""
    urls = [leader.photo for reading in readings for leader in reading.leaders if leader.photo]
    urls += [form for reading in readings if reading.service for form in reading.service.forms]
    found = {url: ledger.result(normalise(url)) for url in urls}
    return {url: result for url, result in found.items() if result is not None}


def _probes(store: Store, site_id: str, as_of: datetime) -> tuple[Probe, ...]:
    """The availability probes of the last PROBE_HISTORY_DAYS before the audit time."""
    records = store.probes(site_id, as_of - timedelta(days=PROBE_HISTORY_DAYS))
    return tuple(
        Probe(at=r.at, ok=probe_ok(r.outcome, r.status), status=r.status, seconds=r.seconds, error=r.error)
        for r in records if r.at <= as_of
    )


def _judge(
    config: Config,
    rulesets: list[Ruleset],
    store: Store,
    run_id: int,
    sites: list[SiteConfig],
    crawls: dict[str, SiteCrawl],
    ledger: LinkLedger,
    link_setup: LinkSetup,
    as_of: datetime,
) -> tuple[list[Finding], list[UnverifiedLink], list[UnverifiedCheck]]:
    findings = []
    unverified: list[UnverifiedLink] = []
    unjudged: list[UnverifiedCheck] = []
    for site in sites:
        crawl = crawls[site.id]
        snapshot = SiteSnapshot(
            site_id=site.id, site_kind=site.kind, name=site.name, url=site.url, unit=site.unit,
            as_of=as_of, home=crawl.home, columns=tuple(crawl.columns),
            links=tuple(_site_links(store, run_id, site, link_setup)),
            pages=crawl.pages,
            readings=tuple(crawl.readings),
            identity=crawl.identity,
            resources=_resources(crawl.readings, ledger),
            probes=_probes(store, site.id, as_of),
            extra_workdays=tuple(config.calendar.extra_workdays),
            extra_holidays=tuple(config.calendar.extra_holidays),
        )
        findings.extend(evaluate(rulesets, snapshot))
        unverified.extend(unverified_links(site.id, snapshot.links))
        unjudged.extend(unverified_checks(rulesets, snapshot))
    return findings, unverified, unjudged
