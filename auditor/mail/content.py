"""What a bulletin says, worked out from the `RunReport` before any template sees it.

The templates only lay these values out; every decision (who is praised, who is
criticised, which problems are new, each problem's 整改期限) is made here, in code a
test can read. Strings here are still raw, untrusted text: the HTML templates escape them.

Everything a reader sees is named as staff name it (`report.names.Names`): sites,
columns, rulesets, rules and check types by their Chinese names, severities by the
vocabulary's labels (轻微/较重/严重), dates as 2026年11月20日. No id reaches a bulletin.

- 排名 (ranking), per ruleset: the sites with a score, placed by the scorer's rank (ties
  share a place); after them the sites that failed whatever their score (a veto item, a
  home page that could not be read), marked 不合格 with the reason, with neither a place
  nor a score.
- 表扬 (praise), per ruleset: the three best-placed sites that pass (合格) and have no
  new problem in this inspection; sites tied with the third are praised too.
- 通报批评 (criticism): every site that failed under a ruleset (不合格), those that failed
  whatever their score first, then the lowest score first, with the reasons.
- 整改期限: each problem's deadline (`issue.Issue`); a unit is asked for 整改反馈 by
  its earliest deadline.
- 未能核实: links the auditor could not verify (robots.txt, a bot wall) and places a
  check could not judge, listed apart with the reason, never counted as problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..checks import check_name, fix_for
from ..links.summary import UnverifiedLink
from ..models import BrokenRule, Problem, Score, Severity, ViolationStatus
from ..report.data import RunReport, Unit
from ..report.names import FAILED, PASSED, Names, zh_date
from ..report.wording import link_reason
from .issue import Issue

PRAISED_PER_RULESET = 3
CHANGES_LISTED = 10  # new and resolved problems listed by name in the office summary
UNVERIFIED_LISTED_OFFICE = 20  # unverified links and places listed in the office summary
UNVERIFIED_LISTED_SITE = 50  # ... in a unit's bulletin, per site
MESSAGE_CLIP = 160  # characters of a message in the office summary's short lists
PARTIAL_NAMED = 3  # sites named in a partial run's subject

LANGUAGES = ("zh-CN", "en")
# a Chinese bulletin says statuses and severities with the vocabulary's labels (`auditor.models`),
# as the reports do; an English one in these words
STATUS_EN = {ViolationStatus.NEW: "new", ViolationStatus.OPEN: "still open", ViolationStatus.RESOLVED: "resolved"}
SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)  # most severe first
# what a bot wall's status means, for the office checking a link by hand


@dataclass(frozen=True)
class Header:
    """The issuing header and the closing lines of a bulletin."""

    issuer: str
    number: str
    date: str  # the issuing date
    title: str  # 关于…的通报
    test: bool  # a made-up bulletin checking the mail settings
    feedback_to: str
    deadlines: tuple[tuple[str, int, str], ...]  # (severity label, days, the date it falls on), most severe first


@dataclass(frozen=True)
class Totals:
    sites: int
    pages: int
    links: int
    active: int  # new + open
    new: int
    open: int
    resolved: int
    by_severity: tuple[tuple[str, int], ...]  # active problems by severity label, most severe first
    veto: int  # active problems breaking a veto rule


@dataclass(frozen=True)
class RankRow:
    place: int | None  # None: failed whatever its score, not ranked
    site_id: str  # for tests and sorting; never shown
    site_name: str
    result: str  # "93.50 分" when it passes; "不合格（…）" otherwise
    passed: bool
    previous: str  # the previous inspection's result, "" when there is none
    change: str  # "+1.50", "-2.00", "" when there is nothing to compare


@dataclass(frozen=True)
class Ranking:
    ruleset_id: str  # never shown
    ruleset_name: str
    pass_mark: float
    rows: tuple[RankRow, ...]  # the placed sites, then those that failed whatever their score
    praised: tuple[RankRow, ...]


@dataclass(frozen=True)
class Criticism:
    site_id: str  # never shown
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
    previous_as_of: str  # the previous inspection's date, "" on the first
    new_by_check: tuple[tuple[str, int], ...]
    resolved_by_check: tuple[tuple[str, int], ...]
    new_listed: tuple[ChangeLine, ...]
    new_more: int  # new problems not listed
    resolved_listed: tuple[ChangeLine, ...]
    resolved_more: int


@dataclass(frozen=True)
class UnverifiedLine:
    """A link or a place the auditor could not judge: for the office to check by hand."""

    site_name: str
    what: str  # 链接「link text」, or the check and column
    url: str
    reason: str
    found_on: str  # the page carrying the link ("" for a check's place)


@dataclass(frozen=True)
class UnverifiedSummary:
    links: int
    places: int
    by_site: tuple[tuple[str, int, int], ...]  # (site name, links, places)
    listed: tuple[UnverifiedLine, ...]
    more: int


@dataclass(frozen=True)
class OfficeContent:
    run_id: int
    header: Header
    audit_date: str
    partial_sites: tuple[str, ...]  # names of the sites a partial run audited; () for a full inspection
    totals: Totals
    rankings: tuple[Ranking, ...]
    criticised: tuple[Criticism, ...]
    changes: Changes
    unverified: UnverifiedSummary
    sender: str


@dataclass(frozen=True)
class ViolationLine:
    message: str
    url: str
    first_seen: str
    rule: str  # every rule it breaks, by name, the most severe first
    fix: str
    status: str
    severity: str
    veto: bool
    deadline: str  # 整改期限: a date
    days: int  # ... so many days after the issuing date


@dataclass(frozen=True)
class SiteScore:
    ruleset_name: str
    result: str  # "93.50 分" or "不合格（…）"
    place: int | None  # None: not ranked (failed whatever its score)
    of: int  # sites placed under that ruleset


@dataclass(frozen=True)
class SiteSection:
    site_id: str  # never shown
    site_name: str
    site_url: str
    scores: tuple[SiteScore, ...]
    violations: tuple[ViolationLine, ...]
    unverified: tuple[UnverifiedLine, ...]
    unverified_more: int


@dataclass(frozen=True)
class UnitContent:
    run_id: int
    header: Header
    audit_date: str
    unit_name: str
    count: int
    new: int
    open: int
    earliest: str  # the earliest 整改期限: 整改反馈 is due then
    sections: tuple[SiteSection, ...]
    unverified: int  # links and places listed apart
    sender: str


class Words:
    """Language-dependent names, labels and dates."""

    def __init__(self, language: str, timezone: str, names: Names) -> None:
        self.language = language if language in LANGUAGES else "zh-CN"
        self.tz = ZoneInfo(timezone)
        self.names = names

    @property
    def zh(self) -> bool:
        return self.language == "zh-CN"

    def date(self, moment: datetime | date) -> str:
        if self.zh:
            return zh_date(moment, self.tz)
        day = moment.astimezone(self.tz).date() if isinstance(moment, datetime) and moment.tzinfo else moment
        return f"{day.day} {day:%B %Y}"

    def join(self, parts: Sequence[str]) -> str:
        return ("、" if self.zh else ", ").join(parts)

    def ruleset_name(self, ruleset: str) -> str:
        return self.names.ruleset(ruleset)

    def pass_mark(self, ruleset: str) -> float:
        return self.names.pass_mark(ruleset)

    def rule(self, broken: BrokenRule) -> str:
        if self.zh:
            return self.names.rule(broken)
        veto = ", veto item" if broken.veto else ""
        return (f"{self.names.ruleset(broken.ruleset)}: {self.names.rule_title(broken.ruleset, broken.rule)}"
                f" ({self.severity(broken.severity)}{veto})")

    def rules_of(self, problem: Problem) -> str:
        """Every rule the problem breaks, the most severe first."""
        return ("；" if self.zh else "; ").join(self.rule(rule) for rule in problem.rules)

    def status(self, status: str) -> str:
        if self.zh:
            return ViolationStatus.label_of(status)
        known = ViolationStatus.of(status)
        return STATUS_EN[known] if known is not None else status

    def severity(self, severity: str) -> str:
        return Severity.label_of(severity) if self.zh else str(severity)

    def check(self, check: str) -> str:
        return check_name(check, self.language)

    def points(self, value: float) -> str:
        return f"{value:.2f} 分" if self.zh else f"{value:.2f}"

    def result(self, score: Score) -> str:
        """A site's result under a ruleset: its score when it passes, 不合格 and why otherwise (never a score)."""
        verdict = self.names.verdict(score)
        if self.zh:
            return verdict.text(score.score)
        if verdict.passed:
            return self.points(score.score)
        label = {PASSED: "passed", FAILED: "failed"}.get(verdict.label, "not judged")
        if failed_outright(score):
            return f"{label} ({score.fail_reason or 'veto item'})"
        return f"{label} (score {score.score:.2f}, under the pass mark of {self.pass_mark(score.ruleset):g})"

    def failed_word(self) -> str:
        return FAILED if self.zh else "failed"


def failed_outright(score: Score) -> bool:
    """Failed whatever the score: a veto item, or a home page that could not be read."""
    return bool(score.veto or score.fail_reason)


def header(words: Words, issue: Issue, title: str) -> Header:
    deadlines = tuple(
        (words.severity(severity), issue.deadline_days[severity],
         words.date(issue.day + timedelta(days=issue.deadline_days[severity])))
        for severity in SEVERITIES
    )
    return Header(
        issuer=issue.issuer, number=issue.number, date=words.date(issue.day), title=title, test=issue.test,
        feedback_to=words.join(issue.feedback_to), deadlines=deadlines,
    )


def office_content(
    report: RunReport, words: Words, issue: Issue, sender: str, unverified_links: Sequence[UnverifiedLink] = (),
) -> OfficeContent:
    statuses = Counter(v.status for v in report.violations)
    new, still_open = statuses[ViolationStatus.NEW], statuses[ViolationStatus.OPEN]
    active = report.active
    severities = Counter(Severity.of(v.severity) for v in active)
    totals = Totals(
        sites=report.run.sites or len(report.sites), pages=report.run.pages, links=report.run.links,
        active=new + still_open, new=new, open=still_open, resolved=statuses[ViolationStatus.RESOLVED],
        by_severity=tuple((words.severity(s), severities[s]) for s in SEVERITIES),
        veto=sum(any(rule.veto for rule in v.rules) for v in active),
    )
    newly_found = {v.site for v in report.violations if v.status == ViolationStatus.NEW}
    rankings = tuple(_ranking(report, words, ruleset, newly_found) for ruleset in report.rulesets())
    audit_date = words.date(report.run.as_of)
    if words.zh:
        title = f"关于{audit_date}{'部分' if report.partial else ''}政府网站检查情况的通报"
    else:
        title = f"Inspection of the{' listed' if report.partial else ''} government websites on {audit_date}"
    return OfficeContent(
        run_id=report.run.id, header=header(words, issue, title), audit_date=audit_date,
        partial_sites=tuple(s.name for s in report.sites) if report.partial else (),
        totals=totals, rankings=rankings, criticised=_criticised(report, words), changes=_changes(report, words),
        unverified=_unverified_summary(report, words, unverified_links), sender=sender,
    )


def placed(report: RunReport, ruleset: str) -> list[tuple[Score, int | None]]:
    """The ruleset's scores in ranking order with each site's place: the scored sites by the
    scorer's rank (ties share a place, no gaps left by the unranked), then the sites that
    failed whatever their score, unplaced."""
    scores = report.ranking(ruleset)
    ranked = [s for s in scores if not failed_outright(s)]
    out: list[tuple[Score, int | None]] = [(s, 1 + sum(o.rank < s.rank for o in ranked)) for s in ranked]
    return out + [(s, None) for s in scores if failed_outright(s)]


def _ranking(report: RunReport, words: Words, ruleset: str, newly_found: set[str]) -> Ranking:
    rows = tuple(_rank_row(report, words, score, place) for score, place in placed(report, ruleset))
    eligible = [row for row in rows if row.place is not None and row.passed and row.site_id not in newly_found]
    praised = eligible[:PRAISED_PER_RULESET]
    if praised:
        praised += [row for row in eligible[PRAISED_PER_RULESET:] if row.place == praised[-1].place]
    return Ranking(ruleset, words.ruleset_name(ruleset), words.pass_mark(ruleset), rows, tuple(praised))


def _rank_row(report: RunReport, words: Words, score: Score, place: int | None) -> RankRow:
    previous, previous_score = _previous(report, words, score)
    change = "" if place is None or previous_score is None else f"{score.score - previous_score:+.2f}"
    return RankRow(
        place=place, site_id=score.site, site_name=report.site_name(score.site), result=words.result(score),
        passed=words.names.verdict(score).passed, previous=previous, change=change,
    )


def _previous(report: RunReport, words: Words, score: Score) -> tuple[str, float | None]:
    """The previous inspection's result: its score, or 不合格 when it was vetoed then."""
    if score.previous is None:
        return "", None
    if report.previous_run is not None:
        for point in report.trends.get((score.site, score.ruleset), []):
            if point.run_id == report.previous_run.id and point.veto:
                return words.failed_word(), None
    return words.points(score.previous), score.previous


def _criticised(report: RunReport, words: Words) -> tuple[Criticism, ...]:
    reasons: dict[str, list[str]] = {}
    lowest: dict[str, float] = {}
    outright: set[str] = set()
    for score in sorted(report.scores, key=lambda s: (s.ruleset, s.score, s.site)):
        verdict = words.names.verdict(score)
        if verdict.passed or verdict.label != FAILED:  # passed, or not judged (the home page refused us): no blame
            continue
        name = words.ruleset_name(score.ruleset)
        lines = reasons.setdefault(score.site, [])
        lines.append(f"{name}：{words.result(score)}" if words.zh else f"{name}: {words.result(score)}")
        if failed_outright(score):
            outright.add(score.site)
            lines.extend(_veto_details(report, words, score))
        lowest[score.site] = min(lowest.get(score.site, 100.0), score.score)
    order = sorted(reasons, key=lambda site: (site not in outright, lowest[site], report.site_name(site)))
    return tuple(Criticism(site, report.site_name(site), tuple(reasons[site])) for site in order)


def _veto_details(report: RunReport, words: Words, score: Score) -> list[str]:
    """One line per veto rule the site broke under this ruleset, with one of its findings."""
    by_rule: dict[str, tuple[BrokenRule, Problem]] = {}
    for v in report.active:
        if v.site == score.site:
            for broken in v.breaks(score.ruleset):
                if broken.veto:
                    by_rule.setdefault(broken.rule, (broken, v))
    lines = []
    for broken, violation in by_rule.values():
        title = words.names.rule_title(broken.ruleset, broken.rule)
        lines.append(f"单项否决：{title}：{_clip(violation.message)}" if words.zh
                     else f"veto item: {title}: {_clip(violation.message)}")
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
    return tuple((words.check(check), n) for check, n in sorted(counts.items(), key=lambda c: (-c[1], c[0])))


def _change_line(report: RunReport, words: Words, violation: Problem) -> ChangeLine:
    return ChangeLine(report.site_name(violation.site), words.check(violation.check), _clip(violation.message))


def unit_content(
    report: RunReport, words: Words, unit: Unit, issue: Issue, sender: str,
    unverified_links: Sequence[UnverifiedLink] = (),
) -> UnitContent:
    active = [v for v in report.for_unit(unit) if v.status != ViolationStatus.RESOLVED]
    lines_of = {site_id: _unverified_lines(report, words, site_id, unverified_links) for site_id in unit.site_ids}
    sections = tuple(
        _site_section(report, words, issue, site_id, [v for v in active if v.site == site_id], lines_of[site_id])
        for site_id in unit.site_ids
        if any(v.site == site_id for v in active) or lines_of[site_id]
    )
    earliest = issue.earliest(active)
    if words.zh:
        title = f"关于{unit.name}网站检查发现问题的通报"
    else:
        title = f"Problems found on the websites of {unit.name}"
    return UnitContent(
        run_id=report.run.id, header=header(words, issue, title), audit_date=words.date(report.run.as_of),
        unit_name=unit.name, count=len(active),
        new=sum(v.status == ViolationStatus.NEW for v in active), open=sum(v.status == ViolationStatus.OPEN for v in active),
        earliest=words.date(earliest) if earliest else "", sections=sections,
        unverified=sum(len(lines) for lines in lines_of.values()), sender=sender,
    )


def _site_section(
    report: RunReport, words: Words, issue: Issue, site_id: str, violations: list[Problem],
    unverified: list[UnverifiedLine],
) -> SiteSection:
    site = report.site(site_id)
    scores = []
    for ruleset in report.rulesets():
        places = placed(report, ruleset)
        of = sum(place is not None for _, place in places)
        scores += [SiteScore(words.ruleset_name(ruleset), words.result(score), place, of)
                   for score, place in places if score.site == site_id]
    ordered = sorted(violations, key=lambda v: (issue.deadline(v), v.status != ViolationStatus.NEW, v.check, v.url, v.id))
    return SiteSection(
        site_id=site_id, site_name=report.site_name(site_id), site_url=site.url if site else "",
        scores=tuple(scores), violations=tuple(_violation_line(words, issue, v) for v in ordered),
        unverified=tuple(unverified[:UNVERIFIED_LISTED_SITE]), unverified_more=max(len(unverified) - UNVERIFIED_LISTED_SITE, 0),
    )


def _violation_line(words: Words, issue: Issue, violation: Problem) -> ViolationLine:
    return ViolationLine(
        message=violation.message, url=violation.url, first_seen=words.date(violation.first_seen),
        rule=words.rules_of(violation), fix=fix_for(violation.check, words.language),
        status=words.status(violation.status), severity=words.severity(violation.severity),
        veto=any(rule.veto for rule in violation.rules),
        deadline=words.date(issue.deadline(violation)), days=issue.days(violation),
    )


def _unverified_lines(
    report: RunReport, words: Words, site_id: str, links: Sequence[UnverifiedLink],
) -> list[UnverifiedLine]:
    site_name = report.site_name(site_id)
    lines = []
    for link in links:
        if link.site != site_id:
            continue
        text = link.sources[0][1] if link.sources else ""
        page = link.sources[0][0] if link.sources else ""
        what = (f"链接「{text}」" if text else "链接") if words.zh else (f"link “{text}”" if text else "link")
        lines.append(UnverifiedLine(site_name, what, link.url, link_reason(link, words.language), page))
    for place in report.unverified:
        if place.site != site_id:
            continue
        column = words.names.column(site_id, place.column)
        check = words.check(place.check)
        what = f"{column}：{check}" if column and words.zh else (f"{column}: {check}" if column else check)
        lines.append(UnverifiedLine(site_name, what, place.url, place.reason, ""))
    return lines


def _unverified_summary(report: RunReport, words: Words, links: Sequence[UnverifiedLink]) -> UnverifiedSummary:
    link_counts = Counter(link.site for link in links)
    place_counts = Counter(place.site for place in report.unverified)
    audited = [site.id for site in report.sites]
    site_ids = [s for s in audited if s in link_counts or s in place_counts]
    site_ids += sorted(s for s in set(link_counts) | set(place_counts) if s not in audited)
    lines = [line for site_id in site_ids for line in _unverified_lines(report, words, site_id, links)]
    return UnverifiedSummary(
        links=len(links), places=len(report.unverified),
        by_site=tuple((report.site_name(s), link_counts[s], place_counts[s]) for s in site_ids),
        listed=tuple(lines[:UNVERIFIED_LISTED_OFFICE]), more=max(len(lines) - UNVERIFIED_LISTED_OFFICE, 0),
    )


def partial_label(report: RunReport, words: Words) -> str:
    """`部分网站（A、B等5个）`: what a partial run's office summary says in its subject."""
    names = [site.name for site in report.sites]
    shown = words.join(names[:PARTIAL_NAMED])
    if words.zh:
        return f"部分网站（{shown}{f'等{len(names)}个' if len(names) > PARTIAL_NAMED else ''}）"
    return f"some sites only ({shown}{f' and {len(names) - PARTIAL_NAMED} more' if len(names) > PARTIAL_NAMED else ''})"


def _clip(text: str, limit: int = MESSAGE_CLIP) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
