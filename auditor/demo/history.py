"""When items were published: a column's date history, relative to the audit date.

A column keeps its cadence: consecutive dates with items are at most `max_gap` days
apart, over `span` days back from the audit date. The planted gaps of plants.py are
cut out of such a history afterwards, so every other gap stays within the rule.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

MAX_SPAN = 300  # days: year-less list dates ([11-27]) must stay within a year to read right


@dataclass(frozen=True, slots=True)
class Cadence:
    """How a column of one kind is fed, at scale 1."""

    count: int  # items at scale 1 (the portal has `portal_count`)
    portal_count: int
    span: int  # days of history at scale 1
    max_gap: int  # days between consecutive dates with items
    scales_span: bool = True  # False: more items per day at higher scales, same span


CADENCES = {  # counts cover the span at scale 1, so higher scales grow every column alike
    "news": Cadence(31, 46, 25, 1),
    "govinfo": Cadence(21, 26, 40, 3),
    "notices": Cadence(19, 22, 60, 6),
    "documents": Cadence(13, 20, 150, 25),
    "personnel": Cadence(9, 10, 240, 60),
    "plans": Cadence(8, 8, 300, 90),
    "services": Cadence(11, 14, 300, 60),
    "mailbox": Cadence(15, 18, 150, 20, scales_span=False),
}
# a column's own deadline (config `update_within`), kept by the histories above
UPDATE_WITHIN = {"news": "1d", "govinfo": "3d", "notices": "7d", "documents": "1mo", "personnel": "3mo", "plans": "1y"}


def sized(cadence: Cadence, scale: float, portal: bool) -> tuple[int, int]:
    """Items and span of history at this scale."""
    base = cadence.portal_count if portal else cadence.count
    count = max(1, round(base * scale))
    span = cadence.span
    if cadence.scales_span:
        span = min(MAX_SPAN, max(cadence.span, round(cadence.span * scale)))
    return count, span


def dated_offsets(rng: random.Random, *, count: int, span: int, max_gap: int) -> list[int]:
    """Days back from the audit date of `count` items, newest first, never a gap over max_gap.

    Every day with an item is at most `max_gap` after the previous one; when `count`
    is larger than the days needed, the rest fall on days that already have an item,
    so the cadence is exactly as drawn.
    """
    days = [rng.randint(0, 1)]
    while True:
        following = days[-1] + rng.randint(1, max_gap)
        if following > span:
            break
        days.append(following)
    # history for enough items: never fewer than the cadence needs to cover the span
    offsets = list(days)
    offsets += [rng.choice(days) for _ in range(max(0, count - len(days)))]
    return sorted(offsets)


def day_at(as_of: date, offset: int) -> date:
    return as_of - timedelta(days=offset)


def minute_of_day(rng: random.Random) -> int:
    """Office hours, when staff publish: 08:00 to 18:00."""
    return rng.randint(8 * 60, 18 * 60)


def due_report_year(as_of: date, site_kind: str) -> int:
    """The latest year whose annual disclosure report is due by `as_of`.

    Departments by 31 January, governments (county, towns) by 31 March of the next year.
    """
    deadline = date(as_of.year, 1, 31) if site_kind == "department" else date(as_of.year, 3, 31)
    return as_of.year - 1 if as_of > deadline else as_of.year - 2


def report_day(year: int, site_kind: str, rng: random.Random) -> date:
    """When a site published its report for `year`: before its deadline."""
    if site_kind == "department":
        return date(year + 1, 1, rng.randint(8, 28))
    return date(year + 1, rng.choice((2, 3)), rng.randint(1, 25))
