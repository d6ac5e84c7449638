"""One fetched page, parsed once: the value every reader of the page takes.

`parse_page(fetch)` is the one way from a fetched page to its tree. The crawler calls it
once per fetch and hands the `ParsedPage` to each reader: `extract_page` (title, links,
list items, pagination), `read_identity` (a home page's footer) and `read_column_page`
(documents, leaders, letters, service guides); `read_page` (`auditor extract`) takes it
too. The tree is parsed when a reader first asks for it and kept for the next: a page
three readers read is parsed once, and one no reader asks the tree of is not parsed (an
error page; a Hanweb data proxy's XML answer, whose records `extract_page` reads as a
document of their own). Readers only read the tree, never edit it (no `drop_tree`, no
attribute writes), so sharing it cannot change what the next one reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import lxml.html

from ..models import FetchResult
from .html import parse_html
from .title import page_title


@dataclass(frozen=True)
class ParsedPage:
    """A fetched page with its tree and title, each computed on first use, once."""

    fetch: FetchResult

    @property
    def url(self) -> str:
        """Where the page was read from, after redirects: what its relative links resolve against
        (unless a <base href> says otherwise: `links.document_base`)."""
        return self.fetch.final_url or self.fetch.url

    @property
    def text(self) -> str:
        return self.fetch.text

    @cached_property
    def tree(self) -> lxml.html.HtmlElement:
        return parse_html(self.fetch.text)

    @cached_property
    def title(self) -> str:
        return page_title(self.tree)


def parse_page(fetch: FetchResult) -> ParsedPage:
    """The page of `fetch`, to be read by every reader; its tree is parsed on first use, once."""
    return ParsedPage(fetch)
