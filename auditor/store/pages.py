"""Pages, their links and list items, link verdicts, and the queries over them."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import FetchResult, LinkOccurrence, LinkResult, Outcome, Page
from .bulk import bulk_insert
from .records import ColumnLatest, FetchedPage
from .rows import (
    ITEM_COLUMNS,
    LINK_COLUMNS,
    LINK_RESULT_COLUMNS,
    PAGE_COLUMNS,
    item_values,
    link_from_row,
    link_result_from_row,
    link_result_values,
    link_values,
    page_values,
)
from .sqltypes import clean_url
from .tables import column_items, link_results, links, pages

FINE_OUTCOMES = (Outcome.OK.value, Outcome.REDIRECTED.value)
URLS_PER_QUERY = 500  # bound parameters per IN list: well under SQLite's and PostgreSQL's limits


def add_pages(conn: Connection, run_id: int, batch: list[tuple[Page, FetchResult]]) -> None:
    """One executemany per table for the whole batch, of tuples straight to the driver (bulk.py)."""
    page_rows = [page_values(run_id, page, fetch) for page, fetch in batch]
    link_rows = [link_values(run_id, page.site_id, link) for page, _ in batch for link in page.links]
    item_rows = [
        item_values(run_id, page.site_id, page.column_id, item)
        for page, _ in batch if page.column_id for item in page.items
    ]
    for table, columns, rows in (
        (pages, PAGE_COLUMNS, page_rows), (links, LINK_COLUMNS, link_rows), (column_items, ITEM_COLUMNS, item_rows),
    ):
        bulk_insert(conn, table, columns).execute(conn, rows)


def add_link_results(conn: Connection, run_id: int, results: list[LinkResult]) -> None:
    # one verdict per target and run: a repeated target in the batch keeps its last verdict
    rows = {row[1]: row for row in (link_result_values(run_id, r) for r in results)}  # [1]: the URL as stored
    bulk_insert(conn, link_results, LINK_RESULT_COLUMNS).execute(conn, list(rows.values()))


def problem_link_occurrences(
    conn: Connection, run_id: int, site_id: str, home_url: str, link_columns: Collection[str] = (),
) -> list[LinkOccurrence]:
    """The site's links whose target failed or was judged, and every link on the list pages of
    `link_columns` (their targets' titles are compared with the link texts)."""
    column_of = _column_of_pages(conn, run_id, site_id)
    column_pages = [url for url, column in column_of.items() if column in link_columns]
    wanted: sa.ColumnElement[bool] = link_results.c.outcome.not_in(FINE_OUTCOMES)
    if column_pages:
        wanted = sa.or_(wanted, links.c.source_url.in_(column_pages))
    query = (
        sa.select(
            links.c.source_url, links.c.target, links.c.element, links.c.attribute, links.c.text,
            link_results.c.url, link_results.c.outcome, link_results.c.status, link_results.c.error,
            link_results.c.final_url, link_results.c.redirects, link_results.c.checked_at, link_results.c.elapsed,
            link_results.c.title,
        )
        .join(link_results, sa.and_(link_results.c.run_id == links.c.run_id, link_results.c.url == links.c.target))
        .where(links.c.run_id == run_id, links.c.site_id == site_id, wanted)
        .order_by(links.c.id)
    )
    rows = conn.execute(query).all()
    if not rows:
        return []
    home_urls = _home_urls(conn, run_id, site_id, home_url)
    return [
        LinkOccurrence(
            link=link_from_row(row),
            result=link_result_from_row(row),
            on_home=row.source_url in home_urls,
            column_id=column_of.get(row.source_url),
        )
        for row in rows
    ]


def fine_link_results_since(conn: Connection, since: datetime) -> dict[str, LinkResult]:
    """Every URL's latest ok or redirected verdict checked at or after `since`, by any run, keyed
    by the URL as stored: read once per run, so the outside targets met while the crawl goes on
    are looked up in memory instead of asking the database once each."""
    latest: dict[str, LinkResult] = {}
    query = (
        sa.select(link_results)
        .where(link_results.c.checked_at >= since, link_results.c.outcome.in_(FINE_OUTCOMES))
        .order_by(link_results.c.checked_at)
    )
    for row in conn.execute(query):
        latest[row.url] = dataclasses.replace(link_result_from_row(row), reused=True)
    return latest


def _home_urls(conn: Connection, run_id: int, site_id: str, home_url: str) -> set[str]:
    """The configured home URL and wherever fetching it ended up this run."""
    home = clean_url(home_url)
    finals = conn.execute(
        sa.select(pages.c.final_url).where(pages.c.run_id == run_id, pages.c.site_id == site_id, pages.c.url == home)
    ).scalars()
    return {home, *finals}


def _column_of_pages(conn: Connection, run_id: int, site_id: str) -> dict[str, str]:
    query = sa.select(pages.c.url, pages.c.column_id).where(
        pages.c.run_id == run_id, pages.c.site_id == site_id, pages.c.column_id.is_not(None)
    ).order_by(pages.c.id)
    return {row.url: row.column_id for row in conn.execute(query)}


def fetched_pages(conn: Connection, run_id: int, urls: Collection[str]) -> list[FetchedPage]:
    """What run `run_id` kept of the pages it fetched at these URLs (as requested), in URL order."""
    wanted = sorted({clean_url(url) for url in urls})
    found: dict[str, FetchedPage] = {}
    for start in range(0, len(wanted), URLS_PER_QUERY):
        query = sa.select(pages).where(pages.c.run_id == run_id, pages.c.url.in_(wanted[start:start + URLS_PER_QUERY]))
        for row in conn.execute(query.order_by(pages.c.id)):
            found.setdefault(row.url, FetchedPage(
                url=row.url, final_url=row.final_url, status=row.status, outcome=row.outcome, error=row.error,
                redirects=tuple(row.redirects or ()), fetched_at=row.fetched_at, title=row.title,
                content_hash=row.content_hash, size=row.size,
            ))
    return [found[url] for url in wanted if url in found]


def column_latest(conn: Connection, run_id: int, site_id: str, until: date) -> dict[str, ColumnLatest]:
    """Per column of the site: the list items run `run_id` read (each URL once) and the newest item
    date not after `until` (a date after the audit is a typo such as 2062, as the cadence check reads it)."""
    not_later = sa.case((column_items.c.item_date <= until, column_items.c.item_date), else_=None)
    query = (
        sa.select(
            column_items.c.column_id,
            sa.func.count(sa.distinct(column_items.c.url)).label("items"),
            sa.func.count(column_items.c.item_date).label("dated"),
            sa.func.max(not_later).label("newest"),
        )
        .where(column_items.c.run_id == run_id, column_items.c.site_id == site_id)
        .group_by(column_items.c.column_id)
    )
    return {row.column_id: ColumnLatest(row.column_id, row.items, row.dated, row.newest) for row in conn.execute(query)}
