"""Opening a database URL, and turning every way that can fail into a StorageError.

SQLite gets WAL and `synchronous=NORMAL` (readers never block the writer, and a
batch commit does not wait for a full fsync), PostgreSQL a connect timeout, so a
dead server is reported in seconds instead of hanging a scheduled run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Engine

from ..errors import StorageError
from .sqltypes import dumps_json

CONNECT_TIMEOUT_SECONDS = 10
SQLITE_BUSY_TIMEOUT_MS = 30_000  # the CLI may read while the daemon writes


def parse_url(url: str) -> URL:
    try:
        return sa.make_url(url)
    except exc.ArgumentError:
        raise StorageError(
            f"数据库地址无效 (invalid database URL): {url!r}; "
            "请写成 sqlite:///auditor.db 或 postgresql+psycopg://user@host/db"
        ) from None


def create(url: str) -> Engine:
    """An engine for `url`, with the SQLite folder created; nothing connects yet."""
    parsed = parse_url(url)
    shown = describe(parsed)
    if parsed.get_backend_name() == "sqlite":
        _make_sqlite_folder(parsed, shown)
    try:
        engine = sa.create_engine(parsed, json_serializer=dumps_json, **_engine_options(parsed))
    except (exc.NoSuchModuleError, ImportError) as error:
        raise StorageError(
            f"不支持的数据库驱动 (unsupported database driver) in {shown}: {error}; "
            "支持 sqlite:/// 和 postgresql+psycopg://"
        ) from None
    except exc.ArgumentError as error:
        raise StorageError(f"数据库地址无效 (invalid database URL) {shown}: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def describe(url: URL) -> str:
    """The URL as it may appear in messages and logs: never with its password."""
    return url.render_as_string(hide_password=True)


@contextmanager
def translated_errors(shown: str) -> Iterator[None]:
    """Database failures become StorageError with a message the office can act on."""
    try:
        yield
    except exc.DBAPIError as error:
        raise StorageError(_explain(error, shown)) from None
    except PermissionError as error:
        raise StorageError(f"无权访问数据库文件 (permission denied): {shown}: {error}") from None


def _explain(error: exc.DBAPIError, shown: str) -> str:
    detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        return f"无法连接或写入数据库 (database unreachable or not writable): {shown}: {detail}"
    return f"数据库操作失败 (database error): {shown}: {detail}"


def _make_sqlite_folder(url: URL, shown: str) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"无法创建数据库目录 (cannot create the database folder) for {shown}: {error}") from None


def _engine_options(url: URL) -> dict[str, Any]:
    if url.get_backend_name() == "sqlite":
        # the store may be used from a scheduler thread as well as the event loop's
        return {"connect_args": {"check_same_thread": False}}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_args": {"connect_timeout": CONNECT_TIMEOUT_SECONDS}, "pool_pre_ping": True}
    return {"pool_pre_ping": True}


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:  # the DB-API connection is untyped
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
