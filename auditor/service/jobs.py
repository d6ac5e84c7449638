"""The jobs the daemon runs. APScheduler persists a job as a reference to `run_job` and
its one argument, the job's name, so the stored jobs never hold a config or a secret:
the running daemon supplies both. It `attach`es itself here while it serves; the jobs see
it as a `JobHost` and never import the daemon, which imports them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any, Protocol

from ..alerts.notifier import Notifier
from ..audit import AuditResult, run_audit
from ..cadence import run_cadence_check
from ..config import Config
from ..errors import AuditorError
from ..logs import event
from ..models import RunKind, ViolationStatus
from ..probe import probe_sites
from ..rules import Ruleset
from ..store import Store
from ..store.locks import SitesBusy

log = logging.getLogger(__name__)


class JobHost(Protocol):
    """What a job needs from the running daemon (`daemon.Service`)."""

    config: Config
    rulesets: list[Ruleset]
    store: Store
    alerts: Notifier  # [alerts]: told after each probe round and around each audit

    def now(self) -> datetime: ...

    async def track(self, work: Awaitable[None]) -> None: ...

    def send_bulletins(self, run_id: int) -> str: ...

    def publish_reports(self, run_id: int) -> str: ...


_host: JobHost | None = None  # the daemon serving now, if any


def attach(host: JobHost | None) -> None:
    """Make `host` the daemon the stored jobs run on; None when it stops serving."""
    global _host
    _host = host


async def run_job(name: str) -> None:
    """The one function the job store refers to (`auditor.service.jobs:run_job`)."""
    service = _host
    job = JOBS.get(name)
    if service is None or job is None:
        log.error("job %s: no running service or unknown job; skipped", name)
        return
    await service.track(_logged(name, job(service)))


async def _logged(name: str, work: Awaitable[str]) -> None:
    started = asyncio.get_running_loop().time()
    event(log, "job.start", f"任务开始 {name}", job=name)
    try:
        summary = await work
    except asyncio.CancelledError:
        event(log, "job.interrupted", f"任务中断 {name}", level=logging.WARNING, job=name)
        raise
    except SitesBusy as busy:
        event(log, "job.skipped", f"任务跳过 {name}: {busy}", level=logging.WARNING, job=name)
        return
    except AuditorError as error:
        event(log, "job.error", f"任务失败 {name}: {error}", level=logging.ERROR, job=name)
        return
    except Exception:  # a job's bug must not stop the daemon; the next firing tries again
        log.exception("job %s crashed", name)
        return
    seconds = round(asyncio.get_running_loop().time() - started, 1)
    event(log, "job.finish", f"任务完成 {name}: {summary}", job=name, seconds=seconds)


async def full_audit(service: JobHost) -> str:
    """The half-monthly audit of every site, then its reports (`[schedule] publish_dir`) and the
    bulletins (`[schedule] bulletin`)."""
    config = service.config
    result = await service.alerts.watch(_audit(
        service, RunKind.FULL, wait_seconds=config.schedule.lock_wait_seconds if config.schedule else 0.0,
    ))
    summary = f"run {result.run.id}: {result.run.pages} pages, {len(result.violations)} problems"
    if config.publish_path() is not None:
        summary += "; " + await asyncio.to_thread(service.publish_reports, result.run.id)
    if config.schedule and config.schedule.bulletin and config.mail is not None:
        summary += "; " + await asyncio.to_thread(service.send_bulletins, result.run.id)
    return summary


async def cadence_check(service: JobHost) -> str:
    """The daily look at cadence columns; skipped (SitesBusy) while another audit holds a site."""
    result = await service.alerts.watch(_audit(service, RunKind.CADENCE))
    active = [v for v in result.violations if v.status != ViolationStatus.RESOLVED]
    return f"run {result.run.id}: {result.run.pages} list pages, {len(active)} cadence problems"


def _audit(service: JobHost, kind: RunKind, wait_seconds: float = 0.0) -> Coroutine[Any, Any, AuditResult]:
    """The run in this process, or with `[queue]` one task per site for the workers, waited for
    here: the follow-ups (reports, bulletins, alerts) come once it is complete, as in process.
    The daemon stopped while it waits leaves the run to the workers, without its follow-ups."""
    config, rulesets, store, now = service.config, service.rulesets, service.store, service.now()
    if config.queue is not None:
        from ..queue.runs import audit_on_queue  # Celery only where [queue] is configured

        return audit_on_queue(config, rulesets, store, as_of=now, kind=kind, wait_seconds=wait_seconds)
    if kind == RunKind.CADENCE:
        return run_cadence_check(config, rulesets, store, as_of=now)
    return run_audit(config, rulesets, store, as_of=now, kind=kind, wait_seconds=wait_seconds)


async def availability_probe(service: JobHost) -> str:
    probes = await probe_sites(service.config, service.store)
    await service.alerts.probed(probes)
    failed = sum(1 for _, probe in probes if not probe.ok)
    return f"{len(probes)} home pages probed, {failed} failed"


JOBS: dict[str, Callable[[JobHost], Awaitable[str]]] = {
    "full_audit": full_audit,
    "cadence_check": cadence_check,
    "availability_probe": availability_probe,
}

