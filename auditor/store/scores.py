"""Scores per run, site and ruleset, and the previous complete run's for comparison."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import RunStatus, Score
from .records import SCORED_KINDS
from .rows import score_from_row, score_row
from .tables import audit_runs, scores


def save_scores(conn: Connection, run_id: int, batch: list[Score]) -> None:
    """Replaces the run's scores for the (site, ruleset) pairs given: saving twice is harmless."""
    rows = {(s.site, s.ruleset): score_row(run_id, s) for s in batch}
    if not rows:
        return
    conn.execute(
        scores.delete().where(
            scores.c.run_id == run_id,
            scores.c.site_id == sa.bindparam("b_site"),
            scores.c.ruleset == sa.bindparam("b_ruleset"),
        ),
        [{"b_site": site_id, "b_ruleset": ruleset} for site_id, ruleset in rows],
    )
    conn.execute(scores.insert(), list(rows.values()))


def list_scores(conn: Connection, run_id: int) -> list[Score]:
    query = sa.select(scores).where(scores.c.run_id == run_id).order_by(
        scores.c.ruleset, scores.c.rank, scores.c.site_id
    )
    return [score_from_row(row) for row in conn.execute(query)]


def previous_scores(conn: Connection, before_run_id: int) -> dict[tuple[str, str], float]:
    """(site, ruleset) -> score from the latest complete run before this one that scored the pair.

    Per pair, because a one-site re-audit scores only that site.
    """
    latest = (
        sa.select(scores.c.site_id, scores.c.ruleset, sa.func.max(scores.c.run_id).label("run_id"))
        .join(audit_runs, audit_runs.c.id == scores.c.run_id)
        .where(audit_runs.c.status == RunStatus.COMPLETE, scores.c.run_id < before_run_id)
        .group_by(scores.c.site_id, scores.c.ruleset)
        .subquery()
    )
    query = sa.select(scores.c.site_id, scores.c.ruleset, scores.c.score).join(
        latest,
        sa.and_(
            scores.c.site_id == latest.c.site_id,
            scores.c.ruleset == latest.c.ruleset,
            scores.c.run_id == latest.c.run_id,
        ),
    )
    return {(row.site_id, row.ruleset): row.score for row in conn.execute(query)}


def score_history(conn: Connection, until_run_id: int, runs: int) -> list[tuple[int, datetime, Score]]:
    """(run id, audit time, score) of the last `runs` complete scored runs up to `until_run_id`, oldest
    first: a cadence check scores nothing, so the daily ones would crowd the scored runs out."""
    recent = (
        sa.select(audit_runs.c.id)
        .where(audit_runs.c.status == RunStatus.COMPLETE, audit_runs.c.id <= until_run_id,
               audit_runs.c.kind.in_(SCORED_KINDS))
        .order_by(audit_runs.c.id.desc())
        .limit(runs)
        .subquery()
    )
    query = (
        sa.select(scores, audit_runs.c.as_of)
        .join(audit_runs, audit_runs.c.id == scores.c.run_id)
        .where(scores.c.run_id.in_(sa.select(recent.c.id)))
        .order_by(scores.c.run_id, scores.c.ruleset, scores.c.site_id)
    )
    return [(row.run_id, row.as_of, score_from_row(row)) for row in conn.execute(query)]
