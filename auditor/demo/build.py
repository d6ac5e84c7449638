"""`build_estate`: the deterministic estate, before and after its problems are planted.

Pure: the same audit date, scale and port give the same estate. Each column draws
from its own `random.Random` seeded with the site and column ids (string seeds are
hashed with SHA-512 by `random`, so PYTHONHASHSEED does not matter).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from .history import (
    CADENCES,
    UPDATE_WITHIN,
    dated_offsets,
    day_at,
    due_report_year,
    minute_of_day,
    report_day,
    sized,
)
from .items import IDS_PER_COLUMN, first_item_id, regular_item
from .model import HEALTHY_HOST, ColumnSpec, Estate, Identity, Item, SiteSpec, port_suffix
from .paths import PAGE_SIZES, column_path, item_path
from .plants import plant
from .roster import DIVISION_CODE, PAGER_VARIANT_SITES, ROSTER, SiteRow, column_name, host_of
from .text import LEADER_POSTS, person

CATEGORIES = {"documents": "政策/规范性文件", "plans": "规划/计划", "services": "行政许可",
              "leaders": "机构职能", "personnel": "机构职能"}


def build_estate(as_of: date, scale: float = 1.0, *, port: int = 80) -> Estate:
    """The whole estate: 32 sites with their columns and items, the truth and the traps."""
    if not 0 < scale <= 100:
        raise ValueError(f"scale must be in (0, 100], got {scale}")
    sites = tuple(build_site(row, index, as_of, scale, port) for index, row in enumerate(ROSTER))
    sites = tuple(_with_links(site, sites, port) for site in sites)
    sites, truth, traps = plant(sites, as_of, port)
    return Estate(as_of=as_of, scale=scale, port=port, sites=sites, truth=truth, traps=traps)


def build_site(row: SiteRow, index: int, as_of: date, scale: float, port: int) -> SiteSpec:
    host = host_of(index)
    url = f"http://{host}{port_suffix(port)}/"
    columns = tuple(
        build_column(row, index, kind, position, as_of, scale, url)
        for position, kind in enumerate(row.kinds)
    )
    return SiteSpec(
        id=row.id, name=row.name, kind=row.kind, unit=row.unit, host=host, url=url,
        columns=columns, family=row.family, encoding=row.encoding, meta_charset=row.meta_charset,
        date_style=row.date_style, pager_variant=row.id in PAGER_VARIANT_SITES, identity=identity_of(row, index),
    )


def build_column(row: SiteRow, index: int, kind: str, position: int, as_of: date, scale: float, site_url: str) -> ColumnSpec:
    number = hanweb_number(index, position)
    first = column_path(row.family, kind, number)
    column = ColumnSpec(
        id=kind, name=column_name(kind, row), kind=kind, url=site_url.rstrip("/") + first,
        category=CATEGORIES.get(kind, "其他"), update_within=UPDATE_WITHIN.get(kind),
        path=first, page_size=PAGE_SIZES[row.family], number=number,
    )
    rng = random.Random(f"{row.id}:{kind}")
    first_id = first_item_id(index) + position * IDS_PER_COLUMN + 1
    ids = iter(range(first_id, first_id + IDS_PER_COLUMN))
    return replace(column, items=tuple(_items(row, column, rng, ids, as_of, scale)))


def hanweb_number(site_index: int, position: int) -> int:
    return 1201 + site_index * 20 + position


def _items(row: SiteRow, column: ColumnSpec, rng: random.Random, ids: Iterator[int], as_of: date, scale: float) -> list[Item]:
    if column.kind == "links":
        return []
    if column.kind == "leaders":
        return _leaders(row, column, rng, ids, as_of)
    if column.kind == "reports":
        return _reports(row, column, rng, ids, as_of)
    count, span = sized(CADENCES[column.kind], scale, row.kind == "county")
    offsets = dated_offsets(rng, count=count, span=span, max_gap=CADENCES[column.kind].max_gap)
    items = [regular_item(row, column, rng, next(ids), day_at(as_of, offset), as_of) for offset in offsets]
    return sorted(items, key=lambda item: (item.day, item.minute), reverse=True)


def _leaders(row: SiteRow, column: ColumnSpec, rng: random.Random, ids: Iterator[int], as_of: date) -> list[Item]:
    """Leaders in rank order (not by date): their pages were last updated within the year."""
    items = []
    for post in LEADER_POSTS[row.kind]:
        item_id = next(ids)
        day = day_at(as_of, rng.randint(20, 280))
        items.append(Item(id=item_id, title=f"{person(rng)} {post}", day=day, minute=minute_of_day(rng),
                          path=item_path(row.family, column.path, column.number, item_id, day),
                          images=(f"/uploadfile/ldxx/{item_id}.jpg",)))
    return items


def _reports(row: SiteRow, column: ColumnSpec, rng: random.Random, ids: Iterator[int], as_of: date) -> list[Item]:
    due = due_report_year(as_of, row.kind)
    items = []
    for year in (due, due - 1):
        item_id, day = next(ids), report_day(year, row.kind, rng)
        items.append(Item(id=item_id, title=f"{row.name}{year}年政府信息公开工作年度报告", day=day,
                          minute=minute_of_day(rng), path=item_path(row.family, column.path, column.number, item_id, day)))
    return items


def identity_of(row: SiteRow, index: int) -> Identity:
    digest = hashlib.md5(row.id.encode()).hexdigest().upper()  # noqa: S324 (an id, not security)
    return Identity(
        site_code=f"{DIVISION_CODE}{index:04d}",
        icp=f"豫ICP备{int(digest[:6], 16) % 90_000_000 + 10_000_000}号",
        police=f"豫公网安备 {DIVISION_CODE}02000{index + 100:03d}号",
        conac_id=digest,
        sponsor=row.name if row.kind != "county" else "清河县人民政府办公室",
        phone=f"0379-6{int(digest[6:12], 16) % 9_000_000 + 1_000_000}",
    )


def _with_links(site: SiteSpec, sites: tuple[SiteSpec, ...], port: int) -> SiteSpec:
    """友情链接 on every home page (the province, the portal, two neighbours), and the links columns."""
    healthy = (("河南省人民政府", f"http://{HEALTHY_HOST}{port_suffix(port)}/"),)
    others = [s for s in sites if s.id != site.id]
    start = sum(map(ord, site.id)) % len(others)
    neighbours = tuple((s.name, s.url) for s in (others[start], others[(start + 7) % len(others)]))
    portal = sites[0]
    friends = healthy + (() if site is portal else ((portal.name, portal.url),)) + neighbours
    directory: tuple[tuple[str, str], ...] = healthy + (
        ("河南省人民政府政务服务网", f"http://{HEALTHY_HOST}{port_suffix(port)}/bsfw/"),
        ("河南省政府信息公开平台", f"http://{HEALTHY_HOST}{port_suffix(port)}/zwgk/"),
    )
    if site is portal:
        directory += tuple((s.name, s.url) for s in others)
    else:
        directory += ((portal.name, portal.url),) + tuple((s.name, s.url) for s in others if s.kind == site.kind)[:6]
    columns = tuple(replace(c, links=directory) if c.kind == "links" else c for c in site.columns)
    return replace(site, friends=friends, columns=columns)
