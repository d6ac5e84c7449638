"""The daily cadence check: only the list pages of the columns a cadence rule judges.

The half-monthly audit reads everything; a column that missed a day would wait two
weeks to be seen. Each morning this run reads just the columns that `column.cadence`
rules apply to (and their pagination back to the rules' window), judges those rules
and nothing else, and records the violations. Its scope is those rules: it never
resolves a broken link or a late document it did not look at, and it neither
scores nor ranks (`store.records.SCORED_KINDS`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import datetime

from .audit import AuditResult, claimed_run, lookback_days
from .checks import evaluate
from .config import Config, SiteConfig
from .crawl.site import SiteCrawl, SiteCrawler
from .fetch import Fetcher
from .links import LinkLedger
from .logs import event
from .models import SiteSnapshot
from .progress import Progress, SilentProgress
from .rules import Ruleset
from .store import Store

log = logging.getLogger(__name__)

CADENCE_CHECK = "column.cadence"


def cadence_rulesets(rulesets: list[Ruleset]) -> list[Ruleset]:
    """Each ruleset with only its cadence rules; rulesets without any are left out."""
    narrowed = [
        dataclasses.replace(ruleset, rules=tuple(rule for rule in ruleset.rules if rule.check == CADENCE_CHECK))
        for ruleset in rulesets
    ]
    return [ruleset for ruleset in narrowed if ruleset.rules]


def cadence_sites(sites: list[SiteConfig], rulesets: list[Ruleset]) -> list[SiteConfig]:
    """Each site with only the columns some cadence rule judges; sites with none are left out."""
    rules = [rule for ruleset in rulesets for rule in ruleset.rules]
    narrowed = []
    for site in sites:
        site_rules = [rule for rule in rules if rule.applies_to.selects_site(site.id, site.kind)]
        columns = [c for c in site.columns if any(rule.applies_to.selects_column(c.kind) for rule in site_rules)]
        if columns:
            narrowed.append(site.model_copy(update={"columns": columns}))
    return narrowed


async def run_cadence_check(
    config: Config,
    rulesets: list[Ruleset],
    store: Store,
    *,
    as_of: datetime,
    site_ids: list[str] | None = None,
    progress: Progress | None = None,
    wait_seconds: float = 0.0,
) -> AuditResult:
    chosen = [config.site(s) for s in site_ids] if site_ids else list(config.sites)
    narrowed_rulesets = cadence_rulesets(rulesets)
    sites = cadence_sites(chosen, narrowed_rulesets)
    ids = [site.id for site in sites]
    progress = progress or SilentProgress()
    store.sync_sites(config)
    async with claimed_run(store, as_of, ids, "cadence", wait_seconds, progress) as run:
        progress.start(len(sites))
        ledger = LinkLedger()  # no link is checked or judged here: no word lists, no classifier
        horizon = lookback_days(narrowed_rulesets)
        async with Fetcher(config.crawl) as fetcher:

            async def crawl(site: SiteConfig) -> SiteCrawl:
                crawler = SiteCrawler(
                    site, config.crawl, fetch=fetcher.fetch, sink=run.writer, ledger=ledger, as_of=as_of,
                    lookback_days=horizon, on_page=progress.page, columns_only=True,
                )
                result = await crawler.run()
                progress.site_done(site.id, result.pages)
                event(log, "site.done", f"栏目列表读取完成 {site.id}", run=run.id, site=site.id, pages=result.pages)
                return result

            crawls = await asyncio.gather(*(crawl(site) for site in sites))
        findings = []
        for site, crawl_result in zip(sites, crawls, strict=True):
            findings.extend(evaluate(narrowed_rulesets, _snapshot(config, site, crawl_result, as_of)))
        scope = [(ruleset.id, rule.id) for ruleset in narrowed_rulesets for rule in ruleset.rules]
        coverage = [crawl_result.coverage for crawl_result in crawls if crawl_result.coverage is not None]
        violations = run.complete([ruleset.id for ruleset in narrowed_rulesets], findings, [], rules=scope,
                                  coverage=coverage)
    return AuditResult(run=run.record(), violations=violations, scores=[], coverage=coverage)


def _snapshot(config: Config, site: SiteConfig, crawl: SiteCrawl, as_of: datetime) -> SiteSnapshot:
    return SiteSnapshot(
        site_id=site.id, site_kind=site.kind, name=site.name, url=site.url, unit=site.unit,
        as_of=as_of, home=None, columns=tuple(crawl.columns), links=(), pages=crawl.pages,
        readings=(), identity=None, resources={}, probes=(),
        extra_workdays=tuple(config.calendar.extra_workdays),
        extra_holidays=tuple(config.calendar.extra_holidays),
    )
