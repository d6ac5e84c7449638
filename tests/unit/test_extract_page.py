"""One fetched page to one Page (auditor.extract.page), on real government pages and on garbage."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.config import ColumnConfig
from auditor.extract import extract_page, page_title, parse_html, parse_page
from auditor.models import FetchResult, Outcome, PageRequest
from tests.shared_files import REAL_PAGES

AS_OF = date(2026, 11, 28)
URL = "http://www.mengjin.gov.cn/xwzx/mjyw/index.html"

LIST_PAGE = """<html><head><title>孟津要闻 - 孟津县人民政府</title><meta name="SiteName" content="孟津县人民政府"></head>
<body><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
<ul class="list">
  <li><a href="t20261127_1.html">孟津县召开冬季安全生产工作会议</a><span>2026-11-27</span></li>
  <li><a href="t20261126_2.html">全县秋粮收购工作有序推进</a><span>2026-11-26</span></li>
</ul>
<div class="pager"><a href="index_1.html">下一页</a></div>
<script>createPageHTML(5, 0, "index", "html");</script>
<img src="/images/logo.png" alt="标志"></body></html>"""


def fetched(text: str, *, url: str = URL, outcome: Outcome = Outcome.OK, content_type: str = "text/html") -> FetchResult:
    return FetchResult(url=url, final_url=url, outcome=outcome, status=200, content_type=content_type, text=text)


def request(column_id: str | None = None, url: str = URL) -> PageRequest:
    return PageRequest(url=url, site_id="portal", column_id=column_id, depth=2)


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_pages_parse_and_yield_links_and_titles(name: str, real_corpus: Path, real_expected: dict[str, Any]) -> None:
    text = (real_corpus / name).read_text(encoding="utf-8")
    url = "http://www.example.gov.cn/art/page.html"
    page = extract_page(parse_page(fetched(text, url=url)), request(url=url), as_of=AS_OF)
    assert len(page.links) >= 20
    assert all(link.source == url for link in page.links)
    assert any(link.element == "a" for link in page.links)
    assert page.title
    if "title" in real_expected[name]:
        assert page.title == real_expected[name]["title"]
    assert page.items == () and page.next_pages == ()  # not a column page


def test_real_article_page_read_as_a_column_page_has_no_list_and_no_next_page(real_corpus: Path) -> None:
    # shanxi.html carries a TRS pager for one page and a link menu with dated gov.cn URLs
    text = (real_corpus / "shanxi.html").read_text(encoding="utf-8")
    page = extract_page(parse_page(fetched(text)), request("news"), as_of=AS_OF)
    assert page.next_pages == ()
    assert page.items == ()


def test_title_strips_the_site_name_but_keeps_a_title_without_it() -> None:
    assert page_title(parse_html(LIST_PAGE)) == "孟津要闻"
    assert page_title(parse_html("<title> 通知 公告 </title>")) == "通知 公告"
    assert page_title(parse_html('<title>孟津县人民政府</title><meta name="SiteName" content="孟津县人民政府">')) == "孟津县人民政府"
    assert page_title(parse_html('<title>x</title><meta property="og:title" content="分享标题">')) == "分享标题"
    assert page_title(parse_html("<p>no title</p>")) == ""


def test_column_page_gets_items_and_next_pages() -> None:
    page = extract_page(parse_page(fetched(LIST_PAGE)), request("news"), as_of=AS_OF)
    base = "http://www.mengjin.gov.cn/xwzx/mjyw/"
    assert [(item.title, item.date) for item in page.items] == [
        ("孟津县召开冬季安全生产工作会议", date(2026, 11, 27)),
        ("全县秋粮收购工作有序推进", date(2026, 11, 26)),
    ]
    assert page.next_pages == (base + "index_1.html",)
    assert (page.url, page.site_id, page.column_id, page.depth, page.status) == (URL, "portal", "news", 2, 200)
    assert "http://www.mengjin.gov.cn/images/logo.png" in {link.target for link in page.links}


def test_column_selectors_are_used() -> None:
    column = ColumnConfig(id="news", name="孟津要闻", url=URL, kind="news", item_selector="ul.nav li", next_selector="a.none")
    page = extract_page(parse_page(fetched(LIST_PAGE)), request("news"), as_of=AS_OF, column=column)
    assert [item.title for item in page.items] == ["政务公开"]  # 首页 reads as a pager link
    assert page.next_pages == ("http://www.mengjin.gov.cn/xwzx/mjyw/index_1.html",)


def test_other_pages_get_no_items_but_their_pagination() -> None:
    page = extract_page(parse_page(fetched(LIST_PAGE)), request(None), as_of=AS_OF)
    as_column = extract_page(parse_page(fetched(LIST_PAGE)), request("news"), as_of=AS_OF)
    assert page.items == () and as_column.items
    assert page.next_pages == as_column.next_pages != ()
    assert page.links


def test_links_resolve_against_the_final_url_after_redirects() -> None:
    fetch = FetchResult(url="http://www.mengjin.gov.cn/old/", final_url="http://www.mengjin.gov.cn/new/list.html",
                        outcome=Outcome.REDIRECTED, status=200, content_type="text/html", text='<a href="a.html">一</a>')
    page = extract_page(parse_page(fetch), request(url="http://www.mengjin.gov.cn/old/"), as_of=AS_OF)
    assert [link.target for link in page.links] == ["http://www.mengjin.gov.cn/new/a.html"]
    assert page.final_url == "http://www.mengjin.gov.cn/new/list.html"


@pytest.mark.parametrize(
    "fetch",
    [
        fetched(""),
        fetched(LIST_PAGE, outcome=Outcome.BROKEN),
        fetched(LIST_PAGE, outcome=Outcome.TIMEOUT),
        fetched('{"a": "http://x.gov.cn/"}', content_type="application/json"),
        fetched("%PDF-1.4 garbage", content_type="application/pdf"),
    ],
)
def test_pages_without_readable_html_have_no_links(fetch: FetchResult) -> None:
    page = extract_page(parse_page(fetch), request("news"), as_of=AS_OF)
    assert page.links == () and page.items == () and page.title == ""
    assert page.outcome == fetch.outcome


def test_xhtml_and_missing_content_type_are_read() -> None:
    for content_type in ("application/xhtml+xml", ""):
        page = extract_page(parse_page(fetched('<a href="a.html">一</a>', content_type=content_type)), request(), as_of=AS_OF)
        assert len(page.links) == 1


def test_parse_html_accepts_bytes_str_and_garbage() -> None:
    gbk = '<html><head><meta charset="gb2312"></head><body><a href="x">孟津</a></body></html>'.encode("gbk")
    assert parse_html(gbk).xpath("string(//a)") == "孟津"
    assert parse_html('<?xml version="1.0" encoding="gbk"?><html><body><a href="x">孟津</a></body></html>').xpath("string(//a)") == "孟津"
    for garbage in ("", "   ", b"", b"\x00\xff\xfe", "<!-- only a comment -->", "<<<<>>>>", "<div>" * 10_000):
        tree = parse_html(garbage)
        assert tree.tag == "html"


def test_same_input_same_output(real_corpus: Path) -> None:
    text = (real_corpus / "gzggw.html").read_text(encoding="utf-8")
    first = extract_page(parse_page(fetched(text)), request("news"), as_of=AS_OF)
    second = extract_page(parse_page(fetched(text)), request("news"), as_of=AS_OF)
    assert first == second


# Fragments that steer generated text towards what the extractors look at.
MARKUP = st.sampled_from([
    "<a href='", "'>", "</a>", "<li>", "</li>", "<tr><td>", "</td></tr>", "<div class='item'>", "</div>",
    "<span>", "</span>", "2026-11-27", "2099-01-01", "[12-31]", "11月30日", "2026年2月30日", "t20991231_1.html",
    "/art/2030/1/1/", "下一页", "createPageHTML(", "'index','html')", ",", "<base href='", "<img srcset='",
    "<meta http-equiv='refresh' content='0;url=", "http://[::1", "javascript:", "今天是", "%zz", "\x00", "<script>",
    "</script>", "<!--", "-->", "&", "&#x0;", "\ud7ff",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=60).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, as_of=st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)))
def test_extract_page_never_raises_and_never_returns_a_future_item(text: str, as_of: date) -> None:
    page = extract_page(parse_page(fetched(text)), request("news"), as_of=as_of)
    limit = as_of + timedelta(days=1)
    assert all(item.date is None or date(1990, 1, 1) <= item.date <= limit for item in page.items)
    assert all(len(link.target) <= 4_000 and len(link.text) <= 200 for link in page.links)
    assert all(url.startswith(("http://", "https://")) for url in page.next_pages)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=500))
def test_parse_html_never_raises_on_bytes(data: bytes) -> None:
    tree = parse_html(data)
    assert tree.tag == "html"
