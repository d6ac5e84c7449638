"""The items sites published in a year, for the disclosure statistics (R11).

Union over every complete run that could have seen the year's items (from the last
day of the previous year on, so a February audit still counts December's items),
deduplicated by (site, item URL): an item listed by 24 half-monthly runs counts once.
When one URL was listed in two columns, the latest run's sighting wins, then the
smallest column id, so the count never depends on row order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import RunStatus
from .records import PublishedItem
from .tables import audit_runs, column_items, site_columns


def published_items(conn: Connection, year: int, site_ids: Iterable[str] | None = None) -> list[PublishedItem]:
    sightings = _latest_sightings(conn, year, site_ids)
    chosen: dict[tuple[str, str], tuple[int, str, date]] = {}  # (site, url) -> (run, column, date)
    for site_id, url, column_id, run_id, item_date in sightings:
        key = (site_id, url)
        current = chosen.get(key)
        if current is None or (-run_id, column_id) < (-current[0], current[1]):
            chosen[key] = (run_id, column_id, item_date)
    columns = _columns(conn, {(site_id, column_id) for (site_id, _), (_, column_id, _) in chosen.items()})
    items = []
    for (site_id, url), (_, column_id, item_date) in sorted(chosen.items()):
        name, kind, category = columns.get((site_id, column_id), ("", "other", None))
        items.append(PublishedItem(site_id=site_id, column_id=column_id, column_name=name, kind=kind,
                                   category=category, url=url, item_date=item_date))
    return items


def _latest_sightings(conn: Connection, year: int, site_ids: Iterable[str] | None) -> list[tuple[str, str, str, int, date]]:
    """(site, url, column, latest run, date) for every item dated in the year, per column it was listed in."""
    runs_from = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1)
    query = (
        sa.select(column_items.c.site_id, column_items.c.url, column_items.c.column_id,
                  sa.func.max(column_items.c.run_id), sa.func.max(column_items.c.item_date))
        .join(audit_runs, audit_runs.c.id == column_items.c.run_id)
        .where(
            audit_runs.c.status == RunStatus.COMPLETE,
            audit_runs.c.as_of >= runs_from,
            column_items.c.item_date >= date(year, 1, 1),
            column_items.c.item_date <= date(year, 12, 31),
        )
        .group_by(column_items.c.site_id, column_items.c.url, column_items.c.column_id)
    )
    if site_ids is not None:
        query = query.where(column_items.c.site_id.in_(list(site_ids)))
    return [(row[0], row[1], row[2], int(row[3]), _as_date(row[4])) for row in conn.execute(query)]


def _columns(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str, str | None]]:
    """Name, kind and category of the columns asked for (inactive ones too: history outlives the config)."""
    if not keys:
        return {}
    site_ids = sorted({site_id for site_id, _ in keys})
    query = sa.select(site_columns.c.site_id, site_columns.c.id, site_columns.c.name, site_columns.c.kind,
                      site_columns.c.category).where(site_columns.c.site_id.in_(site_ids))
    return {(row.site_id, row.id): (row.name, row.kind, row.category) for row in conn.execute(query)}


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
