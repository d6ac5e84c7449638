"""过时信息: items older than their column kind's age still listed in a live column (回头看).

Every item of the column dated before the audit date minus the age is one finding on
the item's URL; an item dated exactly that age ago is not yet outdated. The age is
`max_age_by_kind[kind]` for the column's kind, else `max_age`. An item listed twice
(on two list pages) is reported once; undated items and dates after the audit date
are not judged. Ages count calendar days ("2y" = 730 days). The full audit reads every
column to its last list page for this check (`auditor.crawl.site`); a column stopped at
the page cap is listed as unverified (`auditor.checks.coverage`).

Examples::

    PASS: exactly two years old is not yet outdated
        params = { max_age = "2y" }
        column = { items = [2024-11-28, 2026-11-27] }

    PASS: undated items are not judged
        params = { max_age = "2y" }
        column = { undated = 3 }

    FAIL: a 2008 item still listed
        requirement = "回头看要求清理两年前的过时信息"
        params = { max_age = "2y" }
        column = { name = "政务信息", kind = "govinfo", items = [{ title = "关于2008年春季植树造林的通知", url = "http://127.0.0.1/zwxx/2008/1.html", date = 2008-05-01 }, 2026-11-27] }
        keys = [""]
        messages = ["政务信息 中的《关于2008年春季植树造林的通知》发布于2008年5月1日，已超过 2 年仍在栏目中展示（回头看要求清理两年前的过时信息）"]

    FAIL (2 findings): one day over the limit, and older still; the repeat is reported once
        params = { max_age = "2y" }
        column = { items = [2024-11-27, 2007-03-01, { url = "http://127.0.0.1/0.html", date = 2024-11-27 }] }

    PASS: a plan four years old, where plans may stay five
        params = { max_age = "2y", max_age_by_kind = { plans = "5y" } }
        column = { name = "规划计划", kind = "plans", items = [2022-11-01] }

    FAIL: an eight-year-old plan in a finance column (kind other: the default age)
        params = { max_age = "2y", max_age_by_kind = { plans = "5y" } }
        column = { name = "财政预决算", kind = "other", items = [{ title = "2018年财政预算执行计划", url = "http://127.0.0.1/czyjs/index_6.html", date = 2018-03-01 }] }
        messages = ["财政预决算 中的《2018年财政预算执行计划》发布于2018年3月1日，已超过 2 年仍在栏目中展示"]

    FAIL: a plan older than its kind's five years
        params = { max_age = "2y", max_age_by_kind = { plans = "5y" } }
        column = { name = "规划计划", kind = "plans", items = [{ title = "十二五规划", url = "http://127.0.0.1/ghjh/1.html", date = 2011-05-01 }] }
        messages = ["规划计划 中的《十二五规划》发布于2011年5月1日，已超过 5 年仍在栏目中展示"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from ..durations import parse_days
from ..models import ColumnKind, ColumnSnapshot, Finding, ListItem, SiteSnapshot
from .common import (
    MAX_TEXT_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    Duration,
    Words,
    clip,
    make_finding,
    requirement,
    zh_day,
)

INFO = CheckInfo(
    id="content.outdated",
    scope="column",
    title=Words("过时信息未清理", "outdated items still listed"),
    fix=Words(
        "开展“回头看”，删除或归档过时信息",
        "Review the column and remove or archive the outdated items",
    ),
)

_UNITS_ZH = {"h": "小时", "d": "天", "w": "周", "mo": "个月", "y": "年"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(h|d|w|mo|y)\s*$")


class Params(CheckParams):
    max_age: Duration = "2y"  # how long an item may stay listed
    max_age_by_kind: dict[ColumnKind, Duration] = {}  # a longer (or shorter) age for some column kinds

    def age_for(self, kind: str) -> str:
        column_kind = ColumnKind.of(kind)
        return self.max_age_by_kind.get(column_kind, self.max_age) if column_kind else self.max_age


def age_zh(age: str) -> str:
    """The age as the office reads it: '2 年', '6 个月'."""
    match = _DURATION.match(age)
    assert match is not None  # Duration already parsed it
    return f"{match.group(1)} {_UNITS_ZH[match.group(2)]}"


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None or not column.reachable:
        return
    today = site.as_of.date()
    age = params.age_for(column.kind)
    age_days = parse_days(age)
    cutoff = today - timedelta(days=age_days)
    for item in _distinct(column.items):
        if item.date is None or item.date >= cutoff or item.date > today:
            continue
        title = clip(item.title, MAX_TEXT_IN_MESSAGE) or "（无标题）"
        yield make_finding(
            rule, site, column=column, url=item.url,
            message=(
                f"{column.name} 中的《{title}》发布于{zh_day(item.date)}，"
                f"已超过 {age_zh(age)}仍在栏目中展示{requirement(rule)}"
            ),
            evidence={"date": item.date.isoformat(), "as_of": today.isoformat(), "age_days": (today - item.date).days,
                      "max_age_days": age_days},
        )


def _distinct(items: tuple[ListItem, ...]) -> Iterator[ListItem]:
    seen: set[str] = set()
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            yield item
