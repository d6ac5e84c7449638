"""How well `auditor discover` proposes the columns of the demo estate's 32 sites.

    .venv/bin/python benchmarks/discovery.py            # the table of docs/benchmarks.md
    .venv/bin/python benchmarks/discovery.py --misses   # and every miss and wrong kind

The estate (auditor.demo.serve_estate) is served on 127.0.0.x; discovery runs on every
site's home page (the default budget of 40 pages, all sites at once, each host polite on
its own), and its proposal is compared with the columns the demo's config names (the
ground truth, `handle.config_toml`):

    recall         configured columns found (matched by URL after normalisation, urls.crawl_key)
    kind accuracy  of the found ones, the proposed kind equal to the configured one

per CMS idiom (the family each demo site is built in: TRS, Hanweb, hand-made tables) and
overall. A site whose home page does not open (the estate plants one) counts all its
columns as missed. Targets: recall ≥ 0.95, kind accuracy ≥ 0.90.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import CrawlConfig  # noqa: E402
from auditor.demo import serve_estate  # noqa: E402
from auditor.demo.handle import EstateHandle  # noqa: E402
from auditor.discover.walk import DEFAULT_MAX_PAGES, SiteProposal, discover_site  # noqa: E402
from auditor.urls import crawl_key  # noqa: E402

AS_OF = date(2026, 11, 28)
RECALL_TARGET, KIND_TARGET = 0.95, 0.90
FAMILY_NAMES = {"trs": "TRS", "hanweb": "Hanweb (jpage)", "table": "手工表格站 (ASP 式)"}
# the demo's own crawl settings: polite per host, quick on loopback
CRAWL = CrawlConfig(per_host_delay=0.02, per_host_concurrency=4, timeout=10, allow_private_addresses=True)


@dataclass
class Tally:
    sites: int = 0
    configured: int = 0
    found: int = 0
    kind_right: int = 0
    proposed: int = 0
    uncertain: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.configured if self.configured else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.found if self.found else 1.0


def measure(handle: EstateHandle, max_pages: int = DEFAULT_MAX_PAGES,
            site_ids: set[str] | None = None) -> tuple[dict[str, Tally], Tally, float]:
    """Per idiom and overall tallies, and the seconds discovery took (all sites at once)."""
    config = tomllib.loads(handle.config_toml(storage_url="sqlite:///unused.db"))
    sites = [site for site in config["sites"] if site_ids is None or site["id"] in site_ids]
    started = time.monotonic()
    proposals = asyncio.run(_discover_all(sites, max_pages))
    seconds = time.monotonic() - started
    per_family: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    for site, proposal in zip(sites, proposals, strict=True):
        family = handle.estate.site(site["id"]).family
        for tally in (per_family[family], overall):
            _count(tally, site, proposal)
    return dict(per_family), overall, seconds


async def _discover_all(sites: list[dict[str, Any]], max_pages: int) -> list[SiteProposal | BaseException]:
    return await asyncio.gather(*(discover_site(site["url"], crawl=CRAWL, max_pages=max_pages, as_of=AS_OF)
                                  for site in sites), return_exceptions=True)


def _count(tally: Tally, site: dict[str, Any], proposal: SiteProposal | BaseException) -> None:
    columns = site.get("columns", [])
    tally.sites += 1
    tally.configured += len(columns)
    if isinstance(proposal, BaseException):
        tally.misses += [f"{site['id']}: 首页无法读取（{proposal}）：{len(columns)} 个栏目未发现"]
        return
    found = {crawl_key(column.url): column for column in proposal.columns}
    tally.proposed += len(proposal.columns)
    tally.uncertain += sum(1 for column in proposal.columns if column.uncertain)
    for column in columns:
        proposed = found.get(crawl_key(column["url"]))
        if proposed is None:
            tally.misses.append(f"{site['id']}: 未发现 {column['name']} {column['url']}")
            continue
        tally.found += 1
        if proposed.kind == column["kind"]:
            tally.kind_right += 1
        else:
            tally.misses.append(f"{site['id']}: {column['name']} 类型 {proposed.kind}，应为 {column['kind']}"
                                f"（{'；'.join(proposed.evidence)}）")


def table(per_family: dict[str, Tally], overall: Tally) -> str:
    lines = ["| 建站方式 (idiom) | 网站 | 配置栏目 | 发现 | 召回率 recall | 类型正确 | 类型准确率 kind accuracy | 提出栏目 | 待确认 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rows = [(FAMILY_NAMES.get(family, family), tally) for family, tally in sorted(per_family.items())]
    for name, tally in [*rows, ("**全部 (overall)**", overall)]:
        lines.append(f"| {name} | {tally.sites} | {tally.configured} | {tally.found} | {tally.recall:.3f} | "
                     f"{tally.kind_right} | {tally.kind_accuracy:.3f} | {tally.proposed} | {tally.uncertain} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES)
    parser.add_argument("--misses", action="store_true", help="list every miss and wrong kind")
    args = parser.parse_args()
    with serve_estate(AS_OF) as handle:
        per_family, overall, seconds = measure(handle, args.max_pages)
    print(table(per_family, overall))
    print(f"\n{overall.sites} sites, {seconds:.1f} s (all sites at once, --max-pages {args.max_pages}); "
          f"targets: recall ≥ {RECALL_TARGET}, kind accuracy ≥ {KIND_TARGET}: "
          f"{'met' if overall.recall >= RECALL_TARGET and overall.kind_accuracy >= KIND_TARGET else 'NOT met'}")
    if args.misses:
        print("\n".join(["", *overall.misses]))


if __name__ == "__main__":
    main()
