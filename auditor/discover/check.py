"""`discover --check`: the configured columns against the live site's navigation.

    moved     a configured column's name now leads elsewhere (same name, another URL)
    vanished  a configured URL is no longer linked from the navigation, or answers 404/410
    appeared  a navigation column of a known kind that the config does not list

URLs are compared by `urls.crawl_key` (scheme and host case, default port, query order).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date

from ..config import Config, CrawlConfig, SiteConfig
from ..fetch import Fetcher
from ..models import ColumnKind, PageRequest
from ..urls import crawl_key
from .render import table
from .walk import DEFAULT_MAX_PAGES, SiteProposal, discover_site

GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Change:
    site_id: str
    change: str  # moved | vanished | appeared
    column_id: str  # the configured column's id; the proposed id for an appeared one
    name: str
    url: str  # the configured URL (moved, vanished) or the new one (appeared)
    new_url: str = ""  # moved: where the name now leads
    kind: str = ""
    reason: str = ""


CHANGE_LABELS = {"moved": "地址变更", "vanished": "栏目消失", "appeared": "新增栏目"}


def check_sites(config: Config, site_ids: list[str] | None = None, *, max_pages: int = DEFAULT_MAX_PAGES,
                as_of: date | None = None) -> list[Change]:
    sites = [s for s in config.sites if not site_ids or s.id in site_ids]
    return asyncio.run(_check_all(sites, config.crawl, max_pages, as_of or date.today()))


async def _check_all(sites: list[SiteConfig], crawl: CrawlConfig, max_pages: int, as_of: date) -> list[Change]:
    results = await asyncio.gather(*(check_site(site, crawl, max_pages=max_pages, as_of=as_of) for site in sites))
    return [change for changes in results for change in changes]


async def check_site(site: SiteConfig, crawl: CrawlConfig, *, max_pages: int = DEFAULT_MAX_PAGES,
                     as_of: date | None = None) -> list[Change]:
    proposal = await discover_site(site.url, crawl=crawl, max_pages=max_pages, as_of=as_of,
                                   site_id=site.id, name=site.name, kind=site.kind,
                                   extra_hosts=frozenset(h.lower() for h in site.extra_hosts))
    return await compare(site, proposal, crawl)


async def compare(site: SiteConfig, proposal: SiteProposal, crawl: CrawlConfig) -> list[Change]:
    found = {crawl_key(column.url): column for column in proposal.columns}
    configured = {crawl_key(column.url) for column in site.columns}
    by_name = {_squeezed(column.name): column for column in proposal.columns if crawl_key(column.url) not in configured}
    changes: list[Change] = []
    moved_to: set[str] = set()
    unlinked = []
    for column in site.columns:
        key = crawl_key(column.url)
        status = proposal.linked.get(key)
        if key in found or key in proposal.linked:
            if status in GONE_STATUSES:
                changes.append(Change(site.id, "vanished", column.id, column.name, column.url, kind=column.kind,
                                      reason=f"栏目页返回 HTTP {status}"))
            continue
        twin = by_name.get(_squeezed(column.name))
        if twin is not None:
            moved_to.add(crawl_key(twin.url))
            changes.append(Change(site.id, "moved", column.id, column.name, column.url, new_url=twin.url,
                                  kind=column.kind, reason="导航中同名栏目指向新地址"))
            continue
        unlinked.append(column)
    statuses = await _statuses([column.url for column in unlinked], crawl)
    for column, status in zip(unlinked, statuses, strict=True):
        reason = f"导航中已无此链接，栏目页返回 HTTP {status}" if status in GONE_STATUSES else "导航中已无此链接"
        changes.append(Change(site.id, "vanished", column.id, column.name, column.url, kind=column.kind, reason=reason))
    for key, proposed in found.items():
        if key in configured or key in moved_to or proposed.kind == "other":
            continue
        changes.append(Change(site.id, "appeared", proposed.id, proposed.name, proposed.url, kind=proposed.kind,
                              reason="；".join(proposed.evidence)))
    return changes


async def _statuses(urls: list[str], crawl: CrawlConfig) -> list[int | None]:
    if not urls:
        return []
    async with Fetcher(crawl) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(PageRequest(url=url, site_id="discover", trusted=True))
                                         for url in urls))
    return [result.status for result in results]


def _squeezed(name: str) -> str:
    return re.sub(r"\s+", "", name)


def changes_table(changes: list[Change], sites_checked: int) -> str:
    if not changes:
        return f"已核对 {sites_checked} 个网站：配置的栏目与网站导航一致，没有变化。\n"
    rows: list[tuple[str, ...]] = [("网站", "变化", "栏目", "类型", "原地址", "现地址/说明")]
    for change in changes:
        kind = ColumnKind(change.kind).label if ColumnKind.of(change.kind) else change.kind
        now = change.new_url if change.change == "moved" else change.reason
        old = change.url if change.change != "appeared" else change.url
        rows.append((change.site_id, CHANGE_LABELS[change.change], f"{change.name}（{change.column_id}）", kind,
                     old if change.change != "appeared" else "—", now if change.change != "appeared" else
                     f"{change.url}（{change.reason}）"))
    counts = {label: sum(1 for c in changes if c.change == key) for key, label in CHANGE_LABELS.items()}
    summary = "，".join(f"{label} {count} 个" for label, count in counts.items())
    return f"已核对 {sites_checked} 个网站：{summary}。\n" + table(rows)
