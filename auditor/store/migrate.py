"""Driving Alembic from code: the migrations ship inside the package, no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Connection, Engine

from ..errors import StorageError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only if the package was installed without its migrations
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> str:
    """Apply every pending migration in one transaction; return the head revision."""
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
        return current_revision(connection) != head_revision()
