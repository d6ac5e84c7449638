"""The identity elements of a government site's footer (《政府网站发展指引》, 国办发〔2017〕47号).

    网站标识码：4103220000 (or bm01000001)   also <meta name="SiteIDCode">
    豫ICP备12345678号 / 京ICP备05070218号-1   the ICP filing, kept as written
    豫公网安备 41032202000123号                the public-security filing, spaces folded
    <a href="http://bszs.conac.cn/…">         the 党政机关网站标识 (a link, image or script)
    主办单位：清河县人民政府办公室　承办单位：…   the sponsor, up to the next label
    联系电话：0379-61234567 / 地址：…           a contact, whichever comes first

The footer is read as text with whitespace folded and a line break between block
elements, so labels and values split across tags still meet, but two paragraphs never
run together into one value. Sponsor and contact are read from the footer only (an
article's body mentions 主办 and 电话 too); the filing numbers, whose shapes cannot be
mistaken, are looked for in the whole page when the footer does not hold them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import unquote

import lxml.etree
import lxml.html

from ..models import Identity
from .html import fold

MAX_PAGE_TEXT_CHARS = 400_000
FOOTER_TAIL_CHARS = 3_000  # without a marked footer, the end of the page is its footer
MAX_VALUE_CHARS = 80

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "select"})
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "h1", "h2", "h3",
    "h4", "h5", "h6", "section", "footer", "header", "nav", "article", "aside", "center", "form", "hr",
})
_FOOTER_WORDS = frozenset({"foot", "footer", "bottom", "copyright", "banquan", "copy", "ft", "footbox", "foot_box"})
_MARK_SEPARATORS = re.compile(r"[\s\-]+")
_LINK_ATTRIBUTES = ("href", "src", "data-src")

_SITE_ID_CODE = re.compile(r"网站标识码\s*[:：]?\s*(bm\d{8}|\d{10})(?!\d)", re.IGNORECASE)
_SITE_ID_SHAPE = re.compile(r"(?:bm\d{8}|\d{10})", re.IGNORECASE)
# a Han character, outside the case-insensitive flag: Han has no case, and folding the
# class's 21,000 characters made each of these patterns three times as slow to compile
_HAN = r"(?-i:[\u4e00-\u9fff])"
_ICP = re.compile(_HAN + r"\s*ICP\s*备\s*\d{4,12}\s*号(?:\s*-\s*\d{1,3})?", re.IGNORECASE)
_POLICE = re.compile(r"[\u4e00-\u9fff]\s*公网安备\s*[:：]?\s*\d{8,16}\s*号?")
# what ends a sponsor's name: the next footer label, a separator, the end of the line
_NEXT_LABEL = (
    rf"承办|协办|运行维护|维护单位|运维|技术支持|联系|电话|地址|邮编|传真|邮箱|网站标识码|{_HAN}ICP|ICP"
    rf"|备案|版权|{_HAN}公网安备|Copyright|©|E-?mail"
)
_SPONSOR = re.compile(rf"(?<!{_HAN})主办(?:单位)?\s*[:：]\s*(?P<value>(?:(?!{_NEXT_LABEL})[^\s|｜/，,;；:：])+)", re.IGNORECASE)
_PHONE = r"(?:\(?0\d{2,3}\)?[-－\s]?)?\d{7,8}(?:[-－转]\d{1,5})?|1[3-9]\d{9}|\d{5}"
_CONTACT = re.compile(
    rf"(?:(?:联系|咨询|值班|服务)?电话|热线)\s*[:：]\s*(?P<phone>{_PHONE})"
    rf"|(?:联系|通信|通讯)?地址\s*[:：]\s*(?P<address>(?:(?!{_NEXT_LABEL})[^\n|｜;；])+)",
    re.IGNORECASE,
)
# conac links are absolute; some omit the scheme ('//dcs.conac.cn/…') or even the slashes ('bszs.conac.cn/…')
_CONAC = re.compile(r"^(?:https?:)?(?://)?(?:[a-z0-9-]+\.)*conac\.cn(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)


def extract_identity(tree: lxml.html.HtmlElement, page_url: str) -> Identity:
    """The identity elements found on the page; an element not found is None (conac: False)."""
    del page_url  # identity is read from the markup; the URL is part of every extractor's signature
    # the whole page is walked only when the footer lacks something: most footers hold it all
    page_text = functools.cache(lambda: "\n".join(_text_lines(tree))[:MAX_PAGE_TEXT_CHARS])
    footer = _footer_text(tree) or page_text()[-FOOTER_TAIL_CHARS:]
    return Identity(
        site_id_code=_site_id_code(footer) or _site_id_code(page_text()) or _site_id_meta(tree),
        icp=_first(_ICP, footer) or _first(_ICP, page_text()),
        police_record=_first(_POLICE, footer) or _first(_POLICE, page_text()),
        conac=_has_conac(tree),
        sponsor=_sponsor(footer),
        contact=_contact(footer),
    )


def _text_lines(root: lxml.html.HtmlElement) -> Iterator[str]:
    """The visible text of `root` as lines: a break at every block element's start and end."""
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    line: list[str] = []
    for event, node in walker:
        tag = node.tag
        if event == "start":
            if not isinstance(tag, str) or tag in _SKIPPED_TAGS:
                walker.skip_subtree()
                if node.tail:  # skipping the subtree skips its end event, and so its tail
                    line.append(node.tail)
                continue
            if tag in _BLOCK_TAGS and line:
                yield from _flush(line)
            if node.text:
                line.append(node.text)
        else:
            if tag in _BLOCK_TAGS and line and node is not root:
                yield from _flush(line)
            if node.tail and node is not root:
                line.append(node.tail)
    yield from _flush(line)


def _flush(line: list[str]) -> Iterator[str]:
    text = fold("".join(line))
    line.clear()
    if text:
        yield text


def _footer_text(tree: lxml.html.HtmlElement) -> str:
    """The text of the page's marked footers (by tag, class or id), joined."""
    parts: list[str] = []
    for node in tree.iter("footer", "div", "table", "p", "td", "ul", "section"):
        if _is_footer(node) and not _inside_footer(node):
            parts.extend(_text_lines(node))
    return "\n".join(parts)[:MAX_PAGE_TEXT_CHARS]


def _is_footer(node: lxml.html.HtmlElement) -> bool:
    if node.tag == "footer":
        return True
    marks = f"{node.get('class') or ''} {node.get('id') or ''}".strip().lower()
    return bool(marks) and any(
        word in _FOOTER_WORDS or word.startswith(("foot", "bottom", "copyright")) for word in _MARK_SEPARATORS.split(marks)
    )


def _inside_footer(node: lxml.html.HtmlElement) -> bool:
    return any(_is_footer(ancestor) for ancestor in node.iterancestors())


def _site_id_code(text: str) -> str | None:
    match = _SITE_ID_CODE.search(text)
    return match[1].lower() if match else None  # 'BM01000001' is written bm01000001


def _site_id_meta(tree: lxml.html.HtmlElement) -> str | None:
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "siteidcode":
            content = (meta.get("content") or "").strip()
            if _SITE_ID_SHAPE.fullmatch(content):
                return content.lower()
    return None


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return fold(match[0]) if match else None


_CONAC_IN_CODE = re.compile(r"(?:src|href)\s*=\s*['\"]?(?:https?:)?//(?:[a-z0-9-]+\.)*conac\.cn[/'\"]", re.IGNORECASE)
MAX_SCRIPT_CHARS = 4096  # the badge snippet is a few hundred characters


def _has_conac(tree: lxml.html.HtmlElement) -> bool:
    for node in tree.iter("a", "img", "script", "iframe", "area", "embed", "link"):
        for attribute in _LINK_ATTRIBUTES:
            value = (node.get(attribute) or "").strip()
            if "conac" in value.lower() and _CONAC.match(value):
                return True
    # the official badge code writes its own script tag: document.write(unescape("%3Cscript src='http://dcs.conac.cn/…"))
    for script in tree.iter("script"):
        code = script.text or ""
        if "conac" in code.lower() and _CONAC_IN_CODE.search(unquote(code[:MAX_SCRIPT_CHARS])):
            return True
    return False


def _sponsor(footer: str) -> str | None:
    match = _SPONSOR.search(footer)
    return fold(match["value"], MAX_VALUE_CHARS) if match else None


def _contact(footer: str) -> str | None:
    match = _CONTACT.search(footer)
    if match is None:
        return None
    value = match["phone"] or match["address"] or ""
    return fold(value, MAX_VALUE_CHARS).strip(" ，,。") or None
