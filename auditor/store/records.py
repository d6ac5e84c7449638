"""Small values the store returns besides the pipeline's own (auditor.models)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..models import RunKind, RunStatus

RUN_STATUSES = tuple(RunStatus)
RUN_KINDS = tuple(RunKind)
SCORED_KINDS = (RunKind.FULL, RunKind.SITE)  # runs that score and rank; a cadence check judges cadence rules only


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One audit run. Times are timezone-aware UTC."""

    id: int
    as_of: datetime
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    kind: RunKind
    site_ids: tuple[str, ...]
    sites: int
    pages: int
    links: int
    holder: str = ""  # host:pid of the process that ran it
    redoes: int | None = None  # the interrupted run it audited again


@dataclass(frozen=True, slots=True)
class ProbeRecord:
    """One availability probe of a site's home page."""

    site_id: str
    at: datetime  # UTC
    outcome: str  # an auditor.models.Outcome value
    status: int | None
    seconds: float | None  # response time
    error: str = ""


@dataclass(frozen=True, slots=True)
class PublishedItem:
    """One item a site listed with a date in the asked year, once per site and URL (R11)."""

    site_id: str
    column_id: str
    column_name: str  # "" when the column is no longer known
    kind: str  # the column kind; "other" when the column is no longer known
    category: str | None  # the column's disclosure category, None when the config sets none
    url: str
    item_date: date


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What a run kept of one fetched page (no body is kept): for the dashboard's evidence."""

    url: str
    final_url: str
    status: int | None
    outcome: str  # an auditor.models.Outcome value
    error: str
    redirects: tuple[str, ...]
    fetched_at: datetime | None
    title: str
    content_hash: str
    size: int


@dataclass(frozen=True, slots=True)
class ColumnLatest:
    """A column's list items as one run read them: how many, and the newest item date."""

    column_id: str
    items: int
    dated: int  # items with a date
    newest: date | None
