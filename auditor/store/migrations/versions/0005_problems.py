"""One problem, one violation: the rows of the rules a problem breaks share its id.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

`violations` keeps one row per rule broken (its lifecycle and each ruleset's points);
`violations.problem` is the fingerprint of the place (check, site, column, url, key)
that the store groups rows by into one problem (SPEC §5 `rules`). Rows written before
this revision did not keep their key, so each becomes its own problem (its problem id
is its fingerprint) until an audit finds it again and writes its problem id.

No table is copied (SQLite's batch mode would drop `violations`, and with foreign keys
on, every sighting with it): the column is added in place, NOT NULL with a default
that the backfill makes unused and PostgreSQL then drops.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("violations", sa.Column("problem", sa.String(length=16), server_default="", nullable=False))
    op.execute("UPDATE violations SET problem = fingerprint")
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot drop a default without copying the table
        op.alter_column("violations", "problem", server_default=None)
    op.create_index(op.f("ix_violations_problem"), "violations", ["problem"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_violations_problem"), table_name="violations")
    op.drop_column("violations", "problem")  # in place: SQLite 3.35+ drops a column without copying the table
