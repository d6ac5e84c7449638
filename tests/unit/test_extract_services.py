"""Service guides (auditor.extract.services): elements present and form downloads, in every layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.articles import item_page
from auditor.extract import parse_html
from auditor.extract.services import SERVICE_ELEMENTS, extract_service
from tests.shared_files import REAL_PAGES

AS_OF = date(2026, 11, 28)
URL = "http://www.mengjin.gov.cn/bsfw/bszn/202611/t20261127_1.html"
ALL = tuple(SERVICE_ELEMENTS)


def page(body: str, title: str = "最低生活保障审批办事指南") -> str:
    return (f"<html><head><title>{title}_孟津县人民政府</title><meta name='SiteName' content='孟津县人民政府'></head>"
            f"<body><div class='top'>今天是 2026年11月28日 星期六</div>{body}"
            "<div class='footer'>主办单位：孟津县人民政府办公室 联系电话：0379-67912345</div></body></html>")


TH_TABLE = page("""<table>
<tr><th>事项名称</th><td>最低生活保障审批</td></tr>
<tr><th>设定依据</th><td>《社会救助暂行办法》第十一条</td></tr>
<tr><th>申请条件</th><td>家庭人均收入低于当地最低生活保障标准。</td></tr>
<tr><th>申请材料</th><td>1.申请书；2.户口簿</td></tr>
<tr><th>办理流程</th><td>申请—受理—审核—公示—审批</td></tr>
<tr><th>办理时限</th><td>30个工作日</td></tr>
<tr><th>收费依据及标准</th><td>不收费</td></tr>
<tr><th>优惠政策</th><td>无</td></tr>
<tr><th>办理地点</th><td>县民政局一楼大厅</td></tr>
<tr><th>咨询电话</th><td>0379-67911111</td></tr>
<tr><th>表格下载</th><td><a href="/uploadfile/bszn/dbsqb.doc">低保申请表</a></td></tr>
</table>""")

FOUR_COLUMNS = page("""<table class="bszn">
<tr><td>事项名称：</td><td>取水许可</td><td>办理时限：</td><td>20个工作日</td></tr>
<tr><td>法律依据：</td><td>《取水许可和水资源费征收管理条例》</td><td>是否收费：</td><td>否</td></tr>
<tr><td>受理条件：</td><td>符合条件的单位和个人</td><td>受理地点：</td><td>县政务服务中心</td></tr>
<tr><td>办事流程：</td><td colspan="3">受理、审查、决定</td></tr>
</table><p>附件：<a href="files/qsxk.docx">取水许可申请书</a> <a href="files/notes.html">说明</a></p>""")

HEADINGS = page("""<div class="guide"><h2>个体工商户设立登记</h2>
<h3>一、设定依据</h3><p>《促进个体工商户发展条例》</p>
<h3>二、申请条件</h3><p>有经营能力的自然人。</p><p>经营场所符合要求。</p>
<h3>三、办理材料</h3><ul><li>登记申请书</li><li>身份证明</li></ul>
<h3>四、办理流程</h3><p>网上申请或窗口申请，当场办结。</p>
<h3>五、收费标准</h3><p>按规定标准收取工本费</p>
<h3>六、表格下载</h3><p><a href="/bszn/gtdj.pdf">个体工商户登记申请书</a></p>
</div>""", title="个体工商户设立登记办事指南")

DEFINITIONS = page("""<dl class="zn">
<dt>事项名称</dt><dd>教师资格认定</dd>
<dt>申请条件：</dt><dd>具备相应学历</dd>
<dt>办理材料</dt><dd>身份证、学历证书、体检表</dd>
<dt>办理时限</dt><dd>法定30日</dd>
<dt>收费依据</dt><dd></dd>
<dt>减免政策</dt><dd>无</dd>
<dt>申请表格</dt><dd><a href="jszg.xls">认定申请表</a></dd>
</dl>""")

INLINE_LINES = page("""<div class="content">
<p>事项名称：残疾人两项补贴申请</p>
<p>设定依据：《关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》<br>
申请条件：持有第二代残疾人证的困难残疾人<br>办理时限：10个工作日　办理地点：县残联</p>
<p>咨询电话：0379-67000000</p>
<p>下载：<a href="javascript:void(0)">申请表</a> <a href="/down/cjrbt.wps">补贴申请表</a></p>
</div>""")


@pytest.mark.parametrize(
    ("html", "name", "elements", "forms"),
    [
        (TH_TABLE, "最低生活保障审批", ALL, ("http://www.mengjin.gov.cn/uploadfile/bszn/dbsqb.doc",)),
        # a form file in the 附件 line beside the table shows 表格下载
        (FOUR_COLUMNS, "取水许可", ("事项名称", "设定依据", "申请条件", "办理流程", "办理时限", "收费依据", "办理地点", "表格下载"),
         ("http://www.mengjin.gov.cn/bsfw/bszn/202611/files/qsxk.docx",  # every link of the 附件 section
          "http://www.mengjin.gov.cn/bsfw/bszn/202611/files/notes.html")),
        # 收费标准 that charges a fee without naming its basis does not show 收费依据;
        # no 事项名称 field: the guide is named by its heading, without 办事指南
        (HEADINGS, "个体工商户设立登记", ("设定依据", "申请条件", "办理材料", "办理流程", "表格下载"),
         ("http://www.mengjin.gov.cn/bszn/gtdj.pdf",)),
        # an empty <dd> is not an element
        (DEFINITIONS, "教师资格认定", ("事项名称", "申请条件", "办理材料", "办理时限", "优惠政策", "表格下载"),
         ("http://www.mengjin.gov.cn/bsfw/bszn/202611/jszg.xls",)),
        (INLINE_LINES, "残疾人两项补贴申请", ("事项名称", "设定依据", "申请条件", "办理时限", "办理地点", "咨询电话", "表格下载"),
         ("http://www.mengjin.gov.cn/down/cjrbt.wps",)),
    ],
    ids=["th-table", "four-columns", "headings", "definition-list", "inline-lines"],
)
def test_layouts(html: str, name: str, elements: tuple[str, ...], forms: tuple[str, ...]) -> None:
    guide = extract_service(parse_html(html), URL)
    assert guide is not None
    assert guide.name == name
    assert guide.elements == elements
    assert guide.forms == forms


def test_heading_values_stop_at_the_next_label() -> None:
    guide = extract_service(parse_html(HEADINGS.replace("<p>《促进个体工商户发展条例》</p>", "")), URL)
    assert guide is not None
    assert "设定依据" not in guide.elements  # its heading is directly followed by the next label


def test_element_keys_and_labels_cover_the_county_report() -> None:
    for key in ("事项名称", "设定依据", "申请条件", "办理材料", "办理流程", "办理时限", "收费依据", "优惠政策",
                "办理地点", "咨询电话", "表格下载"):
        assert key in SERVICE_ELEMENTS
    assert {"收费标准", "收费依据及标准", "是否收费"} <= set(SERVICE_ELEMENTS["收费依据"])
    assert "减免政策" in SERVICE_ELEMENTS["优惠政策"]
    assert {"申请表格", "表格下载", "下载"} <= set(SERVICE_ELEMENTS["表格下载"])


def test_fewer_than_three_labels_is_not_a_guide() -> None:
    html = page("<table><tr><th>办理地点</th><td>县政务服务中心</td></tr><tr><th>咨询电话</th><td>0379-1</td></tr></table>")
    assert extract_service(parse_html(html), URL) is None  # even titled 办事指南: nothing guide-specific
    untitled = page("<table><tr><th>办理地点</th><td>县政务服务中心</td></tr><tr><th>办理流程</th><td>申请—受理</td></tr></table>",
                    title="详细信息")
    assert extract_service(parse_html(untitled), URL) is None
    titled = untitled.replace("<title>详细信息", "<title>最低生活保障审批办事指南")
    guide = extract_service(parse_html(titled), URL)  # two sections on a page calling itself a guide
    assert guide is not None and guide.name == "最低生活保障审批"


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_article_pages_are_not_guides(name: str, real_corpus: Path, real_expected: dict[str, Any]) -> None:
    assert name in real_expected
    tree = parse_html((real_corpus / name).read_bytes())
    assert extract_service(tree, "http://www.example.gov.cn/art/page.html") is None


@pytest.fixture(scope="module")
def estate():
    return build_estate(AS_OF)


def test_every_demo_guide_is_read_as_the_estate_wrote_it(estate) -> None:
    seen = 0
    for site in estate.sites:
        for column in (c for c in site.columns if c.kind == "services"):
            for item in column.items:
                url = site.absolute(item.path)
                guide = extract_service(parse_html(item_page(estate, site, column, item)), url)
                assert guide is not None, url
                expected = tuple(k for k in ALL if not (k == "收费依据" and "no-fee-basis" in item.defects))
                assert guide.elements == expected, url
                assert guide.name == item.title.removesuffix("办事指南")
                assert guide.forms == tuple(site.absolute(href) for _, href in item.files)
                seen += 1
    assert seen > 50


def test_demo_planted_guide_problems(estate) -> None:
    planted = [p for p in estate.truth if p.check == "service.incomplete"]
    assert planted
    for problem in planted:
        site = estate.site(problem.site)
        column = site.column(problem.column)
        item = next(i for i in column.items if site.absolute(i.path) == problem.url)
        guide = extract_service(parse_html(item_page(estate, site, column, item)), problem.url)
        assert guide is not None
        for missing in problem.details.get("missing", []):
            assert missing not in guide.elements
        if "form" in problem.details:
            assert problem.details["form"] in guide.forms  # listed, so the link check can find it 404s


def test_demo_non_guide_pages_are_not_guides(estate) -> None:
    site = estate.site("portal")
    for kind in ("news", "documents", "leaders", "mailbox"):
        column = next(c for c in site.columns if c.kind == kind)
        html = item_page(estate, site, column, column.items[0])
        assert extract_service(parse_html(html), site.absolute(column.items[0].path)) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abtdhrpl:：\n事项名称申请条件办理流程表格下载收费")), max_size=400))
def test_never_raises_on_arbitrary_markup(markup: str) -> None:
    guide = extract_service(parse_html(markup), URL)
    assert guide is None or len(guide.elements) >= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises_on_binary_garbage(data: bytes) -> None:
    assert extract_service(parse_html(data), "not a url") is None


# ---- issue 14, item 4: guides as real county sites write them ------------------------------------

SHOW = "http://www.xx.gov.cn/bsfw/show.asp?id=12"
COUNTY_RULE = ("办理流程", "收费依据", "优惠政策", "表格下载")


def guide_page(body: str, title: str = "农村宅基地审批办事指南_某某县人民政府") -> str:
    return (f"<html><head><title>{title}</title></head><body><div class='header'><h1>某某县人民政府</h1></div>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/bsfw/'>便民服务</a></div>{body}"
            "<div class='footer'>主办单位：某某县人民政府办公室 联系电话：0379-1</div></body></html>")


def read(body: str, **kwargs: str):
    return extract_service(parse_html(guide_page(body, **kwargs)), SHOW)


def county(guide) -> tuple[str, ...]:
    return tuple(element for element in COUNTY_RULE if element in guide.elements)


SHAPES = {
    "th-rows": """<table><tr><th>办事程序</th><td>申请—受理—审核</td></tr><tr><th>收费依据</th><td>无</td></tr>
        <tr><th>优惠政策</th><td>无</td></tr><tr><th>表格下载</th><td><a href="/up/1.doc">申请表</a></td></tr></table>""",
    "td-class-rows": """<table><tr><td class="t">办理程序</td><td>申请—审批</td></tr>
        <tr><td class="t">收费标准</td><td>不收费</td></tr><tr><td class="t">减免政策</td><td>无</td></tr>
        <tr><td class="t">申请表格</td><td><a href="/up/1.doc">申请表</a></td></tr></table>""",
    "rowspan": """<table><tr><td rowspan="2">办理信息</td><td>办理地点</td><td>县政务中心</td></tr>
        <tr><td>办理步骤</td><td>申请—审批</td></tr>
        <tr><td rowspan="2">收费</td><td>收费标准</td><td>免费</td></tr><tr><td>收费依据</td><td>无</td></tr>
        <tr><td rowspan="2">其他</td><td>优惠政策</td><td>无</td></tr><tr><td>相关表格</td><td><a href="/up/1.doc">申请表</a></td></tr></table>""",
    "numbered-headings": """<div class="zn"><h3>一、办理流程</h3><p>申请—审批</p><h3>二、收费依据</h3><p>不收费</p>
        <h3>三、优惠政策</h3><p>无</p><h3>四、表格下载</h3><p><a href="/up/1.doc">申请表</a></p></div>""",
    "paren-headings": """<div class="zn"><p>（一）办事流程</p><p>申请—审批</p><p>（二）收费标准</p><p>不收费</p>
        <p>（三）优惠政策</p><p>无</p><p>（四）表格及样表</p><p><a href="/up/1.doc">申请表</a></p></div>""",
    "bracketed": """<div class="zn"><p>【办事程序】申请—审批</p><p>【收费标准】免费</p><p>【优惠政策】无</p>
        <p>【附件下载】<a href="/up/1.doc">申请表</a></p></div>""",
    "bracketed-alone": """<div class="zn"><p>【办理流程】</p><p>申请—审批</p><p>【收费依据】</p><p>无</p>
        <p>【优惠政策】</p><p>无</p><p>【下载表格】</p><p><a href="/up/1.doc">申请表</a></p></div>""",
    "bold-leads": """<div class="zn"><p><strong>办理流程：</strong>申请—审批</p><p><strong>收费标准：</strong>不收费</p>
        <p><strong>优惠政策：</strong>无</p><p><strong>表格下载：</strong><a href="/up/1.doc">申请表</a></p></div>""",
    "bold-leads-without-colon": """<div class="zn"><p><b>办理流程</b> 申请—审批</p><p><b>收费标准</b>不收费</p>
        <p><strong>优惠政策</strong> 无</p><p><strong>表格下载</strong> <a href="/up/1.doc">申请表</a></p></div>""",
    "definition-list": """<dl><dt>办事流程</dt><dd>申请—审批</dd><dt>收费依据及标准：</dt><dd>不收费</dd>
        <dt>优惠政策</dt><dd>无</dd><dt>相关表格</dt><dd><a href="/up/1.doc">申请表</a></dd></dl>""",
    "header-row": """<table><tr><th>办理流程</th><th>收费标准</th><th>优惠政策</th><th>表格下载</th></tr>
        <tr><td>申请—审批</td><td>不收费</td><td>无</td><td><a href="/up/1.doc">申请表</a></td></tr></table>""",
    "flow-chart-image": """<div class="zn"><h3>办理流程图</h3><p><img src="/up/lct.jpg"></p><h3>是否收费</h3><p>否</p>
        <h3>优惠政策</h3><p>无</p><h3>表格下载</h3><p><a href="/up/1.doc">申请表</a></p></div>""",
    "form-without-heading": """<table><tr><th>办理流程</th><td>申请—审批</td></tr><tr><th>收费依据</th><td>无</td></tr>
        <tr><th>优惠政策</th><td>无</td></tr></table><p><a href="/up/1.doc">农村宅基地申请表</a></p>""",
}


@pytest.mark.parametrize("body", SHAPES.values(), ids=SHAPES.keys())
def test_every_shape_shows_the_four_county_elements_and_its_form(body: str) -> None:
    guide = read(body)
    assert guide is not None
    assert county(guide) == COUNTY_RULE
    assert guide.forms == ("http://www.xx.gov.cn/up/1.doc",)
    assert guide.name == "农村宅基地审批"


@pytest.mark.parametrize("body", SHAPES.values(), ids=SHAPES.keys())
def test_every_shape_misses_a_fee_section_that_is_not_there(body: str) -> None:
    """The same page with its fee section renamed to something else: 收费依据 is missing."""
    for label in ("收费依据及标准", "收费依据", "收费标准", "是否收费"):
        body = body.replace(label, "监督投诉")
    guide = read(body)
    assert guide is not None
    assert county(guide) == ("办理流程", "优惠政策", "表格下载")


@pytest.mark.parametrize(("label", "variant"), [
    ("办理地点", "办公地点"), ("办理地点", "受理地点"), ("办理时限", "承诺时限"), ("设定依据", "办理依据"),
    ("办理流程", "办事程序"), ("办理流程", "办理步骤"), ("办理流程", "流程图"), ("收费依据", "收费标准"),
    ("收费依据", "收费依据及标准"), ("收费依据", "是否收费"), ("优惠政策", "减免政策"), ("表格下载", "附件下载"),
    ("表格下载", "表格及样表"), ("表格下载", "下载表格"), ("事项名称", "服务事项"), ("事项名称", "项目名称"),
])
def test_section_name_variants(label: str, variant: str) -> None:
    value = {"收费依据": "不收费", "表格下载": "见附件", "事项名称": "宅基地审批"}.get(label, "县政务服务中心3号窗口")
    rows = [("申请条件", "本县农村村民"), ("办理材料", "申请书"), (variant, value)]
    guide = read("".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows).join(("<table>", "</table>")))
    assert guide is not None
    assert label in guide.elements
    others = set(SERVICE_ELEMENTS) - {label, "申请条件", "办理材料"}
    assert not others & set(guide.elements)


@pytest.mark.parametrize(("fee", "shown"), [
    ("不收费", True), ("免费", True), ("无", True), ("否", True), ("按规定标准收取工本费", False),
    ("每证10元", False), ("按《河南省行政事业性收费目录清单》收取", True), ("", False),
])
def test_a_fee_standard_shows_the_fee_element_when_free_or_citing_its_basis(fee: str, shown: bool) -> None:
    guide = read(f"<table><tr><th>办理流程</th><td>申请</td></tr><tr><th>申请条件</th><td>村民</td></tr>"
                 f"<tr><th>收费标准</th><td>{fee}</td></tr></table>")
    assert guide is not None
    assert ("收费依据" in guide.elements) is shown


@pytest.mark.parametrize(("label", "value", "shown"), [
    ("收费依据", "无", True), ("优惠政策", "无", True), ("优惠政策", "/", True), ("优惠政策", "暂无", True),
    ("表格下载", "无", True), ("优惠政策", "", False), ("表格下载", "", False), ("办理流程", "无", False),
    ("办理流程", "/", False), ("办理地点", "暂无", False), ("办理流程", "申请—审批", True),
])
def test_a_none_answer_shows_fee_and_preferential_policy_but_not_a_procedure(label: str, value: str, shown: bool) -> None:
    guide = read(f"<table><tr><th>申请条件</th><td>村民</td></tr><tr><th>办理材料</th><td>申请书</td></tr>"
                 f"<tr><th>{label}</th><td>{value}</td></tr></table>")
    assert guide is not None
    assert (label in guide.elements) is shown


@pytest.mark.parametrize(("title", "heading", "name"), [
    ("农村宅基地审批办事指南_某某县人民政府", "", "农村宅基地审批"),
    ("农村宅基地审批服务指南-某某县人民政府", "", "农村宅基地审批"),
    ("《残疾人证办理》办事指南", "", "残疾人证办理"),
    ("关于残疾人证办理的办事指南", "", "残疾人证办理"),
    ("办事指南：残疾人证办理", "", "残疾人证办理"),
    ("残疾人证办理（办事指南）", "", "残疾人证办理"),
    ("残疾人证办理办事指南（2026年版）", "", "残疾人证办理"),
    ("办事指南_某某县人民政府", "<h2>残疾人证办理办事指南</h2>", "残疾人证办理"),
    ("某某县人民政府网站", "<h2>残疾人证办理</h2>", "残疾人证办理"),
    ("便民服务", '<div class="title">残疾人证办理</div>', "残疾人证办理"),
    ("残疾人证办理", "<h3>一、申请条件</h3>", "残疾人证办理"),
])
def test_a_guide_without_a_name_field_is_named_by_its_title_or_heading(title: str, heading: str, name: str) -> None:
    guide = read(f"{heading}<table><tr><th>申请条件</th><td>持证</td></tr><tr><th>办理流程</th><td>申请</td></tr>"
                 "<tr><th>办理地点</th><td>县残联</td></tr></table>", title=title)
    assert guide is not None
    assert guide.name == name
    assert "事项名称" not in guide.elements  # elements are the labelled sections; the check takes the name


def test_a_labelled_name_wins_over_the_title() -> None:
    guide = read("<table><tr><th>服务事项</th><td>城乡居民养老保险参保登记</td></tr><tr><th>办理流程</th><td>申请</td></tr>"
                 "<tr><th>申请条件</th><td>年满16周岁</td></tr></table>")
    assert guide is not None
    assert guide.name == "城乡居民养老保险参保登记"
    assert "事项名称" in guide.elements


def test_a_guide_with_no_name_anywhere_has_an_empty_name() -> None:
    guide = read("<table><tr><th>申请条件</th><td>持证</td></tr><tr><th>办理流程</th><td>申请</td></tr>"
                 "<tr><th>办理地点</th><td>县残联</td></tr></table>", title="某某县人民政府")
    assert guide is not None
    assert guide.name == ""


def test_only_form_files_and_the_download_sections_links_are_forms() -> None:
    guide = read("""<table><tr><th>办理流程</th><td>申请—审批 <a href="/zcfg/1.html">相关政策</a></td></tr>
        <tr><th>收费依据</th><td>无</td></tr><tr><th>优惠政策</th><td>无</td></tr>
        <tr><th>表格下载</th><td><a href="down.asp?id=7">申请表</a> <a href="javascript:void(0)">打印</a></td></tr></table>
        <p>附：<a href="/up/SQB.DOCX?v=2">申请书</a> <a href="/up/x.rar">样表</a></p>""")
    assert guide is not None
    assert guide.forms == ("http://www.xx.gov.cn/bsfw/down.asp?id=7", "http://www.xx.gov.cn/up/SQB.DOCX?v=2",
                           "http://www.xx.gov.cn/up/x.rar")


def test_form_files_in_the_sidebar_are_not_the_guides() -> None:
    body = ("<div class='side'><h4>常用下载</h4><ul><li><a href='/up/other.xls'>年报表</a></li></ul></div>"
            "<div class='main'><div class='zn'><table><tr><th>办理流程</th><td>申请</td></tr><tr><th>收费依据</th><td>无</td></tr>"
            "<tr><th>优惠政策</th><td>无</td></tr></table></div></div>")
    guide = read(body)
    assert guide is not None
    assert guide.forms == ()
    assert "表格下载" not in guide.elements


NOT_GUIDES = {
    "news-in-a-services-column": ("我县召开政务服务工作推进会_某某县人民政府", """<div class="article"><h1>我县召开政务服务工作推进会</h1>
        <p>11月27日，我县召开政务服务工作推进会，会议要求各单位优化办理流程，公开收费依据和优惠政策，做好表格下载等便民服务。</p>
        <p>会议指出，要进一步压缩办理时限，方便群众申请办理各类事项。</p></div>"""),
    "notice-with-address-and-phone": ("关于办理地点调整的通知", """<div class="article"><p>各位办事群众：</p>
        <p>办理地点：县政务服务中心三楼。</p><p>咨询电话：0379-12345678</p><p>特此通知，不便之处敬请谅解，办理事项不变。</p></div>"""),
    "login-wall": ("统一身份认证", """<form><p>请登录后办理事项申请</p><input name="u"><input name="p" type="password">
        <p>办理流程说明请登录后查看</p></form>"""),
    "list-of-services": ("办事指南_某某县人民政府", """<table><tr><th>事项名称</th><th>办理地点</th><th>办理时限</th><th>表格下载</th></tr>
        <tr><td><a href="show.asp?id=1">宅基地审批</a></td><td>县自然资源局</td><td>20日</td><td><a href="/up/1.doc">下载</a></td></tr>
        <tr><td><a href="show.asp?id=2">残疾人证办理</a></td><td>县残联</td><td>15日</td><td><a href="/up/2.doc">下载</a></td></tr>
        <tr><td><a href="show.asp?id=3">取水许可</a></td><td>县水利局</td><td>20日</td><td><a href="/up/3.doc">下载</a></td></tr></table>"""),
    "undated-list-of-guides": ("办事指南_某某县人民政府", """<ul class="list"><li><a href="show.asp?id=12">农村宅基地审批办事指南</a></li>
        <li><a href="show.asp?id=13">残疾人证办理办事指南</a></li><li><a href="show.asp?id=14">取水许可办事指南</a></li>
        <li><a href="show.asp?id=15">申请低保办理流程及收费标准</a></li></ul>"""),
}


@pytest.mark.parametrize(("title", "body"), NOT_GUIDES.values(), ids=NOT_GUIDES.keys())
def test_pages_without_a_guides_structure_are_not_guides(title: str, body: str) -> None:
    assert read(body, title=title) is None
