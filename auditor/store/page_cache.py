"""The page cache: the body last read with each page's ETag or Last-Modified.

A re-audit asks for a page with the validators it last came with; a 304 says the page
is what it was then, and carries no body. The crawl still has to read it (its links,
its list items, its content scans), so the text read with those validators is kept here,
one row per URL as requested, and a row is used only with the very validators it was
stored with. Whichever run stored it, complete or not: the server's 304 is what vouches
for it, not the run.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .bulk import bulk_insert
from .sqltypes import clean_text, clean_url
from .tables import page_cache

Validators = tuple[str | None, str | None]  # ETag, Last-Modified
# zlib's fastest level: HTML shrinks 3-5x at it, and the levels above cost 2-4x the time for 10% less
COMPRESSION_LEVEL = 1
# the text goes through UTF-8 unchanged, lone surrogates included: the crawl reads back what it read
TEXT_ERRORS = "surrogatepass"


@dataclass(frozen=True, slots=True)
class CachedPage:
    """What a 304 needs to be read as the 200 it confirms: the text and how it was fetched."""

    url: str  # as requested: the key
    site_id: str
    etag: str | None
    last_modified: str | None
    final_url: str
    content_type: str
    encoding: str
    content_hash: str
    size: int  # bytes of the body as it came
    text: str
    fetched_at: datetime

    @property
    def validators(self) -> Validators:
        return self.etag, self.last_modified


def validators(conn: Connection, site_id: str) -> dict[str, Validators]:
    """URL -> the validators its cached text was read with, for every page cached for the site."""
    query = sa.select(page_cache.c.url, page_cache.c.etag, page_cache.c.last_modified).where(
        page_cache.c.site_id == site_id)
    return {row.url: (row.etag, row.last_modified) for row in conn.execute(query)}


# built once: a re-audit asks for every page that answered 304, and building the select each time
# cost as much as running it (SQLite 2,002 pages: 0.22 -> 0.10 s; PostgreSQL 0.82 -> 0.31 s)
_BY_URL = sa.select(page_cache).where(page_cache.c.url == sa.bindparam("url"))


def cached_page(conn: Connection, url: str, sent: Validators) -> CachedPage | None:
    """The cached page at `url`, when it was stored with exactly the validators `sent`: a row
    replaced since they were read belongs to another version of the page."""
    row = conn.execute(_BY_URL, {"url": url}).first()
    if row is None or (row.etag, row.last_modified) != sent:
        return None
    return CachedPage(
        url=row.url, site_id=row.site_id, etag=row.etag, last_modified=row.last_modified, final_url=row.final_url,
        content_type=row.content_type, encoding=row.encoding, content_hash=row.content_hash, size=row.size,
        text=zlib.decompress(row.body).decode("utf-8", TEXT_ERRORS), fetched_at=row.fetched_at,
    )


def save(conn: Connection, pages: list[CachedPage]) -> None:
    """Insert or replace each page's row (the last of a URL's pages in the batch wins): one bulk insert
    of tuples straight to the driver (bulk.py), each text compressed here, on the store's thread. An
    upsert, not delete-then-insert: another process's audit may write the same URL meanwhile."""
    rows = {page.url: _values(page) for page in pages if _keeps(page)}
    # in URL order: two audits upserting the same URLs lock their rows in one order, never in a deadlock
    bulk_insert(conn, page_cache, COLUMNS, upsert_on="url").execute(conn, [rows[url] for url in sorted(rows)])


def prune_sites(conn: Connection, configured: Collection[str]) -> int:
    """Drop the cached pages of sites no longer configured; how many rows went."""
    return conn.execute(page_cache.delete().where(page_cache.c.site_id.not_in(list(configured)))).rowcount


def _keeps(page: CachedPage) -> bool:
    """Whether the page's key and validators go into the database unchanged: a URL cut to fit
    could name two pages, and a validator changed by cleaning would never match again."""
    return all(clean_url(value) == value for value in (page.url, page.final_url)) and all(
        value is None or clean_text(value) == value for value in page.validators)


COLUMNS = (  # in the table's order, as bulk.py compiles them
    "url", "site_id", "etag", "last_modified", "final_url", "content_type", "encoding", "content_hash", "size",
    "body", "fetched_at",
)


def _values(page: CachedPage) -> tuple[object, ...]:
    """The row of `page`, in the order of COLUMNS."""
    return (
        page.url, page.site_id, page.etag, page.last_modified, page.final_url, page.content_type, page.encoding,
        page.content_hash, page.size, zlib.compress(page.text.encode("utf-8", TEXT_ERRORS), COMPRESSION_LEVEL),
        page.fetched_at,
    )
