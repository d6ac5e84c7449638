"""Chinese working days: official holidays and adjusted working weekends (调休).

The State Council publishes each year's holiday arrangement in the autumn before;
the `chinese-calendar` package carries those arrangements. The years it knows are read
from its data (1.11.0: 2004 to 2026), never written here. A date in a year it has no
data for counts Monday to Friday as working days, official holidays not included, and
a warning (once per year and process) tells the operator to upgrade the package or to
list the days in the config's `[calendar]` table. Local overrides (`extra_workdays`,
`extra_holidays`) win over the package; a day listed as both is a holiday.

    >>> cal = WorkCalendar()
    >>> cal.working_days_between(date(2026, 9, 30), date(2026, 10, 9))   # 国庆: 10-01..10-07 off
    2
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

import chinese_calendar  # no type hints: [tool.mypy] overrides let it in untyped

from .logs import event

log = logging.getLogger(__name__)

CalendarKind = Literal["calendar", "working"]
# how a count of days reads in a message: "3 天", "3 个工作日"
DAY_UNITS_ZH: dict[str, str] = {"calendar": "天", "working": "个工作日"}

# the package's holidays that fall on weekdays and its working weekends: the only days
# that differ from "Monday to Friday"
_PACKAGE_HOLIDAYS: frozenset[date] = frozenset(chinese_calendar.holidays)
_PACKAGE_WORKDAYS: frozenset[date] = frozenset(chinese_calendar.workdays)
FIRST_COVERED_YEAR = min(_PACKAGE_HOLIDAYS).year
LAST_COVERED_YEAR = max(_PACKAGE_HOLIDAYS).year

_warned_years: set[int] = set()  # years already warned about in this process


class WorkCalendar:
    """Which days are working days, with the office's local overrides."""

    def __init__(self, extra_workdays: Iterable[date] = (), extra_holidays: Iterable[date] = ()) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays) - self.extra_holidays
        # every day whose status may differ from the plain weekday rule
        self._special = sorted(_PACKAGE_HOLIDAYS | _PACKAGE_WORKDAYS | self.extra_holidays | self.extra_workdays)

    @staticmethod
    def covered(day: date) -> bool:
        """Whether the package knows the holiday arrangement of this day's year."""
        return FIRST_COVERED_YEAR <= day.year <= LAST_COVERED_YEAR

    def is_workday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        self._warn_if_uncovered(day)
        if day in _PACKAGE_WORKDAYS:
            return True
        return day.weekday() < 5 and day not in _PACKAGE_HOLIDAYS

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; 0 when end <= start."""
        if end <= start:
            return 0
        self._warn_if_uncovered(start)
        self._warn_if_uncovered(end)
        count = _weekdays_after(start, end)
        # correct the weekday count on the few days the arrangement changes
        for day in self._special_days(start, end):
            count += int(self.is_workday(day)) - int(day.weekday() < 5)
        return count

    def days_between(self, start: date, end: date, calendar: CalendarKind) -> int:
        """Calendar or working days after `start` up to and including `end`; 0 when end <= start."""
        if calendar == "working":
            return self.working_days_between(start, end)
        return max(0, (end - start).days)

    def _special_days(self, start: date, end: date) -> list[date]:
        """The special days in (start, end]."""
        return self._special[bisect_right(self._special, start):bisect_right(self._special, end)]

    @classmethod
    def _warn_if_uncovered(cls, day: date) -> None:
        if cls.covered(day) or day.year in _warned_years:
            return
        _warned_years.add(day.year)
        event(log, "calendar.uncovered", _uncovered_message(day.year), level=logging.WARNING,
              year=day.year, first_year=FIRST_COVERED_YEAR, last_year=LAST_COVERED_YEAR)


def _uncovered_message(year: int) -> str:
    """The warning for a year without holiday data: what is assumed, and the two ways out."""
    if year > LAST_COVERED_YEAR:
        return (f"节假日数据只到{LAST_COVERED_YEAR}年：{year}年的日期按周一至周五计算工作日，法定节假日未计入；"
                f"请升级 chinese-calendar 或在 [calendar] extra_holidays 中配置。"
                f" Holiday data ends in {LAST_COVERED_YEAR}: dates in {year} count Monday to Friday as working days,"
                f" official holidays not included; upgrade chinese-calendar or list them under [calendar] extra_holidays.")
    # no upgrade brings the years before the package's first: only the config can
    return (f"节假日数据从{FIRST_COVERED_YEAR}年开始：{year}年的日期按周一至周五计算工作日，法定节假日未计入；"
            f"如需准确，请在 [calendar] extra_holidays 中配置。"
            f" Holiday data starts in {FIRST_COVERED_YEAR}: dates in {year} count Monday to Friday as working days,"
            f" official holidays not included; list them under [calendar] extra_holidays if it matters.")


def _weekdays_after(start: date, end: date) -> int:
    """Monday-to-Friday days in (start, end], by whole weeks and the remainder."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = start + timedelta(days=weeks * 7)
    for offset in range(1, rest + 1):
        count += int((first + timedelta(days=offset)).weekday() < 5)
    return count
