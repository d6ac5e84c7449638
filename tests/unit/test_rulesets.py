"""The shipped rulesets (mengjin-2011, gov-cn-2019), veto thresholds and groups, pass marks, link.broken `where`."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from auditor.checks import apply_rule, evaluate
from auditor.config import builtin_rulesets
from auditor.errors import RulesetError
from auditor.models import (
    ColumnSnapshot,
    Link,
    LinkOccurrence,
    LinkResult,
    ListItem,
    Outcome,
    SiteSnapshot,
)
from auditor.rules import load_ruleset, load_rulesets, parse_ruleset, parse_ruleset_data
from auditor.scoring import passing, score_sites

ROOT = Path(__file__).resolve().parents[2]
MENGJIN = ROOT / "rules" / "mengjin-2011.toml"
NATIONAL = ROOT / "rules" / "gov-cn-2019.toml"

HEADER = '[ruleset]\nid = "t"\nname = "t"\nsource = "s"\n'


def raw_rules(path: Path) -> dict[str, dict]:
    """The rules as written, without the registry: checks what the file says even before every check exists."""
    return {rule["id"]: rule for rule in tomllib.loads(path.read_text(encoding="utf-8"))["rules"]}


def refusal(text: str) -> list[str]:
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text, "t.toml")
    return info.value.problems


def empty_rule(rule_id: str, extra: str = "") -> str:
    return f'[[rules]]\nid = "{rule_id}"\ncheck = "column.empty"\ntitle = "t"\nsource = "s"\n{extra}\n'


# ---- the county ruleset ----

def test_the_county_ruleset_covers_r1_to_r9_with_its_existing_ids() -> None:
    rules = raw_rules(MENGJIN)
    existing = {"news-daily", "govinfo-3days", "column-deadline", "column-own-deadline", "column-not-empty",
                "column-reachable", "links-not-broken"}
    assert existing <= set(rules)
    assert {rule["check"] for rule in rules.values()} == {
        "column.cadence", "column.empty", "column.unreachable", "link.broken", "link.wrong", "document.late",
        "document.metadata", "mailbox.overdue", "leader.incomplete", "service.incomplete", "content.outdated",
        "site.availability",
    }
    assert rules["documents-20days"]["params"] == {"max_delay": "20d", "calendar": "calendar"}
    assert rules["mailbox-in-time"]["params"]["max_response"] == "15d"
    assert rules["outdated-2years"]["params"] == {"max_age": "2y", "max_age_by_kind": {"plans": "5y", "documents": "5y"}}
    assert {"personnel", "plans", "other"} <= set(rules["outdated-2years"]["applies_to"]["column_kinds"])
    assert rules["documents-dated"]["params"]["required"] == ["index_no", "publisher", "formed", "published"]
    assert rules["leaders-complete"]["params"]["require"] == ["photo", "duties", "cv"]
    assert rules["services-complete"]["params"]["required_elements"] == ["办理流程", "收费依据", "优惠政策", "表格下载"]
    # the county scores, it does not veto: except a home page that does not open at the audit
    assert {rule_id for rule_id, rule in rules.items() if rule.get("veto")} == {"home-reachable"}
    assert rules["home-reachable"]["params"] == {"judge": "audit"}


def test_the_county_ruleset_loads_against_the_registry() -> None:
    ruleset = load_ruleset(MENGJIN)
    assert ruleset.pass_mark == 60.0
    assert ruleset.rule("documents-20days").applies_to.column_kinds == ("documents",)
    assert ruleset.rule("links-not-wrong").check == "link.wrong"


# ---- the national ruleset ----

def test_the_national_ruleset_says_what_the_indicators_say() -> None:
    rules = raw_rules(NATIONAL)
    vetoes = {rule_id for rule_id, rule in rules.items() if rule.get("veto")}
    assert vetoes == {"home-unavailable", "home-unavailable-at-audit", "home-not-updated", "news-not-updated",
                      "notices-not-updated", "yearly-not-updated", "empty-columns", "letters-unanswered"}
    assert all(rules[rule_id]["points"] == 0.0 and rules[rule_id]["severity"] == "critical" for rule_id in vetoes)
    assert rules["home-unavailable"]["params"] == {"window": "7d", "max_failure_share": 0.05, "min_probes": 140}
    stale = {rule_id: rule for rule_id, rule in rules.items() if rule.get("veto_group") == "stale-columns"}
    assert {r["params"]["max_interval"] for r in stale.values()} == {"14d", "6mo", "1y"}
    assert {r["veto_threshold"] for r in stale.values()} == {5} and rules["empty-columns"]["veto_threshold"] == 5
    assert rules["letters-unanswered"]["params"]["max_response"] == "3mo"
    assert rules["home-links-broken"]["params"]["where"] == "home" and rules["home-links-broken"]["points"] == 1.0
    assert rules["other-links-broken"]["params"]["where"] == "other" and rules["other-links-broken"]["points"] == 0.1
    assert rules["documents-late"]["params"] == {"max_delay": "20d", "calendar": "working"}
    assert all(rules[r].get("max_points") for r in set(rules) - vetoes)  # every deduction is capped


def test_every_national_rule_names_its_source_document() -> None:
    for rule_id, rule in raw_rules(NATIONAL).items():
        assert rule["source"].startswith("《") and "》" in rule["source"], rule_id
        assert rule["title"] and rule["message"], rule_id


def test_the_national_ruleset_loads_and_ships_as_a_builtin() -> None:
    assert {"mengjin-2011", "gov-cn-2019"} <= set(builtin_rulesets())
    county, national = load_rulesets([MENGJIN, NATIONAL])
    assert national.id == "gov-cn-2019" and national.pass_mark == 60.0
    assert national.rule("news-not-updated").veto_key == national.rule("yearly-not-updated").veto_key
    assert national.rule("home-links-broken").params.where == "home"  # type: ignore[attr-defined]


# ---- veto_threshold, veto_group and pass_mark in rule files ----

def test_veto_threshold_group_and_pass_mark_are_read() -> None:
    ruleset = parse_ruleset(HEADER + "pass_mark = 75\n" + empty_rule("e", "veto = true\nveto_threshold = 5\nveto_group = \"g\""), "t")
    rule = ruleset.rule("e")
    assert (ruleset.pass_mark, rule.veto_threshold, rule.veto_group, rule.veto_key) == (75.0, 5, "g", "group:g")
    plain = parse_ruleset(HEADER + empty_rule("p"), "t")
    assert (plain.pass_mark, plain.rule("p").veto_threshold, plain.rule("p").veto_key) == (60.0, 1, "rule:p")


def test_a_veto_threshold_below_one_is_refused() -> None:
    (problem,) = refusal(HEADER + empty_rule("e", "veto = true\nveto_threshold = 0"))
    assert problem.startswith("rule 'e': veto_threshold:")


def test_a_threshold_or_group_without_veto_is_refused() -> None:
    problems = refusal(HEADER + empty_rule("e", "veto_threshold = 5\nveto_group = \"g\""))
    assert problems == [
        "rule 'e': veto_threshold: only veto rules have one; add veto = true or remove veto_threshold",
        "rule 'e': veto_group: only veto rules have one; add veto = true or remove veto_group",
    ]


def test_a_veto_group_must_agree_on_its_threshold() -> None:
    text = HEADER + empty_rule("a", "veto = true\nveto_threshold = 5\nveto_group = \"g\"") + empty_rule(
        "b", "veto = true\nveto_threshold = 4\nveto_group = \"g\"")
    (problem,) = refusal(text)
    assert problem.startswith("rule 'b': veto_threshold: 4 differs from 5 of rule 'a' in veto_group 'g'")


def test_a_pass_mark_over_100_is_refused() -> None:
    (problem,) = refusal(HEADER + "pass_mark = 101\n" + empty_rule("e"))
    assert problem.startswith("ruleset.pass_mark:")


# ---- link.broken `where`: the home page counted apart from the other pages ----

HOME = "http://127.0.0.1/"


def dead(source: str, target: str, on_home: bool) -> LinkOccurrence:
    return LinkOccurrence(link=Link(source=source, target=target, element="a", attribute="href"),
                          result=LinkResult(url=target, outcome=Outcome.BROKEN, status=404), on_home=on_home)


def broken_rule(where: str):
    data = {"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [{
        "id": "links", "check": "link.broken", "title": "t", "source": "s",
        "params": {"where": where, "all_links_on_site_kinds": ["county", "town", "department"]},
    }]}
    return parse_ruleset_data(data, "t").rule("links")


@pytest.mark.parametrize(("where", "targets"), [
    ("home", ["http://127.0.0.9/both", "http://127.0.0.9/home-only"]),
    ("other", ["http://127.0.0.9/both", "http://127.0.0.9/other-only"]),
    ("all", ["http://127.0.0.9/both", "http://127.0.0.9/home-only", "http://127.0.0.9/other-only"]),
])
def test_link_broken_where_picks_the_pages(where: str, targets: list[str]) -> None:
    site = SiteSnapshot(
        site_id="portal", site_kind="county", name="清河县人民政府", url=HOME, unit="办公室",
        as_of=datetime(2026, 11, 28, 1, tzinfo=UTC), home=None,
        links=(dead(HOME, "http://127.0.0.9/home-only", True), dead(HOME, "http://127.0.0.9/both", True),
               dead(HOME + "a.html", "http://127.0.0.9/both", False),
               dead(HOME + "b.html", "http://127.0.0.9/other-only", False)),
    )
    findings = apply_rule(broken_rule(where), site)
    assert [f.url for f in findings] == targets
    if where == "other":
        assert findings[0].evidence["sources"] == [{"page": HOME + "a.html", "text": "", "element": "a"}]


def test_link_broken_where_refuses_other_values() -> None:
    with pytest.raises(RulesetError) as info:
        broken_rule("footer")
    assert "params.where" in info.value.problems[0] and "'home'" in info.value.problems[0]


# ---- the national vetoes on a site: five stale columns of any kinds fail it, four do not ----

def column(column_id: str, kind: str, newest: str) -> ColumnSnapshot:
    items = tuple(ListItem(title=f"{column_id} {n}", url=f"{HOME}{column_id}/{n}.html", date=date.fromisoformat(newest))
                  for n in range(3))
    return ColumnSnapshot(site_id="portal", column_id=column_id, name=column_id, kind=kind, url=f"{HOME}{column_id}/",
                          reachable=True, status=200, error="", items=items)


def national_score(columns: list[ColumnSnapshot]):
    national = load_ruleset(NATIONAL)
    site = SiteSnapshot(site_id="portal", site_kind="county", name="清河县人民政府", url=HOME, unit="办公室",
                        as_of=datetime(2026, 11, 28, 1, tzinfo=UTC), home=None, columns=tuple(columns))
    (score,) = score_sites([national], evaluate([national], site), ["portal"])
    return score, national


FRESH_NEWS = column("news", "news", "2026-11-20")  # 8 days: within the 2 weeks
FOUR_STALE = [column("tzgg", "notices", "2026-05-01"), column("zfwj", "documents", "2026-04-01"),
              column("rsxx", "personnel", "2025-10-01"), column("ghjh", "plans", "2025-11-01")]


def test_four_stale_columns_do_not_veto() -> None:
    score, national = national_score([FRESH_NEWS, *FOUR_STALE, column("ldxx", "leaders", "2026-01-01")])
    assert score.veto is False and passing(score, national)
    assert score.score == 92.0  # each stale column short of the veto costs [scoring] veto_item_points (2)


def test_a_fifth_stale_column_vetoes() -> None:
    score, national = national_score([FRESH_NEWS, *FOUR_STALE, column("ldxx", "leaders", "2025-11-20")])
    assert score.veto is True and not passing(score, national) and score.score == 90.0
    assert score.fail_reason.startswith("单项否决：") and "1年未更新" in score.fail_reason


def test_news_stale_for_two_weeks_is_a_home_page_not_updated() -> None:
    at_limit, _ = national_score([column("news", "news", "2026-11-14")])  # 14 days: exactly at the limit
    over, _ = national_score([column("news", "news", "2026-11-13")])
    assert (at_limit.veto, over.veto) == (False, True)


def test_r10_and_r11_quote_the_report_too() -> None:
    report = "".join((ROOT / "rules" / "sources" / "mengjin-2011-annual-report.txt").read_text(encoding="utf-8").split())
    header = "".join(line.lstrip("# ").rstrip() for line in MENGJIN.read_text(encoding="utf-8").splitlines()[:16])
    quoted = header.split('"')[1::2]
    assert len(quoted) == 2  # R10 and R11, in the header comment
    for quote in quoted:
        assert "".join(quote.split()) in report


def test_an_age_per_column_kind_names_a_kind_and_a_duration() -> None:
    rule = '[[rules]]\nid = "o"\ncheck = "content.outdated"\ntitle = "t"\nsource = "s"\nparams = {{ max_age_by_kind = {{ {} }} }}\n'
    assert "'plan' is not allowed" in refusal(HEADER + rule.format('plan = "5y"'))[0]
    assert "invalid duration '5x'" in refusal(HEADER + rule.format('plans = "5x"'))[0]
    ruleset = parse_ruleset(HEADER + rule.format('plans = "5y", other = "1y"'), "t")
    assert ruleset.rule("o").params.age_for("plans") == "5y"  # type: ignore[attr-defined]
    assert ruleset.rule("o").params.age_for("news") == "2y"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("scoring", "expected"), [
    ({"check_weights": {"link.borken": 2.0}}, "unknown check type 'link.borken'"),
    ({"severity_weights": {"grave": 2.0}}, "scoring.severity_weights.grave"),
    ({"severity_weights": {"major": -1.0}}, "between 0 and 100"),
    ({"overrun_max": 0.5}, "scoring.overrun_max"),
    ({"weights": {}}, "scoring.weights: unknown key"),
])
def test_a_bad_scoring_table_is_refused_with_its_key(scoring: dict[str, object], expected: str) -> None:
    with pytest.raises(RulesetError) as info:
        parse_ruleset_data({"ruleset": {"id": "x", "name": "n", "source": "s"}, "scoring": scoring,
                            "rules": [{"id": "r", "check": "column.empty", "title": "t", "source": "s"}]}, "x.toml")
    assert expected in str(info.value)


def test_the_shipped_rulesets_state_their_scoring() -> None:
    for name in builtin_rulesets():
        ruleset = load_ruleset(Path(__file__).resolve().parents[2] / "rules" / f"{name}.toml")
        assert ruleset.scoring.severity_weights == {"minor": 1.0, "major": 2.0, "critical": 4.0}
        assert ruleset.scoring.check_weights["link.wrong"] > ruleset.scoring.check_weights["content.outdated"]
        assert any(rule.per_items for rule in ruleset.rules)


def test_the_documented_county_security_ruleset_loads_beside_the_county_rules(tmp_path: Path) -> None:
    """docs/rules-and-checks.md shows a county how to add issue 19's checks to its own rules."""
    import re

    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules-and-checks.md").read_text(encoding="utf-8")
    section = docs.split("### The content and security checks in a county's rules", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert example is not None
    path = tmp_path / "county-security.toml"
    path.write_text(example.group(1), encoding="utf-8")
    county, security = load_rulesets([MENGJIN, path])
    assert security.id == "county-security" and county.id == "mengjin-2011"
    assert {rule.check for rule in security.rules} == {
        "content.wording", "content.personal_data", "link.hidden", "site.https"}
