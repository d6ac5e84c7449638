"""The hidden-link scanner (extract/hidden.py, check link.hidden): what a planted 暗链 looks
like, and the menus, tabs, skip links and partner lists it must never report."""

from __future__ import annotations

import time

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


def page_scan(html: str) -> list[PageFinding]:
    """The scan of a whole page, its doctype, <head> and <body> as written."""
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
    # a white link in a block an external stylesheet may paint dark: a partner site is not judged
    partners = ('<div class="footer"><a style="color:#fff" href="http://www.bank-partner.com/">农商银行</a>'
                '<a href="http://www.lyd.com.cn/"><font color="#FFFFFF">洛阳网</font></a></div>')
    assert page_scan(f'<body bgcolor="#ffffff">{partners}</body>') == []
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


# --- rules of the page's <style> blocks, as templates and injected blocks write them ---

OFF_SCREEN = f'<div class="art-fx">{GAMBLING}</div>'
XHTML = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">')


@pytest.mark.parametrize("css", [
    ".art-fx{position:absolute;left:-5000px}",
    ".art-fx {\n  position: absolute;\n  left: -5000px;\n}",
    "<!--\n.art-fx{position:absolute;left:-5000px}\n-->",  # old templates wrap their rules in a comment
    '@charset "utf-8";\n.art-fx{position:absolute;left:-5000px}',
    "body{margin:0}.top{color:#333}.art-fx{position:absolute;left:-5000px}.foot{clear:both}",  # one line
    ".art-fx{position:absolute!important;left:-5000px !important}",
    "DIV.art-fx{POSITION:ABSOLUTE;LEFT:-5000PX}",
    ".nav, .art-fx{position:absolute;top:-6000px}",
    "/* links */ @media screen { .art-fx{position:absolute;left:-5000px} }",
])
def test_a_class_rule_of_a_style_block_in_the_body_hides_a_block(css: str) -> None:
    body = f"<p>正文</p><style type=\"text/css\">{css}</style>{OFF_SCREEN}"
    for html in (f"{XHTML}<html><head><title>县政府</title></head><body>{body}</body></html>",
                 f"<html><head><style>{css}</style></head><body>{OFF_SCREEN}</body></html>"):
        assert kinds(page_scan(html)) == [("off-screen", "http://www.am-pj888.com/")], html


def test_underscores_ids_and_tag_selectors_are_read_too() -> None:
    css = "<style>.art_fx{display:none} div#lk-9{text-indent:-9999px}</style>"
    assert kinds(scan(f'<div class="art_fx">{GAMBLING}</div>', css)) == [("display-none", "http://www.am-pj888.com/")]
    assert kinds(scan(f'<div id="lk-9">{GAMBLING}</div>', css)) == [("text-indent", "http://www.am-pj888.com/")]


def test_class_names_ignore_case_only_in_quirks_mode() -> None:
    css = "<style>.ART-FX{position:absolute;left:-5000px}</style>"
    quirks = f"<html><head>{css}</head><body>{OFF_SCREEN}</body></html>"
    html4 = f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">{quirks}'
    assert kinds(page_scan(quirks)) == kinds(page_scan(html4)) == [("off-screen", "http://www.am-pj888.com/")]
    # a browser in standards mode does not apply .ART-FX to class="art-fx": the link shows
    assert page_scan(f"<!DOCTYPE html>{quirks}") == page_scan(f"{XHTML}{quirks}") == []


def test_rules_for_print_and_for_narrow_screens_do_not_hide_on_a_desktop() -> None:
    for css in ("<style media=\"print\">.art-fx{display:none}</style>",
                "<style>@media print{.art-fx,.nav{display:none}}</style>",
                "<style>@media screen and (max-width:768px){.art-fx{position:absolute;left:-9999px}}</style>",
                "<style><![CDATA[\n.art-fx{display:none}]]></style>"):  # not a comment in CSS: the rule is void
        assert page_scan(f"<html><head>{css}</head><body>{OFF_SCREEN}</body></html>") == [], css
    shown = "<style>@media print{.art-fx{display:block}} .art-fx{display:none}</style>"
    assert kinds(scan(OFF_SCREEN, shown)) == [("display-none", "http://www.am-pj888.com/")]


# --- white text on a page declared white ---

def test_a_lexicon_link_the_colour_of_the_page_is_hidden_though_a_classed_block_stands_between() -> None:
    """A <font color> white link on a <body bgcolor> white page, a classed block between: an
    external stylesheet might paint that block dark, but a link to a lottery site is a finding
    whether a visitor sees it or not, so only the lexicon links are judged across it."""
    lottery = '<a href="http://www.lhc-88.com/"><font color="#FFFFFF">六合彩开奖结果</font></a>'
    for block in (f'<div class="footer">{lottery}</div>',
                  f'<table class="bottom"><tr><td class="c"><font color=#ffffff>{GAMBLING}</font></td></tr></table>'):
        found = page_scan(f'<html><body bgcolor=#FFFFFF><p>正文</p>{block}</body></html>')
        assert [(f.kind, f.source) for f in found] == [("same-colour", "strong")] and found[0].correction, block
    # no classed block between: read as before, for any link
    plain = '<html><body bgcolor="white"><a href="http://www.shop-a.com/"><font color="#fff">女装批发</font></a></body></html>'
    assert kinds(page_scan(plain)) == [("same-colour", "http://www.shop-a.com/")]


def test_white_text_not_against_a_declared_white_is_not_hidden() -> None:
    lottery = '<a href="http://www.lhc-88.com/"><font color="#FFFFFF">六合彩</font></a>'
    dark_footer = f'<div class="footer" style="background:#1a3d7c">{lottery}</div>'  # declared dark: shown
    picture = f'<table><tr><td background="foot.jpg" class="f">{lottery}</td></tr></table>'
    government = ('<div class="footer"><a href="http://www.cwl.gov.cn/"><font color="#FFFFFF">中国福利彩票 快三</font></a></div>')
    for block in (dark_footer, picture, government):
        assert page_scan(f'<html><body bgcolor="#FFFFFF">{block}</body></html>') == [], block
    assert page_scan(f'<html><body bgcolor="#FFFFFF"><div class="f">{lottery}<b>开奖</b></div></body></html>') != []
    # the text partly in white, partly not: its colour is not the link's
    mixed = '<a href="http://www.lhc-88.com/"><font color="#FFFFFF">六合彩</font>开奖</a>'
    assert page_scan(f'<html><body bgcolor="#FFFFFF"><div class="f">{mixed}</div></body></html>') == []


# --- a hiding block opened by one script and closed by another ---

def test_a_block_one_script_opens_and_a_later_one_closes_hides_what_is_between() -> None:
    opened = '<script type="text/javascript">document.write(\'<div style="display:none">\');</script>'
    closed = '<script>document.write("</"+"div>");</script>'
    links = ('<a href="http://www.lhc-88.com/">六合彩</a> <ul><li><a href="http://www.ssc-77.net/">时时彩</a></li></ul>'
             '<a href="http://www.shop-a.com/">女装批发</a>')
    after = '<a href="http://www.bet-99.com/">bet365</a>'  # shown: after the closing script
    found = scan(f'<div class="main">{opened}{links}{closed}{after}</div>')
    assert kinds(found) == [("display-none+script", "http://www.lhc-88.com/"), ("display-none+script", "http://www.ssc-77.net/")]
    assert found[0].source == "" and "六合彩" in found[0].correction
    # never closed: hidden up to the end of the parent
    off = '<script>document.writeln("<span style=\'position:absolute;top:-3000px\'><b>");</script>'
    found = scan(f'<table><tr><td>{off}{links}</td><td>{after}</td></tr></table>')
    assert [(f.kind, f.source) for f in found] == [("off-screen+script", "strong")] * 2


def test_a_script_opened_block_is_hidden_by_a_class_rule_or_an_id_a_script_hides() -> None:
    opened = '<script>document.write(\'<div id="k9" class="zz">\');</script>'
    closed = '<script>document.write("</div>");</script>'
    body = f'{opened}{GAMBLING}{closed}'
    assert kinds(scan(body, "<style>.zz{visibility:hidden}</style>")) == [
        ("visibility-hidden+script", "http://www.am-pj888.com/")]
    hide = '<script>document.getElementById("k9").style.display="none";</script>'
    assert kinds(scan(body + hide)) == [("display-none+script", "http://www.am-pj888.com/")]


def test_a_script_opening_a_shown_block_or_writing_a_whole_one_hides_nothing_after_it() -> None:
    shown = '<script>document.write(\'<div class="box" style="width:300px">\');</script>'
    closed = '<script>document.write("</div>");</script>'
    assert scan(f'{shown}{GAMBLING}{closed}') == []
    whole = ('<script>document.write(\'<div style="display:none"><a href="http://www.lhc-88.com/">六合彩</a></div>\');'
             '</script>')
    assert kinds(scan(f'{whole}{GAMBLING}')) == [("display-none+script", "http://www.lhc-88.com/")]
    # innerHTML fills one element: what it leaves open is closed there
    inner = '<script>document.getElementById("x").innerHTML = \'<div style="display:none">\';</script>'
    assert scan(f'<div id="x"></div>{inner}{GAMBLING}') == []


def test_scripts_opening_blocks_on_a_hostile_page_are_bounded() -> None:
    opener = '<script>document.write(\'<div style="display:none">\');</script>'
    many = (opener + GAMBLING) * 3000 + '<script>document.write(\'<div style="display:none\x00">\');</script>' + GAMBLING
    started = time.perf_counter()
    assert kinds(scan(many)) == [("display-none+script", "http://www.am-pj888.com/")]
    assert time.perf_counter() - started < 5


def test_partner_links_in_a_script_opened_block_are_not_candidates() -> None:
    """The written tag may sit in an `if` the scan does not evaluate (a block hidden on phones): without
    a lexicon word its links are not judged."""
    opened = '<script>if (isMobile) { document.write(\'<div style="display:none">\'); }</script>'
    closed = '<script>if (isMobile) { document.write("</div>"); }</script>'
    assert scan(f'{opened}{SHOPS}{closed}') == []


def test_one_target_under_several_texts_keeps_the_lexicon_words_of_any() -> None:
    """A stuffed block repeats one target under several texts, a plain one first: the words of any count."""
    stuffed = ('<div class="lk9">' '<a href="http://www.am-pj888.com/">精彩推荐</a> <a href="http://www.am-pj888.com/">娱乐城</a>'
               ' <a href="http://www.am-pj888.com/#b">百家乐</a> <a href="http://www.am-pj888.com/">网站导航</a></div>')
    found = scan(stuffed, "<style>.lk9{position:absolute;left:-5000px}</style>")
    assert [(f.found, f.context, f.correction, f.source) for f in found] == [
        ("http://www.am-pj888.com/", "娱乐城", "娱乐城", "strong")]  # the first text with words is the one told
    # a visible link's words are not lent to a hidden one to the same target
    shown = ('<p><a href="http://www.am-pj888.com/">娱乐城</a></p>'
             '<div class="more" style="display:none"><a href="http://www.am-pj888.com/">精彩推荐</a></div>')
    assert [(f.context, f.correction) for f in scan(shown)] == [("精彩推荐", "")]


def test_a_lexicon_word_inside_an_ordinary_phrase_is_not_a_gambling_word() -> None:
    """快三 (a lottery) sits inside 加快三农 (to speed up rural work), 注册送 inside 注册送达 (a registered
    address for service): the lexicon's not_within phrases blank them out before matching."""
    found = scan('<div class="more" style="display:none"><a href="http://www.nongye-news.com/">加快三农发展</a>'
                 '<a href="http://www.fayuan-news.com/">注册送达地址确认书</a></div>')
    assert [f.correction for f in found] == ["", ""]
    assert [f.correction for f in scan(f'<div class="more" style="display:none">{GAMBLING}</div>')] != [""]
