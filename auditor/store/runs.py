"""Sites and columns synced from the config; audit runs and their counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..config import Config
from ..errors import RunError
from ..models import RunStatus
from . import locks
from .locks import Holder
from .page_cache import prune_sites
from .records import RUN_KINDS, RUN_STATUSES, RunRecord
from .rows import run_from_row
from .sqltypes import clean_text, clean_url
from .tables import audit_runs, site_columns, sites


def sync_sites(conn: Connection, config: Config) -> None:
    """Upsert every configured site and column; ones no longer configured become inactive (and
    their cached pages go: the page cache holds only what the configured sites can use)."""
    now = datetime.now(UTC)
    site_rows = [
        {"id": s.id, "name": clean_text(s.name), "url": clean_url(s.url), "kind": s.kind,
         "unit": clean_text(s.unit), "active": True, "synced_at": now}
        for s in config.sites
    ]
    column_rows = [
        {"site_id": s.id, "id": c.id, "name": clean_text(c.name), "url": clean_url(c.url), "kind": c.kind,
         "category": c.category, "update_within": c.update_within, "active": True}
        for s in config.sites for c in s.columns
    ]
    _upsert(conn, sites, site_rows, ("id",))
    _upsert(conn, site_columns, column_rows, ("site_id", "id"))
    conn.execute(sites.update().where(sites.c.id.not_in([r["id"] for r in site_rows])).values(active=False))
    prune_sites(conn, [s.id for s in config.sites])  # a site left out of the config keeps no cached pages
    configured = {(r["site_id"], r["id"]) for r in column_rows}
    stale = [key for key in conn.execute(sa.select(site_columns.c.site_id, site_columns.c.id)) if tuple(key) not in configured]
    if stale:
        conn.execute(
            site_columns.update()
            .where(site_columns.c.site_id == sa.bindparam("b_site"), site_columns.c.id == sa.bindparam("b_id"))
            .values(active=False),
            [{"b_site": site_id, "b_id": column_id} for site_id, column_id in stale],
        )


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], key: tuple[str, ...]) -> None:
    """Portable upsert: the config holds tens of sites, so read the keys and split."""
    if not rows:
        return
    existing = {tuple(r) for r in conn.execute(sa.select(*(table.c[k] for k in key)))}
    new = [r for r in rows if tuple(r[k] for k in key) not in existing]
    old = [r for r in rows if tuple(r[k] for k in key) in existing]
    if new:
        conn.execute(table.insert(), new)
    if old:
        # executemany: the SET clause comes from the non-key names of each parameter dict
        where = [table.c[k] == sa.bindparam(f"b_{k}") for k in key]
        params = [{**{n: v for n, v in r.items() if n not in key}, **{f"b_{k}": r[k] for k in key}} for r in old]
        conn.execute(table.update().where(*where), params)


def start_run(
    conn: Connection, as_of: datetime, site_ids: list[str], kind: str, *, holder: str = "", redoes: int | None = None
) -> int:
    if kind not in RUN_KINDS:
        raise ValueError(f"run kind {kind!r} is not one of {RUN_KINDS}")
    result = conn.execute(
        audit_runs.insert().values(
            as_of=as_of, started_at=datetime.now(UTC), status=RunStatus.RUNNING, kind=kind,
            site_ids=list(site_ids), sites=len(site_ids), pages=0, links=0, holder=holder, redoes=redoes,
        )
    )
    key = result.inserted_primary_key
    assert key is not None  # an insert of one row always has its key
    return int(key[0])


def begin_run(conn: Connection, as_of: datetime, site_ids: list[str], kind: str, me: Holder) -> int:
    """A new running run and its site locks, in the caller's one transaction (SitesBusy if held).

    The run redoes the latest interrupted run of the same kind and sites, if no run
    completed since: `auditor runs` shows which run finished the work a crash cut short."""
    run_id = start_run(conn, as_of, site_ids, kind, holder=me.label, redoes=_unfinished(conn, site_ids, kind))
    locks.take(conn, run_id, site_ids, me, datetime.now(UTC))
    return run_id


def _unfinished(conn: Connection, site_ids: list[str], kind: str) -> int | None:
    latest = conn.execute(
        sa.select(audit_runs.c.id, audit_runs.c.status, audit_runs.c.site_ids)
        .where(audit_runs.c.kind == kind, audit_runs.c.status.in_((RunStatus.COMPLETE, RunStatus.INTERRUPTED)))
        .order_by(audit_runs.c.id.desc()).limit(20)
    ).all()
    for row in latest:
        if sorted(row.site_ids or ()) == sorted(site_ids):
            return row.id if row.status == RunStatus.INTERRUPTED else None
    return None


def finish_run(conn: Connection, run_id: int, status: str, *, sites: int, pages: int, links: int) -> None:
    """Record how the run ended and free its sites, in one transaction."""
    if status not in RUN_STATUSES or status == RunStatus.RUNNING:
        raise ValueError(f"a run finishes as complete, failed or interrupted, not {status!r}")
    updated = conn.execute(
        audit_runs.update().where(audit_runs.c.id == run_id, audit_runs.c.status == RunStatus.RUNNING)
        .values(status=status, finished_at=datetime.now(UTC), sites=sites, pages=pages, links=links)
    )
    if updated.rowcount != 1:
        ended = conn.execute(sa.select(audit_runs.c.status).where(audit_runs.c.id == run_id)).scalar()
        if ended is None:
            raise KeyError(f"no audit run {run_id}")
        if status == RunStatus.COMPLETE:  # another process found this one dead and took its sites over
            raise RunError(f"运行 #{run_id} 已被标记为 {ended}（其网站锁已被接管），本次结果未保存 (run taken over)")
        return
    locks.release(conn, run_id)


def list_runs(conn: Connection, limit: int) -> list[RunRecord]:
    query = sa.select(audit_runs).order_by(audit_runs.c.id.desc()).limit(max(limit, 0))
    return [run_from_row(row) for row in conn.execute(query)]


def get_run(conn: Connection, run_id: int) -> RunRecord | None:
    row = conn.execute(sa.select(audit_runs).where(audit_runs.c.id == run_id)).first()
    return run_from_row(row) if row else None


def latest_run(
    conn: Connection, status: str | None, kinds: tuple[str, ...] = RUN_KINDS, before: int | None = None,
) -> RunRecord | None:
    query = sa.select(audit_runs).where(audit_runs.c.kind.in_(kinds)).order_by(audit_runs.c.id.desc()).limit(1)
    if before is not None:
        query = query.where(audit_runs.c.id < before)
    if status is not None:
        query = query.where(audit_runs.c.status == status)
    row = conn.execute(query).first()
    return run_from_row(row) if row else None
