"""Hanweb (大汉) jpage sites: /col/colN/index.html, <datastore>, dataproxy.jsp, JS arrays,
uid/pageNum pagers and letter.jsp?lid=&col=."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from .common import (
    Resp,
    Site,
    cv_text,
    dates,
    doc_body,
    iso,
    jpeg_bytes,
    leader_body,
    letter_body,
    news_items,
    page_html,
)

PROXY = "/module/web/jpage/dataproxy.jsp"


def art(col, it, when=None):
    d = when or it["date"]
    return f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{it['id']}.html"


def add_items(site, col, items, when=None):
    urls = {}
    for it in items:
        p = art(col, it, when(it) if when else None)
        urls[it["id"]] = site.url(p)
        site.add(p, page_html(site, it["title"], it["body"],
                              gov_meta={"ArticleTitle": it["title"]}))
    return urls


def record(col, it):
    return (f'<li><a href="{art(col, it)}" target="_blank" title="{it["title"]}">{it["title"]}</a>'
            f'<span class="bt_time">{iso(it["date"])}</span></li>')


def jpage_column(site, col, colname, items, webid, unitid, perpage, by_name):
    """A jpage column: first `perpage` records in the page, the rest from dataproxy."""
    recs = [record(col, it) for it in items]
    webname = quote(site.name)
    total = len(recs)
    group = perpage * 3
    nxt = (f"{PROXY}?startrecord={perpage + 1}&endrecord={min(total, group)}&perpage={perpage}"
           f"&col=1&appid=1&webid={webid}&path=/&columnid={col}&sourceContentType=1"
           f"&unitid={unitid}&webname={webname}&permissiontype=0")
    store = "\n".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in recs[:perpage])
    if by_name:
        params = (f"var totalRecord = {total};\nvar perpage = {perpage};\n",
                  "totalRecord: totalRecord,\n    perPage: perpage,")
    else:
        params = ("", f"totalRecord: {total},\n    perPage: {perpage},")
    body = f"""<div class="bt-position">您的位置：<a href="/index.html">首页</a> &gt; {colname}</div>
<div class="default_pgContainer" id="{unitid}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{nxt}"></a>]]></nextgroup>
<recordset>
{store}
</recordset>
</datastore></script></div>
<script language="javascript">
{params[0]}$(document).ready(function(){{
  $('#{unitid}').jpage({{
    dataStore: $('#{unitid} datastore')[0],
    ajaxParam: 'col=1&appid=1&webid={webid}&path=/&columnid={col}&sourceContentType=1&unitid={unitid}&webname={webname}&permissiontype=0',
    {params[1]}
    proxyUrl: '{PROXY}',
    groupSize: 3,
    barPosition: 'bottom',
    dataBefore: '<ul class="list">',
    dataAfter: '</ul>',
    objectType: 'Xml'
  }});
}});
</script>"""
    head = '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>\n' \
           '<script type="text/javascript" src="/module/jslib/jpage/jpage.js"></script>\n'
    site.add(f"/col/col{col}/index.html", page_html(site, colname, body, head_extra=head))
    site.jpage = getattr(site, "jpage", {})
    site.jpage[str(col)] = recs


def dataproxy(site):
    def handle(path, params):
        recs = site.jpage.get(params.get("columnid", ""))
        if recs is None:
            return Resp(b"", status=404)
        try:
            per = int(params.get("perpage") or 15)
            start = int(params.get("startrecord") or 1)
            end = int(params.get("endrecord") or per * 3)
        except ValueError:
            return Resp(b"", status=500)
        start, end = max(1, start), min(len(recs), end)
        body = ('<?xml version="1.0" encoding="UTF-8"?><datastore>'
                f"<totalrecord>{len(recs)}</totalrecord><recordset>"
                + "".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in recs[start - 1:end])
                + "</recordset></datastore>")
        return Resp(body, ctype="text/xml;charset=UTF-8")
    site.dynamic[PROXY] = handle


def js_array_column(site, col, colname, items, keys):
    t, u, d = keys
    arr = ",\n".join(f'{{{t}:"{it["title"]}",{u}:"{art(col, it)}",{d}:"{iso(it["date"])}"}}'
                     for it in items)
    body = f"""<div class="bt-position">您的位置：<a href="/index.html">首页</a> &gt; {colname}</div>
<div class="list" id="list{col}"></div>
<script type="text/javascript">
var list=[
{arr}
];
var html='<ul class="list">';
for(var i=0;i<list.length;i++){{
  html+='<li><a href="'+list[i].{u}+'" target="_blank">'+list[i].{t}+'</a><span>'+list[i].{d}+'</span></li>';
}}
document.write(html+'</ul>');
</script>"""
    site.add(f"/col/col{col}/index.html", page_html(site, colname, body))


def html_list(site, col, colname, rows, pager=""):
    body = (f'<div class="bt-position">您的位置：<a href="/index.html">首页</a> &gt; {colname}</div>'
            f'<div class="list"><ul>{"".join(rows)}</ul>{pager}</div>')
    return page_html(site, colname, body)


def home(site):
    body = "".join(f'<div class="block"><h3><a href="{h}">{t}</a></h3></div>' for h, t in site.nav)
    site.add("/", page_html(site, "首页", body))
    site.add("/index.html", page_html(site, "首页", body))


JQUERY = b"/*! jQuery v1.7.2 (stub) */\nwindow.jQuery=window.$=function(){return {ready:function(f){},jpage:function(o){}};};\n"
JPAGE = b"/* jpage.js Hanweb */\n(function($){$.fn=$.fn||{};})(window.jQuery);\n"


def scripts(site):
    site.add("/module/jslib/jquery/jquery.js", JQUERY, ctype="application/javascript")
    site.add("/module/jslib/jpage/jpage.js", JPAGE, ctype="application/javascript")


def build_chengguan(est):
    s = Site(est, "chengguan", "云溪县城关镇人民政府", "127.0.0.151", "town", home="/index.html")
    est.sites.append(s)
    s.robots()
    scripts(s)
    dataproxy(s)
    news = s.column("news", "城关要闻", "/col/col1001/index.html", "news")
    gov = s.column("govinfo", "政务信息", "/col/col1002/index.html", "govinfo")
    lead = s.column("leaders", "领导信息", "/col/col1003/index.html", "leaders", "机构职能")
    mail = s.column("mailbox", "镇长信箱", "/col/col1004/index.html", "mailbox")
    work = s.column("work", "工作动态", "/col/col1005/index.html", "other", update_within="7d")
    home(s)

    # news: 5 pinned older records first, then daily; only 15 records in the page
    pinned = news_items(est, "【置顶】城关镇", dates(est, 5, start=60, step=10))
    daily = news_items(est, "城关镇", dates(est, 40))
    items = pinned + daily
    jpage_column(s, 1001, news["name"], items, 31, 4451, 15, by_name=True)
    add_items(s, 1001, items)
    est.ok("column.empty", s, news["url"], "script-lists", "jpage 45 records, totalRecord/perpage as variables")
    est.ok("column.cadence", s, news["url"], "script-lists",
           "daily items; D-10..D-14 are only on dataproxy pages (5 pinned records come first)")

    gitems = news_items(est, "城关镇", dates(est, 20, step=2))
    jpage_column(s, 1002, gov["name"], gitems, 31, 4452, 10, by_name=False)
    add_items(s, 1002, gitems)
    est.ok("column.cadence", s, gov["url"], "script-lists", "jpage literal totalRecord, every 2 days")

    witems = news_items(est, "城关镇", dates(est, 12, start=1, step=3))
    js_array_column(s, 1005, work["name"], witems, ("aT", "aU", "aPd"))
    add_items(s, 1005, witems)
    est.ok("column.empty", s, work["url"], "script-lists", "JS array aT/aU/aPd written by document.write")
    est.ok("column.cadence", s, work["url"], "script-lists", "every 3 days, update_within 7d")

    # leaders: plain undated list; one 404 photo, one flaky photo (503 then 200)
    specs = [("刘振华", "镇党委书记", "ok"), ("陈国庆", "镇长", "404"),
             ("杨秀英", "镇人大主席", "flaky"), ("黄志明", "副镇长", "ok")]
    rows, lurls = [], []
    for k, (name, post, mode) in enumerate(specs):
        it = {"id": est.nid(), "title": name, "date": dt.date(2021, 3, 5)}
        photo = f"/picture/0/2103051{it['id']}.jpg"
        if mode != "404":
            s.add(photo, jpeg_bytes(photo), ctype="image/jpeg", flaky=mode == "flaky")
        it["body"] = leader_body(name, post, photo, f"主持{post}全面工作，分管党建、纪检工作。",
                                 cv_text(name, 1970 + k), style="table" if k % 2 else "div")
        p = art(1003, it)
        rows.append(f'<li><a href="{p}">{post}：{name}</a></li>')
        u = add_items(s, 1003, [it])[it["id"]]
        lurls.append((u, s.url(photo), mode))
    s.add("/col/col1003/index.html", html_list(s, 1003, lead["name"], rows))
    est.plant("leader.incomplete", s, "leaders", lurls[1][0], "general", "镇长照片 404")
    est.plant("link.broken", s, None, lurls[1][1], "general", "领导照片 404")
    est.ok("leader.incomplete", s, lurls[2][0], "deterministic", "照片首次 503 (Retry-After: 1)，之后 200")
    est.ok("link.broken", s, lurls[2][1], "deterministic", "503 then 200 photo")
    est.ok("leader.incomplete", s, lurls[3][0], "undated-lists", "table 版式领导信息齐全")
    est.ok("column.empty", s, lead["url"], "undated-lists", "领导信息：无日期名单")

    # mailbox: letter.jsp?lid=N&col=3, two pages (uid/pageNum pager)
    letters = [  # lid, received offset, reply offset or None, status
        (88, 1, None, "办理中"), (87, 4, 1, "已回复"), (86, 6, None, "已受理"), (85, 9, 3, "已回复"),
        (91, 35, None, "办理中"), (84, 14, 2, "已办结"), (83, 20, 12, "已办结"),
        (92, 60, 18, "已办结"), (82, 30, 17, "已办结"), (81, 40, 30, "已办结"),
        (80, 50, 45, "已办结"), (7, 70, 60, "已办结"), (79, 80, 71, "已办结")]
    rows = []
    lu = {}
    for lid, rcv, rep, st in letters:
        title = f"关于{['小区供暖', '道路破损', '路灯不亮', '噪音扰民', '违章建筑', '低保申请'][lid % 6]}问题的咨询"
        href = f"/letter.jsp?lid={lid}&col=3"
        s.add(href, page_html(s, title, letter_body(title, est.d(rcv), est.d(rep) if rep is not None else None,
                                                    st, lid)))
        lu[lid] = s.url(href)
        rows.append(f'<li><a href="{href}">{title}</a><span>{iso(est.d(rcv))}</span><em>{st}</em></li>')
    p2 = "/col/col1004/index.html?uid=4454&pageNum=2"
    s.add("/col/col1004/index.html", html_list(s, 1004, mail["name"], rows[:8],
                                               f'<div class="page"><a href="{p2}">下一页</a></div>'))
    s.add(p2, html_list(s, 1004, mail["name"], rows[8:],
                        '<div class="page"><a href="/col/col1004/index.html?uid=4454&pageNum=1">上一页</a>'
                        ' 历史信件：<a href="/letter.jsp?lid=9&col=2">关于2019年来信的汇总</a></div>'))
    s.add("/col/col1004/index.html?uid=4454&pageNum=1", s.pages["/col/col1004/index.html"].body,
          ctype="text/html; charset=utf-8")
    est.plant("mailbox.overdue", s, "mailbox", lu[91], "script-item-pages", "来信 35 天未回复")
    est.plant("mailbox.overdue", s, "mailbox", lu[92], "script-item-pages", "来信 42 天后才回复")
    est.plant("link.broken", s, None, s.url("/letter.jsp?lid=9&col=2"), "links-as-linked",
              "letter.jsp?lid=9&col=2 404")
    for lid in (87, 83, 7):
        est.ok("mailbox.overdue", s, lu[lid], "script-item-pages", "15 天内回复")
    est.ok("mailbox.overdue", s, lu[88], "general", "1 天前来信，尚在期限内")
    est.ok("link.broken", s, s.url(p2), "links-as-linked", "uid/pageNum 顺序的分页链接")
    est.ok("link.broken", s, lu[7], "links-as-linked", "letter.jsp?lid=7&col=3")
    return s


def build_jyj(est):
    s = Site(est, "jyj", "云溪县教育局", "127.0.0.156", "department", home="/index.html")
    est.sites.append(s)
    s.robots()
    scripts(s)
    dataproxy(s)
    news = s.column("news", "教育动态", "/col/col2001/index.html", "news")
    gov = s.column("govinfo", "教育政务", "/col/col2002/index.html", "govinfo")
    docs = s.column("documents", "政策文件", "/col/col2003/index.html", "documents", "政策/规范性文件")
    links = s.column("links", "友情链接", "/col/col2005/index.html", "links")
    home(s)

    nitems = news_items(est, "县教育局", dates(est, 20))
    js_array_column(s, 2001, news["name"], nitems, ("t", "u", "d"))
    add_items(s, 2001, nitems)
    est.ok("column.empty", s, news["url"], "script-lists", "JS array t/u/d")
    est.ok("column.cadence", s, news["url"], "script-lists", "JS array daily")

    gitems = news_items(est, "县教育局", dates(est, 24, start=1, step=2))
    jpage_column(s, 2002, gov["name"], gitems, 36, 5561, 8, by_name=True)
    add_items(s, 2002, gitems)
    est.ok("column.empty", s, gov["url"], "script-lists", "jpage by variable names, 24 records, perpage 8")

    ditems, rows = [], []
    for k, delay in enumerate([6, 2, 31, 11, 8, 3, 14, 5, 1, 19, 9, 4]):
        pub = est.d(1 + 2 * k)
        title = f"云溪县教育局关于{['做好寒假安全', '开展教师培训', '规范课后服务', '加强校园安全', '推进集团化办学', '做好学籍管理'][k % 6]}工作的通知（{k + 1}）"
        it = {"id": est.nid(), "title": title, "date": pub,
              "body": doc_body(title, f"004992110/{pub.year}-{k + 100}", "云溪县教育局",
                               pub - dt.timedelta(days=delay), pub, f"云教〔{pub.year}〕{k + 20}号",
                               "th" if k % 2 else "td")}
        ditems.append(it)
        rows.append(f'<li><a href="{art(2003, it)}">{title}</a><span>{iso(pub)}</span></li>')
    u = add_items(s, 2003, ditems)
    p2 = "/col/col2003/index.html?uid=5563&pageNum=2"
    s.add("/col/col2003/index.html", html_list(s, 2003, docs["name"], rows[:8],
                                               f'<div class="page"><a href="{p2}">下一页</a></div>'))
    s.add(p2, html_list(s, 2003, docs["name"], rows[8:],
                        '<div class="page"><a href="/col/col2003/index.html">上一页</a></div>'))
    est.plant("document.late", s, "documents", u[ditems[2]["id"]], "script-item-pages", "成文后 31 天发布")
    for it in (ditems[0], ditems[3], ditems[9]):
        est.ok("document.late", s, u[it["id"]], "script-item-pages", "/art/ 文件按时公开")
    est.ok("link.broken", s, s.url(p2), "links-as-linked", "index.html?uid=5563&pageNum=2")

    outs = [(est.out("/ok/henan-jyt.html"), "省教育厅"), (est.out("/ok/shi-jyj.html"), "市教育局"),
            (est.out("/jyt/list.aspx?type=2&id=1"), "省教育厅通知公告"),
            (est.out("/zxx/index.html?"), "中小学信息网"),
            (est.out("/slow/jxjy.html"), "继续教育网"),
            (est.out("/jyt/show.aspx?id=3&type=1"), "省教育厅招生考试")]
    rows = [f'<li><a href="{h}" target="_blank">{t}</a></li>' for h, t in outs]
    s.add("/col/col2005/index.html", html_list(s, 2005, links["name"], rows))
    est.ok("link.broken", s, outs[2][0], "links-as-linked", "type=2&id=1 非字母序查询串")
    est.ok("link.broken", s, outs[3][0], "links-as-linked", "末尾带 ? 的链接")
    est.ok("link.broken", s, outs[4][0], "deterministic", "2.5 秒慢速外链")
    est.plant("link.broken", s, "links", outs[5][0], "links-as-linked", "show.aspx?id=3&type=1 404")
    est.ok("column.empty", s, links["url"], "undated-lists", "友情链接：无日期")
    return s
