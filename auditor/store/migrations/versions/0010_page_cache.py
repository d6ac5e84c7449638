"""Page cache: the body last read with each page's ETag or Last-Modified.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

A re-audit sends each page's validators (issue 20: request economy); a 304 carries no
body, so the crawl reads the page from here instead. One row per URL as requested,
replaced whenever a 200 brings validators; the text is UTF-8, zlib-compressed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset


def upgrade() -> None:
    op.create_table(
        "page_cache",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), server_default="", nullable=False),
        sa.Column("encoding", sa.String(length=32), server_default="", nullable=False),
        sa.Column("content_hash", sa.String(length=64), server_default="", nullable=False),
        sa.Column("size", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_page_cache")),
    )
    op.create_index(op.f("ix_page_cache_site_id"), "page_cache", ["site_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_page_cache_site_id"), table_name="page_cache")
    op.drop_table("page_cache")
