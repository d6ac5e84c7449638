"""Scores and ranks (R10): per site and ruleset, 100 minus the weighted deductions.

A finding costs its rule's `points` times the ruleset's weight for its severity and
for its check (`[scoring] severity_weights`, `check_weights`); a finding of a veto rule
whose points are 0 (a pure 单项否决 item) costs `veto_item_points` times its check's
weight instead, so that two stale columns, short of the five that veto, still lower the
score. A finding of a time limit (an update gap, a late document, a letter answered
late, an outdated item) is multiplied by how many times its limit it took, up to
`overrun_max` (3): a 10-day silence in a daily column costs more than a 2-day one. A rule marked
`per_items = true` counts its findings per `per_items` (100) things the rule looked
at on the site (the items listed in the columns it applies to, or, for a rule over the
whole site, the pages read), so a site of 2,000 pages with four broken links is not
ranked with a site of 80 pages with four: the factor is `per_items / max(size,
per_items)`, never more than 1. Each rule's deduction is then capped by its
`max_points`; the total is floored at 0. docs/rules-and-checks.md works an example.

A site fails whatever its score (`Score.fail_reason`, shown as 不合格 with the reason)
when a veto rule (or veto group) has findings in at least `veto_threshold` places (a
place is a distinct (column, url) pair), or when its home page could not be read at
the audit: then nothing on it was checked and a high score would praise a dead site.
A home page that refused the auditor (401/403/429, a script challenge, robots.txt) is
`UNCHECKED` instead: the site is not judged, the office checks it by hand.

The order, the same on every run: sites that can pass before those that fail whatever
their score; then the higher score (to 2 decimals); then fewer 严重, fewer 较重, fewer 轻微
findings under the ruleset. Sites equal on all of these share a rank (1, 1, 3) and are
listed by site id. `passing` says whether a score passes its ruleset (合格).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .models import Finding, Outcome, Score, Severity, SiteSnapshot, describe_reason
from .rules import Rule, Ruleset

FULL_MARKS = 100.0
UNCHECKED = "未能检查："  # a fail_reason starting so: the site was not judged (its home refused the auditor)
_REFUSED = frozenset({Outcome.UNVERIFIED, Outcome.ROBOTS})

RuleKey = tuple[str, str, str]  # (ruleset, site, rule)


@dataclass(frozen=True)
class SiteFacts:
    """What scoring needs of a site beyond its findings: how much each rule looked at, and
    why its home page could not be read ("" when it was)."""

    site: str
    sizes: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (ruleset, rule) -> things looked at
    home_unread: str = ""


def site_facts(rulesets: Iterable[Ruleset], snapshot: SiteSnapshot) -> SiteFacts:
    """The sizes of the `per_items` rules and the state of the home page, from what the audit read."""
    sizes: dict[tuple[str, str], int] = {}
    for ruleset in rulesets:
        for rule in ruleset.rules:
            if rule.per_items:
                sizes[ruleset.id, rule.id] = _size(rule, snapshot)
    return SiteFacts(snapshot.site_id, sizes, _home_unread(snapshot))


def _size(rule: Rule, snapshot: SiteSnapshot) -> int:
    if rule.applies_to.column_kinds is None:
        return snapshot.pages
    return sum(len(column.items) for column in snapshot.columns if rule.applies_to.selects_column(column.kind))


def _home_unread(snapshot: SiteSnapshot) -> str:
    home = snapshot.home
    if home is None:
        return "首页未能读取，未能检查"
    if home.opened:
        return ""
    why = describe_reason(home.error, home.status)
    if home.outcome in _REFUSED:
        return f"{UNCHECKED}首页拒绝机器访问（{why}），请人工核对"
    return f"首页无法打开（{why}），未能检查"


def score_sites(
    rulesets: list[Ruleset],
    findings: Iterable[Finding],
    site_ids: Iterable[str],
    previous: Mapping[tuple[str, str], float] | None = None,
    facts: Iterable[SiteFacts] = (),
) -> list[Score]:
    """One Score per (ruleset, site), in ruleset order then rank then site id.

    Findings of rulesets or sites not listed are ignored; `previous` maps (site id,
    ruleset id) to the score of the previous complete run; `facts` (per site) give the
    sizes of `per_items` rules (absent: the factor is 1) and unread home pages.
    """
    sites = sorted(set(site_ids))
    facts_of = {f.site: f for f in facts}
    by_rule: dict[RuleKey, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.ruleset, finding.site, finding.rule].append(finding)
    scores: list[Score] = []
    for ruleset in rulesets:
        unranked: list[tuple[Score, tuple[int, int, int]]] = []
        for site in sites:
            site_facts_ = facts_of.get(site, SiteFacts(site))
            deducted = sum(_rule_deduction(ruleset, rule, by_rule.get((ruleset.id, site, rule.id), []), site_facts_)
                           for rule in ruleset.rules)
            vetoed = _veto_reason(ruleset, site, by_rule)
            score = Score(
                site=site, ruleset=ruleset.id, score=round(max(0.0, FULL_MARKS - deducted), 2),
                veto=bool(vetoed), rank=0, points=round(deducted, 2),
                previous=(previous or {}).get((site, ruleset.id)), fail_reason=site_facts_.home_unread or vetoed,
            )
            unranked.append((score, _severity_counts(ruleset, site, by_rule)))
        scores.extend(_ranked(unranked))
    return scores


# The time-limit checks say in their evidence how long it took and what the limit was: (days, limit) keys
OVERRUN_KEYS = (
    ("days", "max_interval_days"),  # column.cadence: a gap between updates
    ("days", "max_delay_days"),  # document.late: formed to published
    ("days", "max_response_days"),  # mailbox.overdue: sent to answered (or to the audit)
    ("age_days", "max_age_days"),  # content.outdated: an item's age
)


def overrun(finding: Finding, most: float) -> float:
    """How many times its limit a time-limit finding took (days / limit), between 1 and `most`;
    1 for any other finding. A 10-day silence in a daily column weighs more than a 2-day one."""
    for days_key, limit_key in OVERRUN_KEYS:
        days, limit = finding.evidence.get(days_key), finding.evidence.get(limit_key)
        if isinstance(days, int | float) and isinstance(limit, int | float) and limit > 0:
            return round(min(max(days / limit, 1.0), max(most, 1.0)), 2)
    return 1.0


def finding_cost(ruleset: Ruleset, rule: Rule, finding: Finding) -> float:
    """What one finding of `rule` costs before normalisation and the rule's cap: the points it
    was found with (the rule's, then) × severity weight × check weight × its overrun."""
    check_weight = ruleset.scoring.check_weights.get(rule.check, 1.0)
    if rule.veto and finding.points == 0:  # a veto item is critical by nature: its cost is set whole
        return ruleset.scoring.veto_item_points * check_weight
    weight = ruleset.scoring.severity_weight(rule.severity) * check_weight
    return finding.points * weight * overrun(finding, ruleset.scoring.overrun_max)


def size_factor(ruleset: Ruleset, rule: Rule, size: int | None) -> float:
    """1 for a rule not counted per items (or of unknown size); per_items / max(size, per_items) otherwise."""
    if not rule.per_items or size is None:
        return 1.0
    base = ruleset.scoring.per_items
    return base / max(size, base)


def _rule_deduction(ruleset: Ruleset, rule: Rule, findings: list[Finding], facts: SiteFacts) -> float:
    if not findings:
        return 0.0
    cost = sum(finding_cost(ruleset, rule, finding) for finding in findings)
    raw = cost * size_factor(ruleset, rule, facts.sizes.get((ruleset.id, rule.id)))
    return min(raw, rule.max_points) if rule.max_points is not None else raw


def _veto_reason(ruleset: Ruleset, site: str, by_rule: Mapping[RuleKey, list[Finding]]) -> str:
    """`单项否决：<rule titles>` when a veto rule (or veto group) has findings in at least its threshold of places."""
    places: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    titles: dict[str, list[str]] = defaultdict(list)
    thresholds: dict[str, int] = {}
    for rule in ruleset.rules:
        if not rule.veto:
            continue
        found = by_rule.get((ruleset.id, site, rule.id), [])
        places[rule.veto_key] |= {(f.column, f.url) for f in found}
        thresholds[rule.veto_key] = rule.veto_threshold
        if found:
            titles[rule.veto_key].append(rule.title)
    failed = [title for key in places if places[key] and len(places[key]) >= thresholds[key] for title in titles[key]]
    return f"单项否决：{'；'.join(dict.fromkeys(failed))}" if failed else ""


def _severity_counts(ruleset: Ruleset, site: str, by_rule: Mapping[RuleKey, list[Finding]]) -> tuple[int, int, int]:
    """(严重, 较重, 轻微) findings of the site under the ruleset: the tie-break after the score."""
    counts: Counter[str] = Counter()
    for rule in ruleset.rules:
        counts[rule.severity] += len(by_rule.get((ruleset.id, site, rule.id), []))
    return counts[Severity.CRITICAL], counts[Severity.MAJOR], counts[Severity.MINOR]


def passing(score: Score, ruleset: Ruleset) -> bool:
    """合格: not failed whatever its score, and at least the ruleset's pass mark (60 unless it says otherwise)."""
    return not score.veto and not score.fail_reason and score.score >= ruleset.pass_mark


def _ranked(scores: list[tuple[Score, tuple[int, int, int]]]) -> list[Score]:
    """Competition ranking by the documented order; equal standing, equal rank."""

    def standing(entry: tuple[Score, tuple[int, int, int]]) -> tuple[bool, float, int, int, int]:
        score, (critical, major, minor) = entry
        return bool(score.fail_reason), -score.score, critical, major, minor

    ordered = sorted(scores, key=lambda entry: (standing(entry), entry[0].site))
    ranked: list[Score] = []
    previous: tuple[bool, float, int, int, int] | None = None
    for position, entry in enumerate(ordered, start=1):
        rank = ranked[-1].rank if ranked and standing(entry) == previous else position
        ranked.append(dataclasses.replace(entry[0], rank=rank))
        previous = standing(entry)
    return ranked
