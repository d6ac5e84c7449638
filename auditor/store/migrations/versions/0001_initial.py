"""Initial schema: sites, columns, runs, pages, links, results, violations, scores, probes.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Written against plain SQLAlchemy types (not the package"s TypeDecorators), so this
file keeps meaning the same schema whatever the package code becomes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTC; SQLite stores it as text without an offset
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite auto-increments INTEGER keys only
TABLES = (
    "violation_sightings", "scores", "pages", "links", "link_results", "column_items",
    "violations", "sites", "site_columns", "probes", "audit_runs",
)


def upgrade() -> None:
    op.create_table(
        "audit_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("as_of", UTC_TIME, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("site_ids", sa.JSON(), nullable=False),
        sa.Column("sites", sa.Integer(), server_default="0", nullable=False),
        sa.Column("pages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("links", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_runs")),
    )
    op.create_index(op.f("ix_audit_runs_status_id"), "audit_runs", ["status", "id"], unique=False)
    op.create_table(
        "probes",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("probed_at", UTC_TIME, nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("response_seconds", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_probes")),
    )
    op.create_index(op.f("ix_probes_site_id_probed_at"), "probes", ["site_id", "probed_at"], unique=False)
    op.create_table(
        "site_columns",
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("update_within", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("site_id", "id", name=op.f("pk_site_columns")),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.Text(), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("synced_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
    )
    op.create_table(
        "violations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("ruleset", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("check_type", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("veto", sa.Boolean(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("column_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("first_seen", UTC_TIME, nullable=False),
        sa.Column("last_seen", UTC_TIME, nullable=False),
        sa.Column("resolved_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violations")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_violations_fingerprint")),
    )
    op.create_index(op.f("ix_violations_site_id_status"), "violations", ["site_id", "status"], unique=False)
    op.create_index(op.f("ix_violations_status"), "violations", ["status"], unique=False)
    op.create_table(
        "column_items",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("column_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("item_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["audit_runs.id"], name=op.f("fk_column_items_run_id_audit_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_items")),
    )
    op.create_index(op.f("ix_column_items_run_id_site_id_column_id"), "column_items", ["run_id", "site_id", "column_id"], unique=False)
    op.create_table(
        "link_results",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), server_default="", nullable=False),
        sa.Column("final_url", sa.Text(), server_default="", nullable=False),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("checked_at", UTC_TIME, nullable=True),
        sa.Column("elapsed", sa.Float(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["audit_runs.id"], name=op.f("fk_link_results_run_id_audit_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_results")),
        sa.UniqueConstraint("run_id", "url", name=op.f("uq_link_results_run_id_url")),
    )
    op.create_index(op.f("ix_link_results_run_id_outcome"), "link_results", ["run_id", "outcome"], unique=False)
    op.create_table(
        "links",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("element", sa.String(length=32), nullable=False),
        sa.Column("attribute", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["audit_runs.id"], name=op.f("fk_links_run_id_audit_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
    )
    op.create_index(op.f("ix_links_run_id_site_id_target"), "links", ["run_id", "site_id", "target"], unique=False)
    op.create_table(
        "pages",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("column_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), server_default="", nullable=False),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("fetched_at", UTC_TIME, nullable=True),
        sa.Column("content_hash", sa.String(length=64), server_default="", nullable=False),
        sa.Column("encoding", sa.String(length=32), server_default="", nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("depth", sa.Integer(), server_default="0", nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["audit_runs.id"], name=op.f("fk_pages_run_id_audit_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
    )
    op.create_index(op.f("ix_pages_run_id_site_id_url"), "pages", ["run_id", "site_id", "url"], unique=False)
    op.create_index(op.f("ix_pages_site_id_run_id"), "pages", ["site_id", "run_id"], unique=False)
    op.create_table(
        "scores",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("ruleset", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("veto", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), server_default="0", nullable=False),
        sa.Column("previous", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["audit_runs.id"], name=op.f("fk_scores_run_id_audit_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", "site_id", "ruleset", name=op.f("pk_scores")),
    )
    op.create_index(op.f("ix_scores_site_id_ruleset_run_id"), "scores", ["site_id", "ruleset", "run_id"], unique=False)
    op.create_table(
        "violation_sightings",
        sa.Column("violation_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["audit_runs.id"], name=op.f("fk_violation_sightings_run_id_audit_runs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["violation_id"], ["violations.id"], name=op.f("fk_violation_sightings_violation_id_violations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("violation_id", "run_id", name=op.f("pk_violation_sightings")),
    )
    op.create_index(op.f("ix_violation_sightings_run_id"), "violation_sightings", ["run_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
