"""Excel workbooks of a run: the whole report (`auditor report --format xlsx`) and one
unit's problems (attached to its bulletin).

One row per problem: 规则集, 规则, 严重程度 and 扣分 are its first (most severe) rule's, as
in the JSON; 涉及规则 lists every rule of every ruleset it breaks, one a line.

Crawled text goes into cells: a value that starts like a formula (`=`, `+`, `-`, `@`)
is written as a string with a leading apostrophe, so Excel never evaluates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..models import Problem, Severity, ViolationStatus
from .data import RunReport, rule_zh

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767 characters a cell
VIOLATION_COLUMNS = (
    ("网站", 18), ("栏目", 12), ("规则集", 14), ("规则", 20), ("检查", 20), ("严重程度", 9), ("扣分", 7),
    ("状态", 8), ("首次发现", 17), ("最近发现", 17), ("问题描述", 80), ("网址", 60), ("涉及规则", 44),
)
RANKING_COLUMNS = (("规则集", 14), ("排名", 6), ("网站", 24), ("得分", 8), ("单项否决", 9), ("扣分", 8), ("上次得分", 9))
STATS_COLUMNS = (("年度", 8), ("网站", 24), ("信息类别", 18), ("栏目类型", 12), ("条数", 8))


def violations_workbook(report: RunReport, violations: list[Problem]) -> bytes:
    """One sheet, 问题清单, of the given problems (a unit's bulletin attachment)."""
    book = Workbook()
    _violations_sheet(book.worksheets[0], "问题清单", report, violations)  # a new workbook's one sheet
    return _saved(book)


def report_workbook(report: RunReport) -> bytes:
    """汇总 (rankings), 全部问题, one sheet per site, 信息公开统计."""
    book = Workbook()
    _ranking_sheet(book.worksheets[0], report)
    _violations_sheet(book.create_sheet(), "全部问题", report, list(report.violations))
    for site in report.sites:
        own = [v for v in report.violations if v.site == site.id]
        _violations_sheet(book.create_sheet(), sheet_name(site.id), report, own)
    _stats_sheet(book.create_sheet(), report)
    return _saved(book)


def sheet_name(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return text.translate(SHEET_NAME_FORBIDDEN)[:31] or "_"


def cell_value(value: object) -> object:
    """Numbers and times as they are; text clipped, without control characters, and never a formula."""
    if value is None or isinstance(value, bool | int | float | datetime):
        return value
    # control characters (a NUL in a configured name, an ESC in a crawled link text) make openpyxl raise
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def violation_row(report: RunReport, violation: Problem) -> list[object]:
    zone = ZoneInfo(report.timezone)
    return [
        report.site_name(violation.site), violation.column or "", violation.ruleset, violation.rule, violation.check,
        Severity.label_of(violation.severity), violation.points,
        ViolationStatus.label_of(violation.status),
        _local(violation.first_seen, zone), _local(violation.last_seen, zone), violation.message, violation.url,
        "\n".join(rule_zh(rule) for rule in violation.rules),
    ]


def _violations_sheet(sheet: Worksheet, title: str, report: RunReport, violations: list[Problem]) -> None:
    sheet.title = title
    rows = [violation_row(report, v) for v in violations]
    _table(sheet, VIOLATION_COLUMNS, rows)


def _ranking_sheet(sheet: Worksheet, report: RunReport) -> None:
    sheet.title = "汇总"
    rows = [
        [s.ruleset, s.rank, report.site_name(s.site), s.score, "是" if s.veto else "", s.points, s.previous]
        for ruleset in report.rulesets() for s in report.ranking(ruleset)
    ]
    _table(sheet, RANKING_COLUMNS, rows)


def _stats_sheet(sheet: Worksheet, report: RunReport) -> None:
    sheet.title = "信息公开统计"
    rows = [
        [row.year, report.site_name(row.site) if row.site else "合计", row.category or "合计", row.kind or "合计",
         row.items]
        for row in report.stats
    ]
    _table(sheet, STATS_COLUMNS, rows)


def _table(sheet: Worksheet, columns: tuple[tuple[str, int], ...], rows: Sequence[Sequence[object]]) -> None:
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    # Excel has no time zones: the office reads local time, written without an offset
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def _saved(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
