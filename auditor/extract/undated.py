"""Lists without dates: leader lists, service-guide lists, link lists, catalogues.

Dated lists are found by their dates (`listing`). Many columns list no dates at all:
领导之窗 shows names and photos, 办事指南 shows the names of the services, an ASP
catalogue shows titles. Such a column is not empty, and its entries' pages are what
the column holds. The rows are found the way the dated reader finds them, without the
date: links that lead to item pages, each in a small element of its own, repeated as
siblings outside the page chrome. A link leads to an item page when its URL has the
shape CMSs give item pages:

    show.asp?id=12   view.jsp?id=3   content.jsp?id=7&cid=2   ?ArticleID= ?infoid= ?lid=
    /contents/12/345.html   /art/2026/11/27/art_12_345.html   ./202611/t20261127_123.html
    /ldzc/zhangsan.html (a page inside the column's own folder)

and column pages (index.html, list.asp?classid=, /col/col12/, /channels/12.html, a
folder) never are. Menus, breadcrumbs, pagers and "更多" links are no items.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import lxml.html

from ..models import ListItem
from ..urls import SESSION_PARAMS
from .html import fold, is_chrome, iter_text, visible_text
from .links import resolve
from .pagination import is_pagination_text

MAX_ROW_LINKS = 3  # a row holding more links than this is a container
MAX_CLIMB = 5
MAX_ITEMS = 1_000
MAX_TITLE_CHARS = 300
ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "dl", "div", "p", "td", "span", "article", "section"})
# query parameters that name a list (a class, a channel, a page) or a visit (a session), never one item
_LIST_PARAMS = SESSION_PARAMS | frozenset({
    "classid", "class", "columnid", "colid", "col", "channelid", "chid", "catid", "cateid", "categoryid", "typeid",
    "sortid", "nodeid", "webid", "siteid", "unitid", "page", "pagenum", "pageno", "pageindex", "p", "uid", "bigclassid",
    "smallclassid", "nid", "keyword", "key", "order", "sort",
})
# query parameters that name one item (show.asp?id=, ShowArticle.asp?ArticleID=, letter.jsp?lid=)
_ITEM_PARAM = re.compile(r"^(?:id|.*(?:id|no|code))$", re.IGNORECASE)
_ITEM_VALUE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_LIST_FILE = re.compile(r"^(?:index|default|list|more|channel|column|col\d*|lm)(?:[_-]\d+)?\.\w+$|^\d+_\d+\.html?$",
                        re.IGNORECASE)
_LIST_PATH = re.compile(r"/col/col\d+/|/channels/|/module/|/search|/login", re.IGNORECASE)
_ITEM_PATH = re.compile(
    r"/contents/\d+/\d+\.s?html?$|/art/\d{4}/|/t\d{8}_\d+\.s?html?$|/(?:art|content|detail|article|show|view|info)[_-]?\d+",
    re.IGNORECASE,
)
_MORE = frozenset({"更多", "more", "查看更多", "更多内容", "详细", "详情", "返回", "首页", "上一篇", "下一篇"})


def undated_items(tree: lxml.html.HtmlElement, page_url: str, base: str) -> list[ListItem]:
    """The rows of the page's largest list of item links, in document order; [] when there is none."""
    groups: dict[tuple[lxml.html.HtmlElement | None, str], dict[str, ListItem]] = {}
    order: list[tuple[lxml.html.HtmlElement | None, str]] = []
    for anchor, url in _item_anchors(tree, page_url, base):
        row = _row_of(anchor)
        key = (row.getparent(), str(row.tag)) if row is not anchor else (anchor.getparent(), "a")
        if key not in groups:
            groups[key] = {}
            order.append(key)
        groups[key].setdefault(url, ListItem(title=_title(anchor), url=url, date=None))
    best = max(order, key=lambda k: len(groups[k]), default=None)  # max keeps the first on a tie
    return list(groups[best].values())[:MAX_ITEMS] if best is not None else []


def is_item_url(url: str, column_url: str) -> bool:
    """Whether a URL has the shape CMSs give item pages (not column pages), seen from a column."""
    try:
        parts = urlsplit(url)
        column = urlsplit(column_url)
    except ValueError:
        return False
    if parts.hostname != column.hostname:
        return False  # another site's page is a link, not an item of this column
    path = parts.path or "/"
    name = posixpath.basename(path)
    if not name or _LIST_FILE.match(name) or _LIST_PATH.search(path):
        return has_item_param(parts.query)
    if has_item_param(parts.query) or _ITEM_PATH.search(path):
        return True
    if parts.query:
        return False  # a script page with list parameters only: a list, a search, a pager
    folder = column.path if column.path.endswith("/") else posixpath.dirname(column.path) + "/"
    inside = parts.netloc == column.netloc and path.startswith(folder) and path != column.path
    return inside and bool(posixpath.splitext(name)[1])


def has_item_param(query: str) -> bool:
    """Whether a query names one item (`id=12`, `ArticleID=77`, `lid=8&col=3`), not a list or a visit."""
    for name, value in parse_qsl(query, keep_blank_values=True):
        lowered = name.lower()
        if lowered not in _LIST_PARAMS and _ITEM_PARAM.match(lowered) and _ITEM_VALUE.match(value):
            return True
    return False


def _item_anchors(tree: lxml.html.HtmlElement, page_url: str, base: str) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    page = page_url.partition("#")[0]
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        url = resolve(href, base) if href else None
        if not url or not url.startswith(("http://", "https://")) or url == page:
            continue
        text = visible_text(anchor, 40)
        if is_pagination_text(text) or text.strip("[]【】<>»›.… ") in _MORE or _in_chrome(anchor):
            continue
        if is_item_url(url, page_url):
            yield anchor, url


def _in_chrome(anchor: lxml.html.HtmlElement) -> bool:
    return any(is_chrome(ancestor) for ancestor in anchor.iterancestors())


def _row_of(anchor: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The smallest element around a link that holds few links (its row), or the link itself."""
    row = anchor
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level >= MAX_CLIMB or ancestor.tag in ("body", "html"):
            break
        if sum(1 for _ in ancestor.iter("a")) > MAX_ROW_LINKS:
            break
        if ancestor.tag in ROW_TAGS:
            row = ancestor
            if _has_siblings(ancestor):
                break
    return row


def _has_siblings(element: lxml.html.HtmlElement) -> bool:
    parent = element.getparent()
    return parent is not None and sum(1 for child in parent if child.tag == element.tag) > 1


def _title(anchor: lxml.html.HtmlElement) -> str:
    text = fold("".join(iter_text(anchor)), MAX_TITLE_CHARS)
    if text and not text.endswith(("...", "…")):
        return text
    full = fold(anchor.get("title"), MAX_TITLE_CHARS)
    if full:
        return full
    alt = next((fold(img.get("alt"), MAX_TITLE_CHARS) for img in anchor.iter("img") if img.get("alt")), "")
    return text or alt
