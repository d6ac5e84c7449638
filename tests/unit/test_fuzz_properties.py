"""Fuzzed properties of everything that reads hostile or hand-written input (issue 8, part 3).

Three targets, each a set of (strategy, check) properties:

- extract: pages built from hostile pieces (unclosed tags, `</script` inside script strings,
  entities such as `&#0;` `&#xD800;` `&#99999999;`, NULs, lone surrogates, deep nesting,
  10,000-character attributes, JavaScript numbers such as `1e999`), as text and as bytes in
  lying encodings, through `read_page`, `extract_page`, the date readers, the pager, the
  Hanweb datastore and the JavaScript array reader: nothing raises, results have their
  documented types, every extracted URL is one the URL helpers accept, dates lie between
  1990 and the audit day plus one;
- urls: `auditor.urls` on any text never raises; `normalise` is idempotent, keeps the host
  and never makes an http URL of a non-http one;
- config: `parse_config` / `load_config` on TOML-ish text and on a valid config with one
  field mutated give a `Config` or a `ConfigError` naming the file, nothing else; what a
  `Config` accepts is usable (finite numbers, durations that fit a timedelta, safe ids).

`test_read_page_properties.py` already checks that read_page never dates the future and
answers the same twice; each extractor's own module checks it never raises on its own
alphabet. `benchmarks/fuzz.py` runs these same properties for tens of thousands of
examples; here each runs a bounded number so the suite stays fast.
"""

from __future__ import annotations

import json
import math
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor.config import ColumnConfig, Config, load_config, parse_config
from auditor.errors import ConfigError
from auditor.extract import (
    LINK_ATTRIBUTES,
    extract_page,
    find_dates,
    find_next_pages,
    parse_date,
    parse_html,
    parse_page,
    read_page,
)
from auditor.extract.dates import EARLIEST, date_in_url, is_banner_date_context
from auditor.extract.hanweb import (
    MAX_RECORD_CHARS,
    MAX_RECORDS,
    MAX_TOTAL,
    answer_base,
    hanweb_next_pages,
    is_dataproxy_answer,
    parse_datastore,
)
from auditor.extract.html import MAX_URL_CHARS
from auditor.extract.jsarray import script_array_items
from auditor.extract.jsliteral import read_literal
from auditor.extract.listing import record_items
from auditor.extract.pagination import is_next_text, is_pagination_text
from auditor.models import FetchResult, Link, ListItem, Outcome, Page, PageRequest
from auditor.urls import host_of, is_asset, is_fetchable, is_http_url, normalise

AS_OF = date(2026, 11, 28)
PAGE_URL = "http://127.0.0.10/xwzx/index.html"
READ_KINDS = ("auto", "list", "document", "leader", "mailbox", "service", "home", "article")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- hostile pieces of markup ----------------------------------------------------------------

HOSTILE_URLS = (
    "/a/t20261127_1.html", "t20261126_2.html", "../../../etc/passwd", "//127.0.0.11/x", "http://[::1", "http://[::1]:80/",
    "http://127.0.0.10:99999/", "http://127.0.0.10:-1/", "http://例子.中国/路径?q=值", "HTTP://127.0.0.10/UPPER", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "mailto:a@b", "mailto:", "tel:+86", "data:text/html,<script>", "file:///etc/passwd", "ftp://x/",
    "%zz%", "/%E4%B8", "#top", "?page=2", "http:", "http://", "http:///x", "http:\\\\127.0.0.10\\x", " \t\n/padded \n",
    "/a\x00b", "/\ud800", "/&#0;", "&#x6A;avascript:alert(1)", "/art/2026/2/30/art_1.html", "/2099/01/01/x.html",
    "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&path=//evil/",
)
ENTITIES = ("&#0;", "&#xD800;", "&#xDFFF;", "&#99999999;", "&#x110000;", "&#x;", "&#;", "&amp", "&lt;", "&nbsp;", "&#x1F600;", "&bogus;", "&")
ODD_CHARS = ("\x00", "\ud800", "\udfff", "\ufeff", "\ufffd", "\u202e", "\r", "\x0b", "\x1b", "\u3000", "\u200b", "\x85")
DATE_TEXTS = (
    "2026-11-27", "2026-02-30", "0000-00-00", "9999-12-31", "1989-12-31", "1990-01-01", "2027-01-01", "2026年13月45日",
    "２０２６－１１－２７", "11-27", "02-29", "12-31", "12月31日", "[11-28]", "今天是 2026年11月28日 星期六",
    "发布日期：", "成文日期：", "发布时间：2026-11-27 09:00", "99999999999999年1月1日", "2026/11/27", "2026.11.27",
)
TAGS = (
    "a", "img", "script", "style", "div", "span", "ul", "li", "table", "tr", "td", "p", "base", "meta", "iframe", "link",
    "form", "area", "source", "title", "font", "datastore", "record", "h1", "footer", "noscript", "template", "svg", "math",
)
ATTRIBUTES = ("href", "src", "srcset", "content", "http-equiv", "rel", "type", "class", "id", "name", "alt", "title", "action")
ATTRIBUTE_VALUES = (
    *HOSTILE_URLS, "refresh", "0; url=/next.html", "next", "dns-prefetch", "text/xml", "footer", "list", "articletitle",
    "SiteIDCode", "og:title", "a.jpg 1x, b.jpg 2x", ",,,", "", "x" * 200,
)
SCRIPT_BODIES = (
    "var s = '</script><a href=\"/in-script.html\">藏在脚本里</a>';", 'document.write("</scr" + "ipt>");',
    "var itemObj = [{title:'t', url:'/a/t20261127_1.html', date:", "1e999", "-1e999", "NaN", "Infinity", "1764288000",
    "1764288000000", "99999999999999999999", "0x", "-0", "1.5e308", "}];", "{title:'</script>', url:'/b.html', date:'2026-11-27'},",
    "'\\u{110000}'", "'\\uD800'", "'\\x00'", "'\\", "/*", "//", "`", "[[[[[[[[[[[[[[[[", "]}])", "createPageHTML(",
    "7, 0, \"index\", \"html\")", "'page_div', 99999999999, 0, 'x/../../y', 'html')", "var countPage = 7", "dataStore: InitData12",
    "var InitData12 = ['<li><a href=\"/x.html\">标题</a> 2026-11-27</li>',", "$('#12').jpage({totalRecord: 1e999, perPage: 0,",
    "groupSize: -1, proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: {columnid: 1234, unitid: 12, webid: '2'}});",
    "var publishDate = '2026-11-27';",
)
DATASTORE_PIECES = (
    "<datastore>", "</datastore>", "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&webid=2&columnid=1234\"></a>]]></nextgroup>",
    "<recordset>", "</recordset>", "<record>", "</record>", "<![CDATA[", "]]>", "<totalrecord>", "</totalrecord>",
    "99999999999999999999", "-5", "<li><a href=\"/art/2026/11/27/art_1234_1.html\">记录</a><span>2026-11-27</span></li>",
)
# an `id="12"` element around the datastore is where a Hanweb page keeps its unit id
DATASTORE_OPENERS = ('<div id="12"><script type="text/xml">', "<script type='text/xml'>", "")


def _element(tag: str, attributes: list[tuple[str, str, str]], closed: bool) -> str:
    written = "".join(f" {name}={quote}{value}{quote}" for name, value, quote in attributes)
    return f"<{tag}{written}>" + (f"</{tag}>" if closed else "")


ELEMENTS = st.builds(
    _element,
    st.sampled_from(TAGS),
    st.lists(st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(ATTRIBUTE_VALUES), st.sampled_from(['"', "'", ""])), max_size=3),
    st.booleans(),
)
SCRIPTS = st.builds(
    lambda kind, body, closed: f"<script{kind}>{''.join(body)}" + ("</script>" if closed else ""),
    st.sampled_from(["", " type='text/javascript'", ' type="text/xml"', " src='/x.js'"]),
    st.lists(st.sampled_from(SCRIPT_BODIES), max_size=12),
    st.booleans(),
)
DATASTORES = st.builds(
    lambda opener, body: opener + "".join(body), st.sampled_from(DATASTORE_OPENERS), st.lists(st.sampled_from(DATASTORE_PIECES), max_size=14)
)
SMALL_PIECES = st.one_of(
    ELEMENTS,
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(ENTITIES),
    st.sampled_from(ODD_CHARS),
    st.sampled_from(DATE_TEXTS),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-16'?>", "</html>", "<", ">", "\"", "'"]),
    st.sampled_from(["下一页", "下页", "›", "尾页", "2", "网站标识码：1234567890", "bm12345678", "姓名：张三", "已回复", "办理流程：", "县长信箱"]),
    SCRIPTS,
    DATASTORES,
    st.text(max_size=12),
)


def _nested(opening: str, depth: int) -> str:
    return opening * depth + "深处<a href='/deep.html'>深处的链接</a> 2026-11-27"


def _long_attribute(template: str, length: int) -> str:
    return template.replace("{}", "a" * length)


# the expensive pieces: at most one per page
BIG_PIECES = st.one_of(
    st.builds(_nested, st.sampled_from(["<div>", "<font>", "<table><tr><td>", "<a href='/x.html'>", "<ul><li>", "<span class=list>"]),
              st.integers(100, 3000)),
    st.builds(
        _long_attribute,
        st.sampled_from([
            "<a href='/{}'>长链接</a>", "<img srcset='{}.jpg 1x, b.jpg 2x'>", "<meta http-equiv=refresh content='0; url=/{}'>",
            "<div class='footer {}'>网站标识码1234567890</div>", "<title>{}</title>", "<a href='/x.html' title='{}'></a>",
            "<base href='http://127.0.0.11/{}/'>", "<script>var itemObj = [{title:'{}', url:'/a.html', date:'2026-11-27'}];</script>",
        ]),
        st.integers(9_990, 10_010),
    ),
)
HOSTILE_HTML = st.builds(
    lambda before, big, after: "".join(before) + "".join(big) + "".join(after),
    st.lists(SMALL_PIECES, max_size=30),
    st.lists(BIG_PIECES, max_size=1),
    st.lists(SMALL_PIECES, max_size=10),
)
# declared charsets that lie about the bytes that follow
CHARSET_LIES = ("", "utf-8", "gbk", "gb2312", "big5", "utf-16", "utf-7", "x-user-defined", "iso-8859-1", "bogus-charset", "\x00")
ENCODINGS = ("utf-8", "gb18030", "utf-16-le", "utf-16-be", "utf-16", "latin-1", "big5")


def _encoded(markup: str, encoding: str, charset: str, bom: bool) -> bytes:
    page = f"<meta charset='{charset}'>{markup}" if charset else markup
    data = page.encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


HOSTILE_BYTES = st.one_of(
    st.builds(_encoded, HOSTILE_HTML, st.sampled_from(ENCODINGS), st.sampled_from(CHARSET_LIES), st.booleans()),
    st.binary(max_size=600),
)
CONTENT_TYPES = st.sampled_from(["text/html", "text/html; charset=gbk", "text/html; charset=utf-16", "text/xml",
                                 "application/xhtml+xml", "text/html; charset=\x00bogus", ""])
# where a page was read from: `auditor extract` passes file URIs, redirects end anywhere
PAGE_URLS = st.sampled_from([
    PAGE_URL, "http://127.0.0.10/", "https://www.mengjin.gov.cn/col/col1234/index.html?uid=12&pageNum=2",
    "http://例子.中国/xwzx/", "http://[::1]:8080/list/", "http://127.0.0.10/module/web/jpage/dataproxy.jsp?startrecord=1&path=/x/",
    "http://127.0.0.10:99999/a b/../%zz?x=1&x=2", "file:///tmp/%E9%A1%B5%E9%9D%A2.html", "http://127.0.0.10/index_3.html",
])
AS_OF_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
SELECTORS = st.sampled_from([None, "", "ul li", "li:nth-child(99999999999)", "a[href$='.html']", "[", "*", "::text",
                             "li:has(a)", "span.date", "a.next", "\x00", "a" * 300])

# -- what every output must be -----------------------------------------------------------------


def assert_accepted_url(url: object) -> None:
    """A string the URL helpers (and the fetcher's urlsplit) take without raising, UTF-8 encodable."""
    assert isinstance(url, str) and url and url == url.strip()
    url.encode("utf-8")
    assert isinstance(normalise(url), str)
    assert isinstance(host_of(url), str)
    assert isinstance(is_asset(url), bool) and isinstance(is_http_url(url), bool)
    if is_fetchable(url):
        urlsplit(url)
        assert "#" not in url and len(url) <= MAX_URL_CHARS
        check_urls(url)


def assert_sane_date(value: date | None, as_of: date) -> None:
    assert value is None or (type(value) is date and EARLIEST <= value <= as_of + timedelta(days=1))


def assert_item(item: ListItem, as_of: date) -> None:
    # a markup item's title may be empty (an image link without alt): its date still counts
    assert isinstance(item, ListItem) and isinstance(item.title, str) and len(item.title) <= 500
    assert is_fetchable(item.url)
    assert_accepted_url(item.url)
    assert_sane_date(item.date, as_of)


def assert_link(link: Link, page_url: str) -> None:
    assert isinstance(link, Link) and link.source == page_url
    assert link.element in LINK_ATTRIBUTES and link.attribute in LINK_ATTRIBUTES[link.element]
    assert isinstance(link.text, str) and len(link.text) <= 200
    assert_accepted_url(link.target)


def _iso_day(value: object, as_of: date) -> None:
    assert value is None or isinstance(value, str)
    if value is not None:
        assert_sane_date(date.fromisoformat(value), as_of)


# -- extract: the checks ------------------------------------------------------------------------


def check_read_page(case: tuple[str | bytes, str, str, str]) -> None:
    content, kind, url, content_type = case
    document = read_page(content, url, as_of=AS_OF, kind=kind, content_type=content_type)
    assert set(document) == {"url", "kind", "title", "published", "items", "document", "leaders", "letters", "service", "identity", "links"}
    assert document["kind"] in READ_KINDS[1:] and (kind == "auto" or document["kind"] == kind)
    assert isinstance(document["title"], str)
    _iso_day(document["published"], AS_OF)
    for item in document["items"]:
        assert_item(ListItem(item["title"], item["url"], date.fromisoformat(item["date"]) if item["date"] else None), AS_OF)
    if document["document"]:
        for key in ("formed", "published"):
            _iso_day(document["document"][key], AS_OF)
    for letter in document["letters"]:
        _iso_day(letter["sent"], AS_OF)
        _iso_day(letter["replied"], AS_OF)
    for link in document["links"]:
        assert_link(Link(url, link["url"], link["element"], link["attribute"], link["text"]), url)
    # what `auditor extract` prints: JSON, and UTF-8 (a lone surrogate must not survive to the terminal)
    json.dumps(document, ensure_ascii=False).encode("utf-8")


def check_extract_page(case: tuple[str, str, str | None, str | None, str]) -> None:
    text, column_kind, item_selector, next_selector, url = case
    column = ColumnConfig.model_construct(id="c", name="栏目", url=url, kind=column_kind, item_selector=item_selector,
                                          date_selector=item_selector, next_selector=next_selector)
    fetch = FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200, content_type="text/html", text=text)
    page = extract_page(parse_page(fetch), PageRequest(url, "portal", column_id="c"), as_of=AS_OF, column=column)
    assert isinstance(page, Page) and isinstance(page.title, str) and len(page.title) <= 500
    for link in page.links:
        assert_link(link, url)
    for item in page.items:
        assert_item(item, AS_OF)
    assert len(set(page.next_pages)) == len(page.next_pages)
    for next_page in page.next_pages:
        assert is_fetchable(next_page) and next_page != url
        assert_accepted_url(next_page)


def check_dates(case: tuple[str, date | datetime]) -> None:
    text, as_of = case
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    found = find_dates(text, as_of)
    for value in found:
        assert_sane_date(value, day)
    assert parse_date(text, as_of) == (found[0] if found else None)  # "the first believable date"
    assert_sane_date(date_in_url(text, as_of), day)
    assert isinstance(is_banner_date_context(text), bool)


def check_pagination(case: tuple[str, str, str | None]) -> None:
    markup, url, selector = case
    tree = parse_html(markup)
    pages = find_next_pages(tree, markup, url, next_selector=selector)
    assert len(set(pages)) == len(pages)
    for page in pages:
        assert is_fetchable(page) and page != url.partition("#")[0]
        assert_accepted_url(page)
    for anchor in tree.iter("a"):
        text = anchor.text_content()
        assert isinstance(is_pagination_text(text), bool) and isinstance(is_next_text(text), bool)


def check_hanweb(case: tuple[str, str]) -> None:
    text, url = case
    assert isinstance(is_dataproxy_answer(text), bool)
    store = parse_datastore(text)
    if store is not None:
        assert isinstance(store.records, tuple) and len(store.records) <= MAX_RECORDS
        assert all(isinstance(record, str) and len(record) <= MAX_RECORD_CHARS for record in store.records)
        assert store.total is None or (type(store.total) is int and 0 <= store.total <= MAX_TOTAL)
        for item in record_items(store.records, url, AS_OF):
            assert_item(item, AS_OF)
    assert_accepted_url(answer_base(url))
    for page in hanweb_next_pages(parse_html(text), text, url):
        assert is_fetchable(page)
        assert_accepted_url(page)


def check_js_arrays(case: tuple[str, date]) -> None:
    script, as_of = case
    value, end = read_literal(script)
    assert 0 <= end <= len(script)
    assert value is None or isinstance(value, (list, dict, str, int, float, bool))
    tree = parse_html(f"<html><body><script>{script}</script></body></html>")
    for item in script_array_items(tree, PAGE_URL, as_of):
        assert_item(item, as_of)
        assert item.title  # a scripted object without a title is no item


# -- extract: the tests -------------------------------------------------------------------------


@FAST
@given(st.tuples(HOSTILE_HTML, st.sampled_from(READ_KINDS), PAGE_URLS, st.just("text/html")))
@example(("<script>var x = [{title:'a', url:'/a.html', date: 1e999}, {title:'b', url:'/b.html', date: -1e999}];</script>",
          "list", PAGE_URL, "text/html"))  # Infinity as a Unix timestamp raised OverflowError
def test_read_page_on_hostile_markup(case) -> None:
    check_read_page(case)


@FAST
@given(st.tuples(HOSTILE_BYTES, st.sampled_from(READ_KINDS), st.just(PAGE_URL), CONTENT_TYPES))
def test_read_page_on_bytes_in_lying_encodings(case) -> None:
    check_read_page(case)


@FAST
@given(st.tuples(st.one_of(HOSTILE_HTML, DATASTORES.map(lambda store: store.removeprefix(DATASTORE_OPENERS[0]))),
                 st.sampled_from(["news", "links", "documents", "leaders"]), SELECTORS, SELECTORS, PAGE_URLS))
def test_extract_page_on_hostile_column_pages(case) -> None:
    check_extract_page(case)


DATE_FRAGMENTS = st.lists(st.one_of(st.sampled_from(DATE_TEXTS), st.sampled_from(ODD_CHARS), st.text(max_size=8),
                                    st.sampled_from(["/", "t", "_", "年", "月", "日", "-", "19", "20", "99", "0", "3"])), max_size=12).map("".join)
AS_OF_MOMENTS = st.one_of(AS_OF_DAYS, st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)))


@QUICK
@given(st.tuples(st.one_of(DATE_FRAGMENTS, st.text(max_size=100)), AS_OF_MOMENTS))
@example(("2026-02-30 2026-11-27 9999-12-31", date(2026, 11, 28)))
@example(("12-31", date(1990, 1, 1)))  # a year-less date needing a year before 1990: none
def test_dates_are_believable_and_the_first_is_the_first_found(case) -> None:
    check_dates(case)


@FAST
@given(st.tuples(HOSTILE_HTML, PAGE_URLS, SELECTORS))
def test_next_pages_are_distinct_absolute_http_urls(case) -> None:
    check_pagination(case)


@QUICK
@given(st.tuples(st.one_of(DATASTORES, st.text(max_size=200)), PAGE_URLS))
def test_hanweb_datastores_and_proxy_urls(case) -> None:
    check_hanweb(case)


@QUICK
@given(st.tuples(st.lists(st.sampled_from(SCRIPT_BODIES), max_size=20).map("".join), AS_OF_DAYS))
@example(("var itemObj = [{title:'t', url:'/a.html', date:1e999}];", AS_OF))
def test_javascript_arrays(case) -> None:
    check_js_arrays(case)


# -- urls -----------------------------------------------------------------------------------------

SCHEMES = ("http://", "https://", "HTTP://", "HtTpS://", "ftp://", "javascript:", "mailto:", "data:", "file://", "//", "",
           " http://", "\thttp://", "http:", "http:/", "http:\\\\", "\x00http://", "view-source:http://", "blob:http://", "ws://")
HOSTS = ("127.0.0.10", "www.mengjin.gov.cn", "WWW.MengJin.Gov.Cn", "例子.中国", "xn--fsqu00a.xn--fiqs8s", "[::1]", "[::1",
         "[fe80::1%25eth0]", "a..b", ".x", "x.", "user:pw@x", "@x", "x:80", "x:99999", "x:-1", "x:abc", "", "%65x.com", "xn--",
         "a" * 64 + ".cn", "ß.de", "ＡＢＣ.com", "x\u200b.com", "1.2.3.4.5", "0x7f.1", "localhost", "x%00y", "a b")
SEGMENTS = ("", "a", "..", ".", "%2e%2e", "%zz", "%", "%E4%B8", "中文", " ", "a b", "\x00", "\ud800", ";p=1", "index.html",
            "x.PDF", "t20261127_1.html", "%2F", "~user", "a+b", "\\")
QUERIES = ("", "?", "?a=1&b=2", "?b=2&a=1", "?a", "?a=%ff", "?=", "?&&", "?a=1;b=2", "?q=中文", "?%zz=1", "?a+b=c+d", "?a=%20",
           "?a=1&a=2", "?x=http://y/")
FRAGMENTS = ("", "#", "#x", "#中文", "#%zz", "#a?b")
URLISH = st.builds(
    lambda scheme, host, segments, query, fragment: scheme + host + "/" + "/".join(segments) + query + fragment,
    st.sampled_from(SCHEMES), st.sampled_from(HOSTS), st.lists(st.sampled_from(SEGMENTS), max_size=5),
    st.sampled_from(QUERIES), st.sampled_from(FRAGMENTS),
)
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=80)


def _ascii_host(host: str) -> str:
    """The host as w3lib writes it: IDNA for non-ASCII labels (when they encode)."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def check_urls(url: str) -> None:
    assert isinstance(is_fetchable(url), bool) and isinstance(is_asset(url), bool) and isinstance(is_http_url(url), bool)
    assert isinstance(host_of(url), str) and host_of(url) == host_of(url).lower()
    normal = normalise(url)
    assert isinstance(normal, str)
    assert normalise(normal) == normal, f"not idempotent: {url!r} -> {normal!r} -> {normalise(normal)!r}"
    if not is_http_url(url):  # not http, or no URL at all ("http://[::1/" is fetchable by its prefix, and stays so)
        assert not is_http_url(normal) and is_fetchable(normal) <= is_fetchable(url), f"{url!r} became an http URL: {normal!r}"
    elif host_of(url):
        assert host_of(normal) in (host_of(url), _ascii_host(host_of(url))), f"host of {url!r} changed: {normal!r}"


@QUICK
@given(st.one_of(URLISH, ANY_TEXT))
@example("HTTP://X.com/a")
@example("javascript:http://x/")
def test_url_helpers(url: str) -> None:
    check_urls(url)


# -- config ---------------------------------------------------------------------------------------

CONFIG_FILE = Path("县 配置/auditor.toml")  # a file name the messages must carry through
BASE_CONFIG: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "language": "zh-CN",
    "rulesets": ["mengjin-2011"],
    "storage": {"url": "sqlite:///auditor.db"},
    "crawl": {"max_pages_per_site": 5000, "per_host_delay": 0.5, "timeout": 15, "exclude_hosts": ["*.conac.cn"]},
    "links": {"read_pages": True, "reuse_within": "1d"},
    "mail": {"host": "127.0.0.1", "port": 8025, "starttls": False, "sender": "auditor@county.test", "office": ["a@county.test"],
             "timeout": 30},
    "schedule": {"full_audit": "0 2 1,16 * *", "missed_within": "2d", "lock_wait": "2h"},
    "calendar": {"extra_workdays": [date(2026, 12, 26)]},
    "sites": [
        {"id": "portal", "name": "孟津县人民政府", "url": "http://127.0.0.10/", "kind": "county", "unit": "县政府办公室",
         "contacts": ["office@county.test"], "extra_hosts": ["127.0.0.11"],
         "columns": [{"id": "news", "name": "孟津要闻", "url": "http://127.0.0.10/news/", "kind": "news", "category": "其他",
                      "update_within": "1d", "item_selector": "ul.list li"}]},
        {"id": "chengguan", "name": "城关镇人民政府", "url": "http://127.0.0.12/", "kind": "town"},
    ],
}
TOML_SCALARS = st.one_of(
    st.sampled_from(["", "../../x", "/etc/passwd", "..\\..\\x", "\x00", "a\nb", "x" * 300, "http://[::1/", "javascript:alert(1)",
                     "1e999d", "99999999999999999999d", "0d", "-1d", "0 0 31 2 *", "*/0 * * * *", "60 * * * *", "Asia/Nowhere",
                     "mengjin-2011", "gov-cn-2019", "news", "county", "other", "其他", "http://127.0.0.10/", "portal", "bm12345678"]),
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 65535, 65536, 2**31]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["id", "url", "x", "名"]), inner, max_size=2)),
    max_leaves=6,
)
DELETE = object()


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isascii() and key.replace("_", "").replace("-", "").isalnum() else _toml_string(key)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    """A value written inline (TOML 1.0): strings JSON-escaped, which TOML basic strings read alike."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(data: dict[str, Any], prefix: str = "") -> str:
    """Scalars first, then [tables] and [[arrays of tables]], as people write configs."""
    lines = [f"{_toml_key(k)} = {toml_value(v)}" for k, v in data.items() if not _is_table(v) and not _is_table_array(v)]
    for key, value in data.items():
        name = f"{prefix}.{_toml_key(key)}" if prefix else _toml_key(key)
        if _is_table(value):
            lines += [f"\n[{name}]", toml_document(value, name)]
        elif _is_table_array(value):
            for entry in value:
                lines += [f"\n[[{name}]]", toml_document(entry, name)]
    return "\n".join(lines)


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path of the config, tables and their members alike."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


PATHS = _paths(BASE_CONFIG) + [("sites", 0, "columns", 0, "next_selector"), ("crawl", "colour"), ("bogus",)]


def mutated(path: tuple, value: Any) -> dict[str, Any]:
    """BASE_CONFIG with the key at `path` replaced by `value` (added when new, removed for DELETE)."""
    data = json.loads(json.dumps(BASE_CONFIG, default=str))  # a deep copy (the one date written back below)
    data["calendar"]["extra_workdays"] = [date(2026, 12, 26)]
    holder: Any = data
    for step in path[:-1]:
        holder = holder[step]
    if value is DELETE:
        holder.pop(path[-1], None) if isinstance(holder, dict) else holder.pop(path[-1])
    else:
        holder[path[-1]] = value
    return data


def _assert_usable(config: Config) -> None:
    """What a Config accepts, the audit can use: finite numbers, durations that fit a timedelta."""
    numbers = [*config.crawl.model_dump().values(), *(config.mail.model_dump().values() if config.mail else ())]
    assert all(math.isfinite(n) for n in numbers if isinstance(n, float))
    days = [config.links.reuse_within_days, *(c.update_within_days or 0 for s in config.sites for c in s.columns)]
    if config.schedule:
        days += [config.schedule.missed_within_seconds / 86400, config.schedule.lock_wait_seconds / 86400]
    for value in days:
        timedelta(days=value)  # OverflowError past 999,999,999 days
    for site in config.sites:
        assert "/" not in site.id and ".." not in site.id and all("/" not in c.id for c in site.columns)


def check_config_text(text: str) -> None:
    try:
        config = parse_config(text, CONFIG_FILE)
    except ConfigError as error:
        assert str(CONFIG_FILE) in str(error) and error.problems
        return
    assert isinstance(config, Config)
    _assert_usable(config)


def check_config_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "auditor.toml"
        path.write_bytes(data)
        try:
            config = load_config(path)
        except ConfigError as error:
            assert str(path) in str(error)
            return
    _assert_usable(config)


def check_mutated_config(case: tuple[tuple, Any]) -> None:
    path, value = case
    check_config_text(toml_document(mutated(path, value)))


TOML_LINES = st.one_of(
    st.sampled_from(["[crawl]", "[mail]", "[schedule]", "[storage]", "[links]", "[calendar]", "[[sites]]", "[[sites.columns]]",
                     "[sites]", "[[crawl]]", "[a.b.c]", "rulesets = ['mengjin-2011']", "id = 'portal'", "name = '县'",
                     "url = 'http://127.0.0.10/'", "kind = 'county'", "kind = 'news'", "a = [[[[[[[[[[", "a = {", "'''", '"""', "=", "#"]),
    st.builds(lambda key, value: f"{key} = {toml_value(value)}",
              st.sampled_from(["timezone", "rulesets", "id", "name", "url", "kind", "unit", "columns", "host", "port", "timeout",
                               "update_within", "reuse_within", "full_audit", "extra_workdays", "sites", "x"]), TOML_VALUES),
    st.text(max_size=30),
)
BASE_TEXT = toml_document(BASE_CONFIG)
BASE_LINES = BASE_TEXT.splitlines()


def _edited(kept: list[bool], inserted: list[tuple[int, str]]) -> str:
    """The base config with some lines dropped and a few lines put in: a config half-edited by hand."""
    lines = [line for line, keep in zip(BASE_LINES, kept, strict=True) if keep]
    for position, line in inserted:
        lines.insert(min(position, len(lines)), line)
    return "\n".join(lines)


TOML_ISH = st.one_of(
    st.lists(TOML_LINES, max_size=25).map("\n".join),
    st.builds(_edited, st.lists(st.sampled_from([True] * 6 + [False]), min_size=len(BASE_LINES), max_size=len(BASE_LINES)),
              st.lists(st.tuples(st.integers(0, len(BASE_LINES)), TOML_LINES), max_size=3)),
)


def test_the_base_config_loads() -> None:
    config = parse_config(BASE_TEXT, CONFIG_FILE)
    assert [s.id for s in config.sites] == ["portal", "chengguan"] and config.mail is not None


@QUICK
@given(st.one_of(TOML_ISH, st.text(max_size=300)))
@example("a = " + "[" * 2000)  # tomllib recursed until RecursionError
@example("rulesets = ['mengjin-2011']\nx = " + "{a = " * 600)
def test_config_text_is_a_config_or_a_config_error(text: str) -> None:
    check_config_text(text)


@QUICK
@given(st.tuples(st.sampled_from(PATHS), st.one_of(TOML_VALUES, st.just(DELETE))))
@example((("crawl", "timeout"), math.inf))  # an endless timeout was accepted
@example((("mail", "timeout"), math.nan))
@example((("links", "reuse_within"), "99999999999999999999d"))  # a duration no timedelta holds
@example((("sites", 0, "columns", 0, "update_within"), "3000000y"))
@example((("sites", 0, "id"), "../../x"))
@example((("sites", 1, "id"), "portal\n"))
def test_a_config_with_one_field_mutated(case) -> None:
    check_mutated_config(case)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.binary(max_size=200), TOML_ISH.map(lambda t: t.encode("utf-16")), st.just(BASE_TEXT.encode("gb18030"))))
def test_config_files_in_any_bytes(data: bytes) -> None:
    check_config_file(data)


def test_a_config_path_that_cannot_be_a_file_is_refused() -> None:
    for path in ("auditor\x00.toml", "/", "/nonexistent/dir/auditor.toml"):
        try:
            load_config(path)
        except ConfigError as error:
            assert path.replace("\x00", "") in str(error).replace("\x00", "")
        else:
            raise AssertionError(f"{path!r} loaded")


# -- the registry benchmarks/fuzz.py runs long ---------------------------------------------------

PROPERTIES: dict[str, list[tuple[str, st.SearchStrategy, Any]]] = {
    "extract": [
        ("read_page on hostile markup", st.tuples(HOSTILE_HTML, st.sampled_from(READ_KINDS), PAGE_URLS, st.just("text/html")), check_read_page),
        ("read_page on bytes", st.tuples(HOSTILE_BYTES, st.sampled_from(READ_KINDS), st.just(PAGE_URL), CONTENT_TYPES), check_read_page),
        ("extract_page on column pages", st.tuples(HOSTILE_HTML, st.sampled_from(["news", "links", "documents"]), SELECTORS, SELECTORS,
                                                    PAGE_URLS), check_extract_page),
        ("dates", st.tuples(st.one_of(DATE_FRAGMENTS, st.text(max_size=100)), AS_OF_MOMENTS), check_dates),
        ("pagination", st.tuples(HOSTILE_HTML, PAGE_URLS, SELECTORS), check_pagination),
        ("hanweb datastores", st.tuples(st.one_of(DATASTORES, st.text(max_size=200)), PAGE_URLS), check_hanweb),
        ("javascript arrays", st.tuples(st.lists(st.sampled_from(SCRIPT_BODIES), max_size=20).map("".join), AS_OF_DAYS), check_js_arrays),
    ],
    "urls": [("url helpers", st.one_of(URLISH, ANY_TEXT), check_urls)],
    "config": [
        ("config text", st.one_of(TOML_ISH, st.text(max_size=300)), check_config_text),
        ("one field mutated", st.tuples(st.sampled_from(PATHS), st.one_of(TOML_VALUES, st.just(DELETE))), check_mutated_config),
        ("config files", st.one_of(st.binary(max_size=200), TOML_ISH.map(lambda t: t.encode("utf-16"))), check_config_file),
    ],
}
