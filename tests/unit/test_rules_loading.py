"""Ruleset loading: the shipped file loads, and every bad ruleset is refused with the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks.column_cadence import Params as CadenceParams
from auditor.config import BUILTIN_RULESETS_DIR, resolve_ruleset
from auditor.errors import ConfigError, RulesetError
from auditor.rules import load_ruleset, load_rulesets, parse_ruleset

ROOT = Path(__file__).resolve().parents[2]
MENGJIN = ROOT / "rules" / "mengjin-2011.toml"
REPORT = ROOT / "rules" / "sources" / "mengjin-2011-annual-report.txt"

HEADER = """
[ruleset]
id = "test-rules"
name = "测试规则"
source = "测试"
"""

GOOD_RULE = """
[[rules]]
id = "news-daily"
check = "column.cadence"
title = "资讯类信息每天更新"
source = "确保每天更新、立即更新"
applies_to = { column_kinds = ["news"] }
params = { max_interval = "1d", window = "15d" }
severity = "major"
points = 1.0
max_points = 10.0
message = "规定每天更新"
"""


def refusal(text: str) -> list[str]:
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text, "test.toml")
    assert info.value.file == "test.toml"
    return info.value.problems


def test_the_county_ruleset_loads_with_its_rules() -> None:
    ruleset = load_ruleset(MENGJIN)
    assert ruleset.id == "mengjin-2011"
    by_id = {rule.id: rule for rule in ruleset.rules}
    assert by_id["news-daily"].check == "column.cadence"
    assert by_id["news-daily"].params.max_interval_days == 1.0  # type: ignore[attr-defined]
    assert by_id["govinfo-3days"].params.max_interval_days == 3.0  # type: ignore[attr-defined]
    assert by_id["news-daily"].applies_to.column_kinds == ("news",)
    assert {"column.cadence", "column.empty", "column.unreachable", "link.broken"} <= {rule.check for rule in ruleset.rules}
    links = by_id["links-not-broken"]
    assert (links.points, links.max_points) == (0.5, 10.0)
    assert all(rule.ruleset == "mengjin-2011" for rule in ruleset.rules)


def test_every_rule_quotes_the_report_word_for_word() -> None:
    report = REPORT.read_text(encoding="utf-8")
    for rule in load_ruleset(MENGJIN).rules:
        assert rule.source in report, rule.id
        assert rule.title and rule.message


def test_the_county_ruleset_ships_as_a_builtin() -> None:
    path = resolve_ruleset("mengjin-2011", Path("/nonexistent/auditor.toml"))
    assert path.resolve() == MENGJIN.resolve()
    assert (BUILTIN_RULESETS_DIR / "mengjin-2011.toml").is_file()


def test_a_minimal_rule_takes_the_defaults() -> None:
    ruleset = parse_ruleset(HEADER + '[[rules]]\nid = "r"\ncheck = "column.empty"\ntitle = "t"\nsource = "s"\n', "x.toml")
    rule = ruleset.rule("r")
    assert (rule.severity, rule.points, rule.max_points, rule.veto, rule.message) == ("major", 1.0, None, False, "")
    assert rule.applies_to.selects_column("anything") and rule.applies_to.selects_site("any", "town")


def test_params_become_the_checks_own_model_with_defaults() -> None:
    rule = parse_ruleset(HEADER + GOOD_RULE.replace('params = { max_interval = "1d", window = "15d" }', ""), "x").rules[0]
    assert isinstance(rule.params, CadenceParams)
    assert (rule.params.max_interval, rule.params.window, rule.params.calendar) == ("1d", "15d", "calendar")


def test_a_bad_duration_names_the_rule_the_key_and_the_fix() -> None:
    problems = refusal(HEADER + GOOD_RULE.replace('max_interval = "1d"', 'max_interval = "3x"'))
    assert len(problems) == 1
    assert problems[0].startswith("rule 'news-daily': params.max_interval: invalid duration '3x': write a number and a unit h, d, w, mo or y, e.g. '1d'")


def test_a_bare_number_duration_is_refused_with_the_unit_to_add() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('max_interval = "1d"', "max_interval = 3"))
    assert "params.max_interval" in problem and "'3d'" in problem


def test_a_zero_duration_is_refused() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('window = "15d"', 'window = "0d"'))
    assert "params.window" in problem and "longer than zero" in problem


def test_an_unknown_check_is_refused_with_a_suggestion() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('"column.cadence"', '"column.cadense"'))
    assert problem.startswith("rule 'news-daily': check: unknown check type 'column.cadense'")
    assert "did you mean 'column.cadence'" in problem and "link.broken" in problem


def test_an_unknown_parameter_lists_the_allowed_ones() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace("max_interval =", "max_intervl ="))
    assert problem.startswith("rule 'news-daily': params.max_intervl: unknown parameter")
    assert "max_interval, window, calendar" in problem


def test_an_unknown_rule_key_lists_the_allowed_ones() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE + 'frequency = "daily"\n')
    assert problem.startswith("rule 'news-daily': frequency: unknown key")
    assert "check" in problem and "max_points" in problem


def test_an_unknown_applies_to_filter_lists_the_filters() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace("applies_to = { column_kinds", "applies_to = { column_kind"))
    assert problem.startswith("rule 'news-daily': applies_to.column_kind: unknown key")
    assert "column_kinds, site_kinds, sites" in problem


def test_an_unknown_column_kind_is_refused() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('["news"]', '["newz"]'))
    assert problem.startswith("rule 'news-daily': applies_to.column_kinds[0]: 'newz' is not allowed")


def test_a_bad_severity_says_which_are_allowed() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('severity = "major"', 'severity = "high"'))
    assert problem == "rule 'news-daily': severity: 'high' is not allowed: write 'minor', 'major' or 'critical'"


def test_a_duplicate_rule_id_is_refused() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE + GOOD_RULE)
    assert problem.startswith("rule 'news-daily': id: duplicate rule id")


def test_invalid_toml_is_refused() -> None:
    (problem,) = refusal(HEADER + "[[rules]\nid = ")
    assert problem.startswith("invalid TOML")


def test_every_problem_is_reported_at_once() -> None:
    second = GOOD_RULE.replace('id = "news-daily"', 'id = "other"').replace('severity = "major"', 'severity = "grave"')
    problems = refusal(HEADER + GOOD_RULE.replace('max_interval = "1d"', 'max_interval = "1x"') + second)
    assert [p.split(":")[0] for p in problems] == ["rule 'news-daily'", "rule 'other'"]


def test_a_rule_without_an_id_is_named_by_its_position() -> None:
    problems = refusal(HEADER + GOOD_RULE + GOOD_RULE.replace('id = "news-daily"\n', "", 1))
    assert problems == ["rules[1]: id: required key is missing"]


def test_the_source_quote_is_required() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('source = "确保每天更新、立即更新"\n', ""))
    assert problem == "rule 'news-daily': source: required key is missing"


def test_an_unknown_calendar_is_refused() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace('window = "15d"', 'window = "15d", calendar = "lunar"'))
    assert problem.startswith("rule 'news-daily': params.calendar")


def test_column_filters_on_a_site_check_are_refused() -> None:
    rule = '[[rules]]\nid = "links"\ncheck = "link.broken"\ntitle = "t"\nsource = "s"\napplies_to = { column_kinds = ["links"] }\n'
    (problem,) = refusal(HEADER + rule)
    assert problem.startswith("rule 'links': applies_to.column_kinds: link.broken judges whole sites")


def test_a_missing_header_and_no_rules_are_refused() -> None:
    problems = refusal("rules = []\n")
    assert "ruleset: required key is missing" in problems
    assert any(p.startswith("rules: ") for p in problems)


def test_an_unknown_header_key_lists_the_header_keys() -> None:
    (problem,) = refusal(HEADER + 'version = "1"\n' + GOOD_RULE)
    assert problem.startswith("ruleset.version: unknown key") and "id, name, source, description" in problem


def test_points_must_be_sane() -> None:
    (problem,) = refusal(HEADER + GOOD_RULE.replace("points = 1.0", "points = -1.0", 1))
    assert problem.startswith("rule 'news-daily': points:")


def test_two_rulesets_with_one_id_are_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(HEADER + GOOD_RULE, encoding="utf-8")
    second.write_text(HEADER + GOOD_RULE, encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_rulesets([first, second])
    assert info.value.file == str(second)
    assert "'test-rules' is already the id of" in info.value.problems[0] and str(first) in info.value.problems[0]


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_ruleset(tmp_path / "nope.toml")
    assert "file not found" in str(info.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes((HEADER + GOOD_RULE).encode("gb18030"))
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert "cannot read" in info.value.problems[0]
