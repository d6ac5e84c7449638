"""过时信息: items older than `max_age` still listed in a live column (回头看).

Every item of the column dated before the audit date minus `max_age` is one finding
on the item's URL; an item dated exactly `max_age` ago is not yet outdated. An item
listed twice (on two list pages) is reported once; undated items and dates after the
audit date are not judged. `max_age` counts calendar days ("2y" = 730 days).

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
        messages = ["政务信息 中的《关于2008年春季植树造林的通知》发布于 2008-05-01，已超过 2 年仍在栏目中展示（回头看要求清理两年前的过时信息）"]

    FAIL (2 findings): one day over the limit, and older still; the repeat is reported once
        params = { max_age = "2y" }
        column = { items = [2024-11-27, 2007-03-01, { url = "http://127.0.0.1/0.html", date = 2024-11-27 }] }
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from ..durations import parse_days
from ..models import ColumnSnapshot, Finding, ListItem, SiteSnapshot
from .common import MAX_TEXT_IN_MESSAGE, CheckParams, Duration, clip, make_finding, requirement

if TYPE_CHECKING:
    from ..rules import Rule

ID = "content.outdated"
SCOPE = "column"

_UNITS_ZH = {"h": "小时", "d": "天", "w": "周", "mo": "个月", "y": "年"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(h|d|w|mo|y)\s*$")


class Params(CheckParams):
    max_age: Duration = "2y"  # how long an item may stay listed

    @property
    def max_age_days(self) -> float:
        return parse_days(self.max_age)

    @property
    def max_age_zh(self) -> str:
        """The age as the office reads it: '2 年', '6 个月'."""
        match = _DURATION.match(self.max_age)
        assert match is not None  # Duration already parsed it
        return f"{match.group(1)} {_UNITS_ZH[match.group(2)]}"


def check(site: SiteSnapshot, rule: Rule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None or not column.reachable:
        return
    today = site.as_of.date()
    cutoff = today - timedelta(days=params.max_age_days)
    for item in _distinct(column.items):
        if item.date is None or item.date >= cutoff or item.date > today:
            continue
        title = clip(item.title, MAX_TEXT_IN_MESSAGE) or "（无标题）"
        yield make_finding(
            rule, site, column=column, url=item.url,
            message=(
                f"{column.name} 中的《{title}》发布于 {item.date}，"
                f"已超过 {params.max_age_zh}仍在栏目中展示{requirement(rule)}"
            ),
            evidence={"date": item.date.isoformat(), "as_of": today.isoformat(), "age_days": (today - item.date).days,
                      "max_age_days": params.max_age_days},
        )


def _distinct(items: tuple[ListItem, ...]) -> Iterator[ListItem]:
    seen: set[str] = set()
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            yield item
