"""The metadata block of a 信息公开 document page: 索引号, 分类, 发布机构, 成文日期, 发布日期, 文号, 标题.

Sites lay the block out in many ways, and the reader accepts all of them:

    <tr><th>索 引 号：</th><td>11410322…/2026-00001</td><th>文　　号：</th><td></td></tr>
    <td>发布机构：县政府办公室</td>                         (label and value in one cell)
    <p><strong>发文字号</strong>：孟政办[2011]21号</p>
    <dl><dt>成文日期:</dt><dd>2011年12月1日</dd></dl>
    <li><span>发布日期</span>2011-12-20</li>

    <meta name="PubDate" content="2011-12-20">                (in the head; fills what the block lacks)

A label is recognised at the start of an element's own text (spaces inside it, ASCII,
full-width or nbsp, are ignored); its value is the rest of that element, the text
that follows it inside the parent, or the next cell. An empty value cell gives None:
a missing 文号 is usually an empty cell, and the document.metadata check must see it
missing rather than the next cell's label. A row of column headings (标题 | 文号 |
发布日期 on a list page) is not a metadata block: a label whose value is another
label counts only when written with a colon.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.html

from ..models import DocumentMeta
from .dates import as_day, parse_date
from .html import fold, visible_text

MAX_VALUE_CHARS = 500
MAX_LABEL_NODES = 200  # a metadata block has a dozen labels; a page with hundreds is not one
MIN_LABELS = 2

# Label → field, longest spellings first so 发文字号 wins over 文号.
_LABELS: tuple[tuple[str, str], ...] = (
    ("索引号", "index_no"),
    ("信息分类", "category"), ("主题分类", "category"), ("分类", "category"),
    ("发布机构", "publisher"), ("发文机关", "publisher"), ("发文单位", "publisher"),
    ("发布单位", "publisher"), ("发文机构", "publisher"), ("公开机构", "publisher"),
    ("生成日期", "formed"), ("成文日期", "formed"), ("成文时间", "formed"), ("生成时间", "formed"),
    ("发布日期", "published"), ("公开日期", "published"), ("发布时间", "published"), ("公开时间", "published"),
    ("发文字号", "doc_no"), ("发文号", "doc_no"), ("文号", "doc_no"),
    ("文件名称", "title"), ("文件标题", "title"), ("标题", "title"), ("名称", "title"),
)
_FIELD_OF = dict(_LABELS)
# fields that only a document's metadata block carries; 标题 and 发布日期 appear on any article
_DOCUMENT_FIELDS = frozenset({"index_no", "publisher", "formed", "doc_no"})
_FIRST_CHARS = frozenset(label[0] for label, _ in _LABELS)
_LABEL_TAGS = ("td", "th", "dt", "dd", "span", "strong", "b", "label", "li", "p", "div", "em", "font", "i")
_CELL_TAGS = frozenset({"td", "th", "dt", "dd"})
_INLINE_TAGS = frozenset({"span", "strong", "b", "label", "em", "font", "i"})

# \s is Unicode whitespace, \u3000 and \xa0 included: a class spelling them out again cost a
# 64K-entry character map per gap at compile time, 5 ms of start-up for these two patterns
_GAP = r"\s*"
_LABEL_ALTERNATIVES = "|".join(_GAP.join(map(re.escape, label)) for label, _ in _LABELS)
_COLON = r"[:：]"
# a label opening a text: followed by its colon, a space or the end (分类号 is not 分类)
_LABEL_AT_START = re.compile(
    rf"{_GAP}(?P<label>{_LABEL_ALTERNATIVES})(?:{_GAP}(?P<colon>{_COLON})|(?=\s|$))"
)
# a label inside a longer text: not the tail of another word (事项名称, 垃圾分类), and with its colon
_LABEL_IN_TEXT = re.compile(rf"(?<![\u4e00-\u9fff])(?P<label>{_LABEL_ALTERNATIVES}){_GAP}{_COLON}")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = ":：;；,，|｜ \u3000\xa0"
_EMPTY_VALUES = frozenset({"", "-", "--", "—", "——", "/", "无", "暂无", "null", "none"})
_YEAR_BRACKETS = re.compile(r"[〔【\[（(﹝〖［]\s*((?:19|20)\d{2})\s*[〕】\]）)﹞〗］]")


def extract_document(tree: lxml.html.HtmlElement, page_url: str, as_of: date) -> DocumentMeta | None:
    """The document metadata of a 信息公开 page, or None when the page has no metadata block."""
    del page_url  # the block is read from the markup alone; kept for the extractors' common signature
    raw = _labelled_values(tree)
    meta, meta_marks = _meta_values(tree)
    if len(raw.keys() | meta.keys()) < MIN_LABELS or not (_DOCUMENT_FIELDS & raw.keys() or meta_marks):
        return None
    for field, value in meta.items():
        if raw.get(field) is None:
            raw[field] = value
    as_of = as_day(as_of)
    title = raw.get("title") or _article_title_meta(tree)
    return DocumentMeta(
        index_no=_plain(raw.get("index_no")),
        category=_plain(raw.get("category")),
        publisher=_plain(raw.get("publisher")),
        formed=_date(raw.get("formed"), as_of),
        published=_date(raw.get("published"), as_of),
        doc_no=normalise_doc_no(raw.get("doc_no")),
        title=_plain(title),
    )


def normalise_doc_no(value: str | None) -> str | None:
    """文号 without spaces and with its year in 〔〕: 孟政办[2011]21号 → 孟政办〔2011〕21号."""
    if value is None:
        return None
    compact = _SPACES.sub("", value)
    if compact.lower() in _EMPTY_VALUES:
        return None
    return _YEAR_BRACKETS.sub(r"〔\1〕", compact)


def _labelled_values(tree: lxml.html.HtmlElement) -> dict[str, str | None]:
    """Field → raw value text (None for a label with an empty value), the first non-empty one winning."""
    found: dict[str, str | None] = {}
    seen_labels = 0
    for node in tree.iter(*_LABEL_TAGS):
        text = node.text
        if not text:
            continue
        start = text.lstrip(" \t\r\n\u3000\xa0")
        if not start or start[0] not in _FIRST_CHARS:
            continue
        match = _LABEL_AT_START.match(text)
        if match is None:
            continue
        seen_labels += 1
        if seen_labels > MAX_LABEL_NODES:
            break
        for field, value in _pairs_at(node, match):
            if found.get(field) is None:
                found[field] = value
    return found


def _pairs_at(node: lxml.html.HtmlElement, match: re.Match[str]) -> list[tuple[str, str | None]]:
    """The (field, value) pairs a label at the start of `node` gives."""
    own_text = visible_text(node, MAX_VALUE_CHARS * 2)
    label_match = _LABEL_AT_START.match(own_text)
    if label_match is not None and own_text[label_match.end():].strip(_EDGE_PUNCTUATION):
        return _pairs_in_text(own_text)  # label and value in one element, maybe several pairs
    if label_match is None:  # the label is written across child elements: not one we can trust
        return []
    field = _field(match["label"])
    has_colon = bool(label_match["colon"])
    value = _value_after(node)
    if value is None:  # nothing follows: a dangling label counts only when it has its colon
        return [(field, None)] if has_colon else []
    if _LABEL_AT_START.match(value):  # the next cell is another label: an empty value, or a heading row
        return [(field, None)] if has_colon else []
    return [(field, _cut_at_next_label(value))]


def _pairs_in_text(text: str) -> list[tuple[str, str | None]]:
    """Every 'label：value' pair in one text, each value running to the next label."""
    matches = list(_LABEL_IN_TEXT.finditer(text))
    head = _LABEL_AT_START.match(text)
    if head is not None and (not matches or matches[0].start() > head.start("label")):
        # the leading label may be written without its colon (<li><span>文号</span>…</li> folded)
        matches.insert(0, head)
    pairs: list[tuple[str, str | None]] = []
    for index, found in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[found.end():end].strip(_EDGE_PUNCTUATION)
        pairs.append((_field(found["label"]), value or None))
    return pairs


def _value_after(node: lxml.html.HtmlElement) -> str | None:
    """The text after a label element: its tail and inline siblings, else the next element (cell)."""
    holder = node
    for _ in range(3):
        tail = (holder.tail or "").strip(_EDGE_PUNCTUATION + "\t\r\n")
        if tail:
            return fold(tail, MAX_VALUE_CHARS)
        following = holder.getnext()
        if following is not None:
            return visible_text(following, MAX_VALUE_CHARS)
        parent = holder.getparent()
        # climb out of <strong> into its cell, and out of a cell-less wrapper, never past a cell
        if parent is None or holder.tag in _CELL_TAGS or (holder.tag not in _INLINE_TAGS and parent.tag not in _CELL_TAGS):
            return None
        holder = parent
    return None


def _cut_at_next_label(value: str) -> str | None:
    following = _LABEL_IN_TEXT.search(value)
    if following is not None:
        value = value[: following.start()]
    return value.strip(_EDGE_PUNCTUATION) or None


def _field(label: str) -> str:
    return _FIELD_OF[_SPACES.sub("", label)]


def _plain(value: str | None) -> str | None:
    if value is None:
        return None
    folded = fold(value, MAX_VALUE_CHARS)
    return None if folded.lower() in _EMPTY_VALUES else folded


def _date(value: str | None, as_of: date) -> date | None:
    return parse_date(value, as_of) if value else None


# <meta name="…"> tags CMSs write a document's catalogue fields in (TRS, Hanweb and the
# national 政府网站网页设计规范 names, and the pinyin initials of hand-made templates),
# compared lower-case without punctuation
_META_FIELDS = {
    **dict.fromkeys(("indexno", "index", "indexnumber", "indexcode", "infoindex", "syh", "suoyinhao", "索引号"), "index_no"),
    **dict.fromkeys(("publisher", "puborg", "pubdepartment", "publishorg", "contentsource", "fbjg", "fwjg",
                     "发布机构", "发文机关"), "publisher"),
    **dict.fromkeys(("formeddate", "formdate", "writtendate", "writedate", "generatedate", "cwrq", "cwsj", "scrq",
                     "createdate", "creationdate", "成文日期", "生成日期"), "formed"),
    **dict.fromkeys(("pubdate", "publishdate", "publishtime", "releasedate", "fbrq", "fbsj", "发布日期", "公开日期"),
                    "published"),
    **dict.fromkeys(("docno", "docnumber", "documentnumber", "fileno", "filenumber", "wh", "fwzh", "文号", "发文字号"),
                    "doc_no"),
}
# names that head every article of many sites (the national page standard's ContentSource and
# PubDate, a CMS's CreateDate): they fill a document's fields, but never make a page a document
_META_EVERY_PAGE = frozenset({"contentsource", "publisher", "pubdate", "publishdate", "publishtime", "releasedate",
                              "createdate", "creationdate"})
_META_NAME_NOISE = re.compile(r"[\s_.:\-]+")


def _meta_values(tree: lxml.html.HtmlElement) -> tuple[dict[str, str | None], bool]:
    """The catalogue fields the page's <meta name="…" content="…"> tags carry (first tag winning), and
    whether one of them is a document's own (索引号, 成文日期, 文号 …)."""
    found: dict[str, str | None] = {}
    marks = False
    for meta in tree.iter("meta"):
        name = _META_NAME_NOISE.sub("", (meta.get("name") or "").lower())
        field = _META_FIELDS.get(name)
        value = _plain(meta.get("content"))
        if field is not None and value is not None:
            marks = marks or name not in _META_EVERY_PAGE
            if found.get(field) is None:
                found[field] = value
    return found, marks


def _article_title_meta(tree: lxml.html.HtmlElement) -> str | None:
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "articletitle":
            return fold(meta.get("content"), MAX_VALUE_CHARS) or None
    return None
