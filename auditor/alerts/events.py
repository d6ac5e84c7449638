"""What is worth an alert, each with a stable key so the same event is never sent twice.

    site.down            `[alerts] down_after` failed probes in a row (one failure is no outage)
                         key site.down:<site>:<first failed probe of the outage>
    site.up              the first good probe after a "down"; states the outage's length
                         key site.up:<site>:<first failed probe of the outage>
    column.overdue       a column past its cadence deadline (column.cadence `stale:<newest>`)
                         key column.overdue:<site>:<column>:<newest item date>: once per breach,
                         not once per daily check; an update and a new breach alert again
    violation.critical   a new problem breaking a critical (严重) rule, key violation.critical:<problem id>
    run.failed           an audit that failed or was interrupted, key run.failed:<run id>

Titles and texts are in Chinese with the config's names of sites and columns, never ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..config import Config
from ..models import Probe, Problem, RunKind, RunStatus, Severity, ViolationStatus
from ..report.names import Names, zh_datetime
from ..store.alerts import SiteOutage
from ..store.records import RunRecord

EVENT_NAMES_ZH = {
    "site.down": "网站无法访问",
    "site.up": "网站恢复访问",
    "column.overdue": "栏目更新超期",
    "violation.critical": "新发现严重问题",
    "run.failed": "检查未完成",
    "test": "测试消息",
}
RUN_LOOKBACK = timedelta(days=2)  # a failed run older than this when first seen is not announced


@dataclass(frozen=True)
class Alert:
    """One event, ready to be routed: what the channels show and what the JSON webhook carries."""

    event: str
    key: str
    title: str
    text: str
    at: datetime
    site_id: str | None = None
    site_name: str = ""
    url: str = ""
    fields: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """The row's JSON (auditor/alerts/channels.py renders it; the generic webhook posts it as is)."""
        return {"event": self.event, "key": self.key, "title": self.title, "text": self.text, "at": self.at.isoformat(),
                "site": self.site_id, "site_name": self.site_name, "url": self.url, **self.fields}


def duration_zh(seconds: float) -> str:
    """`45 秒`, `12 分钟`, `2 小时 5 分钟`, `3 天 4 小时`."""
    total = max(0, round(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} 天 {hours} 小时" if hours else f"{days} 天"
    if hours:
        return f"{hours} 小时 {minutes} 分钟" if minutes else f"{hours} 小时"
    if minutes:
        return f"{minutes} 分钟 {secs} 秒" if secs and minutes < 10 else f"{minutes} 分钟"
    return f"{secs} 秒"


def probe_round(
    config: Config, outages: dict[str, SiteOutage], probes: Iterable[tuple[str, Probe]],
) -> tuple[list[SiteOutage], list[Alert]]:
    """The sites' new outage states after one round of probes, and the downs and ups it raises."""
    names = Names.of(config)
    tz = config.tz
    states: list[SiteOutage] = []
    alerts: list[Alert] = []
    for site_id, probe in probes:
        before = outages.get(site_id, SiteOutage(site_id))
        name = names.site(site_id)
        url = _site_url(config, site_id)
        if not probe.ok:
            first = before.first_failed_at or probe.at
            failures = before.failures + 1
            reason = f"HTTP {probe.status}" if probe.status else (probe.error or "无响应")
            down = before.down_alerted
            if failures >= config.alerts.down_after and not down:
                down = True
                alerts.append(Alert(
                    "site.down", f"site.down:{site_id}:{first.isoformat()}", f"网站无法访问：{name}",
                    f"{name}首页自{zh_datetime(first, tz)}起连续 {failures} 次探测无法打开（{reason}）。",
                    probe.at, site_id, name, url, {"since": first.isoformat(), "failures": failures, "reason": reason},
                ))
            states.append(SiteOutage(site_id, failures, first, down, reason))
        elif before.failures:
            if before.down_alerted and before.first_failed_at is not None:
                seconds = (probe.at - before.first_failed_at).total_seconds()
                length = duration_zh(seconds)
                alerts.append(Alert(
                    "site.up", f"site.up:{site_id}:{before.first_failed_at.isoformat()}", f"网站恢复访问：{name}",
                    f"{name}首页已于{zh_datetime(probe.at, tz)}恢复访问，中断时长 {length}"
                    f"（自{zh_datetime(before.first_failed_at, tz)}起）。",
                    probe.at, site_id, name, url,
                    {"since": before.first_failed_at.isoformat(), "outage_seconds": round(seconds, 1), "outage": length},
                ))
            states.append(SiteOutage(site_id))  # answered: whatever came before is over
    return states, alerts


def audit_alerts(config: Config, names: Names, problems: Sequence[Problem], at: datetime) -> list[Alert]:
    """A run's columns past their cadence deadline and its new critical problems."""
    alerts: list[Alert] = []
    for problem in problems:
        name = names.site(problem.site)
        newest = problem.evidence.get("newest") if problem.check == "column.cadence" else None
        if newest and problem.status != ViolationStatus.RESOLVED:
            column = names.column(problem.site, problem.column) or "栏目"
            alerts.append(Alert(
                "column.overdue", f"column.overdue:{problem.site}:{problem.column or ''}:{newest}",
                f"栏目更新超期：{name} {column}", f"{name}：{problem.message}", at, problem.site, name, problem.url,
                {"column": problem.column, "column_name": column, "newest": newest, "problem": problem.id},
            ))
            continue
        critical = any(rule.severity == Severity.CRITICAL for rule in problem.rules) or problem.severity == Severity.CRITICAL
        if problem.status == ViolationStatus.NEW and critical:
            alerts.append(Alert(
                "violation.critical", f"violation.critical:{problem.id}", f"发现严重问题：{name}",
                f"{name}：{problem.message}（{names.rules_of(problem)}）", at, problem.site, name, problem.url,
                {"problem": problem.id, "check": names.check(problem.check)},
            ))
    return alerts


def run_alerts(config: Config, runs: Iterable[RunRecord], now: datetime) -> list[Alert]:
    """Runs that failed or were interrupted, started within RUN_LOOKBACK of `now`."""
    tz = config.tz
    alerts = []
    for run in runs:
        if run.status not in (RunStatus.FAILED, RunStatus.INTERRUPTED) or now - run.started_at > RUN_LOOKBACK:
            continue
        kind, status = RunKind.label_of(run.kind), RunStatus.label_of(run.status)
        ended = f"，{zh_datetime(run.finished_at, tz)}结束" if run.finished_at else ""
        redo = "；计划任务重新启动后将补做" if run.status == RunStatus.INTERRUPTED else "；详见日志"
        alerts.append(Alert(
            "run.failed", f"run.failed:{run.id}", f"检查未完成：第 {run.id} 次{kind}（{status}）",
            f"第 {run.id} 次{kind}（{len(run.site_ids)} 个网站）于{zh_datetime(run.started_at, tz)}开始{ended}，"
            f"状态为{status}，已读取 {run.pages} 个页面{redo}。",
            run.finished_at or now, None, "", "", {"run": run.id, "status": str(run.status.value), "kind": str(run.kind.value)},
        ))
    return alerts


def sample_alert(config: Config, now: datetime, channel: str) -> Alert:
    """What `auditor alerts test` sends: marked 测试 so nobody acts on it."""
    return Alert(
        "test", f"test:{channel}:{now.isoformat()}", "【测试】网站监测提醒",
        f"这是一条测试消息（{zh_datetime(now, config.tz)}），说明提醒渠道设置正确，无需处理。", now,
    )


def _site_url(config: Config, site_id: str) -> str:
    try:
        return config.site(site_id).url
    except KeyError:
        return ""
