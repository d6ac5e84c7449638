"""The JSON output contract (SPEC §5)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from ..models import BrokenRule, Problem, Score

if TYPE_CHECKING:
    from ..links.summary import UnverifiedLink
    from ..models import SiteCoverage, UnverifiedCheck
    from ..store import RunRecord


def _iso(value: datetime | None, tz: tzinfo | None = None) -> str | None:
    """Times are stored in UTC and shown in the config's timezone (SPEC §5: +08:00)."""
    if value is None:
        return None
    return (value.astimezone(tz) if tz else value).isoformat()


def run_document(run: RunRecord, tz: tzinfo | None = None) -> dict[str, Any]:
    return {
        "id": run.id,
        "as_of": _iso(run.as_of, tz),
        "status": run.status,
        "sites": run.sites,
        "pages": run.pages,
        "links": run.links,
    }


def violation_document(violation: Problem, tz: tzinfo | None = None) -> dict[str, Any]:
    """One problem (SPEC §5): `rules` lists every rule it breaks, the top-level fields repeat the first."""
    return {
        "id": violation.id,
        "ruleset": violation.ruleset,
        "rule": violation.rule,
        "rules": [rule_document(rule) for rule in violation.rules],
        "check": violation.check,
        "severity": violation.severity,
        "points": violation.points,
        "veto": violation.veto,
        "site": violation.site,
        "column": violation.column,
        "url": violation.url,
        "message": violation.message,
        "evidence": violation.evidence,
        "status": violation.status,
        "first_seen": _iso(violation.first_seen, tz),
        "last_seen": _iso(violation.last_seen, tz),
    }


def rule_document(rule: BrokenRule) -> dict[str, Any]:
    return {"ruleset": rule.ruleset, "rule": rule.rule, "severity": rule.severity, "points": rule.points, "veto": rule.veto}


def score_document(score: Score) -> dict[str, Any]:
    # "ruleset", "points", "previous" and "fail_reason" extend SPEC §5: a site is scored under each
    # ruleset; fail_reason says why it fails whatever its score (单项否决, a home page not read), "" if not
    return {
        "site": score.site,
        "score": score.score,
        "veto": score.veto,
        "rank": score.rank,
        "ruleset": score.ruleset,
        "points": score.points,
        "previous": score.previous,
        "fail_reason": score.fail_reason,
    }


def audit_document(
    run: RunRecord, violations: list[Problem], scores: list[Score], tz: tzinfo | None = None,
    link_outcomes: dict[str, int] | None = None, unverified: list[UnverifiedLink] | None = None,
    unverified_checks: list[UnverifiedCheck] | None = None, coverage: list[SiteCoverage] | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "run": run_document(run, tz),
        "violations": [violation_document(v, tz) for v in violations],
        "scores": [score_document(s) for s in scores],
    }
    # extends SPEC §5: the link stage's counts, and the targets it could not verify, reported apart
    if link_outcomes is not None:
        document["link_outcomes"] = link_outcomes
    if unverified is not None:
        document["unverified_links"] = [link.document() for link in unverified]
    # extends SPEC §5: what a check could not judge, and why; never a violation
    if unverified_checks is not None:
        document["unverified"] = [
            {"site": u.site, "column": u.column, "check": u.check, "url": u.url, "reason": u.reason}
            for u in unverified_checks
        ]
    # extends SPEC §5: what the run read of each site, and what it could not read
    if coverage is not None:
        document["coverage"] = [site.document() for site in coverage]
    return document
