"""站点无法访问 / availability: the home page failed too large a share of its probes,
or (`judge = "audit"`) it could not be opened when the audit read the site.

`judge = "probes"` (the default): the national indicators (国办秘函〔2019〕19号) monitor
a home page for a week, at intervals, at least 20 times a day; a visit fails when the
page has not opened after 15 s, and a failure share of 5% **or more** is a veto. So a
share AT `max_failure_share` is a finding. The probes counted are those in
(as_of − `window`, as_of]; with fewer than `min_probes` of them there is no judgement
and no finding. One finding per site on the home page (key ""), the evidence listing
the counts and up to 50 failing probe times.

`judge = "audit"`: the audit asks a failing home page again over `[crawl]
home_retry_span` (two minutes by default); still refused, unresolved, failing TLS,
timing out or answering an error status, it is one finding on the home page (key
"audit"): "首页无法访问", the first problem of the site. A bot wall (401/403/429, a
script challenge) or robots.txt is not a failure: the audit lists the site as
unverified instead (`auditor.checks.coverage`). A run that did not fetch the home page
(the daily cadence check) judges nothing.

Examples::

    PASS: 4 failures in 100 probes is 4%
        params = { min_probes = 20 }
        probes = { ok = 96, failed = 4 }

    PASS: too few probes to judge
        params = { min_probes = 20 }
        probes = { ok = 10, failed = 9 }

    FAIL: 9 failures in 120 probes over the week
        requirement = "首页无法访问的次数比例不得达到5%"
        probes = { ok = 111, failed = 9 }
        messages = ["首页在 2026年11月21日至2026年11月28日 间 120 次探测中 9 次无法访问（7.5%），最近一次失败于 2026年11月23日 18:00（访问超时）（首页无法访问的次数比例不得达到5%）"]

    FAIL: exactly 5% is a veto in the national indicators
        probes = { ok = 95, failed = 5 }

    FAIL: the home page refused every connection during the audit, over two minutes
        requirement = "检查时首页必须能够打开"
        params = { judge = "audit" }
        home = { outcome = "broken", error = "refused", attempts = 15, elapsed = 121.4 }
        keys = ["audit"]
        messages = ["首页无法访问（连接被拒绝）：检查时 15 次访问均失败，最后一次在首次失败 2 分钟后（检查时首页必须能够打开）"]

    FAIL: an error status is a dead home page too
        params = { judge = "audit" }
        home = { outcome = "broken", status = 500, error = "http-500", attempts = 5, elapsed = 120.2 }
        messages = ["首页无法访问（HTTP 500）：检查时 5 次访问均失败，最后一次在首次失败 2 分钟后"]

    PASS: the home page answered (perhaps after a retry)
        params = { judge = "audit" }
        home = { outcome = "ok", attempts = 2 }

    PASS: a bot wall is not a dead home page (the site is listed as unverified)
        params = { judge = "audit" }
        home = { outcome = "unverified", status = 403, error = "http-403" }

    PASS: a run that did not fetch the home page (the cadence check) judges nothing
        params = { judge = "audit" }

    PASS: the audit judge ignores the probes, and the probe judge the audit
        params = { judge = "audit" }
        probes = { ok = 100, failed = 20 }
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from fractions import Fraction
from typing import Literal

from pydantic import Field

from ..durations import parse_days
from ..models import ColumnSnapshot, Finding, Probe, SiteSnapshot, describe_reason
from .common import (
    CheckInfo,
    CheckParams,
    CheckRule,
    Duration,
    Words,
    make_finding,
    requirement,
    zh_day,
)

INFO = CheckInfo(
    id="site.availability",
    scope="site",
    title=Words("网站无法访问", "site unavailable"),
    fix=Words(
        "检查服务器、网络和域名解析，保障网站稳定访问",
        "Check the server, the network and DNS so the site stays reachable",
    ),
)

MAX_FAILURES_IN_EVIDENCE = 50


class Params(CheckParams):
    judge: Literal["probes", "audit"] = "probes"  # the probes over `window`, or the audit's own visit
    window: Duration = "7d"  # the monitoring week of the national indicators
    max_failure_share: float = Field(default=0.05, gt=0, le=1)  # a share at or above it is a violation
    min_probes: int = Field(default=20, ge=1)  # fewer probes in the window: no judgement

    @property
    def window_days(self) -> float:
        return parse_days(self.window)


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if params.judge == "audit":
        yield from _dead_at_audit(site, rule)
        return
    start = site.as_of - timedelta(days=params.window_days)
    probes = sorted((p for p in site.probes if start < p.at <= site.as_of), key=lambda p: p.at)
    failures = [p for p in probes if not p.ok]
    # exact fractions: 0.05 * 100 is 5.000000000000001 in floats, and 5 of 100 must count
    if len(probes) < params.min_probes or Fraction(len(failures), len(probes)) < Fraction(str(params.max_failure_share)):
        return
    share = len(failures) / len(probes)
    period = f"{zh_day(start.astimezone(site.as_of.tzinfo).date())}至{zh_day(site.as_of.date())}"
    yield make_finding(
        rule, site, column=None, url=site.url,
        message=(f"首页在 {period} 间 {len(probes)} 次探测中 {len(failures)} 次无法访问（{share * 100:.3g}%），"
                 f"最近一次失败于 {_local_time(failures[-1], site)}（{_reason(failures[-1])}）{requirement(rule)}"),
        evidence={
            "probes": len(probes), "failures": len(failures), "share": round(share, 4),
            "max_failure_share": params.max_failure_share, "window_days": params.window_days,
            "failed_at": [_failure_evidence(p) for p in failures[-MAX_FAILURES_IN_EVIDENCE:]],
        },
    )


def _dead_at_audit(site: SiteSnapshot, rule: CheckRule) -> Iterator[Finding]:
    home = site.home
    if home is None or not home.failed:
        return
    reason = describe_reason(home.error, home.status)
    yield make_finding(
        rule, site, column=None, url=site.url, key="audit",
        message=(f"首页无法访问（{reason}）：检查时 {home.attempts} 次访问均失败，"
                 f"最后一次在首次失败 {_whole_minutes_or_seconds(home.elapsed)}后{requirement(rule)}"),
        evidence={"status": home.status, "error": home.error, "attempts": home.attempts,
                  "seconds": round(home.elapsed, 1), "at": site.as_of.isoformat()},
    )


def _whole_minutes_or_seconds(seconds: float) -> str:
    """The retry span as the office reads it, and stable from run to run: the tries' timing
    wobbles by fractions of a second, so minutes are rounded (121.4 s: 2 分钟)."""
    return f"{round(seconds / 60)} 分钟" if seconds >= 60 else f"{round(seconds)} 秒"


def _local_time(probe: Probe, site: SiteSnapshot) -> str:
    local = probe.at.astimezone(site.as_of.tzinfo)
    return f"{zh_day(local.date())} {local:%H:%M}"


def _reason(probe: Probe) -> str:
    return describe_reason(probe.error, probe.status) if probe.status or probe.error else "未能打开"


def _failure_evidence(probe: Probe) -> dict[str, object]:
    return {"at": probe.at.isoformat(), "status": probe.status, "error": probe.error, "seconds": probe.seconds}
