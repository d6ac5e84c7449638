"""Scores and ranks (R10): per site and ruleset, 100 minus the points deducted.

Each rule's deduction on a site is capped by its `max_points`; the total is floored
at 0. A veto rule (单项否决) fails the site whatever its score once its findings lie in
at least `veto_threshold` places; a place is a distinct (column, url) pair, so five
gaps in one column are one column not updated, and rules sharing a `veto_group` count
their places together ("5 or more columns not updated" spans several column kinds).
A vetoed site ranks after every site that was not vetoed. Ties share a rank (1, 1, 3);
sites that tie are listed by id so the order is the same on every run. `passing`
says whether a score passes its ruleset (合格): not vetoed and at least `pass_mark`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .models import Finding, Score
from .rules import Ruleset

FULL_MARKS = 100.0


def score_sites(
    rulesets: list[Ruleset],
    findings: Iterable[Finding],
    site_ids: Iterable[str],
    previous: Mapping[tuple[str, str], float] | None = None,
) -> list[Score]:
    """One Score per (ruleset, site), in ruleset order then rank then site id.

    Findings of rulesets or sites not listed are ignored; `previous` maps
    (site id, ruleset id) to the score of the previous complete run.
    """
    sites = sorted(set(site_ids))
    points_by: dict[tuple[str, str, str], float] = defaultdict(float)  # (ruleset, site, rule) -> points
    places_by: dict[tuple[str, str, str], set[tuple[str | None, str]]] = defaultdict(set)  # (ruleset, site, rule)
    for finding in findings:
        points_by[finding.ruleset, finding.site, finding.rule] += finding.points
        places_by[finding.ruleset, finding.site, finding.rule].add((finding.column, finding.url))
    scores: list[Score] = []
    for ruleset in rulesets:
        deducted = {site: _deducted(ruleset, site, points_by) for site in sites}
        unranked = [
            Score(site=site, ruleset=ruleset.id, score=round(max(0.0, FULL_MARKS - deducted[site]), 2),
                  veto=_vetoed(ruleset, site, places_by), rank=0, points=round(deducted[site], 2),
                  previous=(previous or {}).get((site, ruleset.id)))
            for site in sites
        ]
        scores.extend(_ranked(unranked))
    return scores


def _deducted(ruleset: Ruleset, site: str, points_by: Mapping[tuple[str, str, str], float]) -> float:
    total = 0.0
    for rule in ruleset.rules:
        points = points_by.get((ruleset.id, site, rule.id), 0.0)
        total += min(points, rule.max_points) if rule.max_points is not None else points
    return total


def _vetoed(ruleset: Ruleset, site: str, places_by: Mapping[tuple[str, str, str], set[tuple[str | None, str]]]) -> bool:
    """Whether a veto rule (or veto group) has findings in at least its threshold of places."""
    places: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    thresholds: dict[str, int] = {}
    for rule in ruleset.rules:
        if rule.veto:
            places[rule.veto_key] |= places_by.get((ruleset.id, site, rule.id), set())
            thresholds[rule.veto_key] = rule.veto_threshold
    return any(places[key] and len(places[key]) >= thresholds[key] for key in places)


def passing(score: Score, ruleset: Ruleset) -> bool:
    """合格: not vetoed and at least the ruleset's pass mark (60 unless the ruleset says otherwise)."""
    return not score.veto and score.score >= ruleset.pass_mark


def _ranked(scores: list[Score]) -> list[Score]:
    """Competition ranking: sites not vetoed first, higher score first; equal standing, equal rank."""
    ordered = sorted(scores, key=lambda s: (s.veto, -s.score, s.site))
    ranked: list[Score] = []
    for position, score in enumerate(ordered, start=1):
        previous = ranked[-1] if ranked else None
        tied = previous is not None and (previous.veto, previous.score) == (score.veto, score.score)
        rank = previous.rank if tied and previous is not None else position
        ranked.append(dataclasses.replace(score, rank=rank))
    return ranked
