"""Lists shipped in scripts: Hanweb jpage units and JavaScript item arrays.

A Hanweb (大汉) list page ships its first group of records in a `<datastore>` script and
configures the jpage component with variables (`var totalRecord = 45; var perpage = 5;
… totalRecord: totalRecord, perPage: perpage`); older records come from the data proxy
(`/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5&…`), group by
group, up to the total. Hand-made templates write the list from a JavaScript array whose
keys say nothing (`aT`, `aU`, `aPd`): the link, the date and the title are told apart by
the shape of the values. Such a column is judged on every record the script lists, and
is never "empty"; a jpage unit whose total is 0 is.
"""

from __future__ import annotations

from datetime import date, timedelta

from .model import ExampleColumn, IdiomExample, Served, html

NEWS = ExampleColumn("qhyw", "清河要闻", "news", "/col/col1234/index.html")
SCRIPTED_NEWS = ExampleColumn("bmdt", "部门动态", "news", "/xwzx/bmdt/index.html")
JUDGED = ("column.empty", "column.cadence")
NEWEST = date(2026, 11, 27)  # the day before the audit
XML = "text/xml;charset=UTF-8"

TOPICS = (
    "县政府召开常务会议研究部署冬季安全生产工作", "全县秋粮收购工作有序推进", "县领导督导检查森林防火工作",
    "我县开展消防安全大检查", "县政务服务中心推行“一窗受理”", "全县冬季供暖保障工作部署会召开",
    "县农业农村局组织开展农技培训", "我县举办重点项目集中开工仪式", "县市场监管局开展食品安全专项检查",
)


def _days(*counts: tuple[int, int]) -> list[date]:
    """Record dates, newest first: (days back from NEWEST, records that day) per day."""
    return [NEWEST - timedelta(days=back) for back, count in counts for _ in range(count)]


DAILY_45 = _days(*((back, 3) for back in range(15)))  # 11-27 … 11-13, three a day
# the same, but 11-14 and 11-13 are 11-12 and 11-11: nothing from 11-13 to 11-14 (a gap 11-12 → 11-15)
GAP_45 = _days(*((back, 3) for back in range(13)), (15, 3), (16, 3))


# -- Hanweb jpage -------------------------------------------------------------------------------

PROXY = "/module/web/jpage/dataproxy.jsp"
# the proxy's query as the component builds it from the call below (and the auditor asks it)
UNIT_QUERY = "col=1&appid=1&webid=2&path=/&columnid=1234&sourceContentType=1&unitid=5678&permissiontype=0"


def _record(number: int, day: date) -> str:
    title = f"{TOPICS[number % len(TOPICS)]}（{number}）"
    path = f"/art/{day.year}/{day.month}/{day.day}/art_1234_{9000 - number}.html"
    return (f'<record><![CDATA[<li><a href="{path}" target="_blank" title="{title}">{title}</a>'
            f"<span>{day.isoformat()}</span></li>]]></record>")


def _records(days: list[date], first: int, last: int) -> str:
    return "\n".join(_record(number, days[number - 1]) for number in range(first, last + 1))


def _jpage_list(days: list[date], shipped: int, *, total: str, perpage: str) -> str:
    head = '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>'
    body = f"""<div class="top">今天是 2026年11月28日 星期六</div>
<div class="nav"><a href="/">首页</a> <a href="/col/col1234/index.html">清河要闻</a></div>
<div class="lm">当前位置：<a href="/">首页</a> &gt; 清河要闻</div>
<div id="5678"><script type="text/xml"><datastore>
<recordset>
{_records(days, 1, shipped)}
</recordset>
</datastore></script></div>
<script type="text/javascript">
var totalRecord = {total};
var perpage = {perpage};
$(document).ready(function(){{
  $('#5678').jpage({{ dataStore: $('#5678 script[type="text/xml"]'), totalRecord: totalRecord, perPage: perpage,
    groupSize: 3, barPosition: 'bottom', proxyUrl: '{PROXY}',
    ajaxParam: {{ col: 1, appid: '1', webid: 2, path: '/', columnid: 1234, unitid: '5678', permissiontype: 0 }} }});
}});
</script>
<div class="footer">主办：清河县人民政府办公室</div>"""
    return html("清河要闻 清河县人民政府", body, head=head)


def _answer(days: list[date], first: int, last: int, total: int) -> Served:
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore><totalrecord>{total}</totalrecord>'
            f"<recordset>{_records(days, first, last)}</recordset></datastore>")
    return Served(body, content_type=XML)


def _jpage_site(days: list[date]) -> dict[str, Served]:
    """15 records on the list page (perPage 5 × groupSize 3), two proxy groups of 15 after it."""
    return {
        NEWS.path: Served(_jpage_list(days, 15, total="45", perpage="parseInt('5')")),
        f"{PROXY}?startrecord=16&endrecord=30&perpage=5&{UNIT_QUERY}": _answer(days, 16, 30, 45),
        f"{PROXY}?startrecord=31&endrecord=45&perpage=5&{UNIT_QUERY}": _answer(days, 31, 45, 45),
    }


_EMPTY_UNIT = {NEWS.path: Served(_jpage_list([], 0, total="0", perpage="15"))}


# -- JavaScript arrays with short keys ---------------------------------------------------------


def _array_list(days: list[date]) -> str:
    entries = ",\n".join(
        f"  {{aT: '{TOPICS[n % len(TOPICS)]}', aU: './{day:%Y%m}/t{day:%Y%m%d}_{500 - n}.html', aPd: '{day:%Y/%m/%d}',"
        f" aV: {100 + n}, aS: '部门'}}"
        for n, day in enumerate(days)
    )
    body = f"""<div class="nav"><a href="/">首页</a> <a href="/xwzx/bmdt/index.html">部门动态</a></div>
<div class="main"><h2>部门动态</h2><ul id="list"></ul></div>
<script type="text/javascript">
var aNews = [
{entries}
];
var html = '';
for (var i = 0; i < aNews.length; i++) {{
  html += '<li><a href="' + aNews[i].aU + '">' + aNews[i].aT + '</a><span>' + aNews[i].aPd + '</span></li>';
}}
document.getElementById('list').innerHTML = html;
</script>"""
    return html("部门动态", body)


ARRAY_DAILY = _days(*((back, 1) for back in range(15)))  # 11-27 … 11-13, one a day
ARRAY_GAP = _days(*((back, 1) for back in range(5)), *((back, 1) for back in range(8, 15)))  # nothing 11-20 … 11-22


EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="script-lists", verdict="PASS",
        title="大汉 jpage：totalRecord、perpage 为变量，记录经 dataproxy.jsp 分组读到末尾，每天更新",
        columns=(NEWS,), pages=_jpage_site(DAILY_45), judges=JUDGED, site_kind="county",
        notes="每天 3 条：列表页只有 5 天，其余 10 天在两个 dataproxy 分组里",
    ),
    IdiomExample(
        pattern="script-lists", verdict="FAIL",
        title="大汉 jpage：第二个 dataproxy 分组里有 3 天未更新",
        columns=(NEWS,), pages=_jpage_site(GAP_45), judges=JUDGED, site_kind="county",
        expect=(("column.cadence", NEWS.path),),
        notes="2026-11-12 至 2026-11-15 的间隔只在 startrecord=31 的分组里",
    ),
    IdiomExample(
        pattern="script-lists", verdict="PASS",
        title="JS 数组短键名 aT/aU/aPd：列表只由脚本写出，不是空栏目",
        columns=(SCRIPTED_NEWS,), pages={SCRIPTED_NEWS.path: Served(_array_list(ARRAY_DAILY))},
        judges=JUDGED, site_kind="county",
    ),
    IdiomExample(
        pattern="script-lists", verdict="FAIL",
        title="JS 数组短键名 aT/aU/aPd：2026-11-19 至 2026-11-23 未更新",
        columns=(SCRIPTED_NEWS,), pages={SCRIPTED_NEWS.path: Served(_array_list(ARRAY_GAP))},
        judges=JUDGED, site_kind="county",
        expect=(("column.cadence", SCRIPTED_NEWS.path),),
    ),
    IdiomExample(
        pattern="script-lists", verdict="FAIL",
        title="大汉 jpage：totalRecord 为 0、datastore 无记录，才是空栏目",
        columns=(NEWS,), pages=_EMPTY_UNIT, judges=JUDGED, site_kind="county",
        expect=(("column.empty", NEWS.path),),
    ),
)
