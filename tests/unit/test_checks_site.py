"""site.identity, link.wrong, site.availability: what each judges, and where its limits lie."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.errors import RulesetError
from auditor.models import Finding, describe_reason
from auditor.rules import Ruleset, parse_ruleset_data

HOME = "http://127.0.0.1/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
AS_OF = datetime(2026, 11, 28, 9, 0, tzinfo=SHANGHAI)
FULL_IDENTITY = {"site_id_code": "4103220001", "icp": "豫ICP备05012345号", "police_record": "豫公网安备 41032202000123号",
                 "conac": True, "sponsor": "孟津县人民政府办公室"}


def one_rule(check: str, params: dict[str, Any] | None = None, message: str = "") -> Ruleset:
    spec = {"id": "r", "check": check, "title": "t", "source": "s", "message": message, "params": params or {}}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [spec]}, "t.toml")


def judge(check: str, site: dict[str, Any], params: dict[str, Any] | None = None, message: str = "") -> list[Finding]:
    findings = evaluate([one_rule(check, params, message)], build_site(site))
    for finding in findings:
        json.dumps(finding.evidence)
    return findings


# ---- site.identity ----

def test_a_full_footer_passes_and_no_footer_read_is_not_judged() -> None:
    assert judge("site.identity", {"identity": FULL_IDENTITY}) == []
    assert judge("site.identity", {}) == []


def test_every_missing_element_is_named_in_one_finding_on_the_home_page() -> None:
    identity = {"site_id_code": "", "icp": "  ", "conac": False}
    (finding,) = judge("site.identity", {"identity": identity}, message="页面底部应列明网站标识")
    assert finding.url == HOME and finding.key == "" and finding.column is None
    assert finding.message == ("网站首页 http://127.0.0.1/ 底部缺少：网站标识码、ICP备案编号、公安机关备案号、"
                               "党政机关网站标识、主办单位（页面底部应列明网站标识）")
    assert finding.evidence["missing"] == ["site_id_code", "icp", "police_record", "conac", "sponsor"]


@pytest.mark.parametrize(("code", "valid"), [
    ("4103220001", True), ("bm09000001", True), ("BM09000001", True),
    ("410322000", False), ("41032200011", False), ("bm0900000", False), ("41O3220001", False),
])
def test_the_site_id_code_is_ten_digits_or_bm_and_eight(code: str, valid: bool) -> None:
    findings = judge("site.identity", {"identity": {**FULL_IDENTITY, "site_id_code": code}})
    assert len(findings) == int(not valid)
    if not valid:
        assert f"网站标识码“{code}”格式不正确，应为 10 位数字或 bm 加 8 位数字" in findings[0].message
        assert findings[0].evidence["site_id_code_malformed"] is True


def test_missing_and_malformed_share_one_finding_and_required_narrows_it() -> None:
    identity = {**FULL_IDENTITY, "site_id_code": "123", "sponsor": None}
    (finding,) = judge("site.identity", {"identity": identity})
    assert finding.message == ("网站首页 http://127.0.0.1/ 底部缺少：主办单位；"
                               "底部的网站标识码“123”格式不正确，应为 10 位数字或 bm 加 8 位数字")
    assert judge("site.identity", {"identity": identity}, {"required": ["icp", "conac"]}) == []
    (contact,) = judge("site.identity", {"identity": FULL_IDENTITY}, {"required": ["contact"]})
    assert contact.message.endswith("底部缺少：联系方式")


def test_unknown_identity_elements_are_refused() -> None:
    with pytest.raises(RulesetError, match="required"):
        one_rule("site.identity", {"required": ["icp", "weibo"]})


# ---- link.wrong ----

WRONG = "http://127.0.0.101/"


def wrong_link(**fields: Any) -> dict[str, Any]:
    return {"target": WRONG, "outcome": "wrong", "status": 200, "error": "parked domain", **fields}


def test_wrong_links_follow_link_broken_scope() -> None:
    assert judge("link.wrong", {"site_kind": "county", "links": [wrong_link()]}) == []
    (finding,) = judge("link.wrong", {"site_kind": "town", "links": [wrong_link(source="http://127.0.0.1/a.html")]})
    assert finding.url == WRONG and finding.key == ""
    assert finding.message == "链接错误：http://127.0.0.101/ 指向的页面与链接不符（域名已过期或被停放），见于 http://127.0.0.1/a.html"
    column = judge("link.wrong", {"site_kind": "county", "links": [wrong_link(column_kind="links")]})
    assert len(column) == 1
    everywhere = {"all_links_on_site_kinds": ["county"], "link_column_kinds": []}
    assert len(judge("link.wrong", {"site_kind": "county", "links": [wrong_link()]}, everywhere)) == 1


def test_only_wrong_outcomes_count() -> None:
    for outcome in ("broken", "timeout", "unverified", "robots", "excluded", "ok", "redirected"):
        assert judge("link.wrong", {"site_kind": "town", "links": [wrong_link(outcome=outcome)]}) == [], outcome


def test_where_splits_home_page_links_from_the_rest() -> None:
    links = [wrong_link(on_home=True, source=HOME), wrong_link(target="http://127.0.0.102/", source="http://127.0.0.1/b.html")]
    site = {"site_kind": "town", "links": links}
    assert [f.url for f in judge("link.wrong", site, {"where": "home"})] == [WRONG]
    assert [f.url for f in judge("link.wrong", site, {"where": "other"})] == ["http://127.0.0.102/"]
    assert len(judge("link.wrong", site)) == 2


@pytest.mark.parametrize(("error", "words"), [
    ("redirected off site", "被重定向至无关网站"), ("soft 404", "页面内容为“页面不存在”"), ("parked domain", "域名已过期或被停放"),
    ("gambling", "页面含赌博内容"), ("", "原因不明"), ("title mismatch", "页面标题与链接文字不符"),
    ("a reason an older version stored", "a reason an older version stored"),
])
def test_the_checkers_reason_is_told_in_words(error: str, words: str) -> None:
    assert describe_reason(error) == words


def test_one_finding_per_wrong_target_with_sources_counted() -> None:
    links = [wrong_link(source=f"http://127.0.0.1/p{n:02}.html", error="gambling") for n in range(30)]
    (finding,) = judge("link.wrong", {"site_kind": "department", "links": links})
    assert finding.evidence["source_count"] == 30 and len(finding.evidence["sources"]) == 20
    assert "见于 30 个页面，如 http://127.0.0.1/p00.html" in finding.message


# ---- site.availability ----

def probes(ok: int, failed: int, every: timedelta = timedelta(hours=1), end: datetime = AS_OF) -> list[dict[str, Any]]:
    """`failed` failing probes first, then `ok` good ones, `every` apart, the last at `end`."""
    total = ok + failed
    return [{"at": end - every * (total - 1 - n), "ok": n >= failed, "error": "" if n >= failed else "timeout"}
            for n in range(total)]


def availability(probe_list: list[dict[str, Any]], params: dict[str, Any] | None = None) -> list[Finding]:
    return judge("site.availability", {"as_of": AS_OF, "probes": probe_list}, params)


def test_a_share_at_the_limit_is_a_violation_just_below_is_not() -> None:
    assert len(availability(probes(ok=95, failed=5))) == 1  # 5.0%: "超过（含）5%"
    assert availability(probes(ok=96, failed=4)) == []
    assert len(availability(probes(ok=19, failed=1), {"max_failure_share": 0.05})) == 1  # 1 of 20
    assert availability(probes(ok=20, failed=1)) == []  # 1 of 21 = 4.76%


def test_fewer_probes_than_min_probes_is_no_judgement() -> None:
    assert availability(probes(ok=10, failed=9), {"min_probes": 20}) == []
    assert len(availability(probes(ok=11, failed=9), {"min_probes": 20})) == 1


def test_only_probes_in_the_window_count() -> None:
    window_start = AS_OF - timedelta(days=7)
    old_failures = probes(ok=0, failed=30, end=window_start)  # the last of them exactly at the window's open end
    recent = probes(ok=100, failed=0)
    assert availability(old_failures + recent) == []
    future = [{"at": AS_OF + timedelta(hours=1), "ok": False}] * 50  # after as_of: not yet
    assert availability(recent + future) == []
    just_inside = probes(ok=0, failed=6, end=window_start + timedelta(hours=6))
    (finding,) = availability(just_inside + recent)
    assert finding.evidence["probes"] == 106 and finding.evidence["failures"] == 6


def test_the_finding_tells_the_period_counts_share_and_last_failure() -> None:
    probe_list = probes(ok=111, failed=9)
    probe_list[-1] = {"at": AS_OF, "ok": False, "status": 502}
    (finding,) = judge("site.availability", {"as_of": AS_OF, "probes": probe_list}, message="比例不得达到5%")
    assert finding.url == HOME and finding.key == ""
    assert finding.message == ("首页在 2026年11月21日至2026年11月28日 间 120 次探测中 10 次无法访问（8.33%），"
                               "最近一次失败于 2026年11月28日 09:00（HTTP 502）（比例不得达到5%）")
    assert finding.evidence["share"] == pytest.approx(10 / 120, abs=1e-4)
    assert finding.evidence["failed_at"][-1]["status"] == 502


def test_failure_times_in_the_evidence_are_capped() -> None:
    (finding,) = availability(probes(ok=100, failed=100, every=timedelta(minutes=30)))
    assert finding.evidence["failures"] == 100 and len(finding.evidence["failed_at"]) == 50


def test_bad_availability_params_are_refused() -> None:
    for params in ({"max_failure_share": 0}, {"max_failure_share": 5}, {"min_probes": 0}, {"window": 7}):
        with pytest.raises(RulesetError):
            one_rule("site.availability", params)


def test_probe_times_in_another_zone_are_compared_as_instants() -> None:
    utc_probes = [{"at": (AS_OF - timedelta(hours=n)).astimezone(ZoneInfo("UTC")), "ok": n % 2 == 0} for n in range(40)]
    (finding,) = availability(utc_probes)
    assert finding.evidence["failures"] == 20
    assert "最近一次失败于 2026年11月28日 08:00" in finding.message
    assert "首页在 2026年11月21日至2026年11月28日 间" in finding.message
