"""The extract stage: what is read from each fetched page.

One parse per page: `parse_page` turns a fetch into a `ParsedPage` whose one tree
(`parse_html`, lxml) every reader shares; `links.resolve` is the one way a value read
from a page becomes a URL. One module per kind of thing read: links (`links`), list
items (`listing`), pagination (`pagination`),
dates (`dates`), document metadata (`document`), publication dates (`published`),
footer identity (`identity`), leaders, letters (`mailbox`), service guides (`services`),
Hanweb datastores (`hanweb`) and JavaScript lists (`jsarray`). `extract_page` is what
the crawler calls on every page, `kinds` on the pages of some columns and on home pages;
`read_page` reads everything from one page for `auditor extract`.
"""

from .dates import date_in_url, find_dates, is_banner_date_context, parse_date
from .html import parse_html
from .links import LINK_ATTRIBUTES, document_base, extract_links, resolve
from .listing import extract_items
from .page import extract_page
from .pagination import find_next_pages
from .parsed import ParsedPage, parse_page
from .reading import read_page
from .title import page_title

__all__ = [
    "LINK_ATTRIBUTES",
    "ParsedPage",
    "date_in_url",
    "document_base",
    "extract_items",
    "extract_links",
    "extract_page",
    "find_dates",
    "find_next_pages",
    "is_banner_date_context",
    "page_title",
    "parse_date",
    "parse_html",
    "parse_page",
    "read_page",
    "resolve",
]
