"""Every column read to its last page: outdated items wherever the pager puts them.

The 回头看 of 2011 deleted 285 items of 2007 and 2008 from every part of the site. An
old item is rarely on a column's first page: a finance column (财政预决算) keeps its 2018
budget plan on page 7, a personnel column its old appointment behind the Hanweb data
proxy, a plans column its expired plan on the last `page=` of an ASP list. So the full
audit follows each column's pager to its end, in every idiom the CMSs write:

    TRS         createPageHTML(7, 0, "index", "htm")  → index_1.htm … index_6.htm (script only)
    Hanweb      /col/col1001/index.html?uid=4001&pageNum=2   (下一页 links)
    jpage       /module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5&…
    ASP         list.asp?classid=7&page=2                    (GBK, 下一页)
    SiteServer  /channels/12.html → /channels/12_2.html …    (page numbers only, no 下一页)

and stops where a page brings nothing new (a pager that repeats its last page forever).
Columns the rule does not cover (annual reports, kept by law) are not judged, and an
item younger than its kind's age (plans may stay five years) is not outdated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import ExampleColumn, IdiomExample, Served, html
from .script_lists import PROXY, UNIT_QUERY, XML

JUDGED = ("content.outdated",)
PER_PAGE = 5


@dataclass(frozen=True)
class Entry:
    title: str
    day: date
    number: int


def _entries(count: int, *, newest: date, step_days: int, prefix: str) -> list[Entry]:
    return [Entry(f"{prefix}（第{n + 1}号）", newest - timedelta(days=n * step_days), 7000 + n) for n in range(count)]


def _chunks(entries: list[Entry]) -> list[list[Entry]]:
    return [entries[start:start + PER_PAGE] for start in range(0, len(entries), PER_PAGE)]


def _rows(entries: list[Entry], href: Callable[[Entry], str]) -> str:
    return "\n".join(f'<li><a href="{href(e)}" target="_blank" title="{e.title}">{e.title}</a>'
                     f"<span>{e.day.isoformat()}</span></li>" for e in entries)


def _chrome(name: str, rows: str, pager: str) -> str:
    return (f'<div class="top">今天是 2026年11月28日 星期六</div><div class="nav"><a href="/">首页</a></div>'
            f'<div class="lm">当前位置：<a href="/">首页</a> &gt; {name}</div>'
            f'<ul class="list">{rows}</ul><div class="page">{pager}</div>'
            '<div class="footer">版权所有 2005-2026 主办：示例县人民政府办公室</div>')


# -- TRS: createPageHTML(total, current, "index", "htm") ----------------------------------------

FINANCE = ExampleColumn("czyjs", "财政预决算", "other", "/zfxxgk/czyjs/index.htm")
OLD_PLAN = Entry("2018年县级财政预算执行计划", date(2018, 3, 1), 6001)


def _trs_column(column: ExampleColumn, entries: list[Entry]) -> dict[str, Served]:
    folder = column.path.rsplit("/", 1)[0]
    pages = _chunks(entries)

    def href(e: Entry) -> str:
        return f"./{e.day:%Y%m}/t{e.day:%Y%m%d}_{e.number}.html"

    served = {}
    for index, chunk in enumerate(pages):
        pager = f'<script type="text/javascript">createPageHTML({len(pages)}, {index}, "index", "htm");</script>'
        name = "index.htm" if index == 0 else f"index_{index}.htm"
        served[f"{folder}/{name}"] = Served(html(column.name, _chrome(column.name, _rows(chunk, href), pager)))
    return served


def item_path(column: ExampleColumn, entry: Entry) -> str:
    """Where a TRS column's item lives: `./YYYYMM/tYYYYMMDD_N.html` beside its list."""
    return f"{column.path.rsplit('/', 1)[0]}/{entry.day:%Y%m}/t{entry.day:%Y%m%d}_{entry.number}.html"


# within two years: 34 entries 20 days apart, 2026-11-20 back to 2025-01-29
FINANCE_RECENT = _entries(34, newest=date(2026, 11, 20), step_days=20, prefix="财政收支情况公开")


# -- Hanweb jpage: the data proxy ---------------------------------------------------------------

PERSONNEL = ExampleColumn("rsxx", "人事信息", "personnel", "/col/col1234/index.html")


def _record(e: Entry) -> str:
    path = f"/art/{e.day.year}/{e.day.month}/{e.day.day}/art_1234_{e.number}.html"
    return (f'<record><![CDATA[<li><a href="{path}" target="_blank" title="{e.title}">{e.title}</a>'
            f"<span>{e.day.isoformat()}</span></li>]]></record>")


def _jpage_column(entries: list[Entry]) -> dict[str, Served]:
    """15 records in the page (perPage 5 × groupSize 3), then groups of 15 from the data proxy."""
    total = len(entries)
    shipped = "\n".join(_record(e) for e in entries[:15])
    body = f"""<div class="nav"><a href="/">首页</a></div>
<div id="5678"><script type="text/xml"><datastore><recordset>
{shipped}
</recordset></datastore></script></div>
<script type="text/javascript">
var totalRecord = {total};
$('#5678').jpage({{ dataStore: $('#5678 script[type="text/xml"]'), totalRecord: totalRecord, perPage: 5,
  groupSize: 3, proxyUrl: '{PROXY}',
  ajaxParam: {{ col: 1, appid: '1', webid: 2, path: '/', columnid: 1234, unitid: '5678', permissiontype: 0 }} }});
</script>"""
    served = {PERSONNEL.path: Served(html(PERSONNEL.name, body))}
    for first in range(16, total + 1, 15):
        last = min(first + 14, total)
        records = "".join(_record(e) for e in entries[first - 1:last])
        served[f"{PROXY}?startrecord={first}&endrecord={first + 14}&perpage=5&{UNIT_QUERY}"] = Served(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore><totalrecord>{total}</totalrecord>'
            f"<recordset>{records}</recordset></datastore>", content_type=XML)
    return served


PERSONNEL_RECENT = _entries(45, newest=date(2026, 11, 25), step_days=12, prefix="关于干部任前公示的公告")
OLD_APPOINTMENT = Entry("关于张某某等同志职务任免的通知", date(2023, 5, 10), 8888)


def _with(entries: list[Entry], at: int, entry: Entry) -> list[Entry]:
    return [*entries[:at], entry, *entries[at + 1:]]


# -- ASP: list.asp?classid=7&page=N, GBK ----------------------------------------------------------

PLANS = ExampleColumn("ghjh", "规划计划", "plans", "/list.asp?classid=7")


def _asp_column(entries: list[Entry]) -> dict[str, Served]:
    pages = _chunks(entries)
    served = {}
    for index, chunk in enumerate(pages, start=1):
        rows = "".join(f'<tr><td><a href="show.asp?id={e.number}" target="_blank">{e.title}</a></td>'
                       f"<td>{e.day:%Y-%m-%d}</td></tr>" for e in chunk)
        nav = ['<a href="list.asp?classid=7&page=1">首页</a>']
        if index < len(pages):
            nav += [f'<a href="list.asp?classid=7&page={index + 1}">下一页</a>',
                    f'<a href="list.asp?classid=7&page={len(pages)}">尾页</a>']
        pager = " ".join(nav) + f" 页次：{index}/{len(pages)}页 共{len(entries)}条"
        body = f'<table class="list">{rows}</table><div class="page">{pager}</div>'
        path = PLANS.path if index == 1 else f"{PLANS.path}&page={index}"
        served[path] = Served(html(PLANS.name, body, charset="gb2312"), encoding="gbk", content_type="text/html")
    return served


PLANS_RECENT = _entries(28, newest=date(2026, 10, 30), step_days=60, prefix="年度重点工作计划")  # back to 2022-05
OLD_FIVE_YEAR_PLAN = Entry("国民经济和社会发展第十三个五年规划纲要", date(2019, 3, 1), 5999)


# -- SiteServer: /channels/12.html, /channels/12_2.html …, page numbers only ----------------------

SPECIAL = ExampleColumn("zxgz", "专项工作", "other", "/channels/12.html")


def _siteserver_column(entries: list[Entry], *, repeat_last: bool = False) -> dict[str, Served]:
    pages = _chunks(entries)
    names = ["/channels/12.html", *(f"/channels/12_{n}.html" for n in range(2, len(pages) + 1))]
    served = {}
    for index, chunk in enumerate(pages):
        rows = _rows(chunk, lambda e: f"/contents/12/{e.number}.html")
        numbers = " ".join(f'<a href="{name}">{n}</a>' if n != index + 1 else f"<span>{n}</span>"
                           for n, name in enumerate(names, start=1))
        pager = f'<a href="{names[0]}">首页</a> {numbers} <a href="{names[-1]}">尾页</a>'
        if repeat_last and index == len(pages) - 1:  # a broken pager: its last page links one more, the same again
            pager += f' <a href="/channels/12_{len(pages) + 1}.html">{len(pages) + 1}</a>'
        served[names[index]] = Served(html(SPECIAL.name, _chrome(SPECIAL.name, rows, pager)))
    if repeat_last:
        last = served[names[-1]]
        for extra in range(len(pages) + 1, len(pages) + 40):  # page N+k shows page N's items and links N+k+1
            served[f"/channels/12_{extra}.html"] = Served(last.body.replace(
                f'/channels/12_{len(pages) + 1}.html">{len(pages) + 1}<',
                f'/channels/12_{extra + 1}.html">{extra + 1}<'))
    return served


SPECIAL_RECENT = _entries(38, newest=date(2026, 11, 26), step_days=18, prefix="人居环境整治工作简报")  # to 2025-01
OLD_CAMPAIGN = Entry("2016年“两学一做”学习教育实施方案", date(2016, 4, 20), 3001)


# -- Hanweb pageNum, and a column the rule does not cover ------------------------------------------

NEWS = ExampleColumn("gzdt", "工作动态", "news", "/col/col1001/index.html")
REPORTS = ExampleColumn("ndbg", "政府信息公开年报", "reports", "/col/col1009/index.html")


def _pagenum_column(column: ExampleColumn, entries: list[Entry], uid: int) -> dict[str, Served]:
    pages = _chunks(entries)
    served = {}
    for index, chunk in enumerate(pages, start=1):
        rows = _rows(chunk, lambda e: f"/art/{e.day.year}/{e.day.month}/{e.day.day}/art_1001_{e.number}.html")
        nav = f'<a href="{column.path}?uid={uid}&pageNum={index + 1}">下一页</a>' if index < len(pages) else ""
        path = column.path if index == 1 else f"{column.path}?uid={uid}&pageNum={index}"
        served[path] = Served(html(column.name, _chrome(column.name, rows, f"共{len(pages)}页 {nav}")))
    return served


NEWS_TWO_YEARS = _entries(36, newest=date(2026, 11, 27), step_days=20, prefix="县政府召开专题会议")  # to 2024-12-27
ANNUAL_REPORTS = [Entry(f"示例县{year}年政府信息公开工作年度报告", date(year + 1, 3, 20), 100 + year)
                  for year in range(2025, 2014, -1)]


EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="full-depth-columns", verdict="FAIL",
        title="TRS 财政预决算：8 年前的计划在第 7 页（createPageHTML 只由脚本写出）",
        columns=(FINANCE,), pages=_trs_column(FINANCE, [*FINANCE_RECENT, OLD_PLAN]), judges=JUDGED,
        expect=(("content.outdated", item_path(FINANCE, OLD_PLAN)),),
        notes="前 6 页 30 条都在两年内；index_6.htm 的最后一条是 2018-03-01",
    ),
    IdiomExample(
        pattern="full-depth-columns", verdict="PASS",
        title="TRS 财政预决算：7 页都在两年内",
        columns=(FINANCE,), pages=_trs_column(FINANCE, FINANCE_RECENT[:35]), judges=JUDGED,
    ),
    IdiomExample(
        pattern="full-depth-columns", verdict="FAIL",
        title="大汉 jpage 人事信息：过时的任免通知在 dataproxy.jsp 第三组（第 40 条）",
        columns=(PERSONNEL,), pages=_jpage_column(_with(PERSONNEL_RECENT, 39, OLD_APPOINTMENT)), judges=JUDGED,
        expect=(("content.outdated", "/art/2023/5/10/art_1234_8888.html"),),
    ),
    IdiomExample(
        pattern="full-depth-columns", verdict="FAIL",
        title="ASP 规划计划（GBK，page=）：第 6 页 7 年前的规划过时，4 年半前的计划未过 5 年",
        columns=(PLANS,), pages=_asp_column([*PLANS_RECENT, OLD_FIVE_YEAR_PLAN]), judges=JUDGED,
        expect=(("content.outdated", "/show.asp?id=5999"),),
        notes="规划计划类按 5 年判定（mengjin-2011 的 max_age_by_kind）",
    ),
    IdiomExample(
        pattern="full-depth-columns", verdict="FAIL",
        title="SiteServer 专项工作：只有页码的分页，2016 年的方案在第 8 页",
        columns=(SPECIAL,), pages=_siteserver_column([*SPECIAL_RECENT, OLD_CAMPAIGN]), judges=JUDGED,
        expect=(("content.outdated", "/contents/12/3001.html"),),
    ),
    IdiomExample(
        pattern="full-depth-columns", verdict="PASS",
        title="SiteServer 专项工作：末页的页码不断指向“下一页”，内容重复，读到不再出现新条目为止",
        columns=(SPECIAL,), pages=_siteserver_column(SPECIAL_RECENT[:35], repeat_last=True), judges=JUDGED,
    ),
    IdiomExample(
        pattern="full-depth-columns", verdict="PASS",
        title="大汉 pageNum 工作动态：8 页读到末页，最旧一条 23 个月前；年报栏目的旧年报不判定",
        columns=(NEWS, REPORTS),
        pages={**_pagenum_column(NEWS, NEWS_TWO_YEARS, 4001), **_pagenum_column(REPORTS, ANNUAL_REPORTS, 4009)},
        judges=JUDGED,
    ),
)
