"""Labelled values of detail pages: "label：value" in tables, lists, paragraphs and headings.

Leader pages, letters and service guides all print their facts as labels followed by
values, in one of a few layouts:

    <tr><th>姓　　名：</th><td>张三</td></tr>          a label cell, the value in the next cell
    <tr><td>事项名称</td><td>…</td><td>办理时限</td><td>…</td></tr>
    <p>来信时间：2026-11-27　办理状态：已回复</p>        several labels inline on one line
    <dl><dt>办理流程</dt><dd>…</dd></dl>               a definition list
    <h3>一、申请条件</h3><p>…</p><p>…</p>              a heading, the value in what follows it
    <p>【办理时限】5个工作日</p>                          a bracketed label, with or without a colon
    <p><strong>收费标准</strong> 不收费</p>              a bold lead, with or without a colon
    <tr><th>办理地点</th><th>咨询电话</th></tr><tr><td>…</td><td>…</td></tr>
                                                       a header row: each value below its label

Only labels of the caller's vocabulary are recognised, so page chrome is never read as
a field. The tree is walked once over its leaf blocks; values are folded and capped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from .html import fold

MAX_VALUE_CHARS = 2_000
MAX_BLOCKS = 5_000  # a detail page has a few hundred; past this the page is not one
MAX_BLOCK_CHARS = 8_000
MAX_FOLLOWING = 8  # siblings a heading's value may span
MAX_HEADER_CELLS = 12  # labels a header row may hold over its value row

BLOCK_TAGS = frozenset({
    "p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section",
    "article", "ul", "ol", "dl", "table", "tbody", "thead", "tr", "form", "blockquote", "center",
    "pre", "caption", "header", "footer", "main", "aside", "nav", "body", "html",
})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "select", "textarea"})
_CELLS = ("td", "th")
_CHROME = re.compile(r"foot|bottom|copyright|banquan", re.I)
_NUMBERING = r"(?:[◆■●★▲◇○◎※•·]\s*)?(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?"
_LEADS = ("strong", "b")  # a label set in bold at the start of a paragraph


@dataclass(slots=True)
class Field:
    """One labelled value: its vocabulary key, the label as written, the value and where it is."""

    key: str
    label: str
    text: str = ""
    nodes: list[lxml.html.HtmlElement] = field(default_factory=list)  # elements holding the value


class Vocabulary:
    """Labels (as pages write them, without spaces or colon) mapped to the caller's keys."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.keys = {_squeezed(label): key for label, key in labels.items()}
        alternatives = "|".join(
            r"\s*".join(map(re.escape, label)) for label in sorted(self.keys, key=len, reverse=True)
        )
        # a label starts a line or follows a non-CJK character, and a colon (or 【】) closes it.
        # The alternatives are written once: after an opening 【 the conditional `(?(bracket)…)`
        # asks for the closing 】; two copies (bracketed or not) doubled the compile time at import.
        self.inline = re.compile(
            rf"(?<![\u4e00-\u9fff])(?:{_NUMBERING})(?:(?P<bracket>【)\s*)?(?P<label>{alternatives})"
            r"(?(bracket)\s*】\s*[：:]?|\s*[：:])"
        )
        self.alone = re.compile(
            rf"\s*{_NUMBERING}(?:(?P<bracket>【)\s*)?(?P<label>{alternatives})(?(bracket)\s*】)\s*[：:]?\s*"
        )

    def key_of(self, label: str) -> str | None:
        return self.keys.get(_squeezed(label))

    @staticmethod
    def label_of(match: re.Match[str]) -> str:
        """The label a match of `inline` or `alone` found, without its brackets."""
        return match.group("label") or ""

    def starts_with_label(self, text: str) -> bool:
        return bool(self.alone.fullmatch(text) or self.inline.match(text.lstrip()))


def read_fields(tree: lxml.html.HtmlElement, vocabulary: Vocabulary) -> list[Field]:
    """Every labelled value of the vocabulary on the page, in document order."""
    fields: list[Field] = []
    for block in _leaf_blocks(tree):
        fields.extend(_block_fields(block, vocabulary))
    return fields


def first_values(fields: list[Field]) -> dict[str, Field]:
    """The first field with a non-empty value for each key (else the first one seen)."""
    chosen: dict[str, Field] = {}
    for item in fields:
        if item.key not in chosen or (item.text and not chosen[item.key].text):
            chosen[item.key] = item
    return chosen


def block_lines(block: lxml.html.HtmlElement) -> list[str]:
    """The text of a leaf block split at <br>, each line folded; empty lines dropped."""
    parts: list[str] = []
    size = 0
    walker = lxml.etree.iterwalk(block, events=("start", "end"))
    for event, node in walker:
        tag = node.tag
        if event == "start":
            if not isinstance(tag, str) or tag in _SKIPPED:
                walker.skip_subtree()
                continue
            if tag == "br":
                parts.append("\n")
            if node.text:
                parts.append(node.text)
                size += len(node.text)
        elif node is not block and node.tail:
            parts.append(node.tail)
            size += len(node.tail)
        if size > MAX_BLOCK_CHARS:
            break
    return [line for line in (fold(raw) for raw in "".join(parts)[:MAX_BLOCK_CHARS].split("\n")) if line]


def _leaf_blocks(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    blocks = [node for node in tree.iter(*BLOCK_TAGS)][:MAX_BLOCKS]
    has_block_inside: set[lxml.html.HtmlElement] = set()
    for node in blocks:
        parent = node.getparent()
        while parent is not None and parent not in has_block_inside:
            has_block_inside.add(parent)
            parent = parent.getparent()
    chrome = _page_chrome(blocks)
    return (node for node in blocks if node not in has_block_inside and node not in chrome)


def _page_chrome(blocks: list[lxml.html.HtmlElement]) -> set[lxml.html.HtmlElement]:
    """Blocks inside the page footer: its 联系电话 and 主办单位 belong to the site, not to the page's subject."""
    inside: set[lxml.html.HtmlElement] = set()
    for node in blocks:
        if node not in inside and (node.tag == "footer" or _CHROME.search(f"{node.get('class', '')} {node.get('id', '')}")):
            inside.update(node.iter())
    return inside


def _block_fields(block: lxml.html.HtmlElement, vocabulary: Vocabulary) -> list[Field]:
    found: list[Field] = []
    open_field: Field | None = None
    lines = block_lines(block)
    if lines:
        lines[0] = _colon_after_bold_lead(block, lines[0], vocabulary)
    for line in lines:
        alone = vocabulary.alone.fullmatch(line)
        matches = [] if alone else list(vocabulary.inline.finditer(line))
        if alone:
            open_field = _new_field(found, vocabulary, vocabulary.label_of(alone), "", block)
        elif matches:
            open_field = _inline_fields(found, vocabulary, line, matches, block)
        elif open_field is not None:  # a continuation line of a label with no inline value
            open_field.text = fold(f"{open_field.text} {line}", MAX_VALUE_CHARS)
    if open_field is not None and not open_field.text:
        open_field.nodes = _following_value(block, vocabulary)
        open_field.text = fold(" ".join(_text_of(node) for node in open_field.nodes), MAX_VALUE_CHARS)
    return found


def _colon_after_bold_lead(block: lxml.html.HtmlElement, line: str, vocabulary: Vocabulary) -> str:
    """`<p><strong>收费标准</strong> 不收费</p>` reads as `收费标准：不收费`: the bold lead is the label."""
    if (block.text or "").strip() or vocabulary.inline.match(line):
        return line
    lead = next((child for child in block if isinstance(child.tag, str)), None)
    if lead is None or lead.tag not in _LEADS:
        return line
    label = fold("".join(lead.itertext()), MAX_VALUE_CHARS)
    if not label or not line.startswith(label) or len(line) == len(label) or not vocabulary.alone.fullmatch(label):
        return line
    return f"{label}：{line[len(label):].lstrip()}"


def _inline_fields(found: list[Field], vocabulary: Vocabulary, line: str, matches: list[re.Match[str]],
                   block: lxml.html.HtmlElement) -> Field | None:
    last: Field | None = None
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        last = _new_field(found, vocabulary, vocabulary.label_of(match), line[match.end():end], block)
    return last if last is not None and not last.text else None


def _new_field(found: list[Field], vocabulary: Vocabulary, label: str, value: str,
               block: lxml.html.HtmlElement) -> Field:
    key = vocabulary.key_of(label) or ""
    item = Field(key=key, label=_squeezed(label), text=fold(value, MAX_VALUE_CHARS), nodes=[block])
    found.append(item)
    return item


def _following_value(block: lxml.html.HtmlElement, vocabulary: Vocabulary) -> list[lxml.html.HtmlElement]:
    """Where the value of a label standing alone is: the next cell, the dd, or what follows a heading."""
    if block.tag in _CELLS:
        return _below_in_header_row(block, vocabulary) or _next_cell(block)
    if block.tag == "dt":
        return _siblings_until(block, vocabulary, stop_tags=("dt",))
    following = _siblings_until(block, vocabulary)
    if following:
        return following
    parent = block.getparent()  # <div class="t"><h3>办理流程</h3></div><div class="c">…</div>
    if parent is not None and parent.tag not in ("body", "html") and len(parent) <= 2:
        return _siblings_until(parent, vocabulary)
    return []


def _below_in_header_row(cell: lxml.html.HtmlElement, vocabulary: Vocabulary) -> list[lxml.html.HtmlElement]:
    """In a row whose every cell is a label (办理地点 | 办理时间 | 咨询电话), the cell below the label."""
    row = cell.getparent()
    if row is None or row.tag != "tr":
        return []
    cells = [node for node in row if isinstance(node.tag, str) and node.tag in _CELLS]
    if not 2 <= len(cells) <= MAX_HEADER_CELLS or not all(vocabulary.alone.fullmatch(_text_of(node)[:60] or "-") for node in cells):
        return []
    below = row.getnext()
    while below is not None and below.tag != "tr":
        below = below.getnext()
    if below is None:
        return []
    values = [node for node in below if isinstance(node.tag, str) and node.tag in _CELLS]
    index = next(i for i, node in enumerate(cells) if node is cell)
    return [values[index]] if index < len(values) and len(values) == len(cells) else []


def _next_cell(cell: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    sibling = cell.getnext()
    while sibling is not None and sibling.tag not in _CELLS:
        sibling = sibling.getnext()
    if sibling is not None:
        return [sibling]
    row = cell.getparent()  # a label row alone: the value is the next row
    following = row.getnext() if row is not None and row.tag == "tr" else None
    return [following] if following is not None and following.tag == "tr" else []


def _siblings_until(node: lxml.html.HtmlElement, vocabulary: Vocabulary,
                    stop_tags: tuple[str, ...] = ()) -> list[lxml.html.HtmlElement]:
    taken: list[lxml.html.HtmlElement] = []
    sibling = node.getnext()
    while sibling is not None and len(taken) < MAX_FOLLOWING:
        if isinstance(sibling.tag, str) and sibling.tag not in _SKIPPED:
            if sibling.tag in stop_tags or sibling.tag == node.tag and sibling.tag.startswith("h"):
                break
            if vocabulary.starts_with_label(_text_of(sibling)[:60]):
                break
            taken.append(sibling)
        sibling = sibling.getnext()
    return taken


def _text_of(node: lxml.html.HtmlElement) -> str:
    return " ".join(block_lines(node))


def _squeezed(label: str) -> str:
    return re.sub(r"[\s:：]+", "", label)
