"""The publication date of an article or document page.

Sources, most trusted first, and why in this order:

1. The 信息公开 metadata block's 发布日期. It is the legal record the disclosure rules
   (R3: publication minus formation) are judged on, and it sits beside the 成文日期 it
   is compared with; reading both from the same block keeps the comparison fair.
2. Publication meta tags the CMS writes when the item is published (`PubDate` of TRS
   and Hanweb, `firstpublishedtime` of www.gov.cn, `publishdate`,
   `article:published_time`, `weibo: article:create_at`). They are machine-written and
   unambiguous, whereas visible text is laid out by hand. Build-time metas are never
   read: `others` (页面生成时间), `lastmodifiedtime`, `Maketime`, `generator` carry the
   date a page was regenerated — www.gov.cn rebuilt its 2007 bulletins in 2023.
3. A visible label near the title: 发布时间：/发布日期：/发表时间：/公开日期：, then the
   looser 时间：/日期：, then a date in the 来源 line. Labels are only read outside page
   chrome (header, navigation, footer: copyright years, "今天是 … 星期三" banners), a
   banner context is refused, and 成文日期/生成时间/更新时间 are not 日期/时间 labels.
4. A `pubDate`-style variable in the page's scripts, which templates fill at publication.
5. The date the CMS wrote into the URL (TRS `t20170117_…`, Hanweb `/art/2017/1/17/`):
   it is when the item was created in the CMS, usually but not always the day it went
   out, so it is the last resort.

Every date goes through `auditor.extract.dates`: impossible dates, dates before 1990
and dates after as_of + 1 day are not believed, and the next source is tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import lxml.etree
import lxml.html

from .dates import as_day, date_in_url, is_banner_date_context, parse_date
from .document import extract_document
from .html import is_chrome

MAX_SCRIPT_SCAN_CHARS = 300_000  # publication variables sit in the head or just after the title
MAX_TEXT_NODES = 5_000  # an article's date comes early; never walk an endless page to the end
LABEL_REACH = 40  # chars after a label within which its date must start

# lower-cased meta name/property → trusted publication date
_PUBLICATION_METAS = (
    "pubdate", "firstpublishedtime", "publishdate", "publishtime", "publish_date", "pubtime",
    "article:published_time", "weibo: article:create_at", "og:release_date",
    "dc.date.issued", "dcterms.issued", "dc.date.created",
)
_STRONG_LABEL = re.compile(r"(?:发布|发表|公开|上传)(?:时间|日期)\s*[:：]")
# 时间/日期 alone, but not 成文日期, 生成时间, 更新时间, 截止日期 (the word before would be Chinese)
_WEAK_LABEL = re.compile(r"(?<![\u4e00-\u9fff])(?:时间|日期)\s*[:：]")
# one written date: 2026-11-27, 2026/11/27, 2026.11.27, 2026年11月27日 (full-width digits too)
_STAMP = re.compile(r"[0-9０-９]{4}\s*[-/.年－／．]\s*[0-9０-９]{1,2}\s*[-/.月－／．]\s*[0-9０-９]{1,2}\s*日?")
_SPACES = " \t\r\n\u3000\xa0"
_STAMP_OPENERS = "【[(（|｜丨"
MAX_INFO_LINE_CHARS = 120  # 日期、来源、字号 and a print link: a line, not a paragraph
_SOURCE_LABEL = re.compile(r"来\s*源\s*[:：]")
# class/id words of page chrome; 'header' and 'top' only as a whole mark (article_header holds the date)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option"})
_SCRIPT_VARIABLE = re.compile(
    r"""(?i)\b(?:pub_?date|publish_?(?:date|time)|pub_?time|fbsj|releasetime)\b\s*[:=]\s*["']([^"'<>]{6,40})["']"""
)


def extract_published(tree: lxml.html.HtmlElement, html_text: str, page_url: str, as_of: date) -> date | None:
    """The publication date of the page, or None when no trustworthy source gives one."""
    as_of = as_day(as_of)
    document = extract_document(tree, page_url, as_of)
    if document is not None and document.published is not None:
        return document.published
    return (
        _from_metas(tree, as_of)
        or _from_labels(tree, as_of)
        or _from_script_variables(html_text, as_of)
        or _under_the_title(tree, as_of)
        or date_in_url(page_url, as_of)
    )


def _under_the_title(tree: lxml.html.HtmlElement, as_of: date) -> date | None:
    """An unlabelled stamp in the info line right under the article's heading: `【2026-01-16】 来源 …`."""
    for heading in tree.iter("h1", "h2"):
        info = heading.getnext()
        if info is None or is_chrome(heading):
            continue
        text = info.text_content()
        if len(text) <= MAX_INFO_LINE_CHARS:
            stamp = _STAMP.search(text)
            # a bare stamp only: after a label (成文日期：) or in prose (自…起) it is not the publication
            before = text[: stamp.start()].rstrip(_SPACES) if stamp else ""
            bare = stamp is not None and (not before or before[-1] in _STAMP_OPENERS)
            found = parse_date(stamp[0], as_of) if stamp and bare else None
            if found is not None:
                return found
    return None


def _from_metas(tree: lxml.html.HtmlElement, as_of: date) -> date | None:
    found: dict[str, date] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if name in _PUBLICATION_METAS and name not in found:
            value = parse_date((meta.get("content") or "")[:100], as_of)
            if value is not None:
                found[name] = value
    return next((found[name] for name in _PUBLICATION_METAS if name in found), None)


def _from_labels(tree: lxml.html.HtmlElement, as_of: date) -> date | None:
    """The date after the strongest visible label, read in document order outside page chrome."""
    pieces = list(_content_text(tree))
    for pattern in (_STRONG_LABEL, _WEAK_LABEL):
        value = _after_label(pieces, pattern, as_of)
        if value is not None:
            return value
    return _in_source_line(pieces, as_of)


def _after_label(pieces: list[str], pattern: re.Pattern[str], as_of: date) -> date | None:
    for index, piece in enumerate(pieces):
        for match in pattern.finditer(piece):
            # the date may sit in the next text node: <span>发布时间：</span><span>2026-11-27</span>
            following = (piece[match.end():] + " " + " ".join(pieces[index + 1:index + 3]))[:LABEL_REACH * 2]
            # a banner is told by what precedes the date (今天是, 当前日期); a weekday after a
            # publication stamp is common and harmless
            before = (pieces[index - 1] if index else "") + piece[:match.end()]
            if is_banner_date_context(before[-30:]):
                continue
            value = _date_near_start(following, as_of)
            if value is not None:
                return value
    return None


def _in_source_line(pieces: list[str], as_of: date) -> date | None:
    """'来源：县政府办 2026-11-27 10:20': a dated source line without a date label."""
    for piece in pieces:
        match = _SOURCE_LABEL.search(piece)
        if match is None or is_banner_date_context(piece):
            continue
        window = piece[max(0, match.start() - LABEL_REACH * 2):match.end() + LABEL_REACH * 2]
        value = parse_date(window, as_of)
        if value is not None:
            return value
    return None


def _date_near_start(text: str, as_of: date) -> date | None:
    head = text.lstrip(" \t\r\n\u3000\xa0[【(（")
    if len(text) - len(head) > LABEL_REACH:
        return None
    # the date must open the value ('时间：' followed by prose mentioning a date is not a
    # stamp), and only that stamp is read: an unbelievable stamp must not give way to a
    # date further on
    stamp = _STAMP.match(head)
    return parse_date(stamp[0], as_of) if stamp else None


def _content_text(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Text nodes of the body in document order, without page chrome, scripts and styles."""
    walker = lxml.etree.iterwalk(tree, events=("start", "end"))
    count = 0
    for event, node in walker:
        if event == "start":
            if not isinstance(node.tag, str) or node.tag in _SKIPPED_TAGS or is_chrome(node):
                walker.skip_subtree()
                continue
            text = node.text
        else:
            text = node.tail
        if text and text.strip():
            count += 1
            if count > MAX_TEXT_NODES:
                return
            yield text




def _from_script_variables(html_text: str, as_of: date) -> date | None:
    for match in _SCRIPT_VARIABLE.finditer(html_text[:MAX_SCRIPT_SCAN_CHARS]):
        value = parse_date(match[1], as_of)
        if value is not None:
            return value
    return None
