"""SiteServer CMS sites: /channels/N.html (pager /channels/N_2.html), /contents/N/M.html."""

from __future__ import annotations

import datetime as dt

from .common import (
    Site,
    article_body,
    catalogue_doc,
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
    years_ago,
)


def page_href(ch, i):
    return f'/channels/{ch}{"" if i == 0 else f"_{i + 1}"}.html'


def step_pager(ch, n, pages):
    """SiteServer's 首页 上一页 下一页 末页 pager (n: 0-based current page)."""
    parts = [f'<a href="{page_href(ch, 0)}">首页</a>',
             f'<a href="{page_href(ch, n - 1)}">上一页</a>' if n > 0 else "<span>上一页</span>",
             f'<a href="{page_href(ch, n + 1)}">下一页</a>' if n < pages - 1 else "<span>下一页</span>",
             f'<a href="{page_href(ch, pages - 1)}">末页</a>', f"<span>{n + 1}/{pages}</span>"]
    return '<div class="pagination">' + " ".join(parts) + "</div>"


def channel(site, ch, title, items, per_page=20, dated=True, step=False):
    """Channel list pages and content pages; returns {id: url}."""
    urls = {}
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for n, chunk in enumerate(chunks):
        lis = []
        for it in chunk:
            d = f'<span class="date">{iso(it["date"])}</span>' if dated and it.get("date") else ""
            lis.append(f'<li><a href="/contents/{ch}/{it["id"]}.html" title="{it["title"]}">{it["title"]}</a>{d}</li>')
        pager = ""
        if len(chunks) > 1 and step:
            pager = step_pager(ch, n, len(chunks))
        elif len(chunks) > 1:
            links = [f'<a href="/channels/{ch}{"" if i == 0 else f"_{i + 1}"}.html">{i + 1}</a>'
                     for i in range(len(chunks))]
            pager = '<div class="pagination">' + " ".join(links) + "</div>"
        body = (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; {title}</div>'
                f'<ul class="newslist">{"".join(lis) or "<li>暂无信息</li>"}</ul>{pager}')
        site.add(f"/channels/{ch}{'' if n == 0 else f'_{n + 1}'}.html", page_html(site, title, body))
        for it in chunk:
            p = f"/contents/{ch}/{it['id']}.html"
            urls[it["id"]] = site.url(p)
            site.add(p, page_html(site, it["title"], it["body"], gov_meta=it.get("meta")))
    return urls


def home(site):
    body = "".join(f'<div class="block"><a href="{h}">{t}</a></div>' for h, t in site.nav)
    site.add("/", page_html(site, "首页", body))
    site.add("/index.html", page_html(site, "首页", body))


def leader_items(est, site, ch, specs):
    items = []
    for k, (name, post, cv, style) in enumerate(specs):
        it = {"id": est.nid(), "title": name, "date": None}
        photo = f"/upload/images/2020/5/{it['id']}.jpg"
        site.add(photo, jpeg_bytes(photo), ctype="image/jpeg")
        it["body"] = leader_body(name, post, photo, f"负责{post}职责范围内的人事、财务、综合工作。",
                                 cv_text(name, 1969 + k) if cv else None, style=style,
                                 duty_label=("工作分工", "分工", "职责")[k % 3], cv_label="个人简历")
        items.append(it)
    return items


def build_rsj(est):
    s = Site(est, "rsj", "云溪县人力资源和社会保障局", "127.0.0.154", "department")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "人社动态", "/channels/101.html", "news")
    lead = s.column("leaders", "领导信息", "/channels/102.html", "leaders", "机构职能")
    svc = s.column("services", "办事指南", "/channels/103.html", "services", "行政许可")
    notes = s.column("notices", "通知公告", "/channels/104.html", "notices")
    links = s.column("links", "网站链接", "/channels/105.html", "links")
    sgjf = s.column("finance", "三公经费", "/channels/106.html", "other", "其他")
    home(s)

    channel(s, 101, news["name"], news_items(est, "县人社局", dates(est, 30, skip={3, 4, 5, 6})))
    est.plant("column.cadence", s, "news", news["url"], "general",
              f"{iso(est.d(7))} 至 {iso(est.d(2))} 间隔 5 天未更新")

    items = leader_items(est, s, 102, [("冯建设", "局长", True, "div"), ("韩晓燕", "副局长", False, "div"),
                                       ("董立群", "副局长", True, "table")])
    u = channel(s, 102, lead["name"], items, dated=False)
    est.plant("leader.incomplete", s, "leaders", u[items[1]["id"]], "script-item-pages", "副局长无简历")
    est.ok("leader.incomplete", s, u[items[0]["id"]], "undated-lists", "简历在 div.jl 里，标题“个人简历”")
    est.ok("leader.incomplete", s, u[items[2]["id"]], "script-item-pages", "/contents/N/N.html 领导页齐全")
    est.ok("column.empty", s, lead["url"], "undated-lists", "领导信息：无日期")

    # guides: a shared form linked from three guides, a slow form, a 503-then-200 form
    shared = "/upload/files/2020/sbdj.doc"
    s.add(shared, form_bytes(shared), ctype="application/msword")
    slow = "/upload/files/2020/jyzm.doc"
    s.add(slow, form_bytes(slow), ctype="application/msword", delay=3.0)
    flaky = "/upload/files/2020/ltx.xls"
    s.add(flaky, form_bytes(flaky), ctype="application/vnd.ms-excel", flaky=True)
    guides = [("社会保险登记", shared, "strong", 0, True), ("社保关系转移", shared, "table", 1, False),
              ("失业保险金申领", shared, "h3", 1, True), ("就业失业登记证明", slow, "table", 0, True),
              ("退休审批", flaky, "h3", 0, False)]
    gitems = []
    for k, (name, form, style, var, free) in enumerate(guides):
        it = {"id": est.nid(), "title": f"{name}办事指南", "date": None}
        it["body"] = guide_body(name, form, f"{name}表.{form.rsplit('.', 1)[1]}", style, var, (), k % 2 == 0, free)
        gitems.append(it)
    u = channel(s, 103, svc["name"], gitems, dated=False)
    est.ok("link.broken", s, s.url(shared), "deterministic", "一份表格被三个指南同时链接")
    est.ok("service.incomplete", s, u[gitems[0]["id"]], "guides-name-themselves", "strong 版式，不收费")
    est.ok("service.incomplete", s, u[gitems[3]["id"]], "deterministic", "表格 3 秒后才下载完（超时 10 秒内）")
    est.ok("link.broken", s, s.url(slow), "deterministic", "3 秒慢速表格")
    est.ok("service.incomplete", s, u[gitems[4]["id"]], "deterministic", "表格首次 503 Retry-After 1")
    est.ok("link.broken", s, s.url(flaky), "deterministic", "503 then 200")
    est.ok("column.empty", s, svc["url"], "undated-lists", "办事指南：无日期")

    channel(s, 104, notes["name"], [])
    est.plant("column.empty", s, "notices", notes["url"], "general", "通知公告“暂无信息”")

    outs = [("/ok/sheng-rst.html", "省人社厅"), ("/ok/shi-rsj.html", "市人社局"), ("/gone/12333.html", "12333 服务网")]
    lis = "".join(f'<li><a href="{est.out(p)}" target="_blank">{t}</a></li>' for p, t in outs)
    s.add("/channels/105.html", page_html(s, links["name"], f'<ul class="links">{lis}</ul>'))
    est.plant("link.broken", s, "links", est.out("/gone/12333.html"), "general", "外链 404")
    rsj_depth(est, s, sgjf)
    return s


def build_hekou(est):
    s = Site(est, "hekou", "云溪县河口镇人民政府", "127.0.0.159", "town")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "河口新闻", "/channels/201.html", "news")
    notes = s.column("notices", "公示公告", "/channels/202.html", "notices")
    special = s.column("special", "专题专栏", "/channels/203.html", "other", update_within="7d")
    lead = s.column("leaders", "领导之窗", "/channels/204.html", "leaders", "机构职能")
    more = [s.column("documents", "政府文件", "/channels/205.html", "documents", "政策/规范性文件"),
            s.column("services", "便民服务", "/channels/206.html", "services", "行政许可")]
    home(s)

    channel(s, 201, news["name"], news_items(est, "河口镇", dates(est, 30)))
    est.ok("column.cadence", s, news["url"], "general", "每日更新，分两页")
    old = years_ago(est.as_of, 2) - dt.timedelta(days=30)
    nitems = news_items(est, "河口镇关于", dates(est, 6, start=2, step=5) + [old])
    u = channel(s, 202, notes["name"], nitems)
    est.plant("content.outdated", s, "notices", u[nitems[-1]["id"]], "script-item-pages",
              f"{iso(old)} 的公告仍在列表（超过两年）")
    sitems = news_items(est, "河口镇专题：", dates(est, 6, start=20, step=6))
    channel(s, 203, special["name"], sitems)
    est.plant("column.cadence", s, "special", special["url"], "general",
              f"专题专栏最新为 {iso(est.d(20))}（本栏目时限 7 天）")

    items = leader_items(est, s, 204, [("蒋文斌", "镇党委书记", True, "table"), ("谢红霞", "镇长", True, "div")])
    act = news_items(est, "", [est.d(3)])[0]
    act["title"] = "镇长谢红霞带队检查安全生产（领导活动）"
    u = channel(s, 204, lead["name"], items + [act], dated=False)
    est.ok("leader.incomplete", s, u[act["id"]], "undated-lists", "领导栏目中的“领导活动”新闻")
    est.ok("leader.incomplete", s, u[items[0]["id"]], "script-item-pages", "/contents/N/N.html 领导齐全")
    hekou_more(est, s, *more)
    return s


# ---------------------------------------------------------------- later patterns

def rsj_depth(est, s, sgjf):
    """full-depth-columns: 三公经费 (other, 2 years), /channels/106_K.html to page 8, step pager."""
    ds = [est.d(6 + 25 * k) for k in range(27)]
    old = months_ago(est.as_of, 26)
    kinds = ["部门预算及“三公”经费预算", "部门决算及“三公”经费决算", "社会保险基金预算执行情况"]
    items = []
    for k, d in enumerate(ds + [None, old]):
        if d is None:
            t = "关于“三公”经费公开有关情况的说明"
            items.append({"id": est.xid(), "title": t, "date": None,
                          "body": f'<div class="article"><h1>{t}</h1><div class="content"><p>　　“三公”经费是指'
                                  f'因公出国（境）费、公务用车购置及运行费、公务接待费。</p></div></div>'})
            continue
        kind = kinds[k % 3]
        t = f"云溪县人力资源和社会保障局{d.year}年{kind}公开"
        items.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d, "云溪县人社局")})
    u = channel(s, 106, sgjf["name"], items, per_page=4, step=True)
    assert (len(items) - 1) // 4 + 1 == 8
    est.plant("content.outdated", s, "finance", u[items[-1]["id"]], "full-depth-columns",
              f"三公经费第 8 页（/channels/106_8.html）{iso(old)}：26 个月")
    est.ok("content.outdated", s, u[items[-2]["id"]], "full-depth-columns", "第 7 页：无日期的公开说明")
    est.ok("content.outdated", s, u[items[-3]["id"]], "full-depth-columns", "第 7 页：未满两年")
    est.ok("link.broken", s, s.url("/channels/106_8.html"), "full-depth-columns", "末页链接")


def hekou_more(est, s, docs, svc):
    # catalogue: definition lists (dt/dd), meta PubDate for a page whose list lacks 发布日期
    org = "云溪县河口镇人民政府"
    specs = [  # pub offset, delay, left out, labels, colon, meta
        (3, 4, ("published",), {}, "：", {}),
        (7, 2, (), {"formed": "生成日期", "published": "公开日期"}, "：", {}),
        (12, 4, ("published",), {}, "：", {"PubDate": None}),
        (18, 6, (), {"index_no": "索　引　号"}, ":", {}),
    ]
    topics = ["做好冬季防溺水安全教育", "开展河道“清四乱”专项行动", "加强汛后水毁工程修复", "做好农村低保动态管理"]
    items = []
    for k, (off, delay, leave, labels, colon, meta) in enumerate(specs):
        pub = est.d(off)
        fields = {"index_no": f"11410322-9/{pub.year}-{k + 41:05d}", "topic": "综合政务", "publisher": org,
                  "formed": iso(pub - dt.timedelta(days=delay)), "wenhao": f"河政〔{pub.year}〕{k + 41}号",
                  "published": iso(pub)}
        for key in leave:
            fields.pop(key)
        title = f"河口镇人民政府关于{topics[k]}工作的通知"
        items.append({"id": est.xid(), "title": title, "date": pub,
                      "meta": {key: f"{iso(pub)} 10:00" for key in meta},
                      "body": catalogue_doc(title, org, fields, "dl", labels, colon)})
    u = channel(s, 205, docs["name"], items)
    est.plant("document.metadata", s, "documents", u[items[0]["id"]], "catalogue",
              "dl 列表无发布日期（列表页有日期，文件页没有，也无 meta）")
    est.ok("document.metadata", s, u[items[1]["id"]], "catalogue", "dl：生成日期、公开日期，齐全")
    est.ok("document.metadata", s, u[items[2]["id"]], "catalogue",
           "dl 无发布日期，但 <meta name=\"PubDate\"> 载明")
    est.ok("document.metadata", s, u[items[3]["id"]], "catalogue", "dl：索　引　号、半角冒号，齐全")
    est.ok("column.cadence", s, docs["url"], "catalogue", "约每 5 天一件")

    # services listed with the (old) dates the guides were posted: not judged for outdated content
    guides = [("农村五保供养申请", dt.date(2018, 6, 1)), ("高龄津贴申领", dt.date(2018, 9, 14)),
              ("临时救助申请", dt.date(2019, 4, 2))]
    gitems = []
    for k, (name, d) in enumerate(guides):
        it = {"id": est.xid(), "title": f"{name}办事指南", "date": d}
        form = f"/upload/files/{d.year}/{it['id']}.doc"
        s.add(form, form_bytes(form), ctype="application/msword")
        it["body"] = guide_body(name, form, f"{name}表.doc", ("table", "h3", "strong")[k], k, (), True, k != 1)
        gitems.append(it)
    u = channel(s, 206, svc["name"], gitems)
    est.ok("content.outdated", s, u[gitems[0]["id"]], "full-depth-columns",
           "便民服务列表日期 2018 年：办事指南栏目不适用过时信息规则")
    est.ok("service.incomplete", s, u[gitems[0]["id"]], "full-depth-columns", "2018 年的指南要素齐全、表格可下载")
    est.ok("column.empty", s, svc["url"], "full-depth-columns", "三条带日期的旧指南")
