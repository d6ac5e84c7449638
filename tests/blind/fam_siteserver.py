"""SiteServer CMS sites: /channels/N.html (pager /channels/N_2.html), /contents/N/M.html."""

from __future__ import annotations

import datetime as dt

from .common import (
    Site,
    cv_text,
    dates,
    form_bytes,
    guide_body,
    iso,
    jpeg_bytes,
    leader_body,
    news_items,
    page_html,
    years_ago,
)


def channel(site, ch, title, items, per_page=20, dated=True):
    """Channel list pages and content pages; returns {id: url}."""
    urls = {}
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for n, chunk in enumerate(chunks):
        lis = []
        for it in chunk:
            d = f'<span class="date">{iso(it["date"])}</span>' if dated and it.get("date") else ""
            lis.append(f'<li><a href="/contents/{ch}/{it["id"]}.html" title="{it["title"]}">{it["title"]}</a>{d}</li>')
        pager = ""
        if len(chunks) > 1:
            links = [f'<a href="/channels/{ch}{"" if i == 0 else f"_{i + 1}"}.html">{i + 1}</a>'
                     for i in range(len(chunks))]
            pager = '<div class="pagination">' + " ".join(links) + "</div>"
        body = (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; {title}</div>'
                f'<ul class="newslist">{"".join(lis) or "<li>暂无信息</li>"}</ul>{pager}')
        site.add(f"/channels/{ch}{'' if n == 0 else f'_{n + 1}'}.html", page_html(site, title, body))
        for it in chunk:
            p = f"/contents/{ch}/{it['id']}.html"
            urls[it["id"]] = site.url(p)
            site.add(p, page_html(site, it["title"], it["body"]))
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
    return s


def build_hekou(est):
    s = Site(est, "hekou", "云溪县河口镇人民政府", "127.0.0.159", "town")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "河口新闻", "/channels/201.html", "news")
    notes = s.column("notices", "公示公告", "/channels/202.html", "notices")
    special = s.column("special", "专题专栏", "/channels/203.html", "other", update_within="7d")
    lead = s.column("leaders", "领导之窗", "/channels/204.html", "leaders", "机构职能")
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
    return s
