"""`applies_to` picks the sites and columns a rule judges; `evaluate` runs every rule once per match."""

from __future__ import annotations

import dataclasses
from typing import Any

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.models import SiteSnapshot
from auditor.rules import Ruleset, parse_ruleset_data

EMPTY_COLUMN: dict[str, Any] = {"items": []}


def empty_rule(applies_to: dict[str, Any]) -> Ruleset:
    rule = {"id": "not-empty", "check": "column.empty", "title": "t", "source": "s", "applies_to": applies_to}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [rule]}, "t.toml")


def site_with_empty_columns(site_kind: str = "county", site_id: str = "example") -> SiteSnapshot:
    site = build_site({"site_kind": site_kind, "column": EMPTY_COLUMN})
    template = site.columns[0]
    columns = tuple(
        dataclasses.replace(template, column_id=kind, kind=kind, name=kind, url=f"http://127.0.0.1/{kind}/")
        for kind in ("news", "notices", "leaders")
    )
    return dataclasses.replace(site, site_id=site_id, columns=columns)


def test_no_filter_judges_every_column() -> None:
    findings = evaluate([empty_rule({})], site_with_empty_columns())
    assert [f.column for f in findings] == ["news", "notices", "leaders"]


def test_column_kinds_pick_the_columns() -> None:
    findings = evaluate([empty_rule({"column_kinds": ["leaders", "news"]})], site_with_empty_columns())
    assert [f.column for f in findings] == ["news", "leaders"]


def test_site_kinds_pick_the_sites() -> None:
    ruleset = empty_rule({"site_kinds": ["town"]})
    assert evaluate([ruleset], site_with_empty_columns("county")) == []
    assert len(evaluate([ruleset], site_with_empty_columns("town"))) == 3


def test_site_ids_pick_the_sites() -> None:
    ruleset = empty_rule({"sites": ["chengguan"], "column_kinds": ["news"]})
    assert evaluate([ruleset], site_with_empty_columns(site_id="portal")) == []
    (finding,) = evaluate([ruleset], site_with_empty_columns(site_id="chengguan"))
    assert (finding.site, finding.column) == ("chengguan", "news")


def test_all_filters_must_agree() -> None:
    ruleset = empty_rule({"sites": ["chengguan"], "site_kinds": ["department"]})
    assert evaluate([ruleset], site_with_empty_columns("town", "chengguan")) == []


def test_findings_carry_the_rule_identity_and_weight() -> None:
    rule = {"id": "not-empty", "check": "column.empty", "title": "t", "source": "s",
            "severity": "critical", "points": 2.5, "veto": True, "message": "栏目不得为空"}
    ruleset = parse_ruleset_data({"ruleset": {"id": "county", "name": "t", "source": "s"}, "rules": [rule]}, "t")
    finding = evaluate([ruleset], site_with_empty_columns())[0]
    assert (finding.ruleset, finding.rule, finding.check) == ("county", "not-empty", "column.empty")
    assert (finding.severity, finding.points, finding.veto) == ("critical", 2.5, True)
    assert finding.message == "news 栏目无任何信息（栏目不得为空）"
    assert finding.url == "http://127.0.0.1/news/"


def test_rulesets_and_rules_run_in_order() -> None:
    first = empty_rule({"column_kinds": ["news"]})
    second = parse_ruleset_data(
        {"ruleset": {"id": "second", "name": "t", "source": "s"},
         "rules": [{"id": "z", "check": "column.empty", "title": "t", "source": "s", "applies_to": {"column_kinds": ["leaders"]}},
                   {"id": "a", "check": "column.empty", "title": "t", "source": "s", "applies_to": {"column_kinds": ["news"]}}]},
        "second.toml",
    )
    findings = evaluate([first, second], site_with_empty_columns())
    assert [(f.ruleset, f.rule, f.column) for f in findings] == [
        ("t", "not-empty", "news"), ("second", "z", "leaders"), ("second", "a", "news"),
    ]
