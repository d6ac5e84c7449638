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
