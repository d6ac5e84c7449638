"""Inserts of many rows (a crawl's pages and links, the page cache, link verdicts) as tuples
handed straight to the database driver.

A Core `conn.execute(table.insert(), dicts)` builds a parameter dictionary for every row and
runs every value through SQLAlchemy's parameter machinery with the GIL held: for a run's
41,000 link rows that cost more than SQLite's own work, on the store's thread, while the crawl
on the event loop waited for the GIL (issue 20). Here each row is a tuple in the order of its
column list, and

- on SQLite the insert is compiled once per engine by SQLAlchemy itself (the same SQL text),
  its VALUES list repeated for up to ROWS_PER_STATEMENT rows: the driver's executemany gives
  up the GIL for every row's step and waits to get it back from the busy event loop;
- on PostgreSQL a plain insert is a COPY through psycopg (its executemany spends ~6 µs a
  row in Python; COPY formats a row in C), and an upsert, which COPY cannot do, is SQLAlchemy's
  compiled statement (its casts included) with positional parameters, through executemany.

Either way only the columns whose type has a bind processor on the dialect (a datetime on
SQLite, JSON, bytes) are converted, by those very processors: the driver receives the values
the Core insert gave it.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.dml import Insert

Row = tuple[Any, ...]
Processor = Callable[[Any], Any]

# rows in one SQLite INSERT: 500 link rows take 3,500 parameters; more gained nothing measurable
ROWS_PER_STATEMENT = 500
_NAMED = re.compile(r"%\((?P<name>[^)]+)\)s")  # pyformat's %(name)s; %% stays as it is in both styles


@dataclass(frozen=True, slots=True)
class BulkInsert:
    """One compiled insert: how its rows reach the driver, and the conversions they need first."""

    statement: Insert
    columns: tuple[str, ...]
    processors: tuple[tuple[int, Processor], ...]  # (position, the type's bind processor)
    sql: str | None = None  # positional SQL of one row, for executemany
    copy: str | None = None  # COPY ... FROM STDIN, on psycopg
    group: str = ""  # the one row's "(?, ?, ...)" in `sql`, repeated for several rows in one statement
    rows_per_statement: int = 1

    def execute(self, conn: Connection, rows: Sequence[Row]) -> None:
        if not rows:
            return
        values = [self._converted(row) for row in rows] if self.processors else rows
        if self.copy is not None:
            self._copy(conn, values)
        elif self.sql is not None and self.rows_per_statement > 1:
            self._values_lists(conn, values)
        elif self.sql is not None:
            conn.exec_driver_sql(self.sql, list(values))
        else:  # a driver whose parameter style is not handled here: through Core, as before
            conn.execute(self.statement, [dict(zip(self.columns, row, strict=True)) for row in rows])

    def _values_lists(self, conn: Connection, rows: Sequence[Row]) -> None:
        """Many rows per INSERT: SQLite's executemany releases and takes back the GIL for every row,
        and each time the store's thread waits for the event loop's thread to let it go."""
        per = self.rows_per_statement
        full = self._sql_of(per)
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            sql = full if len(chunk) == per else self._sql_of(len(chunk))
            conn.exec_driver_sql(sql, tuple(itertools.chain.from_iterable(chunk)))

    def _sql_of(self, count: int) -> str:
        assert self.sql is not None
        return self.sql.replace(self.group, ", ".join([self.group] * count), 1)

    def _converted(self, row: Row) -> Row:
        values = list(row)
        for position, process in self.processors:
            values[position] = process(values[position])
        return tuple(values)

    def _copy(self, conn: Connection, rows: Sequence[Row]) -> None:
        assert self.copy is not None
        dbapi = conn.dialect.loaded_dbapi
        driver = conn.connection.driver_connection  # the psycopg connection of this transaction
        assert driver is not None
        try:
            with driver.cursor() as cursor, cursor.copy(self.copy) as copy:
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as error:  # as SQLAlchemy wraps a driver's error, so StorageError explains it
            raise exc.DBAPIError.instance(self.copy, None, error, dbapi.Error, dialect=conn.dialect) from error


# per dialect instance: processors read its settings (the engine's JSON serializer)
_compiled: weakref.WeakKeyDictionary[Dialect, dict[tuple[str, tuple[str, ...], str | None], BulkInsert]] = (
    weakref.WeakKeyDictionary())


def bulk_insert(conn: Connection, table: sa.Table, columns: tuple[str, ...], upsert_on: str | None = None) -> BulkInsert:
    """The insert of `columns` (in the table's order, as SQLAlchemy compiles them) into `table` for
    `conn`'s dialect, compiled once per engine. With `upsert_on` (a unique column among them), a row
    whose key exists replaces the other columns."""
    dialect = conn.dialect
    cache = _compiled.setdefault(dialect, {})
    key = (table.name, columns, upsert_on)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _compile(dialect, table, columns, upsert_on)
    return found


def _compile(dialect: Dialect, table: sa.Table, columns: tuple[str, ...], upsert_on: str | None) -> BulkInsert:
    statement = _statement(dialect, table, columns, upsert_on)
    processors = tuple(
        (position, process) for position, name in enumerate(columns)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    if upsert_on is None and dialect.driver == "psycopg":
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in columns)
        return BulkInsert(statement, columns, processors, copy=f"COPY {quote(table.name)} ({names}) FROM STDIN")
    compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    sql, order = _positional(dialect, str(compiled), compiled.positiontup)
    if sql is None or order != list(columns):
        return BulkInsert(statement, columns, ())
    group = "(" + ", ".join(["?"] * len(columns)) + ")"
    if dialect.name == "sqlite" and sql.count(group) == 1:
        per = max(1, min(ROWS_PER_STATEMENT, _sqlite_parameters() // len(columns)))
        return BulkInsert(statement, columns, processors, sql=sql, group=group, rows_per_statement=per)
    return BulkInsert(statement, columns, processors, sql=sql)


def _sqlite_parameters() -> int:
    """How many parameters one SQLite statement may have (SQLITE_MAX_VARIABLE_NUMBER's default)."""
    return 32766 if sqlite3.sqlite_version_info >= (3, 32, 0) else 999


def _statement(dialect: Dialect, table: sa.Table, columns: tuple[str, ...], upsert_on: str | None) -> Insert:
    if upsert_on is None:
        return table.insert()
    insert = (postgresql if dialect.name == "postgresql" else sqlite).insert(table)
    upsert: Insert = insert.on_conflict_do_update(
        index_elements=[table.c[upsert_on]],
        set_={name: insert.excluded[name] for name in columns if name != upsert_on},
    )
    return upsert


def _positional(dialect: Dialect, sql: str, order: list[str] | None) -> tuple[str | None, list[str]]:
    """The SQL with positional parameters for the driver, and the names in their order."""
    if dialect.paramstyle == "qmark" and order is not None:
        return sql, list(order)
    if dialect.paramstyle == "pyformat":  # psycopg takes %s with a tuple as well as %(name)s with a dict
        return _NAMED.sub("%s", sql), [match["name"] for match in _NAMED.finditer(sql)]
    return None, []
