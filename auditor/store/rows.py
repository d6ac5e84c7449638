"""Conversions between the pipeline's dataclasses and rows: tuples for the crawl's bulk
inserts (`bulk.py`, in the order of the *_COLUMNS below), dictionaries for the rest.

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


# the columns the crawl's writes fill, in the order of the tuples below and of the tables (bulk.py)
PAGE_COLUMNS = (
    "run_id", "site_id", "column_id", "url", "final_url", "status", "outcome", "error", "redirects", "fetched_at",
    "content_hash", "encoding", "etag", "last_modified", "size", "depth", "title",
)
LINK_COLUMNS = ("run_id", "site_id", "source_url", "target", "element", "attribute", "text")
ITEM_COLUMNS = ("run_id", "site_id", "column_id", "title", "url", "item_date")
LINK_RESULT_COLUMNS = (
    "run_id", "url", "outcome", "status", "error", "final_url", "redirects", "checked_at", "elapsed", "title",
)


def page_values(run_id: int, page: Page, fetch: FetchResult) -> tuple[Any, ...]:
    return (
        run_id,
        page.site_id,
        page.column_id,
        clean_url(page.url),
        clean_url(fetch.final_url or page.final_url),
        page.status if page.status is not None else fetch.status,
        Outcome(page.outcome).value,
        clean_text(fetch.error),
        _urls(fetch.redirects),
        fetch.fetched_at,
        clean_text(fetch.content_hash, 64),
        clean_text(fetch.encoding, 32),
        clean_optional(fetch.etag),
        clean_optional(fetch.last_modified),
        max(fetch.size, 0),
        page.depth,
        clean_text(page.title),
    )


def link_values(run_id: int, site_id: str, link: Link) -> tuple[Any, ...]:
    return (
        run_id, site_id, clean_url(link.source), clean_url(link.target), clean_text(link.element, 32),
        clean_text(link.attribute, 32), clean_text(link.text),
    )


def item_values(run_id: int, site_id: str, column_id: str, item: ListItem) -> tuple[Any, ...]:
    return run_id, site_id, column_id, clean_text(item.title), clean_url(item.url), item.date


def link_result_values(run_id: int, result: LinkResult) -> tuple[Any, ...]:
    return (
        run_id,
        clean_url(result.url),
        Outcome(result.outcome).value,
        result.status,
        clean_text(result.error),
        clean_url(result.final_url),
        _urls(result.redirects),
        result.checked_at,
        float(result.elapsed),
        clean_text(result.title),
    )


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
