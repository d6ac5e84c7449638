"""The side that begins a queued run and waits for it: `auditor audit` and the daemon.

The run is begun as in process (its row, its sites' locks, waiting up to `wait_seconds` for
sites another audit holds), but its locks are held by the queue, then one task per site goes
to the broker. Waiting is reading the run's row until a site task has completed (or failed)
it; the result is then read back from the store (`audit.stored_result`), so it prints exactly
as an in-process run does. Whoever waits may stop waiting: the run goes on on the workers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from ..audit import AuditResult, finish_run, stored_result
from ..config import Config
from ..context import AuditScope
from ..errors import RunError
from ..logs import event
from ..models import RunKind, RunStatus
from ..progress import Progress, SilentProgress
from ..rules import Ruleset
from ..store import Store
from ..store.locks import SitesBusy
from .app import TASK_NAME, make_app, queue_config

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how often the waiting side reads the run's row
LOCK_POLL_SECONDS = 5.0  # how often a run waiting for busy sites asks again


class RunLeft(RunError):
    """Whoever waited stopped waiting (Ctrl-C): the run goes on on the workers. Not an error: the
    message says where the run is, and no "错误" comes before it."""

    exit_code = 130
    shown_as = ""


def scope_of(config: Config, rulesets: list[Ruleset], kind: str, site_ids: Sequence[str] | None) -> AuditScope:
    """The run's scope, as the in-process audit of the same kind and sites builds it."""
    chosen = list(site_ids) if site_ids else None
    if kind == RunKind.CADENCE:
        return AuditScope.cadence(config, rulesets, chosen)
    return AuditScope.audit(config, rulesets, chosen, RunKind(kind))


async def audit_on_queue(
    config: Config, rulesets: list[Ruleset], store: Store, *, as_of: datetime, kind: RunKind,
    site_ids: list[str] | None = None, progress: Progress | None = None, wait_seconds: float = 0.0,
    begun: Callable[[int], None] | None = None,
) -> AuditResult:
    """Begin the run (`begun` is told its id), enqueue its sites, wait for the workers to complete
    it, read it back. Cancelled while waiting: the run is left to the workers."""
    scope = scope_of(config, rulesets, kind, site_ids)
    run_id = await begin_queued(config, scope, store, as_of, wait_seconds)
    if begun is not None:
        begun(run_id)
    try:
        return await wait_for(store, scope, run_id, progress or SilentProgress())
    except asyncio.CancelledError:
        event(log, "run.left", f"停止等待，运行 #{run_id} 由 worker 继续完成 (left to the workers)",
              level=logging.WARNING, run=run_id)
        raise


async def begin_queued(config: Config, scope: AuditScope, store: Store, as_of: datetime, wait_seconds: float) -> int:
    """The run begun with its locks held by the queue, and one task per site on the broker. A broker
    that refuses the tasks fails the run (RunError): no worker would ever complete it."""
    await asyncio.to_thread(store.sync_sites, config)
    site_ids = scope.site_ids
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            run_id = await asyncio.to_thread(store.begin_run, as_of, site_ids, scope.kind, queued=True)
            break
        except SitesBusy as busy:
            if time.monotonic() >= deadline:
                raise
            event(log, "run.waiting", str(busy), sites=[lock.site_id for lock in busy.locks])
            await asyncio.sleep(min(LOCK_POLL_SECONDS, max(deadline - time.monotonic(), 0.1)))
    event(log, "run.start", f"审计开始 run {run_id}（{len(site_ids)} 个网站交给 worker）", run=run_id, kind=scope.kind,
          sites=len(site_ids), queue=queue_config(config).name)
    if not site_ids:  # nothing for a worker to do (a cadence check with no cadence column): finish it here
        await asyncio.to_thread(finish_run, store, scope, run_id, stored_targets=True)
        return run_id
    try:
        await asyncio.to_thread(_enqueue, config, run_id, site_ids)
    except Exception as exc:  # kombu's and the socket's errors alike: the tasks did not all go
        await asyncio.to_thread(store.finish_run, run_id, RunStatus.FAILED, sites=len(site_ids), pages=0, links=0)
        raise RunError(f"无法把网站审计任务放入消息队列，运行 #{run_id} 已标记为失败 (the broker refused the tasks): {exc}") from exc
    return run_id


def _enqueue(config: Config, run_id: int, site_ids: list[str]) -> None:
    app = make_app(config)
    name = queue_config(config).name
    try:
        with app.producer_or_acquire() as producer:
            for site_id in site_ids:
                app.send_task(TASK_NAME, args=[run_id, site_id], queue=name, producer=producer,
                              retry=True, retry_policy={"max_retries": 3, "interval_start": 1, "interval_step": 2})
    finally:
        app.close()


async def wait_for(store: Store, scope: AuditScope, run_id: int, progress: Progress) -> AuditResult:
    """Until the run is complete (its result read back from the store) or has failed (RunError);
    the sites' progress as their judgements are saved."""
    progress.start(len(scope.sites))
    shown: set[str] = set()
    try:
        while True:
            run = await asyncio.to_thread(store.run, run_id)
            if run is None:
                raise RunError(f"没有运行 #{run_id} (no such run)")
            for site, pages in sorted((await asyncio.to_thread(store.judged_sites, run_id)).items()):
                if site not in shown:
                    shown.add(site)
                    progress.site_done(site, pages)
            if run.status == RunStatus.COMPLETE:
                return await asyncio.to_thread(stored_result, store, scope, run_id)
            if run.status != RunStatus.RUNNING:
                raise RunError(f"审计未能完成 (run {run_id} {run.status})：详见 worker 的日志 (see the workers' logs)")
            await asyncio.sleep(POLL_SECONDS)
    finally:
        progress.finish()
