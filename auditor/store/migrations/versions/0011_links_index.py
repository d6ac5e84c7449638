"""The links of a run indexed by site alone, not by site and target.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The (run_id, site_id, target) index put each link written at a random leaf of the
run's part of the index, so writing a page's links cost more the more links the run
already held: at scale 20 of the demo estate (about a million links) the store spent
0.55 ms a page on its batches against 0.31 ms at scale 2 (issue 20, benchmarks/scale.py).
No query looks links up by target: both read a site's or a run's links in id order and
join each to its verdict, which (run_id, site_id) serves with the rows in the order
written, appended at the end of the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_links_run_id_site_id_target"), table_name="links")
    op.create_index(op.f("ix_links_run_id_site_id"), "links", ["run_id", "site_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_links_run_id_site_id"), table_name="links")
    op.create_index(op.f("ix_links_run_id_site_id_target"), "links", ["run_id", "site_id", "target"], unique=False)
