"""Cron expressions fire when crontab would: weekday numbers, steps, ranges, day OR weekday."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from auditor.cron import cron_fields, cron_trigger

TZ = ZoneInfo("Asia/Shanghai")
SATURDAY = datetime(2026, 11, 28, 0, 0, tzinfo=TZ)


def firings(expression: str, start: datetime, until: datetime) -> list[datetime]:
    """Every time the trigger fires from `start` (included) up to and including `until`."""
    trigger = cron_trigger(expression, TZ)
    found: list[datetime] = []
    previous = None
    while True:
        fire = trigger.get_next_fire_time(previous, previous + timedelta(microseconds=1) if previous else start)
        if fire is None or fire > until:
            return found
        found.append(fire)
        previous = fire


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_every_two_hours_on_weekdays() -> None:
    week = firings("0 */2 * * 1-5", SATURDAY, SATURDAY + timedelta(days=7))
    assert len(week) == 5 * 12
    assert {fire.weekday() for fire in week} == {0, 1, 2, 3, 4}  # Monday to Friday, never the weekend
    assert {fire.hour for fire in week} == set(range(0, 24, 2)) and {fire.minute for fire in week} == {0}
    assert week[0] == at("2026-11-30 00:00")


def test_a_restricted_day_and_weekday_fire_on_either() -> None:
    # 09:00 on the 1st of each month and on every Monday (crontab), not only on a Monday the 1st
    fires = firings("0 9 1 * 1", SATURDAY, at("2027-01-05 00:00"))
    assert [fire.date().isoformat() for fire in fires] == [
        "2026-11-30", "2026-12-01", "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28", "2027-01-01", "2027-01-04",
    ]
    assert all(fire.hour == 9 and fire.minute == 0 for fire in fires)


def test_a_monday_the_first_fires_once() -> None:
    # 2027-02-01 is a Monday: both halves match it, the job runs once
    fires = firings("0 9 1 * 1", at("2027-01-31 00:00"), at("2027-02-02 00:00"))
    assert fires == [at("2027-02-01 09:00")]


def test_a_day_or_weekday_starting_with_a_star_leaves_the_other_to_decide() -> None:
    # Vixie cron: `*/2` is not a restriction of the days, so both fields must match
    fires = firings("0 9 */2 * 1", SATURDAY, at("2027-01-01 00:00"))
    assert [fire.day for fire in fires] == [7, 21]  # the Mondays of December on odd days
    assert [fire.date().isoformat() for fire in firings("0 9 1,16 * *", SATURDAY, at("2027-01-01 00:00"))] == [
        "2026-12-01", "2026-12-16",
    ]


def test_every_quarter_of_an_hour() -> None:
    fires = firings("*/15 * * * *", SATURDAY, SATURDAY + timedelta(hours=1))
    assert [fire.strftime("%H:%M") for fire in fires] == ["00:00", "00:15", "00:30", "00:45", "01:00"]


def test_a_range_with_a_step() -> None:
    fires = firings("1-10/3 9 * * *", SATURDAY, SATURDAY + timedelta(days=1, hours=9, minutes=2))
    assert [fire.strftime("%d %H:%M") for fire in fires] == ["28 09:01", "28 09:04", "28 09:07", "28 09:10", "29 09:01"]
    days = firings("0 9 1-10/3 * *", SATURDAY, at("2026-12-31 00:00"))
    assert [fire.day for fire in days] == [1, 4, 7, 10]


def test_weekday_numbers_are_crontabs() -> None:
    assert cron_fields("0 9 * * 1-5")["day_of_week"] == "mon,tue,wed,thu,fri"
    assert cron_fields("0 9 * * 0")["day_of_week"] == cron_fields("0 9 * * 7")["day_of_week"] == "sun"
    # crontab steps from Sunday: Sunday, Tuesday, Thursday, Saturday (APScheduler alone: from Monday)
    fires = firings("0 9 * * */2", SATURDAY, SATURDAY + timedelta(days=7))
    assert [fire.strftime("%a") for fire in fires] == ["Sat", "Sun", "Tue", "Thu"]


def test_six_fields_start_with_seconds() -> None:
    fires = firings("*/20 * * * * *", SATURDAY, SATURDAY + timedelta(minutes=1))
    assert [fire.strftime("%M:%S") for fire in fires] == ["00:00", "00:20", "00:40", "01:00"]


@pytest.mark.parametrize(("expression", "message"), [
    ("0 9 * *", "has 4 fields; write 5 (minute hour day month weekday)"),
    ("61 9 * * *", "the minute field (分) '61'"),
    ("0 24 * * *", "the hour field (时) '24'"),
    ("0 9 32 * *", "the day field (日) '32'"),
    ("0 9 * 13 *", "the month field (月) '13'"),
    ("0 9 * * 8", "the day of week field (星期) '8'"),
    ("0 9 * * */0", "the day of week field (星期) '*/0'"),
    ("abc 9 * * *", "the minute field (分) 'abc'"),
    ("*/0 * * * *", "the minute field (分) '*/0'"),
    ("0 9 10-1 * *", "the day field (日) '10-1'"),
])
def test_a_bad_field_is_named_with_what_to_write(expression: str, message: str) -> None:
    with pytest.raises(ValueError, match="write") as refused:
        cron_trigger(expression)
    assert message in str(refused.value)
