"""The workbench plants.py uses: edit sites, columns and items, and write down the truth."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from .history import day_at
from .items import PLANTED_ID_OFFSET, first_item_id, regular_item
from .model import ColumnSpec, Item, Planted, SiteSpec, Special, Trap, port_suffix


class Planter:
    """Holds the estate's sites while problems are planted, and the truth and traps so far."""

    def __init__(self, sites: tuple[SiteSpec, ...], as_of: date, port: int) -> None:
        self.sites = {site.id: site for site in sites}
        self.order = [site.id for site in sites]
        self.as_of = as_of
        self.port = port
        self.truth: list[Planted] = []
        self.traps: list[Trap] = []
        self._next_id = {site_id: first_item_id(index) + PLANTED_ID_OFFSET for index, site_id in enumerate(self.order)}

    def result(self) -> tuple[tuple[SiteSpec, ...], tuple[Planted, ...], tuple[Trap, ...]]:
        return tuple(self.sites[s] for s in self.order), tuple(self.truth), tuple(self.traps)

    # -- reading -------------------------------------------------------------------------

    def site(self, site_id: str) -> SiteSpec:
        return self.sites[site_id]

    def column(self, site_id: str, column_id: str) -> ColumnSpec:
        return self.sites[site_id].column(column_id)

    def day(self, offset: int) -> date:
        return day_at(self.as_of, offset)

    def outside(self, host: str, path: str = "/") -> str:
        return f"http://{host}{port_suffix(self.port)}{path}"

    def url(self, site_id: str, path: str) -> str:
        return self.sites[site_id].absolute(path)

    # -- editing -------------------------------------------------------------------------

    def edit_site(self, site_id: str, **changes: Any) -> SiteSpec:
        self.sites[site_id] = replace(self.sites[site_id], **changes)
        return self.sites[site_id]

    def edit_column(self, site_id: str, column_id: str, change: Callable[[ColumnSpec], ColumnSpec]) -> ColumnSpec:
        site = self.sites[site_id]
        columns = tuple(change(c) if c.id == column_id else c for c in site.columns)
        self.sites[site_id] = replace(site, columns=columns)
        return self.sites[site_id].column(column_id)

    def edit_items(self, site_id: str, column_id: str, change: Callable[[list[Item]], list[Item]]) -> None:
        self.edit_column(site_id, column_id, lambda c: replace(c, items=tuple(change(list(c.items)))))

    def edit_item(self, site_id: str, column_id: str, position: int, **changes: Any) -> Item:
        """Change the `position`th item in list order (0: the newest, after pinned ones)."""
        items = list(self.column(site_id, column_id).items)
        items[position] = replace(items[position], **changes)
        self.edit_items(site_id, column_id, lambda _: items)
        return items[position]

    def add_item(self, site_id: str, column_id: str, day: date, **fields: Any) -> Item:
        """A new item on `day`, placed in date order (or first, when pinned)."""
        item_id = self._next_id[site_id]
        self._next_id[site_id] += 1
        rng = random.Random(f"{site_id}:{column_id}:planted:{item_id}")
        item = regular_item(self.sites[site_id], self.column(site_id, column_id), rng, item_id, day, self.as_of, **fields)

        def insert(items: list[Item]) -> list[Item]:
            pinned = [i for i in items if i.pinned]
            dated = sorted([i for i in items if not i.pinned] + ([] if item.pinned else [item]),
                           key=lambda i: (i.day, i.minute), reverse=True)
            return ([item] if item.pinned else []) + pinned + dated

        self.edit_items(site_id, column_id, insert)
        return item

    def cut_days(self, site_id: str, column_id: str, newer: int, older: int) -> None:
        """No item strictly between the two offsets, one item on each: a gap of exactly older-newer days."""
        low, high = self.day(older), self.day(newer)
        self.edit_items(site_id, column_id, lambda items: [i for i in items if i.pinned or not low < i.day < high])
        for offset in (newer, older):
            if not any(i.day == self.day(offset) for i in self.column(site_id, column_id).items):
                self.add_item(site_id, column_id, self.day(offset))

    def add_special(self, site_id: str, path: str, special: Special) -> None:
        site = self.sites[site_id]
        self.edit_site(site_id, specials=site.specials + ((path, special),))

    def add_missing(self, site_id: str, path: str) -> None:
        site = self.sites[site_id]
        self.edit_site(site_id, missing=site.missing | {path})

    # -- the record ----------------------------------------------------------------------

    def planted(self, check: str, site_id: str, column_id: str | None, url: str, note: str, **details: Any) -> None:
        details = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}
        self.truth.append(Planted(check=check, site=site_id, column=column_id, url=url, note=note, details=details))

    def trap(self, kind: str, site_id: str, url: str, note: str) -> None:
        self.traps.append(Trap(kind=kind, site=site_id, url=url, note=note))

    def item_url(self, site_id: str, item: Item) -> str:
        return self.url(site_id, item.path)
