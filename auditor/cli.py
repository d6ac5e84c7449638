"""The `auditor` command: argument handling only; the work is in `auditor.api`."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import EXIT_OK, EXIT_VIOLATIONS, AuditorError, RunError, UsageError
from .logs import redact, setup_logging
from .models import RunKind, RunStatus, Severity, ViolationStatus, describe_reason, severity_rank
from .progress import LogProgress, RichProgress


def _imported_on_first_use(name: str) -> ModuleType:
    """`name`, its module run when an attribute is first read: `auditor links check` and
    `--version` never use the API, and importing it (the audit, the store, SQLAlchemy) costs
    half a second of start-up, which counts against lychee in benchmarks/links.py."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# httpx imports its own command line (httpx._main) when click, rich and pygments are installed,
# and ours installs them: rich's console and syntax and pygments' lexers, 50-80 ms of every
# start-up, for `httpx.main`, which nothing here calls. Blocked, `import httpx` gives it a stub.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not importable"

if TYPE_CHECKING:
    from . import api
    from .audit import AuditResult
    from .config import Config
    from .mail.outbox import Delivery
    from .models import Problem
    from .progress import Progress
    from .report.live import SiteProgress
    from .rules import Ruleset
    from .store.records import RunRecord
else:
    api = _imported_on_first_use("auditor.api")

SEVERITIES = tuple(severity.value for severity in Severity)  # least serious first
DEFAULT_CONFIG = "auditor.toml"

def _config_path(context: click.Context, _param: click.Parameter, value: str | None) -> str:
    """`--config` after the subcommand, else the one given before it (`auditor --config F report`),
    else $AUDITOR_CONFIG, else ./auditor.toml."""
    if value:
        return value
    given = (context.find_root().params.get("root_config") if context.parent else None)
    return str(given or DEFAULT_CONFIG)


config_option = click.option(
    "--config", "config_path", envvar="AUDITOR_CONFIG", default=None, callback=_config_path,
    type=click.Path(dir_okay=False), help=f"配置文件 (config file; default {DEFAULT_CONFIG}); env AUDITOR_CONFIG; before or after the command",
)
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


def _echo_json(document: object) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
@click.option("-v", "--verbose", is_flag=True, help="更多日志 (debug logging)")
@click.option("--config", "root_config", type=click.Path(dir_okay=False), help="配置文件 (config file), for every command")
def cli(verbose: bool, root_config: str | None) -> None:
    """政府网站合规检查与链接审计 — website compliance checker and link auditor."""
    setup_logging(verbose)


@cli.command()
@config_option
@click.option("--site", "site_ids", multiple=True, help="只审计该网站 (repeatable)")
@click.option("--as-of", "as_of", help="审计时间 ISO 8601, e.g. 2026-11-28 or 2026-11-28T09:00:00+08:00")
@format_option
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="exit 1 when problems at or above this severity exist")
@click.option("--wait", "wait_seconds", type=click.FloatRange(0), default=0, show_default=True,
              help="网站正被另一次审计检查时，最多等待的秒数 (wait this long for sites another audit holds)")
@click.option("--cadence", is_flag=True, help="只看更新栏目的列表页 (the daily cadence check: cadence rules only)")
def audit(
    config_path: str, site_ids: tuple[str, ...], as_of: str | None, fmt: str, fail_on: str | None,
    wait_seconds: float, cadence: bool,
) -> None:
    """审计全部或指定网站 (audit all sites, or --site ID)."""
    config, rulesets = api.load(config_path)
    progress = RichProgress() if sys.stderr.isatty() and fmt == "table" else LogProgress()
    kind = RunKind.CADENCE if cadence else None
    if config.queue is not None:  # the sites audited by `auditor worker`s; printed as below all the same
        result = _audit_on_queue(config, rulesets, as_of, list(site_ids) or None, progress, wait_seconds, kind)
    else:
        result = api.audit(
            config, rulesets, as_of=as_of, site_ids=list(site_ids) or None, progress=progress,
            wait_seconds=wait_seconds, kind=kind,
        )
    if fmt == "json":
        _echo_json(api.as_json(result, config.tz))
    else:  # rich only for the table: a JSON audit never imports it
        from .report.names import Names
        from .report.terminal import print_summary

        print_summary(result, config.tz, Names.of(config, rulesets))
    if fail_on and _fails(result.violations, fail_on):
        sys.exit(EXIT_VIOLATIONS)


def _audit_on_queue(
    config: Config, rulesets: list[Ruleset], as_of: str | None, site_ids: list[str] | None, progress: Progress,
    wait_seconds: float, kind: RunKind | None,
) -> AuditResult:
    """`[queue]`: begin the run, one task per site on the broker, wait for the workers to complete it.
    Ctrl-C stops the waiting only: the workers complete the run, and the message says so."""
    import asyncio

    from .queue.runs import RunLeft, audit_on_queue

    api.check_site_ids(config, site_ids)
    chosen = kind or (RunKind.SITE if site_ids else RunKind.FULL)
    begun: list[int] = []
    with api.open_store(config) as store:
        work = audit_on_queue(config, rulesets, store, as_of=api.parse_as_of(as_of, config.tz), kind=chosen,
                              site_ids=site_ids, progress=progress, wait_seconds=wait_seconds, begun=begun.append)
        try:
            return asyncio.run(work)
        except KeyboardInterrupt:
            if not begun:
                raise
            run_id = begun[0]
            raise RunLeft(f"已停止等待；运行 #{run_id} 仍由 worker 继续完成，完成后可用 "
                          f"auditor report --run {run_id} 查看 (stopped waiting: the workers complete the run)") from None


@cli.command()
@config_option
@click.option("--concurrency", type=click.IntRange(1, 256), help="同时审计的网站数 (site tasks at once; default: [queue] worker_concurrency)")
def worker(config_path: str, concurrency: int | None) -> None:
    """运行审计任务的 worker (a Celery worker running site audits from [queue]'s broker)."""
    from .queue.tasks import run_worker

    run_worker(config_path, concurrency)


def _fails(violations: Iterable[Problem], fail_on: str) -> bool:
    """An active problem breaks some rule (of any ruleset) at or above the threshold."""
    threshold = severity_rank(fail_on)
    return any(
        severity_rank(r.severity) >= threshold
        for v in violations if v.status != ViolationStatus.RESOLVED for r in v.rules
    )


@cli.command()
@config_option
@click.option("--limit", default=50, show_default=True)
@click.option("--live", is_flag=True, help="跟踪正在进行的审计：每个网站已完成、审计中（哪个进程）或排队等待，直到审计结束")
@click.option("--run", "run_id", type=int, help="with --live: this run (default: the latest one still running)")
@click.option("--every", default=2.0, show_default=True, type=click.FloatRange(0.1, 3600), help="with --live: seconds between looks")
@format_option
def runs(config_path: str, limit: int, live: bool, run_id: int | None, every: float, fmt: str) -> None:
    """历次审计 (the stored audit runs); --live follows a running one, site by site."""
    from .report.json_output import run_document
    from .report.terminal import print_runs

    config, _ = api.load(config_path)
    if live:
        _follow_run(config, run_id, every, fmt)
        return
    with api.open_store(config) as store:
        records = store.runs(limit)
    if fmt == "json":
        _echo_json([run_document(r, config.tz) for r in records])
    else:
        print_runs(records, config.tz)


def _follow_run(config: Config, run_id: int | None, every: float, fmt: str) -> None:
    """Look at the run every `every` seconds until it is no longer running: on a terminal a table
    redrawn in place, elsewhere a line (or a JSON line) each time something changed."""
    from rich.live import Live

    from .report.live import progress_document, progress_table, site_progress, summary_line
    from .report.terminal import console

    with api.open_store(config) as store:
        run = store.run(run_id) if run_id is not None else next(
            (r for r in store.runs(200) if r.status is RunStatus.RUNNING), None)
        if run is None:
            raise UsageError(f"没有审计 #{run_id}" if run_id is not None else "没有正在进行的审计 (no run is running)")

        def look() -> tuple[RunRecord, list[SiteProgress]]:
            current = store.run(run.id)
            assert current is not None
            return current, site_progress(current, store.locks(), store.judged_sites(current.id))

        shown = ""
        live = Live(console=console, auto_refresh=False) if fmt == "table" and console.is_terminal else None
        with live or contextlib.nullcontext():
            while True:
                current, sites = look()
                if live is not None:
                    live.update(progress_table(current, sites, datetime.now(UTC), config.tz), refresh=True)
                else:
                    line = progress_document(current, sites) if fmt == "json" else summary_line(current, sites)
                    if line != shown:
                        click.echo(line)
                        shown = line
                if current.status is not RunStatus.RUNNING:
                    return
                time.sleep(every)


@cli.command()
@config_option
@click.option("--site", help="只看该网站")
@click.option("--status", type=click.Choice([*(s.value for s in ViolationStatus), "active"]), help="active = new or open")
@click.option("--run", "run_id", type=int, help="the problems seen by this run")
@format_option
def violations(config_path: str, site: str | None, status: str | None, run_id: int | None, fmt: str) -> None:
    """问题清单 (stored problems: one each, with every rule it breaks)."""
    from .report.json_output import violation_document
    from .report.names import Names
    from .report.terminal import print_violations

    config, rulesets = api.load(config_path)
    api.check_site_ids(config, [site] if site else None)
    with api.open_store(config) as store:
        if run_id is not None:
            from .report.data import pick_run

            pick_run(store, run_id)  # an unknown run exits 2 with the recent ones listed
        records = store.violations(site=site, status=None if status == "active" else status, run_id=run_id)
    if status == "active":
        records = [v for v in records if v.status != ViolationStatus.RESOLVED]
    if fmt == "json":
        _echo_json([violation_document(v, config.tz) for v in records])
    else:
        print_violations(records, Names.of(config, rulesets))


@cli.command()
@config_option
@click.option("--run", "run_id", type=int, help="default: the latest complete full run (every site)")
@format_option
def scores(config_path: str, run_id: int | None, fmt: str) -> None:
    """得分与排名 (scores and ranks of a run)."""
    from .report.data import pick_run
    from .report.json_output import score_document
    from .report.names import Names
    from .report.terminal import print_scores

    config, rulesets = api.load(config_path)
    with api.open_store(config) as store:
        records = store.scores(pick_run(store, run_id).id)
    if fmt == "json":
        _echo_json([score_document(s) for s in records])
    else:
        print_scores(records, Names.of(config, rulesets))


@cli.command()
@config_option
@click.option("--site", "site_ids", multiple=True, help="只探测该网站 (repeatable)")
@format_option
def probe(config_path: str, site_ids: tuple[str, ...], fmt: str) -> None:
    """探测首页可用性一次并记录 (probe each home page once, for site.availability)."""
    config, _ = api.load(config_path)
    results = api.probe(config, site_ids=list(site_ids) or None)
    rows = [{"site": site, "at": p.at.astimezone(config.tz).isoformat(), "ok": p.ok, "status": p.status,
             "seconds": p.seconds, "error": p.error} for site, p in results]
    if fmt == "json":
        _echo_json(rows)
        return
    names = {site.id: site.name for site in config.sites}
    for site, p in results:
        state = "正常" if p.ok else f"无法访问（{describe_reason(p.error, p.status)}）"
        click.echo(f"{names.get(site, site)}\t{state}\t{p.seconds} 秒")


@cli.command()
@config_option
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="统计年度, e.g. 2026")
@click.option("--site", "site_ids", multiple=True, help="只统计该网站 (repeatable)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def stats(config_path: str, year: int, site_ids: tuple[str, ...], fmt: str) -> None:
    """主动公开信息统计 (items published in a year, per site and category; R11)."""
    from .report.names import Names
    from .report.terminal import print_stats
    from .stats import disclosure_stats, stats_csv, stats_document

    config, rulesets = api.load(config_path)
    api.check_site_ids(config, site_ids)
    with api.open_store(config) as store:
        rows = disclosure_stats(store, year, list(site_ids) or [s.id for s in config.sites])
    if fmt == "json":
        _echo_json(stats_document(rows))
    elif fmt == "csv":
        click.echo(stats_csv(rows), nl=False)
    else:
        print_stats(rows, year, Names.of(config, rulesets))


@cli.command()
@config_option
@click.option("--run", "run_id", type=int, help="default: the latest complete run")
@click.option("--format", "fmt", type=click.Choice(["html", "xlsx", "csv", "json"]), default="html", show_default=True)
@click.option("--out", "out_path", help="output file (default: report.<format>); '-' writes csv or json to stdout")
def report(config_path: str, run_id: int | None, fmt: str, out_path: str | None) -> None:
    """检查报告 (a run's report: HTML with charts, Excel, CSV or JSON)."""
    from .report.data import load_run_report
    from .report.files import report_bytes, write_report

    config, rulesets = api.load(config_path)
    with api.open_store(config) as store:
        run_report = load_run_report(store, config, rulesets, run_id)
    if out_path == "-":
        if fmt not in ("csv", "json"):
            raise UsageError("--out - 只能用于 csv 或 json (stdout takes csv or json only)")
        click.echo(report_bytes(run_report, fmt).decode("utf-8-sig"), nl=False)
        return
    written = write_report(run_report, fmt, Path(out_path or f"report.{fmt}"))
    click.echo(f"报告已写入 (report written): {written}")


@cli.command()
@config_option
@click.option("--run", "run_id", type=int, help="default: the latest complete full run (every site)")
@click.option("--unit", help="只处理该单位 (one unit: its name, key or one of its site ids); no office summary")
@click.option("--send", is_flag=True, help="通过发件箱发送 (send through the outbox, each message once); default: write .eml previews")
@click.option("--out", "out_dir", default="bulletins", show_default=True, type=click.Path(file_okay=False), help="where previews go")
@click.option("--test", "test_mail", is_flag=True, help="发一封测试通报给 [mail] office，检查邮件设置 (send a made-up bulletin)")
@click.option("--partial", is_flag=True,
              help="部分网站的检查也生成汇总通报，并标明“部分网站” (an office summary of a run of some sites only, labelled so)")
def bulletin(
    config_path: str, run_id: int | None, unit: str | None, send: bool, out_dir: str, test_mail: bool, partial: bool,
) -> None:
    """网站检查通报 (bulletins: .eml previews, or --send by email)."""
    from .mail import commands
    from .mail.terminal import print_preview, print_sending

    config, rulesets = api.load(config_path)
    if test_mail:
        _, receipt = commands.send_test(config, rulesets)
        click.echo(f"测试通报已发送 (test bulletin accepted) to {', '.join(receipt.accepted)}: {receipt.reply}")
        for address, reply in receipt.refused.items():
            click.echo(f"收件人被拒 (refused) {address}: {reply}")
        return
    with api.open_store(config) as store:
        if not send:
            print_preview(commands.preview_bulletins(
                store, config, rulesets, Path(out_dir), run_id=run_id, unit=unit, partial=partial))
            return
        sending = commands.send_bulletins(store, config, rulesets, run_id=run_id, unit=unit, partial=partial)
    print_sending(sending)
    _mail_exit(sending.delivery)


@cli.command()
@config_option
@click.option("--run", "run_id", type=int, help="only this run's messages")
@click.option("--retry", is_flag=True, help="重发失败和待发送的邮件 (send failed and pending messages again)")
@format_option
def outbox(config_path: str, run_id: int | None, retry: bool, fmt: str) -> None:
    """发件箱 (the outbox: every bulletin, its status, attempts and last error)."""
    from .mail import commands
    from .mail.terminal import outbox_document, print_delivery, print_outbox

    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        delivery = None
        if retry:
            requeued, delivery = commands.retry_outbox(store, config, run_id)
            click.echo(f"重新排队 (requeued) {requeued} 封失败的邮件", err=fmt == "json")
        rows = store.outbox(run_id)
    if delivery is not None and fmt != "json":
        print_delivery(delivery, rows)
    if fmt == "json":
        _echo_json(outbox_document(rows, config.tz))
    else:
        print_outbox(rows, config.tz)
    if delivery is not None:
        _mail_exit(delivery)


def _mail_exit(delivery: Delivery) -> None:
    """Exit 2 when the mail settings are wrong, 3 when messages wait for another attempt."""
    if delivery.settings_error:
        raise UsageError(f"邮件设置有误 (mail settings refused): {delivery.settings_error}")
    if not delivery.complete:
        waiting = len(delivery.failed) + len(delivery.deferred)
        raise RunError(
            f"{waiting} 封邮件未发出 (not sent)；稍后再运行 auditor bulletin --send，失败的用 auditor outbox --retry"
        )


@cli.command()
@config_option
def schedule(config_path: str) -> None:
    """按计划运行：半月全面审计、每日更新检查、可用性探测、审计后发送通报 (the daemon; SIGTERM stops it)."""
    from .service import run_service

    config, rulesets = api.load(config_path)
    with api.open_store(config) as store:
        run_service(config, rulesets, store)


@cli.group("config")
def config_group() -> None:
    """配置文件 (the config file)."""


@config_group.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@config_option
def config_check(path: str | None, config_path: str) -> None:
    """校验配置和规则集 (validate the config and its rulesets; exit 2 when refused)."""
    config, rulesets = api.load(path or config_path)
    columns = sum(len(site.columns) for site in config.sites)
    rules = sum(len(r.rules) for r in rulesets)
    click.echo(f"配置有效 (config OK): {len(config.sites)} 个网站, {columns} 个栏目, {len(rulesets)} 个规则集, {rules} 条规则")


@cli.group("db")
def db_group() -> None:
    """数据库 (the database)."""


@db_group.command("upgrade")
@config_option
def db_upgrade(config_path: str) -> None:
    """升级数据库结构 (apply migrations)."""
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        head = store.upgrade()
    click.echo(f"数据库已是最新版本 (database at revision {head})")


@cli.group("rules")
def rules_group() -> None:
    """规则 (check types and rulesets)."""


@rules_group.command("list")
@config_option
@format_option
def rules_list(config_path: str, fmt: str) -> None:
    """列出检查类型和已加载的规则 (the check registry and the loaded rulesets)."""
    from .report.terminal import print_rules

    rulesets = api.load(config_path)[1] if Path(config_path).exists() else api.builtin_rulesets()
    print_rules(rulesets, fmt)


@cli.command()
@click.argument("source")
@click.option("--kind", type=click.Choice(["auto", "list", "document", "leader", "mailbox", "service", "home", "article"]), default="auto", show_default=True)
@click.option("--as-of", "as_of", help="the audit date that year-less dates are read against (default: today)")
@format_option
@click.option("--config", "config_path", envvar="AUDITOR_CONFIG", type=click.Path(dir_okay=False), help="for the fetch settings of a URL (optional)")
def extract(source: str, kind: str, as_of: str | None, fmt: str, config_path: str | None) -> None:
    """从一个页面读取的内容 (what the auditor reads from one page: PATH or URL)."""
    from .report.terminal import print_extract

    config = api.load(config_path)[0] if config_path else None
    document = api.extract(source, kind=kind, as_of=as_of, config=config)
    if fmt == "json":
        _echo_json(document)
    else:
        print_extract(document)


@cli.command()
@click.option("--scale", default=1.0, show_default=True, help="pages per site, relative (10 ≈ 30,000 pages)")
@click.option("--as-of", "as_of", help="the simulated date (default: today)")
@click.option("--out", "out_dir", default="demo", show_default=True, type=click.Path(file_okay=False))
def demo(scale: float, as_of: str | None, out_dir: str) -> None:
    """演示：审计内置的模拟县级网站群 (audit the built-in simulated estate of 32 sites)."""
    from .demo.run import run_demo

    run_demo(Path(out_dir), scale=scale, as_of=as_of)


@cli.command()
@config_option
@click.option("--host", help="监听地址 (default: [serve] host, 127.0.0.1); 非本机地址须设置密码")
@click.option("--port", type=click.IntRange(1, 65535), help="端口 (default: [serve] port, 8080)")
def serve(config_path: str, host: str | None, port: int | None) -> None:
    """只读网页看板 (the read-only web dashboard: ranking, sites, problems, report downloads)."""
    from .serve import check_bind, run_dashboard

    config, rulesets = api.load(config_path)
    host = host or config.serve.host
    port = port or config.serve.port
    password = check_bind(config, host)  # exit 2: a non-loopback host without a password
    with api.open_store(config) as store:
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"看板已启动 (dashboard): http://{shown}:{port}/ {'（需要密码）' if password else '（仅本机可访问，无密码）'}")
        click.echo("按 Ctrl+C 停止 (Ctrl+C stops it)")
        run_dashboard(config, rulesets, store, host, port, password)


@cli.group("alerts")
def alerts_group() -> None:
    """即时提醒 (alerts: site down and up, overdue columns, critical problems, failed audits)."""


@alerts_group.command("test")
@config_option
@click.option("--channel", "channels", multiple=True, help="只测试该渠道 (a channel's name; repeatable)")
def alerts_test(config_path: str, channels: tuple[str, ...]) -> None:
    """向每个提醒渠道发送一条测试消息 (send a message marked 测试 to each channel; exit 2: settings, 3: a channel failed)."""
    from .alerts.commands import trial_lines, try_channels

    config, _ = api.load(config_path)
    known = [name for name, _ in config.alerts.named_channels()]
    if not known:
        raise UsageError("配置中没有提醒渠道 (no [[alerts.channels]] in the config)")
    unknown = [name for name in channels if name not in known]
    if unknown:
        raise UsageError(f"未知的提醒渠道 (unknown channel) {', '.join(unknown)}；已配置：{', '.join(known)}")
    results = try_channels(config, channels)
    for line in trial_lines(results):
        click.echo(line)
    if any(r.settings for r in results):
        raise UsageError("提醒渠道设置有误，见上 (channel settings refused, see above)")
    if not all(r.ok for r in results):
        raise RunError("有提醒渠道未能送达，见上 (a channel did not take the message, see above)")


@alerts_group.command("status")
@config_option
@click.option("--limit", default=50, show_default=True, help="列出最近几条提醒 (the newest rows listed)")
@format_option
def alerts_status(config_path: str, limit: int, fmt: str) -> None:
    """提醒发件箱和各渠道状态 (the alert outbox: pending, sent, failed, attempts, last error; failing channels)."""
    from .alerts.commands import status_document, status_lines

    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        if fmt == "json":
            _echo_json(status_document(config, store, limit))
            return
        for line in status_lines(config, store, limit):
            click.echo(line)


@cli.command()
@click.argument("url", required=False)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="写入该文件（不覆盖已有文件）; default: stdout")
@click.option("--max-pages", type=click.IntRange(1, 1000), default=40, show_default=True, help="最多读取的页面数 (pages read)")
@click.option("--site-id", help="网站 id (default: from the host name)")
@click.option("--name", help="网站名称 (default: from the home page)")
@click.option("--kind", type=click.Choice(["county", "town", "department"]), help="网站类型 (default: from the name)")
@click.option("--check", is_flag=True, help="核对配置的栏目与网站导航：地址变更、消失、新增 (exit 1 when something changed)")
@click.option("--site", "site_ids", multiple=True, help="--check: 只核对该网站 (repeatable)")
@click.option("--config", "config_path", envvar="AUDITOR_CONFIG", default=None, type=click.Path(dir_okay=False),
              help=f"--check: 配置文件 (default {DEFAULT_CONFIG}); with a URL: its [crawl] settings (optional)")
def discover(url: str | None, out_path: str | None, max_pages: int, site_id: str | None, name: str | None,
             kind: str | None, check: bool, site_ids: tuple[str, ...], config_path: str | None) -> None:
    """从网站导航提出栏目配置 (propose a site's columns from its navigation; --check: compare the config)."""
    from .discover import (
        changes_table,
        check_sites,
        discover_columns,
        proposal_table,
        proposal_toml,
    )

    given_config = config_path or click.get_current_context().find_root().params.get("root_config")
    if check:
        if url:
            raise UsageError("--check 与 URL 不能同时使用 (give --check with --config, or a URL without --check)")
        config, _ = api.load(given_config or DEFAULT_CONFIG)
        api.check_site_ids(config, list(site_ids) or None)
        changes = check_sites(config, list(site_ids) or None, max_pages=max_pages)
        click.echo(changes_table(changes, len(site_ids) or len(config.sites)), nl=False)
        sys.exit(EXIT_VIOLATIONS if changes else EXIT_OK)
    if not url:
        raise UsageError("请给出网站首页地址，例如 auditor discover http://www.example.gov.cn/ (or --check)")
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"不是 http(s) 地址: {url!r}（例如 http://www.example.gov.cn/）")
    if out_path and Path(out_path).exists():
        raise UsageError(f"文件已存在，不覆盖: {out_path}（请换一个文件名，或先删除它）")
    crawl = api.load(given_config)[0].crawl if given_config else None
    proposal = discover_columns(url, crawl=crawl, max_pages=max_pages, site_id=site_id, name=name, kind=kind)
    snippet = proposal_toml(proposal)
    if out_path:
        try:
            with open(out_path, "x", encoding="utf-8") as handle:  # "x": never overwrite
                handle.write(snippet)
        except FileExistsError:
            raise UsageError(f"文件已存在，不覆盖: {out_path}") from None
        click.echo(proposal_table(proposal), nl=False)
        click.echo(f"已写入 {out_path}：请核对后粘贴进配置文件，再运行 auditor config check")
    else:
        click.echo(proposal_table(proposal), err=True, nl=False)
        click.echo(snippet, nl=False)


@cli.group("links")
def links_group() -> None:
    """链接检查 (links checked without a crawl)."""


@links_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@config_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["broken", "wrong", "unverified"]),
              help="exit 1 when a target is at this verdict or a surer one (broken < wrong < unverified), or a line is no URL")
def links_check(file: str, config_path: str, fmt: str, fail_on: str | None) -> None:
    """检查网址清单 (check a list of URLs, one a line, '-' for stdin: broken, wrong, unverified; no database)."""
    from .config import load_config
    from .links.url_list import (
        ListSettings,
        TerminalBar,
        check_url_list,
        decode_list,
        fails,
        list_document,
        read_url_list,
        summary_lines,
    )

    # the embedded defaults when no config is named and there is no ./auditor.toml
    config = None if config_path == DEFAULT_CONFIG and not Path(config_path).exists() else load_config(config_path)
    settings = ListSettings.of(config)
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取网址清单 {file}: {exc.strerror}") from None
    listed = read_url_list(decode_list(data))
    if sys.stderr.isatty() and listed.urls:
        with TerminalBar(len(listed.urls)) as bar:
            results = check_url_list(listed, settings, bar.advance)
    else:
        results = check_url_list(listed, settings)
    if fmt == "json":
        _echo_json(list_document(listed, results))
    else:
        click.echo("\n".join(summary_lines(listed, results)))
    if fail_on and fails(listed, results, fail_on):
        sys.exit(EXIT_VIOLATIONS)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("已中止 (aborted)", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except AuditorError as exc:
        click.echo(f"{exc.shown_as}{redact(str(exc))}", err=True)  # a message may quote a URL or a reply
        sys.exit(exc.exit_code)
    sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()
