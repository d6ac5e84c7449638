"""更新不及时: a gap between item dates, or since the newest item, longer than allowed.

Judged on the column's history, not only its newest item. The distinct item dates
are sorted; every gap between consecutive dates whose later date falls inside the
window (the `window` days up to the audit date) and which is longer than
`max_interval` is one finding (key `gap:<start>:<end>`), so a gap is reported by the
audit that first sees it and not again once it has left the window. The newest date
older than `max_interval` at the audit date is one more (key `stale:<newest>`).
Exactly at the limit is no violation.

A column's own deadline (`update_within` in the config, R6) replaces `max_interval`.
With `calendar = "working"` gaps and staleness are counted in working days (official
holidays and 调休, `auditor.workdays`), and `max_interval = "3d"` means 3 working days;
the window stays in calendar days.
Undated items are ignored, and so are dates after the audit date (typos such as 2062
must not hide a stale column); a column with items but no usable date at all gives
one finding (key `nodates`). Empty and unreachable columns are left to
`column.empty` and `column.unreachable`, so one problem costs one deduction.

Examples::

    PASS: daily news, the newest of yesterday
        params = { max_interval = "1d" }
        column = { items = [2026-11-25, 2026-11-26, 2026-11-27] }

    PASS: three days apart under a three-day rule: exactly at the limit
        params = { max_interval = "3d" }
        column = { items = [2026-11-22, 2026-11-25, 2026-11-28] }

    PASS: a gap whose later date has left the window was reported by an earlier audit
        params = { max_interval = "1d", window = "15d" }
        column = { items = [2026-11-01, 2026-11-13, 2026-11-14, 2026-11-15, 2026-11-16, 2026-11-17, 2026-11-18, 2026-11-19, 2026-11-20, 2026-11-21, 2026-11-22, 2026-11-23, 2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27, 2026-11-28] }

    PASS: the column's own deadline is longer than the rule's
        params = { max_interval = "1d" }
        column = { update_within = "7d", items = [2026-11-14, 2026-11-21, 2026-11-28] }

    FAIL: one three-day gap in daily news
        as_of = 2026-11-06
        requirement = "规定每天更新"
        params = { max_interval = "1d" }
        column = { name = "孟津要闻", items = [2026-11-01, 2026-11-02, 2026-11-05, 2026-11-06] }
        keys = ["gap:2026-11-02:2026-11-05"]
        messages = ["孟津要闻 2026年11月2日至2026年11月5日间隔 3 天未更新（规定每天更新）"]

    FAIL: nothing new for eight days
        requirement = "规定每天更新"
        params = { max_interval = "1d" }
        column = { name = "孟津要闻", items = [2026-11-19, 2026-11-20] }
        keys = ["stale:2026-11-20"]
        messages = ["孟津要闻 最新信息发布于2026年11月20日，截至2026年11月28日已 8 天未更新（规定每天更新）"]

    FAIL (2 findings): the column's own three-day deadline is stricter than the rule's 30 days
        requirement = "规定 30 天内更新"
        params = { max_interval = "30d" }
        column = { name = "通知公告", kind = "notices", update_within = "3d", items = [2026-11-11, 2026-11-14, 2026-11-24] }
        keys = ["gap:2026-11-14:2026-11-24", "stale:2026-11-24"]
        messages = ["通知公告 2026年11月14日至2026年11月24日间隔 10 天未更新（本栏目规定 3 天内更新）", "通知公告 最新信息发布于2026年11月24日，截至2026年11月28日已 4 天未更新（本栏目规定 3 天内更新）"]

    PASS: five calendar days over the Dragon Boat Festival are two working days
        as_of = 2026-06-22
        params = { max_interval = "2d", calendar = "working" }
        column = { items = [2026-06-17, 2026-06-22] }

    FAIL: five calendar days over an ordinary weekend are three working days
        as_of = 2026-06-15
        requirement = "规定每两个工作日更新"
        params = { max_interval = "2d", calendar = "working" }
        column = { name = "政务信息", kind = "govinfo", items = [2026-06-10, 2026-06-15] }
        keys = ["gap:2026-06-10:2026-06-15"]
        messages = ["政务信息 2026年6月10日至2026年6月15日间隔 3 个工作日未更新（规定每两个工作日更新）"]

    FAIL: items listed, but not one with a date
        column = { name = "政务信息", kind = "govinfo", undated = 5 }
        keys = ["nodates"]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..durations import parse_days
from ..models import ColumnSnapshot, Finding, SiteSnapshot
from ..workdays import DAY_UNITS_ZH, CalendarKind, WorkCalendar
from .common import (
    CheckInfo,
    CheckParams,
    CheckRule,
    Duration,
    Words,
    format_days,
    make_finding,
    requirement,
    zh_day,
)

INFO = CheckInfo(
    id="column.cadence",
    scope="column",
    title=Words("栏目更新不及时", "column not updated in time"),
    fix=Words(
        "按规定时限更新该栏目，并建立信息报送和审核机制，避免断更",
        "Update the column within its deadline and set up a routine for supplying and approving items",
    ),
)


class Params(CheckParams):
    max_interval: Duration = "1d"  # the longest allowed gap; a column's update_within replaces it
    window: Duration = "15d"  # how far back gaps are reported: the half-monthly audit cycle
    calendar: CalendarKind = "calendar"  # "working": gaps counted in working days (holidays, 调休)
    only_with_column_deadline: bool = False  # judge only columns that set their own update_within
    # false for fixed national thresholds: a county's own stricter deadline must not turn into a veto
    use_column_deadline: bool = True

    @property
    def max_interval_days(self) -> float:
        return parse_days(self.max_interval)

    @property
    def window_days(self) -> float:
        return parse_days(self.window)


@dataclass(frozen=True)
class _Counting:
    """How days are counted for this rule: calendar days, or working days of the site's calendar."""

    calendar: WorkCalendar
    kind: CalendarKind

    def between(self, start: date, end: date) -> int:
        return self.calendar.days_between(start, end, self.kind)

    def evidence(self) -> dict[str, str]:
        return {"calendar": self.kind} if self.kind == "working" else {}

    @property
    def unit(self) -> str:
        return DAY_UNITS_ZH[self.kind]

    def limit_text(self, days: float) -> str:
        return format_days(days) if self.kind == "calendar" else f"{days:g} {self.unit}"


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None or not column.reachable or not column.items:
        return
    if params.only_with_column_deadline and column.update_within_days is None:
        return
    counting = _Counting(WorkCalendar(site.extra_workdays, site.extra_holidays), params.calendar)
    limit, wording = _deadline(rule, params, column, counting)
    today = site.as_of.date()
    dates = sorted({item.date for item in column.items if item.date is not None and item.date <= today})
    if not dates:
        yield make_finding(
            rule, site, column=column, url=column.url, key="nodates",
            message=f"{column.name} 栏目中的 {len(column.items)} 条信息均无有效发布日期，无法判断是否按时更新{wording}",
            evidence={"items": len(column.items), "max_interval_days": limit, **counting.evidence()},
        )
        return
    yield from _gaps(site, rule, column, dates, (limit, params.window_days, wording), counting)
    yield from _stale(site, rule, column, dates[-1], (limit, wording), counting)


def _deadline(rule: CheckRule, params: Params, column: ColumnSnapshot, counting: _Counting) -> tuple[float, str]:
    """The allowed gap in days and the requirement wording: the column's own deadline wins."""
    own = column.update_within_days if params.use_column_deadline else None
    if own is None or own == params.max_interval_days:
        return params.max_interval_days, requirement(rule)
    return own, requirement(rule, f"本栏目规定 {counting.limit_text(own)}内更新")


def _gaps(
    site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot, dates: list[date],
    limits: tuple[float, float, str], counting: _Counting,
) -> Iterator[Finding]:
    limit, window_days, wording = limits
    today = site.as_of.date()
    for earlier, later in zip(dates, dates[1:], strict=False):
        # the window is the audit cycle, in calendar days whatever the rule counts in
        if (today - later).days >= window_days:
            continue
        days = counting.between(earlier, later)
        if days <= limit:
            continue
        yield make_finding(
            rule, site, column=column, url=column.url, key=f"gap:{earlier}:{later}",
            message=f"{column.name} {zh_day(earlier)}至{zh_day(later)}间隔 {days} {counting.unit}未更新{wording}",
            evidence={"start": earlier.isoformat(), "end": later.isoformat(), "days": days, "max_interval_days": limit,
                      **counting.evidence()},
        )


def _stale(
    site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot, newest: date, limits: tuple[float, str],
    counting: _Counting,
) -> Iterator[Finding]:
    limit, wording = limits
    today = site.as_of.date()
    days = counting.between(newest, today)
    if days <= limit:
        return
    yield make_finding(
        rule, site, column=column, url=column.url, key=f"stale:{newest}",
        message=f"{column.name} 最新信息发布于{zh_day(newest)}，截至{zh_day(today)}已 {days} {counting.unit}未更新{wording}",
        evidence={"newest": newest.isoformat(), "as_of": today.isoformat(), "days": days, "max_interval_days": limit,
                  **counting.evidence()},
    )
