"""What each dashboard page shows, read from the store through its API (no SQL here).

Every value handed to a template is already in the words staff read: Chinese names
(`report.names.Names`), `zh_date`, 合格/不合格 (`Names.verdict`) and the severity and
status labels; ids appear only inside URLs. Nothing is cached between requests: each
page reads the run it shows, so a new run appears as soon as it is complete.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..checks.column_cadence import Params as CadenceParams
from ..checks.common import format_days
from ..config import Config, SiteConfig
from ..links.summary import UNVERIFIED_OUTCOMES, UnverifiedLink, unverified_links
from ..models import (
    ColumnCoverage,
    Outcome,
    Problem,
    RunKind,
    Score,
    Severity,
    SiteCoverage,
    UnverifiedCheck,
    ViolationStatus,
    describe_reason,
)
from ..report.names import Names, Verdict, zh_date, zh_datetime
from ..rules import Ruleset
from ..store import RunRecord, Store
from ..store.records import ColumnLatest, FetchedPage

TREND_RUNS = 12  # the sparkline: the last 12 complete audits, six months of half-monthly audits
SPARK_WIDTH, SPARK_HEIGHT, SPARK_FLOOR = 120, 28, 50.0
MAX_LISTED = 500  # problems listed on one page of /problems; the filters narrow the rest
SEVERITIES = tuple(reversed(Severity))  # 严重, 较重, 轻微
COLUMN_CHECKS = ("column.cadence", "column.empty", "column.unreachable")


class NotFound(Exception):
    """An unknown site, problem or run: the dashboard answers 404 with this Chinese sentence."""


# ---- the run shown ----


@dataclass(frozen=True)
class RunView:
    run: RunRecord
    when: str  # 2026年11月28日 09:00
    kind: str  # 全面审计
    explicit: bool  # ?run=N was given: links keep it

    @property
    def query(self) -> str:
        """`?run=N` when the run was named, for links to other pages of the same run."""
        return f"?run={self.run.id}" if self.explicit else ""

    @property
    def amp(self) -> str:
        """`&run=N` when the run was named (after another query parameter)."""
        return f"&run={self.run.id}" if self.explicit else ""


def run_view(store: Store, run_id: int | None, zone: ZoneInfo) -> RunView:
    from ..errors import UsageError
    from ..report.data import pick_run

    try:
        run = pick_run(store, run_id)
    except UsageError:
        raise NotFound(f"没有第 {run_id} 次检查" if run_id is not None else "还没有完成的全面检查：请先运行 auditor audit") from None
    return RunView(run, zh_datetime(run.as_of, zone), RunKind.label_of(run.kind), run_id is not None)


def parse_run(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 9:
        raise NotFound(f"没有这次检查（{value}）")
    return int(value)


# ---- the ranking ----


@dataclass(frozen=True)
class Spark:
    """An inline SVG sparkline: the site's scores over the last audits, oldest first."""

    points: str  # SVG polyline points
    dots: tuple[tuple[float, float, bool], ...]  # (x, y, failed)
    label: str  # what it shows, in words (the SVG's <title>)


@dataclass(frozen=True)
class RankRow:
    rank: int
    site_id: str
    name: str
    text: str  # 93.50 分 | 不合格（单项否决：…）
    verdict: Verdict
    counts: tuple[int, ...]  # active problems by severity, most severe first
    spark: Spark


@dataclass(frozen=True)
class Ranking:
    ruleset: str  # its Chinese name
    pass_mark: float
    rows: tuple[RankRow, ...]


def rankings(store: Store, names: Names, run: RunRecord, zone: ZoneInfo) -> list[Ranking]:
    scores = store.scores(run.id)
    counts = store.active_problem_counts(run.id)
    history: dict[tuple[str, str], list[tuple[datetime, Score]]] = defaultdict(list)
    for _, as_of, score in store.score_history(run.id, TREND_RUNS):
        history[(score.site, score.ruleset)].append((as_of, score))
    by_ruleset: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        by_ruleset[score.ruleset].append(score)
    return [
        Ranking(
            ruleset=names.ruleset(ruleset),
            pass_mark=names.pass_mark(ruleset),
            rows=tuple(
                RankRow(
                    rank=score.rank, site_id=score.site, name=names.site(score.site), text=names.score_text(score),
                    verdict=names.verdict(score), counts=severity_counts(counts.get(score.site, {})),
                    spark=sparkline(history.get((score.site, ruleset), []), names, zone),
                )
                for score in sorted(ranked, key=lambda s: (s.rank, s.site))
            ),
        )
        for ruleset, ranked in sorted(by_ruleset.items())
    ]


def severity_counts(counts: dict[Severity, int]) -> tuple[int, ...]:
    return tuple(counts.get(severity, 0) for severity in SEVERITIES)


def sparkline(points: Sequence[tuple[datetime, Score]], names: Names, zone: ZoneInfo) -> Spark:
    if not points:
        return Spark("", (), "暂无得分记录")
    step = (SPARK_WIDTH - 8) / max(len(points) - 1, 1)
    coords = []
    for index, (_, score) in enumerate(points):
        x = 4 + index * step if len(points) > 1 else SPARK_WIDTH / 2
        y = SPARK_HEIGHT - 4 - (max(score.score, SPARK_FLOOR) - SPARK_FLOOR) / (100 - SPARK_FLOOR) * (SPARK_HEIGHT - 8)
        coords.append((round(x, 1), round(y, 1), not names.verdict(score).passed))
    words = "；".join(f"{zh_date(as_of, zone)} {names.score_text(score)}" for as_of, score in points)
    lead = f"近 {len(points)} 次检查得分（纵轴 {SPARK_FLOOR:g}–100 分）：" if len(points) > 1 else "仅有一次检查，暂无走势："
    return Spark(" ".join(f"{x},{y}" for x, y, _ in coords), tuple(coords), lead + words)


# ---- a site ----


@dataclass(frozen=True)
class ColumnRow:
    column_id: str
    name: str
    kind: str  # its kind's label
    read: str  # 已读取 N 页 | 未读取 | 无法打开
    newest: str  # 2026年11月20日 | 未读取 | 无日期
    age: str  # 8 天前 | ""
    deadline: str  # 1 天（资讯类信息每天更新）| 未规定
    verdict: str  # 按时 | 超期 | 空栏目 | ...
    late: bool


@dataclass(frozen=True)
class ProblemRow:
    problem: Problem
    site_name: str
    column: str
    check: str
    severity: str
    status: str
    rules: str
    first_seen: str
    last_seen: str
    sources: tuple[tuple[str, str], ...]  # (page, link text), the first few


@dataclass(frozen=True)
class SitePage:
    site_id: str
    name: str
    unit: str
    url: str
    kind: str
    scores: tuple[tuple[str, str, Verdict], ...]  # (ruleset name, score text, verdict)
    counts: tuple[int, ...]
    coverage: SiteCoverage | None
    columns: tuple[ColumnRow, ...]
    active: tuple[ProblemRow, ...]
    resolved: tuple[ProblemRow, ...]
    unverified: tuple[UnverifiedCheck, ...]
    links: tuple[UnverifiedLink, ...]


def site_page(
    store: Store, config: Config, rulesets: Sequence[Ruleset], names: Names, run: RunRecord, site_id: str, zone: ZoneInfo,
) -> SitePage:
    site = names.sites.get(site_id)
    scores = [s for s in store.scores(run.id) if s.site == site_id]
    if site is None and site_id not in run.site_ids and not scores:
        raise NotFound("没有这个网站")
    coverage = next((c for c in store.coverage(run.id) if c.site == site_id), None)
    problems = [problem_row(p, names, zone) for p in store.violations(site=site_id, run_id=run.id)]
    active = tuple(p for p in problems if p.problem.status != ViolationStatus.RESOLVED)
    links: list[UnverifiedLink] = []
    columns: tuple[ColumnRow, ...] = ()
    if site is not None:
        occurrences = store.problem_link_occurrences(run.id, site_id, site.url)
        links = unverified_links(site_id, (o for o in occurrences if o.result.outcome in UNVERIFIED_OUTCOMES))
        today = run.as_of.astimezone(zone).date()
        latest = store.column_latest(run.id, site_id, today)
        columns = tuple(
            column_row(site, column_id, rulesets, coverage, latest.get(column_id), [p.problem for p in active], today)
            for column_id in (c.id for c in site.columns)
        )
    counts: dict[Severity, int] = defaultdict(int)
    for row in active:
        counts[row.problem.severity] += 1
    return SitePage(
        site_id=site_id, name=names.site(site_id), unit=site.unit if site else "", url=site.url if site else "",
        kind=site.kind.label if site else "",
        scores=tuple((names.ruleset(s.ruleset), names.score_text(s), names.verdict(s)) for s in scores),
        counts=severity_counts(counts), coverage=coverage, columns=columns, active=active,
        resolved=tuple(p for p in problems if p.problem.status == ViolationStatus.RESOLVED),
        unverified=tuple(u for u in store.unverified_checks(run.id) if u.site == site_id),
        links=tuple(links),
    )


def problem_row(problem: Problem, names: Names, zone: ZoneInfo) -> ProblemRow:
    sources = tuple(
        (str(source.get("page", "")), str(source.get("text", "")))
        for source in (problem.evidence.get("sources") or [])[:3] if isinstance(source, dict)
    )
    return ProblemRow(
        problem=problem, site_name=names.site(problem.site), column=names.column(problem.site, problem.column),
        check=names.check(problem.check),
        severity=Severity.label_of(problem.severity) + ("（单项否决）" if problem.veto else ""),
        status=ViolationStatus.label_of(problem.status), rules=names.rules_of(problem),
        first_seen=zh_date(problem.first_seen, zone), last_seen=zh_date(problem.last_seen, zone), sources=sources,
    )


def column_row(
    site: SiteConfig, column_id: str, rulesets: Sequence[Ruleset], coverage: SiteCoverage | None,
    latest: ColumnLatest | None, active: Iterable[Problem], today: date,
) -> ColumnRow:
    """One configured column against its deadline: what the run read of it (never a guess)."""
    column = next(c for c in site.columns if c.id == column_id)
    read: ColumnCoverage | None = None
    if coverage is not None:
        read = next((c for c in coverage.columns if c.column == column_id), None)
    deadline_days, deadline_text = column_deadline(site, column_id, rulesets)
    own = [p for p in active if p.column == column_id and p.check in COLUMN_CHECKS]
    newest: date | None = latest.newest if latest is not None else None
    if read is None:
        shown_read, shown_newest = "未读取", "未读取"
    elif not read.reachable:
        shown_read, shown_newest = "无法打开", "未读取"
    else:
        shown_read = f"已读取 {read.list_pages} 页，{read.items} 条"
        if read.items == 0:
            shown_newest = "栏目为空"
        elif newest is None:
            shown_newest = "未读取到日期"
        else:
            shown_newest = zh_date(newest)
    age = f"{(today - newest).days} 天前" if newest is not None and read is not None and read.reachable else ""
    if own:
        verdict, late = "；".join(dict.fromkeys(Names.check(p.check) for p in own)), True
    elif read is None or not read.reachable:
        verdict, late = "未读取", False
    elif newest is None or deadline_days is None:
        verdict, late = "—", False
    else:
        verdict, late = "按时更新", False
    return ColumnRow(
        column_id=column_id, name=column.name, kind=column.kind.label, read=shown_read, newest=shown_newest, age=age,
        deadline=deadline_text, verdict=verdict, late=late,
    )


def column_deadline(site: SiteConfig, column_id: str, rulesets: Sequence[Ruleset]) -> tuple[float | None, str]:
    """The column's own `update_within`, else the strictest cadence rule that judges its kind; `未规定` when none."""
    column = next(c for c in site.columns if c.id == column_id)
    if column.update_within_days is not None:
        return column.update_within_days, f"{format_days(column.update_within_days)}（本栏目规定）"
    best: tuple[float, str] | None = None
    for ruleset in rulesets:
        for rule in ruleset.rules:
            params = rule.params
            if rule.check != "column.cadence" or not isinstance(params, CadenceParams) or params.only_with_column_deadline:
                continue
            if not rule.applies_to.selects_site(site.id, site.kind) or not rule.applies_to.selects_column(column.kind):
                continue
            days = params.max_interval_days
            unit = "个工作日" if params.calendar == "working" else ""
            text = format_days(days).replace(" 天", " 个工作日") if unit else format_days(days)
            if best is None or days < best[0]:
                best = (days, f"{text}（{rule.title}）")
    return (best[0], best[1]) if best else (None, "未规定")


# ---- a problem ----


@dataclass(frozen=True)
class Fact:
    label: str
    text: str
    url: str = ""  # set when the value is an http(s) URL (shown as a link)


@dataclass(frozen=True)
class ProblemPage:
    row: ProblemRow
    site_name: str
    facts: tuple[Fact, ...]  # the evidence, in words
    redirects: tuple[str, ...]
    sources: tuple[tuple[str, str, str], ...]  # (page, link text, element)
    source_count: int
    pages: tuple[FetchedPage, ...]
    run_id: int  # the run whose records are shown


EVIDENCE_LABELS = {
    "title": "目标页面标题", "final_url": "最终地址", "source_count": "出现的页面数",
    "items": "信息条数", "start": "间隔起始日期", "end": "间隔结束日期", "days": "天数",
    "max_interval_days": "规定间隔（天）", "newest": "最新信息日期", "as_of": "检查日期",
    "subject": "来信主题", "sent": "来信日期", "replied": "答复日期", "max_response_days": "答复时限（天）",
    "answered": "是否已答复", "name": "名称", "post": "职务", "photo": "照片地址",
    "formed": "成文日期", "published": "发布日期", "max_delay_days": "公开时限（天）",
    "age_days": "已发布天数", "date": "信息日期", "max_age_days": "保留期限（天）",
    "year": "年度", "deadline": "截止日期", "attempts": "访问次数", "probes": "探测次数",
    "failures": "失败次数", "share": "失败比例", "window_days": "监测天数", "max_failure_share": "否决比例",
    "site_id_code": "网站标识码", "failing_form_count": "无法下载的表格数", "url": "地址", "calendar": "计日方式",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def problem_page(
    store: Store, names: Names, run: RunRecord, explicit: bool, problem_id: str, zone: ZoneInfo,
) -> ProblemPage:
    problem = store.problem(problem_id, run.id)
    shown_run = run.id
    if problem is None and not explicit:
        problem = store.problem(problem_id)  # not seen by the latest audit: its current state
        shown_run = 0
    if problem is None:
        raise NotFound("没有这个问题")
    evidence = problem.evidence
    facts = [Fact("检查结果", Outcome.label_of(str(evidence["outcome"])))] if evidence.get("outcome") else []
    status = evidence.get("status")
    if isinstance(status, int):
        facts.append(Fact("HTTP 状态", str(status)))
    elif isinstance(status, str) and status:
        facts.append(Fact("办理状态", status))
    if evidence.get("error") or (isinstance(status, int) and status >= 400):
        facts.append(Fact("原因", describe_reason(str(evidence.get("error") or ""), status if isinstance(status, int) else None)))
    for key, label in EVIDENCE_LABELS.items():
        if key in evidence and evidence[key] not in (None, "", []):
            facts.append(fact(label, evidence[key], zone))
    for url in evidence.get("failing_forms") or []:
        facts.append(fact("无法下载的表格", url, zone))
    sources = tuple(
        (str(s.get("page", "")), str(s.get("text", "")), str(s.get("element", "")))
        for s in (evidence.get("sources") or []) if isinstance(s, dict)
    )
    redirects = tuple(str(url) for url in (evidence.get("redirects") or []))
    if redirects and evidence.get("final_url"):
        redirects += (str(evidence["final_url"]),)  # the chain as followed: every hop, then where it ended
    pages: list[FetchedPage] = []
    if shown_run:
        wanted = {problem.url, *(page for page, _, _ in sources)}
        pages = store.fetched_pages(shown_run, wanted)
    return ProblemPage(
        row=problem_row(problem, names, zone), site_name=names.site(problem.site), facts=tuple(facts),
        redirects=redirects, sources=sources, source_count=int(evidence.get("source_count") or len(sources)),
        pages=tuple(pages), run_id=shown_run,
    )


def fact(label: str, value: object, zone: ZoneInfo) -> Fact:
    from ..urls import is_http_url

    if isinstance(value, bool):
        return Fact(label, "是" if value else "否")
    if isinstance(value, float):
        return Fact(label, f"{value:g}")
    if isinstance(value, list | tuple):
        return Fact(label, "、".join(str(v) for v in value if not isinstance(v, dict | list)))
    if isinstance(value, dict):
        return Fact(label, "")
    text = str(value)
    if value == "working":
        text = "工作日"
    elif value == "calendar":
        text = "自然日"
    elif _ISO_DATE.match(text):
        text = zh_date(date.fromisoformat(text))
    elif _ISO_TIME.match(text):
        try:
            text = zh_datetime(datetime.fromisoformat(text), zone)
        except ValueError:
            pass
    return Fact(label, text, text if is_http_url(text) else "")


# ---- the filtered list ----


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class ProblemList:
    rows: tuple[ProblemRow, ...]
    total: int  # matching the filters (rows holds the first MAX_LISTED)
    filters: dict[str, tuple[Choice, ...]] = field(default_factory=dict)


STATUS_CHOICES = (("", "全部"), ("active", "未解决（新发现和未整改）"), *((s.value, s.label) for s in ViolationStatus))


def problem_list(
    store: Store, names: Names, run: RunRecord, zone: ZoneInfo, *, check: str, severity: str, status: str, site: str,
) -> ProblemList:
    problems = store.violations(run_id=run.id)
    checks = sorted({p.check for p in problems}, key=Names.check)
    sites = list(dict.fromkeys([*(s for s in names.sites if s in run.site_ids or not run.site_ids), *(p.site for p in problems)]))
    wanted = [
        p for p in problems
        if (not check or p.check == check) and (not severity or p.severity == severity) and (not site or p.site == site)
        and (not status or (p.status != ViolationStatus.RESOLVED if status == "active" else p.status == status))
    ]
    filters = {
        "check": (Choice("", "全部", not check), *(Choice(c, Names.check(c), c == check) for c in checks)),
        "severity": (Choice("", "全部", not severity), *(Choice(s.value, s.label, s.value == severity) for s in SEVERITIES)),
        "status": tuple(Choice(value, label, value == status) for value, label in STATUS_CHOICES),
        "site": (Choice("", "全部", not site), *(Choice(s, names.site(s), s == site) for s in sites)),
    }
    return ProblemList(tuple(problem_row(p, names, zone) for p in wanted[:MAX_LISTED]), len(wanted), filters)
