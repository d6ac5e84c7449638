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

Two patterns add to the listed forms, each read from its own data file:

- Law names (`law_names.toml`: the national laws in force, the most quoted regulations,
  and real names never offered as a correction: repealed laws, drafts). A 《》 title ending
  in 法, 法典 or 条例 (条列) is stripped of an optional 中华人民共和国 and, when its core
  is not a real name, reported only when exactly one real name is a near miss of it and
  that name is offered as a correction: one character swapped (行政评可法 for 行政许可法;
  a regulation only when its name is long, as short regulation names sit one character
  apart: 地名/地图管理条例), the same characters in another order (《中华人民共和国促进就业法》
  for 就业促进法; no two real names of the file are made of the same characters, and none of
  the 3,372 LawRefBook titles is such a reordering of a listed name), or 1-2 characters
  dropped from a law's name when the page wrote the 中华人民共和国 prefix
  (《中华人民共和国招投标法》): a short name without it
  (《招投标法》《科技成果转化法》) is how people cite a law, not a claim to its formal
  name, and a regulation's successor often only adds a word to the old name the new one
  repeals (《中华人民共和国公路管理条例》, 《…收费公路管理条例》).
  Never judged: a name of fewer than 4 characters (刑法, 国安法: too near too many others),
  an unknown name with no near neighbour (a new law, a foreign one), a local regulation
  (《河南省…条例》), a title right after a foreign country's name (美国《出口管理法》),
  a 办法. A real name missing from the file can look like a misspelling of its neighbour:
  the file's [known] table is where such names go.
- Body names (`body_names.toml`: fixed names of state and party bodies and confusable
  pairs of official writing, 检察/检查, 纪检/纪捡, 人民/人名): the wrong forms are generated once,
  dropping any that is, or stands inside, a correct name (纪律检查委员会 stays right), and
  matched with the listed forms in the same pass; the ordinary words (检查组, 专项检查)
  are never matched, only whole names. A listed body name ending in 部 is not matched
  before 门 or 分 (人力资源与社会保障部门 is a phrase about departments, not the ministry).

A page quoting an error to correct it is treated as above for both patterns (a law's
title counts as quoted); with no cue word beside it, the quoted error is reported
(常见错误：《中华人民共和国招投标法》: a documented limit).

One PageFinding per distinct wrong form on a page (at most MAX_PER_PAGE), with the
sentence it stands in, clipped, long digit runs masked.
"""

from __future__ import annotations

import heapq
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, NamedTuple

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

SKIPPED_ELEMENTS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"})
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

LAW_NAMES = LISTS_DIR / "law_names.toml"
BODY_NAMES = LISTS_DIR / "body_names.toml"
LAW_PREFIX = "中华人民共和国"
MIN_JUDGED_CHARS = 4  # a shorter law name (刑法, 国安法, 商法) is one character from too many others
MIN_SWAPPED_REGULATION_CHARS = 8  # short regulation names sit one character apart (农药/兽药管理条例)
_TITLE = re.compile(r"《([^《》\n]{1,60})》")
_LAW_END = re.compile(r"(?:(?<![办方做写说看想算疗手兵书语技笔章])法|法典|条例|条列)$")
_NAME_END = re.compile(r"(?:法|法典|条例)$")
# a local regulation (《河南省…条例》《郑州市…》) is the place's, never judged against the national names;
# 城市/城镇/城乡 open names about towns in general (城市市容和环境卫生管理条例), not a place
_LOCAL = re.compile(r"^(?!城市|城镇|城乡)[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|自治州|自治县|县|盟)")
# a title right after a foreign country's name is that country's law (美国《出口管理法》)
_FOREIGN = re.compile(
    r"(?:美国|日本|德国|英国|法国|欧盟|俄罗斯|韩国|印度|加拿大|澳大利亚|新加坡|意大利|荷兰|瑞士|瑞典|巴西|越南|泰国"
    r"|国外|外国|境外|域外|各国|他国|香港|澳门|台湾|地区)的?$")
_NO_NAME_AFTER_BU = "(?![门分])"  # 住房与城乡建设部门: departments in general, not the ministry's name


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
    alternation = "|".join(_alternative(by_wrong[w]) for w in sorted(by_wrong, key=len, reverse=True))
    return WordingList(by_wrong, re.compile(alternation or r"(?!)"))


def _alternative(entry: Entry) -> str:
    guard = _NO_NAME_AFTER_BU if entry.kind == "body_name" and entry.wrong.endswith("部") else ""
    return re.escape(entry.wrong) + guard


@cache
def builtin_list() -> WordingList:
    """The lists shipped in wording_lists/ and the body names' generated wrong forms, read once."""
    entries = read_entries(sorted(LISTS_DIR.glob("*.toml")))
    return build_list([*entries, *body_name_entries(read_body_names(BODY_NAMES), entries)])


# ---- body names: wrong forms generated from fixed names and confusable pairs ----

@dataclass(frozen=True)
class BodyNames:
    """Fixed names of bodies (name -> its source) and confusions (right part, wrong part, reason)."""

    names: dict[str, str]
    confusions: tuple[tuple[str, str, str], ...]


def read_body_names(path: Path) -> BodyNames:
    """The body-name file; ValueError naming the file and item that is wrong."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for number, raw in enumerate(data.get("names", []), 1):
        name, source = str(raw.get("name", "")).strip(), str(raw.get("source", "")).strip()
        if not name or not source or name in names:
            raise ValueError(f"{path.name} name {number}: a name and its source, listed once")
        names[name] = source
    confusions: list[tuple[str, str, str]] = []
    for number, raw in enumerate(data.get("confusions", []), 1):
        item = tuple(str(raw.get(key, "")).strip() for key in ("right", "wrong", "reason"))
        if not all(item) or item[0] == item[1]:
            raise ValueError(f"{path.name} confusion {number}: right, wrong (not the same) and reason")
        confusions.append((item[0], item[1], item[2]))
    if not names or not confusions:
        raise ValueError(f"{path.name}: no names or no confusions")
    return BodyNames(names, tuple(confusions))


def body_name_entries(bodies: BodyNames, listed: Iterable[Entry]) -> list[Entry]:
    """Each name with one confusion applied at one place, less the forms that are right text.

    A form equal to or inside a correct name (检查委员会, made of 检察委员会, stands in
    纪律检查委员会) or a listed right form is dropped; a form already listed keeps its
    listed entry; a form two names make, with two corrections, is dropped.
    """
    listed = list(listed)
    right_texts = [*bodies.names, *(entry.right for entry in listed)]
    taken = {entry.wrong for entry in listed}
    made: dict[str, Entry] = {}
    ambiguous: set[str] = set()
    for name, source in bodies.names.items():
        for right, wrong, reason in bodies.confusions:
            for at in _places(name, right):
                form = name[:at] + wrong + name[at + len(right):]
                if form in taken or any(form in text for text in right_texts):
                    continue
                entry = made.setdefault(form, Entry(form, name, "body_name", f"{source}；{reason}"))
                if entry.right != name:
                    ambiguous.add(form)
    return [entry for form, entry in made.items() if form not in ambiguous]


def _places(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


# ---- law names: titles near exactly one real name ----

@dataclass(frozen=True)
class LawNames:
    """Real names of laws and regulations (no 中华人民共和国), indexed by their near misses."""

    sources: dict[str, str]  # a name offered as a correction -> the source of it
    known: frozenset[str]  # every real name: those offered and those never offered (repealed, drafts)
    swapped: dict[str, frozenset[str]]  # a name with one character made "\0" -> the names
    shortened: dict[str, frozenset[str]]  # a name with 1 or 2 characters dropped -> the names
    reordered: dict[str, frozenset[str]]  # a name's characters sorted -> the names made of them

    def corrected(self, title: str) -> tuple[str, str] | None:
        """The right title for `title` (a 《》 title's text) and its source, or None.

        None for a right, unknown, short or local name, and for a near miss that is not
        exactly one name offered as a correction (see the module's docstring).
        """
        written = "".join(title.split())
        prefixed = written.startswith(LAW_PREFIX)
        core = written[len(LAW_PREFIX):] if prefixed else written
        if core in self.known or len(core) < MIN_JUDGED_CHARS or not _LAW_END.search(core) or _LOCAL.match(core):
            return None
        swapped = {name for key in _swaps(core) for name in self.swapped.get(key, ())}
        shortened = self.shortened.get(core, frozenset())
        reordered = self.reordered.get(_sorted(core), frozenset())
        near = swapped | shortened | reordered
        if len(near) != 1:
            return None
        [right] = near
        if right not in self.sources or (right in shortened and (not prefixed or right.endswith("条例"))):
            return None
        if right in swapped and right.endswith("条例") and len(right) < MIN_SWAPPED_REGULATION_CHARS:
            return None
        return (LAW_PREFIX if prefixed else "") + right, self.sources[right]


def read_law_names(path: Path) -> LawNames:
    """The law-name file: tables of `names` with their `source`; `corrections = false` marks
    the names never offered as a correction. ValueError naming the file and what is wrong."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sources: dict[str, str] = {}
    known: set[str] = set()
    for table, raw in data.items():
        source, names = str(raw.get("source", "")).strip(), raw.get("names", [])
        if not source or not names:
            raise ValueError(f"{path.name} [{table}]: a source and names")
        for name in names:
            if name in known or name.startswith(LAW_PREFIX) or not _NAME_END.search(name):
                raise ValueError(f"{path.name} [{table}] {name!r}: listed twice, prefixed, or not a 法/法典/条例")
            known.add(name)
            if raw.get("corrections", True):
                sources[name] = source
    if not sources:
        raise ValueError(f"{path.name}: no name is offered as a correction")
    return LawNames(sources, frozenset(known), _index(known, _swaps), _index(known, _drops),
                    _index(known, lambda name: (_sorted(name),)))


@cache
def builtin_law_names() -> LawNames:
    return read_law_names(LAW_NAMES)


def _index(names: Iterable[str], variants: Callable[[str], Iterable[str]]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for name in names:
        for variant in variants(name):
            index.setdefault(variant, set()).add(name)
    return {variant: frozenset(found) for variant, found in index.items()}


def _swaps(name: str) -> Iterator[str]:
    return (name[:i] + "\0" + name[i + 1:] for i in range(len(name)))


def _sorted(name: str) -> str:
    """The name's characters in code-point order: two orders of the same characters (就业促进法,
    促进就业法) give one key."""
    return "".join(sorted(name))


def _drops(name: str) -> Iterator[str]:
    for i in range(len(name)):
        yield name[:i] + name[i + 1:]
    for i, j in itertools.combinations(range(len(name)), 2):
        yield name[:i] + name[i + 1:j] + name[j + 1:]


def visible_text(root: lxml.html.HtmlElement) -> str:
    """The body's visible text; every non-inline element starts and ends a line."""
    return visible_text_and_links(root)[0]


def visible_text_and_links(
    root: lxml.html.HtmlElement, *, skipped: frozenset[str] = SKIPPED_ELEMENTS, max_chars: int = MAX_TEXT_CHARS,
) -> tuple[str, list[tuple[int, int]]]:
    """The body's visible text (every non-inline element starts and ends a line, the elements of
    `skipped` left out) and the spans of it that are the text of links; at most `max_chars`."""
    bodies = root.xpath("//body") if isinstance(root.tag, str) else []
    start = bodies[0] if bodies else root
    pieces: list[str] = []
    links: list[tuple[int, int]] = []
    opened: list[int] = []
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
            if tag in skipped:
                walker.skip_subtree()
                continue
            if tag == "a":
                opened.append(size)
            if tag not in _INLINE:
                add("\n")
            if node.text:
                add(node.text)
        else:
            if tag == "a" and opened:
                links.append((opened.pop(), size))
            if tag not in _INLINE:
                add("\n")
            if node is not start and node.tail:
                add(node.tail)
        if size > max_chars:
            break
    return "".join(pieces)[:max_chars], links


class _Hit(NamedTuple):
    start: int
    end: int
    wrong: str
    right: str
    kind: str
    source: str


def find_errors(text: str, wording: WordingList | None = None, laws: LawNames | None = None) -> list[PageFinding]:
    """The wrong forms in `text` (a page's visible text), in text order, one per distinct form, url left empty."""
    wording = wording or builtin_list()
    laws = laws or builtin_law_names()
    found: dict[str, PageFinding] = {}
    listed = (_Hit(start, end, e.wrong, e.right, e.kind, e.source) for e, start, end in wording.find(text))
    for hit in heapq.merge(listed, _law_titles(text, laws), key=lambda hit: hit.start):
        if hit.wrong in found or _quoted_to_correct(text, hit.start, hit.end, hit.wrong):
            continue
        found[hit.wrong] = PageFinding(
            check=CHECK, url="", kind=hit.kind, found=hit.wrong, context=sentence_around(text, hit.start, hit.end),
            correction=hit.right, source=hit.source, key=f"{hit.kind}:{hit.wrong}",
        )
        if len(found) >= MAX_PER_PAGE:
            break
    return list(found.values())


def _law_titles(text: str, laws: LawNames) -> Iterator[_Hit]:
    """The 《》 titles near exactly one real law or regulation name, in text order."""
    for match in _TITLE.finditer(text):
        corrected = laws.corrected(match.group(1))
        if corrected is None or _FOREIGN.search(text[max(0, match.start() - 6):match.start()]):
            continue
        right, source = corrected
        yield _Hit(match.start(), match.end(), match.group(), f"《{right}》", "law_name", source)


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
