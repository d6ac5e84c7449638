"""The alert outbox and the outages in progress (auditor/alerts/).

One row per (event, channel), inserted once and never replaced, so detecting an event
again cannot send it again. Each status change is its own transaction: `claim` commits
`sending` before the message leaves, `mark_sent` right after the channel accepted it.

    pending ──claim──▶ sending ──▶ sent
       ▲                  │
       └── temporary ─────┤ (next_attempt_at pushed back, exponentially)
                          └── permanent, or too many attempts ──▶ failed
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..models import OutboxStatus
from .sqltypes import clean_text
from .tables import alert_outbox, alert_sites


@dataclass(frozen=True, slots=True)
class AlertEntry:
    """An alert for one channel, ready to be recorded."""

    event_key: str
    channel: str
    event: str
    site_id: str | None
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AlertRow:
    """One row of the alert outbox."""

    id: int
    event_key: str
    channel: str
    event: str
    site_id: str | None
    payload: dict[str, Any]
    status: OutboxStatus
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class SiteOutage:
    """What the probes said of a site lately: failed probes in a row, since when, and whether "down" went out."""

    site_id: str
    failures: int = 0
    first_failed_at: datetime | None = None
    down_alerted: bool = False
    last_error: str = ""


def enqueue(conn: Connection, entries: list[AlertEntry], now: datetime) -> int:
    """Insert the entries not recorded yet as pending, due now; returns how many were new."""
    if not entries:
        return 0
    rows = [
        {"event_key": clean_text(e.event_key, 255), "channel": e.channel, "event": e.event, "site_id": e.site_id,
         "payload": e.payload, "status": OutboxStatus.PENDING, "attempts": 0, "last_error": "",
         "created_at": now, "next_attempt_at": now}
        for e in entries
    ]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(alert_outbox).values(rows).on_conflict_do_nothing(index_elements=["event_key", "channel"])
    return len(conn.execute(statement.returning(alert_outbox.c.id)).all())


def list_alerts(
    conn: Connection, statuses: Collection[str] | None = None, *, due_by: datetime | None = None,
    channel: str | None = None, limit: int | None = None,
) -> list[AlertRow]:
    """Oldest first; with `limit`, the newest `limit` rows (still oldest first)."""
    query = sa.select(alert_outbox)
    if statuses is not None:
        query = query.where(alert_outbox.c.status.in_(list(statuses)))
    if due_by is not None:
        query = query.where(alert_outbox.c.next_attempt_at <= due_by)
    if channel is not None:
        query = query.where(alert_outbox.c.channel == channel)
    if limit is not None:
        query = query.order_by(alert_outbox.c.id.desc()).limit(limit)
        return [_row(row) for row in reversed(conn.execute(query).all())]
    return [_row(row) for row in conn.execute(query.order_by(alert_outbox.c.id))]


def claim(conn: Connection, row: AlertRow) -> bool:
    """Mark `sending` and count the attempt, if nobody changed the row since it was read (compare-and-set)."""
    result = conn.execute(
        alert_outbox.update()
        .where(alert_outbox.c.id == row.id, alert_outbox.c.status == row.status, alert_outbox.c.attempts == row.attempts)
        .values(status=OutboxStatus.SENDING, attempts=alert_outbox.c.attempts + 1)
    )
    return result.rowcount == 1


def mark_sent(conn: Connection, row_ids: list[int], at: datetime) -> None:
    conn.execute(alert_outbox.update().where(alert_outbox.c.id.in_(row_ids)).values(
        status=OutboxStatus.SENT, sent_at=at, last_error=""))


def mark_retry(conn: Connection, row_ids: list[int], error: str, next_attempt_at: datetime) -> None:
    """A temporary failure: pending again, not before `next_attempt_at`."""
    conn.execute(alert_outbox.update().where(alert_outbox.c.id.in_(row_ids)).values(
        status=OutboxStatus.PENDING, last_error=clean_text(error), next_attempt_at=next_attempt_at))


def mark_failed(conn: Connection, row_ids: list[int], error: str) -> None:
    conn.execute(alert_outbox.update().where(alert_outbox.c.id.in_(row_ids)).values(
        status=OutboxStatus.FAILED, last_error=clean_text(error)))


def postpone(conn: Connection, row_ids: list[int], until: datetime) -> None:
    """Not tried (the channel's rate limit): due again at `until`, the attempt not counted."""
    conn.execute(alert_outbox.update().where(alert_outbox.c.id.in_(row_ids)).values(next_attempt_at=until))


def outages(conn: Connection) -> dict[str, SiteOutage]:
    return {row.site_id: SiteOutage(row.site_id, row.failures, row.first_failed_at, row.down_alerted, row.last_error)
            for row in conn.execute(sa.select(alert_sites))}


def save_outages(conn: Connection, states: list[SiteOutage]) -> None:
    for state in states:
        values = {"failures": state.failures, "first_failed_at": state.first_failed_at,
                  "down_alerted": state.down_alerted, "last_error": clean_text(state.last_error)}
        updated = conn.execute(alert_sites.update().where(alert_sites.c.site_id == state.site_id).values(**values))
        if updated.rowcount == 0:
            conn.execute(alert_sites.insert().values(site_id=state.site_id, **values))


def _row(row: sa.Row[Any]) -> AlertRow:
    return AlertRow(
        id=row.id, event_key=row.event_key, channel=row.channel, event=row.event, site_id=row.site_id,
        payload=dict(row.payload or {}), status=OutboxStatus(row.status), attempts=row.attempts,
        last_error=row.last_error, created_at=row.created_at, next_attempt_at=row.next_attempt_at, sent_at=row.sent_at,
    )
