"""`auditor demo`: serve the simulated estate, audit it with the embedded defaults, show the result."""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rich.console import Console

from .. import api
from ..mail.demo import deliver_demo_bulletins
from ..progress import LogProgress, RichProgress
from ..report.data import load_run_report
from ..report.files import write_report
from ..report.names import Names, zh_date
from ..report.terminal import print_summary

if TYPE_CHECKING:
    from ..config import Config
    from ..models import Problem
    from .handle import EstateHandle
    from .model import Planted

DEMO_TIMEZONE = ZoneInfo("Asia/Shanghai")
DEMO_PORT = 18620  # fixed, so a second `auditor demo` sees the same URLs and marks problems open
DEMO_RULESETS = ("mengjin-2011", "gov-cn-2019")
# planted problems this version knowingly does not report, and why
KNOWN_MISSES: dict[str, str] = {}
# a week of monitoring in a few seconds: real probes, stamped across the week before the audit
DEMO_PROBES = 140  # the national indicators' 20 visits a day for a week


def run_demo(out_dir: Path, *, scale: float = 1.0, as_of: str | None = None) -> dict[str, Any]:
    """Audit the estate into `out_dir` (config, SQLite database, JSON result); return the JSON document."""
    console = Console(stderr=False)
    day = date.fromisoformat(as_of) if as_of else datetime.now(DEMO_TIMEZONE).date()
    out_dir.mkdir(parents=True, exist_ok=True)
    with _serve(day, scale) as estate:
        config_path = out_dir / "auditor.toml"
        config_path.write_text(estate.config_toml(storage_url="sqlite:///auditor.db", rulesets=DEMO_RULESETS), encoding="utf-8")
        config, rulesets = api.load(config_path)
        console.print(f"模拟网站群已启动：{len(config.sites)} 个网站，端口 {estate.port}；检查日期 {zh_date(day)}")
        audit_time = api.parse_as_of(day.isoformat() + "T09:00:00", config.tz)
        console.print(f"可用性监测：每个首页探测 {DEMO_PROBES} 次（真实请求，时间戳分布在检查前一周，模拟一周的监测）")
        week_of_probes(config, audit_time)
        progress = RichProgress() if sys.stderr.isatty() else LogProgress()
        result = api.audit(config, rulesets, as_of=audit_time, progress=progress)
        truth = estate.estate.truth
    document = api.as_json(result, config.tz)
    result_path = out_dir / "audit.json"
    result_path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    active = [v for v in result.violations if v.status != "resolved"]
    print_summary(result, config.tz, Names.of(config, rulesets))
    _print_planted(console, truth, active, {rule.check for r in rulesets for rule in r.rules})
    with api.open_store(config) as store:
        report_path = write_report(load_run_report(store, config, rulesets, result.run.id), "html", out_dir / "report.html")
    mail_dir = out_dir / "mail"
    with api.open_store(config) as store:
        received = deliver_demo_bulletins(config, store, result.run.id, mail_dir)
    console.print(f"\n通报邮件 (bulletins)：本地邮件服务器（aiosmtpd）收到 {len(received)} 封，保存在 {mail_dir}/")
    console.print(f"报告 (report)：{report_path}（用浏览器打开）")
    console.print(f"结果：{result_path}\n数据库：{out_dir / 'auditor.db'}\n配置：{config_path}")
    console.print(f"再看一遍：auditor violations --config {config_path}")
    return document


def week_of_probes(config: Config, audit_time: datetime, rounds: int = DEMO_PROBES) -> None:
    """Real probes of every home page, stamped evenly over the week before the audit."""
    from ..probe import probe_rounds

    step = timedelta(days=7) / rounds
    stamps = [audit_time - n * step + timedelta(seconds=1) for n in range(rounds, 0, -1)]
    with api.open_store(config) as store:
        store.sync_sites(config)
        asyncio.run(probe_rounds(config, store, stamps))


@contextmanager
def _serve(day: date, scale: float) -> Iterator[EstateHandle]:
    from . import EstateStartError, serve_estate

    with ExitStack() as stack:
        try:
            handle = stack.enter_context(serve_estate(day, scale, port=DEMO_PORT))
        except EstateStartError:  # the fixed port is taken: any free one will do
            handle = stack.enter_context(serve_estate(day, scale))
        yield handle


def _print_planted(console: Console, truth: Collection[Planted], violations: Iterable[Problem], checked: set[str]) -> None:
    """Which planted problems the audit found, for the check types this version evaluates."""
    found = {(v.check, v.site, v.url) for v in violations}
    planted = [p for p in truth if p.check in checked]
    hits = [p for p in planted if (p.check, p.site, p.url) in found]
    by_check = Counter(p.check for p in planted)
    hit_by_check = Counter(p.check for p in hits)
    console.print("\n预置问题发现情况 (planted problems found):")
    for check in sorted(by_check):
        why = KNOWN_MISSES.get(check, "") if hit_by_check[check] < by_check[check] else ""
        console.print(f"  {Names.check(check)}（{check}）：{hit_by_check[check]}/{by_check[check]}" + (f"（{why}）" if why else ""))
    unchecked = sorted({p.check for p in truth} - checked)
    if unchecked:
        console.print(f"  尚未启用的检查类型 (not evaluated by this version): {', '.join(unchecked)}")
