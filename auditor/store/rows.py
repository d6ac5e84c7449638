"""Conversions between the pipeline's dataclasses and row dictionaries.

Everything written is cleaned (see `sqltypes.clean_text`); everything read becomes
a frozen dataclass, so no SQLAlchemy row leaves the package.
"""

from __future__ import annotations

from typing import Any

from ..models import (
    FetchResult,
    Finding,
    Link,
    LinkResult,
    ListItem,
    Outcome,
    Page,
    RunKind,
    RunStatus,
    Score,
)
from .records import ProbeRecord, RunRecord
from .sqltypes import LONG_BYTES, clean_optional, clean_text, clean_url

MAX_REDIRECTS_KEPT = 50  # a redirect chain longer than this is a loop; keep its start


def _urls(values: tuple[str, ...]) -> list[str]:
    return [clean_url(value) for value in values[:MAX_REDIRECTS_KEPT]]


def page_row(run_id: int, page: Page, fetch: FetchResult) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "site_id": page.site_id,
        "column_id": page.column_id,
        "url": clean_url(page.url),
        "final_url": clean_url(fetch.final_url or page.final_url),
        "status": page.status if page.status is not None else fetch.status,
        "outcome": Outcome(page.outcome).value,
        "error": clean_text(fetch.error),
        "redirects": _urls(fetch.redirects),
        "fetched_at": fetch.fetched_at,
        "content_hash": clean_text(fetch.content_hash, 64),
        "encoding": clean_text(fetch.encoding, 32),
        "etag": clean_optional(fetch.etag),
        "last_modified": clean_optional(fetch.last_modified),
        "size": max(fetch.size, 0),
        "depth": page.depth,
        "title": clean_text(page.title),
    }


def link_row(run_id: int, site_id: str, link: Link) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "site_id": site_id,
        "source_url": clean_url(link.source),
        "target": clean_url(link.target),
        "element": clean_text(link.element, 32),
        "attribute": clean_text(link.attribute, 32),
        "text": clean_text(link.text),
    }


def item_row(run_id: int, site_id: str, column_id: str, item: ListItem) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "site_id": site_id,
        "column_id": column_id,
        "title": clean_text(item.title),
        "url": clean_url(item.url),
        "item_date": item.date,
    }


def link_result_row(run_id: int, result: LinkResult) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "url": clean_url(result.url),
        "outcome": Outcome(result.outcome).value,
        "status": result.status,
        "error": clean_text(result.error),
        "final_url": clean_url(result.final_url),
        "redirects": _urls(result.redirects),
        "checked_at": result.checked_at,
        "elapsed": float(result.elapsed),
        "title": clean_text(result.title),
    }


def link_from_row(row: Any) -> Link:
    return Link(source=row.source_url, target=row.target, element=row.element, attribute=row.attribute, text=row.text)


def link_result_from_row(row: Any) -> LinkResult:
    return LinkResult(
        url=row.url,
        outcome=Outcome(row.outcome),
        status=row.status,
        error=row.error,
        final_url=row.final_url,
        redirects=tuple(row.redirects or ()),
        checked_at=row.checked_at,
        elapsed=row.elapsed,
        title=row.title,
    )


def finding_values(finding: Finding) -> dict[str, Any]:
    """The columns a finding sets, on insert and on every later sighting."""
    return {
        "ruleset": clean_text(finding.ruleset, 64),
        "rule": clean_text(finding.rule, 64),
        "check_type": clean_text(finding.check, 64),
        "severity": clean_text(finding.severity, 16),
        "points": float(finding.points),
        "veto": bool(finding.veto),
        "site_id": finding.site,
        "column_id": finding.column,
        "url": clean_url(finding.url),
        "message": clean_text(finding.message, LONG_BYTES),
        "evidence": dict(finding.evidence),
    }


def score_row(run_id: int, score: Score) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "site_id": score.site,
        "ruleset": score.ruleset,
        "score": float(score.score),
        "veto": bool(score.veto),
        "rank": score.rank,
        "points": float(score.points),
        "previous": score.previous,
        "fail_reason": score.fail_reason,
    }


def score_from_row(row: Any) -> Score:
    return Score(
        site=row.site_id, ruleset=row.ruleset, score=row.score, veto=row.veto,
        rank=row.rank, points=row.points, previous=row.previous, fail_reason=row.fail_reason or "",
    )


def run_from_row(row: Any) -> RunRecord:
    return RunRecord(
        id=row.id,
        as_of=row.as_of,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=RunStatus(row.status),
        kind=RunKind(row.kind),
        site_ids=tuple(row.site_ids or ()),
        sites=row.sites,
        pages=row.pages,
        links=row.links,
        holder=row.holder or "",
        redoes=row.redoes,
    )


def probe_from_row(row: Any) -> ProbeRecord:
    return ProbeRecord(
        site_id=row.site_id, at=row.probed_at, outcome=row.outcome,
        status=row.status, seconds=row.response_seconds, error=row.error,
    )
