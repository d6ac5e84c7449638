"""Everything a report or a bulletin says about one run, read from the store once.

The HTML/XLSX/CSV reports (`auditor report`) and the bulletins (`auditor bulletin`)
render the same `RunReport`; none of them queries the store itself. Units are the
config's responsible units (`[[sites]] unit`): a bulletin goes to each unit with its
own sites' problems, to the addresses in those sites' `contacts`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..config import Config, SiteConfig
from ..errors import UsageError
from ..links.summary import UnverifiedLink, unverified_links
from ..models import (
    LinkOccurrence,
    Problem,
    RunKind,
    RunStatus,
    Score,
    SiteCoverage,
    UnverifiedCheck,
    ViolationStatus,
)
from ..rules import Ruleset
from ..stats import StatRow, disclosure_stats
from ..store import RunRecord, Store
from .names import Names

TREND_RUNS = 12  # score trend over the last 12 complete audits: six months of half-monthly audits


@dataclass(frozen=True)
class Unit:
    """A responsible unit (责任单位): the sites it runs and who receives its bulletin."""

    key: str  # safe for file names: the first site's id
    name: str
    site_ids: tuple[str, ...]
    contacts: tuple[str, ...]


@dataclass(frozen=True)
class TrendPoint:
    run_id: int
    as_of: datetime
    score: float
    veto: bool
    open_problems: int = 0  # problems the run left new or open at the site (every ruleset's, each once)
    fail_reason: str = ""  # why the site failed whatever its score in that run; "" otherwise


@dataclass(frozen=True)
class RunReport:
    run: RunRecord
    previous_run: RunRecord | None  # the complete run before this one, if any
    sites: tuple[SiteConfig, ...]  # the configured sites this run audited, in config order
    units: tuple[Unit, ...]
    violations: tuple[Problem, ...]  # problems found or resolved by this run, with the status it left them in
    scores: tuple[Score, ...]
    trends: dict[tuple[str, str], list[TrendPoint]] = field(default_factory=dict)  # (site, ruleset) -> oldest first
    stats: tuple[StatRow, ...] = ()  # items published in the run's year (R11)
    timezone: str = "Asia/Shanghai"
    unverified: tuple[UnverifiedCheck, ...] = ()  # what the checks could not judge, and why: never violations
    coverage: tuple[SiteCoverage, ...] = ()  # what the run read of each site, and what it could not read
    names: Names = field(default_factory=lambda: Names(()))  # Chinese names of sites, columns, rules
    # links whose target the run could not verify (bot wall, robots.txt): never broken, checked by hand
    unverified_links: tuple[UnverifiedLink, ...] = ()

    @property
    def partial(self) -> bool:
        """The run audited some sites only (`audit --site`): its ranking is no office summary."""
        return self.run.kind != RunKind.FULL

    @property
    def active(self) -> list[Problem]:
        """Problems still to fix: new or open."""
        return [v for v in self.violations if v.status != ViolationStatus.RESOLVED]

    def site(self, site_id: str) -> SiteConfig | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def site_name(self, site_id: str) -> str:
        site = self.site(site_id)
        return site.name if site else self.names.site(site_id)

    def for_unit(self, unit: Unit) -> list[Problem]:
        return [v for v in self.violations if v.site in unit.site_ids]

    def rulesets(self) -> list[str]:
        return sorted({s.ruleset for s in self.scores})

    def ranking(self, ruleset: str) -> list[Score]:
        return sorted((s for s in self.scores if s.ruleset == ruleset), key=lambda s: (s.rank, s.site))


def load_run_report(
    store: Store, config: Config, rulesets: Sequence[Ruleset] = (), run_id: int | None = None,
) -> RunReport:
    """The report of `run_id`, or of the latest complete full run (every site); UsageError when there is none."""
    run = pick_run(store, run_id)
    audited = set(run.site_ids) or {s.id for s in config.sites}
    sites = tuple(s for s in config.sites if s.id in audited)
    return RunReport(
        run=run,
        previous_run=store.latest_run(RunStatus.COMPLETE, before=run.id),  # a scored audit: never a cadence check
        sites=sites,
        units=units_of(sites),
        violations=tuple(store.violations(run_id=run.id)),
        scores=tuple(store.scores(run.id)),
        trends=_trends(store, run.id),
        stats=tuple(disclosure_stats(store, run.as_of.year, [s.id for s in sites])),
        timezone=config.timezone,
        unverified=tuple(store.unverified_checks(run.id)),
        coverage=tuple(store.coverage(run.id)),
        names=Names.of(config, rulesets),
        unverified_links=_unverified_links(store, run.id),
    )


def pick_run(store: Store, run_id: int | None) -> RunRecord:
    """The run named, or the latest complete full run: what `report`, `bulletin` and `scores` read
    by default, so that a one-site re-audit never stands in for the whole estate."""
    if run_id is not None:
        run = store.run(run_id)
        if run is None:
            known = "、".join(f"#{r.id}" for r in store.runs(10)) or "无"
            raise UsageError(f"检查 #{run_id} 不存在 (no run {run_id})；最近的检查 (recent runs): {known}")
        return run
    run = store.latest_run(RunStatus.COMPLETE, kinds=(RunKind.FULL,))
    if run is None:
        raise UsageError("还没有完成的全面检查 (no complete full run yet)：先运行 auditor audit (run `auditor audit` first)")
    return run


def units_of(sites: tuple[SiteConfig, ...] | list[SiteConfig]) -> tuple[Unit, ...]:
    """Sites grouped by their `unit` (a site without one is its own unit), in config order."""
    grouped: dict[str, list[SiteConfig]] = defaultdict(list)
    for site in sites:
        grouped[site.unit or site.name].append(site)
    return tuple(
        Unit(
            key=members[0].id,
            name=name,
            site_ids=tuple(s.id for s in members),
            contacts=tuple(dict.fromkeys(c for s in members for c in s.contacts)),
        )
        for name, members in grouped.items()
    )


def find_unit(units: tuple[Unit, ...], wanted: str) -> Unit:
    """A unit by its name, its key or the id of one of its sites; UsageError naming the choices."""
    for unit in units:
        if wanted in (unit.name, unit.key) or wanted in unit.site_ids:
            return unit
    choices = "、".join(f"{u.key}（{u.name}）" for u in units)
    raise UsageError(f"没有这个单位 (no unit {wanted!r})；可选 (choose from): {choices}")


def _trends(store: Store, run_id: int) -> dict[tuple[str, str], list[TrendPoint]]:
    """Each site's score and open problems in the last scored runs, per ruleset, oldest first."""
    history = store.score_history(run_id, TREND_RUNS)
    problems = store.open_problem_counts({history_run for history_run, _, _ in history})
    trends: dict[tuple[str, str], list[TrendPoint]] = defaultdict(list)
    for history_run, as_of, score in history:
        trends[(score.site, score.ruleset)].append(TrendPoint(
            history_run, as_of, score.score, score.veto,
            open_problems=problems.get((history_run, score.site), 0), fail_reason=score.fail_reason,
        ))
    return dict(trends)


def _unverified_links(store: Store, run_id: int) -> tuple[UnverifiedLink, ...]:
    """The run's unverified link targets, per site in the order stored, each with the first pages carrying it."""
    by_site: dict[str, list[LinkOccurrence]] = defaultdict(list)
    for site_id, occurrence in store.unverified_links(run_id):
        by_site[site_id].append(occurrence)
    return tuple(link for site_id, occurrences in by_site.items() for link in unverified_links(site_id, occurrences))
