"""The next page of a paginated column list: "下一页" links and the TRS `createPageHTML` script.

TRS WCM writes its pager with a script call instead of links, e.g.
`createPageHTML(7, 0, "index", "html")` (7 pages, this is page 0), or with the pager's
element id first: `createPageHTML('page_div', 7, 0, 'index', 'html', 140)`. Its pages
are `index.html`, `index_1.html`, ..., `index_6.html`, so after page c comes
`index_{c+1}.html`, and the last page (c = total - 1) has no next page. The counts are
sometimes variables (`var countPage = 7`), which are looked up in the same page.

Hanweb jpage lists continue at the CMS's data proxy (`hanweb.hanweb_next_pages`): the
next group of records after those the page (or a proxy answer) holds.

Only the next page(s) are returned; how far back to follow is the crawler's decision.
A pager of page numbers alone (1 2 3 … 尾页, no 下一页) gives all its pages.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag

import lxml.etree
import lxml.html

from .hanweb import hanweb_next_pages
from .html import fold, visible_text
from .links import document_base, resolve
from .selectors import select

_BRACKETS = "[]【】()（）「」 "
_ARROWS = "<>›‹»«"
_NEXT_WORDS = frozenset({"下一页", "下页", "下一頁", "后一页", "后页", "next", "nextpage"})
_NEXT_ARROWS = frozenset({"›", ">"})  # not "»" or ">>": pagers use those for the last page too
_PAGER_WORDS = _NEXT_WORDS | frozenset({
    "首页", "第一页", "上一页", "上页", "上一頁", "前一页", "前页", "尾页", "末页", "最后一页", "最末页",
    "first", "last", "prev", "previous", "prevpage", "lastpage", "firstpage", "go", "跳转", "确定",
})
_CALL = re.compile(r"createPageHTML\s*\(([^()]{0,400})\)")
_QUOTED = re.compile(r"""^(['"])(.*)\1$""", re.DOTALL)
_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]{0,60}$", re.ASCII)
_PAGE_NAME = re.compile(r"^[\w.\-]{1,100}$", re.ASCII)
MAX_CALLS = 5
MAX_PAGES = 100_000
# the elements with two links or more among their children, in document order: found in C, so
# that an article page without a pager costs no Python step per element (issue 20)
_TWO_LINKS_BELOW = lxml.etree.XPath("descendant-or-self::*[count(a[@href]) >= 2]")
# what every next text holds (`_NEXT_WORDS`, `_NEXT_ARROWS`): a link's words without any is no next link
_MAYBE_NEXT = re.compile(r"[下后›>]|next", re.IGNORECASE)


def is_pagination_text(text: str) -> bool:
    """Whether a link's text is a pager's: 上一页, 下一页, 尾页, ›, a page number."""
    core = _core(text)
    if not core:
        return False
    if core in _PAGER_WORDS or core.isdigit() and len(core) <= 5:
        return True
    return not core.strip(_ARROWS) or core.strip(_ARROWS) in _PAGER_WORDS


def is_next_text(text: str) -> bool:
    core = _core(text)
    return core in _NEXT_ARROWS or (bool(core) and core.strip(_ARROWS) in _NEXT_WORDS)


def _core(text: str) -> str:
    return "".join(fold(text, 40).lower().split()).strip(_BRACKETS)


def find_next_pages(
    tree: lxml.html.HtmlElement, html_text: str, page_url: str, *, next_selector: str | None = None
) -> list[str]:
    """Absolute URLs of the page(s) after this one, in the order found, without duplicates."""
    base = document_base(tree, page_url)
    selected = select(tree, next_selector)
    if selected:
        raw = [href for node in selected for href in _hrefs(node)]
    else:
        raw = _next_links(tree) + _trs_next_pages(html_text)
        if not raw:  # a pager of page numbers only (1 2 3 … 尾页), without a 下一页
            raw = _numbered_pages(tree)
    # the data proxy answers for the URL it was asked with, not against a <base href>
    raw += hanweb_next_pages(tree, html_text, page_url)
    return _absolute_distinct(raw, base, page_url)


def _hrefs(node: lxml.html.HtmlElement) -> list[str]:
    anchors = [node] if node.tag == "a" else list(node.iter("a"))
    return [href for anchor in anchors if (href := anchor.get("href"))]


def _next_links(tree: lxml.html.HtmlElement) -> list[str]:
    found = []
    for element in tree.iter("a", "link"):
        href = element.get("href")
        if not href:
            continue
        rel = (element.get("rel") or "").lower().split()
        if "next" in rel or (element.tag == "a" and _reads_next(element)):
            found.append(href)
    return found


def _numbered_pages(tree: lxml.html.HtmlElement) -> list[str]:
    """The links of a page-number pager: two or more number links side by side in one element,
    with its 尾页 link. A lone number link (a footnote, a date) is not a pager."""
    found = []
    for parent in _TWO_LINKS_BELOW(tree):
        anchors = [child for child in parent if child.tag == "a" and child.get("href")]
        numbered = [a for a in anchors if _core(visible_text(a, 10)).isdigit()]
        if len(numbered) >= 2:
            found += [a.get("href") or "" for a in anchors if is_pagination_text(visible_text(a, 40))]
    return [href for href in found if not href.lower().startswith(("javascript:", "#"))]


def _reads_next(anchor: lxml.html.HtmlElement) -> bool:
    words = anchor.text
    if len(anchor) == 0 and words and not words.isspace() and not _MAYBE_NEXT.search(words):
        return False  # a plain link whose words hold no next word or arrow (most links): nothing to fold
    text = visible_text(anchor, 40)
    if not text:  # an image button: its alt or the link's title says what it does
        text = anchor.get("title") or next((img.get("alt") or "" for img in anchor.iter("img")), "")
    return is_next_text(text)


def _trs_next_pages(html_text: str) -> list[str]:
    if "createPageHTML" not in html_text:
        return []
    pages = []
    for count, match in enumerate(_CALL.finditer(html_text)):
        if count >= MAX_CALLS:
            break
        if html_text[max(0, match.start() - 12):match.start()].rstrip().endswith("function"):
            continue  # the definition of the pager, not a call
        page = _trs_next_page([_argument(arg, html_text) for arg in match.group(1).split(",")])
        if page is not None:
            pages.append(page)
    return pages


def _trs_next_page(args: list[str | int | None]) -> str | None:
    # createPageHTML('page_div', total, current, name, ext, ...) puts the pager's id first
    if len(args) >= 3 and isinstance(args[0], str) and isinstance(args[1], int) and isinstance(args[2], int):
        args = args[1:]
    if len(args) < 2 or not isinstance(args[0], int) or not isinstance(args[1], int):
        return None
    total, current = args[0], args[1]
    name = args[2] if len(args) > 2 and isinstance(args[2], str) else "index"
    extension = args[3] if len(args) > 3 and isinstance(args[3], str) else "html"
    if not (0 <= current < total - 1 and total <= MAX_PAGES):
        return None
    if not (_PAGE_NAME.match(name) and _PAGE_NAME.match(extension)):
        return None
    return f"{name}_{current + 1}.{extension}"


def _argument(raw: str, html_text: str) -> str | int | None:
    """A literal argument of the call, or the number a `var name = 7` in the page gives it."""
    value = raw.strip()
    quoted = _QUOTED.match(value)
    if quoted:
        inner = quoted.group(2).strip()
        return int(inner) if inner.isascii() and inner.isdigit() else inner
    if value.isascii() and value.isdigit():
        return int(value)
    if _IDENTIFIER.match(value):
        assigned = re.search(r"(?<![\w$.])" + re.escape(value) + r"\s*=\s*(\d{1,6})(?!\d)", html_text)
        return int(assigned.group(1)) if assigned else None
    return None


def _absolute_distinct(raw: list[str], base: str, page_url: str) -> list[str]:
    here = urldefrag(page_url).url
    pages: list[str] = []
    for href in raw:
        url = resolve(href, base)
        if url is None or not url.startswith(("http://", "https://")) or url == here or url in pages:
            continue
        pages.append(url)
    return pages
