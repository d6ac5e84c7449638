"""The outbox: every bulletin recorded before it is sent, one row per (run, recipient).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

`auditor bulletin --send` inserts a row per message (an existing row is never
replaced) and sends the rows not yet sent, so a re-run or a crash never mails a
recipient twice (issue 6). Plain SQLAlchemy types, as in 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("recipient_key", sa.String(length=80), nullable=False),
        sa.Column("to_addresses", sa.JSON(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["audit_runs.id"], name=op.f("fk_outbox_run_id_audit_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("run_id", "recipient_key", name=op.f("uq_outbox_run_id_recipient_key")),
    )
    op.create_index(op.f("ix_outbox_status_run_id"), "outbox", ["status", "run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_status_run_id"), table_name="outbox")
    op.drop_table("outbox")
