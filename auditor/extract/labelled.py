"""Labelled values of detail pages: "label：value" in tables, lists, paragraphs and headings.

Leader pages, letters and service guides all print their facts as labels followed by
values, in one of a few layouts:

    <tr><th>姓　　名：</th><td>张三</td></tr>          a label cell, the value in the next cell
    <tr><td>事项名称</td><td>…</td><td>办理时限</td><td>…</td></tr>
    <p>来信时间：2026-11-27　办理状态：已回复</p>        several labels inline on one line
    <dl><dt>办理流程</dt><dd>…</dd></dl>               a definition list
    <h3>一、申请条件</h3><p>…</p><p>…</p>              a heading, the value in what follows it

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

BLOCK_TAGS = frozenset({
    "p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section",
    "article", "ul", "ol", "dl", "table", "tbody", "thead", "tr", "form", "blockquote", "center",
    "pre", "caption", "header", "footer", "main", "aside", "nav", "body", "html",
})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "select", "textarea"})
_CELLS = ("td", "th")
_CHROME = re.compile(r"foot|bottom|copyright|banquan", re.I)
_NUMBERING = r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?"


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
            r"[\s]*".join(map(re.escape, label)) for label in sorted(self.keys, key=len, reverse=True)
        )
        # a label starts a line or follows a non-CJK character, and a colon closes it
        self.inline = re.compile(rf"(?<![\u4e00-\u9fff])(?:{_NUMBERING})({alternatives})\s*[：:]")
        self.alone = re.compile(rf"\s*{_NUMBERING}({alternatives})\s*[：:]?\s*")

    def key_of(self, label: str) -> str | None:
        return self.keys.get(_squeezed(label))

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
    for line in block_lines(block):
        alone = vocabulary.alone.fullmatch(line)
        matches = [] if alone else list(vocabulary.inline.finditer(line))
        if alone:
            open_field = _new_field(found, vocabulary, alone.group(1), "", block)
        elif matches:
            open_field = _inline_fields(found, vocabulary, line, matches, block)
        elif open_field is not None:  # a continuation line of a label with no inline value
            open_field.text = fold(f"{open_field.text} {line}", MAX_VALUE_CHARS)
    if open_field is not None and not open_field.text:
        open_field.nodes = _following_value(block, vocabulary)
        open_field.text = fold(" ".join(_text_of(node) for node in open_field.nodes), MAX_VALUE_CHARS)
    return found


def _inline_fields(found: list[Field], vocabulary: Vocabulary, line: str, matches: list[re.Match[str]],
                   block: lxml.html.HtmlElement) -> Field | None:
    last: Field | None = None
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        last = _new_field(found, vocabulary, match.group(1), line[match.end():end], block)
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
        return _next_cell(block)
    if block.tag == "dt":
        return _siblings_until(block, vocabulary, stop_tags=("dt",))
    following = _siblings_until(block, vocabulary)
    if following:
        return following
    parent = block.getparent()  # <div class="t"><h3>办理流程</h3></div><div class="c">…</div>
    if parent is not None and parent.tag not in ("body", "html") and len(parent) <= 2:
        return _siblings_until(parent, vocabulary)
    return []


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
