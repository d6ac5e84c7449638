"""年报未发布: the annual disclosure report (政府信息公开工作年度报告) not published by its deadline.

The report on year Y−1 is due by the deadline of year Y: `government_deadline`
(31 March) for county and town sites, `department_deadline` (31 January) for
department sites. After that deadline the column must list the report on Y−1; up to
and on it, the report on Y−2 (the last one already due). A title names the report
when it carries the year (`2025年`, `2025年度`, also in full-width or Chinese digits)
and 年度报告 or 年报, or 工作报告 with 信息公开. A missing report is one finding on the
column URL, keyed by the report's year. An unreachable column is left to
`column.unreachable`.

Examples::

    PASS: on 31 March the report on the year before last is the one due
        as_of = 2026-03-31
        column = { name = "年度报告", kind = "reports", url = "http://127.0.0.1/ndbg/", items = [{ title = "孟津县2024年政府信息公开工作年度报告", date = 2025-03-20 }] }

    PASS: the report on 2025 listed in time
        as_of = 2026-04-01
        column = { name = "年度报告", kind = "reports", items = [{ title = "孟津县人民政府2025年度政府信息公开工作年度报告", date = 2026-03-30 }] }

    FAIL: on 1 April the report on last year is missing
        as_of = 2026-04-01
        requirement = "规定按时公布上一年度政府信息公开工作年度报告"
        column = { name = "年度报告", kind = "reports", url = "http://127.0.0.1/ndbg/", items = [{ title = "孟津县2024年政府信息公开工作年度报告", date = 2025-03-20 }] }
        keys = ["2025"]
        messages = ["年度报告 栏目截至2026年4月1日未发布 2025 年政府信息公开工作年度报告，发布期限2026年3月31日已过（规定按时公布上一年度政府信息公开工作年度报告）"]

    FAIL: a department's report is due by 31 January
        as_of = 2026-02-01
        site_kind = "department"
        column = { name = "年度报告", kind = "reports", items = [{ title = "县教育局2024年政府信息公开年报", date = 2025-01-20 }] }
        keys = ["2025"]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

from pydantic import field_validator

from ..models import ColumnSnapshot, Finding, SiteSnapshot
from .common import CheckInfo, CheckParams, CheckRule, Words, make_finding, requirement, zh_day

INFO = CheckInfo(
    id="report.missing",
    scope="column",
    title=Words("年度报告未发布", "annual report missing"),
    fix=Words(
        "按时发布政府信息公开工作年度报告",
        "Publish the annual report on government information disclosure on time",
    ),
)

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_CHINESE_DIGITS = "〇一二三四五六七八九"
_ZERO_VARIANTS = ("〇", "○", "零", "Ｏ", "O")
MAX_TITLE_CHARS = 500  # titles are untrusted: judge only their start


class Params(CheckParams):
    government_deadline: str = "03-31"  # MM-DD, for county and town sites (政府)
    department_deadline: str = "01-31"  # MM-DD, for department sites (部门)

    @field_validator("government_deadline", "department_deadline")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = _MONTH_DAY.match(value)
        try:
            # a year without 29 February: the deadline must exist every year
            valid = match is not None and bool(date(2001, int(match.group(1)), int(match.group(2))))
        except ValueError:
            valid = False
        if not valid:
            raise ValueError(f"deadline {value!r} is not a month and day of every year: write it like '03-31'")
        return value


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None or not column.reachable:
        return
    today = site.as_of.date()
    month_day = params.department_deadline if site.site_kind == "department" else params.government_deadline
    due_year, deadline = _due(today, month_day)
    if any(names_annual_report(item.title, due_year) for item in column.items):
        return
    yield make_finding(
        rule, site, column=column, url=column.url, key=str(due_year),
        message=(
            f"{column.name} 栏目截至{zh_day(today)}未发布 {due_year} 年政府信息公开工作年度报告，"
            f"发布期限{zh_day(deadline)}已过{requirement(rule)}"
        ),
        evidence={"year": due_year, "deadline": deadline.isoformat(), "as_of": today.isoformat(),
                  "items": len(column.items)},
    )


def _due(today: date, month_day: str) -> tuple[int, date]:
    """The year whose report is the latest already due, and the deadline that passed for it."""
    month, day = map(int, month_day.split("-"))
    this_year = date(today.year, month, day)
    if today > this_year:
        return today.year - 1, this_year
    return today.year - 2, date(today.year - 1, month, day)


def names_annual_report(title: str, year: int) -> bool:
    """Whether a title names the annual disclosure report on `year`."""
    text = unicodedata.normalize("NFKC", title[:MAX_TITLE_CHARS]).replace(" ", "")
    if not any(f"{form}年" in text for form in _year_forms(year)):
        return False
    return "年度报告" in text or "年报" in text or ("工作报告" in text and "信息公开" in text)


def _year_forms(year: int) -> list[str]:
    """2025 and 二〇二五 (with the zero written 〇, ○, 零 or a letter O)."""
    digits = str(year)
    chinese = "".join(_CHINESE_DIGITS[int(d)] for d in digits)
    return [digits, *(chinese.replace("〇", zero) for zero in _ZERO_VARIANTS)]
