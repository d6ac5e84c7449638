"""What every check module shares: its declaration, the rule it is given, the params base,
the duration type, findings, wording.

A check module imports from here only; it never touches I/O, and it reads everything
it judges from the `SiteSnapshot` it is given. The rule comes as a `CheckRule`, a plain
value defined here: the checks do not import `auditor.rules` (which imports them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Protocol, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from ..config import Identifier
from ..durations import parse_days
from ..models import (
    ColumnKind,
    ColumnSnapshot,
    Finding,
    Severity,
    SiteKind,
    SiteSnapshot,
)

Scope = Literal["column", "site"]
T = TypeVar("T")

MAX_URL_IN_MESSAGE = 300  # page content is untrusted: a 50 kB href must not become a 50 kB message
MAX_TEXT_IN_MESSAGE = 40


@dataclass(frozen=True)
class Words:
    """One phrase in the two bulletin languages."""

    zh_cn: str
    en: str

    def get(self, language: str) -> str | None:
        """The phrase in `language` ("zh-CN" or "en"); None for another language."""
        return {"zh-CN": self.zh_cn, "en": self.en}.get(language)


@dataclass(frozen=True)
class CheckInfo:
    """What a check module declares about itself, once, as `INFO`; the registry, the reports
    and the bulletins read it from `auditor.checks.CHECKS`.

    The module's docstring adds the summary (its first line) and the PASS/FAIL examples.
    """

    id: str  # the registry key rules name in `check = "..."`
    scope: Scope  # "column": run once per matching column; "site": once per site
    title: Words  # the check type's short name in reports and bulletins (空白栏目)
    fix: Words  # what the webmaster should do about a finding (整改建议), a fixed sentence


def _not_empty(values: tuple[Any, ...]) -> tuple[Any, ...]:
    if not values:
        raise ValueError("an empty list selects nothing; leave the key out to select everything")
    return values


# a tuple with at least one entry (checked after the entries, so a bad entry is one problem, not two)
NonEmpty = Annotated[tuple[T, ...], AfterValidator(_not_empty)]


class AppliesTo(BaseModel):
    """Which sites and columns a rule judges; an absent filter selects everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    column_kinds: NonEmpty[ColumnKind] | None = None
    site_kinds: NonEmpty[SiteKind] | None = None
    sites: NonEmpty[Identifier] | None = None

    def selects_site(self, site_id: str, site_kind: str) -> bool:
        if self.sites is not None and site_id not in self.sites:
            return False
        return self.site_kinds is None or site_kind in self.site_kinds

    def selects_column(self, column_kind: str) -> bool:
        return self.column_kinds is None or column_kind in self.column_kinds


@dataclass(frozen=True)
class CheckRule:
    """A rule as its check sees it: what it judges, its validated `params` (an instance of the
    check's `Params`), the `message` appended to each sentence, and what its findings carry.

    `auditor.rules.Rule` extends it with what only the ruleset needs (title, source, the cap
    on its points, veto counting).
    """

    ruleset: str
    id: str
    check: str
    applies_to: AppliesTo
    params: BaseModel
    severity: Severity
    points: float
    veto: bool
    message: str


class RuleList(Protocol):
    """A ruleset as the checks see it (`auditor.rules.Ruleset`): its rules, in order."""

    @property
    def rules(self) -> Sequence[CheckRule]: ...


class CheckParams(BaseModel):
    """Base of every check's `Params`: unknown keys refused, values frozen (rules are shared)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration_is_text(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"write the duration as text with a unit, e.g. '{value}d' (got the bare number {value})")
    return value


def _duration_is_positive(value: str) -> str:
    if parse_days(value) <= 0:
        raise ValueError(f"duration {value!r} must be longer than zero")
    return value


# a duration as the office writes it ('1d', '2w', '6mo'); checks convert with parse_days
Duration = Annotated[str, BeforeValidator(_duration_is_text), AfterValidator(_duration_is_positive)]


def clip(text: str, limit: int) -> str:
    """Shorten untrusted text for a message, marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def requirement(rule: CheckRule, override: str | None = None) -> str:
    """The rule's requirement as the trailing （…） of a violation sentence; empty when none."""
    text = override if override is not None else rule.message
    return f"（{text}）" if text else ""


def zh_day(day: date | None) -> str:
    """A date as staff read it in a message: `2026年11月20日` (evidence and ids keep ISO dates)."""
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else "日期不详"


def format_days(days: float) -> str:
    """`1` for one day, `12 小时` for half a day: a deadline as the office writes it."""
    if days == int(days):
        return f"{int(days)} 天"
    return f"{round(days * 24)} 小时"


def make_finding(
    rule: CheckRule,
    site: SiteSnapshot,
    *,
    column: ColumnSnapshot | None,
    url: str,
    message: str,
    key: str = "",
    evidence: dict[str, Any] | None = None,
) -> Finding:
    """A finding carrying the rule's identity and weight; evidence must be JSON-serialisable."""
    return Finding(
        ruleset=rule.ruleset,
        rule=rule.id,
        check=rule.check,
        severity=rule.severity,
        points=rule.points,
        veto=rule.veto,
        site=site.site_id,
        column=column.column_id if column is not None else None,
        url=url,
        message=message,
        key=key,
        evidence=evidence or {},
    )
