"""Hanweb (大汉) jpage lists: records in a `<datastore>` script, and the data proxy's XML groups."""

from __future__ import annotations

import time
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.pages import list_page
from auditor.extract import extract_page, find_next_pages, parse_html, parse_page
from auditor.extract.hanweb import (
    hanweb_next_pages,
    is_dataproxy_answer,
    jpage_params,
    page_datastore,
    parse_datastore,
)
from auditor.extract.listing import extract_items
from auditor.models import FetchResult, ListItem, Outcome, PageRequest

AS_OF = date(2026, 11, 28)
HOST = "http://www.qhx.gov.cn"
PAGE = f"{HOST}/col/col1234/index.html"
PROXY = f"{HOST}/module/web/jpage/dataproxy.jsp"
WEBNAME = "清河县人民政府"

# One record per date style a Hanweb template writes, relative and absolute URLs, one undated record.
RECORDS = """
<record><![CDATA[
<li><a href="/art/2026/11/27/art_1234_901.html" target="_blank" title="清河县召开冬季安全生产工作会议">清河县召开冬季安全生产工作会议</a><span>2026-11-27</span></li>
]]></record>
<record><![CDATA[<li><a href='../../art/2026/11/26/art_1234_900.html' title='县长调研乡村振兴重点项目建设情况'>县长调研乡村振兴重点项目...</a><span>2026年11月26日</span></li>]]></record>
<record><![CDATA[<li><a href="http://www.qhx.gov.cn/art/2026/11/25/art_1234_899.html">全县秋粮收购工作有序推进</a><span>[11-25]</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/11/24/art_1234_898.html">清河县开展消防安全大检查</a><span class="time">2026/11/24</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/11/23/art_1234_897.html">冬季供暖保障工作部署会召开</a></li>]]></record>
<record><![CDATA[<li><a href="/module/download/downfile.jsp?fileid=77">清河县政务服务事项目录</a></li>]]></record>
"""
EXPECTED = [
    ListItem("清河县召开冬季安全生产工作会议", f"{HOST}/art/2026/11/27/art_1234_901.html", date(2026, 11, 27)),
    ListItem("县长调研乡村振兴重点项目建设情况", f"{HOST}/art/2026/11/26/art_1234_900.html", date(2026, 11, 26)),
    ListItem("全县秋粮收购工作有序推进", f"{HOST}/art/2026/11/25/art_1234_899.html", date(2026, 11, 25)),
    ListItem("清河县开展消防安全大检查", f"{HOST}/art/2026/11/24/art_1234_898.html", date(2026, 11, 24)),
    ListItem("冬季供暖保障工作部署会召开", f"{HOST}/art/2026/11/23/art_1234_897.html", date(2026, 11, 23)),  # date in URL
    ListItem("清河县政务服务事项目录", f"{HOST}/module/download/downfile.jsp?fileid=77", None),
]

# What surrounds a real Hanweb column page: a "今天是" banner, navigation, a sidebar list with
# dates of its own (a markup list that must not win), the datastore, the jpage call, a footer.
FRAME = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>清河要闻 清河县人民政府</title><script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script></head>
<body><div class="top">今天是 2026年11月28日 星期六 <a href="/">设为首页</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/col/col1234/index.html">新闻中心</a></li>
<li><a href="/col/col1300/index.html">政务公开</a></li><li><a href="/col/col1400/index.html">互动交流</a></li></ul>
<div class="left"><h3>热点专题</h3><ul class="hot">
<li><a href="/art/2026/10/1/art_1500_1.html">热点一</a><span>2026-10-01</span></li>
<li><a href="/art/2026/10/2/art_1500_2.html">热点二</a><span>2026-10-02</span></li>
<li><a href="/art/2026/10/3/art_1500_3.html">热点三</a><span>2026-10-03</span></li></ul></div>
<div class="right"><div class="lm">当前位置：<a href="/">首页</a> &gt; 清河要闻</div>
{store}
{call}
</div>
<div class="footer">主办：清河县人民政府办公室 网站标识码：1311220001 冀ICP备12345678号</div>
</body></html>"""

DATASTORE = """<div id="5678"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=2&path=/&columnid=1234&unitid=5678&webname=%E6%B8%85%E6%B2%B3%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0"></a>]]></nextgroup>
<recordset>{records}</recordset></datastore></script></div>"""

JPAGE_CALL = """<script type="text/javascript">
$(document).ready(function(){{ $('#5678').jpage({{ dataStore: $('#5678 script[type="text/xml"]'), totalRecord: {total},
  perPage: {perpage}, groupSize: 3, barPosition: 'bottom', proxyUrl: '/module/web/jpage/dataproxy.jsp',
  ajaxParam: {{ col: 1, appid: '1', webid: 2, path: '/', columnid: 1234, unitid: '5678', webname: '清河县人民政府', permissiontype: 0 }} }}); }});
</script>"""


def hanweb_page(*, total: int = 20, perpage: int = 2, records: str = RECORDS, call: str | None = None) -> str:
    store = DATASTORE.format(records=records)
    return FRAME.format(store=store, call=JPAGE_CALL.format(total=total, perpage=perpage) if call is None else call)


def gbk_tree(html: str):
    """The page as the site serves it: GBK bytes declared only in a meta tag."""
    return parse_html(html.encode("gbk"))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_datastore_records_are_the_columns_items_not_the_markup_around_them() -> None:
    tree = gbk_tree(hanweb_page())
    assert extract_items(tree, PAGE, AS_OF) == EXPECTED


def test_next_group_is_the_exact_data_proxy_url_after_the_shipped_records() -> None:
    tree = gbk_tree(hanweb_page(total=20, perpage=2))
    # 6 records shipped; a group is perPage 2 x groupSize 3 = 6 records; 20 in all
    assert find_next_pages(tree, hanweb_page(), PAGE) == [
        f"{PROXY}?startrecord=7&endrecord=12&perpage=2&col=1&appid=1&webid=2&path=/&columnid=1234"
        "&sourceContentType=1&unitid=5678&webname=%E6%B8%85%E6%B2%B3%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"
        "&permissiontype=0"
    ]


def test_next_group_is_capped_at_totalrecord_and_the_last_group_has_no_next() -> None:
    nearly = hanweb_page(total=9, perpage=2)
    [url] = find_next_pages(gbk_tree(nearly), nearly, PAGE)
    assert (query_of(url)["startrecord"], query_of(url)["endrecord"]) == ("7", "9")
    last = hanweb_page(total=6, perpage=2)
    assert find_next_pages(gbk_tree(last), last, PAGE) == []


def test_without_a_total_a_full_group_goes_on_and_a_short_one_is_the_last() -> None:
    full = hanweb_page(call="<script>$('#5678').jpage({perPage: 2, groupSize: 3});</script>")
    [url] = find_next_pages(gbk_tree(full), full, PAGE)
    assert query_of(url)["startrecord"] == "7" and query_of(url)["endrecord"] == "12"
    short = hanweb_page(call="<script>$('#5678').jpage({perPage: 5, groupSize: 3});</script>")
    assert find_next_pages(gbk_tree(short), short, PAGE) == []
    unknown = hanweb_page(call="<script>$('#5678').jpage({barPosition: 'bottom'});</script>")
    assert find_next_pages(gbk_tree(unknown), unknown, PAGE) == []  # neither a total nor a page size: no guess


def test_totalrecord_inside_the_datastore_counts_too() -> None:
    page = hanweb_page(call="", records=RECORDS + "<totalrecord>6</totalrecord>")
    assert find_next_pages(gbk_tree(page), page, PAGE) == []
    page = hanweb_page(call="", records=RECORDS + "<totalrecord>100</totalrecord>")
    [url] = find_next_pages(gbk_tree(page), page, PAGE)
    # no perPage anywhere: the next group is as large as the shipped one
    assert (query_of(url)["startrecord"], query_of(url)["endrecord"], query_of(url)["perpage"]) == ("7", "12", "6")


def test_parameters_from_a_params_object_with_dataurl_and_language_javascript_scripts() -> None:
    page = f"""<html><body><div id="div1234"><script language="javascript" type="text/xml"><datastore><recordset>{RECORDS}
    </recordset></datastore></script></div><script>
    $('#div1234').jpage({{ dataUrl: '/module/jpage/dataproxy.jsp', totalRecord: 60, perpage: 6, groupSize: 1,
      params: {{"col":1,"webid":"7","path":"/","columnid":"4321","sourceContentType":"1","unitid":"8765","webname":"清河县","permissiontype":0}} }});
    </script></body></html>"""
    tree = parse_html(page)
    assert len(extract_items(tree, PAGE, AS_OF)) == 6
    [url] = find_next_pages(tree, page, PAGE)
    assert url.startswith(f"{HOST}/module/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=6&")
    assert query_of(url) | {"webname": "清河县"} == query_of(url)
    assert {key: query_of(url)[key] for key in ("webid", "columnid", "unitid")} == {"webid": "7", "columnid": "4321", "unitid": "8765"}


def test_parameters_from_hidden_inputs_variables_and_the_page_url() -> None:
    page = f"""<html><body><form><input type="hidden" name="webid" value="3"><input type="hidden" name="webname" value="清河县"></form>
    <div id="991"><script type="text/xml"><datastore><recordset>{RECORDS}</recordset></datastore></script></div>
    <script>var perpage = 3; var totalrecord = 50;</script></body></html>"""
    tree = parse_html(page)
    params = jpage_params(tree, f"{HOST}/col/col2468/index.html?uid=1357&pageNum=1", page_datastore(tree))
    assert params.fields["webid"] == "3" and params.fields["columnid"] == "2468" and params.fields["unitid"] == "1357"
    assert (params.perpage, params.total) == (3, 50)
    # without the uid in the URL, the element around the datastore names the unit
    assert jpage_params(tree, f"{HOST}/col/col2468/index.html", page_datastore(tree)).fields["unitid"] == "991"


def test_older_pages_ship_records_as_an_initdata_array() -> None:
    page = """<html><body><div id="49468"></div><script type="text/javascript">
    var InitData49468 = ['<li><a href="/art/2026/11/27/art_30067_1.html">政府采购公告一</a><span>[2026-11-27]</span></li>',
      '<li><a href="/art/2026/11/26/art_30067_2.html">政府采购公告二</a><span>[2026-11-26]</span></li>',
      '<li><a href="/art/2026/11/25/art_30067_3.html">政府采购公告三</a><span>[2026-11-25]</span></li>'];
    $(function(){$('#49468').jpage({themeName:'default',showMode:'full',totalRecord:1418,dataStore:InitData49468,groupSize:1,
      proxyUrl:'/module/jslib/jquery/jpage/dataproxy.jsp',perPage:3,barPosition:'bottom',
      ajaxParam:{col:1,appid:'1',webid:60,path:'/',columnid:30067,unitid:'49468',webname:'南通市政府采购网',permissiontype:0}});});
    </script></body></html>"""
    tree = parse_html(page)
    items = extract_items(tree, PAGE, AS_OF)
    assert [item.title for item in items] == ["政府采购公告一", "政府采购公告二", "政府采购公告三"]
    assert [item.date for item in items] == [date(2026, 11, 27), date(2026, 11, 26), date(2026, 11, 25)]
    [url] = find_next_pages(tree, page, PAGE)
    assert url.startswith(f"{HOST}/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3&")
    assert query_of(url)["columnid"] == "30067" and query_of(url)["webname"] == "南通市政府采购网"


ONE_RECORD = RECORDS.split("</record>")[0] + "</record>"


def answer(records: str, total: int | None) -> str:
    count = f"<totalrecord>{total}</totalrecord>" if total is not None else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>{count}<recordset>{records}</recordset></datastore>'


def fetched_answer(text: str, url: str) -> FetchResult:
    return FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200, content_type="text/xml;charset=UTF-8", text=text)


ANSWER_URL = (f"{PROXY}?startrecord=7&endrecord=12&perpage=2&col=1&appid=1&webid=2&path=%2F&columnid=1234"
              "&sourceContentType=1&unitid=5678&webname=%E6%B8%85%E6%B2%B3&permissiontype=0")


def test_a_data_proxy_answer_is_read_through_extract_page() -> None:
    text = answer(RECORDS, total=20)
    assert is_dataproxy_answer(text) and not is_dataproxy_answer(hanweb_page())
    page = extract_page(parse_page(fetched_answer(text, ANSWER_URL)), PageRequest(ANSWER_URL, "qhx", column_id="news"), as_of=AS_OF)
    assert page.items == tuple(EXPECTED)
    assert f"{HOST}/art/2026/11/27/art_1234_901.html" in {link.target for link in page.links}
    assert page.next_pages == (ANSWER_URL.replace("startrecord=7&endrecord=12", "startrecord=13&endrecord=18"),)


def test_the_last_data_proxy_answer_has_no_next_group() -> None:
    last_url = ANSWER_URL.replace("startrecord=7&endrecord=12", "startrecord=19&endrecord=24")
    page = extract_page(parse_page(fetched_answer(answer(ONE_RECORD, total=20), last_url)),
                        PageRequest(last_url, "qhx", column_id="news"), as_of=AS_OF)
    assert len(page.items) == 1 and page.next_pages == ()
    # without a total, an answer with fewer records than asked for is the last one
    short = extract_page(parse_page(fetched_answer(answer(ONE_RECORD, total=None), ANSWER_URL)),
                         PageRequest(ANSWER_URL, "qhx", column_id="news"), as_of=AS_OF)
    assert short.next_pages == ()
    empty = extract_page(parse_page(fetched_answer(answer("", total=20), ANSWER_URL)), PageRequest(ANSWER_URL, "qhx", column_id="news"), as_of=AS_OF)
    assert empty.items == () and empty.next_pages == ()


def test_pages_without_a_datastore_keep_their_markup_items_and_get_no_proxy_url() -> None:
    page = FRAME.format(store='<ul class="list"><li><a href="/art/2026/11/27/art_1_1.html">要闻一</a><span>2026-11-27</span></li>'
                        '<li><a href="/art/2026/11/26/art_1_2.html">要闻二</a><span>2026-11-26</span></li>'
                        '<li><a href="/art/2026/11/25/art_1_3.html">要闻三</a><span>2026-11-25</span></li>'
                        '<li><a href="/art/2026/11/24/art_1_4.html">要闻四</a><span>2026-11-24</span></li></ul>', call="")
    tree = parse_html(page)
    assert [item.title for item in extract_items(tree, PAGE, AS_OF)] == ["要闻一", "要闻二", "要闻三", "要闻四"]
    assert hanweb_next_pages(tree, page, PAGE) == []


def test_hostile_datastores_return_quickly_without_raising() -> None:
    hostile = [
        "<datastore>" + "<record><![CDATA[<li>" * 300_000,  # 6 MB of records never closed
        "<datastore><recordset>" + "<record>x</record>" * 200_000 + "</recordset></datastore>",
        "<datastore><totalrecord>99999999999999999999</totalrecord><record><![CDATA[" + "]]" * 100_000,
        "<datastore>" + ("<record>" + "<![CDATA[" * 4_000 + "</record>") * 130,  # CDATA never closed
    ]
    for text in hostile:
        started = time.perf_counter()
        page = (f'<html><body><script type="text/xml">{text}</script>'
                f'<script>$("#1").jpage({{perPage: 0, {"dataStore: x, " * 1_000}}})</script></body></html>')
        tree = parse_html(page)
        extract_items(tree, PAGE, AS_OF)
        find_next_pages(tree, page, PAGE)
        store = parse_datastore(text)
        assert store is not None and len(store.records) <= 2_000
        assert time.perf_counter() - started < 30  # a guard against a hang, not a speed claim


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>[]!CDATA/recordsetnxgupotal=\"'?&1234 -年月日")) | st.characters(), max_size=400))
def test_nothing_raises_on_arbitrary_datastore_text(text: str) -> None:
    page = f'<html><body><div id="12"><script type="text/xml"><datastore>{text}</datastore></script></div>{text}</body></html>'
    tree = parse_html(page)
    for item in extract_items(tree, PAGE, AS_OF):
        assert item.url.startswith("http") and (item.date is None or item.date <= AS_OF.replace(day=29))
    find_next_pages(tree, page, PAGE)
    extract_page(parse_page(fetched_answer(f"<datastore>{text}", ANSWER_URL)), PageRequest(ANSWER_URL, "qhx", column_id="c"), as_of=AS_OF)


def test_demo_estate_list_pages_of_every_family_still_read_from_their_markup() -> None:
    estate = build_estate(AS_OF, 1.0, port=8080)
    families_seen = set()
    for site in estate.sites:
        column = next((c for c in site.columns if c.kind == "news" and len(c.items) >= 3 and c.status == 200), None)
        if column is None or site.family in families_seen:
            continue
        families_seen.add(site.family)
        html = list_page(estate, site, column, 0)
        page_url = site.absolute(column.path)
        tree = parse_html(html)
        items = extract_items(tree, page_url, AS_OF)
        shown = column.items[: column.page_size]
        assert [item.url for item in items] == [site.absolute(entry.path) for entry in shown]
        assert [item.date for item in items] == [entry.day for entry in shown]
        assert hanweb_next_pages(tree, html, page_url) == []
    assert families_seen == {"trs", "hanweb", "table"}


# -- settings given by variables (issue 14: lists shipped in scripts) ---------------------------

DAILY = "".join(
    f'<record><![CDATA[<li><a href="/art/2026/11/{27 - n}/art_1234_{n}.html">清河要闻第{n}条</a><span>2026-11-{27 - n}</span></li>]]></record>'
    for n in range(15)
)
UNIT = f'<div id="5678"><script type="text/xml"><datastore><recordset>{DAILY}</recordset></datastore></script></div>'
UNIT_FIELDS = "ajaxParam: {col: 1, appid: '1', webid: 2, path: '/', columnid: 1234, unitid: '5678', permissiontype: 0}"


def next_range(page: str) -> tuple[str, str, str] | None:
    urls = hanweb_next_pages(parse_html(page), page, PAGE)
    if not urls:
        return None
    [url] = urls
    assert url.startswith(f"{PROXY}?startrecord=")
    query = query_of(url)
    return query["startrecord"], query["endrecord"], query["perpage"]


VARIABLE_CALLS = {
    "var before the call, same names": """var totalRecord = 45; var perpage = 5;
      $('#5678').jpage({dataStore: $('#5678 script[type="text/xml"]'), totalRecord: totalRecord, perPage: perpage,
        groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp', UNIT});""",
    "quoted keys, numbers as strings": """$('#5678').jpage({'totalRecord': '45', "perPage": "5", 'groupSize': '3', UNIT});""",
    "parseInt and Number, new jpage, other names": """var tr = parseInt('45', 10); var pp = Number("5");
      var pager = new jpage({totalRecord: tr, perPage: pp, groupSize: 3, UNIT});""",
    "$.jpage, a name for a name, assigned after the call": """var total = count; $.jpage({totalRecord: total,
      perPage: size, groupSize: 3, UNIT}); var count = 45; var size = 5;""",
    "initial zero, then the real count": """var totalRecord = 0; totalRecord = 45; if (totalRecord == 0) {}
      $('#5678').jpage({totalRecord: totalRecord, perPage: 5, groupSize: 3, UNIT});""",
}


@pytest.mark.parametrize("spelling", list(VARIABLE_CALLS))
def test_jpage_settings_given_by_variables_are_resolved(spelling: str) -> None:
    call = VARIABLE_CALLS[spelling].replace("UNIT", UNIT_FIELDS)
    page = f"<html><body>{UNIT}<script>{call}</script></body></html>"
    tree = parse_html(page)
    params = jpage_params(tree, PAGE, page_datastore(tree))
    assert (params.total, params.perpage, params.group_size) == (45, 5, 3)
    assert params.fields["columnid"] == "1234" and params.fields["unitid"] == "5678"
    # 15 shipped, a group is 5 x 3: the next group is 16-30 of 45
    assert next_range(page) == ("16", "30", "5")


def test_variables_in_a_separate_script_and_field_values_by_name() -> None:
    page = f"""<html><body>{UNIT}<script>var totalRecord = "45"; var colId = '1234'; var siteId = 2;</script>
    <script>$('#5678').jpage({{perPage: 5, groupSize: 3, ajaxParam: {{columnid: colId, webid: siteId, unitid: 5678}}}});</script></body></html>"""
    tree = parse_html(page)
    params = jpage_params(tree, PAGE, page_datastore(tree))
    assert (params.total, params.fields["columnid"], params.fields["webid"]) == (45, "1234", "2")


def test_unresolvable_settings_leave_room_for_the_literal_ones() -> None:
    # `totalRecord: data.total` and an undefined name say nothing; `var totalrecord = 30` elsewhere does
    page = f"""<html><body>{UNIT}<script>$('#5678').jpage({{totalRecord: data.total, perPage: nowhere, groupSize: 3,
      {UNIT_FIELDS}}});</script><script>var totalrecord = 30; var perpage = 5;</script></body></html>"""
    tree = parse_html(page)
    params = jpage_params(tree, PAGE, page_datastore(tree))
    assert (params.total, params.perpage) == (30, 5)
    assert next_range(page) == ("16", "30", "5")
    # a name assigned only to itself, or an expression, gives nothing: no guessed proxy URL
    looping = f"<html><body>{UNIT}<script>var a = b; var b = a; $('#5678').jpage({{totalRecord: a, {UNIT_FIELDS}}});</script></body></html>"
    assert jpage_params(parse_html(looping), PAGE, None).total is None
    assert next_range(looping) is None


def test_a_unit_that_ships_no_records_starts_at_the_first_record() -> None:
    empty = '<div id="5678"><script type="text/xml"><datastore><recordset></recordset></datastore></script></div>'
    call = f"var totalRecord = 45; var perpage = 15; $('#5678').jpage({{totalRecord: totalRecord, perPage: perpage, {UNIT_FIELDS}}});"
    page = f"<html><body>{empty}<script>{call}</script></body></html>"
    assert next_range(page) == ("1", "45", "15")  # perPage 15 x groupSize 3 (jpage's default)
    assert next_range(f"<html><body><div id='5678'></div><script>{call}</script></body></html>") == ("1", "45", "15")
    # without a count (or a page size) nothing says there is a list to ask for
    unknown = call.replace("var totalRecord = 45;", "")
    assert next_range(f"<html><body>{empty}<script>{unknown}</script></body></html>") is None
    zero = call.replace("45", "0")
    assert next_range(f"<html><body>{empty}<script>{zero}</script></body></html>") is None


def test_data_proxy_pages_are_followed_to_the_last_record() -> None:
    page = f"""<html><body>{UNIT}<script>var totalRecord = 45; var perpage = 5;
      $('#5678').jpage({{totalRecord: totalRecord, perPage: perpage, groupSize: 3, {UNIT_FIELDS}}});</script></body></html>"""
    [url] = hanweb_next_pages(parse_html(page), page, PAGE)
    seen = []
    while url and len(seen) < 10:
        seen.append((query_of(url)["startrecord"], query_of(url)["endrecord"]))
        text = answer(DAILY, total=45)  # 15 records each
        [url] = hanweb_next_pages(parse_html(text), text, url) or [None]
    assert seen == [("16", "30"), ("31", "45")]


def test_hostile_variable_settings_return_quickly() -> None:
    names = "".join(f"totalRecord: v{n}, " for n in range(5_000))
    chain = "".join(f"var v{n} = v{n + 1};" for n in range(5_000))
    for script in (f"$('#1').jpage({{{names}}});" + "var v1 = " * 100_000, chain + f"$('#1').jpage({{totalRecord: v0, {UNIT_FIELDS}}});",
                   "new jpage({totalRecord: parseInt(" * 50_000, "var totalRecord = totalRecord = " * 100_000):
        started = time.perf_counter()
        page = f"<html><body>{UNIT}<script>{script}</script></body></html>"
        hanweb_next_pages(parse_html(page), page, PAGE)
        assert time.perf_counter() - started < 30  # a guard against a hang, not a speed claim
