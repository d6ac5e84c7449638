"""Column list pages: items in ul/li, tables, divs, Hanweb datastore scripts, JS arrays.

Labels: the item count and the first and last items exactly (absolute URL, ISO date).
Traps: sidebar hot news (newer dates), year-less dates ("[11-27]", and "[12-30]"
read on a January audit day as last year), pagination bars, the banner date.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from urllib.parse import urljoin

from .common import AS_OF, Site, Spec, fmt_date, news_title, recent_dates

JANUARY_AS_OF = date(2026, 1, 5)


def item_href(site: Site, rng: random.Random, day: date) -> str:
    serial = rng.randrange(10**6, 10**7)
    if site.family == "trs":
        return f"./{day:%Y%m}/t{day:%Y%m%d}_{serial}.html"
    if site.family == "hanweb":
        return f"/art/{day:%Y/%m/%d}/art_{rng.randrange(1000, 9999)}_{serial}.html"
    return f"show.asp?id={serial}"


def list_url(site: Site, rng: random.Random) -> str:
    if site.family == "trs":
        return f"{site.base}/{rng.choice(['xwdt/zwyw', 'zwgk/tzgg', 'xxgk/zfwj'])}/index.html"
    if site.family == "hanweb":
        return f"{site.base}/col/col{rng.randrange(1000, 99999)}/index.html"
    return f"{site.base}/{rng.choice(['news', 'zwgk'])}/list.asp?classid={rng.randrange(1, 40)}"


def rows_ul(items: list[tuple[str, str, date]], rng: random.Random, style: int) -> str:
    cls = rng.choice(["list", "news_list", "lb-list", "xxgk-list"])
    lis = "".join(f'<li><a href="{h}" target="_blank" title="{t}">{t}</a><span class="date">{fmt_date(d, style)}</span></li>'
                  for t, h, d in items)
    return f'<div class="{cls}-box"><ul class="{cls}">{lis}</ul></div>'


def rows_table(items: list[tuple[str, str, date]], rng: random.Random, style: int) -> str:
    head = '<tr class="th"><td>序号</td><td>标题</td><td>发布日期</td></tr>'
    rows = "".join(f'<tr><td>{i + 1}</td><td align="left"><a href="{h}">{t}</a></td><td>{fmt_date(d, style)}</td></tr>'
                   for i, (t, h, d) in enumerate(items))
    return f'<table class="{rng.choice(["tab_list", "list-table"])}" width="100%">{head}{rows}</table>'


def rows_div_yearless(items: list[tuple[str, str, date]], rng: random.Random) -> str:
    cls = rng.choice(["item", "row", "news-item"])
    return "".join(f'<div class="{cls}"><div class="tit"><a href="{h}">{t}</a></div>'
                   f'<div class="time">[{d:%m-%d}]</div></div>' for t, h, d in items)


def rows_datastore(items: list[tuple[str, str, date]], rng: random.Random) -> str:
    records = "".join(f'<record><![CDATA[\n<li><a href="{h}" target="_blank" title="{t}">{t}</a>'
                      f'<span>{d:%Y-%m-%d}</span></li>\n]]></record>' for t, h, d in items)
    column = rng.randrange(1000, 99999)
    return (f'<div id="{column}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
            f'dataproxy.jsp?page=1&webid=1&path=/&columnid={column}&unitid=1&webname=x&permissiontype=0"></a>]]>'
            f'</nextgroup><recordset>{records}</recordset></datastore></script>'
            f'<script language="javascript" src="/module/web/jpage/jpage.js"></script></div>')


def rows_js_array(items: list[tuple[str, str, date]], rng: random.Random) -> str:
    objs = [{"title": t, "url": h, "date": f"{d:%Y-%m-%d}"} for t, h, d in items]
    var = rng.choice(["itemObj", "listData"])
    return (f'<ul id="list"></ul><script type="text/javascript">var {var} = {json.dumps(objs, ensure_ascii=False)};'
            f'\nfor (var i = 0; i < {var}.length; i++) {{ document.getElementById("list").innerHTML += '
            f'"<li><a href=\'" + {var}[i].url + "\'>" + {var}[i].title + "</a><span>" + {var}[i].date + "</span></li>"; }}'
            f"</script>")


def pager(site: Site, rng: random.Random) -> str:
    if site.family == "trs":
        return '<script>createPageHTML(6, 0, "index", "html");</script>'
    return f'<div class="page">共 {rng.randrange(3, 30)} 页 <a href="#">首页</a> <a href="#">上一页</a> <a href="?page=2">下一页</a> <a href="?page=9">尾页</a></div>'


def list_page(rng: random.Random, site: Site, index: int) -> Spec:
    variant = index % 5
    url = list_url(site, rng)
    as_of = JANUARY_AS_OF if variant == 2 and index % 2 == 0 else AS_OF
    newest = as_of - timedelta(days=rng.randrange(0, 3))
    days = recent_dates(rng, newest, rng.randrange(8, 21), max_gap=4)
    items = [(news_title(rng, site), item_href(site, rng, day), day) for day in days]
    style = rng.randrange(5)
    if variant == 0:
        rows = rows_ul(items, rng, style)
    elif variant == 1:
        rows = rows_table(items, rng, style)
    elif variant == 2:
        rows = rows_div_yearless(items, rng)
    elif variant == 3 and site.family == "hanweb":
        rows = rows_datastore(items, rng)
    elif variant == 3:
        rows = rows_js_array(items, rng)
    else:
        rows = rows_ul(items, rng, (style + 1) % 5)
    column = rng.choice(["政务要闻", "通知公告", "部门动态", "乡镇动态", "政策文件"])
    content = f'<div class="column"><h2 class="lm-title">{column}</h2>{rows}{pager(site, rng)}</div>'

    def label(item: tuple[str, str, date]) -> dict[str, str]:
        return {"title": item[0], "url": urljoin(url, item[1]), "date": item[2].isoformat()}

    expect = {"kind": "list", "items": {"count": len(items), "first": label(items[0]), "last": label(items[-1])}}
    metas = [("ColumnName", column)] if site.family == "trs" else []
    return Spec(path=url, kind="list", content=content, expect=expect, title=f"{column}_{site.name}",
                metas=metas, as_of=as_of)
