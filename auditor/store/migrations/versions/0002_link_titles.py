"""Link verdicts keep the target page's title; earlier verdicts are found by URL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

The title lets link columns compare a target's title with the link text (issue 5);
the index on (url, checked_at) lets a run reuse a recent ok verdict of an earlier run.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("link_results") as batch:  # SQLite alters tables by copying them
        batch.add_column(sa.Column("title", sa.Text(), server_default="", nullable=False))
    op.create_index(op.f("ix_link_results_url_checked_at"), "link_results", ["url", "checked_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_link_results_url_checked_at"), table_name="link_results")
    with op.batch_alter_table("link_results") as batch:
        batch.drop_column("title")
