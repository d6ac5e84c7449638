"""The worker's side: the site task, and `auditor worker`.

A site task (`run_site_task`) for (run, site) of a begun run:

    lock       take the site's lock over from the queue (or from a dead worker); a live
               worker holding it means the task was delivered twice: try again later;
               no lock means the run has ended: nothing to do (a redelivery after the finish)
    stage      unless the site's judgement is saved already, `audit.run_site_stage`: it
               deletes what an earlier attempt wrote of the site, so running it again is safe;
               the lock's heartbeat is kept on a thread of its own while it runs
    finish     `store.claim_finish`, one UPDATE: the task that finds every judgement of the
               run saved (and the run not claimed) finishes it (`audit.finish_run`); the others
               hand their lock back to the queue. This is the chord's equivalent, with no
               result backend: the count is in PostgreSQL, so it survives a restart of a
               worker or of the broker, and a task redelivered after the finish does nothing.

Database, broker and network errors are retried with a doubling delay, `[queue] task_retries`
times; any other error (a bug, a config the run does not fit) fails the run at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exc as sa_exc

from .. import api
from ..audit import finish_run, run_site_stage
from ..config import Config
from ..context import AuditScope, Clock
from ..errors import RunError, StorageError
from ..fetch import SharedLimits, share_limits
from ..logs import event
from ..models import RunStatus
from ..rules import Ruleset
from ..store import Store
from ..store.locks import HEARTBEAT_SECONDS, Holder, SiteClaim
from .app import TASK_NAME, make_app, queue_config, rate_limits_url
from .runs import scope_of

log = logging.getLogger(__name__)

BUSY_RETRY_SECONDS = 60.0  # a site another worker is auditing (a task delivered twice): ask again after this
FIRST_RETRY_SECONDS = 5.0  # a transient error's first retry; doubled each time, at most MAX_RETRY_SECONDS
MAX_RETRY_SECONDS = 600.0


class SiteBusy(Exception):
    """A live worker holds the site's lock in this run."""


def _transient() -> tuple[type[BaseException], ...]:
    """Errors worth a retry: the database (StorageError wraps its errors), the broker, the network."""
    from kombu.exceptions import OperationalError as BrokerError

    return (StorageError, sa_exc.OperationalError, sa_exc.InterfaceError, BrokerError, OSError)


def run_site_task(config: Config, rulesets: list[Ruleset], store: Store, run_id: int, site_id: str) -> str:
    """One site of a queued run, as described above; what it did ("ended", "judged", "finished")."""
    me = Holder.current()
    claim = store.claim_site(run_id, site_id, me)
    if claim == SiteClaim.ENDED:
        event(log, "task.skipped", f"运行 #{run_id} 已结束，跳过网站 {site_id}", run=run_id, site=site_id)
        return "ended"
    if claim == SiteClaim.BUSY:
        raise SiteBusy(f"网站 {site_id} 正由另一个 worker 审计 (run {run_id})")
    finished = False
    try:
        with _heartbeat(store, run_id, site_id, me):
            run = store.run(run_id)
            assert run is not None  # it holds a lock
            scope = scope_of(config, rulesets, run.kind, run.site_ids)
            if site_id not in store.judged_sites(run_id):  # else an earlier attempt died after saving it
                asyncio.run(run_site_stage(config, scope, store, Clock(run.as_of), run_id, site_id))
                event(log, "task.judged", f"网站评判完成 {site_id}", run=run_id, site=site_id)
            if store.claim_finish(run_id, site_id, len(run.site_ids)):
                finished = _finish(store, scope, run_id)
    finally:
        if not finished:  # a retry, or another worker, takes the site from the queue again
            _hand_back(store, run_id, site_id, me)
    return "finished" if finished else "judged"


def _finish(store: Store, scope: AuditScope, run_id: int) -> bool:
    try:
        finished = finish_run(store, scope, run_id, stored_targets=True)
    except RunError:
        run = store.run(run_id)
        if run is not None and run.status == RunStatus.COMPLETE:  # this task's earlier attempt finished it
            return True
        raise
    run = store.run(run_id)
    event(log, "run.finish", f"审计完成 run {run_id}", run=run_id, kind=scope.kind,
          pages=run.pages if run else 0, violations=len(finished.violations))
    return True


def _hand_back(store: Store, run_id: int, site_id: str, me: Holder) -> None:
    try:
        store.hand_back_site(run_id, site_id, me)
    except StorageError:  # the lock goes stale instead (LOCK_TTL) and is taken over then
        log.warning("run %s: could not hand site %s back to the queue", run_id, site_id, exc_info=True)


@contextmanager
def _heartbeat(store: Store, run_id: int, site_id: str, me: Holder) -> Iterator[None]:
    """The site's lock kept alive while the task runs, on a thread of its own: the stage's
    event loop and its store thread may be busy for longer than a heartbeat."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                if store.heartbeat_site(run_id, site_id, me) == 0:
                    log.error("run %s: the lock on site %s was taken over or the run ended", run_id, site_id)
                    return
            except StorageError:
                log.warning("run %s: heartbeat of site %s failed", run_id, site_id, exc_info=True)

    beating = threading.Thread(target=beat, name=f"heartbeat-{site_id}", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


# The worker process: its config and rulesets loaded once before the pool forks; a store
# per process (an engine's connections must not cross a fork).

@dataclass
class WorkerState:
    config: Config
    rulesets: list[Ruleset]
    _stores: dict[int, Store] = field(default_factory=dict)

    def store(self) -> Store:
        pid = os.getpid()
        if pid not in self._stores:
            self._stores[pid] = api.open_store(self.config)
        return self._stores[pid]


_state: WorkerState | None = None


def audit_site(task: Any, run_id: int, site_id: str) -> str:
    """The Celery task (bound: `task` is Celery's request and retry API)."""
    assert _state is not None, "the site task runs in `auditor worker`"
    config, store = _state.config, _state.store()
    retries = queue_config(config).task_retries
    try:
        return run_site_task(config, _state.rulesets, store, run_id, site_id)
    except SiteBusy as busy:
        event(log, "task.busy", str(busy), run=run_id, site=site_id)
        raise task.retry(countdown=BUSY_RETRY_SECONDS, max_retries=None) from None
    except _transient() as error:
        if task.request.retries < retries:
            delay = min(FIRST_RETRY_SECONDS * 2 ** task.request.retries, MAX_RETRY_SECONDS)
            event(log, "task.retry", f"网站 {site_id} 审计出错，{delay:g} 秒后重试: {error}", level=logging.WARNING,
                  run=run_id, site=site_id, retries=task.request.retries)
            raise task.retry(exc=error, countdown=delay, max_retries=retries) from None
        _fail(store, run_id, site_id, error)
        raise
    except Exception as error:  # not worth a retry: the run cannot complete
        _fail(store, run_id, site_id, error)
        raise


def _fail(store: Store, run_id: int, site_id: str, error: BaseException) -> None:
    log.error("run %s failed at site %s: %s", run_id, site_id, error, exc_info=error)
    try:
        run = store.run(run_id)
        if run is not None and run.status == RunStatus.RUNNING:
            store.finish_run(run_id, RunStatus.FAILED, sites=len(run.site_ids), pages=0, links=0)
    except StorageError:
        log.exception("run %s: could not record the failure", run_id)


def run_worker(config_path: str, concurrency: int | None, loglevel: str = "INFO") -> None:
    """`auditor worker`: a Celery worker consuming `[queue] name`, `concurrency` site tasks at once."""
    global _state
    config, rulesets = api.load(config_path)
    queue = queue_config(config)
    _state = WorkerState(config, rulesets)
    limits = rate_limits_url(config)  # before the pool forks: every site task's Fetcher shares its starts there
    share_limits(SharedLimits(limits) if limits else None)
    app = make_app(config)
    app.task(name=TASK_NAME, bind=True)(audit_site)
    event(log, "worker.start", f"worker 启动，队列 {queue.name}", queue=queue.name,
          concurrency=concurrency or queue.worker_concurrency, shared_rate_limits=limits is not None)
    if limits is None:  # each pool process keeps its own gate: sites sharing a host get it N times over
        event(log, "worker.rates_not_shared",
              "未设置 [queue] rate_limits：每个进程单独按主机限速，多个进程同时审计同一主机上的网站时总速率会成倍增加 "
              "(per-host rates are per process; set [queue] rate_limits to a Redis to hold them across workers)",
              level=logging.WARNING)
    app.worker_main([
        "worker", f"--concurrency={concurrency or queue.worker_concurrency}", f"--queues={queue.name}",
        f"--loglevel={loglevel}", f"--hostname=auditor-{os.getpid()}@{socket.gethostname()}",
        "--without-gossip", "--without-mingle", "--pool=prefork",
    ])
