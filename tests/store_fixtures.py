"""Database fixtures for the store tests, on SQLite and on PostgreSQL.

Import them into tests/conftest.py:

    from store_fixtures import db_backend, empty_db_url, pg_schemas, pg_store_url, store, store_url  # noqa: F401

`store` is parametrized over both backends. The PostgreSQL variant works in a schema
unique to this test session (via `search_path`), truncated after each test and dropped
at the end, so parallel sessions never clash and nothing is left behind. It skips when
no server answers at $AUDITOR_TEST_PG_URL, except when $CI is set: then it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from auditor.store import Store
from auditor.store.tables import metadata

PG_URL_ENV = "AUDITOR_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_base_url() -> str:
    return os.environ.get(PG_URL_ENV, DEFAULT_PG_URL)


class PgSchemas:
    """Creates uniquely named schemas on demand; drops every one of them at the end."""

    def __init__(self, base_url: str) -> None:
        self.base_url = sa.make_url(base_url)
        self.prefix = f"auditor_test_{uuid.uuid4().hex[:10]}"
        self._engine = sa.create_engine(self.base_url, poolclass=NullPool, connect_args={"connect_timeout": 3})
        self._created: list[str] = []

    def unreachable(self) -> str | None:
        try:
            with self._engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.DBAPIError as error:
            return str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return None

    def new(self) -> str:
        """A fresh, empty schema; returns a URL whose connections work inside it."""
        name = f"{self.prefix}_{len(self._created)}"
        with self._engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        self._created.append(name)
        url = self.base_url.update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = sa.make_url(url).query["options"].split("=", 1)[1]
        with self._engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self._created.remove(name)

    def dispose(self) -> None:
        self._engine.dispose()

    def drop_all(self) -> None:
        with self._engine.begin() as conn:
            for name in self._created:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self._created.clear()
        self._engine.dispose()


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[PgSchemas]:
    schemas = PgSchemas(pg_base_url())
    reason = schemas.unreachable()
    if reason is not None:
        schemas.dispose()
        message = f"PostgreSQL not reachable at {schemas.base_url.render_as_string(hide_password=True)}: {reason}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI is set: the PostgreSQL tests must run, not skip)")
        pytest.skip(message)
    try:
        yield schemas
    finally:
        schemas.drop_all()


@pytest.fixture(scope="session")
def pg_store_url(pg_schemas: PgSchemas) -> str:
    """One migrated schema shared by the session's `store` tests, emptied after each."""
    url = pg_schemas.new()
    Store.open(url).close()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(db_backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL `store` uses, for tests that look at the rows themselves."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'auditor.db'}"
        return
    url = request.getfixturevalue("pg_store_url")
    yield url
    _truncate(url)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def empty_db_url(db_backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database nothing has touched yet (not even migrations)."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh' / 'auditor.db'}"
        return
    schemas: PgSchemas = request.getfixturevalue("pg_schemas")
    url = schemas.new()
    yield url
    schemas.drop(url)


def _truncate(url: str) -> None:
    engine = sa.create_engine(url, poolclass=NullPool)
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def select_rows(url: str, query: str) -> list[tuple[object, ...]]:
    """The rows `query` reads from the database at `url`, through an engine of its own (no pool)."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(query))]
    finally:
        engine.dispose()
