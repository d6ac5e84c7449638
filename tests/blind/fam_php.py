"""A hand-made PHP town site: news.php?cid=, article.php?ArticleID=, year-less [MM-DD]
dates in <td>, <base href> list pages, and a calendar trap."""

from __future__ import annotations

import datetime as dt

from .common import (
    Resp,
    Site,
    article_body,
    catalogue_doc,
    cn_date,
    cv_text,
    dates,
    form_bytes,
    guide_body,
    iso,
    jpeg_bytes,
    leader_body,
    months_ago,
    news_items,
    page_html,
)


def md(d):
    return f"[{d.month:02d}-{d.day:02d}]"


def table(rows):
    return '<table width="96%" class="news" cellspacing="0">' + "".join(rows) + "</table>"


def row(href, title, d=None):
    td = f'<td width="60" class="date">{md(d)}</td>' if d else ""
    return f'<tr><td class="t">&middot; <a href="{href}" target="_blank">{title}</a></td>{td}</tr>'


def build_baima(est):
    s = Site(est, "baima", "云溪县白马镇人民政府", "127.0.0.155", "town", home="/index.php")
    est.sites.append(s)
    s.robots()
    base = s.base + "/"
    news = s.column("news", "白马新闻", "/bm/news.php?cid=2", "news")
    notes = s.column("notices", "通知公告", "/bm/news.php?cid=3", "notices")
    work = s.column("work", "村务公开", "/bm/news.php?cid=5", "other", update_within="7d")
    svc = s.column("services", "办事指南", "/bszn.php", "services", "行政许可")
    lead = s.column("leaders", "领导信息", "/ldxx.php", "leaders", "机构职能")
    links = s.column("links", "友情链接", "/links.php", "links")
    zx = s.column("special", "专项工作", "/bm/news.php?cid=7", "other")
    gw = s.column("documents", "政府文件", "/bm/news.php?cid=8", "documents", "政策/规范性文件")
    cal = f"/calendar.php?date={est.as_of.year}-{est.as_of.month:02d}-01"
    body = "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in s.nav) + f'<p><a href="{cal}">活动日历</a></p>'
    s.add("/index.php", page_html(s, "首页", body))
    s.add("/", s.pages["/index.php"].body)

    def news_col(cid, title, items, per=15, full_dates=False):
        chunks = [items[i:i + per] for i in range(0, len(items), per)]
        for n, chunk in enumerate(chunks):
            rows = [(row_full if full_dates else row)(f"article.php?ArticleID={it['id']}", it["title"], it["date"])
                    for it in chunk]
            pager = " ".join(f'<a href="bm/news.php?cid={cid}' + (f'&page={i + 1}' if i else '') + f'">{i + 1}</a>'
                             for i in range(len(chunks)))
            q = f"/bm/news.php?cid={cid}" + (f"&page={n + 1}" if n else "")
            s.add(q, page_html(s, title, table(rows) + f'<div class="page">{pager}</div>', base=base))
        for it in items:
            s.add(f"/article.php?ArticleID={it['id']}", page_html(s, it["title"], it["body"]))

    news_col(2, news["name"], news_items(est, "白马镇", dates(est, 30)))
    est.ok("column.cadence", s, news["url"], "general", "[MM-DD] 无年份日期、<base href> 列表，每日更新")
    news_col(3, notes["name"], news_items(est, "白马镇关于", dates(est, 8, start=1, step=5)))
    est.ok("column.cadence", s, notes["url"], "general", "每 5 天")
    witems = news_items(est, "白马镇村务：", dates(est, 10, step=3))
    news_col(5, work["name"], witems)
    est.ok("column.cadence", s, work["url"], "general", "每 3 天（时限 7 天）")
    est.ok("link.broken", s, s.url(f"/article.php?ArticleID={witems[0]['id']}"), "links-as-linked",
           "<base href> 下解析为 /article.php，不是 /bm/article.php")

    guides = [("低保申请", "table", 0, (), True, True), ("土地承包经营权流转", "h3", 1, (), False, False),
              ("老年优待证办理", "strong", 2, (), True, True), ("农村建房审批", "table", 1, ("forms",), False, True)]
    rows = []
    for k, (name, style, var, miss, free, name_row) in enumerate(guides):
        aid = 610 + k
        form = f"upload/{aid}.doc"
        s.add(f"/upload/{aid}.doc", form_bytes(form), ctype="application/msword")
        s.add(f"/article.php?ArticleID={aid}",
              page_html(s, f"{name}办事指南", guide_body(name, form, f"{name}申请表", style, var, miss, name_row, free)))
        rows.append(row(f"article.php?ArticleID={aid}", f"{name}办事指南"))
    s.add("/bszn.php", page_html(s, svc["name"], table(rows)))
    for aid in (610, 611, 612):
        est.ok("service.incomplete", s, s.url(f"/article.php?ArticleID={aid}"), "guides-name-themselves",
               "?ArticleID= 指南齐全")
    est.plant("service.incomplete", s, "services", s.url("/article.php?ArticleID=613"), "script-item-pages",
              "农村建房审批指南缺表格下载")
    est.ok("column.empty", s, svc["url"], "undated-lists", "办事指南：无日期")

    rows = []
    for k, (name, post) in enumerate([("田保国", "镇党委书记"), ("白玉兰", "镇长")]):
        aid = 620 + k
        photo = f"images/ld/{aid}.jpg"
        s.add(f"/images/ld/{aid}.jpg", jpeg_bytes(photo), ctype="image/jpeg")
        s.add(f"/article.php?ArticleID={aid}", page_html(
            s, name, leader_body(name, post, photo, "主持镇党委全面工作。", cv_text(name, 1973 + k),
                                 style="div", duty_label="分工", cv_label="简历")))
        rows.append(row(f"article.php?ArticleID={aid}", f"{post} {name}"))
    s.add("/ldxx.php", page_html(s, lead["name"], table(rows)))
    est.ok("leader.incomplete", s, s.url("/article.php?ArticleID=620"), "script-item-pages", "?ArticleID= 领导齐全")

    outs = [(est.out("/ok/zwfw.html"), "省政务服务网"), (est.out("/ok/shi-mzj.html"), "市民政局"),
            (est.out("/www.bmly.net/"), "白马旅游")]
    s.add("/links.php", page_html(s, links["name"], table([row(h, t) for h, t in outs])))
    est.plant("link.wrong", s, "links", est.out("/www.bmly.net/"), "general", "旅游网域名被博彩页面占用")

    # calendar trap: every month links the next and the previous one, forever
    def calendar(path, params):
        try:
            d = dt.date.fromisoformat(params.get("date", ""))
        except ValueError:
            return Resp(b"bad date", status=400, ctype="text/plain")
        nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        prv = (d.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        body = (f"<h2>{d.year}年{d.month}月 活动日历</h2><p>本月暂无活动安排。</p>"
                f'<p><a href="calendar.php?date={prv.isoformat()}">上一月</a> '
                f'<a href="calendar.php?date={nxt.isoformat()}">下一月</a></p>')
        return Resp(page_html(s, "活动日历", body).encode("utf-8"))
    s.dynamic["/calendar.php"] = calendar
    est.ok("*", s, s.url(cal), "script-item-pages", "日历陷阱：无限的下一月")

    # full-depth-columns: 专项工作 (other, 2 years), news.php?cid=7&page=N to page 6 (full dates here)
    ds = [est.d(2 + 27 * k) for k in range(25)]
    old = months_ago(est.as_of, 25)
    items = []
    for k, d in enumerate(ds + [old]):
        t = f"白马镇{SPECIAL[k % len(SPECIAL)]}工作推进情况"
        items.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d, "白马镇人民政府")})
    news_col(7, zx["name"], items, per=5, full_dates=True)
    assert (len(items) - 1) // 5 + 1 == 6
    est.plant("content.outdated", s, "special", s.url(f"/article.php?ArticleID={items[-1]['id']}"),
              "full-depth-columns", f"专项工作第 6 页（bm/news.php?cid=7&page=6）{iso(old)}：25 个月")
    est.ok("content.outdated", s, s.url(f"/article.php?ArticleID={items[-2]['id']}"), "full-depth-columns",
           "第 5 页最后一条：未满两年")
    est.ok("link.broken", s, s.url("/bm/news.php?cid=7&page=6"), "full-depth-columns",
           "<base href> 下的分页链接 bm/news.php?cid=7&page=6")

    # catalogue: "索引号：…" spans (hand-made template), [MM-DD] list dates
    org = "云溪县白马镇人民政府"
    specs = [(2, 3, ("index_no",)), (9, 3, ()), (16, 14, ())]
    topics = ["做好冬季农村道路交通安全", "加强村级财务管理", "开展农村集体资产清查"]
    items = []
    for k, (off, delay, leave) in enumerate(specs):
        pub = est.d(off)
        fields = {"index_no": f"11410322-7/{pub.year}-{k + 61:05d}", "topic": "综合政务", "publisher": org,
                  "formed": cn_date(pub - dt.timedelta(days=delay)), "wenhao": f"白政〔{pub.year}〕{k + 61}号",
                  "published": cn_date(pub)}
        for key in leave:
            fields.pop(key)
        title = f"白马镇人民政府关于{topics[k]}工作的通知"
        items.append({"id": est.xid(), "title": title, "date": pub,
                      "body": catalogue_doc(title, org, fields, "span")})
    news_col(8, gw["name"], items)
    u = [s.url(f"/article.php?ArticleID={it['id']}") for it in items]
    est.plant("document.metadata", s, "documents", u[0], "catalogue", "文件信息栏无索引号")
    est.ok("document.metadata", s, u[1], "catalogue", "span 标签“索引号：”等四项齐全")
    est.ok("document.late", s, u[2], "catalogue", "成文后 14 天公开（中文日期）")
    return s


SPECIAL = ["防汛抗旱", "森林防火", "禁毒宣传", "人居环境整治", "安全生产", "扫黑除恶"]


def row_full(href, title, d):
    return (f'<tr><td class="t">&middot; <a href="{href}" target="_blank">{title}</a></td>'
            f'<td width="90" class="date">{d.isoformat()}</td></tr>')
