"""The daemon's notifier: events detected after each job, queued in the alert outbox, delivered off the loop.

    after a probe round      probed(probes)      site.down / site.up (state kept in `alert_sites`)
    around an audit          watch(run_audit())  column.overdue, violation.critical; run.failed
    meanwhile                run(stop)           delivers due rows on a worker thread, waking when
                                                 nudged or when a retry falls due

Detection and queueing take milliseconds on a thread; sending (HTTP with short timeouts,
SMTP) runs on a thread too, so a hanging robot never holds up a probe or an audit. Without
`[[alerts.channels]]` everything here does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from ..config import Config
from ..models import Probe, Problem
from ..report.names import Names
from ..rules import Ruleset
from ..store import Store
from .events import Alert, audit_alerts, probe_round, run_alerts
from .outbox import Deliverer, route

log = logging.getLogger("auditor.alerts")

IDLE_SECONDS = 60.0  # the longest the delivery loop sleeps without being nudged
RECENT_RUNS = 20  # runs looked at for run.failed


class _Audited(Protocol):
    @property
    def violations(self) -> list[Problem]: ...


Result = TypeVar("Result", bound=_Audited)


class Notifier:
    def __init__(self, config: Config, store: Store, rulesets: Sequence[Ruleset] = ()) -> None:
        self.config = config
        self.store = store
        self.names = Names.of(config, rulesets)
        self.enabled = bool(config.alerts.channels)
        self.deliverer = Deliverer(config, store)
        self._wake: asyncio.Event | None = None

    # detection (each queues its alerts, then wakes the delivery loop)

    async def probed(self, probes: Sequence[tuple[str, Probe]]) -> None:
        """After a round of availability probes: downs after `down_after` failures in a row, and ups."""
        if self.enabled:
            await asyncio.to_thread(self._probed, list(probes))
            self.nudge()

    async def watch(self, work: Awaitable[Result]) -> Result:
        """Await an audit; then its overdue columns and new critical problems, and any failed run."""
        try:
            result = await work
        except asyncio.CancelledError:
            raise  # a stop: the run is marked interrupted, and the next start announces it
        except Exception:
            await self.runs_ended()
            raise
        if self.enabled:
            await asyncio.to_thread(self.queue, audit_alerts(self.config, self.names, result.violations, datetime.now(UTC)))
            await self.runs_ended()
        return result

    async def runs_ended(self) -> None:
        """Announce the recent runs that failed or were interrupted (each once)."""
        if self.enabled:
            await asyncio.to_thread(self._runs_ended)
            self.nudge()

    def queue(self, alerts: list[Alert]) -> int:
        return self.store.alert_enqueue(route(self.config, alerts), datetime.now(UTC)) if alerts else 0

    def _probed(self, probes: list[tuple[str, Probe]]) -> None:
        states, alerts = probe_round(self.config, self.store.alert_outages(), probes)
        if states or alerts:
            self.store.alert_probe_round(states, route(self.config, alerts), datetime.now(UTC))

    def _runs_ended(self) -> None:
        self.queue(run_alerts(self.config, self.store.runs(RECENT_RUNS), datetime.now(UTC)))

    # delivery

    def nudge(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver due alerts until `stop` is set: at once, when nudged, and when a retry falls due."""
        if not self.enabled:
            return
        self._wake = asyncio.Event()
        await self.runs_ended()  # runs a crash or a stop cut short, marked interrupted on start
        while not stop.is_set():
            self._wake.clear()
            try:
                delivery = await asyncio.to_thread(self.deliverer.deliver)
                pause = IDLE_SECONDS
                if delivery.next_due is not None:
                    pause = min(pause, max(0.05, (delivery.next_due - datetime.now(UTC)).total_seconds()))
            except Exception:  # a bug or a database hiccup must not end alerting; try again shortly
                log.exception("alert delivery failed")
                pause = 5.0
            waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            try:
                await asyncio.wait(waits, timeout=pause, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waits:
                    waiter.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await waiter
