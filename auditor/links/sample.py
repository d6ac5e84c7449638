"""What a linked page shows a reader: its title, headings and readable text.

Only the start of the page is read (`SAMPLE_CHARS`): titles, hijack banners and
"page not found" messages sit there, and the link stage reads thousands of pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extract.html import fold, parse_html, visible_text

SAMPLE_CHARS = 96 * 1024
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 8000
HEADING_TAGS = ("h1", "h2", "h3")


@dataclass(frozen=True, slots=True)
class PageSample:
    title: str
    headings: str
    text: str  # readable text, whitespace folded, capped
    markup: str  # the sampled markup itself: challenge scripts leave their marks in code, not text

    @property
    def heading_text(self) -> str:
        return f"{self.title} {self.headings}"


def sample_page(markup: str, *, chars: int = SAMPLE_CHARS) -> PageSample:
    head = markup[:chars]
    tree = parse_html(head)
    title = next((fold("".join(node.itertext()), MAX_TITLE_CHARS) for node in tree.iter("title")), "")
    headings = " ".join(visible_text(node, MAX_TITLE_CHARS) for node in tree.iter(*HEADING_TAGS))
    body = tree.find("body")
    return PageSample(
        title=title,
        headings=headings[:MAX_TEXT_CHARS],
        text=visible_text(body if body is not None else tree, MAX_TEXT_CHARS),
        markup=head,
    )
