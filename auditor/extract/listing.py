"""The items of a column list page: title, URL and date of each entry.

Government CMSs write a list as repeated sibling elements, each with one link and one
date: `<li><a>..</a><span>2026-11-27</span></li>`, table rows `<tr><td><a>..</a></td>
<td>[11-27]</td></tr>`, `<div class="item"><a>..</a><em>2026年11月27日</em></div>`, or
bare `<a>..</a> (2026-11-27)<br>` runs. The list is found without configuration: every
link climbs to the smallest element around it that carries a date outside link text
(or, failing that, a date inside the link or in its URL); those elements are grouped
by parent and tag, and the group with the most dated items is the list. Navigation
menus (links without dates), "今天是…" banners and pagination links never form items.
A column may name `item_selector` (and `date_selector`) when the detection is not enough.

Lists shipped in scripts are read too: a Hanweb jpage `<datastore>` (see `hanweb`) is
the column's list whenever it holds items; a JavaScript array of item objects (see
`jsarray`) is taken when it has more dated items than the best group in the markup.
A page with no dated list at all may still list items without dates (`undated`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

import lxml.html

from ..models import ListItem
from .dates import date_in_url, find_dates, is_banner_date_context, parse_date
from .hanweb import page_datastore, record_rows, records_document
from .html import fold, iter_text, visible_text
from .jsarray import script_array_items
from .links import document_base, resolve
from .pagination import is_pagination_text
from .selectors import select
from .undated import undated_items

ITEM_TAGS = frozenset({"li", "tr", "dd", "dt", "dl", "div", "p", "table", "ul", "section", "article"})
MAX_ITEM_LINKS = 3  # an element holding more links than this is a container, not an item
MAX_ITEM_TEXT = 300  # non-link text of an item: its date, category, source; longer is prose
MAX_ITEM_ELEMENTS = 40  # a list row is a handful of elements; a page section is many more
MAX_CLIMB = 6  # levels from a link up to its item element
MAX_ANCHORS = 5_000
MAX_ITEMS = 1_000
MAX_TITLE_CHARS = 500
MAX_DATE_NODE_CHARS = 40  # a date element inside a link holds little but the date
MAX_TRAILING_CHARS = 80  # text read after a bare link for its date
_DATE_HINT = re.compile(r"\d\s*[-/.年月]\s*\d")
_MORE_TEXTS = frozenset({"更多", "more", "查看更多", "更多内容", "详细", "详情"})
_ELLIPSES = ("...", "…", "。。。", "··")


@dataclass(frozen=True, slots=True)
class _Candidate:
    element: lxml.html.HtmlElement  # the item element (the link itself for bare-link lists)
    anchor: lxml.html.HtmlElement
    url: str
    date: date | None
    date_node: lxml.html.HtmlElement | None = None  # a date element inside the link


def extract_items(
    tree: lxml.html.HtmlElement,
    page_url: str,
    as_of: date,
    *,
    item_selector: str | None = None,
    date_selector: str | None = None,
) -> list[ListItem]:
    """The list items of a page, in document order, one per URL."""
    base = document_base(tree, page_url)
    chosen = select(tree, item_selector)
    if chosen is not None:
        return _to_items(_selected_items(chosen, base, as_of, date_selector))
    store = page_datastore(tree)
    if store is not None and (shipped := record_items(store.records, base, as_of)):
        return shipped  # a Hanweb datastore holds the column's list; the markup around it is decoration
    markup = _to_items(_detected_items(tree, base, as_of))
    scripted = script_array_items(tree, base, as_of)
    best = scripted if _score(scripted) > _score(markup) else markup
    return best or undated_items(tree, page_url, base)


def record_items(records: Sequence[str], page_url: str, as_of: date) -> list[ListItem]:
    """Items of HTML fragments that are one item each (Hanweb records), read like selected rows."""
    if not records:
        return []
    rows = record_rows(records_document(tuple(records)))
    return _to_items(_selected_items(rows, page_url, as_of, None))


def _score(items: list[ListItem]) -> tuple[int, int]:
    return sum(1 for item in items if item.date is not None), len(items)


# -- configured selectors ------------------------------------------------------------


def _selected_items(
    elements: list[lxml.html.HtmlElement], base: str, as_of: date, date_selector: str | None
) -> list[_Candidate]:
    candidates = []
    for element in elements[:MAX_ITEMS]:
        anchors = [element] if element.tag == "a" else list(element.iter("a"))
        usable = [(anchor, url) for anchor in anchors if (url := _item_url(anchor, base))]
        if not usable:
            continue
        anchor, url = max(usable, key=lambda pair: len(_anchor_title(pair[0], None)))
        candidates.append(_selected_candidate(element, anchor, url, as_of, date_selector))
    return candidates


def _selected_candidate(
    element: lxml.html.HtmlElement, anchor: lxml.html.HtmlElement, url: str, as_of: date, date_selector: str | None
) -> _Candidate:
    for node in select(element, date_selector) or ():
        found = parse_date(visible_text(node, MAX_ITEM_TEXT), as_of)
        if found is not None:
            return _Candidate(element, anchor, url, found)
    text = _row_text(element) if element is not anchor else ""
    dates = [] if is_banner_date_context(text) else find_dates(text, as_of)
    if dates:
        return _Candidate(element, anchor, url, dates[0])
    found, date_node = _link_date(anchor, url, as_of)
    return _Candidate(element, anchor, url, found, date_node)


# -- automatic detection -------------------------------------------------------------


def _detected_items(tree: lxml.html.HtmlElement, base: str, as_of: date) -> list[_Candidate]:
    anchors = _usable_anchors(tree, base)
    link_counts = _links_per_element(anchor for anchor, _ in anchors)
    siblings = _SiblingCounts()
    candidates = [
        candidate
        for anchor, url in anchors
        if (candidate := _candidate(anchor, url, link_counts, siblings, as_of)) is not None
    ]
    return _best_group(candidates, dict(anchors), base)


def _usable_anchors(tree: lxml.html.HtmlElement, base: str) -> list[tuple[lxml.html.HtmlElement, str]]:
    found = []
    for anchor in tree.iter("a"):
        url = _item_url(anchor, base)
        if url is not None:
            found.append((anchor, url))
            if len(found) >= MAX_ANCHORS:
                break
    return found


def _item_url(anchor: lxml.html.HtmlElement, base: str) -> str | None:
    """The page an anchor leads to, when it can be a list item's link at all."""
    href = anchor.get("href")
    if not href:
        return None
    url = resolve(href, base)
    if url is None or not url.startswith(("http://", "https://")):
        return None
    text = visible_text(anchor, 40)
    if is_pagination_text(text) or text.lower().strip("[]【】<>»›. ") in _MORE_TEXTS:
        return None
    return url


def _links_per_element(anchors: Iterable[lxml.html.HtmlElement]) -> dict[lxml.html.HtmlElement, int]:
    counts: dict[lxml.html.HtmlElement, int] = {}
    for anchor in anchors:
        for ancestor in anchor.iterancestors():
            counts[ancestor] = counts.get(ancestor, 0) + 1
    return counts


def _candidate(
    anchor: lxml.html.HtmlElement,
    url: str,
    link_counts: dict[lxml.html.HtmlElement, int],
    siblings: _SiblingCounts,
    as_of: date,
) -> _Candidate | None:
    """The dated item a link belongs to, or None when it is not part of a dated list."""
    chain = _item_chain(anchor, link_counts)
    for index, element in enumerate(chain):
        if _is_large(element):
            chain = chain[:index]
            break
        text = _row_text(element)
        if len(text) > MAX_ITEM_TEXT:
            chain = chain[:index]
            break
        if is_banner_date_context(text):
            return None
        dates = find_dates(text, as_of) if _DATE_HINT.search(text) else []
        if not dates:
            continue
        if len(dates) > 1 and link_counts.get(element, 0) > 1:  # several items share one element
            bare = _bare_link_candidate(anchor, url, as_of)
            if bare is not None:
                return bare
        return _Candidate(_repeated(chain[index:], siblings), anchor, url, dates[0])
    if not chain:
        bare = _bare_link_candidate(anchor, url, as_of)
        if bare is not None:
            return bare
    found, node = _link_date(anchor, url, as_of)
    if found is None:
        return None
    return _Candidate(_repeated(chain, siblings) if chain else anchor, anchor, url, found, node)


def _item_chain(
    anchor: lxml.html.HtmlElement, link_counts: dict[lxml.html.HtmlElement, int]
) -> list[lxml.html.HtmlElement]:
    """Item-like ancestors of a link, lowest first, below the first element that is a container."""
    chain = []
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level >= MAX_CLIMB or link_counts.get(ancestor, 0) > MAX_ITEM_LINKS:
            break
        if ancestor.tag in ITEM_TAGS:
            chain.append(ancestor)
    return chain


def _repeated(chain: list[lxml.html.HtmlElement], siblings: _SiblingCounts) -> lxml.html.HtmlElement:
    """The lowest element of the chain that has siblings of its own tag (the list's rows)."""
    for element in chain:
        if siblings.of(element) > 1:
            return element
    return chain[0]


class _SiblingCounts:
    """How many children of each tag a parent has, counted once per parent (menus are long)."""

    def __init__(self) -> None:
        # by tag: a str, or lxml's Comment function for a comment among the children
        self._counts: dict[lxml.html.HtmlElement, dict[object, int]] = {}

    def of(self, element: lxml.html.HtmlElement) -> int:
        parent = element.getparent()
        if parent is None:
            return 1
        counts = self._counts.get(parent)
        if counts is None:
            counts = {}
            for child in parent:
                counts[child.tag] = counts.get(child.tag, 0) + 1
            self._counts[parent] = counts
        return counts.get(element.tag, 0)


def _bare_link_candidate(anchor: lxml.html.HtmlElement, url: str, as_of: date) -> _Candidate | None:
    """`<a>..</a> (2026-11-27)<br>`: the date follows the link, up to the next link."""
    parts = [anchor.tail or ""]
    for sibling in anchor.itersiblings():
        if sibling.tag == "a" or next(sibling.iter("a"), None) is not None:
            break
        parts.append(visible_text(sibling))
        parts.append(sibling.tail or "")
        if sum(map(len, parts)) > MAX_TRAILING_CHARS:
            break
    found = parse_date("".join(parts)[:MAX_TRAILING_CHARS], as_of)
    return _Candidate(anchor, anchor, url, found) if found is not None else None


def _link_date(
    anchor: lxml.html.HtmlElement, url: str, as_of: date
) -> tuple[date | None, lxml.html.HtmlElement | None]:
    """A date inside the link (`<a><span>title</span><span>2026-11-27</span></a>`), else in its URL."""
    for node in anchor.iterdescendants():
        text = visible_text(node)
        if len(text) <= MAX_DATE_NODE_CHARS:
            found = parse_date(text, as_of)
            if found is not None:
                return found, node
    return date_in_url(url, as_of), None


def _is_large(element: lxml.html.HtmlElement) -> bool:
    return next(islice(element.iter(), MAX_ITEM_ELEMENTS, None), None) is not None


def _row_text(element: lxml.html.HtmlElement) -> str:
    """The text of a row outside its links; a <dt> row's date is in the <dd> after it."""
    if not _DATE_HINT.search(element.text_content()):  # lxml does this in C: a cheap first look
        text = ""
    else:
        text = _non_link_text(element)
    if element.tag == "dt":
        following = element.getnext()
        if following is not None and following.tag == "dd" and next(following.iter("a"), None) is None:
            text = f"{text} {_non_link_text(following)}".strip()
    return text


def _non_link_text(element: lxml.html.HtmlElement) -> str:
    # capped while reading: an item is short, a page body is not
    parts, length = [], 0
    for part in iter_text(element, skip_links=True):
        parts.append(part)
        length += len(part)
        if length > MAX_ITEM_TEXT * 4:
            break
    return fold(" ".join(parts))  # cells join with a space: <td>1</td><td>2026.11.21</td> is not "12026.11.21"


# -- choosing the list ---------------------------------------------------------------


def _best_group(
    candidates: list[_Candidate], urls: dict[lxml.html.HtmlElement, str], base: str
) -> list[_Candidate]:
    """The rows of the sibling group with the most dated items.

    On a tie, the group with more items under the page's own directory wins (a column's
    items usually live below it; a sidebar's point elsewhere), then the first on the page.
    """
    directory = base.rsplit("/", 1)[0] + "/"
    best: list[_Candidate] = []
    best_score = (0, 0)
    for (parent, tag), dated in _dated_groups(candidates).items():
        score = (len(dated), sum(1 for row in dated.values() if row.url.startswith(directory)))
        if score <= best_score:
            continue
        rows = list(dated.values()) if parent is None or tag == "a" else _rows_in_order(parent, tag, dated, urls)
        if rows:
            best, best_score = rows, score
    return best


def _dated_groups(
    candidates: list[_Candidate],
) -> dict[tuple[lxml.html.HtmlElement | None, str], dict[lxml.html.HtmlElement, _Candidate]]:
    """Dated candidates by (parent, tag); one per item element, the one with the longest title."""
    groups: dict[tuple[lxml.html.HtmlElement | None, str], dict[lxml.html.HtmlElement, _Candidate]] = {}
    for candidate in candidates:
        if candidate.date is None:
            continue
        members = groups.setdefault((candidate.element.getparent(), str(candidate.element.tag)), {})
        current = members.get(candidate.element)
        if current is None or _title_length(candidate) > _title_length(current):
            members[candidate.element] = candidate
    return groups


def _rows_in_order(
    parent: lxml.html.HtmlElement,
    tag: str,
    dated: dict[lxml.html.HtmlElement, _Candidate],
    urls: dict[lxml.html.HtmlElement, str],
) -> list[_Candidate]:
    """The group's rows in document order, or [] when the group is no list.

    Undated rows that look like the dated ones (same tag and class) are items too (a
    pinned notice, a mistyped date). But when they outnumber the dated rows, the group
    is a link menu in which a few URLs happen to carry dates, not a list.
    """
    classes = {row.get("class") for row in dated}
    rows: list[_Candidate] = []
    undated = 0
    for child in parent:
        if child in dated:
            rows.append(dated[child])
        elif child.tag == tag and child.get("class") in classes:
            links = [(anchor, urls[anchor]) for anchor in child.iter("a") if anchor in urls]
            if links:
                anchor, url = max(links, key=lambda pair: len(_anchor_title(pair[0], None)))
                rows.append(_Candidate(child, anchor, url, None))
                undated += 1
    return rows if undated <= len(dated) else []


# -- titles and the result -----------------------------------------------------------


def _anchor_title(anchor: lxml.html.HtmlElement, date_node: lxml.html.HtmlElement | None) -> str:
    """The link text; its title attribute when the text is cut short with an ellipsis."""
    text = fold("".join(iter_text(anchor)) if date_node is None else _text_without(anchor, date_node))
    full = fold(anchor.get("title"))
    if full and (not text or text.endswith(_ELLIPSES)):
        return full[:MAX_TITLE_CHARS]
    if not text:
        text = next((fold(image.get("alt")) for image in anchor.iter("img") if image.get("alt")), "")
    return text[:MAX_TITLE_CHARS]


def _text_without(anchor: lxml.html.HtmlElement, date_node: lxml.html.HtmlElement) -> str:
    inside = fold("".join(iter_text(anchor)))
    return inside.replace(fold("".join(iter_text(date_node))), " ", 1)


def _title_length(candidate: _Candidate) -> int:
    return len(_anchor_title(candidate.anchor, candidate.date_node))


def _to_items(candidates: list[_Candidate]) -> list[ListItem]:
    items: dict[str, ListItem] = {}
    for candidate in candidates:
        if candidate.url not in items:
            title = _anchor_title(candidate.anchor, candidate.date_node)
            items[candidate.url] = ListItem(title=title, url=candidate.url, date=candidate.date)
            if len(items) >= MAX_ITEMS:
                break
    return list(items.values())
