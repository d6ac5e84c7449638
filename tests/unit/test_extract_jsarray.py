"""List items shipped as JavaScript arrays of objects (auditor.extract.jsarray, jsliteral)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.extract import parse_html
from auditor.extract.jsarray import script_array_items
from auditor.extract.jsliteral import read_literal
from auditor.extract.listing import extract_items
from auditor.models import ListItem

AS_OF = date(2026, 11, 28)
PAGE = "http://www.qhx.gov.cn/xwzx/qhyw/index.html"

# A TRS-style column page whose list is rendered by a script: navigation, a dated "今天是"
# banner, a sidebar with two dated links (fewer than the array), an empty list element, a footer.
FRAME = """<html><head><meta charset="gbk"><title>清河要闻_清河县人民政府</title>
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; var config = {{theme: 'blue', path: '/'}};</script></head>
<body><div class="top">今天是 2026年11月28日 星期六</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
<div class="side"><ul><li><a href="/rd/1.html">热点一</a><span>2026-10-01</span></li>
<li><a href="/rd/2.html">热点二</a><span>2026-10-02</span></li></ul></div>
<div class="main"><ul id="list"></ul>
<script type="text/javascript">{script}
for (var i = 0; i < itemObj.length; i++) {{ $('#list').append('<li><a href="' + itemObj[i].url + '">' + itemObj[i].title + '</a></li>'); }}
</script></div>
<div class="footer">主办：清河县人民政府办公室 <a href="/about.html">关于我们</a></div></body></html>"""

EXPECTED = [
    ListItem("清河县召开冬季安全生产工作会议", "http://www.qhx.gov.cn/xwzx/qhyw/202611/t20261127_1.html", date(2026, 11, 27)),
    ListItem("县长调研乡村振兴重点项目", "http://www.qhx.gov.cn/art/2026/11/26/art_2.html", date(2026, 11, 26)),
    ListItem("全县秋粮收购工作有序推进", "http://www.other.gov.cn/a/3.html", date(2026, 11, 20)),
]

SPELLINGS = {
    "json": """var itemObj = [{"title":"清河县召开冬季安全生产工作会议","url":"./202611/t20261127_1.html","date":"2026-11-27"},
      {"title":"县长调研乡村振兴重点项目","url":"/art/2026/11/26/art_2.html","date":"2026-11-26"},
      {"title":"全县秋粮收购工作有序推进","url":"http://www.other.gov.cn/a/3.html","date":"2026-11-20"}];""",
    "single quotes, unquoted keys, trailing commas": """var list = [
      {title: '清河县召开冬季安全生产工作会议', url: './202611/t20261127_1.html', date: '2026-11-27',},
      {title: '县长调研乡村振兴重点项目', url: '/art/2026/11/26/art_2.html', date: '2026/11/26',},
      {title: '全县秋粮收购工作有序推进', url: 'http://www.other.gov.cn/a/3.html', date: '2026年11月20日',},
    ];""",
    "name, link, pubDate, comments": """let newsList = [ // 新闻列表
      {name: "清河县召开冬季安全生产工作会议", link: "./202611/t20261127_1.html", pubDate: "2026-11-27 09:30:00"},
      /* 置顶 */ {name: "县长调研乡村振兴重点项目", link: "/art/2026/11/26/art_2.html", pubDate: "2026-11-26"},
      {name: "全县秋粮收购工作有序推进", link: "http://www.other.gov.cn/a/3.html", pubDate: "2026-11-20"}
    ]""",
    "tit, href, time, concatenation": """data = [
      {'tit': '清河县召开冬季' + '安全生产工作会议', 'href': './202611/t20261127_1.html', 'time': '[2026-11-27]'},
      {'tit': '县长调研乡村振兴重点项目', 'href': '/art/2026/11/26/art_2.html', 'time': '11-26'},
      {'tit': '全县秋粮收购工作有序推进', 'href': 'http://www.other.gov.cn/a/3.html', 'time': '2026.11.20'}];""",
    "t, u, d, escapes and a call": """const items = [
      {t: "\\u6e05\\u6cb3\\u53bf\\u53ec\\u5f00\\u51ac\\u5b63\\u5b89\\u5168\\u751f\\u4ea7\\u5de5\\u4f5c\\u4f1a\\u8bae", u: "./202611/t20261127_1.html", d: 1795743000000},
      {t: "县长调研乡村振兴重点项目", u: "/art/2026/11/26/art_2.html", d: "2026-11-26", views: getViews(2, [1, 2])},
      {t: "全县秋粮收购工作有序推进", u: "http://www.other.gov.cn/a/3.html", d: "2026-11-20", top: false, n: null}];""",
    "publishdate, nested in an object": """var itemObj = {total: 3, page: 1, list: [
      {"title": "清河县召开冬季安全生产工作会议", "url": "./202611/t20261127_1.html", "publishdate": "2026-11-27"},
      {"title": "县长调研乡村振兴重点项目", "url": "/art/2026/11/26/art_2.html", "publishdate": "2026-11-26"},
      {"title": "全县秋粮收购工作有序推进", "url": "http://www.other.gov.cn/a/3.html", "publishdate": "2026-11-20"}]};""",
    # keys nobody can guess by name: told apart by the shape of their values
    "aT, aU, aPd": """var aNews = [{aT: '清河县召开冬季安全生产工作会议', aU: './202611/t20261127_1.html', aPd: '2026-11-27 10:00:00'},
      {aT: '县长调研乡村振兴重点项目', aU: '/art/2026/11/26/art_2.html', aPd: '2026/11/26'},
      {aT: '全县秋粮收购工作有序推进', aU: 'http://www.other.gov.cn/a/3.html', aPd: '20261120'}];""",
    "arrays of values, compact dates": """var rows = [["./202611/t20261127_1.html", "清河县召开冬季安全生产工作会议", "20261127", "要闻"],
      ["/art/2026/11/26/art_2.html", "县长调研乡村振兴重点项目", "20261126", "要闻"],
      ["http://www.other.gov.cn/a/3.html", "全县秋粮收购工作有序推进", "20261120", "要闻"]];""",
    "pictures, summaries, counters and epoch milliseconds": """var l = [
      {p: '/images/1.jpg', cid: 1234567890, s: '会议强调，要从严从实抓好冬季安全生产各项工作，确保全县安全形势稳定。', x: './202611/t20261127_1.html', k: '清河县召开冬季安全生产工作会议', m: 1795743000000, hits: 1795743000},
      {p: '/images/2.jpg', cid: 1234567891, s: '县长一行先后来到多个项目现场，详细了解项目进展情况。', x: '/art/2026/11/26/art_2.html', k: '县长调研乡村振兴重点项目', m: '1795656600000', hits: 1795656600},
      {p: '/images/3.png', cid: 1234567892, s: '全县秋粮收购工作有序推进。', x: 'http://www.other.gov.cn/a/3.html', k: '全县秋粮收购工作有序推进', m: 1795138200000, hits: 1}];""",
}


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_js_arrays_in_every_spelling_give_the_items(spelling: str) -> None:
    page = FRAME.format(script=SPELLINGS[spelling])
    tree = parse_html(page.encode("gbk"))
    assert extract_items(tree, PAGE, AS_OF) == EXPECTED


def test_titles_lose_markup_and_entities_and_objects_without_url_or_title_are_skipped() -> None:
    script = """var itemObj = [{title: '<font color="red">[置顶]</font>关于开展&ldquo;双随机&rdquo;检查的通知', url: '/a/1.html', date: '2026-11-27'},
      {title: '', url: '/a/2.html', date: '2026-11-26'}, {title: '没有链接', date: '2026-11-25'},
      {title: '脚本链接', url: 'javascript:void(0)', date: '2026-11-24'}, 'not an object', 42];"""
    items = script_array_items(parse_html(FRAME.format(script=script)), PAGE, AS_OF)
    assert items == [ListItem("[置顶]关于开展“双随机”检查的通知", "http://www.qhx.gov.cn/a/1.html", date(2026, 11, 27))]


def test_a_better_markup_list_wins_over_a_small_array() -> None:
    markup = "".join(f'<li><a href="/xw/{n}.html">新闻{n}</a><span>2026-11-{n:02d}</span></li>' for n in range(1, 8))
    page = f"""<html><body><ul class="list">{markup}</ul>
    <script>var itemObj = [{{title: '推荐', url: '/tj/1.html', date: '2026-11-27'}}];</script></body></html>"""
    items = extract_items(parse_html(page), PAGE, AS_OF)
    assert [item.title for item in items] == [f"新闻{n}" for n in range(1, 8)]


def test_future_dates_are_not_believed() -> None:
    script = "var itemObj = [{title: '明年的活动预告', url: '/a/1.html', date: '2027-05-01'}];"
    assert script_array_items(parse_html(FRAME.format(script=script)), PAGE, AS_OF) == [
        ListItem("明年的活动预告", "http://www.qhx.gov.cn/a/1.html", None)
    ]


def test_the_literal_reader_keeps_what_it_read_before_a_cut() -> None:
    value, _ = read_literal("[{title: 'a', url: '/1'}, {title: 'b', url: '/2'}, {title: 'c', url:")
    assert value == [{"title": "a", "url": "/1"}, {"title": "b", "url": "/2"}, {"title": "c"}]
    assert read_literal("[1, 2,, 3,]")[0] == [1, 2, 3]
    assert read_literal("{'a': [true, false, null, undefined, 0x1F, -2.5e1]}")[0] == {"a": [True, False, None, None, 31, -25.0]}
    assert read_literal('["\\x41\\n\\"q\\"", `b`]')[0] == ['A\n"q"', "b"]


HOSTILE = {
    "5 MB of open brackets": "var itemObj = " + "[" * 5_000_000,
    "5 MB of open objects": "var itemObj = [" + "{title: '" * 10 + "{a:" * 1_000_000,
    "an unterminated 5 MB string": "var itemObj = [{title: \"" + "a" * 5_000_000,
    "a huge array": "var itemObj = [" + "{title: '标题', url: '/a/1.html', date: '2026-11-27'}," * 60_000 + "];",
    "unbalanced closers": "var itemObj = " + "]}),;" * 500_000,
    "thousands of assignments": "a=[{url: 1}];" * 500_000,
    "a million openers without names": "(=[" * 1_000_000,
}
URL_KEY = "var cfg = {url: '/x'};\n"  # scripts without a URL-like key are not read at all


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_scripts_return_quickly_without_raising(kind: str) -> None:
    started = time.perf_counter()
    tree = parse_html(f"<html><body><script>{URL_KEY}{HOSTILE[kind]}</script></body></html>")
    items = extract_items(tree, PAGE, AS_OF)
    assert len(items) <= 1
    assert time.perf_counter() - started < 30  # a guard against a hang, not a speed claim


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[]{}(),:;'\"`\\/*+-=. \nvartiledux0123年月日<>")) | st.characters(), max_size=300))
def test_nothing_raises_on_arbitrary_script_text(text: str) -> None:
    for prefix in ("", "var itemObj = [", "var list = [{title: '", "data = {list: ["):
        tree = parse_html(f"<html><body><script>{prefix}{text}</script></body></html>")
        for item in script_array_items(tree, PAGE, AS_OF):
            assert item.url.startswith(("http://", "https://")) and item.title
        read_literal(prefix + text)


SHAPES_PAGE = "<html><body><ul id='list'></ul><script>{script}</script></body></html>"  # no key named for links


def shaped(script: str) -> list[ListItem]:
    return script_array_items(parse_html(SHAPES_PAGE.format(script=script)), PAGE, AS_OF)


def test_links_of_every_common_shape_are_told_from_text_and_dates() -> None:
    script = """var a = [["显示页面的通知", "show.asp?id=3", "2026-11-27"], ["动态页面的公告", "view.jsp?id=4&classid=2", "2026-11-26"],
      ["目录下的文章", "202611/t20261125_5.html", "2026-11-25"], ["外站的文章", "http://www.other.gov.cn/a/3.html", "2026-11-24"],
      ["根目录下的文章", "/contents/12/345.html", "2026-11-23"], ["查询参数页面", "detail?infoid=77", "2026-11-22"]];"""
    assert [(item.url, item.date) for item in shaped(script)] == [
        ("http://www.qhx.gov.cn/xwzx/qhyw/show.asp?id=3", date(2026, 11, 27)),
        ("http://www.qhx.gov.cn/xwzx/qhyw/view.jsp?id=4&classid=2", date(2026, 11, 26)),
        ("http://www.qhx.gov.cn/xwzx/qhyw/202611/t20261125_5.html", date(2026, 11, 25)),
        ("http://www.other.gov.cn/a/3.html", date(2026, 11, 24)),
        ("http://www.qhx.gov.cn/contents/12/345.html", date(2026, 11, 23)),
        ("http://www.qhx.gov.cn/xwzx/qhyw/detail?infoid=77", date(2026, 11, 22)),
    ]


def test_a_title_that_mentions_a_date_is_a_title_and_a_slashed_date_is_no_path() -> None:
    script = """var a = [{a: '2026/11/27', b: '2026年11月27日全县安全生产会议召开', c: '/a/1.html'},
      {a: '2026/11/26', b: '关于2026年11月26日停电的通知', c: '/a/2.html'}];"""
    assert shaped(script) == [
        ListItem("2026年11月27日全县安全生产会议召开", "http://www.qhx.gov.cn/a/1.html", date(2026, 11, 27)),
        ListItem("关于2026年11月26日停电的通知", "http://www.qhx.gov.cn/a/2.html", date(2026, 11, 26)),
    ]


def test_ids_and_counters_are_no_timestamps_and_future_timestamps_no_dates() -> None:
    # 1234567890 is 2009-02-14 as a timestamp: under an id key it is an id
    script = """var a = [{docid: 1234567890, t: '县政府常务会议', u: '/a/1.html'}, {docid: 1234567891, t: '全县秋粮收购', u: '/a/2.html'}];"""
    assert [item.date for item in shaped(script)] == [None, None]
    script = """var a = [{x: 1999999999000, t: '明年的活动预告', u: '/a/1.html'}];"""  # 2033
    assert [item.date for item in shaped(script)] == [None]


def test_a_key_holding_a_link_in_only_a_few_entries_is_not_the_link() -> None:
    # `e` holds an external link once; `f` is every entry's page
    script = """var a = [{t: '第一条新闻标题', e: 'http://www.gov.cn/', f: '/a/1.html'}, {t: '第二条新闻标题', e: '', f: '/a/2.html'},
      {t: '第三条新闻标题', e: '无', f: '/a/3.html'}, {t: '第四条新闻标题', e: '无', f: '/a/4.html'}];"""
    assert [item.url.rsplit("/", 1)[1] for item in shaped(script)] == ["1.html", "2.html", "3.html", "4.html"]


def test_arrays_without_text_or_links_give_no_items() -> None:
    for script in ("var a = [[1, 2, 3], [4, 5, 6]];", "var a = [['2026-11-27', '2026-11-26'], ['/a.html', '/b.html']];",
                   "var a = [{x: '/a/1.html', y: '2026-11-27'}];", "var a = [{x: '县政府常务会议', y: '2026-11-27'}];"):
        assert shaped(script) == [], script
