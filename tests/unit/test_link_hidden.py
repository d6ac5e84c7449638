"""The hidden-link scanner (extract/hidden.py, check link.hidden): what a planted 暗链 looks
like, and the menus, tabs, skip links and partner lists it must never report."""

from __future__ import annotations

import pytest

from auditor.extract import parse_page
from auditor.extract.hidden import scan_hidden_links
from auditor.extract.scripted import written_markup
from auditor.models import FetchResult, Outcome, PageFinding

URL = "http://www.mengjin.gov.cn/index.html"


def scan(body: str, head: str = "") -> list[PageFinding]:
    html = f"<html><head><title>孟津县人民政府</title>{head}</head><body>{body}<p>正文</p></body></html>"
    return scan_hidden_links(parse_page(FetchResult(url=URL, final_url=URL, outcome=Outcome.OK, status=200,
                                                    content_type="text/html", text=html)))


def kinds(found: list[PageFinding]) -> list[tuple[str, str]]:
    return [(f.kind, f.found) for f in found]


GAMBLING = '<a href="http://www.am-pj888.com/">澳门葡京娱乐城</a>'
SHOPS = ('<a href="http://www.shop-a.com/">女装批发</a><a href="http://www.shop-b.net/">减肥药</a>'
         '<a href="http://www.shop-c.cn/">代孕咨询</a>')


@pytest.mark.parametrize(("wrapper", "method"), [
    ('<div style="display:none">{}</div>', "display-none"),
    ('<div style="DISPLAY: none !important">{}</div>', "display-none"),
    ('<div hidden>{}</div>', "display-none"),
    ('<span style="visibility:hidden">{}</span>', "visibility-hidden"),
    ('<div style="position:absolute;left:-9999px;top:-9999px">{}</div>', "off-screen"),
    ('<div style="position:fixed;top:8000px">{}</div>', "off-screen"),
    ('<div style="height:0;overflow:hidden">{}</div>', "zero-size"),
    ('<div style="width:1px;height:1px;overflow:hidden">{}</div>', "zero-size"),
    ('<div style="text-indent:-9999px">{}</div>', "text-indent"),
    ('<p style="font-size:0">{}</p>', "font-size-0"),
    ('<marquee width="1" height="1" scrollamount="3000">{}</marquee>', "marquee"),
    ('<div style="background:#fff;color:#FFFFFF">{}</div>', "same-colour"),
    ('<div class="x1">{}</div>', "display-none"),  # the <style> block below
    ('<div id="y1">{}</div>', "off-screen"),
])
def test_every_way_of_hiding_a_gambling_link_is_found(wrapper: str, method: str) -> None:
    head = "<style>.x1{display:none} #y1 {position:absolute; left:-3000px}</style>"
    found = scan(wrapper.format(GAMBLING), head)
    assert kinds(found) == [(method, "http://www.am-pj888.com/")]
    assert found[0].context == "澳门葡京娱乐城" and "葡京" in found[0].correction


def test_a_visible_gambling_link_is_not_a_hidden_one() -> None:
    assert scan(f"<p>{GAMBLING}</p>") == []


def test_a_script_written_link_split_and_joined_is_read() -> None:
    body = """<script>document.write('<div style="disp'+'lay:none"><a hr' + 'ef="http://www.bet365-cn.com/">皇冠' + '体育</a></div>');</script>"""
    assert kinds(scan(body)) == [("display-none+script", "http://www.bet365-cn.com/")]
    escaped = """<script>document.write(unescape('%3Ca%20href%3D%22http%3A//amcasino.net/%22%3E%E7%BD%91%E4%B8%8A%E5%8D%9A%E5%BD%A9%3C/a%3E'));</script>"""
    assert kinds(scan(escaped)) == [("script", "http://amcasino.net/")]
    assert "网上博彩" in written_markup("document.write('\\u7f51\\u4e0a\\u535a\\u5f69')")


def test_a_script_hiding_a_block_by_id() -> None:
    body = f'<div id="k9">{SHOPS}</div><script>document.getElementById("k9").style.display="none";</script>'
    assert [f.kind for f in scan(body)] == ["display-none"] * 3


def test_bulk_links_without_lexicon_words_are_candidates_a_single_one_is_kept_for_the_check() -> None:
    found = scan(f'<div class="links" style="display:none">{SHOPS}</div>')
    assert [f.found for f in found] == ["http://www.shop-a.com/", "http://www.shop-b.net/", "http://www.shop-c.cn/"]
    assert all(f.correction == "" and f.source == "" for f in found)
    strong = scan(f'<div class="links" style="position:absolute;left:-999px">{SHOPS}</div>')
    assert {f.source for f in strong} == {"strong"}


def test_a_link_nothing_could_ever_show_is_sealed() -> None:
    """Hidden by the inline style of an element no selector, script or handler names, holding only text links
    to other sites: planted spam. One such link is enough for the check."""
    shop = '<a href="http://www.yx-techan.com/">云溪特产商城</a>'
    for body in (f'<p>正文</p><span style="visibility:hidden">{shop}</span>', f'<div style="display:none">{shop}</div>',
                 f'<div style="position:absolute;top:-3000px">{shop}</div>',
                 '<a style="display:none" href="http://www.yx-techan.com/">特产</a>'):
        assert [f.source for f in scan(body)] == ["sealed"], body


def test_what_a_person_could_still_show_or_hid_by_hand_is_not_sealed() -> None:
    shop = '<a href="http://www.yx-techan.com/">云溪特产商城</a>'
    named = f'<span class="ad" style="visibility:hidden">{shop}</span>'  # a stylesheet or script may show it
    handler = f'<div style="display:none" onclick="x()">{shop}</div>'
    banner = '<div style="display:none"><a href="http://www.icbc.com.cn/"><img src="gh.jpg">工商银行</a></div>'
    own_too = f'<div style="display:none">{shop}<a href="/zwgk/">政务公开</a></div>'  # a hidden block of the template
    switched_off = ('<ul><li><a href="http://www.ly.gov.cn/">洛阳市政府</a></li>'
                    '<li style="display:none"><a href="http://www.lyjt.com/">洛阳交投</a></li></ul>')  # one entry of a list
    for body in (named, handler, banner, own_too, switched_off):
        assert all(f.source != "sealed" for f in scan(body)), body


# --- must not flag ---

def test_a_skip_to_content_link_on_the_same_site() -> None:
    body = ('<a class="sr-only" style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden" '
            'href="#main">跳到主要内容</a><a style="position:absolute;left:-9999px" href="/index.html#content">跳过导航</a>'
            '<a style="position:absolute;left:-9999px" href="http://xxgk.mengjin.gov.cn/">信息公开</a>')
    assert scan(body) == []


def test_a_dropdown_of_the_sites_own_columns_and_of_other_government_sites() -> None:
    body = ('<ul><li>机构<ul style="display:none"><li><a href="/jg/zf.html">县政府</a></li>'
            '<li><a href="http://www.mengjin.gov.cn/jg/rd.html">县人大</a></li></ul></li>'
            '<li>网站群<div style="display:none"><a href="http://www.ly.gov.cn/">洛阳市人民政府</a>'
            '<a href="http://www.henan.gov.cn/">河南省人民政府</a><a href="http://www.gov.cn/">中国政府网</a>'
            '<a href="http://www.beian.gov.cn/">公安备案</a></div></li></ul>')
    assert scan(body) == []


def test_a_hidden_government_link_with_a_gambling_word_is_reported() -> None:
    body = '<div style="display:none"><a href="http://www.xx.gov.cn/a.html">时时彩开户送彩金</a></div>'
    assert [f.found for f in scan(body)] == ["http://www.xx.gov.cn/a.html"]


def test_menus_and_tabs_of_partner_sites_are_not_candidates() -> None:
    media = ('<a href="http://www.xinhuanet.com/">新华网</a><a href="http://www.people.com.cn/">人民网</a>'
             '<a href="http://www.dahe.cn/">大河网</a>')
    tabs = (f'<div class="yqlj"><div class="con">{media}</div><div class="con" style="display:none">{media}</div></div>')
    menu = f'<li onmouseover="show(1)">媒体<div style="display:none" id="m1">{media}</div></li>'
    named = f'<div class="dropbox" style="display:none">{media}</div>'
    scripted = f'<div id="pp" style="display:none">{media}</div><script>$("#pp").slideDown();</script>'
    hover = f'<div class="yq"><div class="box">{media}</div></div>'
    hover_css = "<style>.box{display:none} .yq:hover .box{display:block}</style>"
    for body, head in ((tabs, ""), (menu, ""), (named, ""), (scripted, ""), (hover, hover_css)):
        assert scan(body, head) == [], body


def test_anti_gambling_campaign_links_and_image_replacement_are_not_hidden_gambling() -> None:
    campaign = '<div style="display:none"><a href="https://www.12377.cn/">举报网络赌博、色情信息</a></div>'
    logo = ('<div style="text-indent:-9999px"><a href="http://bszs.conac.cn/"><img src="red.png" alt="党政机关"></a></div>'
            '<a style="font-size:0;background:url(x.png)" href="http://www.casino-logo.com/">casino</a>')
    assert [f.correction for f in scan(campaign)] == [""]  # no lexicon word: alone, the check never reports it
    assert scan(logo) == []


def test_colour_only_counts_when_the_background_is_declared_close() -> None:
    # a white link in a block an external stylesheet may paint dark
    body = '<body bgcolor="#ffffff"><div class="footer"><a style="color:#fff" href="http://www.am-pj888.com/">葡京</a></div></body>'
    assert scan(body) == []
    # a statistics snippet writing its own visible link
    cnzz = """<script>document.write('<a href="https://www.cnzz.com/stat/website.php?web_id=1" title="站长统计">站长统计</a>');</script>"""
    assert scan(cnzz) == []


def test_a_hostile_page_is_bounded() -> None:
    many = "".join(f'<a href="http://s{i}.example{i}.com/">博彩{i}</a>' for i in range(500))
    assert len(scan(f'<div style="display:none">{many}</div>')) == 50
    assert scan("<div style='display:none'><a href='http://[::1'>x</a><a href='javascript:void(0)'>y</a></div>") == []


def test_protocol_relative_and_uppercase_scheme_links_are_read_relative_ones_skipped() -> None:
    body = ('<div style="display:none"><a href="//www.am-pj888.com/">葡京</a><a href=" HTTP://www.hg-bet.net/">皇冠体育</a>'
            '<a href="/bet365/">bet365</a></div>')
    assert [f.found for f in scan(body)] == ["http://www.am-pj888.com/", "http://www.hg-bet.net/"]
