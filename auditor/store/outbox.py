"""The outbox table: bulletins recorded before they are sent, and what became of each.

A row is inserted once per (run, recipient) and never replaced, so composing the
bulletins again cannot resend one already sent. Each status change is its own
transaction: `claim` commits `sending` before the SMTP conversation starts and
`mark_sent` commits right after the server accepted the message.

    pending ──claim──▶ sending ──▶ sent
       ▲                  │
       └── temporary ─────┤
                          └── permanent ──▶ failed ──retry──▶ pending
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
from .tables import outbox


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A composed message, ready to be recorded."""

    run_id: int
    recipient_key: str  # "office" or "unit:<unit key>"
    to_addresses: tuple[str, ...]
    subject: str
    message: bytes  # the whole RFC 5322 message


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One row of the outbox."""

    id: int
    run_id: int
    recipient_key: str
    to_addresses: tuple[str, ...]
    subject: str
    message: bytes
    status: OutboxStatus
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None


def enqueue(conn: Connection, entries: list[OutboxEntry], now: datetime) -> int:
    """Insert the entries not recorded yet as `pending`; an existing row is left as it is. Returns how many were new."""
    if not entries:
        return 0
    rows = [
        {
            "run_id": e.run_id, "recipient_key": e.recipient_key, "to_addresses": list(e.to_addresses),
            "subject": clean_text(e.subject, 1024), "message": e.message, "status": OutboxStatus.PENDING,
            "attempts": 0, "last_error": "", "created_at": now,
        }
        for e in entries
    ]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(outbox).values(rows).on_conflict_do_nothing(index_elements=["run_id", "recipient_key"])
    # RETURNING counts the rows inserted on both backends (psycopg's rowcount does not here)
    return len(conn.execute(statement.returning(outbox.c.id)).all())


def list_messages(
    conn: Connection, run_id: int | None = None, statuses: Collection[str] | None = None,
) -> list[OutboxMessage]:
    query = sa.select(outbox).order_by(outbox.c.run_id, outbox.c.id)
    if run_id is not None:
        query = query.where(outbox.c.run_id == run_id)
    if statuses is not None:
        query = query.where(outbox.c.status.in_(list(statuses)))
    return [_message(row) for row in conn.execute(query)]


def claim(conn: Connection, message: OutboxMessage) -> bool:
    """Mark the row `sending` and count the attempt, if nobody changed it since it was read.

    The compare-and-set on (status, attempts) means two `auditor bulletin --send`
    running at once never both send one row: the second finds it changed and skips it.
    """
    result = conn.execute(
        outbox.update()
        .where(outbox.c.id == message.id, outbox.c.status == message.status, outbox.c.attempts == message.attempts)
        .values(status=OutboxStatus.SENDING, attempts=outbox.c.attempts + 1)
    )
    return result.rowcount == 1


def mark_sent(conn: Connection, message_id: int, at: datetime, note: str = "") -> None:
    conn.execute(outbox.update().where(outbox.c.id == message_id).values(
        status=OutboxStatus.SENT, sent_at=at, last_error=clean_text(note),
    ))


def mark_pending(conn: Connection, message_id: int, error: str) -> None:
    """A temporary failure: the row waits for the next attempt."""
    conn.execute(outbox.update().where(outbox.c.id == message_id).values(status=OutboxStatus.PENDING, last_error=clean_text(error)))


def mark_failed(conn: Connection, message_id: int, error: str) -> None:
    """A permanent failure for this recipient: left alone until `auditor outbox --retry`."""
    conn.execute(outbox.update().where(outbox.c.id == message_id).values(status=OutboxStatus.FAILED, last_error=clean_text(error)))


def note_attempt(conn: Connection, message_ids: list[int], error: str) -> None:
    """An attempt that never reached these rows' own conversation (the server was down): count it, keep the status."""
    if message_ids:
        conn.execute(
            outbox.update()
            .where(outbox.c.id.in_(message_ids), outbox.c.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)))
            .values(attempts=outbox.c.attempts + 1, last_error=clean_text(error))
        )


def requeue_failed(conn: Connection, run_id: int | None = None) -> int:
    """Failed rows back to `pending` (`auditor outbox --retry`); returns how many."""
    statement = outbox.update().where(outbox.c.status == OutboxStatus.FAILED).values(status=OutboxStatus.PENDING)
    if run_id is not None:
        statement = statement.where(outbox.c.run_id == run_id)
    return conn.execute(statement).rowcount or 0


def _message(row: sa.Row[Any]) -> OutboxMessage:
    return OutboxMessage(
        id=row.id, run_id=row.run_id, recipient_key=row.recipient_key,
        to_addresses=tuple(row.to_addresses or ()), subject=row.subject, message=bytes(row.message),
        status=OutboxStatus(row.status), attempts=row.attempts, last_error=row.last_error,
        created_at=row.created_at, sent_at=row.sent_at,
    )
