"""Chinese working days: the package's holidays and 调休, local overrides, years without data."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import workdays
from auditor.config import CalendarConfig, parse_config
from auditor.errors import ConfigError
from auditor.workdays import FIRST_COVERED_YEAR, LAST_COVERED_YEAR, WorkCalendar

CAL = WorkCalendar()
COVERED_DAYS = st.dates(min_value=date(2004, 1, 1), max_value=date(LAST_COVERED_YEAR, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_national_day_2026_and_its_adjusted_working_weekends() -> None:
    assert [CAL.is_workday(d("2026-10-01") + timedelta(n)) for n in range(7)] == [False] * 7
    assert CAL.is_workday(d("2026-09-20")) and CAL.is_workday(d("2026-10-10"))  # Sunday and Saturday worked
    assert not CAL.is_workday(d("2026-10-11")) and CAL.is_workday(d("2026-10-09"))


def test_working_days_after_start_up_to_and_including_end() -> None:
    assert CAL.working_days_between(d("2026-09-29"), d("2026-10-27")) == 16  # 28 calendar days
    assert CAL.working_days_between(d("2026-09-29"), d("2026-11-02")) == 20
    assert CAL.working_days_between(d("2026-11-23"), d("2026-11-24")) == 1  # Monday to Tuesday
    assert CAL.working_days_between(d("2026-11-27"), d("2026-11-30")) == 1  # Friday to Monday


def test_no_days_when_the_end_is_not_after_the_start() -> None:
    assert CAL.working_days_between(d("2026-11-24"), d("2026-11-24")) == 0
    assert CAL.working_days_between(d("2026-11-24"), d("2026-11-02")) == 0
    assert CAL.days_between(d("2026-11-24"), d("2026-11-02"), "calendar") == 0


def test_days_between_counts_calendar_or_working_days() -> None:
    start, end = d("2026-09-29"), d("2026-10-27")
    assert CAL.days_between(start, end, "calendar") == 28
    assert CAL.days_between(start, end, "working") == 16


def test_local_overrides_win_and_a_day_listed_twice_is_a_holiday() -> None:
    cal = WorkCalendar(extra_workdays=[d("2026-11-28"), d("2026-11-30")], extra_holidays=[d("2026-11-27"), d("2026-11-30")])
    assert cal.is_workday(d("2026-11-28"))  # a Saturday worked locally
    assert not cal.is_workday(d("2026-11-27"))  # a local rest day on a Friday
    assert not cal.is_workday(d("2026-11-30"))
    assert cal.working_days_between(d("2026-11-26"), d("2026-11-30")) == 1  # only the Saturday
    assert CAL.working_days_between(d("2026-11-26"), d("2026-11-30")) == 2  # Friday and Monday


@settings(max_examples=150, deadline=None)
@given(COVERED_DAYS)
def test_each_day_agrees_with_the_package(day: date) -> None:
    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)


@settings(max_examples=150, deadline=None)
@given(COVERED_DAYS, st.integers(min_value=0, max_value=400), st.lists(COVERED_DAYS, max_size=5),
       st.lists(COVERED_DAYS, max_size=5))
def test_the_fast_count_equals_counting_day_by_day(start: date, span: int, extra_work: list[date], extra_rest: list[date]) -> None:
    end = min(start + timedelta(days=span), date(LAST_COVERED_YEAR, 12, 31))
    cal = WorkCalendar(extra_work, extra_rest)
    by_day = sum(cal.is_workday(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
    assert cal.working_days_between(start, end) == by_day


def test_covered_years_are_those_the_package_has_data_for() -> None:
    assert WorkCalendar.covered(d("2026-10-01")) and WorkCalendar.covered(d("2004-01-01"))
    assert not WorkCalendar.covered(date(LAST_COVERED_YEAR + 1, 1, 1))
    assert not WorkCalendar.covered(d("2003-12-31"))


def test_an_uncovered_year_counts_weekends_only_and_warns_once(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(workdays, "_warned_years", set())
    year = LAST_COVERED_YEAR + 5
    new_year = date(year, 1, 1)
    caplog.set_level(logging.WARNING, logger="auditor.workdays")
    assert CAL.is_workday(new_year) == (new_year.weekday() < 5)  # 元旦 unknown: weekday rule only
    monday = new_year + timedelta(days=(7 - new_year.weekday()) % 7)
    assert CAL.working_days_between(monday, monday + timedelta(days=14)) == 10
    CAL.is_workday(date(year, 6, 1))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    text = warnings[0].getMessage()
    assert text.startswith(f"节假日数据只到{LAST_COVERED_YEAR}年：{year}年的日期按周一至周五计算工作日，法定节假日未计入；")
    assert "请升级 chinese-calendar 或在 [calendar] extra_holidays 中配置" in text
    assert f"Holiday data ends in {LAST_COVERED_YEAR}: dates in {year}" in text
    assert warnings[0].event == "calendar.uncovered" and warnings[0].fields["year"] == year


def test_the_last_covered_year_is_read_from_the_package_data() -> None:
    assert LAST_COVERED_YEAR == max(chinese_calendar.holidays).year >= 2026
    with pytest.raises(NotImplementedError):  # the package itself refuses the next year
        chinese_calendar.is_workday(date(LAST_COVERED_YEAR + 1, 3, 2))


def test_a_year_past_the_data_counts_weekdays_and_the_config_overrides(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(workdays, "_warned_years", set())
    caplog.set_level(logging.WARNING, logger="auditor.workdays")
    year = LAST_COVERED_YEAR + 1
    first_monday = date(year, 10, 1) + timedelta(days=(7 - date(year, 10, 1).weekday()) % 7)
    friday, saturday = first_monday + timedelta(days=4), first_monday + timedelta(days=5)
    # the office lists that week's Monday and Tuesday as holidays and works the Saturday
    cal = WorkCalendar(extra_workdays=[saturday], extra_holidays=[first_monday, first_monday + timedelta(days=1)])
    assert not cal.is_workday(first_monday) and cal.is_workday(saturday)
    assert cal.is_workday(friday)  # not listed: Monday to Friday
    assert cal.working_days_between(first_monday - timedelta(days=1), first_monday + timedelta(days=13)) == 10 - 2 + 1
    assert CAL.working_days_between(first_monday - timedelta(days=1), first_monday + timedelta(days=13)) == 10
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1  # one year, one warning


def test_a_year_before_the_data_warns_without_asking_for_an_upgrade(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(workdays, "_warned_years", set())
    caplog.set_level(logging.WARNING, logger="auditor.workdays")
    year = FIRST_COVERED_YEAR - 1
    CAL.is_workday(date(year, 10, 1))
    [warning] = caplog.records
    assert warning.getMessage().startswith(f"节假日数据从{FIRST_COVERED_YEAR}年开始：{year}年的日期按周一至周五计算工作日")
    assert "升级" not in warning.getMessage()


def test_a_covered_year_does_not_warn(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(workdays, "_warned_years", set())
    caplog.set_level(logging.WARNING, logger="auditor.workdays")
    CAL.working_days_between(d("2025-01-01"), d("2026-12-31"))
    assert caplog.records == []


def test_local_overrides_are_read_from_the_config(tmp_path: Path) -> None:
    text = (
        'rulesets = ["mengjin-2011"]\n[calendar]\nextra_workdays = [2027-02-06]\nextra_holidays = ["2027-02-10"]\n'
        '[[sites]]\nid = "portal"\nname = "孟津县人民政府"\nurl = "http://127.0.0.1/"\nkind = "county"\n'
    )
    config = parse_config(text, tmp_path / "auditor.toml")
    assert config.calendar.extra_workdays == [d("2027-02-06")]
    assert config.calendar.extra_holidays == [d("2027-02-10")]
    assert CalendarConfig().extra_workdays == [] and CalendarConfig().extra_holidays == []


def test_a_misspelt_calendar_key_or_a_non_date_is_refused(tmp_path: Path) -> None:
    site = '[[sites]]\nid = "portal"\nname = "n"\nurl = "http://127.0.0.1/"\nkind = "county"\n'
    with pytest.raises(ConfigError, match=r"calendar\.extra_workday"):
        parse_config('rulesets = ["mengjin-2011"]\n[calendar]\nextra_workday = [2027-02-06]\n' + site, tmp_path / "a.toml")
    with pytest.raises(ConfigError, match=r"calendar\.extra_holidays"):
        parse_config('rulesets = ["mengjin-2011"]\n[calendar]\nextra_holidays = ["春节"]\n' + site, tmp_path / "a.toml")
