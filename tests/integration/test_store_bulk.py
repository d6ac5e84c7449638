"""The crawl's bulk writes (auditor/store/bulk.py), on SQLite and PostgreSQL: the tuples handed
straight to the driver (executemany, COPY on PostgreSQL) store exactly the rows SQLAlchemy's
Core insert of the same values stores, awkward values included; a failing write is a
StorageError; a driver without a handled parameter style goes through Core."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from auditor.errors import StorageError
from auditor.models import FetchResult, Link, LinkResult, ListItem, Outcome, Page
from auditor.store import Store
from auditor.store import page_cache as cache_repo
from auditor.store.bulk import ROWS_PER_STATEMENT, BulkInsert, bulk_insert
from auditor.store.page_cache import CachedPage
from auditor.store.rows import (
    ITEM_COLUMNS,
    LINK_COLUMNS,
    LINK_RESULT_COLUMNS,
    PAGE_COLUMNS,
    item_values,
    link_result_values,
    link_values,
    page_values,
)
from auditor.store.tables import column_items, link_results, links, page_cache, pages
from tests.store_fixtures import select_rows

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))
NASTY = "标题\x00带空字符\ud800孤立代理 'quoted' \"double\" back\\slash tab\there\nnew line %s %(x)s ?"
HOME = "http://127.0.0.10/"


def _batch() -> list[tuple[Page, FetchResult]]:
    """Pages with every kind of value a column can hold: None, naive and non-UTC datetimes, JSON
    lists, text the cleaning changes, the characters COPY's text format escapes, a cut URL."""
    huge = HOME + "路" * 1000
    batch = []
    for n, fetched_at in enumerate((AS_OF, AS_OF.astimezone(BEIJING), datetime(2026, 11, 28, 1, 0, 0, 123456), None)):
        url = f"{HOME}{n}/页面.html"
        page = Page(
            url=url, final_url=url, site_id="portal", column_id="news" if n % 2 else None,
            status=None if n == 1 else 200, outcome=Outcome.OK if n else Outcome.REDIRECTED, title=NASTY * (1 + 40 * n),
            links=(Link(url, huge, "a", "href", NASTY), Link(url, HOME, "img", "src", ""), Link(url, url + "#x", "a", "href")),
            items=(ListItem(NASTY, huge, date(2026, 11, 27)), ListItem("无日期", HOME + "x", None)), depth=n,
        )
        fetch = FetchResult(
            url=url, final_url=huge if n == 2 else url, outcome=Outcome.OK, status=304 if n == 1 else 200,
            error=NASTY if n == 3 else "", redirects=tuple(f"{HOME}r{i}" for i in range(60 * (n == 2))) or (url,),
            encoding="gb18030", size=-1 if n == 3 else 1234 * n, content_hash="ab" * 32, etag=None if n else NASTY,
            last_modified="Mon, 02 Nov 2026 08:00:00 GMT" if n == 2 else None, fetched_at=fetched_at,
        )
        batch.append((page, fetch))
    return batch


def _results() -> list[LinkResult]:
    return [
        LinkResult(HOME, Outcome.OK, 200, checked_at=AS_OF, elapsed=1, title=NASTY),
        LinkResult(HOME + "路" * 1000, Outcome.BROKEN, 404, "http-404", "", (), AS_OF.astimezone(BEIJING), 0.25),
        LinkResult(HOME + "moved", Outcome.REDIRECTED, 200, "", HOME, tuple(f"{HOME}r{i}" for i in range(60)), None, 3.5),
    ]


def _cached() -> list[CachedPage]:
    return [
        CachedPage(url=f"{HOME}{n}", site_id="portal", etag='"v1"' if n else None,
                   last_modified="Mon, 02 Nov 2026 08:00:00 GMT" if n != 1 else None, final_url=f"{HOME}{n}/",
                   content_type="text/html", encoding="utf-8", content_hash="cd" * 32, size=100 * n,
                   text=f"<html>{NASTY}\ud800 原样 {n}</html>" * (1 + 50 * n),
                   fetched_at=(AS_OF, AS_OF.astimezone(BEIJING), datetime(2026, 11, 28, 1, 0))[n])
        for n in range(3)
    ]


def _stored(url: str, table: sa.Table, where: str = "") -> list[tuple[object, ...]]:
    """Every column but the id, as the driver reads it back (SQLite: the datetimes' very text)."""
    names = ", ".join(column.name for column in table.c if column.name != "id")
    return sorted(select_rows(url, f"SELECT {names} FROM {table.name} {where}"), key=repr)


def _core_insert(conn: sa.Connection, table: sa.Table) -> sa.Insert:
    """The statement the store executed with row dictionaries before bulk.py: a plain insert, or
    the page cache's upsert."""
    if table is not page_cache:
        return table.insert()
    insert = (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(page_cache)
    return insert.on_conflict_do_update(
        index_elements=[page_cache.c.url],
        set_={column.name: insert.excluded[column.name] for column in page_cache.c if column.name != "url"},
    )


def _both_ways(store: Store, store_url: str, table: sa.Table, columns: tuple[str, ...],
               rows: list[tuple[object, ...]], write: Callable[[], None]) -> None:
    """`write` (the store's bulk path) stores what a Core insert of the same row tuples stores."""
    with store.engine.begin() as conn:
        conn.execute(_core_insert(conn, table), [dict(zip(columns, row, strict=True)) for row in rows])
    by_core = _stored(store_url, table)
    assert len(by_core) == len(rows)
    with store.engine.begin() as conn:
        conn.execute(table.delete())
    write()
    assert _stored(store_url, table) == by_core


def test_pages_links_and_items_are_stored_as_core_stores_them(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    batch = _batch()
    expected = {
        pages: (PAGE_COLUMNS, [page_values(run_id, page, fetch) for page, fetch in batch]),
        links: (LINK_COLUMNS, [link_values(run_id, page.site_id, link) for page, _ in batch for link in page.links]),
        column_items: (ITEM_COLUMNS, [item_values(run_id, page.site_id, page.column_id, item)
                                      for page, _ in batch if page.column_id for item in page.items]),
    }
    for table, (columns, rows) in expected.items():
        _both_ways(store, store_url, table, columns, rows, lambda: store.add_pages(run_id, batch))
        with store.engine.begin() as conn:  # the other tables were written too: clear them for the next
            for other in (column_items, links, pages):
                conn.execute(other.delete())
    store.add_pages(run_id, batch)
    ((title, redirects, fetched_at),) = select_rows(store_url, "SELECT title, redirects, fetched_at FROM pages WHERE depth = 2")
    assert "\x00" not in title and "?" in title and len(title.encode()) <= 512
    assert "r49" in str(redirects) and "r50" not in str(redirects)
    assert str(fetched_at).startswith("2026-11-28 01:00:00")


def test_link_results_are_stored_as_core_stores_them(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    results = _results()
    rows = [link_result_values(run_id, result) for result in results]
    _both_ways(store, store_url, link_results, LINK_RESULT_COLUMNS, rows, lambda: store.add_link_results(run_id, results))


def test_the_page_cache_is_stored_as_core_stores_it(store: Store, store_url: str) -> None:
    cached = _cached()
    rows = [cache_repo._values(page) for page in cached]
    _both_ways(store, store_url, page_cache, cache_repo.COLUMNS, rows, lambda: store.cache_pages(cached))
    for page in cached:  # and reads back as it was written, lone surrogates and all (a naive time is UTC)
        utc = page.fetched_at.replace(tzinfo=page.fetched_at.tzinfo or UTC)
        assert store.cached_page(page.url, page.validators) == dataclasses.replace(page, fetched_at=utc)


def test_a_failing_bulk_write_is_a_storage_error(store: Store, store_url: str) -> None:
    # no such run: the foreign key refuses the links (PostgreSQL's COPY, SQLite's executemany)
    with pytest.raises(StorageError, match="数据库操作失败"):
        store.add_pages(999, _batch())
    assert _stored(store_url, pages) == [] and _stored(store_url, links) == []
    run_id = store.start_run(AS_OF, ["portal"])
    store.add_pages(run_id, _batch())  # the connection is usable after the failure
    assert len(_stored(store_url, links)) == 12


def test_every_bulk_insert_of_the_store_goes_straight_to_the_driver(store: Store) -> None:
    """Not through the Core fallback: a column list out of the table's order would go there."""
    with store.engine.connect() as conn:
        for table, columns, upsert_on in (
            (pages, PAGE_COLUMNS, None), (links, LINK_COLUMNS, None), (column_items, ITEM_COLUMNS, None),
            (link_results, LINK_RESULT_COLUMNS, None), (page_cache, cache_repo.COLUMNS, "url"),
        ):
            compiled = bulk_insert(conn, table, columns, upsert_on)
            assert (compiled.sql or compiled.copy) is not None, table.name


def test_one_compiled_insert_per_engine_and_column_list(store: Store) -> None:
    with store.engine.connect() as conn:
        first = bulk_insert(conn, links, LINK_COLUMNS)
        assert bulk_insert(conn, links, LINK_COLUMNS) is first
        assert bulk_insert(conn, links, LINK_COLUMNS[:-1]) is not first
        assert bulk_insert(conn, page_cache, cache_repo.COLUMNS, upsert_on="url") is not bulk_insert(
            conn, page_cache, cache_repo.COLUMNS)
        if conn.dialect.name == "sqlite":
            assert first.sql is not None and first.sql.startswith("INSERT INTO links (run_id, site_id, source_url")
        else:
            assert first.copy == "COPY links (run_id, site_id, source_url, target, element, attribute, text) FROM STDIN"


def test_a_driver_style_not_handled_goes_through_core(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    rows = [link_values(run_id, "portal", Link(HOME, HOME + str(n), "a", "href", NASTY)) for n in range(3)]
    with store.engine.begin() as conn:
        BulkInsert(links.insert(), LINK_COLUMNS, ()).execute(conn, rows)
    assert [row[2:] for row in _stored(store_url, links)] == [row[2:] for row in sorted(rows, key=repr)]


def test_many_rows_keep_their_order_across_statements(store: Store, store_url: str) -> None:
    """SQLite takes up to ROWS_PER_STATEMENT rows in one INSERT: 1,234 links are two full statements
    and a shorter one, stored as Core stores them, their ids in the order written."""
    run_id = store.start_run(AS_OF, ["portal"])
    page, fetch = _batch()[0]
    many = tuple(Link(page.url, f"{HOME}t/{n}", "a", "href", f"第{n}条") for n in range(1234))
    batch = [(dataclasses.replace(page, links=many), fetch)]
    rows = [link_values(run_id, "portal", link) for link in many]
    _both_ways(store, store_url, links, LINK_COLUMNS, rows, lambda: store.add_pages(run_id, batch))
    targets = [target for (target,) in select_rows(store_url, "SELECT target FROM links ORDER BY id")]
    assert targets == [link.target for link in many]
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert bulk_insert(conn, links, LINK_COLUMNS).rows_per_statement == ROWS_PER_STATEMENT < 1234
