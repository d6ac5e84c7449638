"""The kind-specific reading of a column's pages, for the checks of the Rules engine.

The crawler calls this only for the pages of `documents`, `leaders`, `mailbox` and
`services` columns (their list pages and the items they list) and for home pages, with
the `ParsedPage` it gave `extract_page`: the page is not parsed again.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from ..models import Identity, PageReading
from .document import extract_document
from .identity import extract_identity
from .leaders import extract_leaders
from .mailbox import extract_letters
from .parsed import ParsedPage
from .published import extract_published
from .services import extract_service

READ_KINDS = frozenset({"documents", "leaders", "mailbox", "services"})


def read_column_page(page: ParsedPage, column_id: str, kind: str, as_of: date) -> PageReading | None:
    """What the column's kind asks of one of its pages; None when the page has no text."""
    fetch = page.fetch
    if kind not in READ_KINDS or not fetch.text or not fetch.outcome.answered:
        return None
    url, tree = page.url, page.tree
    reading = PageReading(url=fetch.url, column_id=column_id, kind=kind, title=page.title)
    if kind == "documents":
        document = extract_document(tree, url, as_of)
        published = extract_published(tree, fetch.text, url, as_of)
        return dataclasses.replace(reading, document=document, published=published)
    if kind == "leaders":
        return dataclasses.replace(reading, leaders=tuple(extract_leaders(tree, url, as_of)))
    if kind == "mailbox":
        return dataclasses.replace(reading, letters=tuple(extract_letters(tree, url, as_of)))
    return dataclasses.replace(reading, service=extract_service(tree, url))


def read_identity(page: ParsedPage) -> Identity | None:
    """The site identity a home page's footer states; None when the page has no text."""
    if not page.text or not page.fetch.outcome.answered:
        return None
    return extract_identity(page.tree, page.url)
