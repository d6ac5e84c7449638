"""A JSP department site: list.jsp?cid=, view.jsp?id=, content.jsp?id=&cid=, info.jsp?infoid=,
mail/detail.jsp?lid=, and a ;jsessionid= trap."""

from __future__ import annotations

import datetime as dt

from .common import (
    Resp,
    Site,
    catalogue_doc,
    dates,
    digest,
    doc_body,
    form_bytes,
    guide_body,
    iso,
    letter_body,
    news_items,
    page_html,
)


def list_html(site, title, rows, pager="", sid=None):
    sess = sid or digest(site.id, title)[:24].upper()
    body = (f'<div class="lm">{title}</div><table class="list">' + "".join(rows) + "</table>"
            f'<div class="page">{pager}</div>'
            f'<p class="print"><a href="/list.jsp;jsessionid={sess}?cid=1">打印本页</a></p>')
    return page_html(site, title, body)


def row(href, title, date=None):
    d = f"<td class='date'>{iso(date)}</td>" if date else ""
    return f'<tr><td><a href="{href}" target="_blank">{title}</a></td>{d}</tr>'


def build_fgw(est):
    s = Site(est, "fgw", "云溪县发展和改革委员会", "127.0.0.153", "department", home="/index.jsp")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "发改动态", "/list.jsp?cid=1", "news")
    docs = s.column("documents", "政策文件", "/list.jsp?cid=2", "documents", "政策/规范性文件")
    svc = s.column("services", "办事指南", "/list.jsp?cid=3", "services", "行政许可")
    gov = s.column("govinfo", "信息公开", "/list.jsp?cid=4", "govinfo")
    mail = s.column("mailbox", "主任信箱", "/mail/list.jsp", "mailbox")
    more = [s.column("catalogue", "信息公开目录", "/list.jsp?cid=7", "documents", "政策/规范性文件"),
            s.column("links", "相关链接", "/list.jsp?cid=6", "links")]
    body = "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in s.nav)
    s.add("/index.jsp", page_html(s, "首页", body))
    s.add("/", s.pages["/index.jsp"].body)

    # news: stale, the newest item is 4 days old
    items = news_items(est, "县发改委", dates(est, 30, start=4))
    rows = [row(f"view.jsp?id={it['id']}", it["title"], it["date"]) for it in items]
    s.add("/list.jsp?cid=1", list_html(s, news["name"], rows[:15], '<a href="list.jsp?cid=1&page=2">下一页</a>'))
    s.add("/list.jsp?cid=1&page=2", list_html(s, news["name"], rows[15:], '<a href="list.jsp?cid=1">首页</a>'))
    for it in items:
        s.add(f"/view.jsp?id={it['id']}", page_html(s, it["title"], it["body"]))
    est.plant("column.cadence", s, "news", news["url"], "general", f"最新一条为 {iso(est.d(4))}，4 天未更新")

    rows = []
    for k, delay in enumerate([7, 3, 12, 27, 5, 16]):
        pub, did = est.d(2 + 3 * k), 201 + k
        title = f"关于{['下达2026年第四批中央预算内投资计划', '做好价格监测', '开展粮食安全检查', '加强节能审查', '推进重点项目', '规范招标投标'][k]}的通知"
        s.add(f"/view.jsp?id={did}", page_html(s, title, doc_body(
            title, f"004990052/{pub.year}-{did}", "云溪县发展和改革委员会", pub - dt.timedelta(days=delay), pub,
            f"云发改〔{pub.year}〕{did}号", "th")))
        rows.append(row(f"view.jsp?id={did}", title, pub))
    s.add("/list.jsp?cid=2", list_html(s, docs["name"], rows))
    est.plant("document.late", s, "documents", s.url("/view.jsp?id=204"), "script-item-pages",
              "view.jsp?id=204 成文后 27 天发布")
    for did in (201, 202, 203):
        est.ok("document.late", s, s.url(f"/view.jsp?id={did}"), "script-item-pages", "view.jsp?id= 按时")
    est.ok("document.metadata", s, s.url("/view.jsp?id=205"), "script-item-pages", "元数据齐全")

    guides = [("固定资产投资项目备案", "h3", 0, (), True, False),
              ("企业投资项目核准", "table", 1, (), True, True),
              ("政府定价商品价格认定", "strong", 0, ("discount",), False, True),
              ("节能审查", "strong", 1, (), False, False)]
    rows = []
    for k, (name, style, var, miss, free, name_row) in enumerate(guides):
        gid = 301 + k
        form = f"/upload/bg/{gid}.xls"
        s.add(form, form_bytes(form), ctype="application/vnd.ms-excel")
        s.add(f"/content.jsp?id={gid}&cid=3", page_html(
            s, f"{name}办事指南", guide_body(name, form, f"{name}申请表.xls", style, var, miss, name_row, free)))
        rows.append(row(f"content.jsp?id={gid}&cid=3", f"{name}办事指南"))
    s.add("/list.jsp?cid=3", list_html(s, svc["name"], rows))
    est.plant("service.incomplete", s, "services", s.url("/content.jsp?id=303&cid=3"), "script-item-pages",
              "content.jsp 指南缺优惠政策")
    for gid in (301, 302, 304):
        est.ok("service.incomplete", s, s.url(f"/content.jsp?id={gid}&cid=3"), "guides-name-themselves",
               "content.jsp 指南齐全（仅标题含事项名称/不收费/变体）")
    est.ok("column.empty", s, svc["url"], "undated-lists", "办事指南：无日期")

    gitems = news_items(est, "县发改委", dates(est, 10, step=2))
    rows = [row(f"info.jsp?infoid={it['id']}", it["title"], it["date"]) for it in gitems]
    for it in gitems:
        s.add(f"/info.jsp?infoid={it['id']}", page_html(s, it["title"], it["body"]))
    s.add("/list.jsp?cid=4", list_html(s, gov["name"], rows))
    est.ok("column.empty", s, gov["url"], "script-item-pages", "仅含 info.jsp?infoid= 的栏目")
    est.ok("column.cadence", s, gov["url"], "script-item-pages", "info.jsp?infoid= 每 2 天")

    rows = []
    for k, (rcv, rep) in enumerate([(3, None), (7, 2), (12, 6), (60, None), (26, 19), (40, 28)]):
        lid = 1100 + k
        title = f"关于{['物价投诉', '项目审批进度', '电价政策', '工程款拖欠', '停车收费', '供暖价格'][k]}的来信"
        st = "已回复" if rep is not None else "待处理"
        s.add(f"/mail/detail.jsp?lid={lid}", page_html(
            s, title, letter_body(title, est.d(rcv), est.d(rep) if rep is not None else None, st, k + 1)))
        rows.append(row(f"detail.jsp?lid={lid}", title, est.d(rcv)))
    s.add("/mail/list.jsp", list_html(s, mail["name"], rows))
    est.plant("mailbox.overdue", s, "mailbox", s.url("/mail/detail.jsp?lid=1103"), "script-item-pages",
              "?lid= 来信 60 天未回复")
    for lid in (1101, 1102, 1104):
        est.ok("mailbox.overdue", s, s.url(f"/mail/detail.jsp?lid={lid}"), "script-item-pages", "按时回复")

    # the jsessionid trap: every session URL links to another one, forever
    def sess(path, params):
        if not path.startswith("/list.jsp;jsessionid="):
            return None
        nxt = digest(path)[:24].upper()
        return Resp(list_html(s, news["name"], [], sid=nxt).encode("utf-8"))
    s.dynamic["jsessionid"] = sess
    first = digest(s.id, news["name"])[:24].upper()
    est.ok("*", s, s.url(f"/list.jsp;jsessionid={first}?cid=1"), "script-item-pages", "jsessionid 陷阱")
    fgw_more(est, s, *more)
    return s


def fgw_more(est, s, cat, links):
    # catalogue: label and value in one cell (索引号：…), ASCII or full-width colons
    org = "云溪县发展和改革委员会"
    specs = [  # pub offset, delay, fields changed, labels, colon
        (3, 6, {"publisher": ""}, {}, "："),
        (7, 5, {}, {}, ":"),
        (11, 4, {}, {"publisher": "发文机关"}, "："),
        (16, 2, {}, {"formed": "生成日期", "published": "公开日期"}, "："),
    ]
    topics = ["开展2026年度价格监督检查", "做好冬季天然气保供", "推进社会信用体系建设", "规范涉企收费"]
    rows = []
    for k, (off, delay, change, labels, colon) in enumerate(specs):
        pub, did = est.d(off), 231 + k
        fields = {"index_no": f"004990052/{pub.year}-{did}", "topic": "发展规划", "publisher": org,
                  "formed": iso(pub - dt.timedelta(days=delay)), "wenhao": f"云发改〔{pub.year}〕{did}号",
                  "published": iso(pub)}
        fields.update(change)
        title = f"关于{topics[k]}工作的通知"
        s.add(f"/view.jsp?id={did}", page_html(s, title, catalogue_doc(title, org, fields, "cell", labels, colon)))
        rows.append(row(f"view.jsp?id={did}", title, pub))
    s.add("/list.jsp?cid=7", list_html(s, cat["name"], rows))
    est.plant("document.metadata", s, "catalogue", s.url("/view.jsp?id=231"), "catalogue",
              "“发布机构：”后为空（标签与值同在一格）")
    est.ok("document.metadata", s, s.url("/view.jsp?id=232"), "catalogue", "索引号:… 半角冒号，标签与值同格：齐全")
    est.ok("document.metadata", s, s.url("/view.jsp?id=233"), "catalogue", "发文机关作发布机构：齐全")
    est.ok("document.metadata", s, s.url("/view.jsp?id=234"), "catalogue", "生成日期、公开日期：齐全")
    est.ok("document.late", s, s.url("/view.jsp?id=234"), "catalogue", "生成日期后 2 天公开")

    # a links column that shows when each link was added (old dates): links are not judged for age
    outs = [(est.out("/ok/ndrc.html"), "国家发展和改革委员会", dt.date(2016, 5, 12)),
            (est.out("/ok/henan-fgw.html"), "省发展和改革委员会", dt.date(2016, 5, 12)),
            (est.out("/ok/sheng-tjj.html"), "省统计局", dt.date(2017, 8, 30))]
    s.add("/list.jsp?cid=6", list_html(s, links["name"], [row(h, t, d) for h, t, d in outs]))
    est.ok("content.outdated", s, outs[0][0], "full-depth-columns", "相关链接列表日期 2016 年：链接栏目不适用过时信息规则")
    est.ok("link.broken", s, outs[2][0], "full-depth-columns", "2017 年加入的链接仍然有效")
