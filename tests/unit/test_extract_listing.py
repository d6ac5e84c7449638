"""List items of column pages (auditor.extract.listing) on the markups government CMSs write."""

from __future__ import annotations

from datetime import date

import pytest

from auditor.extract.html import parse_html
from auditor.extract.listing import extract_items
from auditor.models import ListItem

AS_OF = date(2026, 11, 28)
PAGE = "http://www.mengjin.gov.cn/xwzx/mjyw/index.html"
BASE = "http://www.mengjin.gov.cn/xwzx/mjyw/"

# What surrounds every list on a real page: a "today is" banner with a link in it,
# a navigation menu, a sidebar with fewer dated links, a pager and a footer.
FRAME = """<html><head><title>孟津要闻 - 孟津县人民政府</title></head><body>
<div class="top">今天是 2026年11月28日 星期六 <a href="/login.html">登录</a></div>
<ul class="nav">
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/xwzx/">新闻中心</a></li><li><a href="/hdjl/">互动交流</a></li>
</ul>
<div class="side"><h3>热点</h3><ul>
  <li><a href="/rd/1.html">热点一</a><span>2026-10-01</span></li>
  <li><a href="/rd/2.html">热点二</a><span>2026-10-02</span></li>
</ul></div>
<div class="main">{list}</div>
<div class="page"><a href="index.html">首页</a><a href="index.html">上一页</a><a href="index_2.html">下一页</a>
  <a href="index_9.html">尾页</a> 共10页 2026-11-28</div>
<div class="footer"><a href="/about.html">关于我们</a> 主办：孟津县人民政府办公室</div>
</body></html>"""

UL_LIST = """<ul class="list">
  <li><a href="./202611/t20261127_1.html" title="孟津县召开冬季安全生产工作会议">孟津县召开冬季安全生产工作会议</a><span>2026-11-27</span></li>
  <li><a href="./202611/t20261126_2.html" title="县长调研乡村振兴重点项目建设情况并提出具体要求">县长调研乡村振兴重点项目...</a><span>2026-11-26</span></li>
  <li><a href="./202611/t20261120_3.html">全县秋粮收购工作有序推进</a><span>2026-11-20</span></li>
</ul>"""

TABLE_LIST = """<table class="list"><tr><th>标题</th><th>日期</th></tr>
  <tr><td><a href="/xwzx/mjyw/1.html">孟津县召开冬季安全生产工作会议</a></td><td>[11-27]</td></tr>
  <tr><td><a href="/xwzx/mjyw/2.html">县长调研乡村振兴重点项目</a></td><td>[11-26]</td></tr>
  <tr><td><a href="/xwzx/mjyw/3.html">全县秋粮收购工作有序推进</a></td><td>[11-20]</td></tr>
</table>"""

DIV_LIST = """<div class="items">
  <div class="item"><a href="1.html">孟津县召开冬季安全生产工作会议</a><em>2026年11月27日</em></div>
  <div class="item"><a href="2.html">县长调研乡村振兴重点项目</a><em>2026年11月26日</em></div>
  <div class="item"><a href="3.html">全县秋粮收购工作有序推进</a><em>2026年11月20日</em></div>
</div>"""

TITLES = ["孟津县召开冬季安全生产工作会议", "县长调研乡村振兴重点项目", "全县秋粮收购工作有序推进"]
DATES = [date(2026, 11, 27), date(2026, 11, 26), date(2026, 11, 20)]


def items_of(html: str, as_of: date = AS_OF, **selectors: str) -> list[ListItem]:
    return extract_items(parse_html(html), PAGE, as_of, **selectors)


@pytest.mark.parametrize("markup", [UL_LIST, TABLE_LIST, DIV_LIST], ids=["ul", "table", "div"])
def test_the_three_list_markups_inside_a_full_page(markup: str) -> None:
    items = items_of(FRAME.format(list=markup))
    assert [item.date for item in items] == DATES
    assert [item.title for item in items] == (
        [TITLES[0], "县长调研乡村振兴重点项目建设情况并提出具体要求", TITLES[2]] if markup is UL_LIST else TITLES
    )
    assert all(item.url.startswith(BASE) for item in items)


def test_ul_list_urls_are_absolute() -> None:
    items = items_of(FRAME.format(list=UL_LIST))
    assert items[0].url == BASE + "202611/t20261127_1.html"


def test_truncated_text_takes_the_title_attribute() -> None:
    item = items_of(FRAME.format(list=UL_LIST))[1]
    assert item.title == "县长调研乡村振兴重点项目建设情况并提出具体要求"


def test_navigation_banner_sidebar_and_pager_never_become_items() -> None:
    urls = {item.url for item in items_of(FRAME.format(list=DIV_LIST))}
    assert urls == {BASE + "1.html", BASE + "2.html", BASE + "3.html"}


def test_a_page_with_only_navigation_has_no_items() -> None:
    assert items_of(FRAME.format(list="<p>本栏目暂无信息</p>").replace("<span>2026-10-0", "<span>x")) == []


def test_the_sidebar_is_the_list_when_the_main_list_is_empty() -> None:
    # no main list: the only dated group is the sidebar, which is what the page lists
    items = items_of(FRAME.format(list=""))
    assert [item.title for item in items] == ["热点一", "热点二"]


def test_year_less_table_dates_across_new_year() -> None:
    markup = TABLE_LIST.replace("[11-27]", "[12-30]").replace("[11-26]", "[01-02]").replace("[11-20]", "[12-05]")
    items = items_of(FRAME.format(list=markup), as_of=date(2027, 1, 3))
    assert [item.date for item in items] == [date(2026, 12, 30), date(2027, 1, 2), date(2026, 12, 5)]


def test_future_dated_row_stays_an_item_without_a_date() -> None:
    markup = DIV_LIST.replace("2026年11月26日", "2026年12月26日")
    items = items_of(FRAME.format(list=markup))
    assert [item.date for item in items] == [date(2026, 11, 27), None, date(2026, 11, 20)]


def test_duplicate_urls_are_listed_once() -> None:
    markup = UL_LIST.replace("t20261120_3.html", "t20261127_1.html")
    items = items_of(FRAME.format(list=markup))
    assert [item.url for item in items] == [BASE + "202611/t20261127_1.html", BASE + "202611/t20261126_2.html"]


def test_dates_only_in_item_urls() -> None:
    markup = """<ul>
      <li><a href="/art/2026/11/27/art_1_1.html">一</a></li>
      <li><a href="/art/2026/11/26/art_1_2.html">二</a></li>
      <li><a href="/xwzx/2026-11/25/content_3.htm">三</a></li>
    </ul>"""
    items = items_of(FRAME.format(list=markup))
    assert [(item.title, item.date) for item in items] == [
        ("一", date(2026, 11, 27)), ("二", date(2026, 11, 26)), ("三", date(2026, 11, 25)),
    ]


def test_date_inside_the_link_is_left_out_of_the_title() -> None:
    markup = """<ul class="news">
      <li><a href="a.html"><span class="t">孟津县召开冬季安全生产工作会议</span><span class="d">2026-11-27</span></a></li>
      <li><a href="b.html"><span class="t">全县秋粮收购工作有序推进</span><span class="d">2026-11-20</span></a></li>
    </ul>"""
    items = items_of(FRAME.format(list=markup))
    assert [(item.title, item.date) for item in items] == [
        ("孟津县召开冬季安全生产工作会议", date(2026, 11, 27)),
        ("全县秋粮收购工作有序推进", date(2026, 11, 20)),
    ]


def test_nested_rows_and_a_category_link() -> None:
    markup = """<ul>
      <li><div class="t"><a href="/c/tz/">[通知]</a><a href="1.html">关于开展冬季消防检查的通知</a></div><div class="d">2026-11-27</div></li>
      <li><div class="t"><a href="/c/gg/">[公告]</a><a href="2.html">孟津县征地补偿公告</a></div><div class="d">2026-11-25</div></li>
    </ul>"""
    items = items_of(FRAME.format(list=markup))
    assert [(item.title, item.url, item.date) for item in items] == [
        ("关于开展冬季消防检查的通知", BASE + "1.html", date(2026, 11, 27)),
        ("孟津县征地补偿公告", BASE + "2.html", date(2026, 11, 25)),
    ]


def test_bare_links_separated_by_line_breaks() -> None:
    markup = """<td class="list"><a href="1.html">一号文件</a> (2026-11-27)<br>
      <a href="2.html">二号文件</a> (2026-11-26)<br><a href="3.html">三号文件</a> (2026-11-25)<br>
      <a href="4.html">四号文件</a> (2026-11-24)<br></td>"""
    items = items_of(FRAME.format(list=f"<table><tr>{markup}</tr></table>"))
    assert [(item.title, item.date) for item in items] == [
        ("一号文件", date(2026, 11, 27)), ("二号文件", date(2026, 11, 26)),
        ("三号文件", date(2026, 11, 25)), ("四号文件", date(2026, 11, 24)),
    ]


def test_dl_rows() -> None:
    markup = """<div class="dls">
      <dl><dt><a href="1.html">政务一</a></dt><dd>2026-11-27</dd></dl>
      <dl><dt><a href="2.html">政务二</a></dt><dd>2026-11-21</dd></dl>
    </div>"""
    assert [item.date for item in items_of(FRAME.format(list=markup))] == [date(2026, 11, 27), date(2026, 11, 21)]


def test_dt_dd_pairs_in_one_dl() -> None:
    markup = """<dl class="news">
      <dt><a href="1.html">政务一</a></dt><dd>2026-11-27</dd>
      <dt><a href="2.html">政务二</a></dt><dd>2026-11-21</dd>
      <dt><a href="3.html">政务三</a></dt><dd>2026-11-20</dd>
      <dt><a href="4.html">政务四</a></dt><dd>2026-11-19</dd>
    </dl>"""
    items = items_of(FRAME.format(list=markup))
    assert [(item.title, item.date) for item in items] == [
        ("政务一", date(2026, 11, 27)), ("政务二", date(2026, 11, 21)),
        ("政务三", date(2026, 11, 20)), ("政务四", date(2026, 11, 19)),
    ]


def test_one_layout_table_per_item() -> None:
    # older county sites: every row its own <table>, a dot image first, &nbsp; around the date
    rows = "".join(
        f'<table width="100%"><tr><td><img src="dot.gif"></td><td><a href="{n}.html">通知{n}</a></td>'
        f"<td>&nbsp;2026-11-{20 + n}&nbsp;</td></tr></table>"
        for n in range(4)
    )
    items = items_of(FRAME.format(list=rows))
    assert [(item.title, item.date) for item in items] == [(f"通知{n}", date(2026, 11, 20 + n)) for n in range(4)]


def test_one_ul_per_item() -> None:
    rows = "".join(f'<ul class="row"><li><a href="{n}.html">条目{n}</a></li><li>2026-11-{20 + n}</li></ul>' for n in range(3))
    items = items_of(FRAME.format(list=rows))
    assert [(item.title, item.date) for item in items] == [(f"条目{n}", date(2026, 11, 20 + n)) for n in range(3)]


def test_a_link_menu_with_two_dated_urls_is_no_list() -> None:
    menu = "".join(f'<li><a href="http://www.dept{n}.gov.cn/">部门{n}</a></li>' for n in range(20))
    menu += '<li><a href="http://www.gov.cn/guoqing/2018-05/03/content_1.htm">退役军人事务部</a></li>'
    menu += '<li><a href="http://www.gov.cn/guoqing/2005-12/26/content_2.htm">国务院研究室</a></li>'
    page = FRAME.format(list=f"<ul class='links'>{menu}</ul>").replace("<span>2026-10-0", "<span>x")
    assert items_of(page) == []


def test_selectors_override_the_detection() -> None:
    page = FRAME.format(list=DIV_LIST)
    items = items_of(page, item_selector="div.side li", date_selector="span")
    assert [(item.title, item.date) for item in items] == [("热点一", date(2026, 10, 1)), ("热点二", date(2026, 10, 2))]


def test_item_selector_alone_reads_dates_automatically() -> None:
    items = items_of(FRAME.format(list=TABLE_LIST), item_selector="table.list tr")
    assert [item.date for item in items] == DATES


def test_an_invalid_selector_falls_back_to_detection() -> None:
    items = items_of(FRAME.format(list=UL_LIST), item_selector="li[[[", date_selector="span")
    assert [item.date for item in items] == DATES


def test_base_href_applies_to_items() -> None:
    page = FRAME.format(list=DIV_LIST).replace("<head>", '<head><base href="http://cms.mengjin.gov.cn/mjyw/">')
    assert items_of(page)[0].url == "http://cms.mengjin.gov.cn/mjyw/1.html"
