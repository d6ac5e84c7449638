"""content.wording on a real local server crawled by the real crawler: a planted error is
reported once per page with its correction; correct law names and a correction notice are not."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from auditor.checks import CHECKS, apply_rule
from auditor.checks.common import AppliesTo, CheckRule
from auditor.checks.examples import build_site
from auditor.config import CrawlConfig, SiteConfig
from auditor.models import Severity
from tests.crawl_context import crawl_scanning, town_site
from tests.httpserver import Page, make_app, serve

AS_OF = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, allow_private_addresses=True, retries=0, timeout=5)
PAGES = {
    "/": Page('<html><head><title>国务院办公室</title></head><body><a href="/news/">要闻</a></body></html>'),
    "/news/": Page('<ul><li><a href="/news/1.html">通知</a><span>2026-11-27</span></li>'
                   '<li><a href="/news/2.html">解读</a><span>2026-11-26</span></li>'
                   '<li><a href="/news/3.html">更正</a><span>2026-11-25</span></li></ul>'),
    "/news/1.html": Page("<h1>通知</h1><p>根据国务院办公室要求，学习十九大四中全会精神。</p><p>各单位再接再励。</p>"
                         '<script>var t = "国务院办公室";</script>'),
    "/news/2.html": Page("<p>依据《中华人民共和国政府信息公开条例》和《中华人民共和国行政许可法》，"
                         "以习近平新时代中国特色社会主义思想为指导。</p>"),
    "/news/3.html": Page("<p>更正：原文中“国务院办公室”应为“国务院办公厅”，特此更正。</p>"),
}


def rule(kinds: list[str], severity: Severity) -> CheckRule:
    check = CHECKS["content.wording"]
    return CheckRule(ruleset="t", id="wording", check="content.wording", applies_to=AppliesTo(),
                     params=check.params.model_validate({"kinds": kinds}), severity=severity, points=1.0,
                     veto=False, message="")


async def test_a_crawled_site_s_wording_errors_are_reported_per_page() -> None:
    async with serve(make_app(PAGES), "127.0.0.219") as server:
        site = town_site(server.url("/"), ("news", "要闻", server.url("/news/"), "news"))
        result = await crawl_scanning(site, CRAWL, AS_OF, ["content.wording"])
    found = {(f.url.rsplit(":", 1)[1], f.found) for f in result.page_findings}
    assert found == {(f"{server.port}/news/1.html", "国务院办公室"), (f"{server.port}/news/1.html", "十九大四中全会"),
                     (f"{server.port}/news/1.html", "再接再励")}
    snapshot = dataclasses.replace(build_site({}), page_findings=tuple(result.page_findings))
    [serious] = apply_rule(rule(["formulation", "body_name", "law_name"], Severity.CRITICAL), snapshot)
    assert serious.url == server.url("/news/1.html") and serious.severity is Severity.CRITICAL
    assert "有 2 处表述错误" in serious.message and "“国务院办公室”应为“国务院办公厅”" in serious.message
    assert [e["right"] for e in serious.evidence["errors"]] == ["国务院办公厅", "十九届四中全会"]
    [typo] = apply_rule(rule(["typo"], Severity.MINOR), snapshot)
    assert "有 1 处错别字：“再接再励”应为“再接再厉”" in typo.message and typo.key != serious.key


async def test_no_scan_when_the_check_is_not_in_scope() -> None:
    async with serve(make_app(PAGES), "127.0.0.219") as server:
        site = town_site(server.url("/"), ("news", "要闻", server.url("/news/"), "news"))
        result = await crawl_scanning(site, CRAWL, AS_OF, [])
    assert result.page_findings == []


TOWN = {
    "/": Page('<html><head><title>云溪镇人民政府</title></head><body><a href="/news/">工作动态</a>'
              '<a href="/ldzc/">领导之窗</a></body></html>'),
    "/ldzc/": Page('<ul class="leaders">'
                   '<li><p><a href="ld1.html">刘振华</a></p><p>镇党委书记</p></li>'
                   '<li><p><a href="ld2.html">陈国栋</a></p><p>镇党委副书记、镇长</p></li>'
                   '<li><p><a href="ld3.html">杨晓东</a></p><p>镇党委委员、副镇长</p></li></ul>'),
    "/news/": Page('<ul><li><a href="/news/1.html">调度会</a><span>2026-11-27</span></li>'
                   '<li><a href="/news/2.html">推进会</a><span>2026-11-26</span></li></ul>'),
    "/news/1.html": Page('<html><head><meta name="PubDate" content="2026-11-27"></head><body>'
                         "<p>11月26日，镇长刘振华主持召开秋粮收购调度会，副镇长杨晓东参加。</p></body></html>"),
    "/news/2.html": Page('<html><head><meta name="PubDate" content="2026-11-26"></head><body>'
                         "<p>镇党委书记刘振华出席并讲话，镇党委副书记、镇长陈国栋主持会议，党委委员、副镇长杨晓东，"
                         "会议由镇长陈国栋主持。</p></body></html>"),
}


async def test_a_town_s_party_secretary_called_its_head_on_a_crawled_site() -> None:
    async with serve(make_app(TOWN), "127.0.0.219") as server:
        site = SiteConfig.model_validate({
            "id": "t", "name": "云溪镇", "url": server.url("/"), "kind": "town",
            "columns": [{"id": "news", "name": "工作动态", "url": server.url("/news/"), "kind": "news"},
                        {"id": "ld", "name": "领导之窗", "url": server.url("/ldzc/"), "kind": "leaders"}],
        })
        result = await crawl_scanning(site, CRAWL, AS_OF, ["content.wording"])
    leaders = {leader.name: leader.post for reading in result.readings for leader in reading.leaders}
    assert leaders == {"刘振华": "镇党委书记", "陈国栋": "镇党委副书记、镇长", "杨晓东": "镇党委委员、副镇长"}
    snapshot = dataclasses.replace(build_site({}), as_of=AS_OF, page_findings=tuple(result.page_findings),
                                   readings=tuple(result.readings))
    [finding] = apply_rule(rule(["leader_title"], Severity.CRITICAL), snapshot)
    assert finding.url == server.url("/news/1.html")
    assert [e["wrong"] for e in finding.evidence["errors"]] == ["镇长刘振华"]
    assert "（领导信息页：刘振华 镇党委书记）" in finding.message
