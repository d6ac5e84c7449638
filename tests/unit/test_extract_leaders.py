"""Leader pages (auditor.extract.leaders): one leader's page and lists of leaders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.articles import item_page
from auditor.demo.pages import list_page
from auditor.extract import parse_html
from auditor.extract.leaders import extract_leaders
from auditor.models import Leader
from tests.shared_files import REAL_PAGES

AS_OF = date(2026, 11, 28)
URL = "http://www.mengjin.gov.cn/zwgk/ldzc/index.html"
BASE = "http://www.mengjin.gov.cn/zwgk/ldzc/"


def page(body: str, title: str = "领导之窗") -> str:
    return (f"<html><head><title>{title}_孟津县人民政府</title></head><body>"
            "<div class='header'><img src='/images/logo.png'><ul class='nav'><li><a href='/xzxx/'>县长信箱</a></li>"
            "<li><a href='/ldzc/'>领导之窗</a></li></ul></div>"
            f"{body}<div class='footer'>主办单位：孟津县人民政府办公室</div></body></html>")


LINES_AND_HEADINGS = page("""<div class="ldxx"><div class="pic"><img src="/images/ld/zhangsan.jpg"></div>
<div class="info"><p>姓名：张三</p><p>职务：县委副书记、县长</p></div>
<h4>分管工作</h4><p>主持县政府全面工作。</p>
<h4>个人简历</h4><p>张三，男，汉族，1972年5月生。</p></div>""")

HEADING_NAME_PLACEHOLDER = page("""<div class="leader"><h1>李四 副县长</h1><img src="../images/nophoto.gif">
<p>工作分工：负责教育、卫生健康工作。</p></div>""")

UNLABELLED_CV = page("""<div class="ld"><h2>王五</h2><p>职务：局长</p>
<p>王五，女，汉族，1978年生，研究生学历。</p><p>分工：主持全面工作</p></div>""")

CARDS = page("""<ul class="ldlist">
<li><a href="ld1.html"><img src="/p/1.jpg"></a><p><a href="ld1.html">赵六</a></p><p>县委书记</p></li>
<li><a href="ld2.html"><img src="/p/default.jpg"></a><p><a href="ld2.html">钱七</a></p><p>县委副书记、县长</p></li>
<li><p><a href="ld3.html">欧阳娜娜</a></p><p>副县长</p></li>
<li><a href="/ldzc/">更多领导</a></li>
</ul>""")

TABLE_LIST = page("""<table class="ld">
<tr><td><img src="photos/sun.jpg"></td><td><a href="sun.html">孙八</a><br>党组书记、局长</td></tr>
<tr><td><img src="photos/zhou.jpg"></td><td><a href="zhou.html">周九</a><br>副局长</td></tr>
</table>""")

NEWS = page("""<ul class="list"><li><a href="t1.html">县长张三到城关镇调研秋粮收购工作</a><span>2026-11-27</span></li>
<li><a href="t2.html">李四同志任副县长</a><span>2026-11-26</span></li></ul><p>联系人：王科长</p>""", title="孟津要闻")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (LINES_AND_HEADINGS, [Leader("张三", "县委副书记、县长", "http://www.mengjin.gov.cn/images/ld/zhangsan.jpg",
                                     "主持县政府全面工作。", "张三，男，汉族，1972年5月生。", URL)]),
        (HEADING_NAME_PLACEHOLDER, [Leader("李四", "副县长", None, "负责教育、卫生健康工作。", "", URL)]),
        (UNLABELLED_CV, [Leader("王五", "局长", None, "主持全面工作", "王五，女，汉族，1978年生，研究生学历。", URL)]),
        (CARDS, [Leader("赵六", "县委书记", "http://www.mengjin.gov.cn/p/1.jpg", url=BASE + "ld1.html"),
                 Leader("钱七", "县委副书记、县长", None, url=BASE + "ld2.html"),
                 Leader("欧阳娜娜", "副县长", None, url=BASE + "ld3.html")]),
        (TABLE_LIST, [Leader("孙八", "党组书记、局长", BASE + "photos/sun.jpg", url=BASE + "sun.html"),
                      Leader("周九", "副局长", BASE + "photos/zhou.jpg", url=BASE + "zhou.html")]),
    ],
    ids=["lines-and-headings", "heading-name-placeholder-photo", "unlabelled-cv", "cards", "table-list"],
)
def test_layouts(html: str, expected: list[Leader]) -> None:
    assert extract_leaders(parse_html(html), URL, AS_OF) == expected


def test_text_values_are_capped() -> None:
    html = LINES_AND_HEADINGS.replace("主持县政府全面工作。", "主持工作。" * 1000)
    [leader] = extract_leaders(parse_html(html), URL, AS_OF)
    assert 1_000 < len(leader.duties) <= 2_000


def test_news_and_navigation_are_not_leaders() -> None:
    assert extract_leaders(parse_html(NEWS), URL, AS_OF) == []
    assert extract_leaders(parse_html(page("")), URL, AS_OF) == []


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_article_pages_hold_no_leaders(name: str, real_corpus: Path) -> None:
    tree = parse_html((real_corpus / name).read_bytes())
    assert extract_leaders(tree, "http://www.example.gov.cn/art/page.html", AS_OF) == []


@pytest.fixture(scope="module")
def estate():
    return build_estate(AS_OF)


def _leader_columns(estate):
    for site in estate.sites:
        for column in site.columns:
            if column.kind == "leaders":
                yield site, column


def test_demo_leader_lists(estate) -> None:
    for site, column in _leader_columns(estate):
        leaders = extract_leaders(parse_html(list_page(estate, site, column, 0)), site.absolute(column.path), AS_OF)
        assert [(leader.name, leader.post) for leader in leaders] == [tuple(i.title.split(" ", 1)) for i in column.items]
        assert [leader.url for leader in leaders] == [site.absolute(i.path) for i in column.items]


def test_demo_leader_pages(estate) -> None:
    checked = 0
    for site, column in _leader_columns(estate):
        for item in column.items:
            url = site.absolute(item.path)
            [leader] = extract_leaders(parse_html(item_page(estate, site, column, item)), url, AS_OF)
            name, post = item.title.split(" ", 1)
            assert (leader.name, leader.post, leader.url) == (name, post, url)
            assert leader.photo == (site.absolute(item.images[0]) if item.images else None)
            assert leader.duties
            assert bool(leader.cv) is ("no-resume" not in item.defects)
            if leader.cv:
                assert leader.cv.startswith(name)
            checked += 1
    assert checked > 100


def test_demo_planted_leader_problems(estate) -> None:
    planted = [p for p in estate.truth if p.check == "leader.incomplete"]
    assert len(planted) == 3
    for problem in planted:
        site = estate.site(problem.site)
        column = site.column(problem.column)
        item = next(i for i in column.items if site.absolute(i.path) == problem.url)
        [leader] = extract_leaders(parse_html(item_page(estate, site, column, item)), problem.url, AS_OF)
        if "photo" in problem.details:  # the photo is there but 404s: its URL is what the link check needs
            assert leader.photo == problem.details["photo"]
        elif "照片" in problem.details["missing"]:
            assert leader.photo is None
        if "简历" in problem.details["missing"]:
            assert leader.cv == ""


def test_demo_other_pages_hold_no_leaders(estate) -> None:
    site = estate.site("portal")
    for kind in ("news", "documents", "services", "mailbox", "personnel"):
        column = next(c for c in site.columns if c.kind == kind)
        assert extract_leaders(parse_html(list_page(estate, site, column, 0)), site.absolute(column.path), AS_OF) == []
        html = item_page(estate, site, column, column.items[0])
        assert extract_leaders(parse_html(html), site.absolute(column.items[0].path), AS_OF) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' aimgsrchlip:：\n姓名张三职务县长分工简历.jpg")), max_size=400))
def test_never_raises_on_arbitrary_markup(markup: str) -> None:
    leaders = extract_leaders(parse_html(markup), URL, AS_OF)
    assert all(isinstance(leader, Leader) and leader.name for leader in leaders)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises_on_binary_garbage(data: bytes) -> None:
    assert extract_leaders(parse_html(data), "not a url", AS_OF) == []


def test_spaced_cv_heading_on_a_single_leader_page() -> None:
    html = (
        '<div class="leader"><div class="pic"><img src="a.jpg" alt="罗永刚"></div><div class="ld-info">'
        '<h2>罗永刚</h2><p class="zw">副县长（挂职）</p><div class="jl"><h4>简　　历</h4><p>罗永刚，男，汉族。</p></div></div></div>'
    )
    [leader] = extract_leaders(parse_html(html), "http://www.example.gov.cn/ldxx/01/index.html", date(2026, 11, 28))
    assert (leader.name, leader.post, leader.cv) == ("罗永刚", "副县长（挂职）", "罗永刚，男，汉族。")
    assert leader.photo == "http://www.example.gov.cn/ldxx/01/a.jpg"
