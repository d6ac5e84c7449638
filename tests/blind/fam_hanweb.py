"""Hanweb (大汉) jpage sites: /col/colN/index.html, <datastore>, dataproxy.jsp, JS arrays,
uid/pageNum pagers and letter.jsp?lid=&col=."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from .common import (
    Resp,
    Site,
    article_body,
    catalogue_doc,
    cn_date,
    cv_text,
    dates,
    doc_body,
    iso,
    jpeg_bytes,
    leader_body,
    letter_body,
    letter_page,
    months_ago,
    news_items,
    page_html,
    years_ago,
)

PROXY = "/module/web/jpage/dataproxy.jsp"


def art(col, it, when=None):
    if it.get("path"):  # a page outside the dated /art/ tree
        return it["path"]
    d = when or it["date"] or it["pub"]
    return f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{it['id']}.html"


def add_items(site, col, items, when=None):
    urls = {}
    for it in items:
        p = art(col, it, when(it) if when else None)
        urls[it["id"]] = site.url(p)
        site.add(p, page_html(site, it["title"], it["body"],
                              gov_meta={"ArticleTitle": it["title"], **(it.get("meta") or {})}))
    return urls


def record(col, it):
    span = f'<span class="bt_time">{iso(it["date"])}</span>' if it["date"] else ""
    return (f'<li><a href="{art(col, it)}" target="_blank" title="{it["title"]}">{it["title"]}</a>'
            f'{span}</li>')


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
    more = [s.column("special", "专项工作", "/col/col1006/index.html", "other"),
            s.column("documents", "政府文件", "/col/col1007/index.html", "documents", "政策/规范性文件")]
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
    chengguan_depth(est, s, *more)
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
    more = [s.column("rules", "规范性文件", "/col/col2004/index.html", "documents", "政策/规范性文件"),
            s.column("leaders", "领导信息", "/col/col2006/index.html", "leaders", "机构职能"),
            s.column("mailbox", "局长信箱", "/col/col2007/index.html", "mailbox")]
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
    jyj_depth(est, s, *more)
    return s


# ---------------------------------------------------------------- later patterns

def uid_pager(colpath, uid, n, pages):
    """Hanweb's 首页 上一页 下一页 尾页 pager of ?uid=…&pageNum=N pages (n: 1-based current page)."""
    def href(k):
        return f"{colpath}?uid={uid}&pageNum={k}"
    parts = [f'<a href="{href(1)}">首页</a>']
    if n > 1:
        parts.append(f'<a href="{href(n - 1)}">上一页</a>')
    if n < pages:
        parts.append(f'<a href="{href(n + 1)}">下一页</a>')
    parts.append(f'<a href="{href(pages)}">尾页</a> 共{pages}页 当前第{n}页')
    return '<div class="page">' + " ".join(parts) + "</div>"


def uid_list(site, colid, colname, rows, uid, per):
    """List pages /col/colN/index.html and index.html?uid=…&pageNum=K (K = 1 … pages)."""
    colpath = f"/col/col{colid}/index.html"
    pages = (len(rows) + per - 1) // per
    for n in range(1, pages + 1):
        html = html_list(site, colid, colname, rows[per * (n - 1):per * n], uid_pager(colpath, uid, n, pages))
        site.add(f"{colpath}?uid={uid}&pageNum={n}", html)
        if n == 1:
            site.add(colpath, html)
    return pages


SPECIAL = ["扫黑除恶专项斗争", "安全生产大检查", "农村人居环境整治", "防汛抗旱", "禁毒宣传", "森林防火",
           "创建文明城市", "乡村振兴", "河长制工作", "信访积案化解"]


def chengguan_depth(est, s, special, docs):
    # full-depth-columns: a jpage column of 37 records, 5 a page; records 16+ only from dataproxy ranges
    ds = [est.d(4 + 21 * k) for k in range(33)]
    young = months_ago(est.as_of, 23)
    old1, old2 = months_ago(est.as_of, 27), years_ago(est.as_of, 3) - dt.timedelta(days=10)
    items = []
    for k, d in enumerate(ds + [young, None, old1, old2]):
        if d is None:
            t = "城关镇专项工作简介"
            items.append({"id": est.xid(), "title": t, "date": None, "path": "/col/col1006/zxgzjj.html",
                          "body": f'<div class="article"><h1>{t}</h1><div class="content"><p>　　本栏目发布城关镇'
                                  f'各项专项工作的部署、进展和成效。</p></div></div>'})
            continue
        t = f"城关镇{SPECIAL[k % len(SPECIAL)]}工作进展情况（第{len(ds) - k + 1}期）"
        items.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d, "城关镇人民政府")})
    jpage_column(s, 1006, special["name"], items, 31, 4456, 5, by_name=True)
    u = add_items(s, 1006, items)
    est.plant("content.outdated", s, "special", u[items[-2]["id"]], "full-depth-columns",
              f"jpage 第 36 条（第 8 页，dataproxy startrecord=31 之后）{iso(old1)}：2 年 3 个月")
    est.plant("content.outdated", s, "special", u[items[-1]["id"]], "full-depth-columns",
              f"jpage 第 37 条（第 8 页）{iso(old2)}：超过三年")
    est.ok("content.outdated", s, u[items[-4]["id"]], "full-depth-columns",
           f"jpage 第 34 条 {iso(young)}：23 个月，未满两年")
    est.ok("content.outdated", s, u[items[-3]["id"]], "full-depth-columns",
           "jpage 第 35 条：无日期的专项工作简介（列表、页面、网址都无日期）")
    est.ok("column.cadence", s, special["url"], "full-depth-columns", "专项工作（other）无 update_within，不查更新")

    # catalogue: Hanweb 公开 tables, th/td rows, 索　引　号 with full-width spaces
    org = "云溪县城关镇人民政府"
    wide = {"index_no": "索　引　号"}
    specs = [  # pub offset, delay, fields changed (None: left out), labels, colon, meta
        (2, 6, {"index_no": ""}, wide, "", {}),
        (6, 4, {}, dict(wide, publisher="发文机关", published="公开日期"), "", {}),
        (10, 4, {"publisher": None}, wide, "：", {"ContentSource": org}),
        (15, 2, {}, dict(wide, formed="生成日期"), "：", {}),
    ]
    topics = ["做好冬季供暖保障", "加强城区占道经营管理", "开展消防安全隐患排查", "做好2027年元旦春节期间有关工作"]
    items, rows = [], []
    for k, (off, delay, change, labels, colon, meta) in enumerate(specs):
        pub = est.d(off)
        fields = {"index_no": f"11410322-1/{pub.year}-{12 + k:05d}", "topic": "综合政务", "publisher": org,
                  "formed": cn_date(pub - dt.timedelta(days=delay)), "wenhao": f"城政〔{pub.year}〕{12 + k}号",
                  "published": cn_date(pub)}
        for key, v in change.items():
            if v is None:
                fields.pop(key)
            else:
                fields[key] = v
        title = f"城关镇人民政府关于{topics[k]}的通知"
        it = {"id": est.xid(), "title": title, "date": pub, "meta": meta,
              "body": catalogue_doc(title, org, fields, "th", labels, colon, empty="&nbsp;")}
        items.append(it)
        rows.append(f'<li><a href="{art(1007, it)}" target="_blank">{title}</a><span>{iso(pub)}</span></li>')
    u = add_items(s, 1007, items)
    s.add("/col/col1007/index.html", html_list(s, 1007, docs["name"], rows))
    est.plant("document.metadata", s, "documents", u[items[0]["id"]], "catalogue",
              "索　引　号 一格为空（&nbsp;）")
    est.ok("document.metadata", s, u[items[1]["id"]], "catalogue", "发文机关、公开日期、无冒号：四项齐全")
    est.ok("document.metadata", s, u[items[2]["id"]], "catalogue",
           "表中无发布机构，但 <meta name=\"ContentSource\"> 载明发布机构")
    est.ok("document.metadata", s, u[items[3]["id"]], "catalogue", "生成日期作成文日期：四项齐全")
    est.ok("document.late", s, u[items[1]["id"]], "catalogue", "成文后 4 天公开（中文日期）")


def jyj_depth(est, s, rules, leaders, mail):
    # full-depth-columns: 规范性文件 (documents, 5 years), uid/pageNum pager to page 8
    offs = [2, 9, 16, 23, 30, 37, 44] + [80 + 46 * k for k in range(30)]
    ds = [est.d(o) for o in offs]
    four, six, seven = years_ago(est.as_of, 4), years_ago(est.as_of, 6) - dt.timedelta(days=30), \
        years_ago(est.as_of, 7) - dt.timedelta(days=60)
    topics = ["中小学生学籍管理办法", "校外培训机构管理办法", "教师资格定期注册实施办法", "学前教育收费管理办法",
              "义务教育招生入学办法", "校车安全管理办法", "学生资助资金管理办法", "民办学校年检办法"]
    items, rows = [], []
    for k, pub in enumerate(ds + [four, six, seven]):
        title = f"云溪县教育局关于印发{topics[k % len(topics)]}的通知"
        formed = pub - dt.timedelta(days=3 + k % 9)
        it = {"id": est.xid(), "title": title, "date": pub,
              "body": doc_body(title, f"004992110/{pub.year}-{300 + k}", "云溪县教育局", formed, pub,
                               f"云教规〔{pub.year}〕{k % 9 + 1}号", "th" if k % 2 else "td")}
        items.append(it)
        rows.append(f'<li><a href="{art(2004, it)}" target="_blank">{title}</a><span>{iso(pub)}</span></li>')
    u = add_items(s, 2004, items)
    pages = uid_list(s, 2004, rules["name"], rows, 5564, 5)
    assert pages == 8
    est.plant("content.outdated", s, "rules", u[items[-2]["id"]], "full-depth-columns",
              f"规范性文件第 8 页（?uid=5564&pageNum=8）{iso(six)}：超过五年")
    est.plant("content.outdated", s, "rules", u[items[-1]["id"]], "full-depth-columns",
              f"规范性文件第 8 页 {iso(seven)}：超过七年")
    est.ok("content.outdated", s, u[items[-3]["id"]], "full-depth-columns",
           f"规范性文件第 8 页 {iso(four)}：4 年，文件保留 5 年")
    est.ok("document.late", s, u[items[-2]["id"]], "full-depth-columns", "六年前的文件按时公开（只是过时）")
    est.ok("document.metadata", s, u[items[-1]["id"]], "full-depth-columns", "七年前的文件元数据齐全")
    est.ok("column.cadence", s, rules["url"], "full-depth-columns", "近 45 天每 7 天一件（30 天时限内）")
    est.ok("link.broken", s, s.url("/col/col2004/index.html?uid=5564&pageNum=8"), "full-depth-columns",
           "尾页链接 pageNum=8")

    # leaders with the dates they took office (old): leaders are not judged for outdated content
    specs = [("宋志伟", "局长", dt.date(2018, 9, 12)), ("潘丽君", "副局长", dt.date(2020, 1, 15)),
             ("许国栋", "副局长", dt.date(2021, 6, 3))]
    items, rows = [], []
    for k, (name, post, d) in enumerate(specs):
        it = {"id": est.xid(), "title": f"{post}：{name}", "date": d}
        photo = f"/picture/0/{d.year % 100:02d}{d.month:02d}{d.day:02d}{it['id']}.jpg"
        s.add(photo, jpeg_bytes(photo), ctype="image/jpeg")
        it["body"] = leader_body(name, post, photo, f"主持{post}分管的基础教育、教师队伍建设工作。",
                                 cv_text(name, 1971 + k), style="table", duty_label="工作分工",
                                 cv_label="个人简历")
        items.append(it)
        rows.append(f'<li><a href="{art(2006, it)}" target="_blank">{it["title"]}</a><span>{iso(d)}</span></li>')
    u = add_items(s, 2006, items)
    s.add("/col/col2006/index.html", html_list(s, 2006, leaders["name"], rows))
    est.ok("content.outdated", s, u[items[0]["id"]], "full-depth-columns",
           "领导信息列表日期 2018 年（任职时间）：领导栏目不适用过时信息规则")
    est.ok("content.outdated", s, u[items[1]["id"]], "full-depth-columns", "领导信息 2020 年：不适用")
    est.ok("leader.incomplete", s, u[items[0]["id"]], "full-depth-columns", "照片、分工、简历齐全")

    # letters-in-full: letter.jsp?lid=N, three pages of five (uid/pageNum)
    old3 = (est.as_of - years_ago(est.as_of, 3)).days + 40
    letters = [  # received offset, reply mode, reply offset, status, reply time
        (1, "absent", None, "办理中", None), (3, "answered", 1, "已回复", None),
        (5, "empty", None, "已受理", None), (8, "answered", 3, "已回复", None), (11, "answered", 4, "已回复", None),
        (14, "answered", 6, "已回复", None), (17, "answered", 9, "已回复", None), (21, "answered", 12, "已回复", None),
        (24, "answered", 13, "已回复", None), (28, "answered", 15, "已回复", None),
        (40, "empty", None, "已受理", None), (42, "answered", 27, "已回复", "09:00"),
        (47, "answered", 33, "已回复", None), (90, "answered", 60, "已回复", None),
        (old3, "answered", old3 - 6, "已回复", None)]
    topics = ["学区划分", "校车接送", "教师招聘", "课后服务收费", "学生营养餐", "转学手续", "幼儿园入园",
              "毕业证补办", "校舍维修", "教师职称评审", "特长生招生", "学生资助", "寒假补课", "食堂卫生", "学籍转接"]
    rows, lu = [], []
    for k, (rcv, mode, rep, st, rtime) in enumerate(letters):
        lid = 5200 + k
        d = est.d(rcv)
        title = f"关于{topics[k]}的咨询"
        href = f"/letter.jsp?lid={lid}"
        s.add(href, page_html(s, title, letter_page(title, d, "hanweb", mode,
                                                    est.d(rep) if rep is not None else None, st,
                                                    reply_time=rtime or "16:30", unit="云溪县教育局")))
        lu.append(s.url(href))
        rows.append(f'<li><a href="{href}" target="_blank">{title}</a><em>{st}</em><span>{iso(d)}</span></li>')
    uid_list(s, 2007, mail["name"], rows, 5567, 5)
    est.plant("mailbox.overdue", s, "mailbox", lu[10], "letters-in-full",
              "第 3 页：40 天前来信，页面有“答复内容”栏但无内容（未答复）")
    est.plant("mailbox.overdue", s, "mailbox", lu[13], "letters-in-full",
              "第 3 页：90 天前来信，30 天后才答复（不论来信多久以前）")
    est.ok("mailbox.overdue", s, lu[11], "letters-in-full",
           "第 3 页：恰第 15 天答复（来信 10:20，答复 09:00）")
    est.ok("mailbox.overdue", s, lu[12], "letters-in-full", "第 3 页：14 天答复")
    est.ok("mailbox.overdue", s, lu[2], "letters-in-full", "第 1 页：5 天前来信，答复内容为空，仍在 15 天内")
    est.ok("mailbox.overdue", s, lu[9], "letters-in-full", "第 2 页：13 天答复")
    est.ok("content.outdated", s, lu[14], "full-depth-columns", "三年前的来信：信箱不适用过时信息规则")
