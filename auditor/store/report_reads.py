"""Reads the reports need beyond a run's own rows: open problems per site over several runs
(the trend charts), and the links a run could not verify (shown for checking by hand)."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import LinkOccurrence, Outcome, ViolationStatus
from .rows import link_from_row, link_result_from_row
from .tables import link_results, links, violation_sightings, violations

ACTIVE = (ViolationStatus.NEW.value, ViolationStatus.OPEN.value)
UNVERIFIED = (Outcome.UNVERIFIED.value, Outcome.ROBOTS.value)


def open_problem_counts(conn: Connection, run_ids: Collection[int]) -> dict[tuple[int, str], int]:
    """(run id, site id) -> how many problems the run left new or open at the site.

    A problem is one place (`violations.problem`), however many rules of however many rulesets
    it breaks; a site with none in a run is absent."""
    if not run_ids:
        return {}
    query = (
        sa.select(
            violation_sightings.c.run_id, violations.c.site_id,
            sa.func.count(sa.distinct(violations.c.problem)).label("problems"),
        )
        .join(violations, violations.c.id == violation_sightings.c.violation_id)
        .where(violation_sightings.c.run_id.in_(list(run_ids)), violation_sightings.c.status.in_(ACTIVE))
        .group_by(violation_sightings.c.run_id, violations.c.site_id)
    )
    return {(row.run_id, row.site_id): int(row.problems) for row in conn.execute(query)}


def unverified_link_occurrences(conn: Connection, run_id: int) -> list[tuple[str, LinkOccurrence]]:
    """(site id, occurrence) of every link of the run whose target could not be verified
    (refused to a bot, a challenge, robots.txt), in the order found."""
    query = (
        sa.select(
            links.c.site_id, links.c.source_url, links.c.target, links.c.element, links.c.attribute, links.c.text,
            link_results.c.url, link_results.c.outcome, link_results.c.status, link_results.c.error,
            link_results.c.final_url, link_results.c.redirects, link_results.c.checked_at, link_results.c.elapsed,
            link_results.c.title,
        )
        .join(link_results, sa.and_(link_results.c.run_id == links.c.run_id, link_results.c.url == links.c.target))
        .where(links.c.run_id == run_id, link_results.c.outcome.in_(UNVERIFIED))
        .order_by(links.c.id)
    )
    return [
        (row.site_id, LinkOccurrence(link=link_from_row(row), result=link_result_from_row(row)))
        for row in conn.execute(query)
    ]
