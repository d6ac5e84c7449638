"""Driving Alembic from code: the migrations ship inside the package, no alembic.ini.

Alembic is imported only when a database must be migrated: every run opens the store and
asks whether it is at head, and importing Alembic and loading its scripts to answer that
took a third of a second of each audit (issue 20). `needs_upgrade` reads the revision table
with one query and the shipped head from the scripts' `revision` lines.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION_LINE = re.compile(r'^(down_revision|revision)\b[^=\n]*=\s*(?:"([^"]*)"|None)\s*$', re.MULTILINE)


def alembic_config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only if the package was installed without its migrations
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


@cache
def shipped_head() -> str | None:
    """The head revision of the shipped scripts, read from their `revision` and `down_revision`
    lines; None when they cannot be read so (then Alembic is asked)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict((name, value) for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(connection: Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: Engine) -> str:
    """Apply every pending migration in one transaction; return the head revision."""
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, "head")
        except CommandError as error:
            # typically a database migrated by a newer auditor than this one
            raise StorageError(
                f"数据库结构版本 {current_revision(connection)!r} 不被本程序识别，请升级 auditor "
                f"(the database schema is at an unknown revision; this program knows up to {head_revision()!r}): {error}"
            ) from None
    return head_revision()


def needs_upgrade(engine: Engine) -> bool:
    with engine.connect() as connection:
        return _stored_revision(connection) != (shipped_head() or head_revision())
