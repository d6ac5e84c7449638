"""link.hidden on a real local server crawled by the real crawler: planted 暗链 (a hidden
gambling block, links written by script into an off-screen box) are reported once per page;
a skip link, a dropdown of the site's own columns and of other .gov.cn sites, a tab of
media sites and a single partner link in a collapsed block that has a name are not."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from auditor.checks import CHECKS
from auditor.checks.common import AppliesTo, CheckRule
from auditor.config import CrawlConfig
from auditor.models import Severity
from tests.crawl_context import crawl_scanning, judge_findings, town_site
from tests.httpserver import Page, make_app, serve

AS_OF = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, allow_private_addresses=True, retries=0, timeout=5)
MENU = ('<a class="skip" style="position:absolute;left:-9999px" href="#main">跳到主要内容</a>'
        '<ul><li>政务公开<ul style="display:none"><li><a href="/news/">要闻</a></li><li><a href="/news/1.html">通知</a></li></ul></li>'
        '<li>网站群<div style="display:none"><a href="http://www.ly.gov.cn/">洛阳市政府</a>'
        '<a href="http://www.henan.gov.cn/">河南省政府</a><a href="http://www.gov.cn/">中国政府网</a></div></li></ul>')
PAGES = {
    "/": Page(f'<html><head><title>县政府</title></head><body>{MENU}<a href="/news/">要闻</a>'
              '<div style="display:none"><a href="http://www.am-pj888.com/">澳门葡京</a>'
              '<a href="http://www.hg-bet.net/">皇冠体育</a></div></body></html>'),
    "/news/": Page(f'{MENU}<ul><li><a href="/news/1.html">通知</a><span>2026-11-27</span></li>'
                   '<li><a href="/news/2.html">动态</a><span>2026-11-26</span></li>'
                   '<li><a href="/news/3.html">链接</a><span>2026-11-25</span></li></ul>'),
    "/news/1.html": Page(f'{MENU}<p>正文</p><script>document.write("<div style=\\"position:absolute;top:-2000px\\">'
                         '<a href=\\"http://www.shop-a.com/\\">女装</a><a href=\\"http://www.shop-b.net/\\">减肥</a>'
                         '<a hr"+"ef=\\"http://www.shop-c.cn/\\">代孕</a></div>");</script>'),
    "/news/2.html": Page(f'{MENU}<div class="yq"><div class="con"><a href="http://www.xinhuanet.com/">新华网</a></div>'
                         '<div class="con" style="display:none"><a href="http://www.dahe.cn/">大河网</a>'
                         '<a href="http://www.lyd.com.cn/">洛阳网</a><a href="http://www.hnr.cn/">映象网</a></div></div>'),
    # a collapsed block a stylesheet or script may open (it has a class): not sealed, one link is not enough
    "/news/3.html": Page(f'{MENU}<div class="more" style="display:none"><a href="http://www.bank-partner.com/">农商银行</a></div>'),
}


def rule() -> CheckRule:
    check = CHECKS["link.hidden"]
    return CheckRule(ruleset="t", id="hidden", check="link.hidden", applies_to=AppliesTo(),
                     params=check.params(), severity=Severity.CRITICAL, points=1.0, veto=False, message="")


async def test_planted_hidden_links_are_reported_per_page_and_menus_are_not() -> None:
    async with serve(make_app(PAGES), "127.0.0.221") as server:
        site = town_site(server.url("/"), ("news", "要闻", server.url("/news/"), "news"))
        result = await crawl_scanning(site, CRAWL, AS_OF, ["link.hidden"])
    findings = judge_findings(rule(), server.url("/"), result)
    assert sorted(f.url for f in findings) == [server.url("/"), server.url("/news/1.html")]
    by_url = {f.url: f for f in findings}
    home = by_url[server.url("/")]
    assert "含 2 个隐藏的外部链接（暗链）" in home.message and "葡京" in home.message
    assert [t["url"] for t in home.evidence["targets"]] == ["http://www.am-pj888.com/", "http://www.hg-bet.net/"]
    written = by_url[server.url("/news/1.html")]
    assert {t["how"] for t in written.evidence["targets"]} == {"off-screen+script"}
    assert len(written.evidence["targets"]) == 3 and home.key != written.key


LOTTERY = '<a href="http://www.lhc-88.com/">六合彩开奖</a><a href="http://www.ssc-77.net/">时时彩</a>'
XHTML = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">')
PARTNERS = ('<a href="http://www.bank-partner.com/">农商银行</a><a href="http://www.lyd.com.cn/">洛阳网</a>'
            '<a href="http://www.hnr.cn/">映象网</a>')
WAYS = {
    "/": Page('<html><head><title>县政府</title></head><body><a href="/news/">要闻</a></body></html>'),
    "/news/": Page('<ul>' + "".join(f'<li><a href="/news/{n}.html">第{n}条</a><span>2026-11-2{n}</span></li>'
                                    for n in range(1, 7)) + '</ul>'),
    # a class rule of a <style> injected into the body, its rules in an old template's <!-- -->
    "/news/1.html": Page(f'{XHTML}<html><head><title>通知</title></head><body><p>正文</p><style type="text/css"><!--\n'
                         f'.art-fx{{position:absolute;left:-5000px}}\n--></style><div class="art-fx">{LOTTERY}</div>'
                         '</body></html>'),
    # white <font> text on a page whose <body bgcolor> is white, a classed footer between
    "/news/2.html": Page('<html><head><title>通知</title></head><body bgcolor=#FFFFFF><p>正文</p><div class="footer">'
                         '<a href="http://www.lhc-88.com/"><font color=#FFFFFF>六合彩开奖</font></a></div></body></html>'),
    # one script opens a hidden block, a later one closes it
    "/news/3.html": Page('<html><head><title>通知</title></head><body><p>正文</p><div class="bottom">'
                         '<script>document.write(\'<div style="display:none">\');</script>'
                         f'{LOTTERY}<script>document.write("</div>");</script></div></body></html>'),
    # must not: partner links white in a footer an external stylesheet paints, a print rule, a script
    # opening a block that hides nothing
    "/news/4.html": Page('<html><head><title>通知</title><link rel="stylesheet" href="/css/main.css">'
                         '<style media="print">.links{display:none}</style></head><body bgcolor="#ffffff">'
                         f'<div class="foot"><font color="#ffffff">{PARTNERS}</font></div>'
                         f'<div class="links"><a href="http://www.dahe.cn/">大河网</a>{PARTNERS}</div></body></html>'),
    "/news/5.html": Page('<html><head><title>通知</title><style>@media (max-width:768px){.pc{display:none}}</style>'
                         f'</head><body><div class="pc">{PARTNERS}<a href="http://www.dahe.cn/">大河网</a></div></body></html>'),
    "/news/6.html": Page('<html><head><title>通知</title></head><body><script>document.write(\'<div class="box">\');</script>'
                         f'{PARTNERS}<script>document.write("</div>");</script></body></html>'),
}


async def test_class_rules_in_the_body_white_on_a_body_bgcolor_and_a_block_scripts_open_and_close() -> None:
    async with serve(make_app(WAYS), "127.0.0.222") as server:
        site = town_site(server.url("/"), ("news", "要闻", server.url("/news/"), "news"))
        result = await crawl_scanning(site, CRAWL, AS_OF, ["link.hidden"])
    assert {f.url for f in result.page_findings if f.check == "link.hidden"} == {
        server.url(f"/news/{n}.html") for n in (1, 2, 3)}
    by_url = {f.url: f for f in judge_findings(rule(), server.url("/"), result)}
    assert set(by_url) == {server.url(f"/news/{n}.html") for n in (1, 2, 3)}
    assert [t["how"] for t in by_url[server.url("/news/1.html")].evidence["targets"]] == ["off-screen"] * 2
    assert "文字与背景同色" in by_url[server.url("/news/2.html")].message
    assert "六合彩" in by_url[server.url("/news/3.html")].message
    assert [t["how"] for t in by_url[server.url("/news/3.html")].evidence["targets"]] == ["display-none+script"] * 2
