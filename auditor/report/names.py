"""The words staff read: Chinese names for ids, one severity vocabulary, one date style.

Every output the office reads (the HTML report, the bulletins, the XLSX and CSV files,
the console tables, the dashboard) names things through `Names` and dates through
`zh_date`, so no internal id (a site id, a rule id, a check name), no English severity
word and no `True`/`False` reaches a reader. Ids stay in the JSON output, which is for
programs.

A site's verdict (合格/不合格) is decided here once: a site that failed whatever its
score (a veto item, or a home page that could not be read) is 不合格 with that reason
and is never shown with a score; one under the ruleset's pass mark is 不合格 with its
score; the rest are 合格.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..checks import check_name
from ..config import Config, SiteConfig
from ..models import BrokenRule, Problem, Score, Severity
from ..rules import Ruleset
from ..scoring import UNCHECKED

DEFAULT_PASS_MARK = 60.0
PASSED, FAILED, UNJUDGED = "合格", "不合格", "未能检查"


def zh_date(moment: datetime | date | None, zone: ZoneInfo | str = "Asia/Shanghai") -> str:
    """`2026年11月20日`; "" for no date. An aware datetime is read in `zone` first."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = moment.astimezone(_zone(zone)).date() if moment.tzinfo else moment.date()
    return f"{moment.year}年{moment.month}月{moment.day}日"


def zh_datetime(moment: datetime | None, zone: ZoneInfo | str = "Asia/Shanghai") -> str:
    """`2026年11月20日 09:00`; "" for no time."""
    if moment is None:
        return ""
    local = moment.astimezone(_zone(zone)) if moment.tzinfo else moment
    return f"{zh_date(local)} {local:%H:%M}"


def zh_bool(value: bool) -> str:
    return "是" if value else "否"


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


@dataclass(frozen=True)
class Verdict:
    passed: bool
    label: str  # 合格 | 不合格 | 未能检查 (the home page refused the auditor)
    reason: str  # why it failed; "" when it passed

    def text(self, score: float | None = None) -> str:
        """`93.50 分`, `不合格（得分 52.00 分，低于合格线 60 分）`, `不合格（单项否决：…）`."""
        if self.passed:
            return f"{score:.2f} 分" if score is not None else PASSED
        return f"{self.label}（{self.reason}）" if self.reason else self.label


def verdict(score: Score, pass_mark: float = DEFAULT_PASS_MARK) -> Verdict:
    if score.fail_reason.startswith(UNCHECKED):  # the home page refused the auditor: not judged, never accused
        return Verdict(False, UNJUDGED, score.fail_reason.removeprefix(UNCHECKED))
    if score.fail_reason or score.veto:
        return Verdict(False, FAILED, score.fail_reason or "单项否决")
    if score.score < pass_mark:
        return Verdict(False, FAILED, f"得分 {score.score:.2f} 分，低于合格线 {pass_mark:g} 分")
    return Verdict(True, PASSED, "")


def score_text(score: Score, pass_mark: float = DEFAULT_PASS_MARK) -> str:
    """A score as staff read it: the points when the site passes, 不合格 and why when it does not."""
    return verdict(score, pass_mark).text(score.score)


class Names:
    """Chinese names of the config's sites and columns and of the rulesets' rules."""

    def __init__(self, sites: Iterable[SiteConfig], rulesets: Sequence[Ruleset] = ()) -> None:
        self.sites = {site.id: site for site in sites}
        self.columns = {(site.id, column.id): column.name for site in self.sites.values() for column in site.columns}
        self.rulesets = {ruleset.id: ruleset for ruleset in rulesets}
        self.rules = {(ruleset.id, rule.id): rule for ruleset in rulesets for rule in ruleset.rules}

    @classmethod
    def of(cls, config: Config, rulesets: Sequence[Ruleset] = ()) -> Names:
        return cls(config.sites, rulesets)

    def site(self, site_id: str) -> str:
        site = self.sites.get(site_id)
        return site.name if site else site_id  # a site since removed from the config keeps its id

    def column(self, site_id: str, column_id: str | None) -> str:
        if not column_id:
            return ""
        return self.columns.get((site_id, column_id), column_id)

    @staticmethod
    def check(check_id: str) -> str:
        return check_name(check_id, "zh-CN")

    def ruleset(self, ruleset_id: str) -> str:
        ruleset = self.rulesets.get(ruleset_id)
        return ruleset.name if ruleset else ruleset_id

    def pass_mark(self, ruleset_id: str) -> float:
        ruleset = self.rulesets.get(ruleset_id)
        return ruleset.pass_mark if ruleset else DEFAULT_PASS_MARK

    def rule_title(self, ruleset_id: str, rule_id: str) -> str:
        rule = self.rules.get((ruleset_id, rule_id))
        return rule.title if rule else rule_id

    def rule(self, broken: BrokenRule) -> str:
        """`孟津县政府网站内容保障规则：没有无效链接（较重，单项否决）`."""
        veto = "，单项否决" if broken.veto else ""
        return (f"{self.ruleset(broken.ruleset)}：{self.rule_title(broken.ruleset, broken.rule)}"
                f"（{Severity.label_of(broken.severity)}{veto}）")

    def rules_of(self, problem: Problem) -> str:
        """Every rule the problem breaks, the most severe first, in one line."""
        return "；".join(self.rule(broken) for broken in problem.rules)

    def verdict(self, score: Score) -> Verdict:
        return verdict(score, self.pass_mark(score.ruleset))

    def score_text(self, score: Score) -> str:
        return score_text(score, self.pass_mark(score.ruleset))
