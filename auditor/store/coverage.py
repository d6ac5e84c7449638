"""What each run read of each site (`auditor.models.SiteCoverage`), kept with the run."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import ColumnCoverage, SiteCoverage
from .sqltypes import clean_text
from .tables import site_coverage

_COUNTS = ("pages", "detail_pages", "failed_pages", "robots_pages", "unverified_pages", "over_budget")


def save_coverage(conn: Connection, run_id: int, coverage: list[SiteCoverage]) -> None:
    if coverage:
        conn.execute(site_coverage.insert(), [_row(run_id, site) for site in coverage])


def _row(run_id: int, site: SiteCoverage) -> dict[str, object]:
    return {
        "run_id": run_id, "site_id": site.site, "home_read": site.home_read, "timed_out": site.timed_out,
        **{name: getattr(site, name) for name in _COUNTS},
        "columns": [{**dataclasses.asdict(c), "name": clean_text(c.name, 1000)} for c in site.columns],
    }


def list_coverage(conn: Connection, run_id: int) -> list[SiteCoverage]:
    query = sa.select(site_coverage).where(site_coverage.c.run_id == run_id).order_by(site_coverage.c.site_id)
    return [
        SiteCoverage(
            site=row.site_id, home_read=row.home_read, timed_out=row.timed_out,
            columns=tuple(ColumnCoverage(**column) for column in row.columns),
            **{name: getattr(row, name) for name in _COUNTS},
        )
        for row in conn.execute(query)
    ]
