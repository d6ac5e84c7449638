"""Service guides (auditor.extract.services): elements present and form downloads, in every layout."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.articles import item_page
from auditor.extract import parse_html
from auditor.extract.services import SERVICE_ELEMENTS, extract_service

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"
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
        (FOUR_COLUMNS, "取水许可", ("事项名称", "设定依据", "申请条件", "办理流程", "办理时限", "收费依据", "办理地点"),
         ("http://www.mengjin.gov.cn/bsfw/bszn/202611/files/qsxk.docx",)),
        # 收费标准 that charges a fee without naming its basis does not show 收费依据
        (HEADINGS, "个体工商户设立登记办事指南", ("设定依据", "申请条件", "办理材料", "办理流程", "表格下载"),
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
    assert extract_service(parse_html(html), URL) is None


@pytest.mark.parametrize("name", ["gzggw.html", "other.html", "shanxi.html"])
def test_real_article_pages_are_not_guides(name: str) -> None:
    assert name in json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    tree = parse_html((CORPUS / name).read_bytes())
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
