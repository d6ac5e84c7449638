"""`auditor alerts test` and `auditor alerts status`: the work, and what the terminal shows.

Neither prints a URL or a secret: channels are named by their `name` (or `<kind>-<n>`),
errors were masked when they were made, and every line passes through `redact` again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..config import Config
from ..logs import redact
from ..models import OutboxStatus
from ..report.names import zh_datetime
from ..store import Store
from ..store.alerts import AlertRow
from .channels import KIND_NAMES_ZH, ChannelFailure, Misconfigured, resolve, send
from .events import EVENT_NAMES_ZH, sample_alert
from .outbox import FAILING_AFTER


@dataclass(frozen=True)
class TrialResult:
    channel: str
    kind: str
    ok: bool
    detail: str  # the channel's answer, or why not
    settings: bool = False  # the settings are wrong (exit 2), not the channel (exit 3)


def try_channels(config: Config, only: tuple[str, ...] = ()) -> list[TrialResult]:
    """Send a message marked 测试 to each configured channel (or those named), directly, not through the outbox."""
    results = []
    now = datetime.now(UTC).replace(microsecond=0)
    for name, channel in config.alerts.named_channels():
        if only and name not in only:
            continue
        alert = sample_alert(config, now, name)
        try:
            target = resolve(config, name, channel)
            answer = send(config, target, [alert.payload()], test=True)
        except Misconfigured as problem:
            results.append(TrialResult(name, channel.kind, False, redact(str(problem)), settings=True))
        except ChannelFailure as failure:
            results.append(TrialResult(name, channel.kind, False, redact(str(failure))))
        else:
            results.append(TrialResult(name, channel.kind, True, redact(answer)))
    return results


def trial_lines(results: list[TrialResult]) -> list[str]:
    return [
        f"渠道 {r.channel}（{KIND_NAMES_ZH[r.kind]}）：{'成功' if r.ok else '失败'}" + (f" — {r.detail}" if r.detail else "")
        for r in results
    ]


@dataclass(frozen=True)
class ChannelStatus:
    channel: str
    kind: str  # "" for a channel no longer in the config
    counts: dict[str, int]
    failing: bool  # unsent rows tried FAILING_AFTER times or more
    last_error: str
    last_sent: datetime | None


def channel_statuses(config: Config, rows: list[AlertRow]) -> list[ChannelStatus]:
    kinds = {name: channel.kind for name, channel in config.alerts.named_channels()}
    names = list(kinds) + sorted({row.channel for row in rows} - set(kinds))
    statuses = []
    for name in names:
        mine = [row for row in rows if row.channel == name]
        unsent = [row for row in mine if row.status != OutboxStatus.SENT]
        errors = [row for row in unsent if row.last_error]
        sent = [row.sent_at for row in mine if row.sent_at is not None]
        statuses.append(ChannelStatus(
            name, kinds.get(name, ""), dict(Counter(str(row.status.value) for row in mine)),
            any(row.attempts >= FAILING_AFTER or row.status == OutboxStatus.FAILED for row in unsent),
            redact(errors[-1].last_error) if errors else "", max(sent) if sent else None,
        ))
    return statuses


def status_lines(config: Config, store: Store, limit: int) -> list[str]:
    """The newest `limit` rows of the alert outbox, then each channel's tally and the failing ones."""
    tz = config.tz
    rows = store.alerts(limit=limit)
    everything = store.alerts()
    lines = [f"提醒发件箱（最近 {len(rows)} 条，共 {len(everything)} 条）"]
    if not rows:
        lines.append("  （暂无提醒）")
    for row in rows:
        title = str(row.payload.get("title", EVENT_NAMES_ZH.get(row.event, row.event)))
        error = f"；最近错误：{redact(row.last_error)}" if row.last_error and row.status != OutboxStatus.SENT else ""
        when = f"，发送于 {zh_datetime(row.sent_at, tz)}" if row.sent_at else ""
        lines.append(f"  #{row.id} {zh_datetime(row.created_at, tz)} {EVENT_NAMES_ZH.get(row.event, row.event)}｜{title}"
                     f" → {row.channel}：{OutboxStatus.label_of(row.status)}（尝试 {row.attempts} 次{when}{error}）")
    lines.append("提醒渠道")
    for status in channel_statuses(config, everything):
        kind = KIND_NAMES_ZH.get(status.kind, "已不在配置中")
        tally = "，".join(f"{OutboxStatus.label_of(s)} {n}" for s, n in sorted(status.counts.items())) or "尚无提醒"
        sent = f"；最近发送 {zh_datetime(status.last_sent, tz)}" if status.last_sent else ""
        lines.append(f"  {status.channel}（{kind}）：{tally}{sent}")
        if status.failing:
            lines.append(f"  ！渠道 {status.channel} 持续发送失败：{status.last_error or '见日志'}")
    return [redact(line) for line in lines]


def status_document(config: Config, store: Store, limit: int) -> dict[str, Any]:
    rows = store.alerts(limit=limit)
    clean: Callable[[str], str] = redact
    return {
        "alerts": [{"id": r.id, "event": r.event, "key": r.event_key, "channel": r.channel, "title": r.payload.get("title"),
                    "status": str(r.status.value), "attempts": r.attempts, "last_error": clean(r.last_error),
                    "created_at": r.created_at.isoformat(), "next_attempt_at": r.next_attempt_at.isoformat(),
                    "sent_at": r.sent_at.isoformat() if r.sent_at else None} for r in rows],
        "channels": [{"channel": s.channel, "kind": s.kind, "counts": s.counts, "failing": s.failing,
                      "last_error": s.last_error, "last_sent": s.last_sent.isoformat() if s.last_sent else None}
                     for s in channel_statuses(config, store.alerts())],
    }
