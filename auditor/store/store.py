"""`Store`: the one object the other stages talk to. Synchronous; one transaction per call.

Every method takes and returns the pipeline's dataclasses (auditor.models) or the
records of `records.py`; database failures surface as `StorageError`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from types import TracebackType

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from ..config import Config
from ..models import (
    FetchResult,
    Finding,
    LinkOccurrence,
    LinkResult,
    Page,
    Problem,
    RunKind,
    RunStatus,
    Score,
    Severity,
    SiteCoverage,
    UnverifiedCheck,
)
from . import alerts as alert_repo
from . import coverage as coverage_repo
from . import engine as engines
from . import judgements as judgement_repo
from . import link_claims as claim_repo
from . import locks as lock_repo
from . import migrate
from . import outbox as outbox_repo
from . import page_cache as cache_repo
from . import pages as page_repo
from . import probes as probe_repo
from . import report_reads as report_repo
from . import runs as run_repo
from . import scores as score_repo
from . import stats as stats_repo
from . import unverified as unverified_repo
from . import violations as violation_repo
from .alerts import AlertEntry, AlertRow, SiteOutage
from .judgements import JudgementRecord
from .link_claims import SharedTargets
from .locks import Holder, LockRecord, SitesBusy
from .outbox import OutboxEntry, OutboxMessage
from .page_cache import CachedPage, Validators
from .records import SCORED_KINDS, ColumnLatest, FetchedPage, ProbeRecord, PublishedItem, RunRecord


class Store:
    def __init__(self, engine: Engine, shown_url: str) -> None:
        self._engine = engine
        self._shown_url = shown_url  # without its password

    @classmethod
    def open(cls, url: str) -> Store:
        """Open the database and bring its schema to head; StorageError if that cannot be done."""
        engine = engines.create(url)
        store = cls(engine, engines.describe(engine.url))
        try:
            with engines.translated_errors(store._shown_url):
                if migrate.needs_upgrade(engine):
                    migrate.upgrade_to_head(engine)
        except BaseException:
            engine.dispose()
            raise
        return store

    @property
    def engine(self) -> Engine:
        """For APScheduler's job store, which keeps its table in this database."""
        return self._engine

    def upgrade(self) -> str:
        """Apply pending migrations (none is fine); return the head revision."""
        with engines.translated_errors(self._shown_url):
            return migrate.upgrade_to_head(self._engine)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._shown_url!r})"

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with engines.translated_errors(self._shown_url), self._engine.begin() as conn:
            yield conn

    # sites and runs

    def sync_sites(self, config: Config) -> None:
        with self._transaction() as conn:
            run_repo.sync_sites(conn, config)

    def start_run(self, as_of: datetime, site_ids: list[str], kind: RunKind = RunKind.FULL) -> int:
        """A run without site locks (tests and imports); audits use `begin_run`."""
        with self._transaction() as conn:
            return run_repo.start_run(conn, as_of, site_ids, kind)

    def begin_run(
        self, as_of: datetime, site_ids: list[str], kind: str, me: Holder | None = None, *, queued: bool = False,
    ) -> int:
        """Start a run holding its sites' locks; SitesBusy if another live audit holds one.
        Dead holders' locks are cleared first (their runs become interrupted). `queued`: the
        locks are held by the queue, for the run's site tasks to take over (`claim_site`)."""
        me = me or Holder.current()
        self.clear_stale_runs(me)
        with engines.translated_errors(self._shown_url):
            try:
                with self._engine.begin() as conn:
                    return run_repo.begin_run(conn, as_of, site_ids, kind, lock_repo.QUEUE if queued else me)
            except sa_exc.IntegrityError:
                pass  # another process took a lock between our check and our insert
            with self._engine.connect() as conn:
                raise SitesBusy(lock_repo.all_locks(conn, site_ids))

    def clear_stale_runs(self, me: Holder | None = None) -> list[int]:
        """Free the locks of processes that died and mark their runs interrupted; their ids."""
        with self._transaction() as conn:
            return lock_repo.clear_stale(conn, me or Holder.current(), datetime.now(UTC))

    def heartbeat(self, run_id: int, me: Holder | None = None) -> int:
        with self._transaction() as conn:
            return lock_repo.heartbeat(conn, run_id, me or Holder.current(), datetime.now(UTC))

    def locks(self) -> list[LockRecord]:
        with self._transaction() as conn:
            return lock_repo.all_locks(conn)

    def finish_run(self, run_id: int, status: str, *, sites: int, pages: int, links: int) -> None:
        with self._transaction() as conn:
            run_repo.finish_run(conn, run_id, status, sites=sites, pages=pages, links=links)

    def complete_run(
        self, run_id: int, as_of: datetime, site_ids: list[str], rulesets: list[str], findings: list[Finding],
        scores: list[Score], *, pages: int, links: int, rules: Collection[tuple[str, str]] | None = None,
        unverified: list[UnverifiedCheck] | None = None, coverage: list[SiteCoverage] | None = None,
    ) -> list[Problem]:
        """The violations (as problems), the scores, what could not be judged, what was read and the word
        "complete", in one transaction: a run killed at any moment before it is either complete with all of
        them or has changed none."""
        with self._transaction() as conn:
            violations = violation_repo.reconcile(conn, run_id, as_of, site_ids, rulesets, findings, rules)
            score_repo.save_scores(conn, run_id, scores)
            unverified_repo.save_unverified(conn, run_id, unverified or [])
            coverage_repo.save_coverage(conn, run_id, coverage or [])
            run_repo.finish_run(conn, run_id, RunStatus.COMPLETE, sites=len(site_ids), pages=pages, links=links)
            return violations

    # a run in stages (auditor/audit.py): each site stage's judgement, read back by the finish

    def clear_site_stage(self, run_id: int, site_id: str) -> None:
        """Before a site stage runs (again): the site's pages, links, list items and judgement in the run go."""
        with self._transaction() as conn:
            judgement_repo.clear_site_rows(conn, run_id, site_id)

    def save_site_judgement(self, run_id: int, judgement: JudgementRecord) -> None:
        """The site's judgement in the run, replacing any earlier one, in one transaction."""
        with self._transaction() as conn:
            judgement_repo.save(conn, run_id, judgement, datetime.now(UTC))

    def judged_sites(self, run_id: int) -> dict[str, int]:
        """The run's sites judged so far, with their pages (a queued run's progress)."""
        with self._transaction() as conn:
            return judgement_repo.judged_sites(conn, run_id)

    # a queued run (auditor/queue/): its site tasks' locks and its finish

    def claim_site(self, run_id: int, site_id: str, me: Holder | None = None) -> lock_repo.SiteClaim:
        with self._transaction() as conn:
            return lock_repo.claim_site(conn, run_id, site_id, me or Holder.current(), datetime.now(UTC))

    def heartbeat_site(self, run_id: int, site_id: str, me: Holder | None = None) -> int:
        with self._transaction() as conn:
            return lock_repo.heartbeat_site(conn, run_id, site_id, me or Holder.current(), datetime.now(UTC))

    def hand_back_site(self, run_id: int, site_id: str, me: Holder | None = None) -> None:
        with self._transaction() as conn:
            lock_repo.hand_back(conn, run_id, site_id, me or Holder.current())

    def claim_finish(self, run_id: int, site_id: str, sites: int) -> bool:
        """Whether this site's task finishes the run: the one that found its `sites` judgements all saved."""
        with self._transaction() as conn:
            return judgement_repo.claim_finish(conn, run_id, site_id, sites)

    def distinct_link_targets(self, run_id: int) -> int:
        with self._transaction() as conn:
            return judgement_repo.distinct_targets(conn, run_id)

    def link_outcome_counts(self, run_id: int, before: datetime) -> tuple[dict[str, int], int]:
        with self._transaction() as conn:
            return judgement_repo.outcome_counts(conn, run_id, before)

    def site_judgements(self, run_id: int) -> dict[str, JudgementRecord]:
        """Every site judgement saved for the run, by site id."""
        with self._transaction() as conn:
            return judgement_repo.judgements(conn, run_id)

    def add_new_link_results(self, run_id: int, results: list[LinkResult]) -> int:
        """Verdicts on the URLs the run has none for yet (a site stage run again); how many were added."""
        with self._transaction() as conn:
            return judgement_repo.add_new_link_results(conn, run_id, results)

    def claim_link_targets(
        self, run_id: int, site_id: str, me: Holder, urls: list[str], *, stale_after: timedelta,
    ) -> SharedTargets:
        """For a queued run's site task: the targets whose verdict the run has, those this task claims
        (ask them), those a live task claimed (wait); see store/link_claims.py. A transaction per
        CLAIMS_PER_QUERY targets."""
        now = datetime.now(UTC)
        found = SharedTargets()
        for group in claim_repo.chunks(urls):
            with self._transaction() as conn:
                found.add(claim_repo.claim_targets(conn, run_id, site_id, me, group, now, now - stale_after))
        return found

    def coverage(self, run_id: int) -> list[SiteCoverage]:
        """What the run read of each site and what it could not read, by site id."""
        with self._transaction() as conn:
            return coverage_repo.list_coverage(conn, run_id)

    def unverified_checks(self, run_id: int) -> list[UnverifiedCheck]:
        """What the run's checks could not judge, and why, in the order found."""
        with self._transaction() as conn:
            return unverified_repo.list_unverified(conn, run_id)

    def runs(self, limit: int = 50) -> list[RunRecord]:
        """Newest first."""
        with self._transaction() as conn:
            return run_repo.list_runs(conn, limit)

    def run(self, run_id: int) -> RunRecord | None:
        with self._transaction() as conn:
            return run_repo.get_run(conn, run_id)

    def latest_run(
        self, status: str | None = RunStatus.COMPLETE, kinds: tuple[str, ...] = SCORED_KINDS, before: int | None = None,
    ) -> RunRecord | None:
        """The newest run of these kinds (by default those that score: not a cadence check),
        or the newest before run `before`."""
        with self._transaction() as conn:
            return run_repo.latest_run(conn, status, kinds, before)

    # pages and links

    def add_pages(self, run_id: int, pages: list[tuple[Page, FetchResult]], cached: list[CachedPage] | None = None) -> None:
        """The pages with their links and list items, and the page cache's new rows (`cache_pages`),
        in one transaction."""
        with self._transaction() as conn:
            page_repo.add_pages(conn, run_id, pages)
            if cached:
                cache_repo.save(conn, cached)

    def add_link_results(self, run_id: int, results: list[LinkResult]) -> None:
        with self._transaction() as conn:
            page_repo.add_link_results(conn, run_id, results)

    def problem_link_occurrences(
        self, run_id: int, site_id: str, home_url: str, link_columns: Collection[str] = (),
    ) -> list[LinkOccurrence]:
        with self._transaction() as conn:
            return page_repo.problem_link_occurrences(conn, run_id, site_id, home_url, link_columns)

    def fine_link_results_since(self, since: datetime) -> dict[str, LinkResult]:
        with self._transaction() as conn:
            return page_repo.fine_link_results_since(conn, since)

    # the page cache: what a 304 confirms (conditional requests on re-audits)

    def page_cache_validators(self, site_id: str) -> dict[str, Validators]:
        """URL -> (ETag, Last-Modified) of every page of the site whose text is cached."""
        with self._transaction() as conn:
            return cache_repo.validators(conn, site_id)

    def cached_page(self, url: str, sent: Validators) -> CachedPage | None:
        """The page cached at `url` with exactly the validators `sent`, or None."""
        with self._transaction() as conn:
            return cache_repo.cached_page(conn, url, sent)

    def cache_pages(self, pages: list[CachedPage]) -> None:
        with self._transaction() as conn:
            cache_repo.save(conn, pages)

    # violations and scores

    def reconcile_violations(
        self, run_id: int, as_of: datetime, site_ids: list[str], rulesets: list[str], findings: list[Finding]
    ) -> list[Problem]:
        with self._transaction() as conn:
            return violation_repo.reconcile(conn, run_id, as_of, site_ids, rulesets, findings)

    def violations(self, *, site: str | None = None, status: str | None = None, run_id: int | None = None) -> list[Problem]:
        """One Problem per place, listing every rule it breaks (see `violations.list_violations`)."""
        with self._transaction() as conn:
            return violation_repo.list_violations(conn, site=site, status=status, run_id=run_id)

    def problem(self, problem_id: str, run_id: int | None = None) -> Problem | None:
        """One problem by its id: its current state, or the state run `run_id` left it in (None if unseen there)."""
        with self._transaction() as conn:
            return violation_repo.get_problem(conn, problem_id, run_id)

    def active_problem_counts(self, run_id: int) -> dict[str, dict[Severity, int]]:
        """site -> severity -> problems the run left new or open (each once, by its most severe rule)."""
        with self._transaction() as conn:
            return violation_repo.active_problem_counts(conn, run_id)

    def fetched_pages(self, run_id: int, urls: Collection[str]) -> list[FetchedPage]:
        """What the run kept of the pages it fetched at these URLs (metadata: no page body is kept)."""
        with self._transaction() as conn:
            return page_repo.fetched_pages(conn, run_id, urls)

    def column_latest(self, run_id: int, site_id: str, until: date) -> dict[str, ColumnLatest]:
        """Per column of the site: the items the run listed and the newest item date up to `until`."""
        with self._transaction() as conn:
            return page_repo.column_latest(conn, run_id, site_id, until)

    def save_scores(self, run_id: int, scores: list[Score]) -> None:
        with self._transaction() as conn:
            score_repo.save_scores(conn, run_id, scores)

    def scores(self, run_id: int) -> list[Score]:
        with self._transaction() as conn:
            return score_repo.list_scores(conn, run_id)

    def score_history(self, until_run_id: int, runs: int = 12) -> list[tuple[int, datetime, Score]]:
        with self._transaction() as conn:
            return score_repo.score_history(conn, until_run_id, runs)

    def open_problem_counts(self, run_ids: Collection[int]) -> dict[tuple[int, str], int]:
        """(run id, site id) -> the problems each run left new or open at each site (the trend charts)."""
        with self._transaction() as conn:
            return report_repo.open_problem_counts(conn, run_ids)

    def unverified_links(self, run_id: int) -> list[tuple[str, LinkOccurrence]]:
        """(site id, occurrence) of the run's links whose target it could not verify (bot wall, robots.txt)."""
        with self._transaction() as conn:
            return report_repo.unverified_link_occurrences(conn, run_id)

    def previous_scores(self, before_run_id: int) -> dict[tuple[str, str], float]:
        with self._transaction() as conn:
            return score_repo.previous_scores(conn, before_run_id)

    # availability probes

    def add_probe(
        self, site_id: str, at: datetime, outcome: str, status: int | None, seconds: float | None, error: str = ""
    ) -> None:
        with self._transaction() as conn:
            probe_repo.add_probe(conn, site_id, at, outcome, status, seconds, error)

    def probes(self, site_id: str, since: datetime) -> list[ProbeRecord]:
        with self._transaction() as conn:
            return probe_repo.list_probes(conn, site_id, since)

    # disclosure statistics (R11)

    def published_items(self, year: int, site_ids: list[str] | None = None) -> list[PublishedItem]:
        """Items dated in `year`, once per site and URL, over every complete run that could list them."""
        with self._transaction() as conn:
            return stats_repo.published_items(conn, year, site_ids)

    # the outbox of bulletins (auditor/mail/outbox.py): each status change commits on its own

    def outbox_enqueue(self, entries: list[OutboxEntry], now: datetime) -> int:
        """Record the messages not recorded yet as pending; never replaces a row. Returns how many were new."""
        with self._transaction() as conn:
            return outbox_repo.enqueue(conn, entries, now)

    def outbox(self, run_id: int | None = None, statuses: Collection[str] | None = None) -> list[OutboxMessage]:
        with self._transaction() as conn:
            return outbox_repo.list_messages(conn, run_id, statuses)

    def outbox_claim(self, message: OutboxMessage) -> bool:
        """Mark `sending` (attempts + 1) unless another process changed the row since it was read."""
        with self._transaction() as conn:
            return outbox_repo.claim(conn, message)

    def outbox_mark_sent(self, message_id: int, at: datetime, note: str = "") -> None:
        with self._transaction() as conn:
            outbox_repo.mark_sent(conn, message_id, at, note)

    def outbox_mark_pending(self, message_id: int, error: str) -> None:
        with self._transaction() as conn:
            outbox_repo.mark_pending(conn, message_id, error)

    def outbox_mark_failed(self, message_id: int, error: str) -> None:
        with self._transaction() as conn:
            outbox_repo.mark_failed(conn, message_id, error)

    def outbox_note_attempt(self, message_ids: list[int], error: str) -> None:
        with self._transaction() as conn:
            outbox_repo.note_attempt(conn, message_ids, error)

    def outbox_requeue_failed(self, run_id: int | None = None) -> int:
        with self._transaction() as conn:
            return outbox_repo.requeue_failed(conn, run_id)

    # the alert outbox (auditor/alerts/): each status change commits on its own

    def alert_enqueue(self, entries: list[AlertEntry], now: datetime) -> int:
        """Record the alerts not recorded yet as pending (one per event and channel); returns how many were new."""
        with self._transaction() as conn:
            return alert_repo.enqueue(conn, entries, now)

    def alert_outages(self) -> dict[str, SiteOutage]:
        """site id -> the failed probes in a row and whether its "down" alert was recorded."""
        with self._transaction() as conn:
            return alert_repo.outages(conn)

    def alert_probe_round(self, states: list[SiteOutage], entries: list[AlertEntry], now: datetime) -> int:
        """The sites' new outage states and the alerts they raise, in one transaction: a crash keeps both or neither."""
        with self._transaction() as conn:
            alert_repo.save_outages(conn, states)
            return alert_repo.enqueue(conn, entries, now)

    def alerts(
        self, statuses: Collection[str] | None = None, *, due_by: datetime | None = None,
        channel: str | None = None, limit: int | None = None,
    ) -> list[AlertRow]:
        with self._transaction() as conn:
            return alert_repo.list_alerts(conn, statuses, due_by=due_by, channel=channel, limit=limit)

    def alert_claim(self, row: AlertRow) -> bool:
        """Mark `sending` (attempts + 1) unless another process changed the row since it was read."""
        with self._transaction() as conn:
            return alert_repo.claim(conn, row)

    def alert_mark_sent(self, row_ids: list[int], at: datetime) -> None:
        with self._transaction() as conn:
            alert_repo.mark_sent(conn, row_ids, at)

    def alert_mark_retry(self, row_ids: list[int], error: str, next_attempt_at: datetime) -> None:
        with self._transaction() as conn:
            alert_repo.mark_retry(conn, row_ids, error, next_attempt_at)

    def alert_mark_failed(self, row_ids: list[int], error: str) -> None:
        with self._transaction() as conn:
            alert_repo.mark_failed(conn, row_ids, error)

    def alert_postpone(self, row_ids: list[int], until: datetime) -> None:
        with self._transaction() as conn:
            alert_repo.postpone(conn, row_ids, until)
