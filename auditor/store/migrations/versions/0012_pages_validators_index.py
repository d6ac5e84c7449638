"""The pages' (site_id, run_id) index dropped with `Store.page_validators`, its only reader.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

`page_validators` read the ETag and Last-Modified of a site's pages from its latest
complete run; the page cache (0010) took its place and nothing called it any more. The
index cost every page row a second random insert (site ids are not in write order) for
no query: the others read a run's pages by (run_id, site_id, url), the remaining index.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_pages_site_id_run_id"), table_name="pages")


def downgrade() -> None:
    op.create_index(op.f("ix_pages_site_id_run_id"), "pages", ["site_id", "run_id"], unique=False)
