"""One parsed page in, one `Page` out: its title, links, list items and next pages, read from its one tree."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date

import lxml.etree
import lxml.html

from ..config import ColumnConfig
from ..models import FetchResult, Link, ListItem, Outcome, Page, PageRequest
from ..urls import host_of, is_fetchable, query_in
from .dates import as_day
from .hanweb import answer_base, is_dataproxy_answer, parse_datastore, records_document
from .links import extract_links
from .listing import extract_items, record_items
from .pagination import find_next_pages
from .parsed import ParsedPage

log = logging.getLogger(__name__)

_READABLE_OUTCOMES = frozenset({Outcome.OK, Outcome.REDIRECTED})


def extract_page(
    parsed: ParsedPage, request: PageRequest, *, as_of: date, column: ColumnConfig | None = None
) -> Page:
    """What is read from one page: its title and links, and on column pages its items and next pages."""
    fetch = parsed.fetch
    page = Page(
        url=fetch.url,
        final_url=fetch.final_url or fetch.url,
        site_id=request.site_id,
        column_id=request.column_id,
        status=fetch.status,
        outcome=fetch.outcome,
        depth=request.depth,
    )
    if not _is_readable(fetch):
        return page
    try:
        read = _read(page, parsed, request, as_day(as_of), column)
        return in_page_encoding(read, fetch.encoding)
    except (ValueError, RecursionError, lxml.etree.LxmlError) as exc:  # a page must never stop a crawl
        log.warning("页面无法解析，已跳过: %s (%s)", page.final_url, exc)
        return page


def _is_readable(fetch: FetchResult) -> bool:
    if not fetch.text or fetch.outcome not in _READABLE_OUTCOMES:
        return False
    content_type = fetch.content_type.lower()
    return not content_type or "html" in content_type or "xml" in content_type


def _read(page: Page, parsed: ParsedPage, request: PageRequest, as_of: date, column: ColumnConfig | None) -> Page:
    base = page.final_url
    text = parsed.text
    if is_dataproxy_answer(text):  # a Hanweb data proxy's XML: its records are the page
        return _read_dataproxy_answer(page, text, request, as_of)
    tree = parsed.tree
    items: tuple[ListItem, ...] = ()
    if request.column_id is not None:
        items = tuple(
            extract_items(
                tree,
                base,
                as_of,
                item_selector=column.item_selector if column else None,
                date_selector=column.date_selector if column else None,
            )
        )
    # pagination on every page: an archive's older pages hold links the audit must check too
    next_pages = tuple(find_next_pages(tree, text, base, next_selector=column.next_selector if column else None))
    links = tuple(extract_links(tree, base))
    if column is not None and column.kind == "links" and not items:
        items = offsite_link_items(links, base)
    return dataclasses.replace(page, title=parsed.title, links=links, items=items, next_pages=next_pages)


def in_page_encoding(page: Page, encoding: str) -> Page:
    """Links and items with their raw non-ASCII query text percent-encoded in the page's own
    encoding, as a browser sends them: `search.asp?key=政府` on a GBK page goes out as
    `key=%D5%FE%B8%AE`, which is what the ASP script decodes (UTF-8 bytes would be garbage
    to it). Paths are UTF-8 in every browser, so only the query is touched."""
    codec = (encoding or "utf-8").lower().replace("_", "-")
    if codec in ("utf-8", "utf8", "ascii"):
        return page
    links = tuple(_requery(link, codec) for link in page.links)
    items = tuple(dataclasses.replace(item, url=query_in(item.url, codec)) for item in page.items)
    return dataclasses.replace(page, links=links, items=items)


def _requery(link: Link, codec: str) -> Link:
    target = query_in(link.target, codec)
    return link if target == link.target else dataclasses.replace(link, target=target)


def _read_dataproxy_answer(page: Page, text: str, request: PageRequest, as_of: date) -> Page:
    store = parse_datastore(text)
    records = store.records if store is not None else ()
    tree = records_document(records)
    base = answer_base(page.final_url)
    items = tuple(record_items(records, base, as_of)) if request.column_id is not None else ()
    next_pages = tuple(find_next_pages(tree, text, page.final_url))
    links = tuple(extract_links(tree, base))
    return dataclasses.replace(page, links=links, items=items, next_pages=next_pages)


def offsite_link_items(links: tuple[Link, ...], page_url: str) -> tuple[ListItem, ...]:
    """A 网站链接 column lists other sites, undated: its items are its anchors that leave the host."""
    own_host = host_of(page_url)
    seen: dict[str, ListItem] = {}
    for link in links:
        if link.element == "a" and is_fetchable(link.target) and host_of(link.target) != own_host:
            seen.setdefault(link.target, ListItem(title=link.text, url=link.target, date=None))
    return tuple(seen.values())
