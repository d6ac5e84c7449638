"""Rulesets: data naming check types and their parameters; `load_ruleset(path)`.

A ruleset is one TOML file (shipped ones live in `rules/`)::

    [ruleset]
    id = "mengjin-2011"                     # unique among the loaded rulesets
    name = "孟津县政府网站内容保障规则"
    source = "孟津县2011年度政府信息公开工作报告（二○一二年二月）"   # the document it enforces
    description = "..."                     # optional
    pass_mark = 60                          # optional: a score below it fails (不合格); default 60

    [scoring]                               # optional: how findings become a score (auditor.scoring)
    severity_weights = { minor = 1.0, major = 2.0, critical = 4.0 }
    check_weights = { "link.wrong" = 1.5 }  # per check type; 1 when not named
    veto_item_points = 2.0                  # what a finding of a 0-point veto rule costs below its threshold
    per_items = 100                         # the base of `per_items` rules
    overrun_max = 3.0                       # a time-limit finding costs up to this many times its points

    [[rules]]
    id = "news-daily"                       # unique in the file: letters, digits, '-', '_'
    check = "column.cadence"                # a key of auditor.checks.CHECKS
    title = "资讯类信息每天更新"              # shown in reports
    source = "对县委、县政府重大活动等资讯类信息,确保每天更新、立即更新"   # the source's own words (required)
    applies_to = { column_kinds = ["news"] }   # optional: column_kinds, site_kinds, sites (ids);
                                               # absent = every site / every column; column_kinds
                                               # only for column checks
    params = { max_interval = "1d", window = "15d" }   # the check's own parameters (see `auditor rules list`)
    severity = "major"                      # minor | major | critical (default major)
    points = 1.0                            # deducted per violation (default 1)
    max_points = 10.0                       # optional cap on this rule's deduction per site
    veto = false                            # a violation fails the site outright (单项否决)
    veto_threshold = 1                      # the veto needs findings in at least this many places
                                            # (distinct column/url pairs: 5 columns not updated)
    veto_group = "stale-columns"            # optional: veto rules sharing a group count together
    per_items = false                       # count findings per 100 things the rule looked at on the site
    message = "规定每天更新"                 # the requirement, appended to each violation's sentence in （）

Everything is validated before any work: unknown keys and unknown parameters are
refused, durations must parse (`auditor.durations`), and each problem names the rule,
the key and the fix; `RulesetError(file, problems)` carries them all at once.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .checks import CHECKS
from .checks.common import AppliesTo, CheckParams, CheckRule
from .config import Identifier
from .errors import RulesetError
from .models import Severity

MAX_RULESET_BYTES = 1_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _RulesetHeader(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    source: str = Field(min_length=1)
    description: str = ""
    pass_mark: float = Field(60.0, ge=0, le=100)


class _RuleSpec(_Strict):
    id: Identifier
    check: str
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    applies_to: AppliesTo = AppliesTo()
    params: dict[str, Any] = {}
    severity: Severity = Severity.MAJOR
    points: float = Field(1.0, ge=0, le=100)
    max_points: float | None = Field(None, gt=0, le=100)
    veto: bool = False
    veto_threshold: int = Field(1, ge=1, le=1000)
    veto_group: Identifier | None = None
    message: str = ""
    per_items: bool = False

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        if value in CHECKS:
            return value
        close = difflib.get_close_matches(value, list(CHECKS), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(f"unknown check type {value!r}; {hint}known: {', '.join(sorted(CHECKS))}")


class _ScoringSpec(_Strict):
    severity_weights: dict[Severity, float] = {}
    check_weights: dict[str, float] = {}
    veto_item_points: float = Field(2.0, ge=0, le=100)
    per_items: int = Field(100, ge=1, le=1_000_000)
    overrun_max: float = Field(3.0, ge=1, le=100)

    @field_validator("severity_weights", "check_weights")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for key, weight in value.items():
            if not 0 <= weight <= 100:
                raise ValueError(f"{key}: weight {weight} must lie between 0 and 100")
        return value

    @field_validator("check_weights")
    @classmethod
    def _known_checks(cls, value: dict[str, float]) -> dict[str, float]:
        for check in value:
            if check not in CHECKS:
                raise ValueError(f"unknown check type {check!r}; known: {', '.join(sorted(CHECKS))}")
        return value


class _RulesetFile(_Strict):
    ruleset: _RulesetHeader
    scoring: _ScoringSpec = _ScoringSpec()
    rules: list[dict[str, Any]] = Field(min_length=1)


@dataclass(frozen=True)
class Rule(CheckRule):
    """A validated rule: what its check is given (`CheckRule`: ruleset, id, check, applies_to,
    params, an instance of the check's `Params` model, severity, points, veto, message) and
    what only the ruleset uses."""

    title: str
    source: str
    max_points: float | None
    veto_threshold: int = 1  # the veto needs findings in at least this many places
    veto_group: str | None = None  # veto rules of one group count their places together
    per_items: bool = False  # findings count per `[scoring] per_items` things the rule looked at (auditor.scoring)

    @property
    def veto_key(self) -> str:
        """What a veto counts over: the rule's group, or the rule alone."""
        return f"group:{self.veto_group}" if self.veto_group else f"rule:{self.id}"


DEFAULT_SEVERITY_WEIGHTS = {Severity.MINOR: 1.0, Severity.MAJOR: 2.0, Severity.CRITICAL: 4.0}


@dataclass(frozen=True)
class Scoring:
    """How the ruleset turns findings into deductions (`[scoring]`; auditor.scoring says how)."""

    severity_weights: dict[str, float] = field(default_factory=lambda: {str(k): v for k, v in DEFAULT_SEVERITY_WEIGHTS.items()})
    check_weights: dict[str, float] = field(default_factory=dict)
    veto_item_points: float = 2.0  # what a finding of a 0-point veto rule costs below its threshold
    per_items: int = 100
    overrun_max: float = 3.0  # a time-limit finding costs up to this many times its points (days / limit)

    def severity_weight(self, severity: str) -> float:
        return self.severity_weights.get(severity, DEFAULT_SEVERITY_WEIGHTS.get(Severity(severity), 1.0))


@dataclass(frozen=True)
class Ruleset:
    id: str
    name: str
    source: str
    description: str
    file: str
    rules: tuple[Rule, ...]
    pass_mark: float = 60.0  # a score below it fails (不合格), as does a veto
    scoring: Scoring = field(default_factory=Scoring)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def load_rulesets(paths: Iterable[str | Path]) -> list[Ruleset]:
    """Load every ruleset; two files sharing a `[ruleset].id` are refused."""
    loaded: list[Ruleset] = []
    for path in paths:
        ruleset = load_ruleset(path)
        for other in loaded:
            if other.id == ruleset.id:
                raise RulesetError(str(path), [
                    f"ruleset.id: {ruleset.id!r} is already the id of {other.file}; give each ruleset its own [ruleset].id"
                ])
        loaded.append(ruleset)
    return loaded


def load_ruleset(path: str | Path) -> Ruleset:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_RULESET_BYTES:
            raise RulesetError(str(path), [f"file is larger than {MAX_RULESET_BYTES} bytes; is it really a ruleset?"])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesetError(str(path), ["file not found: check the path in `rulesets` (relative to the config file)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(str(path), [f"cannot read: {exc}"]) from None
    return parse_ruleset(text, str(path))


def parse_ruleset(text: str, file: str) -> Ruleset:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(file, [f"invalid TOML: {exc}"]) from None
    return parse_ruleset_data(data, file)


def parse_ruleset_data(data: dict[str, Any], file: str) -> Ruleset:
    """Validate an already parsed ruleset (a TOML document as a dict)."""
    try:
        document = _RulesetFile.model_validate(data)
    except ValidationError as exc:
        raise RulesetError(file, _describe(exc, _RulesetFile)) from None
    problems: list[str] = []
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(document.rules):
        rule = _parse_rule(document.ruleset.id, index, raw, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(f"rule {rule.id!r}: id: duplicate rule id; each rule id must be unique in the file")
        seen.add(rule.id)
        rules.append(rule)
    problems.extend(_veto_group_problems(rules))
    if problems:
        raise RulesetError(file, problems)
    header, scoring = document.ruleset, document.scoring
    weights = {**DEFAULT_SEVERITY_WEIGHTS, **{Severity(k): v for k, v in scoring.severity_weights.items()}}
    return Ruleset(id=header.id, name=header.name, source=header.source, description=header.description,
                   file=file, rules=tuple(rules), pass_mark=header.pass_mark,
                   scoring=Scoring({str(k): v for k, v in weights.items()}, dict(scoring.check_weights),
                                   scoring.veto_item_points, scoring.per_items, scoring.overrun_max))


def _veto_group_problems(rules: list[Rule]) -> list[str]:
    """Rules of one veto group must all veto and agree on the threshold, or the count means nothing."""
    problems: list[str] = []
    first_of: dict[str, Rule] = {}
    for rule in rules:
        if not rule.veto:
            for key, unset in (("veto_threshold", rule.veto_threshold == 1), ("veto_group", rule.veto_group is None)):
                if not unset:
                    problems.append(f"rule {rule.id!r}: {key}: only veto rules have one; add veto = true or remove {key}")
            continue
        if rule.veto_group is None:
            continue
        first = first_of.setdefault(rule.veto_group, rule)
        if rule.veto_threshold != first.veto_threshold:
            problems.append(
                f"rule {rule.id!r}: veto_threshold: {rule.veto_threshold} differs from {first.veto_threshold} of rule "
                f"{first.id!r} in veto_group {rule.veto_group!r}; give every rule of the group the same threshold"
            )
    return problems


def _parse_rule(ruleset_id: str, index: int, raw: dict[str, Any], problems: list[str]) -> Rule | None:
    """The rule, or None after adding what is wrong with it to `problems`."""
    raw_id = raw.get("id")
    prefix = f"rule {raw_id!r}" if isinstance(raw_id, str) and raw_id else f"rules[{index}]"
    try:
        spec = _RuleSpec.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_describe(exc, _RuleSpec, prefix))
        return None
    check_type = CHECKS[spec.check]
    try:
        params = check_type.params.model_validate(spec.params)
    except ValidationError as exc:
        problems.extend(_describe(exc, check_type.params, prefix, key_prefix="params."))
        return None
    if check_type.scope == "site" and spec.applies_to.column_kinds is not None:
        problems.append(
            f"{prefix}: applies_to.column_kinds: {spec.check} judges whole sites, not columns; "
            "remove column_kinds (pick sites with site_kinds or sites)"
        )
        return None
    return Rule(
        ruleset=ruleset_id, id=spec.id, check=spec.check, title=spec.title, source=spec.source,
        applies_to=spec.applies_to, params=params, severity=spec.severity, points=spec.points,
        max_points=spec.max_points, veto=spec.veto, message=spec.message,
        veto_threshold=spec.veto_threshold, veto_group=spec.veto_group, per_items=spec.per_items,
    )


def _describe(exc: ValidationError, model: type[BaseModel], prefix: str = "", key_prefix: str = "") -> list[str]:
    """One line per pydantic error: `prefix: key: what is wrong and how to fix it`."""
    lines = []
    for error in exc.errors():
        key = (key_prefix + _dotted(error["loc"])).rstrip(".")
        where = ": ".join(part for part in (prefix, key) if part) or "(top level)"
        lines.append(f"{where}: {_explain(error, model)}")
    return lines


def _explain(error: Any, model: type[BaseModel]) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "extra_forbidden":
        allowed = ", ".join(_allowed_keys(model, error["loc"])) or "none"
        noun = "parameter" if issubclass(model, CheckParams) else "key"
        return f"unknown {noun} (misspelt?); allowed: {allowed}"
    if kind == "missing":
        return "required key is missing"
    if kind in ("literal_error", "enum"):  # a Literal's words, or a vocabulary's (`auditor.models`)
        return f"{_short(given)} is not allowed: write {error['ctx']['expected']}"
    if kind in ("tuple_type", "list_type"):
        return f"write a list in brackets, e.g. [{_short(given)}]"
    if kind == "string_pattern_mismatch":
        return f"{_short(given)}: write letters, digits, '-' or '_' (at most 64), starting with a letter or digit"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if kind == "value_error" else f"{message} (got {_short(given)})"


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys allowed where an unknown key was found: walk the models along its location."""
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            break
        model = annotation
    return list(model.model_fields)


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"
