"""Excel workbooks of a run: the whole report (`auditor report --format xlsx`) and one
unit's problems (attached to its bulletin), in the office's words.

One row per problem, naming its site, column and check in Chinese; 涉及规则 lists every
rule of every ruleset it breaks, one a line (`Names.rule`). Dates are date cells shown
as 2026年11月20日. A site that failed outright (a veto item, a home page not read) has
no score or rank in 汇总, only 不合格 and the reason. 未能核实 lists the links the run
could not verify and the places its checks could not judge, for checking by hand.

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
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..models import ColumnKind, Problem, Severity, ViolationStatus
from .charts import fails_outright
from .data import RunReport
from .wording import link_reason

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
MAX_CELL_CHARS = 32_000  # Excel's limit is 32,767 characters a cell
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
VIOLATION_COLUMNS = (
    ("网站", 18), ("栏目", 12), ("检查项目", 16), ("问题描述", 70), ("网址", 50), ("严重程度", 9),
    ("状态", 8), ("首次发现", 15), ("最近发现", 15), ("涉及规则", 50), ("所在页面", 50),
)
DATE_COLUMNS = ("首次发现", "最近发现")
RANKING_COLUMNS = (("规则体系", 30), ("排名", 6), ("网站", 24), ("得分", 8), ("结论", 8), ("不合格原因", 40),
                   ("上次得分", 9), ("未整改问题", 10))
STATS_COLUMNS = (("年度", 8), ("网站", 24), ("信息类别", 18), ("栏目类型", 12), ("条数", 8))
UNVERIFIED_COLUMNS = (("网站", 18), ("类别", 14), ("检查项目", 16), ("网址", 60), ("原因", 44), ("所在页面（链接文字）", 60))
SOURCES_SHOWN = 3  # pages listed per problem or unverified link


def violations_workbook(report: RunReport, violations: list[Problem]) -> bytes:
    """One sheet, 问题清单, of the given problems (a unit's bulletin attachment)."""
    book = Workbook()
    _violations_sheet(book.worksheets[0], "问题清单", report, violations)  # a new workbook's one sheet
    return _saved(book)


def report_workbook(report: RunReport) -> bytes:
    """汇总 (verdicts and rankings), 全部问题, one sheet per site (by its name), 未能核实, 信息公开统计."""
    book = Workbook()
    _ranking_sheet(book.worksheets[0], report)
    _violations_sheet(book.create_sheet(), "全部问题", report, list(report.violations))
    taken = {"汇总", "全部问题", "未能核实", "信息公开统计"}
    for site in report.sites:
        own = [v for v in report.violations if v.site == site.id]
        _violations_sheet(book.create_sheet(), unique_sheet_name(site.name, taken), report, own)
    _unverified_sheet(book.create_sheet(), report)
    _stats_sheet(book.create_sheet(), report)
    return _saved(book)


def unique_sheet_name(text: str, taken: set[str]) -> str:
    """`sheet_name(text)`, numbered (…2, …3) when another sheet has it already; recorded in `taken`."""
    name, number = sheet_name(text), 1
    while name.casefold() in {t.casefold() for t in taken}:  # Excel compares sheet names case-blind
        number += 1
        name = sheet_name(text)[: 31 - len(str(number))] + str(number)
    taken.add(name)
    return name


def sheet_name(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\ nor a control character (a site
    name is config text: a NUL in it would make openpyxl refuse the whole workbook)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text.translate(SHEET_NAME_FORBIDDEN))[:31] or "_"


def cell_value(value: object) -> object:
    """Numbers and times as they are; text clipped, without control characters, and never a formula."""
    if value is None or isinstance(value, bool | int | float | datetime):
        return value
    # control characters (a NUL in a configured name, an ESC in a crawled link text) make openpyxl raise
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def violation_row(report: RunReport, violation: Problem) -> list[object]:
    zone = ZoneInfo(report.timezone)
    names = report.names
    return [
        report.site_name(violation.site), names.column(violation.site, violation.column), names.check(violation.check),
        violation.message, violation.url, Severity.label_of(violation.severity),
        ViolationStatus.label_of(violation.status), _local(violation.first_seen, zone), _local(violation.last_seen, zone),
        "\n".join(names.rule(rule) for rule in violation.rules),
        "\n".join(_source(page) for page in (violation.evidence.get("sources") or [])[:SOURCES_SHOWN]
                  if isinstance(page, dict)),
    ]


def _source(source: dict[str, object]) -> str:
    page, text = str(source.get("page") or ""), str(source.get("text") or "")
    return f"{page}「{text}」" if text else page


def _violations_sheet(sheet: Worksheet, title: str, report: RunReport, violations: list[Problem]) -> None:
    sheet.title = title
    rows = [violation_row(report, v) for v in violations]
    _table(sheet, VIOLATION_COLUMNS, rows)


def _ranking_sheet(sheet: Worksheet, report: RunReport) -> None:
    """Per ruleset, the sites with a score best first, then those that failed outright: no score, no rank."""
    sheet.title = "汇总"
    names = report.names
    active = report.active
    rows: list[list[object]] = []
    for ruleset in report.rulesets():
        ranking = report.ranking(ruleset)
        for s in [s for s in ranking if not fails_outright(s)] + [s for s in ranking if fails_outright(s)]:
            verdict = names.verdict(s)
            outright = fails_outright(s)
            rows.append([
                names.ruleset(ruleset), None if outright else s.rank, report.site_name(s.site),
                None if outright else round(s.score, 2), verdict.label, verdict.reason, s.previous,
                sum(1 for v in active if v.site == s.site),
            ])
    _table(sheet, RANKING_COLUMNS, rows)


def _unverified_sheet(sheet: Worksheet, report: RunReport) -> None:
    """未能核实: links the run could not verify, then places its checks could not judge; never problems."""
    sheet.title = "未能核实"
    names = report.names
    rows: list[list[object]] = [
        [report.site_name(link.site), "链接未能核实", "", link.url, link_reason(link),
         "\n".join(f"{page}「{text}」" if text else page for page, text in link.sources[:SOURCES_SHOWN])]
        for link in report.unverified_links
    ]
    rows += [
        [report.site_name(u.site), "未能判定", names.check(u.check), u.url, u.reason,
         f"栏目：{names.column(u.site, u.column)}" if u.column else ""]
        for u in report.unverified
    ]
    _table(sheet, UNVERIFIED_COLUMNS, rows)


def _stats_sheet(sheet: Worksheet, report: RunReport) -> None:
    sheet.title = "信息公开统计"
    rows = [
        [row.year, report.site_name(row.site) if row.site else "合计", row.category or "合计",
         ColumnKind.label_of(row.kind) if row.kind else "合计", row.items]
        for row in report.stats
    ]
    _table(sheet, STATS_COLUMNS, rows)


def _table(sheet: Worksheet, columns: tuple[tuple[str, int], ...], rows: Sequence[Sequence[object]]) -> None:
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    for index, (name, width) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if name in DATE_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = DATE_FORMAT
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    # Excel has no time zones: the office reads local time, written without an offset
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def _saved(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
