"""Letters of mailbox columns (县长信箱 / 连线政府 / 留言 / 咨询投诉), for R4's time limits.

Two kinds of page carry letters:

    a list      <tr><td><a href="…">反映路灯不亮问题</a></td><td>已回复</td><td>2026-11-02</td></tr>
                (or <li> rows; or a table whose header names 标题 / 来信时间 / 状态 / 回复时间)
    one letter  信件标题：…  来信时间：…  信件内容：…  办理状态：…  答复单位：…  回复时间：…  回复内容：…

Whether a letter is answered is read from its status word first; a reply with content
answers it too, and a letter page whose reply section is empty (回复内容： with nothing,
or 暂无回复) is unanswered. A list row is only taken as a letter when its table header says so or
the row carries a status word: any other dated list would otherwise pass for a mailbox.
"""

from __future__ import annotations

from datetime import date

import lxml.etree
import lxml.html

from ..models import Letter
from .dates import as_day, parse_date
from .html import fold, iter_text, visible_text
from .labelled import Field, Vocabulary, first_values, read_fields
from .links import document_base, resolve
from .scripted import scripts_load_content
from .title import page_title

MAX_SUBJECT_CHARS = 300
MAX_LETTERS = 500
MAX_PAGE_TEXT = 200_000

# status words, the unanswered ones first: 未办结 must not be read as 办结
UNANSWERED = ("未回复", "待回复", "未答复", "待答复", "未办结", "未处理", "办理中", "待处理", "受理中", "处理中",
              "待办理", "已受理", "转办中", "已转办", "审核中", "待审核", "未受理", "正在办理")
ANSWERED = ("已回复", "已办结", "已答复", "已处理", "已反馈", "已办理", "已完成", "办结", "已解决")
_NO_REPLY_YET = ("暂无", "尚未", "未回复", "待回复", "无回复")

_LETTER_LABELS = {
    "subject": ("信件标题", "来信标题", "留言标题", "咨询标题", "投诉标题", "信件主题", "留言主题", "标题", "主题"),
    "sent": ("来信时间", "留言时间", "提交时间", "写信时间", "来信日期", "留言日期", "发信时间", "咨询时间",
             "投诉时间", "提问时间", "发布时间"),
    "status": ("办理状态", "处理状态", "回复状态", "信件状态", "办理情况", "状态"),
    "replier": ("答复单位", "回复单位", "回复部门", "答复部门", "办理单位", "处理单位", "回复机构", "答复机构"),
    "replied": ("回复时间", "答复时间", "回复日期", "答复日期", "办结时间", "处理时间"),
    "reply": ("回复内容", "答复内容", "回复意见", "答复意见", "办理结果", "处理结果", "处理意见"),
    "content": ("来信内容", "信件内容", "留言内容", "咨询内容", "投诉内容", "问题描述", "内容"),
}
_VOCABULARY = Vocabulary({label: key for key, labels in _LETTER_LABELS.items() for label in labels})
_HEADER_KEYS = {label: key for key, labels in _LETTER_LABELS.items() for label in labels}
_SIGNALS = ("信", "留言", "咨询", "投诉", "回复", "答复")


def extract_letters(tree: lxml.html.HtmlElement, page_url: str, as_of: date) -> list[Letter]:
    """The letters on a mailbox list page, or the one letter of a letter page; [] otherwise."""
    as_of = as_day(as_of)
    text = lxml.etree.tostring(tree, method="text", encoding=str)[:MAX_PAGE_TEXT]
    if not any(signal in text for signal in _SIGNALS):
        return []
    base = document_base(tree, page_url)
    single = _single_letter(tree, page_url, as_of) if "内容" in text or "复" in text else None
    if single is not None:
        return [single]
    return _listed_letters(tree, base, as_of)[:MAX_LETTERS]


def answered_from(status: str) -> bool | None:
    """True, False or None (unknown) from a status word as sites write it."""
    if any(word in status for word in UNANSWERED):
        return False
    if any(word in status for word in ANSWERED):
        return True
    return None


def _single_letter(tree: lxml.html.HtmlElement, page_url: str, as_of: date) -> Letter | None:
    fields = first_values([item for item in read_fields(tree, _VOCABULARY) if item.key])
    has_body = _filled(fields, "content") or _filled(fields, "reply")
    if not (has_body and (_filled(fields, "sent") or _filled(fields, "subject"))):
        return None
    status = _text(fields, "status")[:20]
    reply = _text(fields, "reply")
    has_reply = bool(reply) and not reply.startswith(_NO_REPLY_YET)
    answered = answered_from(status)
    if has_reply and not answered:
        answered = True  # a reply with content is an answer, whatever the status label lags behind
    elif answered is None and "reply" in fields and not has_reply and not scripts_load_content(tree):
        answered = False  # the page keeps a place for the reply, and it is empty (or says 暂无回复)
    subject = _text(fields, "subject") or page_title(tree)
    return Letter(
        subject=fold(subject, MAX_SUBJECT_CHARS),
        url=page_url,
        sent=parse_date(_text(fields, "sent"), as_of),
        status=status,
        answered=answered,
        replied=parse_date(_text(fields, "replied"), as_of) if answered is not False or has_reply else None,
        replier=fold(_text(fields, "replier"), MAX_SUBJECT_CHARS),
    )


def _filled(fields: dict[str, Field], key: str) -> bool:
    return key in fields and bool(fields[key].text)


def _text(fields: dict[str, Field], key: str) -> str:
    return fields[key].text if key in fields else ""


def _listed_letters(tree: lxml.html.HtmlElement, base: str, as_of: date) -> list[Letter]:
    letters = []
    for table in tree.iter("table"):
        letters.extend(_table_with_header(table, base, as_of))
    if letters:
        return letters
    for row in tree.iter("li", "tr"):
        letter = _row_with_status(row, base, as_of)
        if letter is not None:
            letters.append(letter)
    return letters


def _table_with_header(table: lxml.html.HtmlElement, base: str, as_of: date) -> list[Letter]:
    rows = [row for row in table.iter("tr") if _owning_table(row) is table]
    if len(rows) < 2:
        return []
    columns = _header_columns(rows[0])
    if "subject" not in columns or not {"sent", "status", "replied"} & set(columns):
        return []
    letters = []
    for row in rows[1:]:
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        letter = _letter_from_cells(cells, columns, base, as_of)
        if letter is not None:
            letters.append(letter)
    return letters


def _owning_table(row: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    return next(row.iterancestors("table"), None)


def _header_columns(row: lxml.html.HtmlElement) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cell for cell in row if cell.tag in ("td", "th")):
        key = _HEADER_KEYS.get(visible_text(cell, 20).replace(" ", ""))
        if key is None and visible_text(cell, 20) in ("时间", "日期"):
            key = "sent"
        if key is not None and key not in columns:
            columns[key] = index
    return columns


def _letter_from_cells(cells: list[lxml.html.HtmlElement], columns: dict[str, int], base: str,
                       as_of: date) -> Letter | None:
    def cell_text(key: str) -> str:
        index = columns.get(key)
        return visible_text(cells[index], MAX_SUBJECT_CHARS) if index is not None and index < len(cells) else ""

    subject_index = columns["subject"]
    if subject_index >= len(cells):
        return None
    anchor = next(cells[subject_index].iter("a"), None)
    subject = _anchor_title(anchor) if anchor is not None else cell_text("subject")
    if not subject:
        return None
    status = cell_text("status")[:20]
    answered = answered_from(status)
    replied = parse_date(cell_text("replied"), as_of)
    return Letter(subject=subject, url=_absolute(base, anchor), sent=parse_date(cell_text("sent"), as_of),
                  status=status, answered=True if answered is None and replied else answered,
                  replied=replied, replier=cell_text("replier"))


def _row_with_status(row: lxml.html.HtmlElement, base: str, as_of: date) -> Letter | None:
    """A list row (li or tr) with one link, a status word and a date: a letter of a mailbox list."""
    anchors = list(row.iter("a"))
    if len(anchors) != 1 or any(child.tag in ("li", "tr", "ul", "table") for child in row.iterdescendants()):
        return None
    status = _status_in(row, anchors[0])
    if not status:
        return None
    subject = _anchor_title(anchors[0])
    if not subject:
        return None
    rest = fold("".join(iter_text(row, skip_links=True)), 300)  # the row without its title: status, date
    return Letter(subject=subject, url=_absolute(base, anchors[0]), sent=parse_date(rest, as_of), status=status,
                  answered=answered_from(status))


def _status_in(row: lxml.html.HtmlElement, anchor: lxml.html.HtmlElement) -> str:
    """A status word standing alone in an element of the row (never one inside the title)."""
    for node in row.iterdescendants():
        if node is anchor or _contains(anchor, node) or not isinstance(node.tag, str):
            continue
        text = fold(node.text, 20)
        if text and len(text) <= 6 and answered_from(text) is not None:
            return text.strip("[]【】()（）")
    return ""


def _contains(ancestor: lxml.html.HtmlElement, node: lxml.html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in node.iterancestors())


def _anchor_title(anchor: lxml.html.HtmlElement) -> str:
    # list titles are often cut ("…"): the title attribute keeps the whole subject
    title = fold(anchor.get("title"), MAX_SUBJECT_CHARS)
    return title or visible_text(anchor, MAX_SUBJECT_CHARS)


def _absolute(base: str, anchor: lxml.html.HtmlElement | None) -> str:
    href = (anchor.get("href") or "").strip() if anchor is not None else ""
    if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
        return ""
    return resolve(href, base, as_written=True) or ""
