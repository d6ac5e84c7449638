"""The wording scan (content.wording, issue 19): listed wrong forms in a page's visible text.

The lists are data (`wording_lists/*.toml`): each entry a `wrong` form, its `right` form,
its `kind` (formulation | body_name | law_name | typo) and the `source` the right form
comes from. Only forms that are never right are listed, so matching is by exact
substring, never fuzzy. The text is the page body's visible text (no markup, scripts,
styles, comments, attribute values or URLs), block elements kept apart so that two
cells never join into a word neither holds.

A page quoting an error in order to correct it (文中“国务院办公室”应为“国务院办公厅”;
应为……，而非“…”) is not reported when the wrong form stands in quotes (or is a
《》 title) right after 不是/而非/并非/误写为/误作/错写为… or right before
应为/改为/更正为/有误…; an unquoted correction is reported (a documented limit).

One PageFinding per distinct wrong form on a page (at most MAX_PER_PAGE), with the
sentence it stands in, clipped, long digit runs masked.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import lxml.etree
import lxml.html

from ..models import PageFinding
from .parsed import ParsedPage

CHECK = "content.wording"
LISTS_DIR = Path(__file__).with_name("wording_lists")
KINDS: Final = ("formulation", "body_name", "law_name", "typo")
MAX_TEXT_CHARS = 1_000_000  # the visible text read of one page
MAX_PER_PAGE = 20  # distinct wrong forms kept per page
SENTENCE_CHARS = 80  # the sentence around a wrong form, clipped
SIDE_CHARS = 30  # of a longer sentence, this much either side of the wrong form

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"})
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "ins", "del", "label", "nobr",
})
_SENTENCE_END = "。！？!?；;\n"
_OPEN_QUOTES = "“「『\"'‘"
_CLOSE_QUOTES = "”」』\"'’"
# words that, just before a quoted wrong form, say it is quoted to be corrected
_CUE_BEFORE = re.compile(r"(?:不是|而非|并非|而不是|误写为|误写成|误作|误为|错写为|错写成|错为|写成了|写成|误将|错将)[：:，,]?$")
# words that, just after a quoted wrong form, say so
_CUE_AFTER = re.compile(r"^[，,]?(?:应为|应是|应改为|应当为|改为|更正为|修改为|订正为|有误|为误|系误|是错误|系错误|属错误|错误)")
_LONG_DIGITS = re.compile(r"[0-9]{6,}[0-9Xx]?")


@dataclass(frozen=True)
class Entry:
    """One listed wrong form and its correction."""

    wrong: str
    right: str
    kind: str
    source: str


@dataclass(frozen=True)
class WordingList:
    """All entries, with one alternation that finds any of them in one pass."""

    entries: dict[str, Entry]
    pattern: re.Pattern[str]

    def find(self, text: str) -> Iterator[tuple[Entry, int, int]]:
        for match in self.pattern.finditer(text):
            yield self.entries[match.group()], match.start(), match.end()


def read_entries(paths: Iterable[Path]) -> list[Entry]:
    """The entries of the list files; ValueError naming the file and entry that is wrong."""
    entries: list[Entry] = []
    for path in paths:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for number, raw in enumerate(data.get("entries", []), 1):
            where = f"{path.name} entry {number}"
            missing = [key for key in ("wrong", "right", "kind", "source") if not str(raw.get(key, "")).strip()]
            if missing:
                raise ValueError(f"{where}: missing {', '.join(missing)}")
            if raw["kind"] not in KINDS:
                raise ValueError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
            entries.append(Entry(raw["wrong"], raw["right"], raw["kind"], raw["source"]))
    return entries


def build_list(entries: Iterable[Entry]) -> WordingList:
    """The list of `entries`; ValueError when a wrong form could match right text.

    A wrong form inside any right form (its own or another entry's) would be found in
    correct text, and a wrong form listed twice would have two corrections.
    """
    by_wrong: dict[str, Entry] = {}
    for entry in entries:
        if entry.wrong in by_wrong:
            raise ValueError(f"{entry.wrong!r} is listed twice")
        by_wrong[entry.wrong] = entry
    rights = {entry.right for entry in by_wrong.values()}
    for wrong in by_wrong:
        inside = next((right for right in rights if wrong in right), None)
        if inside is not None:
            raise ValueError(f"the wrong form {wrong!r} is part of the right form {inside!r}")
    alternation = "|".join(re.escape(w) for w in sorted(by_wrong, key=len, reverse=True))
    return WordingList(by_wrong, re.compile(alternation or r"(?!)"))


@cache
def builtin_list() -> WordingList:
    """The lists shipped in wording_lists/, read once."""
    return build_list(read_entries(sorted(LISTS_DIR.glob("*.toml"))))


def visible_text(root: lxml.html.HtmlElement) -> str:
    """The body's visible text; every non-inline element starts and ends a line."""
    bodies = root.xpath("//body") if isinstance(root.tag, str) else []
    start = bodies[0] if bodies else root
    pieces: list[str] = []
    size = 0

    def add(piece: str) -> None:
        nonlocal size
        pieces.append(piece)
        size += len(piece)

    walker = lxml.etree.iterwalk(start, events=("start", "end"))
    for event, node in walker:
        tag = node.tag
        if not isinstance(tag, str):  # comments and processing instructions are not text; their tails are
            if event == "end" and node.tail:
                add(node.tail)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in _SKIPPED:
                walker.skip_subtree()
                continue
            if tag not in _INLINE:
                add("\n")
            if node.text:
                add(node.text)
        else:
            if tag not in _INLINE:
                add("\n")
            if node is not start and node.tail:
                add(node.tail)
        if size > MAX_TEXT_CHARS:
            break
    return "".join(pieces)[:MAX_TEXT_CHARS]


def find_errors(text: str, wording: WordingList | None = None) -> list[PageFinding]:
    """The listed wrong forms in `text` (a page's visible text), one per distinct form, url left empty."""
    wording = wording or builtin_list()
    found: dict[str, PageFinding] = {}
    for entry, start, end in wording.find(text):
        if entry.wrong in found or _quoted_to_correct(text, start, end, entry.wrong):
            continue
        found[entry.wrong] = PageFinding(
            check=CHECK, url="", kind=entry.kind, found=entry.wrong, context=sentence_around(text, start, end),
            correction=entry.right, source=entry.source, key=f"{entry.kind}:{entry.wrong}",
        )
        if len(found) >= MAX_PER_PAGE:
            break
    return list(found.values())


def scan(parsed: ParsedPage) -> list[PageFinding]:
    text = visible_text(parsed.tree)
    return [_on(finding, parsed.url) for finding in find_errors(text)]


def _on(finding: PageFinding, url: str) -> PageFinding:
    return PageFinding(check=finding.check, url=url, kind=finding.kind, found=finding.found, context=finding.context,
                       correction=finding.correction, source=finding.source, key=finding.key)


def _quoted_to_correct(text: str, start: int, end: int, wrong: str) -> bool:
    """The wrong form quoted in a correction: in quotes (or a 《》 title) with a cue word beside it."""
    before, after = text[max(0, start - 10):start], text[end:end + 10]
    if wrong.startswith("《") and wrong.endswith("》"):
        quoted = True
    elif before[-1:] and before[-1] in _OPEN_QUOTES and after[:1] and after[0] in _CLOSE_QUOTES:
        before, after = before[:-1], after[1:]
        quoted = True
    else:
        quoted = False
    return quoted and (_CUE_BEFORE.search(before) is not None or _CUE_AFTER.search(after) is not None)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], whitespace folded, clipped around it, long numbers masked."""
    left = max((text.rfind(mark, 0, start) for mark in _SENTENCE_END), default=-1) + 1
    rights = [i for i in (text.find(mark, end) for mark in _SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    if right - left > SENTENCE_CHARS:
        cut_left, cut_right = max(left, start - SIDE_CHARS), min(right, end + SIDE_CHARS)
        sentence = ("…" if cut_left > left else "") + text[cut_left:cut_right] + ("…" if cut_right < right else "")
    else:
        sentence = text[left:right]
    return _mask(" ".join(sentence.split()))


def _mask(text: str) -> str:
    """Digit runs of 6 and more (an ID, a card, a phone) keep their first 3 and last 2 digits."""
    return _LONG_DIGITS.sub(lambda m: m.group()[:3] + "*" * (len(m.group()) - 5) + m.group()[-2:], text)
