"""link.broken: which broken links count where, one finding per target, evidence capped."""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.models import Finding, Link, LinkOccurrence, LinkResult, Outcome
from auditor.rules import Ruleset, parse_ruleset_data

GONE = "http://127.0.0.9/gone.html"
MESSAGE = "规定每半月检查，确保没有无效链接"


def broken_rule(params: dict[str, Any] | None = None) -> Ruleset:
    rule = {"id": "links", "check": "link.broken", "title": "t", "source": "s", "message": MESSAGE,
            "params": params or {}, "points": 0.5}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [rule]}, "t.toml")


def judge(site_kind: str, links: list[dict[str, Any]], params: dict[str, Any] | None = None) -> list[Finding]:
    return evaluate([broken_rule(params)], build_site({"site_kind": site_kind, "links": links}))


def test_county_portal_ordinary_page_does_not_count() -> None:
    assert judge("county", [{"target": GONE, "status": 404}]) == []
    assert judge("county", [{"target": GONE, "status": 404, "on_home": True}]) == []


def test_county_portal_link_column_counts() -> None:
    (finding,) = judge("county", [{"target": GONE, "status": 404, "column_kind": "links",
                                   "source": "http://127.0.0.1/wzlj/", "text": "县教育局"}])
    assert finding.url == GONE and finding.key == "" and finding.column is None
    assert finding.message == f"链接失效：{GONE} （HTTP 404），见于 http://127.0.0.1/wzlj/「县教育局」（{MESSAGE}）"
    assert finding.points == 0.5


def test_a_link_on_another_kind_of_column_does_not_count_on_the_portal() -> None:
    assert judge("county", [{"target": GONE, "status": 404, "column_kind": "news"}]) == []


def test_every_link_on_town_and_department_sites_counts() -> None:
    for kind in ("town", "department"):
        (finding,) = judge(kind, [{"target": GONE, "status": 404}])
        assert finding.url == GONE


def test_unverified_robots_excluded_and_wrong_are_never_broken() -> None:
    for outcome in ("unverified", "robots", "excluded", "wrong", "ok", "redirected"):
        assert judge("town", [{"target": GONE, "outcome": outcome, "status": 403}]) == [], outcome


def test_a_timeout_is_broken() -> None:
    (finding,) = judge("town", [{"target": GONE, "outcome": "timeout", "error": "timeout"}])
    assert "（访问超时）" in finding.message


def test_the_scope_params_change_what_counts() -> None:
    assert judge("town", [{"target": GONE, "status": 404}], {"all_links_on_site_kinds": []}) == []
    everywhere = {"all_links_on_site_kinds": ["county", "town", "department"]}
    assert len(judge("county", [{"target": GONE, "status": 404}], everywhere)) == 1
    news_too = {"link_column_kinds": ["links", "news"]}
    assert len(judge("county", [{"target": GONE, "status": 404, "column_kind": "news"}], news_too)) == 1


def test_one_finding_per_target_with_sources_capped_at_twenty() -> None:
    links = [{"target": GONE, "status": 404, "source": f"http://127.0.0.1/p{n:03}.html", "text": f"第{n}页"} for n in range(45)]
    links.append({"target": GONE, "status": 404, "source": "http://127.0.0.1/p000.html", "text": "again"})
    (finding,) = judge("town", links)
    assert finding.evidence["source_count"] == 45
    assert len(finding.evidence["sources"]) == 20
    assert finding.evidence["sources"][0] == {"page": "http://127.0.0.1/p000.html", "text": "again", "element": "a"}
    assert "见于 45 个页面，如 http://127.0.0.1/p000.html「again」" in finding.message
    assert finding.evidence["status"] == 404 and finding.evidence["outcome"] == "broken"
    json.dumps(finding.evidence)


def test_the_home_page_is_the_example_when_it_carries_the_link() -> None:
    links = [{"target": GONE, "status": 404, "source": "http://127.0.0.1/a.html"},
             {"target": GONE, "status": 404, "source": "http://127.0.0.1/", "on_home": True, "text": "首页链接"}]
    (finding,) = judge("town", links)
    assert "如 http://127.0.0.1/「首页链接」" in finding.message


def test_findings_do_not_depend_on_the_order_links_arrive_in() -> None:
    links = [{"target": f"http://127.0.0.9/{t}", "status": 404, "source": f"http://127.0.0.1/{s}.html", "text": f"{t}{s}"}
             for t in "cab" for s in "zyx"]
    first = judge("town", links)
    assert [f.url for f in first] == ["http://127.0.0.9/a", "http://127.0.0.9/b", "http://127.0.0.9/c"]
    shuffled = links[:]
    random.Random(7).shuffle(shuffled)
    assert judge("town", shuffled) == first


def test_garbage_from_a_page_is_capped_in_the_message() -> None:
    target = "http://127.0.0.9/" + "x" * 20_000
    (finding,) = judge("town", [{"target": target, "status": 500, "text": "字" * 5000}])
    assert finding.url == target
    assert len(finding.message) < 800
    assert len(finding.evidence["sources"][0]["text"]) <= 40


def test_redirects_are_kept_as_evidence() -> None:
    site = build_site({"site_kind": "town", "links": [{"target": GONE, "status": 404}]})
    occurrence = LinkOccurrence(
        link=Link(source="http://127.0.0.1/a.html", target=GONE, element="img", attribute="src"),
        result=LinkResult(url=GONE, outcome=Outcome.BROKEN, status=404, redirects=(GONE, "http://127.0.0.9/moved")),
    )
    (finding,) = evaluate([broken_rule()], dataclasses.replace(site, links=(occurrence,)))
    assert finding.evidence["redirects"] == [GONE, "http://127.0.0.9/moved"]
    assert finding.evidence["sources"][0]["element"] == "img"
