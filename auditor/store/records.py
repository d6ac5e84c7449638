"""Small values the store returns besides the pipeline's own (auditor.models)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

RUN_STATUSES = ("running", "complete", "failed", "interrupted")
RUN_KINDS = ("full", "cadence", "site")


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One audit run. Times are timezone-aware UTC."""

    id: int
    as_of: datetime
    started_at: datetime
    finished_at: datetime | None
    status: str  # running | complete | failed | interrupted
    kind: str  # full | cadence | site
    site_ids: tuple[str, ...]
    sites: int
    pages: int
    links: int


@dataclass(frozen=True, slots=True)
class ProbeRecord:
    """One availability probe of a site's home page."""

    site_id: str
    at: datetime  # UTC
    outcome: str  # an auditor.models.Outcome value
    status: int | None
    seconds: float | None  # response time
    error: str = ""
