"""The column links of a page: its menus, nav bars, block headings and catalogue trees.

Three places hold them:

- the markup: `<a href>`s whose text is a short name (通知公告, 政府文件) and whose target
  is a page of the same site that is not an item (`t20261121_1.html`, `art/2026/…`,
  `show.asp?id=`, `contents/12/345.html`, a date in the path) and not a file;
  a heading's "更多>>" link takes the heading's name;
- menus written by script: the HTML inside `document.write('<li><a href=…>…</a></li>')`
  (string pieces joined with `+` included) and `innerHTML = '…'`;
- JavaScript arrays of `{name: '通知公告', url: '/xxgk/tzgg/'}` (read by `extract.jsarray`).

Page chrome that is not a column (首页, 设为首页, 网站地图, 无障碍, 登录, pagers) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import lxml.html

from ..extract import (
    date_in_url,
    document_base,
    extract_items,
    find_dates,
    is_banner_date_context,
    parse_html,
    resolve,
)
from ..extract.html import fold, visible_text
from ..extract.jsarray import script_array_items
from ..extract.pagination import is_pagination_text
from ..extract.scripted import written_markup
from ..extract.undated import is_item_url
from ..urls import crawl_key, host_of, is_asset

MIN_NAME, MAX_NAME = 2, 12  # characters of a column's name
MAX_LINKS = 400  # column links kept per page
MAX_SCRIPT_CHARS = 2_000_000
MAX_ROW_LINKS = 3  # a row holding more links is a menu or a block, not one item
MAX_ROW_TEXT = 200
NOT_COLUMNS = frozenset({
    "首页", "网站首页", "返回首页", "设为首页", "加入收藏", "收藏本站", "更多", "更多>>", "more", "详细", "详情",
    "网站地图", "站点地图", "联系我们", "关于我们", "无障碍", "无障碍阅读", "长者模式", "关怀版", "适老化",
    "繁体", "繁體", "简体", "繁體版", "简体版", "english", "登录", "注册", "用户登录", "手机版", "移动版",
    "打印", "关闭", "关闭窗口", "返回", "返回顶部", "搜索", "高级搜索", "上一篇", "下一篇", "纠错", "我要纠错",
    "网站纠错", "隐私声明", "版权声明", "免责声明", "使用帮助", "网站声明",
})
_MORE = re.compile(r"^(?:更多|more|查看更多|更多内容)\s*[>»›＞]*$", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class NavLink:
    name: str
    url: str
    source: str  # markup | script | array: where the page holds it


def column_links(tree: lxml.html.HtmlElement, page_url: str, hosts: frozenset[str], as_of: date) -> list[NavLink]:
    """The page's links to columns of its own site (`hosts`), in page order, one per URL."""
    base = document_base(tree, page_url)
    found: dict[str, NavLink] = {}
    page_key = crawl_key(page_url)
    # the page's own dated lists (a home page's news blocks) are items, not columns
    listed = {crawl_key(item.url) for item in extract_items(tree, page_url, as_of) if item.date is not None}
    for link in (*_markup_links(tree, base, as_of), *_written_links(tree, base, as_of), *_array_links(tree, base, as_of)):
        key = crawl_key(link.url)
        if key in found or key == page_key or key in listed or not _is_column_target(link.url, hosts, as_of):
            continue
        found[key] = link
        if len(found) >= MAX_LINKS:
            break
    return list(found.values())


def is_column_name(name: str) -> bool:
    squeezed = re.sub(r"\s+", "", name)
    if not MIN_NAME <= len(squeezed) <= MAX_NAME or squeezed.lower() in NOT_COLUMNS:
        return False
    if squeezed.startswith("关于") or squeezed.endswith(("的通知", "的公告", "的公示", "的通报", "的意见")):
        return False  # an article's title
    return bool(_CJK.search(squeezed)) and not is_pagination_text(squeezed) and not _MORE.match(squeezed)


def _is_column_target(url: str, hosts: frozenset[str], as_of: date) -> bool:
    if not url.startswith(("http://", "https://")) or host_of(url) not in hosts or is_asset(url):
        return False
    return not is_item_url(url, url) and date_in_url(url, as_of) is None


def _markup_links(tree: lxml.html.HtmlElement, base: str, as_of: date, source: str = "markup") -> Iterator[NavLink]:
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        url = resolve(href, base) if href else None
        if url is None:
            continue
        name = fold(visible_text(anchor, 60) or anchor.get("title"), 60)
        if _MORE.match(name):
            name = _heading_name(anchor)
        if name and is_column_name(name) and not _dated_row(anchor, as_of):
            yield NavLink(re.sub(r"\s+", "", name), url, source)


def _dated_row(anchor: lxml.html.HtmlElement, as_of: date) -> bool:
    """Whether the link sits in a row with a date beside it: a list item, not a menu entry."""
    parent = anchor.getparent()
    if parent is None or sum(1 for _ in parent.iter("a")) > MAX_ROW_LINKS:
        return False
    text = " ".join(t for node in parent.iter() if node is not anchor and not _inside(node, anchor)
                    for t in (node.text or "", node.tail or "") if t.strip())
    text += " " + (anchor.tail or "")
    return not is_banner_date_context(text) and bool(find_dates(text[:MAX_ROW_TEXT], as_of))


def _inside(node: lxml.html.HtmlElement, anchor: lxml.html.HtmlElement) -> bool:
    return any(ancestor is anchor for ancestor in node.iterancestors())


def _heading_name(more: lxml.html.HtmlElement) -> str:
    """The name of the block a "更多>>" link closes: its heading's other text."""
    for ancestor in list(more.iterancestors())[:3]:
        text = "".join(t for node in ancestor.iter() if node is not more and node.tag not in ("script", "style")
                       for t in (node.text or "",))
        text = fold(text, 60)
        if text and is_column_name(text):
            return text
    return ""


def _written_links(tree: lxml.html.HtmlElement, base: str, as_of: date) -> Iterator[NavLink]:
    """Links inside the HTML that scripts write (document.write, innerHTML)."""
    for script in tree.iter("script"):
        body = (script.text or "")[:MAX_SCRIPT_CHARS]
        if not body or (script.get("type") or "").lower() not in ("", "text/javascript", "application/javascript"):
            continue
        markup = written_markup(body)
        if "<a" in markup.lower():
            yield from _markup_links(parse_html(markup), base, as_of, "script")


def _array_links(tree: lxml.html.HtmlElement, base: str, as_of: date) -> Iterator[NavLink]:
    """Menu entries of JavaScript arrays ({name, url}): undated entries with a short name."""
    for item in script_array_items(tree, base, as_of):
        if item.date is None and is_column_name(item.title):
            yield NavLink(re.sub(r"\s+", "", item.title), item.url, "array")
