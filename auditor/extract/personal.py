"""Personal data in a page's visible text (issue 19, check `content.personal_data`).

Three kinds, each judged strictly, because a false accusation of a leak costs more than a miss:

    id_number   居民身份证号码: 17 digits and a digit or X, the GB 11643-1999 check code right,
                a birth date from 1900 up to the day the page was read, a province code first;
                in a row, or 6-8-4 (410322 19520317 002X) with one space (no-break and
                full-width ones too) or one hyphen between the groups, the same both times,
                not followed or preceded by another group so separated
    bank_card   16-19 digits passing Luhn with a card issuer's prefix (62 UnionPay, 16-19
                digits; 4 and 5, 16 digits), not right after a document-number label
                (索引号, 文号, 编号, 订单号 …) nor on an account line (开户行, 户名, 收款 …)
    mobile      1[3-9] and 9 digits (or 3-4-4 with spaces or hyphens), outside contact
                fields: not after a contact label in its clause (联系电话, 电话, 手机, 传真,
                热线 …), not in a cell labelled so (by its row or its column), not in the
                page's header, navigation or footer, a 联系我们 block, or a contact page

None may be part of a longer run of digits or letters. Only the visible text is read
(not scripts, styles, attributes, comments). Every value leaves here masked
(`4101**********1234`, `6222********1234`, `138****5678`) with its sentence masked too;
its `key` is a truncated sha256 of the page, the kind and the full value, so the same leak is
the same problem from run to run while the value itself is never stored.

Attachments: `scan_personal_attachment` reads the text of a .docx, .xlsx or .pdf the crawl fetched
(`extract.attachments`) for ID and card numbers only; a spreadsheet's mobiles are left
alone, because its 联系电话 column header is not seen as the label of its cells.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import lxml.etree
import lxml.html

from ..models import PageFinding
from .attachments import attachment_text
from .html import is_chrome
from .parsed import ParsedPage

CHECK = "content.personal_data"
MAX_TEXT_CHARS = 1_000_000  # the visible text read per page
MAX_CONTEXT_CHARS = 60
KEY_CHARS = 16

_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "textarea"})
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "footer", "header", "nav", "article", "aside", "center", "form",
    "hr", "blockquote", "pre", "address", "caption", "main", "body", "option", "fieldset", "figure", "figcaption",
})
# full-width digits and letters, and no-break spaces, read as their ASCII forms (same length: offsets hold)
_NORMALISE = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "\uff38": "X", "\uff58": "x", "\u00a0": " ", "\u3000": " "}
)
_TO_NORMALISE = re.compile("[\uff10-\uff19\uff38\uff58\u00a0\u3000]")
# in the page's source, before entities are read: &nbsp; may stand between an ID number's groups
_ANY_CANDIDATE = re.compile(
    r"[0-9\uff10-\uff19]{11}|[0-9]{3,4}[ \-][0-9]{4}[ \-][0-9]{4}"
    r"|[0-9\uff10-\uff19]{6}(?:[ \-\u00a0\u3000]|&nbsp;|&#160;|&#xa0;|&#12288;|&#x3000;)[0-9\uff10-\uff19]{8}",
    re.IGNORECASE,
)
_EDGE_BEFORE = r"(?<![0-9A-Za-z.\-_/=])"
_EDGE_AFTER = r"(?![0-9A-Za-z_@]|\.[0-9])"  # 13812345678@163.com is a mail address
# 18 in a row, or 6-8-4 (region, birth date, sequence and check code) with one space or one hyphen
# between the groups, the same both times (no-break and full-width spaces are read as spaces);
# a group of digits going on beyond either end with the same separator is a longer number's
_ID = re.compile(
    _EDGE_BEFORE + r"([1-8]\d{16}[0-9Xx]|(?<!\d )(?<!\d-)[1-8]\d{5}([ \-])\d{8}\2\d{3}[0-9Xx](?!\2\d))" + _EDGE_AFTER
)
_CARD = re.compile(_EDGE_BEFORE + r"((?:62\d{14,17})|(?:[45]\d{15})|(?:(?:62|[45])\d{2}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?))"
                   + _EDGE_AFTER)
_MOBILE = re.compile(_EDGE_BEFORE + r"(1[3-9]\d{9}|1[3-9]\d[ \-]\d{4}[ \-]\d{4})" + _EDGE_AFTER)
_RUN_CHARS = frozenset("0123456789Xx")
_LONG_DIGITS = re.compile(r"\d[\d \-]{9,}[\dXx]")  # what else in a sentence could be personal: masked too

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CODES = "10X98765432"
_PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
})
# a number right after one of these is a document's, an order's or an organisation's, not a person's
_NUMBER_LABELS = (
    "索引号", "文号", "编号", "订单号", "订单", "单号", "流水号", "合同号", "证书号", "许可证号", "备案号", "登记号",
    "批次", "条码", "交易号", "信用代码", "序列号", "项目号", "受理号", "案号", "发票号", "批准号", "档案号", "代码",
    "访问量", "浏览量", "浏览次数", "点击量", "点击数", "阅读量", "访问次数",
)
# a card-like number on a line naming an account holder or bank is a unit's account, not a leaked card
_ACCOUNT_WORDS = ("开户行", "开户银行", "开户名", "户名", "收款", "对公", "汇款", "缴款", "账户名称")
_CONTACT_LABELS = (
    "联系电话", "咨询电话", "电话", "手机", "联系方式", "投诉电话", "监督电话", "传真", "热线", "联系人", "咨询",
    "举报", "值班", "Tel", "TEL", "tel", "Mobile", "mobile", "电 话", "QQ", "qq", "微信", "邮箱", "信箱",
)
_CONTACT_HEADINGS = ("联系我们", "联系方式", "联系信息", "通讯录", "联系电话")
_CONTACT_MARKS = ("contact", "lxwm", "lianxi", "lxfs", "tongxunlu")
_QUANTITY_UNITS = frozenset("元万亿千百%‰人次个吨户件米台辆亩股")
# a contact field: its label starts the line or a clause, then only a name and other numbers before this one
_CONTACT_FIELD = re.compile(
    r"(?:^|[。！？；;!?，,、\s])[^。！？；;!?，,\s]{0,4}(?:" + "|".join(map(re.escape, _CONTACT_LABELS))
    + r")(?:号码|号)?[\s：:]*(?:[\u4e00-\u9fff·]{1,6}[\s：:，,、]*)?[\d\s\-()（）、，,/转]*$"
)
_LABEL_TAIL = "：:为是 \t（(）)#＃"


@dataclass(frozen=True)
class Personal:
    """One personal number found: its kind, the full value (never leaves this module) and where."""

    kind: str
    value: str
    start: int
    end: int


def scan_personal(parsed: ParsedPage) -> list[PageFinding]:
    """The personal numbers in an opened page's visible text, masked."""
    if _ANY_CANDIDATE.search(parsed.text) is None:
        return []  # most pages: no run of 11 digits anywhere in the source, nothing to read
    fetched = parsed.fetch.fetched_at
    text = _VisibleText(parsed.tree)
    return find_personal(text, parsed.url, fetched.date() if fetched is not None else date.today(), parsed.title)


def scan_personal_attachment(data: bytes, kind: str, url: str, page_url: str, as_of: date) -> list[PageFinding]:
    """ID and card numbers in an attached .docx, .xlsx or .pdf, masked; its mobiles are not judged (a
    spreadsheet's 联系电话 column is not seen as the label of its cells)."""
    text = _normalised(attachment_text(data, kind))
    found = [item for item in _candidates(text, as_of) if item.kind != "mobile"]
    return [
        PageFinding(check=CHECK, url=url, kind=item.kind, found=mask(item.kind, item.value),
                    context=_context(text, item, found), source=page_url, key=value_key(item.kind, item.value, url))
        for item in found
    ]


def find_personal(text: _VisibleText, url: str, as_of: date, title: str = "") -> list[PageFinding]:
    found = list(_candidates(text.text, as_of))
    contact_page = any(word in title for word in _CONTACT_HEADINGS)
    findings = []
    for item in found:
        if item.kind == "mobile" and (contact_page or _in_contact_field(text, item)):
            continue
        findings.append(PageFinding(
            check=CHECK, url=url, kind=item.kind, found=mask(item.kind, item.value),
            context=_context(text.text, item, found), key=value_key(item.kind, item.value, url),
        ))
    return findings


def scan_text(raw: str, as_of: date) -> list[Personal]:
    """The personal numbers of plain text, unmasked (for tests and the detector's benchmark)."""
    return list(_candidates(_normalised(raw), as_of))


def _normalised(text: str) -> str:
    """Full-width digits and X, and no-break spaces, as ASCII (the same length: offsets hold)."""
    return _TO_NORMALISE.sub(lambda m: m.group(0).translate(_NORMALISE), text) if _TO_NORMALISE.search(text) else text


def _candidates(text: str, as_of: date) -> Iterator[Personal]:
    taken: list[tuple[int, int]] = []
    for kind, pattern, valid in (("id_number", _ID, _valid_id), ("bank_card", _CARD, _valid_card),
                                 ("mobile", _MOBILE, _valid_mobile)):
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if any(start < e and s < end for s, e in taken):
                continue
            value = re.sub(r"[ \-]", "", match.group(1)).upper()
            if valid(value, text, start, end, as_of):
                taken.append((start, end))
                yield Personal(kind, value, start, end)


def valid_id_number(value: str, as_of: date) -> bool:
    """A resident ID number by GB 11643-1999: province, birth date (1900 to `as_of`), check code."""
    if len(value) != 18 or not value[:17].isdigit() or int(value[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= as_of:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CODES[total % 11] == value[17].upper()


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _valid_id(value: str, text: str, start: int, end: int, as_of: date) -> bool:
    return valid_id_number(value, as_of) and not _after_number_label(text, start)


def _valid_card(value: str, text: str, start: int, end: int, as_of: date) -> bool:
    if not (16 <= len(value) <= 19 and luhn(value)):
        return False
    if not (value.startswith("62") or (value[0] in "45" and len(value) == 16)):
        return False
    line = text[text.rfind("\n", 0, start) + 1:start]
    return not _after_number_label(text, start) and not any(word in line[-80:] for word in _ACCOUNT_WORDS)


def _valid_mobile(value: str, text: str, start: int, end: int, as_of: date) -> bool:
    if len(set(value[3:])) <= 2 or text[end:end + 1] in _QUANTITY_UNITS:
        return False  # 15000000000元 is an amount, not a phone
    return not _after_number_label(text, start)


def _after_number_label(text: str, start: int) -> bool:
    before = text[max(0, text.rfind("\n", 0, start) + 1, start - 16):start].rstrip(_LABEL_TAIL)
    return before.endswith(_NUMBER_LABELS)


def mask(kind: str, value: str) -> str:
    """`4101**********1234`, `6222********1234`, `138****5678`: never the whole value."""
    keep_front = 3 if kind == "mobile" else 4
    return value[:keep_front] + "*" * (len(value) - keep_front - 4) + value[-4:]


def value_key(kind: str, value: str, url: str) -> str:
    """A stable id of one value on one page that does not store it: a truncated sha256 of the
    page, the kind and the value (the page salts it, so no table of hashed numbers serves every
    page; a hash of an 11-digit number can still be searched for by whoever holds the database)."""
    return hashlib.sha256(f"{url}\n{kind}:{value}".encode()).hexdigest()[:KEY_CHARS]


def _context(text: str, item: Personal, found: list[Personal]) -> str:
    """The clause around a value, clipped, with every personal number in it masked."""
    line_start = text.rfind("\n", 0, item.start) + 1
    line_end = text.find("\n", item.end)
    line_end = len(text) if line_end < 0 else line_end
    start, end = max(line_start, item.start - MAX_CONTEXT_CHARS // 2), min(line_end, item.end + MAX_CONTEXT_CHARS // 2)
    # never cut through another number: its remaining digits would be too short to be masked
    while start < item.start and start > line_start and text[start] in _RUN_CHARS and text[start - 1] in _RUN_CHARS:
        start += 1
    while end > item.end and end < line_end and text[end - 1] in _RUN_CHARS and text[end] in _RUN_CHARS:
        end -= 1
    pieces, cursor = [], start
    for other in sorted(found, key=lambda f: f.start):
        if other.end <= start or other.start >= end:
            continue
        pieces.append(text[cursor:max(cursor, other.start)])
        pieces.append(mask(other.kind, other.value))
        cursor = max(cursor, other.end)
    pieces.append(text[cursor:end])
    clause = "".join(pieces)
    clause = _LONG_DIGITS.sub(lambda m: _mask_run(m.group(0)), clause)
    return " ".join(clause.split())


def _mask_run(run: str) -> str:
    digits = re.sub(r"[ \-]", "", run)
    if "*" in run or len(digits) < 11:
        return run
    return mask("mobile" if len(digits) == 11 else "other", digits)


# ---- the page's visible text, with the element each piece came from ----


class _VisibleText:
    """The visible text of a page, a line break around every block, and who holds each piece."""

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        pieces: list[str] = []
        starts: list[int] = []
        owners: list[lxml.html.HtmlElement] = []
        size = 0
        walker = lxml.etree.iterwalk(root, events=("start", "end"))
        for event, node in walker:
            if size > MAX_TEXT_CHARS:
                break
            tag = node.tag if isinstance(node.tag, str) else ""
            if event == "start":
                if not tag or tag in _SKIPPED:
                    walker.skip_subtree()
                    continue
                piece = node.text
                if tag in _BLOCKS:
                    piece = "\n" + (piece or "")
                if piece:
                    starts.append(size)
                    owners.append(node)
                    pieces.append(piece)
                    size += len(piece)
            elif node is not root:
                piece = node.tail
                if tag in _BLOCKS:
                    piece = "\n" + (piece or "")
                if piece:
                    starts.append(size)
                    parent = node.getparent()
                    owners.append(parent if parent is not None else root)
                    pieces.append(piece)
                    size += len(piece)
        self.starts, self.owners = starts, owners
        self.text = _normalised("".join(pieces))

    def owner(self, offset: int) -> lxml.html.HtmlElement | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.owners[index] if index >= 0 else None


def _in_contact_field(text: _VisibleText, item: Personal) -> bool:
    """A mobile where offices publish their contact numbers: after a contact label in its clause,
    in a cell labelled so, in the page's chrome or a contact block."""
    line_start = text.text.rfind("\n", 0, item.start) + 1
    before = text.text[line_start:item.start]
    if _CONTACT_FIELD.search(before[-60:]):
        return True
    owner = text.owner(item.start)
    return owner is not None and (_in_contact_cell(owner) or _in_contact_block(owner))


def _in_contact_cell(node: lxml.html.HtmlElement) -> bool:
    cell = next((n for n in node.iterancestors() if n.tag in ("td", "th")), None) if node.tag not in ("td", "th") else node
    if cell is None:
        return False
    row = cell.getparent()
    if row is None:
        return False
    cells = [c for c in row if c.tag in ("td", "th")]
    index = cells.index(cell) if cell in cells else -1
    if index > 0 and _is_contact_label(_short_text(cells[index - 1])):
        return True  # a row label: <td>联系电话</td><td>138…</td>
    table = next((n for n in row.iterancestors() if n.tag == "table"), None)
    if table is None or index < 0:
        return False
    header = next((r for r in table.iter("tr")), None)
    if header is None or header is row:
        return False
    head_cells = [c for c in header if c.tag in ("td", "th")]
    return index < len(head_cells) and _is_contact_label(_short_text(head_cells[index]))  # a column header


def _in_contact_block(node: lxml.html.HtmlElement) -> bool:
    for depth, ancestor in enumerate((node, *node.iterancestors())):
        if ancestor.tag in ("body", "html"):
            return False
        if is_chrome(ancestor):
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if any(mark in marks for mark in _CONTACT_MARKS):
            return True
        if depth < 6 and _short_text(ancestor, 12).startswith(_CONTACT_HEADINGS):
            return True
    return False


def _short_text(node: lxml.html.HtmlElement, limit: int = 20) -> str:
    """The first `limit` characters of an element's visible text, spaces dropped."""
    collected = ""
    walker = lxml.etree.iterwalk(node, events=("start", "end"))
    for event, child in walker:
        if event == "start":
            if not isinstance(child.tag, str) or child.tag in _SKIPPED:
                walker.skip_subtree()
                continue
            collected += child.text or ""
        elif child is not node:
            collected += child.tail or ""
        collected = "".join(collected.split())
        if len(collected) >= limit:
            break
    return collected[:limit]


def _is_contact_label(text: str) -> bool:
    return 0 < len(text) <= 12 and any(label.replace(" ", "") in text for label in _CONTACT_LABELS)
