"""`auditor runs --live`: where each site of a running run stands, read from the store.

A queued run (auditor/queue/) is worked on by `auditor worker` processes on any machine; the
database is the one place that knows them all: a site with a saved judgement is done, a site
whose lock a worker holds is being audited there (its heartbeat says it is alive), a site whose
lock the queue still holds waits for a worker. An in-process run holds every lock itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.markup import escape
from rich.table import Table

from ..models import Labelled, RunStatus
from ..store.locks import QUEUE, LockRecord
from ..store.records import RunRecord


class SiteState(Labelled):
    JUDGED = "judged", "已完成"
    RUNNING = "running", "审计中"
    QUEUED = "queued", "排队等待"
    NONE = "none", "—"  # the run has ended, or the site was never begun


@dataclass(frozen=True, slots=True)
class SiteProgress:
    site_id: str
    state: SiteState
    holder: str = ""  # the worker (host:pid) auditing it
    pages: int = 0  # stored by its finished stage
    heartbeat_at: datetime | None = None  # the holder's last sign of life


def site_progress(run: RunRecord, locks: Iterable[LockRecord], judged: Mapping[str, int]) -> list[SiteProgress]:
    """Each site of the run, in the run's order, by what the store shows of it now."""
    held = {lock.site_id: lock for lock in locks if lock.run_id == run.id}
    rows = []
    for site in run.site_ids:
        lock = held.get(site)
        if site in judged:
            rows.append(SiteProgress(site, SiteState.JUDGED, pages=judged[site]))
        elif lock is None:
            rows.append(SiteProgress(site, SiteState.NONE))
        elif lock.token == QUEUE.token:  # taken by no worker yet
            rows.append(SiteProgress(site, SiteState.QUEUED))
        else:
            rows.append(SiteProgress(site, SiteState.RUNNING, holder=lock.holder, heartbeat_at=lock.heartbeat_at))
    return rows


def summary_line(run: RunRecord, sites: list[SiteProgress]) -> str:
    """One line: the run, its status and how many sites stand where (what a log or a pipe gets)."""
    counts = Counter(site.state for site in sites)
    parts = [f"{state.label} {counts[state]}" for state in (SiteState.JUDGED, SiteState.RUNNING, SiteState.QUEUED)]
    return f"审计 #{run.id} {RunStatus.label_of(run.status)}：共 {len(sites)} 个网站，" + "，".join(parts)


def progress_document(run: RunRecord, sites: list[SiteProgress]) -> str:
    """One JSON line per look (`--format json`): for a script that follows a run."""
    return json.dumps({
        "run": run.id, "status": run.status.value,
        "sites": [{"site": s.site_id, "state": s.state.value, "holder": s.holder, "pages": s.pages} for s in sites],
    }, ensure_ascii=False)


def progress_table(run: RunRecord, sites: list[SiteProgress], now: datetime, tz: tzinfo | None = None) -> Table:
    """The run's sites as a table; a holder's heartbeat as seconds ago (a dead worker's grows)."""
    table = Table(title=summary_line(run, sites), title_justify="left")
    for column in ("网站", "状态", "所在进程", "页面", "心跳"):
        table.add_column(column)
    for site in sites:
        beat = f"{(now - site.heartbeat_at).total_seconds():.0f} 秒前" if site.heartbeat_at else ""
        table.add_row(escape(site.site_id), site.state.label, escape(site.holder),
                      str(site.pages) if site.state is SiteState.JUDGED else "", beat)
    return table
