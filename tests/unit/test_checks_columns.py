"""column.unreachable and column.empty: one finding per failing column, pointing at its URL."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.models import Finding
from auditor.rules import Ruleset, parse_ruleset_data


def ruleset(check: str, message: str) -> Ruleset:
    rule = {"id": "r", "check": check, "title": "t", "source": "s", "message": message}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [rule]}, "t.toml")


def unreachable(**column: Any) -> list[Finding]:
    site = build_site({"column": {"name": "通知公告", "url": "http://127.0.0.1/tzgg/", **column}})
    return evaluate([ruleset("column.unreachable", "要求栏目可正常访问")], site)


def empty(**column: Any) -> list[Finding]:
    site = build_site({"column": {"name": "领导信息", "url": "http://127.0.0.1/ldxx/", **column}})
    return evaluate([ruleset("column.empty", "栏目不得为空")], site)


def test_an_http_error_is_named_by_its_status() -> None:
    (finding,) = unreachable(reachable=False, status=404, error="http-404")
    assert finding.message == "通知公告（http://127.0.0.1/tzgg/）无法访问：HTTP 404（要求栏目可正常访问）"
    assert finding.url == "http://127.0.0.1/tzgg/"
    assert finding.evidence == {"status": 404, "error": "http-404"}


def test_a_network_failure_is_named_in_chinese() -> None:
    reasons = {error: unreachable(reachable=False, error=error)[0].message for error in ("dns", "refused", "timeout", "tls")}
    assert "无法访问：域名无法解析（" in reasons["dns"]
    assert "无法访问：连接被拒绝（" in reasons["refused"]
    assert "无法访问：访问超时（" in reasons["timeout"]
    assert "TLS" in reasons["tls"]


def test_an_unknown_reason_is_shown_but_capped() -> None:
    (finding,) = unreachable(reachable=False, error="weird-" + "x" * 5000)
    assert "weird-" in finding.message and len(finding.message) < 200


def test_a_reachable_column_is_not_unreachable_even_when_empty() -> None:
    assert unreachable(reachable=True) == []


def test_a_huge_column_url_does_not_make_a_huge_message() -> None:
    (finding,) = unreachable(reachable=False, status=500, url="http://127.0.0.1/" + "a" * 10_000)
    assert len(finding.message) < 400 and len(finding.url) > 10_000


def test_an_empty_reachable_column_is_one_finding() -> None:
    (finding,) = empty()
    assert finding.message == "领导信息 栏目无任何信息（栏目不得为空）"
    assert finding.url == "http://127.0.0.1/ldxx/" and finding.key == ""


def test_one_item_is_not_empty_and_unreachable_is_not_empty() -> None:
    assert empty(items=[date(2020, 1, 1)]) == []
    assert empty(undated=1) == []
    assert empty(reachable=False, status=503) == []


def test_without_a_message_there_is_no_bracket() -> None:
    site = build_site({"column": {"name": "领导信息"}})
    (finding,) = evaluate([ruleset("column.empty", "")], site)
    assert finding.message == "领导信息 栏目无任何信息"
