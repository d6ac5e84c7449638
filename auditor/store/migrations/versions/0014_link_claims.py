"""Link claims: which site task of a queued run requests a link target, keyed by (run, url).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

Issue 21 part 2: the site tasks of a queued run share their link verdicts through the
store. The first task to need a target claims it here (an insert that does nothing when
another task's claim is there); only the claimer requests it and stores the verdict in
link_results, the others read that verdict. Nothing existing changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset


def upgrade() -> None:
    op.create_table(
        "link_claims",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["audit_runs.id"], name=op.f("fk_link_claims_run_id_audit_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "url", name=op.f("pk_link_claims")),
    )


def downgrade() -> None:
    op.drop_table("link_claims")
