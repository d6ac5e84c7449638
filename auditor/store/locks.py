"""Site locks: never two audits of one site at once, on any machine sharing the database.

A run and its locks are written in one transaction (`runs.begin_run`), and a run's
end (complete, failed, interrupted) deletes its locks in the transaction that
records the ending. A lock held by a process that no longer exists is stale:

    same host, that pid gone (or a zombie)      the process died (SIGKILL, power cut)
    same host, our pid, another token           a container restarted: pid 1 again
    no heartbeat for LOCK_TTL                   another host died, or its pid was reused

Stale locks are deleted and their runs marked interrupted before anyone takes a
lock, so a crash never leaves a site locked or a run "running" for good.

A queued run (`[queue]`, auditor/queue/) is begun with its locks held by `QUEUE`, no
process: each site task takes its site's lock over (`claim_site`) and keeps it alive
while it audits the site, then hands it back. A queued run is never marked interrupted
for a dead holder: its broker gives the dead worker's task to another worker, which
takes the stale lock over. Its locks go when the run ends, as any run's.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import RunError
from ..models import RunStatus
from .tables import audit_runs, site_locks

HEARTBEAT_SECONDS = 30.0  # a running audit refreshes its locks this often
LOCK_TTL = timedelta(minutes=5)  # ten missed heartbeats: the holder is gone


@dataclass(frozen=True)
class Holder:
    """This process, as the locks name it."""

    host: str
    pid: int
    token: str

    @property
    def label(self) -> str:
        return f"{self.host}:{self.pid}"

    @classmethod
    def current(cls) -> Holder:
        return _CURRENT if _CURRENT.pid == os.getpid() else _refresh()


def _refresh() -> Holder:
    global _CURRENT
    _CURRENT = Holder(socket.gethostname(), os.getpid(), uuid.uuid4().hex)  # a forked child is another holder
    return _CURRENT


_CURRENT = Holder(socket.gethostname(), os.getpid(), uuid.uuid4().hex)
# A queued run's site that no worker holds (waiting for one, or judged already): never stale.
QUEUE = Holder("queue", 0, "queue")
QUEUE_FINISHER = "queue:finish:"  # a queued run's holder once a site task has claimed its finish, + the site


def queued_run(holder: str) -> bool:
    """Whether a run's holder says its sites are audited by queued tasks (auditor/queue/)."""
    return holder == QUEUE.label or holder.startswith(QUEUE_FINISHER)


class SiteClaim(StrEnum):
    CLAIMED = "claimed"  # the site task holds the lock now
    BUSY = "busy"  # a live worker holds it (the same task delivered twice): try again later
    ENDED = "ended"  # the run holds the site no more: it has ended


@dataclass(frozen=True)
class LockRecord:
    site_id: str
    run_id: int
    holder: str
    token: str
    heartbeat_at: datetime


class SitesBusy(RunError):
    """Some sites are being audited by another run; the message names them and the holder."""

    def __init__(self, locks: list[LockRecord]) -> None:
        self.locks = locks
        held = "; ".join(f"{lock.site_id} (运行 #{lock.run_id}, {lock.holder})" for lock in locks)
        super().__init__(
            f"网站正在被另一次审计检查，未开始本次审计 (sites busy): {held}。"
            "请等待其结束，或加 --wait 秒数 等待 (add --wait SECONDS to wait)"
        )


def _pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    try:  # a killed child its parent has not reaped yet is dead for our purpose
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def is_stale(lock: LockRecord, me: Holder, now: datetime) -> bool:
    host, _, pid_text = lock.holder.rpartition(":")
    if lock.token in (me.token, QUEUE.token):
        return False
    if now - lock.heartbeat_at > LOCK_TTL:
        return True
    if host != me.host or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    return pid == me.pid or _pid_gone(pid)


def all_locks(conn: Connection, site_ids: Iterable[str] | None = None) -> list[LockRecord]:
    query = sa.select(site_locks).order_by(site_locks.c.site_id)
    if site_ids is not None:
        query = query.where(site_locks.c.site_id.in_(list(site_ids)))
    return [
        LockRecord(row.site_id, row.run_id, row.holder, row.token, _aware(row.heartbeat_at))
        for row in conn.execute(query)
    ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clear_stale(conn: Connection, me: Holder, now: datetime) -> list[int]:
    """Delete dead holders' locks; mark their runs, and running runs holding no lock, interrupted.

    Returns the ids of the runs marked interrupted."""
    running = conn.execute(
        sa.select(audit_runs.c.id, audit_runs.c.started_at, audit_runs.c.holder)
        .where(audit_runs.c.status == RunStatus.RUNNING)
    ).all()
    queued = {row.id for row in running if queued_run(row.holder)}  # a dead worker's task is redelivered
    running = [row for row in running if row.id not in queued]
    locks = [lock for lock in all_locks(conn) if lock.run_id not in queued]
    dead_runs = {lock.run_id for lock in locks if is_stale(lock, me, now)}
    live_runs = {lock.run_id for lock in locks} - dead_runs
    if dead_runs:
        conn.execute(site_locks.delete().where(site_locks.c.run_id.in_(dead_runs)))
    # A run and its locks are written together, so a running run whose locks are dead is over.
    # One that never had a lock (no sites, or from before locks existed) is over after LOCK_TTL.
    orphans = [
        row.id for row in running
        if row.id in dead_runs or (row.id not in live_runs and now - _aware(row.started_at) > LOCK_TTL)
    ]
    if orphans:
        conn.execute(
            audit_runs.update().where(audit_runs.c.id.in_(orphans), audit_runs.c.status == RunStatus.RUNNING)
            .values(status=RunStatus.INTERRUPTED, finished_at=now)
        )
    return orphans


def take(conn: Connection, run_id: int, site_ids: list[str], me: Holder, now: datetime) -> None:
    """Insert one lock per site, or raise SitesBusy. Two processes racing past the check both
    insert; the primary key refuses the second (IntegrityError), whose transaction rolls back."""
    held = all_locks(conn, site_ids)
    if held:
        raise SitesBusy(held)
    rows = [
        {"site_id": site_id, "run_id": run_id, "holder": me.label, "token": me.token,
         "acquired_at": now, "heartbeat_at": now}
        for site_id in site_ids
    ]
    if rows:  # a run of no site (a cadence check where no column has a cadence rule) holds nothing
        conn.execute(site_locks.insert(), rows)


def heartbeat(conn: Connection, run_id: int, me: Holder, now: datetime) -> int:
    """Refresh this run's locks; the count left (0: they were taken over as stale)."""
    result = conn.execute(
        site_locks.update().where(site_locks.c.run_id == run_id, site_locks.c.token == me.token)
        .values(heartbeat_at=now)
    )
    return result.rowcount


def release(conn: Connection, run_id: int) -> None:
    conn.execute(site_locks.delete().where(site_locks.c.run_id == run_id))


# A queued run's site locks, one site task at a time (auditor/queue/).

def claim_site(conn: Connection, run_id: int, site_id: str, me: Holder, now: datetime) -> SiteClaim:
    """Take over the run's lock on the site from the queue, from this process's earlier attempt or
    from a dead worker. Compare-and-swap on the token: of two tasks racing, one updates the row."""
    row = conn.execute(
        sa.select(site_locks).where(site_locks.c.site_id == site_id, site_locks.c.run_id == run_id)
    ).first()
    if row is None:
        return SiteClaim.ENDED
    lock = LockRecord(row.site_id, row.run_id, row.holder, row.token, _aware(row.heartbeat_at))
    if lock.token not in (QUEUE.token, me.token) and not is_stale(lock, me, now):
        return SiteClaim.BUSY
    taken = conn.execute(
        site_locks.update()
        .where(site_locks.c.site_id == site_id, site_locks.c.run_id == run_id, site_locks.c.token == lock.token)
        .values(holder=me.label, token=me.token, acquired_at=now, heartbeat_at=now)
    )
    return SiteClaim.CLAIMED if taken.rowcount == 1 else SiteClaim.BUSY


def heartbeat_site(conn: Connection, run_id: int, site_id: str, me: Holder, now: datetime) -> int:
    """Refresh this process's lock on one site of a queued run; 0 when it was taken over or ended."""
    return conn.execute(
        site_locks.update()
        .where(site_locks.c.site_id == site_id, site_locks.c.run_id == run_id, site_locks.c.token == me.token)
        .values(heartbeat_at=now)
    ).rowcount


def hand_back(conn: Connection, run_id: int, site_id: str, me: Holder) -> None:
    """The site's lock back to the queue: its task has saved its judgement (or will be retried).
    The run keeps the site until it ends."""
    conn.execute(
        site_locks.update()
        .where(site_locks.c.site_id == site_id, site_locks.c.run_id == run_id, site_locks.c.token == me.token)
        .values(holder=QUEUE.label, token=QUEUE.token)
    )
