"""Everything read from one page, as one JSON document: what `auditor extract` prints.

An operator settles a dispute with it ("why did you say our column is stale?"): it shows
exactly the title, publication date, list items, document metadata, leaders, letters,
service-guide elements, footer identity and links the auditor reads from a page.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from ..fetch.encoding import decode_html
from ..models import (
    DocumentMeta,
    FetchResult,
    Identity,
    Leader,
    Letter,
    ListItem,
    Outcome,
    ServiceGuide,
)
from .document import extract_document
from .html import is_chrome
from .identity import extract_identity
from .leaders import extract_leaders
from .links import extract_links
from .listing import extract_items
from .mailbox import extract_letters
from .parsed import parse_page
from .published import extract_published
from .services import extract_service

KINDS = ("auto", "list", "document", "leader", "mailbox", "service", "home", "article")
HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php", "/default.htm"})
MIN_LIST_ITEMS = 3  # fewer dated links are a sidebar, not a list page
UNDATED_KINDS = ("list", "home")
MAX_CHROME_DEPTH = 6  # how far up a paragraph's ancestors a footer or header mark is looked for
MIN_ARTICLE_CHARS = 80  # a few sentences of paragraphs; list pages carry at most a line of intro


@dataclasses.dataclass
class _Reading:
    kind: str
    items: list[ListItem] = dataclasses.field(default_factory=list)
    document: DocumentMeta | None = None
    leaders: list[Leader] = dataclasses.field(default_factory=list)
    letters: list[Letter] = dataclasses.field(default_factory=list)
    service: ServiceGuide | None = None


def read_page(
    content: bytes | str,
    url: str,
    *,
    as_of: date,
    kind: str = "auto",
    content_type: str = "text/html",
) -> dict[str, Any]:
    """Read one page (bytes are decoded as the fetcher decodes them) into the `auditor extract` JSON."""
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}; one of {', '.join(KINDS)}")
    text = decode_html(content, content_type)[0] if isinstance(content, bytes) else content
    page = parse_page(FetchResult(url, url, Outcome.OK, content_type=content_type, text=text))
    tree = page.tree
    reading = _read_kind(tree, url, as_of, kind)
    published = None if reading.kind in UNDATED_KINDS else extract_published(tree, text, url, as_of)
    return {
        "url": url,
        "kind": reading.kind,
        "title": page.title,
        "published": _iso(published),
        "items": [_plain(item) for item in reading.items],
        "document": _plain(reading.document) if reading.document else None,
        "leaders": [_plain(leader) for leader in reading.leaders],
        "letters": [_plain(letter) for letter in reading.letters],
        "service": _plain(reading.service) if reading.service else None,
        "identity": _plain(extract_identity(tree, url) or Identity()),
        "links": [
            {"url": link.target, "element": link.element, "attribute": link.attribute, "text": link.text}
            for link in extract_links(tree, url)
        ],
    }


def _read_kind(tree: lxml.html.HtmlElement, url: str, as_of: date, kind: str) -> _Reading:
    """The page's kind as asked, or the first kind whose extractor recognises the page."""
    readers = {
        "document": lambda: _Reading("document", document=extract_document(tree, url, as_of)),
        "service": lambda: _Reading("service", service=extract_service(tree, url)),
        "mailbox": lambda: _Reading("mailbox", letters=extract_letters(tree, url, as_of)),
        "leader": lambda: _Reading("leader", leaders=extract_leaders(tree, url, as_of)),
        "list": lambda: _Reading("list", items=extract_items(tree, url, as_of)),
    }
    if kind in readers:
        return readers[kind]()
    if kind in ("home", "article"):
        return _Reading(kind)
    for name in ("document", "service", "mailbox", "leader"):
        reading = readers[name]()
        if reading.document or reading.service or reading.letters or reading.leaders:
            return reading
    if urlsplit(url).path.lower() in HOME_PATHS:
        return _Reading("home")
    listing = readers["list"]()
    if len(listing.items) >= MIN_LIST_ITEMS and not _prose_outweighs(tree, listing.items):
        return listing
    return _Reading("article")


def _prose_outweighs(tree: lxml.html.HtmlElement, items: list[ListItem]) -> bool:
    """More running text in paragraphs than in the list's titles: an article with a dated
    sidebar (热点新闻), not a list page with a line of introduction."""
    titles = sum(len(item.title) for item in items)
    needed = max(MIN_ARTICLE_CHARS, titles)
    length = 0
    for paragraph in tree.iter("p"):
        if any(is_chrome(node) for node in islice(paragraph.iterancestors(), MAX_CHROME_DEPTH)):
            continue  # a footer's <p> of filing numbers is not prose
        length += len(paragraph.text_content().strip())
        if length > needed:
            return True
    return False


def _plain(value: Any) -> Any:
    """A dataclass as JSON-ready values: dates as ISO strings, tuples as lists."""
    if dataclasses.is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
