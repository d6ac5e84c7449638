"""Tables for the terminal (rich); plain text when the output is not a terminal."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..models import CATEGORIES, Problem, RunKind, RunStatus, Score, Severity, ViolationStatus
from .names import Names, zh_date

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..rules import Rule, Ruleset
    from ..stats import StatRow
    from ..store import RunRecord

console = Console(soft_wrap=True)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _when(value: datetime, tz: tzinfo | None = None) -> str:
    """`2026年11月20日 09:00`, in `tz` when given."""
    local = value.astimezone(tz) if tz else value
    return f"{zh_date(local.date())} {local:%H:%M}"


def _names(names: Names | None) -> Names:
    return names if names is not None else Names(())


def print_runs(runs: Iterable[RunRecord], tz: tzinfo | None = None) -> None:
    table = _table("检查记录 (runs)", "编号", "检查时间", "类型", "状态", "网站", "页面", "链接", "重做")
    for run in runs:
        redoes = f"重做第 {run.redoes} 号" if run.redoes else ""  # the interrupted run this one inspected again
        table.add_row(str(run.id), _when(run.as_of, tz), RunKind.label_of(run.kind),
                      RunStatus.label_of(run.status), str(run.sites), str(run.pages), str(run.links), redoes)
    console.print(table)


def print_violations(violations: Sequence[Problem], names: Names | None = None) -> None:
    """One line per problem with every rule it breaks (every ruleset's), one a line, the most severe first.
    Sites, columns, checks and rules by their Chinese names (ids when `names` does not know them)."""
    known = _names(names)
    table = _table(f"问题清单 (problems): {len(violations)} 个", "网站", "栏目", "检查项目", "严重程度", "状态", "问题",
                   "涉及规则", "网址")
    for v in violations:
        table.add_row(
            escape(known.site(v.site)), escape(known.column(v.site, v.column)), known.check(v.check),
            Severity.label_of(v.severity), ViolationStatus.label_of(v.status), escape(v.message),
            escape("\n".join(known.rule(r) for r in v.rules)), escape(v.url),
        )
    console.print(table)


def print_scores(scores: Iterable[Score], names: Names | None = None) -> None:
    """Per ruleset, the scored sites by rank, then those that failed outright (不合格 and why, no score)."""
    known = _names(names)
    table = _table("得分与排名 (scores)", "规则体系", "排名", "网站", "得分或结论", "上次得分")
    ordered = sorted(scores, key=lambda s: (s.ruleset, bool(s.fail_reason or s.veto), s.rank, s.site))
    for s in ordered:
        outright = bool(s.fail_reason or s.veto)
        previous = "" if s.previous is None else f"{s.previous:.2f}"
        table.add_row(escape(known.ruleset(s.ruleset)), "" if outright else str(s.rank), escape(known.site(s.site)),
                      escape(known.score_text(s)), previous)
    console.print(table)


def print_summary(result: AuditResult, tz: tzinfo | None = None, names: Names | None = None) -> None:
    known = _names(names)
    run = result.run
    console.print(
        f"检查 #{run.id}（{_when(run.as_of, tz)}）{RunStatus.label_of(run.status)}："
        f"{run.sites} 个网站，{run.pages} 个页面，{run.links} 个链接"
    )
    active = [v for v in result.violations if v.status != ViolationStatus.RESOLVED]
    by_check = Counter(v.check for v in active)
    by_status = Counter(v.status for v in result.violations)
    console.print(
        f"未整改问题 {len(active)} 个（其中新发现 {by_status[ViolationStatus.NEW]} 个）；"
        f"本次已整改 {by_status[ViolationStatus.RESOLVED]} 个"
    )
    for check, count in sorted(by_check.items(), key=lambda item: (-item[1], known.check(item[0]))):
        console.print(f"  {known.check(check)}：{count} 个")
    if result.unverified:
        console.print(
            f"未能核实的链接 {len(result.unverified)} 个（robots.txt 禁止、拒绝程序访问或人机验证；不计为失效，"
            "请看检查报告中各网站的“未能核实的链接”，人工核对）"
        )
    if result.unverified_checks:
        console.print(
            f"未能判定 {len(result.unverified_checks)} 处（脚本加载的列表、未能读取的条目页面等；不计为问题，"
            "请看检查报告的“未能判定”部分，人工核对）"
        )
    coverage = result.coverage
    if coverage:
        console.print(
            f"检查范围：{sum(c.columns_read for c in coverage)} 个栏目，{sum(c.list_pages for c in coverage)} 个列表页，"
            f"{sum(c.items for c in coverage)} 个条目，{sum(c.detail_pages for c in coverage)} 个条目页面"
        )
        for site in coverage:
            if gaps := site.gaps():
                console.print(escape(f"  {known.site(site.site)} 未能读取：{'；'.join(gaps)}"))
    print_violations(active, known)
    print_scores(result.scores, known)


def print_rules(rulesets: Sequence[Ruleset], fmt: str) -> None:
    from ..checks import describe_registry

    registry = describe_registry()
    if fmt == "json":
        document = {
            "checks": registry,
            "rulesets": [
                {"id": r.id, "name": r.name, "rules": [{"id": rule.id, "check": rule.check, "title": rule.title} for rule in r.rules]}
                for r in rulesets
            ],
        }
        console.print_json(json.dumps(document, ensure_ascii=False, default=str))
        return
    table = _table("检查类型 (check types)", "check", "范围", "参数", "说明")
    for entry in registry:
        params = ", ".join(f"{k}={v}" for k, v in entry["params"].items())
        table.add_row(entry["id"], entry["scope"], params, entry["summary"])
    console.print(table)
    for ruleset in rulesets:
        rules = _table(f"规则集 {ruleset.id}：{ruleset.name}", "rule", "check", "名称", "分值", "否决")
        for rule in ruleset.rules:
            rules.add_row(rule.id, rule.check, rule.title, str(rule.points), _veto_cell(rule))
        console.print(rules)


def _veto_cell(rule: Rule) -> str:
    if not rule.veto:
        return ""
    return "是" if rule.veto_threshold == 1 else f"是（{rule.veto_threshold} 处及以上）"


EXTRACT_LABELS = {
    "document": {"index_no": "索引号", "category": "信息分类", "publisher": "发布机构", "formed": "成文日期",
                 "published": "发布日期", "doc_no": "文号", "title": "标题"},
    "identity": {"site_id_code": "网站标识码", "icp": "ICP备案", "police_record": "公网安备", "conac": "党政机关标识",
                 "sponsor": "主办单位", "contact": "联系方式"},
}


def print_extract(document: dict[str, Any]) -> None:
    """`auditor extract` as tables: the fields first, then each list the page carries."""
    head = _table(f"页面 {document['url']}", "项目", "内容")
    head.add_row("类型 (kind)", document["kind"])
    head.add_row("标题 (title)", document["title"])
    head.add_row("发布日期 (published)", document["published"] or "")
    for section in ("document", "identity"):
        for key, label in EXTRACT_LABELS[section].items():
            value = (document.get(section) or {}).get(key)
            if value not in (None, "", False) or section == "identity":
                head.add_row(label, str(value if value is not None else ""))
    if document.get("service"):
        head.add_row("办事指南要素", "、".join(document["service"]["elements"]))
        head.add_row("表格下载", "\n".join(document["service"]["forms"]))
    console.print(head)
    _print_rows("列表条目 (items)", document["items"], ("date", "title", "url"))
    _print_rows("领导 (leaders)", document["leaders"], ("name", "post", "photo", "duties", "cv"))
    _print_rows("信件 (letters)", document["letters"], ("sent", "status", "replied", "replier", "subject"))
    _print_rows("链接 (links)", document["links"], ("element", "attribute", "text", "url"))


def _print_rows(title: str, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    if not rows:
        return
    table = _table(f"{title}: {len(rows)}", *keys)
    for row in rows:
        table.add_row(*(str(row.get(key) if row.get(key) is not None else "") for key in keys))
    console.print(table)


def print_stats(rows: Sequence[StatRow], year: int, names: Names | None = None) -> None:
    """`auditor stats` in the shape of the annual report's table: a site per line, the five categories across."""
    categories = list(CATEGORIES) + sorted({r.category for r in rows if r.category and r.category not in CATEGORIES})
    table = _table(f"{year}年主动公开信息统计 (disclosure statistics)", "网站", *categories, "合计")
    totals = {(r.site, r.category): r.items for r in rows if r.kind is None}
    sites = list(dict.fromkeys(r.site for r in rows if r.site is not None))
    for site in [*sites, None]:
        cells = [str(totals.get((site, category), 0)) for category in categories]
        table.add_row("合计" if site is None else escape(_names(names).site(site)), *cells, str(totals.get((site, None), 0)))
    console.print(table)
