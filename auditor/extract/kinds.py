"""The kind-specific reading of a column's pages, for the checks of the Rules engine.

The crawler calls this only for the pages of `documents`, `leaders`, `mailbox` and
`services` columns (their list pages and the items they list) and for home pages:
a small share of an estate, so the second parse it costs stays off the hot path.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from ..models import FetchResult, Identity, PageReading
from .document import extract_document
from .html import parse_html
from .identity import extract_identity
from .leaders import extract_leaders
from .mailbox import extract_letters
from .page import page_title
from .published import extract_published
from .services import extract_service

READ_KINDS = frozenset({"documents", "leaders", "mailbox", "services"})


def read_column_page(fetch: FetchResult, column_id: str, kind: str, as_of: date) -> PageReading | None:
    """What the column's kind asks of one of its pages; None when the page has no text."""
    if kind not in READ_KINDS or not fetch.text or not fetch.outcome.answered:
        return None
    url = fetch.final_url or fetch.url
    tree = parse_html(fetch.text)
    reading = PageReading(url=fetch.url, column_id=column_id, kind=kind, title=page_title(tree))
    if kind == "documents":
        document = extract_document(tree, url, as_of)
        published = extract_published(tree, fetch.text, url, as_of)
        return _replace(reading, document=document, published=published)
    if kind == "leaders":
        return _replace(reading, leaders=tuple(extract_leaders(tree, url, as_of)))
    if kind == "mailbox":
        return _replace(reading, letters=tuple(extract_letters(tree, url, as_of)))
    return _replace(reading, service=extract_service(tree, url))


def read_identity(fetch: FetchResult) -> Identity | None:
    if not fetch.text or not fetch.outcome.answered:
        return None
    return extract_identity(parse_html(fetch.text), fetch.final_url or fetch.url)


def _replace(reading: PageReading, **changes) -> PageReading:
    return dataclasses.replace(reading, **changes)
