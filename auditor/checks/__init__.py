"""The check types: one module each, in a plain registry dict.

A check module declares

    INFO     a `CheckInfo`: its id (the registry key rules name in `check = "..."`), its
             scope ("column": run once per matching column; "site": once per site), and its
             title and fix sentence (整改建议) in both bulletin languages
    Params   a pydantic model of its parameters with defaults (unknown keys refused)
    check(site, rule, column) -> Iterator[Finding]    pure: no I/O, judges the snapshot only

and a module docstring whose first line is its summary and whose PASS/FAIL
examples run as tests (format in `auditor.checks.examples`). Adding a check type is
one new module and one line in `CHECKS`. Reports and bulletins read a check type's
words from here (`check_name`, `fix_for`).

A check is given a rule as a `CheckRule`, a plain value (`common.py`), and `evaluate`
takes any rulesets whose `rules` are such values: `auditor.rules` loads and validates
rulesets against this registry, so it imports this package, never the reverse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from ..models import ColumnSnapshot, Finding, SiteSnapshot
from . import (
    column_cadence,
    column_empty,
    column_unreachable,
    content_outdated,
    document_late,
    document_metadata,
    leader_incomplete,
    link_broken,
    link_hidden,
    link_wrong,
    mailbox_overdue,
    personal_data,
    report_missing,
    service_incomplete,
    site_availability,
    site_https,
    site_identity,
    wording,
)
from .common import CheckInfo, CheckRule, RuleList, Scope, Words

CheckFunction = Callable[[SiteSnapshot, CheckRule, ColumnSnapshot | None], Iterator[Finding]]
GENERIC_FIX = Words("请对照规则要求整改", "Fix it as the rule requires")  # a check type no longer registered


@dataclass(frozen=True)
class CheckType:
    info: CheckInfo
    params: type[BaseModel]
    check: CheckFunction
    doc: str

    @classmethod
    def from_module(cls, module: ModuleType) -> CheckType:
        return cls(info=module.INFO, params=module.Params, check=module.check, doc=module.__doc__ or "")

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def scope(self) -> Scope:
        return self.info.scope

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def defaults(self) -> dict[str, Any]:
        return self.params().model_dump(mode="json")


CHECKS: dict[str, CheckType] = {
    check.id: check
    for check in map(CheckType.from_module, (
        column_unreachable,
        column_empty,
        column_cadence,
        link_broken,
        document_late,
        document_metadata,
        content_outdated,
        report_missing,
        link_wrong,
        link_hidden,
        leader_incomplete,
        service_incomplete,
        mailbox_overdue,
        site_identity,
        site_availability,
        wording,
        site_https,
        personal_data,
    ))
}


def check_name(check: str, language: str) -> str:
    """A check type's short name in `language` (空白栏目); the id itself when it has none there."""
    known = CHECKS.get(check)
    return (known.info.title.get(language) if known is not None else None) or check


def fix_for(check: str, language: str) -> str:
    """What to do about a finding of this check type, in `language` (the generic sentence when unknown)."""
    known = CHECKS.get(check)
    return (known.info.fix if known is not None else GENERIC_FIX).get(language) or GENERIC_FIX.en


def evaluate(
    rulesets: Sequence[RuleList],
    site: SiteSnapshot,
    column_overrides: Mapping[str, float] | None = None,
) -> list[Finding]:
    """Apply every rule of every ruleset to one site, in ruleset, rule and column order.

    `column_overrides` maps a column id to its update deadline in days and replaces the
    snapshot's `update_within_days` (a re-evaluation after the config changed).
    """
    columns = _with_overrides(site.columns, column_overrides or {})
    findings: list[Finding] = []
    for ruleset in rulesets:
        for rule in ruleset.rules:
            findings.extend(apply_rule(rule, site, columns))
    return findings


def apply_rule(rule: CheckRule, site: SiteSnapshot, columns: tuple[ColumnSnapshot, ...] | None = None) -> list[Finding]:
    """One rule on one site: `applies_to` picks the site, then (for column checks) the columns."""
    check_type = CHECKS[rule.check]
    if not rule.applies_to.selects_site(site.site_id, site.site_kind):
        return []
    if check_type.scope == "site":
        return list(check_type.check(site, rule, None))
    findings: list[Finding] = []
    for column in site.columns if columns is None else columns:
        if rule.applies_to.selects_column(column.kind):
            findings.extend(check_type.check(site, rule, column))
    return findings


def _with_overrides(columns: tuple[ColumnSnapshot, ...], overrides: Mapping[str, float]) -> tuple[ColumnSnapshot, ...]:
    return tuple(
        dataclasses.replace(c, update_within_days=overrides[c.column_id]) if c.column_id in overrides else c
        for c in columns
    )


def describe_registry() -> list[dict[str, Any]]:
    """The registry for `auditor rules list`: id, scope, parameters with defaults, summary."""
    return [
        {"id": c.id, "scope": c.scope, "params": c.defaults(), "summary": c.summary}
        for c in sorted(CHECKS.values(), key=lambda c: c.id)
    ]
