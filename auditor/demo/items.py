"""A column's items: the ids each site's items take, and what an item of each kind carries.

`build.py` fills the columns with these items and `planter.py` adds the planted ones, so
both build on this module and neither on the other.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import Any

from .history import day_at, minute_of_day
from .model import ColumnSpec, Item, SiteSpec
from .paths import item_path
from .roster import SiteRow
from .text import SERVICES, title_for

ID_BASE = 1_000_000  # CMS article ids have 7 digits: t20261127_1024001.html
IDS_PER_SITE = 100_000  # regular item ids of site n: first_item_id(n) + 1 ...
IDS_PER_COLUMN = 8_000  # at most 11 columns: 88,000 ids
PLANTED_ID_OFFSET = 90_000  # items added by plants.py take ids from here within the site's range


def first_item_id(site_index: int) -> int:
    return ID_BASE + site_index * IDS_PER_SITE


def regular_item(
    row: SiteRow | SiteSpec, column: ColumnSpec, rng: random.Random, item_id: int, day: date, as_of: date,
    **fields: Any,
) -> Item:
    """An item of any dated kind, with what its kind carries (forms, attachments, replies)."""
    title = fields.pop("title", None) or _title(column.kind, rng, row, day)
    path = item_path(row.family, column.path, column.number, item_id, day)
    item = Item(id=item_id, title=title, day=day, minute=minute_of_day(rng), path=path)
    extras: dict[str, Any] = {}
    if column.kind == "documents":
        extras["formed"] = day_at(day, rng.randint(1, 12))
        if item_id % 2:
            extras["files"] = ((f"{title}.pdf", attachment_path(row.family, path, item_id, day, "pdf")),)
    elif column.kind == "services":
        extras["files"] = ((f"{title.removesuffix('办事指南')}申请表.doc", f"/uploadfile/bszn/{item_id}_1.doc"),
                           ("材料清单.xls", f"/uploadfile/bszn/{item_id}_2.xls"))
    elif column.kind == "mailbox":
        age = (as_of - day).days
        if age <= 2:  # just arrived: being handled, not overdue
            extras["status"] = "办理中"
        else:
            extras["status"], extras["replied"] = "已回复", day_at(day, -min(age, rng.randint(1, 7)))
    elif column.kind == "news" and item_id % 4 == 0:
        extras["images"] = (f"/uploadfile/{day:%Y%m}/{item_id}.jpg",)
    return replace(item, **{**extras, **fields})


def attachment_path(family: str, page_path: str, item_id: int, day: date, ext: str) -> str:
    if family == "trs":  # TRS keeps attachments beside the article: ./P020261127...pdf
        return page_path.rsplit("/", 1)[0] + f"/P0{day:%Y%m%d}{item_id}.{ext}"
    return f"/uploadfile/{day:%Y%m}/{item_id}.{ext}"


def _title(kind: str, rng: random.Random, row: SiteRow | SiteSpec, day: date) -> str:
    if kind == "services":
        return f"{rng.choice(SERVICES)}办事指南"
    return title_for(kind, rng, row.unit, day.year)
