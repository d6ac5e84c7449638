"""Dates as government pages write them (auditor.extract.dates)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from auditor.extract.dates import (
    date_in_url,
    find_dates,
    infer_year,
    is_banner_date_context,
    parse_date,
)

AS_OF = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2026/11/27", date(2026, 11, 27)),
        ("2026.11.27", date(2026, 11, 27)),
        ("2026年11月27日", date(2026, 11, 27)),
        ("2026年1月7日", date(2026, 1, 7)),
        ("2026 年 1 月 7 日", date(2026, 1, 7)),
        ("发布时间：2026年01月07日 09:30", date(2026, 1, 7)),
        ("[11-27]", date(2026, 11, 27)),
        ("11-27", date(2026, 11, 27)),
        ("（11-27）", date(2026, 11, 27)),
        ("11月27日", date(2026, 11, 27)),
        ("(2026-11-27 10:20)", date(2026, 11, 27)),
        ("2026-11-27 10:20:33", date(2026, 11, 27)),
        ("２０２６－１１－２７", date(2026, 11, 27)),  # full-width digits
        ("截至2026年11月27日。", date(2026, 11, 27)),
        ("2026-11-29", date(2026, 11, 29)),  # as_of + 1 day: time zones and late publishing
        ("1990-01-01", date(1990, 1, 1)),
    ],
)
def test_each_written_form_is_read(text: str, expected: date) -> None:
    assert parse_date(text, AS_OF) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",  # no such day
        "2026-13-01",
        "2026-11-30",  # after as_of + 1 day: noise
        "2027年1月1日",
        "1989-12-31",  # before 1990
        "1-10月",  # a range of months, not a date
        "0379-67912345",  # a telephone number
        "20261127",  # compact dates count only inside URLs
    ],
)
def test_impossible_future_and_non_dates_are_rejected(text: str) -> None:
    assert parse_date(text, AS_OF) is None


def test_an_impossible_date_is_not_reread_as_a_yearless_one() -> None:
    # "2026-02-30" must not turn into February 30 without a year, nor into "02-30"
    assert find_dates("2026-02-30 与 2026-11-01", AS_OF) == [date(2026, 11, 1)]


def test_yearless_dates_across_new_year() -> None:
    as_of = date(2027, 1, 3)
    assert parse_date("[12-30]", as_of) == date(2026, 12, 30)
    assert parse_date("[01-02]", as_of) == date(2027, 1, 2)
    assert parse_date("1月4日", as_of) == date(2027, 1, 4)  # as_of + 1 day
    assert parse_date("1月5日", as_of) == date(2026, 1, 5)  # would be in the future: last year's


def test_yearless_february_29_goes_back_to_a_leap_year() -> None:
    assert infer_year(2, 29, date(2025, 3, 1)) == date(2024, 2, 29)


def test_find_dates_keeps_the_written_order() -> None:
    text = "成文日期：2026年11月20日 发布日期：2026-11-25 截止：2026-12-31"
    assert find_dates(text, AS_OF) == [date(2026, 11, 20), date(2026, 11, 25)]


def test_a_datetime_audit_time_is_accepted() -> None:
    assert parse_date("11-28", datetime(2026, 11, 28, 9, 0)) == date(2026, 11, 28)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.x.gov.cn/xwzx/201701/t20170117_123456.html", date(2017, 1, 17)),
        ("http://www.x.gov.cn/art/2017/1/17/art_1229_5.html", date(2017, 1, 17)),
        ("http://www.x.gov.cn/xinwen/2017-01/17/content_5160375.htm", date(2017, 1, 17)),
        ("http://www.x.gov.cn/news/20261127/a.html", date(2026, 11, 27)),
        ("http://www.x.gov.cn/2026-11-27/a.html", date(2026, 11, 27)),
        ("http://www.x.gov.cn/col/col1621004/index.html", None),
        ("http://www.x.gov.cn/a/201930332664.html", None),  # 12 digits: an id, not a date
        ("http://20170117.x.gov.cn/a.html", None),  # the host never carries the date
        ("http://www.x.gov.cn/c/t20271127_1.html", None),  # future
        ("http://www.x.gov.cn/c/t20170230_1.html", None),  # impossible
    ],
)
def test_dates_in_item_urls(url: str, expected: date | None) -> None:
    assert date_in_url(url, AS_OF) == expected


def test_banner_context_is_recognised() -> None:
    assert is_banner_date_context("今天是 2024年05月01日 星期三")
    assert is_banner_date_context("2026年11月28日 星期六 农历十月初九")
    assert not is_banner_date_context("[11-27] 关于做好冬季安全生产工作的通知")


def test_long_text_is_not_scanned_past_its_cap() -> None:
    text = "x" * 5_000 + "2026-11-27"
    assert parse_date(text, AS_OF) is None
