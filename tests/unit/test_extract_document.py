"""Document metadata blocks of 信息公开 pages (auditor.extract.document)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.articles import item_page
from auditor.extract.document import extract_document, normalise_doc_no
from auditor.extract.html import parse_html
from auditor.models import DocumentMeta

AS_OF = date(2026, 11, 28)
URL = "http://www.mengjin.gov.cn/xxgk/zfwj/201112/t20111220_1.html"


def read(body: str, head: str = "") -> DocumentMeta | None:
    return extract_document(parse_html(f"<html><head>{head}</head><body>{body}</body></html>"), URL, AS_OF)


LAYOUTS = {
    "table, label and value in separate cells": (
        "<table><tr><th>索引号：</th><td>00500-01/2011-00021</td><th>信息分类：</th><td>政府文件</td></tr>"
        "<tr><th>发布机构：</th><td>孟津县人民政府办公室</td><th>生成日期：</th><td>2011年12月1日</td></tr>"
        "<tr><th>文号：</th><td>孟政办〔2011〕21号</td><th>发布日期：</th><td>2011年12月20日</td></tr>"
        "<tr><th>名称：</th><td colspan=3>关于加强政务公开工作的通知</td></tr></table>"
    ),
    "table, label and value in one cell": (
        "<table><tr><td>索引号：00500-01/2011-00021</td><td>信息分类：政府文件</td></tr>"
        "<tr><td>发布机构：孟津县人民政府办公室</td><td>生成日期：2011-12-01</td></tr>"
        "<tr><td>文号：孟政办[2011]21号</td><td>发布日期：2011-12-20</td></tr>"
        "<tr><td>标题：关于加强政务公开工作的通知</td></tr></table>"
    ),
    "paragraphs with strong labels": (
        "<div class='xxgk'><p><strong>索引号</strong>：00500-01/2011-00021</p><p><strong>信息分类</strong>：政府文件</p>"
        "<p><strong>发布机构</strong>：孟津县人民政府办公室</p><p><strong>成文日期</strong>：2011年12月1日</p>"
        "<p><strong>发文字号</strong>：孟政办（2011）21号</p><p><strong>发布日期</strong>：2011年12月20日</p>"
        "<p><strong>标题</strong>：<span>关于加强政务公开工作的通知</span></p></div>"
    ),
    "definition list, ASCII colons": (
        "<dl><dt>索 引 号:</dt><dd>00500-01/2011-00021</dd><dt>主题分类:</dt><dd>政府文件</dd>"
        "<dt>发文机关:</dt><dd>孟津县人民政府办公室</dd><dt>成文日期:</dt><dd>2011.12.01</dd>"
        "<dt>发文字号:</dt><dd>孟政办【2011】21号</dd><dt>发布日期:</dt><dd>2011/12/20</dd>"
        "<dt>标　　题:</dt><dd>关于加强政务公开工作的通知</dd></dl>"
    ),
    "list items with span labels, no colons": (
        "<ul class='info'><li><span>索引号</span>00500-01/2011-00021</li><li><span>分类</span>政府文件</li>"
        "<li><span>发文单位</span>孟津县人民政府办公室</li><li><span>成文日期</span>2011-12-01</li>"
        "<li><span>文号</span>孟政办(2011)21号</li><li><span>公开日期</span>2011-12-20</li>"
        "<li><span>名称</span>关于加强政务公开工作的通知</li></ul>"
    ),
    "spaced labels with full-width and nbsp spaces, strong inside cells": (
        "<table><tr><td><strong>索&nbsp;引&nbsp;号：</strong></td><td>00500-01/2011-00021</td>"
        "<td><strong>信息分类：</strong></td><td>政府文件</td></tr>"
        "<tr><td><b>发布机构：</b></td><td>孟津县人民政府办公室</td><td><b>生成日期：</b></td><td>2011年12月1日</td></tr>"
        "<tr><td><b>文　　号：</b></td><td>孟政办 〔 2011 〕 21号</td><td><b>发布日期：</b></td><td>2011年12月20日</td></tr>"
        "<tr><td><b>名　　称：</b></td><td>关于<span>加强政务公开</span>工作的通知</td></tr></table>"
    ),
    "several pairs in one paragraph": (
        "<p>索引号：00500-01/2011-00021　信息分类：政府文件　发布机构：孟津县人民政府办公室</p>"
        "<p>生成日期：2011-12-01　文号：孟政办﹝2011﹞21号　发布日期：2011-12-20</p>"
        "<p>标题：关于加强政务公开工作的通知</p>"
    ),
}
FULL = DocumentMeta(
    index_no="00500-01/2011-00021",
    category="政府文件",
    publisher="孟津县人民政府办公室",
    formed=date(2011, 12, 1),
    published=date(2011, 12, 20),
    doc_no="孟政办〔2011〕21号",
    title="关于加强政务公开工作的通知",
)


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_every_layout_reads_every_field(layout: str) -> None:
    assert read(LAYOUTS[layout]) == FULL


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_gbk_pages_read_the_same(layout: str) -> None:
    page = f'<html><head><meta charset="gb2312"></head><body>{LAYOUTS[layout]}</body></html>'
    assert extract_document(parse_html(page.encode("gbk")), URL, AS_OF) == FULL


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("孟政办〔2011〕21号", "孟政办〔2011〕21号"),
        ("孟政办【2011】21号", "孟政办〔2011〕21号"),
        ("孟政办[2011]21号", "孟政办〔2011〕21号"),
        ("孟政办(2011)21号", "孟政办〔2011〕21号"),
        ("孟政办（2011）21号", "孟政办〔2011〕21号"),
        ("孟政办﹝2011﹞21号", "孟政办〔2011〕21号"),
        ("孟政办 [ 2011 ] 21 号", "孟政办〔2011〕21号"),
        ("国办发〔2017〕47号", "国办发〔2017〕47号"),
        ("无", None),
        ("", None),
        ("  ", None),
    ],
)
def test_doc_no_brackets_are_normalised(written: str, normalised: str | None) -> None:
    assert normalise_doc_no(written) == normalised


def test_an_empty_cell_is_none_not_the_next_label() -> None:
    meta = read(
        "<table><tr><th>索引号：</th><td>001/2011-1</td><th>文号：</th><td></td></tr>"
        "<tr><th>发布机构：</th><td>县政府</td><th>发文字号：</th><td> </td></tr>"
        "<tr><th>成文日期：</th><td></td><th>发布日期：</th><td>2011-12-20</td></tr></table>"
    )
    assert meta == DocumentMeta(index_no="001/2011-1", publisher="县政府", published=date(2011, 12, 20))


def test_an_empty_cell_before_another_label_cell() -> None:
    meta = read("<table><tr><td>文号：</td><td>索引号：</td><td>002</td><td>发布机构：</td><td>县政府</td></tr></table>")
    assert meta is not None
    assert (meta.doc_no, meta.index_no, meta.publisher) == (None, "002", "县政府")


@pytest.mark.parametrize(
    "body",
    [
        "<p>孟津县召开政务公开工作会议</p><p>发布日期：2011-12-20</p>",  # one label: an article
        "<p>标题：会议纪要</p><p>发布日期：2011-12-20</p>",  # article labels only
        # a list page's heading row: labels, but no values
        "<table><tr><th>标题</th><th>文号</th><th>发布日期</th></tr>"
        "<tr><td><a href='1.html'>关于x的通知</a></td><td>孟政〔2011〕1号</td><td>2011-12-20</td></tr></table>",
        "<p>垃圾分类：从我做起</p><p>事项名称：户口迁移</p>",  # label-looking words inside other words
        "",
    ],
)
def test_not_a_document_page(body: str) -> None:
    assert read(body) is None


def test_article_title_meta_is_the_title_fallback() -> None:
    meta = read("<p>索引号：001</p><p>发布机构：县政府</p>", head='<meta name="ArticleTitle" content="关于x的通知">')
    assert meta is not None and meta.title == "关于x的通知"


def test_the_block_label_wins_over_article_title_meta() -> None:
    meta = read("<p>索引号：001</p><p>标题：正式标题</p>", head='<meta name="ArticleTitle" content="别的标题">')
    assert meta is not None and meta.title == "正式标题"


def test_dates_after_as_of_are_not_believed() -> None:
    meta = read("<p>索引号：001</p><p>成文日期：2026-12-30</p><p>发布日期：2027-01-05</p>")
    assert meta is not None and (meta.formed, meta.published) == (None, None)


def test_a_value_spanning_tags_is_joined() -> None:
    meta = read("<table><tr><td>发布机构：</td><td>孟津县<span>人民政府</span>办公室</td><td>文号：</td>"
                "<td>孟政办<em>〔2011〕</em>21号</td></tr></table>")
    assert meta is not None and (meta.publisher, meta.doc_no) == ("孟津县人民政府办公室", "孟政办〔2011〕21号")


def _document_items(estate):
    for site in estate.sites:
        for column in site.columns:
            if column.kind == "documents":
                for item in column.items[:5]:
                    yield site, column, item


def test_demo_estate_documents_match_the_estate_truth() -> None:
    estate = build_estate(AS_OF)
    checked = 0
    seen_families: set[str] = set()
    for site, column, item in _document_items(estate):
        html = item_page(estate, site, column, item)
        content = html.encode(site.encoding) if site.encoding != "utf-8" else html
        meta = extract_document(parse_html(content), f"{site.url.rstrip('/')}{item.path}", AS_OF)
        assert meta is not None, (site.id, item.path)
        assert meta.published == item.day
        assert meta.formed == (None if "no-formed-date" in item.defects else (item.formed or item.day))
        assert meta.publisher == site.unit
        assert meta.title == item.title
        assert meta.category in ("政府文件", "部门文件")
        assert meta.index_no is not None and meta.doc_no is not None, item.path
        assert f"〔{(item.formed or item.day).year}〕" in meta.doc_no
        checked += 1
        seen_families.add(site.family)
    assert checked >= 100 and seen_families == {"trs", "hanweb", "table"}


def test_demo_estate_planted_metadata_defects_are_seen() -> None:
    estate = build_estate(AS_OF)
    undated = []
    for site in estate.sites:
        for column in site.columns:
            for item in column.items:
                if "no-formed-date" in item.defects:
                    meta = extract_document(parse_html(item_page(estate, site, column, item)), site.url, AS_OF)
                    assert meta is not None and meta.published == item.day
                    undated.append(meta.formed)
    assert undated == [None, None], "the estate plants two documents without their 成文日期"


MARKUP_TOKENS = ["<td>", "</td>", "<th>", "<tr>", "<p>", "</p>", "<strong>", "</strong>", "<dl><dt>", "<dd>", "<li>",
                 "<span>", "索引号", "索 引 号", "文号", "发布机构", "发布日期", "分类", "标题", "名称", "：", ":", "　",
                 "2011-12-20", "2011年12月", "〔2011〕", "[", "(", "）", "&nbsp;", "<", ">", "\x00", "号", " "]
MARKUP = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(MARKUP_TOKENS), max_size=80).map("".join))


@settings(max_examples=200, deadline=None)
@given(MARKUP)
def test_never_raises_on_arbitrary_markup(markup: str) -> None:
    result = extract_document(parse_html(markup), URL, AS_OF)
    assert result is None or isinstance(result, DocumentMeta)


def test_meta_tags_fill_what_the_block_lacks() -> None:
    head = '<meta name="ContentSource" content="孟津县人民政府办公室"><meta name="PubDate" content="2026-11-06 09:30">'
    meta = read("<table><tr><th>索 引 号：</th><td>A-1</td><th>成文日期：</th><td>2026-11-01</td></tr></table>", head)
    assert meta is not None
    assert (meta.index_no, meta.publisher, meta.formed, meta.published) == (
        "A-1", "孟津县人民政府办公室", date(2026, 11, 1), date(2026, 11, 6))


def test_the_block_wins_over_the_meta_tags() -> None:
    meta = read("<p>发布机构：县政府</p><p>文号：孟政〔2026〕1号</p>", '<meta name="ContentSource" content="新闻中心">')
    assert meta is not None and meta.publisher == "县政府"


@pytest.mark.parametrize("names", [("IndexNo", "Publisher", "FormedDate", "PubDate"), ("syh", "fbjg", "cwrq", "fbrq"),
                                   ("Index_No", "Pub-Org", "CreateDate", "ReleaseDate")])
def test_every_field_from_meta_tags_alone(names: tuple[str, str, str, str]) -> None:
    values = ("A-9", "县教育局", "2026-11-02", "2026-11-07")
    head = "".join(f'<meta name="{name}" content="{value}">' for name, value in zip(names, values, strict=True))
    assert read("<p>正文</p>", head) == DocumentMeta(
        index_no="A-9", publisher="县教育局", formed=date(2026, 11, 2), published=date(2026, 11, 7))


def test_the_national_page_standard_tags_do_not_make_an_article_a_document() -> None:
    head = ('<meta name="ContentSource" content="县林业局"><meta name="PubDate" content="2026-11-05 10:12">'
            '<meta name="CreateDate" content="2026-11-05"><meta name="ArticleTitle" content="政策解读">')
    assert read("<h1>政策解读</h1><p>一、出台背景</p>", head) is None
