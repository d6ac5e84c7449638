"""Site judgements: each site stage's judgement of its site in a run, keyed by (run, site).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08

A run goes in stages (auditor/audit.py): begin, one site stage per site, finish. The
site stage saves here what the finish needs of its site (findings, unverified links,
unjudged checks, the facts scoring reads, coverage, pages and link targets), so the
finish reads them from the store rather than from one process's memory: the ground for
running site stages as tasks of their own (issue 21). Nothing existing changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset


def upgrade() -> None:
    op.create_table(
        "site_judgements",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("judged_at", UTC_TIME, nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("targets", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("unverified_links", sa.Text(), nullable=False),
        sa.Column("unverified_checks", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("coverage", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["audit_runs.id"], name=op.f("fk_site_judgements_run_id_audit_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "site_id", name=op.f("pk_site_judgements")),
    )


def downgrade() -> None:
    op.drop_table("site_judgements")
