"""Hidden links (暗链): links to another site made invisible by style or written by script.

Intruders plant 暗链 to sell a site's ranking: a block of links to gambling, lottery or
adult sites that a visitor never sees. This scanner reads one page and returns a
`PageFinding` (check `link.hidden`) for each hidden link to another registrable domain
that could be one; `auditor.checks.link_hidden` decides what is reported. `extract.scan`
registers it (this module does not import scan: no import cycle).

Hidden means, on the <a> itself or an ancestor, by its `style` attribute, a `hidden`
attribute, a simple rule of the page's own <style> blocks, in the head or the body (`#id`,
`.class`, `tag`, `tag.class`, `tag#id`: what planted links use; rules wrapped in <!-- -->
read, @media blocks only when they always apply on a screen, <style media="print"> not;
class and id names matched ignoring case in quirks mode, as browsers do), a script statement
hiding an id, or a block one `document.write` opens and a later one closes (what follows the
first script among its siblings, up to the second or the end of the parent):

    display-none        display:none / the hidden attribute / a script setting display none
    visibility-hidden   visibility:hidden
    zero-size           width or height 0 or 1px with overflow hidden
    off-screen          position absolute/fixed with left/top <= -500px or >= 5000px
    text-indent         text-indent <= -500px
    font-size-0         font-size 0 (or 1px)
    same-colour         the colour of the link's text (the link's, or of the <font> or <span>
                        wrapping all of it) equal to a background colour declared close above it
    marquee             inside a <marquee> 0 or 1 pixel high or wide
    script              written by document.write / innerHTML (strings split and joined)

Not reported from here, so as never to accuse a menu, a tab or an accessibility aid:
links to the page's own registrable domain (skip links, own dropdown menus); links to
government hosts (.gov.cn, .gov, 政务) unless their text carries a gambling or adult word
of the link lexicon (`auditor/links/lexicon.toml`, read as data); and, unless a lexicon
word is in its text, title or host, a link shown by interaction: hidden by display or
visibility in a block that is a menu or tab (a class or id naming a menu, tab or drop,
an `on...` handler, a script or :hover rule naming the block or its parents, a visible
sibling of the same kind), or only written by script without being hidden (statistics
snippets write their links). Text hidden by an image-replacement (an <img> inside the
link, a background on the way) is not hidden. A style from an external stylesheet is
not read: a link hidden only there is not seen (a documented miss). So a colour is not
judged past an element with a class or id (a stylesheet may paint it), except for a link
with a lexicon word to a non-government host: such a link is a finding seen or not. A
block a script opens is judged only for lexicon links (the write may sit in an `if`).

One `PageFinding` per target, of its first hidden link with a lexicon word, else its first
hidden link (a stuffed block repeats one target under several texts, a plain one first).
Fields for this check: `kind` the method above, `found` the target URL,
`context` the link text (clipped), `correction` the lexicon words found (comma-joined;
empty when none), `source` "strong" when the method is never used by menus (all but
display-none, visibility-hidden and script), "sealed" when, besides, nothing could ever show
it (`sealed`: hidden by the inline style of an element no selector, script or handler can
name, holding only text links to other sites, not one entry of a list switched off),
`key` the target URL.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import lxml.html

from ..models import PageFinding
from ..urls import host_of, registrable_domain, under_suffix
from .html import fold, parse_html, visible_text
from .links import document_base, resolve
from .parsed import ParsedPage
from .scripted import written_markup

CHECK = "link.hidden"
LEXICON_FILE = Path(__file__).resolve().parent.parent / "links" / "lexicon.toml"  # the link.wrong lexicon, as data
GOVERNMENT_SUFFIXES = ("gov.cn", "gov", "政务")
MAX_FINDINGS_PER_PAGE = 50
MAX_TEXT = 40
MAX_SCRIPT_CHARS = 200_000
MAX_STYLE_CHARS = 200_000
MAX_SCRIPT_OPENERS = 20  # scripts opening a hiding block, read per page (each walks its siblings)
MAX_TEXT_WRAPPERS = 4  # <a><font><b>…: the elements a link's text may sit in, read for its colour
FAR_NEGATIVE = -500
FAR_POSITIVE = 5000
SOFT_METHODS = frozenset({"display-none", "visibility-hidden", "script"})
# a text naming a campaign against gambling or pornography is not a gambling link
_AGAINST = re.compile(r"举报|打击|整治|扫黄|打非|防范|抵制|严禁|禁止|治理|警惕|远离|识别|危害|专项")
_MENU_MARK = re.compile(r"nav|menu|tab|drop|sub|xiala|xl|pop|slide|toggle|fold|collapse|hover|down", re.IGNORECASE)
_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;]+)", re.IGNORECASE)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ABSOLUTE = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*\s*:|[/\\\\]{2})", re.IGNORECASE)  # a scheme, or //host
_COMMENT = re.compile(r"/\*.*?\*/|<!--|-->", re.DOTALL)  # CSS comments, and the <!-- --> old templates wrap rules in
_AT_STATEMENT = re.compile(r"@(?:charset|import|namespace)\b[^;{}]*;", re.IGNORECASE)
_MEDIA = re.compile(r"@media\b([^{;]*)\{", re.IGNORECASE)
_BRACE = re.compile(r"[{}]")
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?(#[\w-]+)?((?:\.[\w-]+)*)$", re.IGNORECASE)
# public ids of the doctypes that put a browser in quirks mode, where class and id selectors ignore case
_QUIRKS_IDS = ("-//w3c//dtd html 4.0 transitional", "-//w3c//dtd html 4.0 frameset", "-//w3c//dtd html 3",
               "-//w3c//dtd html 2", "-//ietf//dtd html", "-//w3o//dtd w3 html", "-//netscape comm. corp.//dtd html")
_ALMOST_STANDARDS_IDS = ("-//w3c//dtd html 4.01 transitional", "-//w3c//dtd html 4.01 frameset")
_TOKEN = re.compile(r"[#.]([\w-]+)")
_PX = re.compile(r"^(-?\d+(?:\.\d+)?)(px|pt|em|rem)?$")
_SCRIPT_HIDE = re.compile(
    r"""getElementById\(\s*['"]([\w-]+)['"]\s*\)\s*\.style\.(?:display\s*=\s*['"]none['"]|visibility\s*=\s*['"]hidden['"])"""
)
_DOCUMENT_WRITE = re.compile(r"document\s*\.\s*write", re.IGNORECASE)
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_ATTRIBUTE_NAME = re.compile(r"^[a-z_][\w.:-]*$")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "blue": "#0000ff", "green": "#008000",
                  "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0"}


@dataclass(frozen=True)
class Words:
    """The gambling and adult words of the link lexicon, matched in link texts and hosts."""

    words: tuple[str, ...]
    not_within: tuple[str, ...] = ()  # the lexicon's ordinary phrases holding a word (加快三农 holds 快三)

    def in_text(self, text: str) -> list[str]:
        text = text.lower()
        for phrase in self.not_within:  # a handful: plain replaces (links/lexicon.py reads the same list)
            text = text.replace(phrase, " ")
        if not text.strip() or _AGAINST.search(text):
            return []
        found = []
        for word in self.words:
            if word.isascii():
                if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text):
                    found.append(word)
            elif word in text:
                found.append(word)
        return found

    def in_host(self, host: str) -> list[str]:
        # an ASCII word of 4 letters or more inside a host name (amcasino88.com); "xxx" only as a label
        labels = re.split(r"[.-]", host)
        return [w for w in self.words if w.isascii() and w.replace(" ", "") and (
            (len(w) >= 4 and " " not in w and w in host) or w in labels)]


@cache
def lexicon_words() -> Words:
    data = tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    def listed(key: str) -> tuple[str, ...]:
        found = [w.strip().lower() for section in ("gambling", "adult") for w in data.get(section, {}).get(key, [])]
        return tuple(dict.fromkeys(w for w in found if w))

    return Words(listed("words"), listed("not_within"))


@dataclass(frozen=True)
class Styles:
    """The page's own simple style rules: selector -> declarations; tokens shown on :hover.
    `fold_case`: the page is in quirks mode, where `.ART-FX` names class="art-fx" (keys are lower case)."""

    by_tag: dict[str, dict[str, str]]
    by_id: dict[str, dict[str, str]]
    by_class: dict[str, dict[str, str]]
    hover_tokens: frozenset[str]
    fold_case: bool = False
    # an element's declarations, once per page: every link asks for its ancestors' (read only)
    known: dict[lxml.html.HtmlElement, dict[str, str]] = field(default_factory=dict, compare=False)

    def of(self, element: lxml.html.HtmlElement) -> dict[str, str]:
        known = self.known.get(element)
        if known is None:
            known = self.known[element] = self._of(element)
        return known

    def _of(self, element: lxml.html.HtmlElement) -> dict[str, str]:
        found: dict[str, str] = {}
        tag = element.tag if isinstance(element.tag, str) else ""
        found.update(self.by_tag.get(tag, {}))
        for name in (element.get("class") or "").split():
            found.update(self.by_class.get(name.lower() if self.fold_case else name, {}))
        ident = element.get("id") or ""
        if ident:
            found.update(self.by_id.get(ident.lower() if self.fold_case else ident, {}))
        found.update(_declarations(element.get("style") or ""))
        return found


def _declarations(style: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2).strip().lower().replace("!important", "").strip()
            for m in _DECLARATION.finditer(style)}


def quirks_mode(tree: lxml.html.HtmlElement) -> bool:
    """Whether a browser shows the page in quirks mode: no doctype, or an old HTML one (4.01
    transitional only without its DTD's URL). XHTML 1.0 and <!DOCTYPE html> are not."""
    info = tree.getroottree().docinfo
    if not info.doctype:
        return True
    public = (info.public_id or "").lower()
    return public.startswith(_QUIRKS_IDS) or (public.startswith(_ALMOST_STANDARDS_IDS) and not info.system_url)


def _on_screen(media: str) -> bool:
    """Whether a media query always applies on a desktop screen: none, screen, all (not print, not a width)."""
    return any(" ".join(part.split()).lower() in ("", "screen", "all", "only screen") for part in media.split(","))


def _screen_rules(css: str) -> str:
    """The style sheet without its at-statements and the @media blocks a screen may not apply
    (print sheets hide the navigation and footer; width queries hide blocks on phones)."""
    css = _AT_STATEMENT.sub("", css)
    kept: list[str] = []
    position = 0
    while (media := _MEDIA.search(css, position)) is not None:
        kept.append(css[position:media.start()])
        end, depth = len(css), 1
        for brace in _BRACE.finditer(css, media.end()):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                end = brace.start()
                break
        if _on_screen(media.group(1)):
            kept.append(css[media.end():end])
        position = end + 1
    kept.append(css[position:])
    return "".join(kept)


def read_styles(tree: lxml.html.HtmlElement) -> Styles:
    by_tag: dict[str, dict[str, str]] = {}
    by_id: dict[str, dict[str, str]] = {}
    by_class: dict[str, dict[str, str]] = {}
    hover: set[str] = set()
    fold = quirks_mode(tree)
    for block in tree.iter("style"):
        if not _on_screen(block.get("media") or ""):
            continue
        css = _screen_rules(_COMMENT.sub("", (block.text or "")[:MAX_STYLE_CHARS]))
        for rule in _RULE.finditer(css):
            declarations = _declarations(rule.group(2))
            for selector in rule.group(1).split(","):
                selector = selector.strip()
                if ":" in selector or " " in selector or ">" in selector:
                    if any(p in selector for p in (":hover", ":focus", ":active", ":target")):
                        hover.update(_TOKEN.findall(selector))
                        hover.update(re.findall(r"(?:^|[\s>])([a-z][a-z0-9]*)", selector))
                    continue
                simple = _SIMPLE_SELECTOR.match(selector)
                if simple is None or not selector:
                    continue
                tag, ident, classes = simple.groups()
                if fold:
                    ident, classes = ident and ident.lower(), classes.lower()
                if ident and not classes:
                    by_id.setdefault(ident[1:], {}).update(declarations)  # div#x: near enough
                elif classes and not ident and classes.count(".") == 1:
                    by_class.setdefault(classes[1:], {}).update(declarations)  # .x, and a.x: near enough
                elif tag and not ident and not classes:
                    by_tag.setdefault(tag.lower(), {}).update(declarations)
    return Styles(by_tag, by_id, by_class, frozenset(hover), fold)


def _px(value: str) -> float | None:
    match = _PX.match(value.strip().split()[0]) if value.strip() else None
    if match is None:
        return None
    number = float(match.group(1))
    return number * 16 if match.group(2) in ("em", "rem") else number


def _size_hidden(element: lxml.html.HtmlElement, style: dict[str, str]) -> bool:
    if "hidden" not in style.get("overflow", "") and "hidden" not in style.get("overflow-y", "") + style.get("overflow-x", ""):
        return False
    for side in ("width", "height"):
        size = _px(style.get(side, ""))
        if size is not None and 0 <= size <= 1:
            return True
    return False


def hiding_method(element: lxml.html.HtmlElement, style: dict[str, str], script_hidden: frozenset[str]) -> str | None:
    """How `element` hides what it holds, or None; the content-level methods (indent, size, colour) apart."""
    display = style.get("display", "")
    if element.get("hidden") is not None or display.startswith("none") or element.get("id", "") in script_hidden:
        return "display-none"
    if style.get("visibility", "").startswith(("hidden", "collapse")):
        return "visibility-hidden"
    if element.tag == "marquee":
        for side in ("width", "height"):
            size = _px(element.get(side) or style.get(side, ""))
            if size is not None and 0 <= size <= 1:
                return "marquee"
    if style.get("position", "").startswith(("absolute", "fixed")):
        for side in ("left", "top"):
            offset = _px(style.get(side, ""))
            if offset is not None and (offset <= FAR_NEGATIVE or offset >= FAR_POSITIVE):
                return "off-screen"
    if _size_hidden(element, style):
        return "zero-size"
    indent = _px(style.get("text-indent", ""))
    if indent is not None and indent <= FAR_NEGATIVE:
        return "text-indent"
    font = _px(style.get("font-size", ""))
    if font is not None and 0 <= font <= 1:
        return "font-size-0"
    return None


def _colour(value: str) -> str | None:
    value = value.strip().lower()
    if not value:
        return None
    value = value.split()[0] if not value.startswith("rgb") else value
    if value in _NAMED_COLOURS:
        return _NAMED_COLOURS[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return value
    rgb = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)", value)
    if rgb:
        return "#" + "".join(f"{min(int(n), 255):02x}" for n in rgb.groups())
    return None


def _text_holders(anchor: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The elements the link's text is drawn in, innermost first: the link, and the element
    wrapping all of its text (<a><font color=#fff>…</font></a>), and the one inside that."""
    chain = [anchor]
    element = anchor
    for _ in range(MAX_TEXT_WRAPPERS):
        children = [child for child in element if isinstance(child.tag, str)]
        if len(children) != 1 or (element.text or "").strip() or (children[0].tail or "").strip():
            break
        element = children[0]
        chain.insert(0, element)
    return chain


def same_colour(anchor: lxml.html.HtmlElement, styles: Styles, lexicon_link: Callable[[], bool] | None = None) -> bool:
    """The text colour declared nearest the link's text equals the background declared nearest it,
    with no element in between that an external stylesheet could give another background (a class
    or id), unless `lexicon_link()` says the link carries a gambling or adult word.

    Such a link is a finding whether a visitor sees it or not, so looking past a block a stylesheet
    may paint dark, to the nearest declared background (a <body bgcolor>), cannot make this accuse
    a link that was fine where it was; only the word "hidden" could be wrong."""
    holders = _text_holders(anchor)
    text: str | None = None
    across = False
    for element in [*holders, *anchor.iterancestors()]:
        style = styles.of(element)
        if text is None:
            text = _colour(style.get("color", "")) or (_colour(element.get("color") or "") if element.tag == "font" else None)
        background = style.get("background-color") or style.get("background") or element.get("bgcolor") or ""
        if "url(" in background or element.get("background"):
            return False  # a picture behind the text: its colours are unknown
        colour = _colour(background)
        if colour is not None:
            return text is not None and colour == text and (not across or (lexicon_link is not None and lexicon_link()))
        if text is not None and (element.get("class") or element.get("id")) and element not in holders:
            if lexicon_link is None:
                return False  # a class or id an unseen stylesheet may colour
            across = True
    return False


@dataclass(frozen=True)
class Hidden:
    method: str
    holder: lxml.html.HtmlElement  # the element that hides it
    by_script: bool = False  # the holder is an opening tag a script wrote (`opened_by_scripts`): not in the tree


def find_hidden(anchor: lxml.html.HtmlElement, styles: Styles, script_hidden: frozenset[str],
                opened: Mapping[lxml.html.HtmlElement, Hidden] | None = None,
                lexicon_link: Callable[[], bool] | None = None) -> Hidden | None:
    """How the link `anchor` is hidden, if it is; `opened`: the elements inside a block a script
    opened; `lexicon_link`: whether the link carries a lexicon word (asked only when its colour
    is judged past a classed block: `same_colour`)."""
    path = [anchor, *anchor.iterancestors()]
    has_image = any(True for _ in anchor.iter("img"))
    for element in path:
        if element.tag in ("body", "html"):
            break
        style = styles.of(element)
        method = hiding_method(element, style, script_hidden)
        if method in ("text-indent", "font-size-0") and (has_image or _background_between(path, element, styles)):
            continue
        if method is not None:
            return Hidden(method, element)
        if opened and element in opened:
            return opened[element]
    if not has_image and same_colour(anchor, styles, lexicon_link):
        return Hidden("same-colour", anchor)
    return None


def _open_tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    """The elements `markup` opens and leaves open, outermost first, with their attributes."""
    stack: list[tuple[str, dict[str, str]]] = []
    for tag in _TAG.finditer(markup):
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _VOID or rest.rstrip().endswith("/"):
            continue
        if not closing:
            stack.append((name, {m.group(1).lower(): _unquote(m.group(2) or "") for m in _ATTRIBUTE.finditer(rest)}))
            continue
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                del stack[index:]
                break
    return stack


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 1 else value


def _balance(markup: str) -> int:
    """Elements opened minus elements closed by `markup`."""
    balance = 0
    for tag in _TAG.finditer(markup):
        if tag.group(2).lower() not in _VOID and not tag.group(3).rstrip().endswith("/"):
            balance += -1 if tag.group(1) else 1
    return balance


def opened_by_scripts(scripts: list[tuple[lxml.html.HtmlElement, str, str]], styles: Styles,
                      script_hidden: frozenset[str]) -> dict[lxml.html.HtmlElement, Hidden]:
    """The elements inside a hiding block that one document.write opens and a later one closes:
    `<script>document.write('<div style="display:none">')</script><a …>…</a><script>document.write('</div>')</script>`.
    What follows the opening script among its siblings is hidden, up to the script that writes
    the closing tag (or the end of the parent). `scripts`: (element, source, written markup) of
    every script that writes markup, in document order."""
    opened: dict[lxml.html.HtmlElement, Hidden] = {}
    markup_of = {script: markup for script, _, markup in scripts}
    openers = 0
    for script, source, markup in scripts:
        if "<" not in markup or not _DOCUMENT_WRITE.search(source) or "innerhtml" in source.lower():
            continue  # innerHTML fills an element: what it leaves open closes there
        if openers >= MAX_SCRIPT_OPENERS:
            break
        tags = _open_tags(markup)
        hidden, depth = None, 0
        for index, (name, attributes) in enumerate(tags):
            try:
                holder = lxml.html.Element(name, {k: v for k, v in attributes.items() if _ATTRIBUTE_NAME.match(k)})
            except ValueError:  # a control character lxml refuses in a value: not a tag a browser would hide with
                continue
            method = hiding_method(holder, styles.of(holder), script_hidden)
            if method is not None:
                hidden, depth = Hidden(method, holder, by_script=True), len(tags) - index
                break
        if hidden is None:
            continue
        openers += 1
        for sibling in script.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling.tag == "script":
                depth += _balance(markup_of.get(sibling, ""))
                if depth <= 0:
                    break
                continue
            if any("</" in markup_of.get(inner, "") for inner in sibling.iter("script")):
                break  # closed somewhere inside: where is not worth guessing
            opened.setdefault(sibling, hidden)
    return opened


def _background_between(path: list[lxml.html.HtmlElement], holder: lxml.html.HtmlElement,
                         styles: Styles) -> bool:
    for element in path:
        style = styles.of(element)
        if "url(" in style.get("background", "") + style.get("background-image", ""):
            return True
        if element is holder:
            return False
    return False


def _interactive(holder: lxml.html.HtmlElement, styles: Styles, script_text: str) -> bool:
    """Whether the hiding block is one a visitor opens: a menu, a tab, a dropdown."""
    chain = [holder, *list(holder.iterancestors())[:3]]
    for element in chain:
        if element.tag in ("body", "html"):
            break
        marks = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if marks and _MENU_MARK.search(marks):
            return True
        if any(name.startswith("on") for name in element.attrib):
            return True
        tokens = set(marks.split())
        if tokens & styles.hover_tokens:
            return True
        if any(re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", script_text) for token in tokens):
            return True
    parent = holder.getparent()
    if parent is not None:
        for sibling in parent:
            if sibling is holder or not isinstance(sibling.tag, str):
                continue
            if any(name.startswith("on") for name in sibling.attrib):
                return True
            if sibling.tag == holder.tag and sibling.get("class") == holder.get("class") and holder.get("class"):
                if hiding_method(sibling, styles.of(sibling), frozenset()) is None:
                    return True  # a tab panel beside a visible one
    return False


_LIST_ENTRIES = frozenset({"li", "a", "td", "tr", "dd", "dt", "option"})  # one of a list, switched off by hand
_NOT_LINK_CONTENT = ("img", "iframe", "object", "embed", "input", "select", "form", "script", "video", "table")


def sealed(hidden: Hidden, styles: Styles, script_text: str, own: str, base: str) -> bool:
    """Whether nothing could ever show the link: its own inline style hides an element that no
    selector or script can name (no id, no class, no handler), that holds only text links to other
    sites (a leftover banner or block has images, forms, its own pages), and that is not one entry
    of a list switched off (a sibling of its tag shown). Injected spam looks like this; menus,
    tabs and hidden template blocks do not."""
    holder = hidden.holder
    inline = _declarations(holder.get("style") or "")
    if holder.get("hidden") is None and hiding_method(holder, inline, frozenset()) is None and hidden.method != "same-colour":
        return False
    if holder.get("id") or holder.get("class") or _interactive(holder, styles, script_text):
        return False
    if any(True for _ in holder.iter(*_NOT_LINK_CONTENT)):
        return False
    for anchor in holder.iter("a"):
        target = resolve((anchor.get("href") or "").strip(), base)
        if target is None or registrable_domain(host_of(target)) == own:
            return False
    parent = holder.getparent()
    if parent is None or holder.tag in ("body", "html"):
        return False
    if holder.tag not in _LIST_ENTRIES:
        return True
    return not any(sibling.tag == holder.tag and sibling is not holder and find_hidden(sibling, styles, frozenset()) is None
                   for sibling in parent)


def _lexicon_link(anchor: lxml.html.HtmlElement, host: str, words: Words) -> Callable[[], bool]:
    """Whether a link to a non-government host carries a lexicon word in its text, title or host."""
    def ask() -> bool:
        if under_suffix(host, GOVERNMENT_SUFFIXES):
            return False
        text = visible_text(anchor, 200) or fold(anchor.get("title"), 200)
        return bool(words.in_text(text) or words.in_text(anchor.get("title") or "") or words.in_host(host))
    return ask


def scan_hidden_links(parsed: ParsedPage) -> list[PageFinding]:
    page_host = host_of(parsed.url)
    if not page_host:
        return []
    lowered = parsed.text.lower()
    if "<a" not in lowered and "write" not in lowered and "innerhtml" not in lowered:
        return []  # no link, nothing written by script: most of a site's pages are not parsed for this
    own = registrable_domain(page_host)
    words = lexicon_words()
    tree = parsed.tree
    base = document_base(tree, parsed.url)
    styles = read_styles(tree)
    script_elements = [s for s in tree.iter("script")
                       if (s.get("type") or "").lower() in ("", "text/javascript", "application/javascript")]
    scripts = [(s.text or "")[:MAX_SCRIPT_CHARS] for s in script_elements]
    script_text = "\n".join(scripts)
    script_hidden = frozenset(_SCRIPT_HIDE.findall(script_text))
    writes = [written_markup(script) for script in scripts]  # "" for a script that writes no HTML
    opened = opened_by_scripts([(e, s, w) for e, s, w in zip(script_elements, scripts, writes, strict=True) if w],
                               styles, script_hidden) if any(writes) else {}
    shown: list[str] = []  # what scripts and handlers name, read on first need: most pages hide nothing

    def shown_by() -> str:
        if not shown:
            shown.append(_SCRIPT_HIDE.sub("", script_text) + " " + " ".join(
                value for element in tree.iter() if isinstance(element.tag, str)
                for name, value in element.attrib.items() if name.startswith("on")))
        return shown[0]
    found: list[PageFinding] = []
    # target -> its finding's place; a target seen again is read again while its finding has no
    # lexicon word: a spam block repeats one target under several texts, the first often a plain one
    placed: dict[str, int] = {}
    candidates: list[tuple[lxml.html.HtmlElement, bool]] = [(a, False) for a in tree.iter("a")]
    for markup in writes:
        if "<a" in markup.lower():
            candidates.extend((a, True) for a in parse_html(markup).iter("a"))
    relative_stays = registrable_domain(host_of(base)) == own
    for anchor, written in candidates:
        raw = (anchor.get("href") or "").strip()
        if relative_stays and not _ABSOLUTE.match(raw):
            continue  # a relative link stays on the page's own site: most links, not resolved
        target = resolve(raw, base)
        if target is None or not target.startswith(("http://", "https://")):
            continue
        host = host_of(target)
        if not host or registrable_domain(host) == own or (target in placed and found[placed[target]].correction):
            continue
        hidden = find_hidden(anchor, styles, script_hidden, opened, _lexicon_link(anchor, host, words))
        if hidden is None and not written:
            continue
        text = visible_text(anchor, 200) or fold(anchor.get("title"), 200)
        government = under_suffix(host, GOVERNMENT_SUFFIXES)
        hits = words.in_text(text) + words.in_text(anchor.get("title") or "")
        if not government:
            hits += words.in_host(host)
        hits = list(dict.fromkeys(hits))
        if not hits:
            if government or hidden is None or hidden.by_script:
                continue  # a block a script opens may be opened on a condition not read here
            if hidden.method in SOFT_METHODS and _interactive(hidden.holder, styles, shown_by()):
                continue
        method = hidden.method if hidden is not None else "script"
        if hidden is not None and (written or hidden.by_script):
            method = f"{method}+script"
        if target in placed and not hits:
            continue  # found already, with no more to say
        source = "" if method.split("+")[0] in SOFT_METHODS else "strong"
        if hidden is not None and not written and not hits and sealed(hidden, styles, shown_by(), own, base):
            source = "sealed"
        finding = PageFinding(
            check=CHECK, url=parsed.url, kind=method, found=target, context=fold(text, MAX_TEXT),
            correction=",".join(hits), source=source, key=target,
        )
        if target in placed:
            found[placed[target]] = finding  # the same target under a text with lexicon words: that one is told
            continue
        placed[target] = len(found)
        found.append(finding)
        if len(found) >= MAX_FINDINGS_PER_PAGE:
            break
    return found

