"""Disclosure statistics (R11): items published in a year, per site, category and column kind.

The county's annual report counts 主动公开 items by category (机构职能, 政策/规范性文件,
规划/计划, 行政许可, 其他). Here an item is a dated entry of a configured column; it
belongs to its column's `category`, and a column without one counts as 其他 (news and
notices are what the report files under 其他). Items are counted once per site and URL
over every complete run that listed them (see `auditor.store.stats`): union, not the
latest run alone, because a column's list pages only reach back so far.

    >>> rows = disclosure_stats(store, 2026)
    >>> [r for r in rows if r.site is None and r.category is None][0].items   # the estate's total

Rows come in the order of the report's table: for each site, each category's kinds
then the category's total (kind None), then the site's total (category None); last,
the estate's total per category and overall (site None). A category total is listed
even when it is 0, so every site shows all five categories.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .models import CATEGORIES
from .store.records import PublishedItem

if TYPE_CHECKING:
    from .store import Store

UNCATEGORISED = "其他"
CSV_FIELDS = ("year", "site", "category", "kind", "items")


@dataclass(frozen=True, slots=True)
class StatRow:
    """A count of items; None in site, category or kind means a total over all of them."""

    year: int
    site: str | None
    category: str | None
    kind: str | None
    items: int


def disclosure_stats(store: Store, year: int, site_ids: Iterable[str] | None = None) -> list[StatRow]:
    """Rows for the sites asked for (every site with items when None); a site asked for but silent gets zeros."""
    wanted = None if site_ids is None else sorted(set(site_ids))
    items = store.published_items(year, wanted)
    return count_items(year, items, wanted)


def count_items(year: int, items: Iterable[PublishedItem], site_ids: list[str] | None = None) -> list[StatRow]:
    counts: Counter[tuple[str, str, str]] = Counter(
        (item.site_id, item.category or UNCATEGORISED, item.kind) for item in items
    )
    sites = site_ids if site_ids is not None else sorted({site for site, _, _ in counts})
    rows: list[StatRow] = []
    for site in sites:
        rows.extend(_site_rows(year, site, counts))
    by_category: Counter[str] = Counter(dict.fromkeys(CATEGORIES, 0))
    for (site, category, _), count in counts.items():
        if site in sites:
            by_category[category] += count
    rows.extend(StatRow(year, None, category, None, by_category[category]) for category in _ordered(by_category))
    rows.append(StatRow(year, None, None, None, sum(by_category.values())))
    return rows


def _site_rows(year: int, site: str, counts: Counter[tuple[str, str, str]]) -> list[StatRow]:
    mine = {(category, kind): count for (s, category, kind), count in counts.items() if s == site}
    rows: list[StatRow] = []
    categories: Counter[str] = Counter(dict.fromkeys(CATEGORIES, 0))
    for (category, _), count in mine.items():
        categories[category] += count
    for category in _ordered(categories):
        kinds = sorted((kind, count) for (c, kind), count in mine.items() if c == category)
        rows.extend(StatRow(year, site, category, kind, count) for kind, count in kinds)
        rows.append(StatRow(year, site, category, None, categories[category]))
    rows.append(StatRow(year, site, None, None, sum(categories.values())))
    return rows


def _ordered(categories: Iterable[str]) -> list[str]:
    """The report's five categories first, in its order; anything else (an old config's) after."""
    known = [c for c in CATEGORIES if c in categories]
    return known + sorted(set(categories) - set(CATEGORIES))


def stats_document(rows: list[StatRow]) -> list[dict[str, Any]]:
    return [asdict(row) for row in rows]


def stats_csv(rows: list[StatRow]) -> str:
    """CSV with a header; totals have empty site, category or kind cells."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in asdict(row).items()})
    return out.getvalue()
