"""`auditor schedule`: the daemon. One asyncio loop, APScheduler 3's AsyncIOScheduler,
its jobs in the auditor's own database (table `apscheduler_jobs`, made by migration 0004).

Start:
    1. runs whose process died (SIGKILL, power cut) are marked interrupted, their locks freed
    2. the jobs are brought in line with `[schedule]`: a job whose cron and timezone are
       unchanged keeps its stored next run time, so a run that fell due while the daemon
       was down is still due and runs once (coalesced), if within `missed_within`;
       a changed job is rescheduled from now; a job no longer configured is removed
    3. an interrupted full audit is redone at once (the same grace period), unless the
       full audit is due anyway
Stop (SIGTERM or SIGINT): no new job starts; running audits are cancelled, write what
they hold, and are marked interrupted; the next start redoes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from ..alerts.notifier import Notifier
from ..config import Config, ScheduleConfig
from ..cron import cron_trigger
from ..errors import UsageError
from ..logs import event
from ..models import RunKind, RunStatus
from ..rules import Ruleset
from ..store import Store
from .jobs import attach, run_job

log = logging.getLogger(__name__)

JOB_KINDS = ("full_audit", "cadence_check", "availability_probe")
REDO_JOB = "full_audit_redo"  # a one-off: the full audit a stop or a crash cut short
STOP_GRACE_SECONDS = 60.0  # how long a stop waits for cancelled audits to write their ending


class Service:
    """The running daemon: what the jobs need (config, rulesets, store) and the jobs in flight."""

    def __init__(self, config: Config, rulesets: list[Ruleset], store: Store) -> None:
        if config.schedule is None:
            raise UsageError("配置中没有 [schedule]，没有可运行的计划任务 (no [schedule] table in the config)")
        self.config = config
        self.rulesets = rulesets
        self.store = store
        self.schedule: ScheduleConfig = config.schedule
        self._running: set[asyncio.Task[Any]] = set()
        self.scheduler: AsyncIOScheduler | None = None
        self.alerts = Notifier(config, store, rulesets)  # [alerts]: detects after each job, delivers meanwhile

    def now(self) -> datetime:
        return datetime.now(self.config.tz).replace(microsecond=0)

    async def track(self, work: Awaitable[None]) -> None:
        """Run a job's work as a task a stop can cancel and wait for."""
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            await work
        finally:
            self._running.discard(task)

    def send_bulletins(self, run_id: int) -> str:
        from ..mail import commands

        sending = commands.send_bulletins(self.store, self.config, self.rulesets, run_id=run_id)
        delivery = sending.delivery
        if delivery.settings_error:
            return f"bulletins not sent, mail settings refused: {delivery.settings_error}"
        return f"bulletins: {len(delivery.sent)} sent, {len(delivery.deferred)} deferred, {len(delivery.failed)} failed"

    def publish_reports(self, run_id: int) -> str:
        """The run's HTML and XLSX reports in `[schedule] publish_dir`, each written whole (a temporary
        file renamed), as `检查报告-<run>-<date>.html|xlsx` and as `最新检查报告.html|xlsx`."""
        from ..report.data import load_run_report
        from ..report.files import report_bytes

        folder = self.config.publish_path()
        if folder is None:
            return "reports not published"
        report = load_run_report(self.store, self.config, self.rulesets, run_id)
        day = report.run.as_of.astimezone(self.config.tz).date().isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in ("html", "xlsx"):
            body = report_bytes(report, fmt)
            for name in (f"检查报告-{run_id}-{day}.{fmt}", f"最新检查报告.{fmt}"):
                _write_whole(folder / name, body)
                written.append(name)
        return f"reports written to {folder}: {', '.join(written)}"

    async def serve(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set; then stop cleanly."""
        attach(self)
        recovered = self.store.clear_stale_runs()
        if recovered:
            event(log, "service.recovered", f"标记为中断的运行 (runs marked interrupted): {recovered}", runs=recovered)
        scheduler = self._make_scheduler()
        self.scheduler = scheduler
        scheduler.start(paused=True)  # the job store is open, nothing runs before the jobs are in line
        alerting: asyncio.Task[None] | None = None
        try:
            self._sync_jobs(scheduler)
            self._plan_redo(scheduler)
            scheduler.resume()
            alerting = asyncio.create_task(self.alerts.run(stop))
            event(log, "service.start", "计划任务已启动 (scheduler started)", jobs=self._job_times(scheduler))
            await stop.wait()
        finally:
            scheduler.shutdown(wait=False)
            await self._stop_running()
            if alerting is not None:  # a send in flight finishes on its thread within [alerts] timeout
                alerting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await alerting
            attach(None)
            event(log, "service.stop", "计划任务已停止 (scheduler stopped)")

    def _make_scheduler(self) -> AsyncIOScheduler:
        scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.store.engine)},
            executors={"default": AsyncIOExecutor()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": self._grace_seconds()},
            timezone=self.config.tz,
            event_loop=asyncio.get_running_loop(),
        )
        scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        return scheduler

    def _grace_seconds(self) -> int:
        return max(1, int(self.schedule.missed_within_seconds))

    def _sync_jobs(self, scheduler: AsyncIOScheduler) -> None:
        for name in JOB_KINDS:
            expression = getattr(self.schedule, name)
            stored = scheduler.get_job(name)
            if not expression:
                if stored is not None:
                    scheduler.remove_job(name)
                continue
            signature = f"{name}: {expression} ({self.config.tz.key})"
            trigger = cron_trigger(expression, self.config.tz)
            if stored is None:
                scheduler.add_job(run_job, trigger, args=[name], id=name, name=signature)
            elif stored.name != signature:
                scheduler.modify_job(name, name=signature, misfire_grace_time=self._grace_seconds())
                scheduler.reschedule_job(name, trigger=trigger)
            else:  # unchanged: keeps its stored next run time, so a run missed while down is due now
                scheduler.modify_job(name, misfire_grace_time=self._grace_seconds())
        for job in scheduler.get_jobs():
            if job.id not in JOB_KINDS and job.id != REDO_JOB:
                scheduler.remove_job(job.id)

    def _plan_redo(self, scheduler: AsyncIOScheduler) -> None:
        latest = self.store.latest_run(None, kinds=(RunKind.FULL,))
        if latest is None or latest.status != RunStatus.INTERRUPTED or not self.schedule.full_audit:
            return
        now = datetime.now(UTC)
        if now - latest.started_at > timedelta(seconds=self.schedule.missed_within_seconds):
            return
        full = scheduler.get_job("full_audit")
        if full is not None and full.next_run_time is not None and full.next_run_time <= now:
            return  # the full audit itself is due: it redoes the sites
        scheduler.add_job(
            run_job, "date", run_date=now, args=["full_audit"], id=REDO_JOB,
            name=f"redo of interrupted run {latest.id}", replace_existing=True,
        )
        event(log, "service.redo", f"重新审计被中断的运行 {latest.id} (redoing interrupted run)", run=latest.id)

    def _on_missed(self, job_event: JobExecutionEvent) -> None:
        event(
            log, "job.missed", f"任务错过且超出补跑期限 {job_event.job_id} (missed beyond missed_within)",
            level=logging.WARNING, job=job_event.job_id, due=job_event.scheduled_run_time,
        )

    @staticmethod
    def _job_times(scheduler: AsyncIOScheduler) -> dict[str, str]:
        return {job.id: job.next_run_time.isoformat() if job.next_run_time else "" for job in scheduler.get_jobs()}

    async def _stop_running(self) -> None:
        tasks = list(self._running)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_GRACE_SECONDS)


def run_service(config: Config, rulesets: list[Ruleset], store: Store) -> None:
    """The daemon in the foreground until SIGTERM or SIGINT."""
    asyncio.run(_main(Service(config, rulesets, store)))


async def _main(service: Service) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await service.serve(stop)


def _write_whole(path: Path, body: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half a report."""
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(body)
    os.replace(partial, path)
