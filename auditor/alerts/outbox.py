"""Routing alerts to channels and delivering them through the alert outbox, each once.

    queue      route ─▶ INSERT … ON CONFLICT (event_key, channel) DO NOTHING (pending, due now)
    deliver    per channel, the due rows: claim (sending, commit) ─▶ send ─▶ sent (commit)

The same discipline as the bulletins' outbox (auditor/mail/outbox.py): an event detected
again finds its row and is not sent again; a row is `sending` before the message leaves
and `sent` right after the channel accepted it, so only a crash in that window (or an
answer lost on the way back) sends one twice. Rows left `sending` by a dead process are
due again at the next start.

Throttled and de-duplicated: one message per event and channel; when more than
`[alerts] digest_over` are due for one channel at once (or more than its rate allows),
they go as one digest. At most `per_minute` messages per channel (the robots allow
about 20): the rest wait, unclaimed. A temporary failure (no answer, HTTP 5xx or 429,
errcode ≠ 0) is tried again after `retry_seconds`, doubled each time up to an hour;
after `max_attempts` the row is failed. A refusal (HTTP 4xx) fails it at once. Missing
settings (an unset environment variable) touch no row's attempts: the rows wait.
A channel failing FAILING_AFTER times in a row is reported (`alert.channel_failing`).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..config import AlertChannelConfig, Config
from ..logs import event
from ..models import OutboxStatus
from ..store import Store
from ..store.alerts import AlertEntry, AlertRow
from .channels import ChannelFailure, Misconfigured, Refused, Target, resolve, send
from .events import Alert

log = logging.getLogger("auditor.alerts")

DUE = (OutboxStatus.PENDING, OutboxStatus.SENDING)  # `sending` when a delivery starts: a process died mid-send
FAILING_AFTER = 3  # failures in a row after which a channel is reported as failing
MAX_BACKOFF_SECONDS = 3600.0
DIGEST_MAX = 50  # events in one digest; the rest go in the next


def route(config: Config, alerts: Iterable[Alert]) -> list[AlertEntry]:
    """One entry per alert and channel that takes it: its `events`, and its `sites`/`units` if set.
    An alert of no site (run.failed) goes only to channels without `sites` or `units` (the office's)."""
    entries = []
    alerts = list(alerts)
    for name, channel in config.alerts.named_channels():
        for alert in alerts:
            if alert.event in channel.events and covers(config, channel, alert.site_id):
                entries.append(AlertEntry(alert.key, name, alert.event, alert.site_id, alert.payload()))
    return entries


def covers(config: Config, channel: AlertChannelConfig, site_id: str | None) -> bool:
    if channel.sites is None and channel.units is None:
        return True
    if site_id is None:
        return False
    if channel.sites is not None and site_id in channel.sites:
        return True
    unit = next((site.unit for site in config.sites if site.id == site_id), None)
    return channel.units is not None and unit in channel.units


def queue(store: Store, config: Config, alerts: Iterable[Alert], now: datetime | None = None) -> int:
    """Record the alerts for their channels; rows already there are left alone. Returns how many were new."""
    return store.alert_enqueue(route(config, alerts), now or datetime.now(UTC))


class RateLimit:
    """Messages per channel in the last minute (this process's own sends)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._sent: dict[str, deque[datetime]] = defaultdict(deque)

    def room(self, channel: str, now: datetime) -> int:
        sent = self._sent[channel]
        while sent and now - sent[0] >= timedelta(minutes=1):
            sent.popleft()
        return self.per_minute - len(sent)

    def free_at(self, channel: str) -> datetime:
        sent = self._sent[channel]
        return sent[0] + timedelta(minutes=1) if sent else datetime.now(UTC)

    def note(self, channel: str, at: datetime) -> None:
        self._sent[channel].append(at)


@dataclass
class AlertDelivery:
    """What one `deliver` pass did."""

    sent: list[int] = field(default_factory=list)  # row ids
    messages: int = 0  # messages that left (a digest is one)
    deferred: dict[int, str] = field(default_factory=dict)  # row id -> why it waits
    failed: dict[int, str] = field(default_factory=dict)  # row id -> why it was given up
    next_due: datetime | None = None  # when a pending row falls due next


class Deliverer:
    """Delivers due rows; one per process (the daemon's), so its rate limit and failure counts hold."""

    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.rate = RateLimit(config.alerts.per_minute)
        self.failures: dict[str, int] = defaultdict(int)  # channel -> failures in a row
        self._lock = threading.Lock()  # one pass at a time

    def deliver(self, now: datetime | None = None) -> AlertDelivery:
        with self._lock:
            return self._deliver(now or datetime.now(UTC))

    def _deliver(self, now: datetime) -> AlertDelivery:
        delivery = AlertDelivery()
        channels = dict(self.config.alerts.named_channels())
        by_channel: dict[str, list[AlertRow]] = defaultdict(list)
        for row in self.store.alerts(DUE, due_by=now):
            if row.channel in channels:  # a channel since removed from the config: its rows stay, listed by status
                by_channel[row.channel].append(row)
        for name, rows in by_channel.items():
            self._deliver_channel(name, channels[name], rows, now, delivery)
        waiting = [row.next_attempt_at for row in self.store.alerts((OutboxStatus.PENDING,)) if row.channel in channels]
        delivery.next_due = min(waiting) if waiting else None
        return delivery

    def _deliver_channel(self, name: str, channel: AlertChannelConfig, rows: list[AlertRow], now: datetime,
                         delivery: AlertDelivery) -> None:
        alerts = self.config.alerts
        try:
            target = resolve(self.config, name, channel)
        except Misconfigured as problem:
            until = now + timedelta(seconds=max(alerts.retry_seconds, 1.0))
            self.store.alert_mark_retry([r.id for r in rows], str(problem), until)  # no attempt made: none counted
            delivery.deferred.update({r.id: str(problem) for r in rows})
            self._failed(name, f"{problem}", level=logging.ERROR, rows=rows)
            return
        room = self.rate.room(name, now)
        if room <= 0:
            self.store.alert_postpone([r.id for r in rows], self.rate.free_at(name))
            delivery.deferred.update({r.id: "rate limit" for r in rows})
            return
        if len(rows) > alerts.digest_over or len(rows) > room:
            batches = [rows[:DIGEST_MAX]]
            rest = rows[DIGEST_MAX:]
            if rest:
                self.store.alert_postpone([r.id for r in rest], now + timedelta(minutes=1) / max(1, alerts.per_minute))
        else:
            batches = [[row] for row in rows]
        for batch in batches:
            if not self._send_batch(target, batch, now, delivery):
                break  # the channel failed: its other rows wait for their next attempt

    def _send_batch(self, target: Target, batch: list[AlertRow], now: datetime, delivery: AlertDelivery) -> bool:
        claimed = [row for row in batch if self.store.alert_claim(row)]
        if not claimed:
            return True
        ids = [row.id for row in claimed]
        payloads = [row.payload for row in claimed]
        try:
            answer = send(self.config, target, payloads)
        except Refused as failure:
            self.store.alert_mark_failed(ids, str(failure))
            delivery.failed.update({i: str(failure) for i in ids})
            self._failed(target.name, str(failure), level=logging.ERROR, rows=claimed)
            return False
        except ChannelFailure as failure:
            self._retry(target, claimed, str(failure), now, delivery)
            return False
        at = datetime.now(UTC)
        self.store.alert_mark_sent(ids, at)
        self.rate.note(target.name, at)
        delivery.sent.extend(ids)
        delivery.messages += 1
        self.failures[target.name] = 0
        event(log, "alert.sent", f"提醒已发送 {target.label}: {payloads[0]['title'] if len(payloads) == 1 else f'{len(payloads)} 条汇总'}",
              channel=target.name, kind=target.channel.kind, events=[p["event"] for p in payloads],
              keys=[row.event_key for row in claimed], digest=len(claimed) > 1, answer=answer)
        return True

    def _retry(self, target: Target, rows: list[AlertRow], error: str, now: datetime, delivery: AlertDelivery) -> None:
        alerts = self.config.alerts
        attempts = max(row.attempts for row in rows) + 1  # the claim counted this one
        if attempts >= alerts.max_attempts:
            self.store.alert_mark_failed([r.id for r in rows], f"{error}（已尝试 {attempts} 次）")
            delivery.failed.update({r.id: error for r in rows})
        else:
            wait = min(alerts.retry_seconds * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS)
            self.store.alert_mark_retry([r.id for r in rows], error, now + timedelta(seconds=wait))
            delivery.deferred.update({r.id: error for r in rows})
        self._failed(target.name, error, level=logging.WARNING, rows=rows, attempt=attempts)

    def _failed(self, channel: str, error: str, *, level: int, rows: list[AlertRow], attempt: int | None = None) -> None:
        self.failures[channel] += 1
        event(log, "alert.deferred", f"提醒未送达 (not delivered) {channel}: {error}", level=level,
              channel=channel, keys=[row.event_key for row in rows], attempt=attempt, error=error)
        if self.failures[channel] == FAILING_AFTER or (self.failures[channel] > FAILING_AFTER and self.failures[channel] % 10 == 0):
            event(log, "alert.channel_failing", f"提醒渠道 {channel} 连续 {self.failures[channel]} 次发送失败: {error}",
                  level=logging.ERROR, channel=channel, failures=self.failures[channel], error=error)
