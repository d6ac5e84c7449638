"""The JSON output contract (SPEC §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..models import Score, Violation


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def run_document(run) -> dict[str, Any]:
    return {
        "id": run.id,
        "as_of": _iso(run.as_of),
        "status": run.status,
        "sites": run.sites,
        "pages": run.pages,
        "links": run.links,
    }


def violation_document(violation: Violation) -> dict[str, Any]:
    return {
        "id": violation.id,
        "ruleset": violation.ruleset,
        "rule": violation.rule,
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
        "first_seen": _iso(violation.first_seen),
        "last_seen": _iso(violation.last_seen),
    }


def score_document(score: Score) -> dict[str, Any]:
    # "ruleset", "points" and "previous" extend SPEC §5: a site is scored under each ruleset
    return {
        "site": score.site,
        "score": score.score,
        "veto": score.veto,
        "rank": score.rank,
        "ruleset": score.ruleset,
        "points": score.points,
        "previous": score.previous,
    }


def audit_document(run, violations: list[Violation], scores: list[Score]) -> dict[str, Any]:
    return {
        "run": run_document(run),
        "violations": [violation_document(v) for v in violations],
        "scores": [score_document(s) for s in scores],
    }
