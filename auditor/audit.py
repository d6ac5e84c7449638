"""One run, end to end: crawl the sites in scope, check the links, evaluate the rules, store.

    sites ─▶ SiteCrawler (fetch, extract) ─▶ pages to the store's thread in batches
          ─▶ LinkLedger ─▶ check_targets ─▶ link results
          ─▶ SiteSnapshot per site ─▶ checks ─▶ findings ─▶ violations, scores

`run_audit` (every rule, every page) and `cadence.run_cadence_check` (the cadence
rules, list pages only) are the entry points: the CLI, the scheduler and the tests
call them alike. Both are `run_scope` with an `AuditScope`; the run's shared state is
one `RunContext`. The database is only ever touched from the run's store thread, so a
slow write never stalls the fetches in flight on the event loop.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .checks import evaluate
from .checks.coverage import unverified_checks
from .config import Config, SiteConfig
from .context import AuditScope, Clock, LinkSetup, RunContext
from .crawl.site import SiteCrawl, SiteCrawler
from .errors import RunError
from .fetch import Fetcher
from .fetch.tls import probe_https
from .links import Classifier, LinkLedger, MissingPages, TargetPolicy, check_targets, load_lexicon
from .links.check import check_stream
from .links.summary import UnverifiedLink, outcome_counts, unverified_links
from .links.titles import judge_link_texts
from .logs import event
from .models import (
    Finding,
    LinkOccurrence,
    LinkResult,
    PageReading,
    Probe,
    Problem,
    RunKind,
    RunStatus,
    Score,
    SiteCoverage,
    SiteSnapshot,
    UnverifiedCheck,
)
from .probe import probe_ok
from .progress import Progress, SilentProgress
from .rules import Ruleset
from .scoring import SiteFacts, score_sites, site_facts
from .store import RunRecord, Store
from .store.locks import HEARTBEAT_SECONDS, SitesBusy
from .store.worker import PageWriter, StoreThread
from .urls import normalise

log = logging.getLogger(__name__)

LINK_CHECK_CONCURRENCY = 64  # requests in flight across hosts; each host is still gated by the fetcher
LINK_RESULT_BATCH = 2000  # link verdicts per database write
HTTPS_CHECK = "site.https"  # its rules need the site probed over TLS after the crawl (fetch.tls)
PROBE_HISTORY_DAYS = 31  # availability is judged over a rule's window (7 days nationally) inside this
LOCK_POLL_SECONDS = 5.0  # how often a run waiting for busy sites asks again
# A run keeps hundreds of thousands of small objects to its end (the ledger's verdicts, the sites'
# queues and column items) and makes almost no cyclic garbage: at CPython's default (a young
# collection every 700 allocations, a full one every 100 of those) a scale-20 demo audit made 75
# full collections that found 1,867 objects between them, 16 s of its 106 s of CPU, each one
# longer the more the run held, so the time per page grew with the pages (benchmarks/scale.py).
RUN_GC_THRESHOLD = 20_000  # allocations between young collections while a run is under way


class CollectorPace:
    """The collector's first threshold raised to RUN_GC_THRESHOLD while any run of the process is
    under way, and put back when the last one ends (the daemon may run a cadence check beside an audit)."""

    def __init__(self) -> None:
        self._runs = 0
        self._saved = gc.get_threshold()

    @contextmanager
    def paced(self) -> Iterator[None]:
        if self._runs == 0:
            self._saved = gc.get_threshold()
            first, *older = self._saved
            gc.set_threshold(max(first, RUN_GC_THRESHOLD), *older)
        self._runs += 1
        try:
            yield
        finally:
            self._runs -= 1
            if self._runs == 0:
                gc.set_threshold(*self._saved)


COLLECTOR = CollectorPace()


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
class _Judgement:
    findings: list[Finding]
    scores: list[Score]
    unverified: list[UnverifiedLink]
    unjudged: list[UnverifiedCheck]


async def run_audit(
    config: Config,
    rulesets: list[Ruleset],
    store: Store,
    *,
    as_of: datetime,
    site_ids: list[str] | None = None,
    progress: Progress | None = None,
    kind: RunKind = RunKind.FULL,
    wait_seconds: float = 0.0,
) -> AuditResult:
    """Audit the sites (all, or `site_ids`) as one run, by every rule. The run holds its sites'
    locks (SitesBusy after `wait_seconds`), and ends complete, failed or interrupted (cancelled)."""
    scope = AuditScope.audit(config, rulesets, site_ids, kind)
    return await run_scope(config, scope, store, Clock(as_of), progress=progress, wait_seconds=wait_seconds)


async def run_scope(
    config: Config,
    scope: AuditScope,
    store: Store,
    clock: Clock,
    *,
    progress: Progress | None = None,
    wait_seconds: float = 0.0,
) -> AuditResult:
    """One run of `scope`: claim its sites, crawl, check links (if the scope does), judge, store."""
    with COLLECTOR.paced():
        return await _run_scope(config, scope, store, clock, progress, wait_seconds)


async def _run_scope(
    config: Config, scope: AuditScope, store: Store, clock: Clock, progress: Progress | None, wait_seconds: float,
) -> AuditResult:
    thread = StoreThread(store)
    try:
        await thread.call(store.sync_sites, config)
        links = _link_setup(config) if scope.checks_links else None
        # the run's `links` is its count of distinct targets, whatever the ending
        ledger = LinkLedger(Classifier(links.lexicon, links.policy.audited_hosts).crawled) if links else LinkLedger()
        async with claimed_run(thread, clock.as_of, scope, ledger, wait_seconds, progress or SilentProgress()) as run:
            context = RunContext(config=config, scope=scope, clock=clock, store=thread, run_id=run.id, pages=run.pages,
                                 ledger=ledger, progress=run.progress, links=links)
            crawls = await _crawl_and_check(context)
            judged = await thread.call(_judge, context, crawls)
            coverage = [crawl.coverage for crawl in crawls.values() if crawl.coverage is not None]
            violations = await run.complete(judged.findings, judged.scores, unverified=judged.unjudged, coverage=coverage)
        record = await thread.call(store.run, run.id)
    finally:
        thread.close()
    assert record is not None
    return AuditResult(
        run=record, violations=violations, scores=judged.scores,
        link_outcomes=outcome_counts(ledger.results()) if links else {}, unverified=judged.unverified,
        unverified_checks=judged.unjudged, coverage=coverage,
    )


def _link_setup(config: Config) -> LinkSetup:
    return LinkSetup(TargetPolicy.from_config(config), load_lexicon(config.lexicon_path()))


class ClaimedRun:
    """A running run: its id, its page writer, and how it completes."""

    def __init__(self, thread: StoreThread, run_id: int, as_of: datetime, scope: AuditScope,
                 ledger: LinkLedger, progress: Progress) -> None:
        self.id = run_id
        self.pages = PageWriter(thread, run_id)
        self.progress = progress
        self._thread = thread
        self._as_of = as_of
        self._scope = scope
        self._ledger = ledger

    async def complete(
        self, findings: list[Finding], scores: list[Score],
        unverified: list[UnverifiedCheck] | None = None, coverage: list[SiteCoverage] | None = None,
    ) -> list[Problem]:
        await self.pages.flush()
        scope = self._scope
        rules = list(scope.judged_rules) if scope.judged_rules is not None else None
        return await self._thread.call(
            self._thread.store.complete_run, self.id, self._as_of, scope.site_ids, scope.ruleset_ids, findings, scores,
            pages=self.pages.pages, links=self._ledger.target_count, rules=rules, unverified=unverified, coverage=coverage,
        )

    def finish_blocking(self, status: RunStatus) -> None:
        """Record an ending other than complete. Blocking: a cancelled run's loop may not run again."""
        self.pages.flush_blocking()
        self._thread.wait(self._thread.store.finish_run, self.id, status, sites=len(self._scope.sites),
                          pages=self.pages.pages, links=self._ledger.target_count)


@asynccontextmanager
async def claimed_run(
    thread: StoreThread, as_of: datetime, scope: AuditScope, ledger: LinkLedger, wait_seconds: float,
    progress: Progress,
) -> AsyncIterator[ClaimedRun]:
    """Start a run holding its sites (waiting up to `wait_seconds` for them), keep its locks
    alive, and record its ending: cancelled → interrupted (after the pending pages are
    written), an error → failed. The body calls `complete` itself."""
    site_ids = scope.site_ids
    run_id = await _begin_when_free(thread, as_of, site_ids, scope.kind, wait_seconds)
    run = ClaimedRun(thread, run_id, as_of, scope, ledger, progress)
    event(log, "run.start", f"审计开始 run {run_id}", run=run_id, kind=scope.kind, sites=len(site_ids))
    beating = asyncio.create_task(_keep_locks(thread.store, run_id))
    try:
        yield run
    except asyncio.CancelledError:
        run.finish_blocking(RunStatus.INTERRUPTED)
        event(log, "run.interrupted", f"审计中断 run {run_id}", level=logging.WARNING, run=run_id, pages=run.pages.pages)
        raise
    except Exception as exc:
        log.exception("run %s failed", run_id)
        run.finish_blocking(RunStatus.FAILED)
        raise RunError(f"审计未能完成 (run {run_id} failed): {exc}") from exc
    finally:
        beating.cancel()
        progress.finish()
    event(log, "run.finish", f"审计完成 run {run_id}", run=run_id, kind=scope.kind, pages=run.pages.pages,
          links=ledger.target_count)


async def _begin_when_free(thread: StoreThread, as_of: datetime, site_ids: list[str], kind: str, wait_seconds: float) -> int:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return await thread.call(thread.store.begin_run, as_of, site_ids, kind)
        except SitesBusy as busy:
            if time.monotonic() >= deadline:
                raise
            event(log, "run.waiting", str(busy), sites=[lock.site_id for lock in busy.locks])
            await asyncio.sleep(min(LOCK_POLL_SECONDS, max(deadline - time.monotonic(), 0.1)))


async def _keep_locks(store: Store, run_id: int) -> None:
    """Refresh the run's locks. On a thread of its own, not the run's store thread: a long batch
    or the judging queued there must not delay the heartbeat until the locks look stale."""
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        if await asyncio.to_thread(store.heartbeat, run_id) == 0:
            log.error("run %s: its site locks were taken over as stale; its results will not be saved", run_id)
            return


async def _crawl_and_check(context: RunContext) -> dict[str, SiteCrawl]:
    """Crawl every site of the scope; with links in scope, check the outside targets while the
    crawl goes on and the rest after it, and store the verdicts."""
    context.progress.start(len(context.scope.sites))
    since = context.reuse_since() if context.links else None
    if since is not None:  # earlier runs' ok verdicts, read once for the whole run
        context.reusable = await context.store.call(context.store.store.fine_link_results_since, since)
    async with Fetcher(context.config.crawl) as fetcher:
        context.fetcher = fetcher
        try:
            if context.links is None:
                crawls = await _crawl_sites(context)
            else:  # one classifier: its soft-404 probes are asked once per host
                classifier = Classifier(context.links.lexicon, context.links.policy.audited_hosts,
                                        MissingPages(fetcher.fetch, context.links.policy.audited_hosts))
                crawls = await _crawl_checking_outside(context, context.links.policy, classifier)
                await _check_the_rest(context, context.links.policy, classifier)
        finally:
            context.fetcher = None
    await context.pages.flush()
    if context.links is not None:
        results = context.ledger.results()
        for start in range(0, len(results), LINK_RESULT_BATCH):
            await context.store.call(context.store.store.add_link_results, context.run_id,
                                     results[start:start + LINK_RESULT_BATCH])
    return {crawl.site_id: crawl for crawl in crawls}


async def _crawl_sites(context: RunContext) -> list[SiteCrawl]:
    async def crawl(site: SiteConfig) -> SiteCrawl:
        result = await SiteCrawler(site, context).run()
        if HTTPS_CHECK in context.content_checks:  # never on a cadence check (no content checks)
            fetch = context.fetcher.fetch if context.fetcher is not None else None
            result.https = await probe_https(site.id, site.url, result.home, context.config.crawl, fetch)
        context.progress.site_done(site.id, result.pages)
        what = "栏目列表读取完成" if context.columns_only else "网站抓取完成"
        event(log, "site.done", f"{what} {site.id}", level=logging.WARNING if result.timed_out else logging.INFO,
              run=context.run_id, site=site.id, pages=result.pages, timed_out=result.timed_out)
        return result

    return list(await asyncio.gather(*(crawl(site) for site in context.scope.sites)))


async def _crawl_checking_outside(context: RunContext, policy: TargetPolicy, classifier: Classifier) -> list[SiteCrawl]:
    """Targets on hosts outside the audited sites are never crawled: they are checked while the
    crawl goes on, each host behind its own gate, instead of after it."""
    assert context.fetcher is not None
    context.outside = asyncio.Queue()
    outside_checks = asyncio.create_task(check_stream(
        context.outside, context.fetcher.fetch, policy, classifier.checked, concurrency=LINK_CHECK_CONCURRENCY,
        per_host=context.config.crawl.per_host_concurrency, on_result=context.ledger.record, skip=context.reused,
    ))
    try:
        crawls = await _crawl_sites(context)
        context.outside.put_nowait(None)
        context.outside = None
        await outside_checks
    finally:
        outside_checks.cancel()
    return crawls


async def _check_the_rest(context: RunContext, policy: TargetPolicy, classifier: Classifier) -> None:
    """The targets on the audited sites the crawl did not fetch (beyond its budget or depth)."""
    assert context.fetcher is not None
    ledger = context.ledger
    for url in ledger.unchecked():  # reused: earlier runs' ok verdicts on the sites' own targets
        if (result := context.reused(url)) is not None:
            ledger.record(result)
    unchecked = ledger.unchecked()
    context.progress.links_start(len(unchecked))

    def record(result: LinkResult) -> None:
        ledger.record(result)
        context.progress.link()

    await check_targets(unchecked, context.fetcher.fetch, policy, classifier.checked,
                        concurrency=LINK_CHECK_CONCURRENCY, per_host=context.config.crawl.per_host_concurrency,
                        on_result=record)


def _judge(context: RunContext, crawls: dict[str, SiteCrawl]) -> _Judgement:
    """Every site's snapshot through the scope's rules. Runs on the store's thread: it reads the
    run's link occurrences and the sites' probes, and its checks would hold the loop too."""
    scope = context.scope
    rulesets = list(scope.rulesets)
    findings: list[Finding] = []
    unverified: list[UnverifiedLink] = []
    unjudged: list[UnverifiedCheck] = []
    facts: list[SiteFacts] = []
    for site in scope.sites:
        snapshot = _snapshot(context, site, crawls[site.id])
        findings.extend(evaluate(rulesets, snapshot))
        facts.append(site_facts(rulesets, snapshot))
        if not scope.columns_only:
            unverified.extend(unverified_links(site.id, snapshot.links))
            unjudged.extend(unverified_checks(rulesets, snapshot))
    scores: list[Score] = []
    if not scope.columns_only:  # a cadence check neither scores nor ranks (store.records.SCORED_KINDS)
        previous = context.store.store.previous_scores(context.run_id)
        scores = score_sites(rulesets, findings, scope.site_ids, previous, facts)
    return _Judgement(findings, scores, unverified, unjudged)


def _snapshot(context: RunContext, site: SiteConfig, crawl: SiteCrawl) -> SiteSnapshot:
    """What the checks see of one site. A columns-only scope read no home page, item page or
    link, so those parts are empty and no rule judging them is in its scope."""
    store = context.store.store
    whole = not context.scope.columns_only
    return SiteSnapshot(
        site_id=site.id, site_kind=site.kind, name=site.name, url=site.url, unit=site.unit,
        as_of=context.as_of, home=crawl.home, columns=tuple(crawl.columns),
        links=tuple(_site_links(context, site)) if whole else (),
        pages=crawl.pages,
        readings=tuple(crawl.readings),
        page_findings=tuple(crawl.page_findings) if whole else (),
        https=crawl.https if whole else None,
        identity=crawl.identity,
        resources=_resources(crawl.readings, context.ledger),
        probes=_probes(store, site.id, context.as_of) if whole else (),
        extra_workdays=tuple(context.config.calendar.extra_workdays),
        extra_holidays=tuple(context.config.calendar.extra_holidays),
    )


def _site_links(context: RunContext, site: SiteConfig) -> list[LinkOccurrence]:
    """The site's failed or judged links, and its link columns' links with their titles compared."""
    assert context.links is not None
    link_columns = frozenset(column.id for column in site.columns if column.kind == "links")
    occurrences = context.store.store.problem_link_occurrences(context.run_id, site.id, normalise(site.url), link_columns)
    return judge_link_texts(occurrences, link_columns, context.links.lexicon, context.links.policy.audited_hosts)


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
