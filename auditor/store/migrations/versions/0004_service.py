"""The scheduled service: site locks, the run's holder, and APScheduler's job table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

`site_locks` keeps two audits off one site (the daemon's and an on-demand one, on
any machine sharing the database); a lock whose holder died is taken over.
`audit_runs.holder` names the process running a run, `redoes` the interrupted run
it audits again. `apscheduler_jobs` is APScheduler 3's job store table (issue 7).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset


def upgrade() -> None:
    with op.batch_alter_table("audit_runs") as batch:
        batch.add_column(sa.Column("holder", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("redoes", sa.Integer(), nullable=True))
    op.create_table(
        "site_locks",
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("acquired_at", UTC_TIME, nullable=False),
        sa.Column("heartbeat_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["audit_runs.id"], name=op.f("fk_site_locks_run_id_audit_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_site_locks")),
    )
    op.create_index(op.f("ix_site_locks_run_id"), "site_locks", ["run_id"], unique=False)
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")),
    )
    op.create_index(op.f("ix_apscheduler_jobs_next_run_time"), "apscheduler_jobs", ["next_run_time"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_apscheduler_jobs_next_run_time"), table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
    op.drop_index(op.f("ix_site_locks_run_id"), table_name="site_locks")
    op.drop_table("site_locks")
    with op.batch_alter_table("audit_runs") as batch:
        batch.drop_column("redoes")
        batch.drop_column("holder")
