"""What a bulletin says, worked out from the `RunReport` before any template sees it.

The templates only lay these values out; every decision (who is praised, who is
criticised, which problems are new) is made here, in code a test can read. Strings
here are still raw, untrusted text: the HTML templates escape them.

- 表扬 (praise), per ruleset: the three best-ranked sites without a veto, below the
  pass mark never, and without a new problem in this audit; sites tied with the third
  are praised too (a tie is not the reader's fault).
- 通报批评 (criticism): every site with a veto item in any ruleset, and every site
  scoring under a ruleset's pass mark, the vetoed first, then the lowest score first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..checks import check_name, fix_for
from ..models import BrokenRule, Problem, Score, Severity, ViolationStatus
from ..report.data import RunReport, Unit
from ..rules import Ruleset

PRAISED_PER_RULESET = 3
CHANGES_LISTED = 10  # new and resolved problems listed by name in the office summary
MESSAGE_CLIP = 160  # characters of a message in the office summary's short lists
DEFAULT_PASS_MARK = 60.0

LANGUAGES = ("zh-CN", "en")
# a Chinese bulletin says statuses and severities with the vocabulary's labels (`auditor.models`),
# as the reports do; an English one says a severity by its value, and a status in these words
STATUS_EN = {ViolationStatus.NEW: "new", ViolationStatus.OPEN: "still open", ViolationStatus.RESOLVED: "resolved"}


@dataclass(frozen=True)
class Totals:
    sites: int
    pages: int
    links: int
    active: int  # new + open
    new: int
    open: int
    resolved: int


@dataclass(frozen=True)
class RankRow:
    rank: int
    site_id: str
    site_name: str
    score: float
    veto: bool
    passed: bool
    previous: float | None
    change: str  # "+1.5", "-2.0", "" when there is no previous score


@dataclass(frozen=True)
class Ranking:
    ruleset_id: str
    ruleset_name: str
    pass_mark: float
    rows: tuple[RankRow, ...]
    praised: tuple[RankRow, ...]


@dataclass(frozen=True)
class Criticism:
    site_id: str
    site_name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ChangeLine:
    site_name: str
    check_name: str
    message: str


@dataclass(frozen=True)
class Changes:
    first_audit: bool
    previous_as_of: str  # the previous audit's date, "" on the first audit
    new_by_check: tuple[tuple[str, int], ...]
    resolved_by_check: tuple[tuple[str, int], ...]
    new_listed: tuple[ChangeLine, ...]
    new_more: int  # new problems not listed
    resolved_listed: tuple[ChangeLine, ...]
    resolved_more: int


@dataclass(frozen=True)
class OfficeContent:
    run_id: int
    audit_date: str
    totals: Totals
    rankings: tuple[Ranking, ...]
    criticised: tuple[Criticism, ...]
    changes: Changes
    sender: str


@dataclass(frozen=True)
class ViolationLine:
    message: str
    url: str
    first_seen: str
    rule: str  # every rule it breaks: ruleset, rule id and title, the most severe first
    fix: str
    status: str
    severity: str
    veto: bool


@dataclass(frozen=True)
class SiteScore:
    ruleset_name: str
    score: float
    rank: int
    of: int  # sites ranked under that ruleset
    veto: bool


@dataclass(frozen=True)
class SiteSection:
    site_id: str
    site_name: str
    site_url: str
    scores: tuple[SiteScore, ...]
    violations: tuple[ViolationLine, ...]


@dataclass(frozen=True)
class UnitContent:
    run_id: int
    audit_date: str
    unit_name: str
    count: int
    new: int
    open: int
    sections: tuple[SiteSection, ...]
    sender: str


class Words:
    """Language-dependent formatting of dates and labels."""

    def __init__(self, language: str, timezone: str, rulesets: list[Ruleset] | None) -> None:
        self.language = language if language in LANGUAGES else "zh-CN"
        self.tz = ZoneInfo(timezone)
        self.rulesets = {r.id: r for r in rulesets or []}
        self.rules = {(r.ruleset, r.id): r for ruleset in rulesets or [] for r in ruleset.rules}

    def date(self, moment: datetime) -> str:
        local = moment.astimezone(self.tz)
        if self.language == "en":
            return f"{local.day} {local:%B %Y}"
        return f"{local.year}年{local.month}月{local.day}日"

    def ruleset_name(self, ruleset: str) -> str:
        known = self.rulesets.get(ruleset)
        return known.name if known else ruleset

    def pass_mark(self, ruleset: str) -> float:
        known = self.rulesets.get(ruleset)
        return known.pass_mark if known else DEFAULT_PASS_MARK

    def rule(self, broken: BrokenRule) -> str:
        rule = self.rules.get((broken.ruleset, broken.rule))
        name = f"{self.ruleset_name(broken.ruleset)}（{broken.ruleset}）" if self.language == "zh-CN" else (
            f"{self.ruleset_name(broken.ruleset)} ({broken.ruleset})")
        return f"{name} {broken.rule}" + (f" {rule.title}" if rule else "")

    def rules_of(self, violation: Problem) -> str:
        """Every rule the problem breaks, the most severe first."""
        return ("；" if self.language == "zh-CN" else "; ").join(self.rule(rule) for rule in violation.rules)

    def status(self, status: str) -> str:
        if self.language == "en":
            known = ViolationStatus.of(status)
            return STATUS_EN[known] if known is not None else status
        return ViolationStatus.label_of(status)

    def severity(self, severity: str) -> str:
        return severity if self.language == "en" else Severity.label_of(severity)


def office_content(report: RunReport, words: Words, sender: str) -> OfficeContent:
    statuses = Counter(v.status for v in report.violations)
    new, still_open = statuses[ViolationStatus.NEW], statuses[ViolationStatus.OPEN]
    totals = Totals(
        sites=report.run.sites or len(report.sites), pages=report.run.pages, links=report.run.links,
        active=new + still_open, new=new, open=still_open, resolved=statuses[ViolationStatus.RESOLVED],
    )
    newly_found = {v.site for v in report.violations if v.status == ViolationStatus.NEW}
    rankings = tuple(_ranking(report, words, ruleset, newly_found) for ruleset in report.rulesets())
    return OfficeContent(
        run_id=report.run.id, audit_date=words.date(report.run.as_of), totals=totals, rankings=rankings,
        criticised=_criticised(report, words), changes=_changes(report, words), sender=sender,
    )


def _ranking(report: RunReport, words: Words, ruleset: str, newly_found: set[str]) -> Ranking:
    pass_mark = words.pass_mark(ruleset)
    rows = tuple(_rank_row(report, score, pass_mark) for score in report.ranking(ruleset))
    eligible = [row for row in rows if not row.veto and row.passed and row.site_id not in newly_found]
    praised = eligible[:PRAISED_PER_RULESET]
    if praised:
        praised += [row for row in eligible[PRAISED_PER_RULESET:] if row.rank == praised[-1].rank]
    return Ranking(ruleset, words.ruleset_name(ruleset), pass_mark, rows, tuple(praised))


def _rank_row(report: RunReport, score: Score, pass_mark: float) -> RankRow:
    change = "" if score.previous is None else f"{score.score - score.previous:+.1f}"
    return RankRow(
        rank=score.rank, site_id=score.site, site_name=report.site_name(score.site), score=score.score,
        veto=score.veto, passed=not score.veto and score.score >= pass_mark, previous=score.previous, change=change,
    )


def _criticised(report: RunReport, words: Words) -> tuple[Criticism, ...]:
    reasons: dict[str, list[str]] = {}
    lowest: dict[str, float] = {}
    vetoed: set[str] = set()
    for score in sorted(report.scores, key=lambda s: (s.ruleset, s.score, s.site)):
        name = words.ruleset_name(score.ruleset)
        pass_mark = words.pass_mark(score.ruleset)
        if score.veto:
            vetoed.add(score.site)
            reasons.setdefault(score.site, []).extend(_veto_reasons(report, words, score, name))
        elif score.score < pass_mark:
            reasons.setdefault(score.site, []).append(
                f"得分 {score.score:.1f}，低于合格线 {pass_mark:g} 分（{name}）" if words.language == "zh-CN"
                else f"score {score.score:.1f}, under the pass mark of {pass_mark:g} ({name})"
            )
        lowest[score.site] = min(lowest.get(score.site, 100.0), score.score)
    order = sorted(reasons, key=lambda site: (site not in vetoed, lowest[site], site))
    return tuple(Criticism(site, report.site_name(site), tuple(reasons[site])) for site in order)


def _veto_reasons(report: RunReport, words: Words, score: Score, ruleset_name: str) -> list[str]:
    """One reason per veto rule the site broke under this ruleset, with one of its messages."""
    by_rule: dict[str, tuple[BrokenRule, Problem]] = {}
    for v in report.active:
        if v.site == score.site:
            for broken in v.breaks(score.ruleset):
                if broken.veto:
                    by_rule.setdefault(broken.rule, (broken, v))
    if not by_rule:
        return ["单项否决（" + ruleset_name + "）" if words.language == "zh-CN" else f"veto item ({ruleset_name})"]
    lines = []
    for broken, violation in by_rule.values():
        rule = words.rules.get((broken.ruleset, broken.rule))
        title = rule.title if rule else broken.rule
        head = f"单项否决：{title}（{ruleset_name}）" if words.language == "zh-CN" else f"veto item: {title} ({ruleset_name})"
        lines.append(f"{head}：{_clip(violation.message)}" if words.language == "zh-CN" else f"{head}: {_clip(violation.message)}")
    return lines


def _changes(report: RunReport, words: Words) -> Changes:
    new = [v for v in report.violations if v.status == ViolationStatus.NEW]
    resolved = [v for v in report.violations if v.status == ViolationStatus.RESOLVED]
    return Changes(
        first_audit=report.previous_run is None,
        previous_as_of=words.date(report.previous_run.as_of) if report.previous_run else "",
        new_by_check=_by_check(new, words),
        resolved_by_check=_by_check(resolved, words),
        new_listed=tuple(_change_line(report, words, v) for v in new[:CHANGES_LISTED]),
        new_more=max(len(new) - CHANGES_LISTED, 0),
        resolved_listed=tuple(_change_line(report, words, v) for v in resolved[:CHANGES_LISTED]),
        resolved_more=max(len(resolved) - CHANGES_LISTED, 0),
    )


def _by_check(violations: list[Problem], words: Words) -> tuple[tuple[str, int], ...]:
    counts = Counter(v.check for v in violations)
    return tuple((check_name(check, words.language), n) for check, n in sorted(counts.items(), key=lambda c: (-c[1], c[0])))


def _change_line(report: RunReport, words: Words, violation: Problem) -> ChangeLine:
    return ChangeLine(report.site_name(violation.site), check_name(violation.check, words.language), _clip(violation.message))


def unit_content(report: RunReport, words: Words, unit: Unit, sender: str) -> UnitContent:
    active = [v for v in report.for_unit(unit) if v.status != ViolationStatus.RESOLVED]
    sections = tuple(
        _site_section(report, words, site_id, [v for v in active if v.site == site_id])
        for site_id in unit.site_ids
        if any(v.site == site_id for v in active)
    )
    return UnitContent(
        run_id=report.run.id, audit_date=words.date(report.run.as_of), unit_name=unit.name, count=len(active),
        new=sum(v.status == ViolationStatus.NEW for v in active), open=sum(v.status == ViolationStatus.OPEN for v in active),
        sections=sections, sender=sender,
    )


def _site_section(report: RunReport, words: Words, site_id: str, violations: list[Problem]) -> SiteSection:
    site = report.site(site_id)
    ranked = Counter(s.ruleset for s in report.scores)
    scores = tuple(
        SiteScore(words.ruleset_name(s.ruleset), s.score, s.rank, ranked[s.ruleset], s.veto)
        for s in sorted(report.scores, key=lambda s: s.ruleset) if s.site == site_id
    )
    ordered = sorted(violations, key=lambda v: (v.status != ViolationStatus.NEW, v.check, v.url, v.ruleset, v.rule))
    return SiteSection(
        site_id=site_id, site_name=report.site_name(site_id), site_url=site.url if site else "",
        scores=scores, violations=tuple(_violation_line(words, v) for v in ordered),
    )


def _violation_line(words: Words, violation: Problem) -> ViolationLine:
    return ViolationLine(
        message=violation.message, url=violation.url, first_seen=words.date(violation.first_seen),
        rule=words.rules_of(violation), fix=fix_for(violation.check, words.language),
        status=words.status(violation.status), severity=words.severity(violation.severity), veto=violation.veto,
    )


def _clip(text: str, limit: int = MESSAGE_CLIP) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
