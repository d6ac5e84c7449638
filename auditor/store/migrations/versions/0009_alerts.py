"""Alerts: an outbox of alerts, one row per (event, channel), and the outage each site is in.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

The daemon records every alert before it sends it (issue 18), as the bulletins' outbox
does (0003): the unique (event_key, channel) pair means an event is never sent twice to
one channel, across restarts and crashes. `alert_sites` keeps the consecutive failed
probes of each site, so a restart neither forgets an outage nor announces it again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset


def upgrade() -> None:
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_key", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("next_attempt_at", UTC_TIME, nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_outbox")),
        sa.UniqueConstraint("event_key", "channel", name=op.f("uq_alert_outbox_event_key_channel")),
    )
    op.create_index(op.f("ix_alert_outbox_status_next_attempt_at"), "alert_outbox", ["status", "next_attempt_at"], unique=False)
    op.create_table(
        "alert_sites",
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("first_failed_at", UTC_TIME, nullable=True),
        sa.Column("down_alerted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("last_error", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_alert_sites")),
    )


def downgrade() -> None:
    op.drop_table("alert_sites")
    op.drop_index(op.f("ix_alert_outbox_status_next_attempt_at"), table_name="alert_outbox")
    op.drop_table("alert_outbox")
