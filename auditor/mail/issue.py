"""The bulletin's issuing header and deadlines, from `[bulletin]` and the run.

- **通报 number**: `[bulletin] number` with `{year}` (the audit's year, in the config's
  timezone) and `{seq}`: the run's place among the complete full audits of that year,
  1 for the first. Counted from the store, so the same run always gets the same number,
  whenever and however often its bulletins are composed. A run of some sites only (a
  re-audit, `audit --site`) is counted apart among such runs and numbered 补1, 补2, …,
  never taking a full audit's number. A test bulletin is numbered 〔测试〕.
- **发文日期**: `[bulletin] date`, or the audit's date (same input, same output).
- **整改期限** of a problem: the issuing date plus `[bulletin] deadline_days` for its
  severity (its most severe rule); a problem that breaks a veto rule takes the critical days.
- **整改反馈** goes to `[bulletin] feedback_to`, or the `[mail] office` addresses, or, with
  neither, the issuer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..config import BulletinConfig, Config
from ..models import Problem, RunKind, RunStatus, Severity
from ..store import RunRecord, Store

DEFAULT_NUMBER = BulletinConfig.model_fields["number"].default
NUMBER_EN = "Website inspection bulletin {year}-{seq}"  # the default number in an English bulletin
SUPPLEMENT = {"zh-CN": "补", "en": "S"}  # before a partial run's {seq}
TEST_MARK = {"zh-CN": "〔测试〕", "en": " (TEST)"}


@dataclass(frozen=True)
class Issue:
    """Who issues the bulletin, its number and date, and how long each problem may take."""

    issuer: str
    number: str
    day: date  # 发文日期
    deadline_days: dict[Severity, int]
    feedback_to: tuple[str, ...]
    test: bool = False

    def severity(self, problem: Problem) -> Severity:
        """The severity that sets the deadline: critical for a veto problem, else its most severe rule's."""
        if any(rule.veto for rule in problem.rules):
            return Severity.CRITICAL
        return Severity.of(problem.severity) or Severity.MINOR

    def days(self, problem: Problem) -> int:
        return self.deadline_days[self.severity(problem)]

    def deadline(self, problem: Problem) -> date:
        return self.day + timedelta(days=self.days(problem))

    def earliest(self, problems: Iterable[Problem]) -> date | None:
        return min((self.deadline(problem) for problem in problems), default=None)


def issue_for(config: Config, run: RunRecord, seq: int | None = None) -> Issue:
    """The issue of `run`'s bulletins; `seq` from `run_sequence` (without a store: the run's id)."""
    settings = config.bulletin
    language = _language(config)
    day = settings.date or run.as_of.astimezone(ZoneInfo(config.timezone)).date()
    place: str | int = seq if seq is not None else run.id
    if run.kind != RunKind.FULL:
        place = f"{SUPPLEMENT[language]}{place}"
    number = _number_format(config).format(year=run.as_of.astimezone(ZoneInfo(config.timezone)).year, seq=place)
    return _issue(config, number, day)


def issue_for_test(config: Config, now: datetime) -> Issue:
    """The test bulletin's issue: dated today, numbered 〔测试〕 after the number's fixed words."""
    language = _language(config)
    prefix = _number_format(config).split("{", 1)[0].rstrip("〔[（(［ -")
    return _issue(config, prefix + TEST_MARK[language], now.astimezone(ZoneInfo(config.timezone)).date(), test=True)


def run_sequence(store: Store, run: RunRecord, timezone: str) -> int:
    """`run`'s place among the complete runs of its year: full audits among full audits, the others among the others."""
    zone = ZoneInfo(timezone)
    year = run.as_of.astimezone(zone).year
    kinds = (RunKind.FULL,) if run.kind == RunKind.FULL else tuple(kind for kind in RunKind if kind != RunKind.FULL)
    place = 1
    earlier = store.latest_run(RunStatus.COMPLETE, kinds=kinds, before=run.id)
    while earlier is not None and earlier.as_of.astimezone(zone).year == year:
        place += 1
        earlier = store.latest_run(RunStatus.COMPLETE, kinds=kinds, before=earlier.id)
    return place


def _issue(config: Config, number: str, day: date, *, test: bool = False) -> Issue:
    settings = config.bulletin
    days = settings.deadline_days
    if settings.feedback_to.strip():
        feedback: tuple[str, ...] = (settings.feedback_to.strip(),)
    elif config.mail and config.mail.office:
        feedback = tuple(config.mail.office)
    else:
        feedback = (settings.issuer,)
    return Issue(
        issuer=settings.issuer, number=number, day=day,
        deadline_days={Severity.CRITICAL: days.critical, Severity.MAJOR: days.major, Severity.MINOR: days.minor},
        feedback_to=feedback, test=test,
    )


def _number_format(config: Config) -> str:
    number = config.bulletin.number
    return NUMBER_EN if _language(config) == "en" and number == DEFAULT_NUMBER else number


def _language(config: Config) -> str:
    return "en" if config.language == "en" else "zh-CN"
