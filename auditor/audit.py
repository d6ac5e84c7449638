"""One run, end to end: crawl the sites in scope, check the links, evaluate the rules, store.

    sites ─▶ SiteCrawler (fetch, extract) ─▶ pages to the store's thread in batches
          ─▶ LinkLedger ─▶ check_targets ─▶ link results
          ─▶ SiteSnapshot per site ─▶ checks ─▶ findings ─▶ violations, scores

A run goes in three stages, with typed values between them:

    begin        `claimed_run`: the run's row and its sites' locks (kept alive), its ending
    site stage   `audit_site`, one per site: crawl, links, judge, save a `SiteJudgement`
                 keyed by (run, site) in the store (store/judgements.py)
    finish       `finish_run`: every site judgement read back from the store, scores and
                 ranks, violations reconciled, the run completed

`run_audit` (every rule, every page) and `cadence.run_cadence_check` (the cadence
rules, list pages only) are the entry points: the CLI, the scheduler and the tests
call them alike. Both are `run_scope` with an `AuditScope`: begin, every site stage
together in this process (one fetcher, one ledger, one `RunLinks`), finish. The run's
shared state is one `RunContext`. The database is only ever touched from the run's
store thread, so a slow write never stalls the fetches in flight on the event loop.
`run_site_stage` runs one site's stage on its own for a begun run, as another process
would (docs/development.md, "A run in stages").
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .checks import evaluate
from .checks.coverage import unverified_checks
from .config import Config, SiteConfig
from .context import AuditScope, Clock, LinkSetup, RunContext, SiteRun
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
    Outcome,
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
from .store.judgements import JudgementRecord
from .store.locks import HEARTBEAT_SECONDS, Holder, SitesBusy
from .store.worker import PageWriter, StoreThread
from .urls import normalise

log = logging.getLogger(__name__)

LINK_CHECK_CONCURRENCY = 64  # requests in flight across hosts; each host is still gated by the fetcher
LINK_RESULT_BATCH = 2000  # link verdicts per database write
HTTPS_CHECK = "site.https"  # its rules need the site probed over TLS after the crawl (fetch.tls)
PROBE_HISTORY_DAYS = 31  # availability is judged over a rule's window (7 days nationally) inside this
LOCK_POLL_SECONDS = 5.0  # how often a run waiting for busy sites asks again
# a queued run's task waiting for a link verdict another task claimed asks the store after this,
# then twice as long each time, up to the maximum (most verdicts come within a second or two)
CLAIM_POLL_SECONDS = 0.2
CLAIM_POLL_MAX_SECONDS = 5.0
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
class SiteJudgement:
    """What a site stage judged of its site: saved keyed by (run, site), all the finish needs of it."""

    site: str
    findings: tuple[Finding, ...]
    facts: SiteFacts
    unverified: tuple[UnverifiedLink, ...] = ()
    unjudged: tuple[UnverifiedCheck, ...] = ()
    coverage: SiteCoverage | None = None
    pages: int = 0  # pages the stage fetched and stored
    targets: int = 0  # distinct link targets the site brought to the run first


@dataclass(frozen=True)
class FinishedRun:
    """What the finish made of the run's site judgements, as it stored it."""

    violations: list[Problem]
    scores: list[Score]
    unverified: list[UnverifiedLink]
    unjudged: list[UnverifiedCheck]
    coverage: list[SiteCoverage]


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
    """One run of `scope` in its three stages: begin (claim its sites), every site stage together
    (crawl, check links if the scope does, judge, save), finish (from the saved judgements)."""
    with COLLECTOR.paced():
        return await _run_scope(config, scope, store, clock, progress, wait_seconds)


async def _run_scope(
    config: Config, scope: AuditScope, store: Store, clock: Clock, progress: Progress | None, wait_seconds: float,
) -> AuditResult:
    thread = StoreThread(store)
    try:
        await thread.call(store.sync_sites, config)
        links = _link_setup(config) if scope.checks_links else None
        ledger = _ledger(links)  # the run's `links` is its count of distinct targets, whatever the ending
        async with claimed_run(thread, clock.as_of, scope, ledger, wait_seconds, progress or SilentProgress()) as run:
            context = RunContext(config=config, scope=scope, clock=clock, store=thread, run_id=run.id, pages=run.pages,
                                 ledger=ledger, progress=run.progress, links=links)
            await _audit_sites(context, first=True)
            finished = await run.finish()
        record = await thread.call(store.run, run.id)
    finally:
        thread.close()
    assert record is not None
    return AuditResult(
        run=record, violations=finished.violations, scores=finished.scores,
        link_outcomes=outcome_counts(ledger.results()) if links else {}, unverified=finished.unverified,
        unverified_checks=finished.unjudged, coverage=finished.coverage,
    )


async def run_site_stage(
    config: Config, scope: AuditScope, store: Store, clock: Clock, run_id: int, site_id: str,
) -> SiteJudgement:
    """The site stage of one site of a begun run, on its own: its own store thread, fetcher and
    ledger, as a process that runs one (run, site) would. Whatever an earlier attempt wrote of
    the site in the run is replaced; the run's link verdicts already stored are kept. It takes
    no site lock and keeps none alive: the process that began the run holds them."""
    site = next((s for s in scope.sites if s.id == site_id), None)
    if site is None:
        raise RunError(f"网站 {site_id} 不在本次审计范围内 (site {site_id!r} is not in the run's scope)")
    one = dataclasses.replace(scope, sites=(site,))
    thread = StoreThread(store)
    try:
        with COLLECTOR.paced():
            links = _link_setup(config) if one.checks_links else None
            context = RunContext(config=config, scope=one, clock=clock, store=thread, run_id=run_id,
                                 pages=PageWriter(thread, run_id), ledger=_ledger(links), progress=SilentProgress(),
                                 links=links)
            (judgement,) = await _audit_sites(context, first=False)
    finally:
        thread.close()
    return judgement


def _link_setup(config: Config) -> LinkSetup:
    return LinkSetup(TargetPolicy.from_config(config), load_lexicon(config.lexicon_path()))


def _ledger(links: LinkSetup | None) -> LinkLedger:
    return LinkLedger(Classifier(links.lexicon, links.policy.audited_hosts).crawled) if links else LinkLedger()


class ClaimedRun:
    """A running run: its id, its page writer, and how it finishes."""

    def __init__(self, thread: StoreThread, run_id: int, scope: AuditScope, ledger: LinkLedger,
                 progress: Progress) -> None:
        self.id = run_id
        self.pages = PageWriter(thread, run_id)
        self.progress = progress
        self._thread = thread
        self._scope = scope
        self._ledger = ledger

    async def finish(self) -> FinishedRun:
        """The finish stage, once every site stage has saved its judgement."""
        await self.pages.flush()
        return await self._thread.call(finish_run, self._thread.store, self._scope, self.id)

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
    written), an error → failed. The body calls `finish` itself."""
    site_ids = scope.site_ids
    run_id = await _begin_when_free(thread, as_of, site_ids, scope.kind, wait_seconds)
    run = ClaimedRun(thread, run_id, scope, ledger, progress)
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


async def _audit_sites(context: RunContext, *, first: bool) -> list[SiteJudgement]:
    """Every site stage of the context's scope, together: the sites crawl at once through one
    fetcher and one ledger, and the outside targets are checked while they do. `first`: this
    process began the run, so the run has no link verdict stored yet."""
    context.progress.start(len(context.scope.sites))
    since = context.reuse_since() if context.links else None
    if since is not None:  # earlier runs' ok verdicts, read once for the whole run
        context.reusable = await context.store.call(context.store.store.fine_link_results_since, since)
    async with Fetcher(context.config.crawl) as fetcher:
        context.fetcher = fetcher
        links = RunLinks(context, fetcher, first=first)
        stages = [asyncio.ensure_future(audit_site(context, site, links)) for site in context.scope.sites]
        try:
            return list(await asyncio.gather(*stages))
        finally:
            for stage in stages:  # a failed stage fails the run: the others stop with it
                stage.cancel()
            links.close()
            context.fetcher = None


async def audit_site(context: RunContext, site: SiteConfig, links: RunLinks) -> SiteJudgement:
    """The site stage: crawl the site, wait for its links' verdicts (`links`), judge the site by the
    scope's rules and save the judgement keyed by (run, site). What an earlier attempt of the
    same stage wrote of the site in the run goes first, so a stage run again leaves one of each."""
    thread = context.store
    await thread.call(thread.store.clear_site_stage, context.run_id, site.id)
    view = SiteRun(context)
    crawl = await _crawl_site(context, view, site)
    await links.site_crawled()
    judgement = await thread.call(_judge_site, context, site, crawl, view.targets)
    await thread.call(thread.store.save_site_judgement, context.run_id, _judgement_record(judgement))
    return judgement


async def _crawl_site(context: RunContext, view: SiteRun, site: SiteConfig) -> SiteCrawl:
    result = await SiteCrawler(site, view).run()
    if HTTPS_CHECK in context.content_checks:  # never on a cadence check (no content checks)
        fetch = context.fetcher.fetch if context.fetcher is not None else None
        result.https = await probe_https(site.id, site.url, result.home, context.config.crawl, fetch)
    context.progress.site_done(site.id, result.pages)
    what = "栏目列表读取完成" if context.columns_only else "网站抓取完成"
    event(log, "site.done", f"{what} {site.id}", level=logging.WARNING if result.timed_out else logging.INFO,
          run=context.run_id, site=site.id, pages=result.pages, timed_out=result.timed_out)
    return result


class RunLinks:
    """The run's link checks, shared by its site stages in this process. Targets on hosts outside
    the audited sites are never crawled: they are checked while the sites crawl, each host behind
    its own gate. When the last site's crawl ends, the targets on the sites that no crawl fetched
    (beyond its budget or depth) are checked, the pages flushed and every verdict stored, once;
    each site stage waits for that before it judges (it reads its links back with their verdicts)."""

    def __init__(self, context: RunContext, fetcher: Fetcher, *, first: bool) -> None:
        self._context = context
        self._first = first
        self._crawling = len(context.scope.sites)
        self._crawled = asyncio.Event()
        self._settled: asyncio.Future[None] | None = None
        self._classifier: Classifier | None = None
        self._outside_checks: asyncio.Task[list[LinkResult]] | None = None
        if context.links is not None:  # one classifier: its soft-404 probes are asked once per host
            policy = context.links.policy
            self._classifier = Classifier(context.links.lexicon, policy.audited_hosts,
                                          MissingPages(fetcher.fetch, policy.audited_hosts))
            if first:  # a stage on its own asks its targets after its crawl, through the run's claims (_check_shared)
                context.outside = asyncio.Queue()
                self._outside_checks = asyncio.create_task(check_stream(
                    context.outside, fetcher.fetch, policy, self._classifier.checked,
                    concurrency=LINK_CHECK_CONCURRENCY, per_host=context.config.crawl.per_host_concurrency,
                    on_result=context.ledger.record, skip=context.reused,
                ))

    async def site_crawled(self) -> None:
        """A site's crawl has ended: back once every site's has, and the run's verdicts are stored."""
        self._crawling -= 1
        if self._crawling == 0:
            self._settled = asyncio.ensure_future(self._settle())
            self._crawled.set()
        await self._crawled.wait()
        assert self._settled is not None
        await asyncio.shield(self._settled)  # one stage cancelled does not cancel the others' links

    async def _settle(self) -> None:
        context = self._context
        if context.links is not None and self._classifier is not None and self._outside_checks is not None:
            assert context.outside is not None
            context.outside.put_nowait(None)
            context.outside = None
            await self._outside_checks
            await _check_the_rest(context, context.links.policy, self._classifier)
        elif context.links is not None and self._classifier is not None:
            await _check_shared(context, context.links.policy, self._classifier, self._store_verdicts)
            await context.pages.flush()
            return  # every verdict of its ledger is stored already, as it came
        await context.pages.flush()
        if context.links is not None:
            await self._store_verdicts(context.ledger.results())

    async def _store_verdicts(self, results: list[LinkResult]) -> None:
        thread, run_id = self._context.store, self._context.run_id
        for start in range(0, len(results), LINK_RESULT_BATCH):
            batch = results[start:start + LINK_RESULT_BATCH]
            if self._first:
                await thread.call(thread.store.add_link_results, run_id, batch)
            else:  # a stage run on its own: the run may hold verdicts on some of these already
                await thread.call(thread.store.add_new_link_results, run_id, batch)

    def close(self) -> None:
        for task in (self._outside_checks, self._settled):
            if task is not None:
                task.cancel()


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


async def _check_shared(
    context: RunContext, policy: TargetPolicy, classifier: Classifier,
    store_verdicts: Callable[[list[LinkResult]], Awaitable[None]],
) -> None:
    """A site stage on its own (a queued run's task, issue 21 part 2): the targets its crawl did not
    judge are looked up in the run's stored verdicts and claimed, hundreds a query
    (store/link_claims.py). It asks those it claimed and stores their verdicts at once, then reads
    the verdicts of those other tasks claimed, asking the store again with a growing pause; a
    claim whose task died, or older than `[crawl] site_timeout`, it takes over and asks itself."""
    assert context.fetcher is not None and len(context.scope.sites) == 1
    thread, ledger = context.store, context.ledger
    for url in ledger.unchecked():  # reused: earlier runs' ok verdicts
        if (result := context.reused(url)) is not None:
            ledger.record(result)
    await store_verdicts(ledger.results())  # its crawl's and the reused: other tasks need not ask them
    site_id, me = context.scope.sites[0].id, Holder.current()
    stale_after = timedelta(seconds=context.config.crawl.site_timeout)
    waiting = ledger.unchecked()
    context.progress.links_start(len(waiting))
    pause = CLAIM_POLL_SECONDS

    def record(result: LinkResult) -> None:
        ledger.record(result)
        context.progress.link()

    while waiting:
        found = await thread.call(thread.store.claim_link_targets, context.run_id, site_id, me, waiting,
                                  stale_after=stale_after)
        for result in found.stored.values():
            record(result)
        if found.mine:
            checked = await check_targets(found.mine, context.fetcher.fetch, policy, classifier.checked,
                                          concurrency=LINK_CHECK_CONCURRENCY,
                                          per_host=context.config.crawl.per_host_concurrency, on_result=record)
            await store_verdicts(checked)
            pause = CLAIM_POLL_SECONDS
        elif found.theirs:
            await asyncio.sleep(pause)
            pause = min(pause * 2, CLAIM_POLL_MAX_SECONDS)
        waiting = found.theirs


def _judge_site(context: RunContext, site: SiteConfig, crawl: SiteCrawl, targets: int) -> SiteJudgement:
    """The site's snapshot through the scope's rules. Runs on the store's thread: it reads the
    run's link occurrences and the site's probes, and its checks would hold the loop too."""
    scope = context.scope
    rulesets = list(scope.rulesets)
    snapshot = _snapshot(context, site, crawl)
    whole = not scope.columns_only
    return SiteJudgement(
        site=site.id, findings=tuple(evaluate(rulesets, snapshot)), facts=site_facts(rulesets, snapshot),
        unverified=tuple(unverified_links(site.id, snapshot.links)) if whole else (),
        unjudged=tuple(unverified_checks(rulesets, snapshot)) if whole else (),
        coverage=crawl.coverage, pages=crawl.pages, targets=targets,
    )


def finish_run(store: Store, scope: AuditScope, run_id: int, *, stored_targets: bool = False) -> FinishedRun:
    """The finish stage: every site judgement of the run read back from the store, the sites scored
    and ranked, the violations reconciled and the run completed, in one transaction. RunError,
    changing nothing, while a site of the run has no judgement yet. Blocking (the store's thread).
    `stored_targets`: the run's `links` is its stored links' distinct targets, not the sum of the
    targets each site brought first (site stages on their own each count a shared target)."""
    run = store.run(run_id)
    if run is None:
        raise RunError(f"没有运行 #{run_id} (no such run)")
    if run.status == RunStatus.COMPLETE:
        raise RunError(f"运行 #{run_id} 已完成，不能再次完成 (run {run_id} is complete already)")
    if sorted(run.site_ids) != sorted(scope.site_ids):
        raise RunError(f"运行 #{run_id} 的网站与本次审计范围不一致 (the run's sites are not the scope's)")
    saved = store.site_judgements(run_id)
    missing = [site for site in run.site_ids if site not in saved]
    if missing:
        raise RunError(f"运行 #{run_id} 尚有 {len(missing)} 个网站未完成评判（{'、'.join(missing)}），不能完成 "
                       f"(no site judgement yet: {', '.join(missing)})")
    judged = [_site_judgement(saved[site]) for site in run.site_ids]  # the run's order, as the sites were judged
    findings = [finding for judgement in judged for finding in judgement.findings]
    scores: list[Score] = []
    if not scope.columns_only:  # a cadence check neither scores nor ranks (store.records.SCORED_KINDS)
        scores = score_sites(list(scope.rulesets), findings, list(run.site_ids), store.previous_scores(run_id),
                             [judgement.facts for judgement in judged])
    unjudged = [place for judgement in judged for place in judgement.unjudged]
    coverage = [judgement.coverage for judgement in judged if judgement.coverage is not None]
    rules = list(scope.judged_rules) if scope.judged_rules is not None else None
    violations = store.complete_run(
        run_id, run.as_of, list(run.site_ids), scope.ruleset_ids, findings, scores,
        pages=sum(judgement.pages for judgement in judged),
        links=store.distinct_link_targets(run_id) if stored_targets else sum(judgement.targets for judgement in judged),
        rules=rules, unverified=unjudged, coverage=coverage,
    )
    return FinishedRun(violations=violations, scores=scores,
                       unverified=[link for judgement in judged for link in judgement.unverified],
                       unjudged=unjudged, coverage=coverage)


def stored_result(store: Store, scope: AuditScope, run_id: int) -> AuditResult:
    """A complete run read back from the store as `run_scope` returns it, for a run whose stages ran
    elsewhere (auditor/queue/): the finish's violations, the scores in its order, the judgements'
    unverified links, unjudged checks and coverage in the run's site order, and the link outcomes
    of the run's stored verdicts (reused: those checked before the run began). Blocking."""
    run = store.run(run_id)
    if run is None or run.status != RunStatus.COMPLETE:
        raise RunError(f"运行 #{run_id} 未完成 (run {run_id} is not complete: {run.status if run else 'no such run'})")
    saved = store.site_judgements(run_id)
    judged = [_site_judgement(saved[site]) for site in run.site_ids]
    order = {ruleset: index for index, ruleset in enumerate(scope.ruleset_ids)}
    scores = sorted(store.scores(run_id), key=lambda score: (order.get(score.ruleset, len(order)), score.rank, score.site))
    link_outcomes: dict[str, int] = {}
    if scope.checks_links:
        counts, reused = store.link_outcome_counts(run_id, run.started_at)
        link_outcomes = {str(outcome): counts.get(str(outcome), 0) for outcome in Outcome} | {"reused": reused}
    return AuditResult(
        run=run, violations=store.violations(run_id=run_id), scores=scores, link_outcomes=link_outcomes,
        unverified=[link for judgement in judged for link in judgement.unverified],
        unverified_checks=[place for judgement in judged for place in judgement.unjudged],
        coverage=[judgement.coverage for judgement in judged if judgement.coverage is not None],
    )


# A site judgement as the store keeps it: the store knows findings, checks and coverage; the
# facts scoring reads and the unverified links belong to the layers above it, so they go as documents.

def _judgement_record(judgement: SiteJudgement) -> JudgementRecord:
    facts = judgement.facts
    return JudgementRecord(
        site=judgement.site, findings=judgement.findings, unjudged=judgement.unjudged, coverage=judgement.coverage,
        pages=judgement.pages, targets=judgement.targets,
        facts={"sizes": [[ruleset, rule, size] for (ruleset, rule), size in facts.sizes.items()],
               "home_unread": facts.home_unread},
        unverified=tuple(link.document() for link in judgement.unverified),
    )


def _site_judgement(record: JudgementRecord) -> SiteJudgement:
    sizes = {(ruleset, rule): size for ruleset, rule, size in record.facts.get("sizes", ())}
    facts = SiteFacts(record.site, sizes, record.facts.get("home_unread", ""))  # {}: SiteFacts' defaults
    return SiteJudgement(
        site=record.site, findings=record.findings, facts=facts,
        unverified=tuple(_unverified_link(document) for document in record.unverified),
        unjudged=record.unjudged, coverage=record.coverage, pages=record.pages, targets=record.targets,
    )


def _unverified_link(document: dict[str, Any]) -> UnverifiedLink:
    return UnverifiedLink(
        site=document["site"], url=document["url"], outcome=document["outcome"], status=document["status"],
        error=document["error"], sources=tuple((source["page"], source["text"]) for source in document["sources"]),
        source_count=document["source_count"],
    )


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
