"""Each site's judgement in a run, kept apart so that the run can be finished from the store.

A run goes in three stages (auditor/audit.py): begin, one site stage per site, finish.
The site stage crawls a site, checks its links, evaluates the rules on it and saves here
what the finish needs of it, keyed by (run, site); the finish reads every site's
judgement back, scores and ranks the sites, reconciles the violations and completes the
run. Nothing of a site's judgement lives only in the memory of the process that made
it, so another process (issue 21's site tasks) can finish the run.

A site stage may run again for the same (run, site) (a process died after the crawl):
`clear_site_rows` deletes what the earlier attempt wrote of the site in that run
(pages, their links and list items) before it crawls again, `save` replaces the
judgement in one transaction, and `add_new_link_results` keeps a verdict the run has
already stored (other sites of the run may have been judged by it).

The values are JSON text, written with every non-ASCII character escaped rather than
through the engine's JSON type: that one replaces lone surrogates (a site's malformed
text) to suit the driver, and a finding's url and key must read back exactly as they
were made, since the violation's fingerprint is their digest. `facts` and `unverified`
are documents of values the layers above the store own (scoring's site facts, the links'
unverified links); the audit writes and reads them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..models import ColumnCoverage, Finding, LinkResult, Severity, SiteCoverage, UnverifiedCheck
from .locks import QUEUE, QUEUE_FINISHER
from .rows import LINK_RESULT_COLUMNS, link_result_values
from .sqltypes import clean_url, json_default
from .tables import audit_runs, column_items, link_results, links, pages, site_judgements

URLS_PER_QUERY = 500  # bound parameters per IN list: well under SQLite's and PostgreSQL's limits


@dataclass(frozen=True, slots=True)
class JudgementRecord:
    """One site's judgement in one run, as the finish reads it."""

    site: str
    findings: tuple[Finding, ...] = ()  # in the order the rules found them
    unjudged: tuple[UnverifiedCheck, ...] = ()  # what a check could not judge, and why
    coverage: SiteCoverage | None = None  # what was read of the site; None when the crawl said nothing
    pages: int = 0  # pages the site stage fetched and stored
    targets: int = 0  # distinct link targets the site brought to the run first
    facts: dict[str, Any] = field(default_factory=dict)  # scoring's facts of the site, as the audit documents them
    unverified: tuple[dict[str, Any], ...] = ()  # the site's unverified links, as the audit documents them


def save(conn: Connection, run_id: int, judgement: JudgementRecord, at: datetime) -> None:
    """The site's judgement in the run, replacing an earlier one (the caller's one transaction)."""
    conn.execute(site_judgements.delete().where(
        site_judgements.c.run_id == run_id, site_judgements.c.site_id == judgement.site))
    conn.execute(site_judgements.insert().values(
        run_id=run_id, site_id=judgement.site, judged_at=at, pages=judgement.pages, targets=judgement.targets,
        findings=_dumps([_finding_document(f) for f in judgement.findings]),
        unverified_checks=_dumps([dataclasses.asdict(u) for u in judgement.unjudged]),
        coverage=None if judgement.coverage is None else _dumps(dataclasses.asdict(judgement.coverage)),
        facts=_dumps(judgement.facts),
        unverified_links=_dumps(list(judgement.unverified)),
    ))


def judgements(conn: Connection, run_id: int) -> dict[str, JudgementRecord]:
    """Every site judgement of the run, by site id."""
    query = sa.select(site_judgements).where(site_judgements.c.run_id == run_id).order_by(site_judgements.c.site_id)
    return {row.site_id: _record(row) for row in conn.execute(query)}


def clear_site_rows(conn: Connection, run_id: int, site_id: str) -> None:
    """What a site stage writes of its site in the run, before it runs (again): its pages, their
    links and list items, and its judgement. The run's link verdicts are not the site's alone."""
    for table in (pages, links, column_items, site_judgements):
        conn.execute(table.delete().where(table.c.run_id == run_id, table.c.site_id == site_id))


def add_new_link_results(conn: Connection, run_id: int, results: list[LinkResult]) -> int:
    """The verdicts on the URLs the run has none for yet; how many were added. A site stage run
    again keeps the verdicts the run already has: other sites may have been judged by them."""
    wanted = sorted({clean_url(result.url) for result in results})
    known: set[str] = set()
    for start in range(0, len(wanted), URLS_PER_QUERY):
        chunk = wanted[start:start + URLS_PER_QUERY]
        known.update(conn.execute(
            sa.select(link_results.c.url).where(link_results.c.run_id == run_id, link_results.c.url.in_(chunk))
        ).scalars())
    new = [result for result in results if clean_url(result.url) not in known]
    _insert_unless_present(conn, run_id, new)
    return len({clean_url(result.url) for result in new})


def _insert_unless_present(conn: Connection, run_id: int, results: list[LinkResult]) -> None:
    """Insert the verdicts, skipping a URL another process stored for the run since we looked (two
    site tasks of a queued run settle their links at once): ON CONFLICT DO NOTHING on (run, url)."""
    rows = {row["url"]: row for row in (dict(zip(LINK_RESULT_COLUMNS, link_result_values(run_id, result), strict=True))
                                         for result in results)}
    if not rows:
        return
    dialect = conn.dialect.name
    insert: Any = postgresql.insert(link_results) if dialect == "postgresql" else sqlite.insert(link_results)
    conn.execute(insert.on_conflict_do_nothing(index_elements=["run_id", "url"]), list(rows.values()))


def judged_sites(conn: Connection, run_id: int) -> dict[str, int]:
    """The sites of the run that have a judgement saved, with the pages each stage stored."""
    query = sa.select(site_judgements.c.site_id, site_judgements.c.pages).where(site_judgements.c.run_id == run_id)
    return {row.site_id: row.pages for row in conn.execute(query)}


def claim_finish(conn: Connection, run_id: int, site_id: str, sites: int) -> bool:
    """Whether this site's task is the one to finish the queued run: one UPDATE that succeeds once,
    for the task that finds all `sites` judgements saved and the run not yet claimed (or claimed by
    the same site's task before: it died, and its redelivery finishes the run). PostgreSQL runs
    the UPDATEs of two tasks saving their judgements at once one after the other: the second sees
    the holder the first wrote and matches nothing; each statement's count sees the judgements
    committed before it began, so the last task to save sees them all."""
    mine = QUEUE_FINISHER + site_id
    judged = sa.select(sa.func.count()).select_from(site_judgements).where(site_judgements.c.run_id == run_id)
    claimed = conn.execute(
        audit_runs.update()
        .where(audit_runs.c.id == run_id, audit_runs.c.status == "running",
               audit_runs.c.holder.in_((QUEUE.label, mine)), judged.scalar_subquery() == sites)
        .values(holder=mine)
    )
    return claimed.rowcount == 1


def distinct_targets(conn: Connection, run_id: int) -> int:
    """The distinct link targets of the run's stored links: a queued run's `links` figure, where each
    site task counted the targets it met first in its own ledger and a shared one once per site."""
    return int(conn.execute(
        sa.select(sa.func.count(sa.distinct(links.c.target))).where(links.c.run_id == run_id)
    ).scalar_one())


def outcome_counts(conn: Connection, run_id: int, before: datetime) -> tuple[dict[str, int], int]:
    """The run's distinct link targets by outcome, and how many of its verdicts were checked
    `before` (the run's start): verdicts reused from earlier runs keep their time."""
    counts = {row.outcome: row.n for row in conn.execute(
        sa.select(link_results.c.outcome, sa.func.count().label("n"))
        .where(link_results.c.run_id == run_id).group_by(link_results.c.outcome)
    )}
    reused = conn.execute(
        sa.select(sa.func.count()).select_from(link_results)
        .where(link_results.c.run_id == run_id, link_results.c.checked_at < before)
    ).scalar_one()
    return counts, reused


def _dumps(value: Any) -> str:
    """ASCII JSON: lone surrogates and NULs escaped, so they read back as they were."""
    return json.dumps(value, ensure_ascii=True, default=json_default)


def _finding_document(finding: Finding) -> dict[str, Any]:
    document = {name.name: getattr(finding, name.name) for name in dataclasses.fields(finding)}
    document["severity"] = finding.severity.value
    return document


def _record(row: sa.Row[Any]) -> JudgementRecord:
    coverage = json.loads(row.coverage) if row.coverage is not None else None
    return JudgementRecord(
        site=row.site_id,
        findings=tuple(_finding(document) for document in json.loads(row.findings)),
        unjudged=tuple(UnverifiedCheck(**document) for document in json.loads(row.unverified_checks)),
        coverage=_coverage(coverage) if coverage is not None else None,
        pages=row.pages, targets=row.targets,
        facts=json.loads(row.facts),
        unverified=tuple(json.loads(row.unverified_links)),
    )


def _finding(document: dict[str, Any]) -> Finding:
    return Finding(**{**document, "severity": Severity(document["severity"])})


def _coverage(document: dict[str, Any]) -> SiteCoverage:
    columns: Sequence[dict[str, Any]] = document.pop("columns")
    return SiteCoverage(**document, columns=tuple(ColumnCoverage(**column) for column in columns))
