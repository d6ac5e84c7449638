"""Dates as Chinese government pages write them, in text and in URLs.

A date is only believed when it is possible (no 2026-02-30), not before 1990 and not
after the audit date plus one day: later dates on a list are noise (countdowns,
deadlines, mistyped years), and trusting them would hide a column that stopped updating.
Dates without a year take the latest year that keeps them within that limit, so a
December item read in early January belongs to the year before.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

EARLIEST = date(1990, 1, 1)
MAX_TEXT_CHARS = 2_000  # dates sit in short texts; never scan a whole page here
_TOLERANCE = timedelta(days=1)

# Full-width digits and separators (２０２６－１１－２７) read as their ASCII forms.
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：　", "0123456789-/.: ")

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_MONTH = r"(?P<month>\d{1,2})"
_DAY = r"(?P<day>\d{1,2})"
_DATE_IN_TEXT = re.compile(
    # 2026-11-27, 2026/11/27, 2026.11.27 (the same separator twice), maybe followed by a time
    rf"(?<!\d){_YEAR}\s*(?P<sep>[-/.])\s*{_MONTH}\s*(?P=sep)\s*{_DAY}(?!\d)"
    # 2026年11月27日, 2026 年 1 月 7 日
    r"|(?<!\d)(?P<cyear>(?:19|20)\d{2})\s*年\s*(?P<cmonth>\d{1,2})\s*月\s*(?P<cday>\d{1,2})\s*日?(?!\d)"
    # 11-27, [11-27] (two digits each: "1-10月" is a range, not a date)
    r"|(?<![\d:./-])(?P<smonth>\d{2})-(?P<sday>\d{2})(?![\d:./月-])"
    # 11月27日 (the 日 is required: "11月27" is too often a count)
    r"|(?<![\d年])(?P<zmonth>\d{1,2})\s*月\s*(?P<zday>\d{1,2})\s*日",
    re.ASCII,
)

# Dates in item URLs, most specific first: /art/2017/1/17/, /2017-01/17/, t20170117_..., /20170117/
_DATE_IN_URL = (
    re.compile(rf"/{_YEAR}/{_MONTH}/{_DAY}/", re.ASCII),
    re.compile(rf"/{_YEAR}-{_MONTH}/{_DAY}/", re.ASCII),
    re.compile(rf"{_YEAR}-{_MONTH}-{_DAY}(?!\d)", re.ASCII),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)", re.ASCII),
)

_YEAR_IN_URL = re.compile(r"(?:19|20)\d\d", re.ASCII)  # cheap test before the patterns below

# "今天是 2024年05月01日 星期三": the date of the visit, printed in the page header.
_BANNER = re.compile(r"今天是|今日是|今天[:：]|今日[:：]|当前日期|当前时间|(?:星期|礼拜)[一二三四五六日天]|农历")


def as_day(value: date) -> date:
    """The calendar day of an audit time (a datetime is a date too, but compares badly with one)."""
    return value.date() if isinstance(value, datetime) else value


def find_dates(text: str, as_of: date) -> list[date]:
    """Every believable date in a short text, in the order written."""
    as_of = as_day(as_of)
    found: list[date] = []
    for match in _DATE_IN_TEXT.finditer(_normalised(text)):
        value = _match_date(match, as_of)
        if value is not None:
            found.append(value)
    return found


def parse_date(text: str, as_of: date) -> date | None:
    """The first believable date in a short text, or None."""
    as_of = as_day(as_of)
    for match in _DATE_IN_TEXT.finditer(_normalised(text)):
        value = _match_date(match, as_of)
        if value is not None:
            return value
    return None


def date_in_url(url: str, as_of: date) -> date | None:
    """The date a CMS wrote into an item URL (t20170117_123456.html, /art/2017/1/17/...)."""
    as_of = as_day(as_of)
    path = url.split("://", 1)[-1][:MAX_TEXT_CHARS]
    path = path[path.find("/"):] if "/" in path else ""  # the host never carries the date
    if not _YEAR_IN_URL.search(path):
        return None
    for pattern in _DATE_IN_URL:
        for match in pattern.finditer(path):
            value = believable(int(match["year"]), int(match["month"]), int(match["day"]), as_of)
            if value is not None:
                return value
    return None


def is_banner_date_context(text: str) -> bool:
    """Whether a date in this text is a 'today is ...' banner rather than a publication date."""
    return bool(_BANNER.search(text[:MAX_TEXT_CHARS]))


def believable(year: int, month: int, day: int, as_of: date) -> date | None:
    """The date when it exists and lies between 1990 and the audit date plus one day."""
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if EARLIEST <= value <= as_of + _TOLERANCE else None


def infer_year(month: int, day: int, as_of: date) -> date | None:
    """A year-less date in the latest year that does not put it after as_of + 1 day."""
    latest = as_of + _TOLERANCE
    # four years back at most: 02-29 seen in a year after a leap year
    for year in range(latest.year, latest.year - 5, -1):
        value = believable(year, month, day, as_of)
        if value is not None:
            return value
    return None


def _normalised(text: str) -> str:
    return text[:MAX_TEXT_CHARS].translate(_FULLWIDTH)


def _match_date(match: re.Match[str], as_of: date) -> date | None:
    groups = match.groupdict()
    if groups["year"]:
        return believable(int(groups["year"]), int(groups["month"]), int(groups["day"]), as_of)
    if groups["cyear"]:
        return believable(int(groups["cyear"]), int(groups["cmonth"]), int(groups["cday"]), as_of)
    if groups["smonth"]:
        return infer_year(int(groups["smonth"]), int(groups["sday"]), as_of)
    return infer_year(int(groups["zmonth"]), int(groups["zday"]), as_of)
