"""TRS WCM sites: /col/index.htm, createPageHTML pagers, ./YYYYMM/tYYYYMMDD_N.html."""

from __future__ import annotations

import datetime as dt

from .common import (
    Site,
    article_body,
    at_age,
    catalogue_doc,
    cv_text,
    dates,
    doc_body,
    form_bytes,
    guide_body,
    iso,
    jpeg_bytes,
    leader_body,
    letter_page,
    months_ago,
    news_items,
    page_html,
    years_ago,
)

PAGER_JS = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("<span>首页</span>&nbsp;");
  else document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");
  for(var i=1;i<_nPageCount;i++){
    if(nCurrIndex == i) document.write("<span>"+(i+1)+"</span>&nbsp;");
    else document.write("<a href=\\""+_sPageName+"_"+i+"."+_sPageExt+"\\">"+(i+1)+"</a>&nbsp;");
  }
  document.write("共"+_nPageCount+"页");
}
</script>"""


def item_href(item, when=None):
    d = when or item["date"]
    return f"./{d.year}{d.month:02d}/t{d.year}{d.month:02d}{d.day:02d}_{item['id']}.html"


def trs_list(site: Site, dirpath, title, items, per_page=15, dated=True, when=None):
    """List pages index.htm, index_1.htm ... and the item pages. Returns {id: url}."""
    urls = {}
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for n, chunk in enumerate(chunks):
        name = "index.htm" if n == 0 else f"index_{n}.htm"
        lis = []
        for it in chunk:
            href = item_href(it, when(it) if when else None)
            span = f'<span>{iso(it["date"])}</span>' if dated and it.get("date") else ""
            lis.append(f'<li><a href="{href}" target="_blank" title="{it["title"]}">'
                       f'{it["title"]}</a>{span}</li>')
        body = f"""<div class="position">当前位置：<a href="../">首页</a> &gt; {title}</div>
<div class="list"><h2>{title}</h2><ul>
{chr(10).join(lis) if lis else '<li class="none">暂无信息</li>'}
</ul>
<div class="page">{PAGER_JS}<script type="text/javascript">createPageHTML({len(chunks)}, {n}, "index", "htm");</script></div></div>"""
        site.add(dirpath + name, page_html(site, title, body))
        for it in chunk:
            href = item_href(it, when(it) if when else None)
            path = dirpath + href[2:]
            urls[it["id"]] = site.url(path)
            meta = {"ArticleTitle": it["title"], "PubDate": iso(it["date"] or it.get("pub"))}
            meta.update(it.get("meta") or {})
            site.add(path, page_html(site, it["title"], it["body"], gov_meta=meta))
    return urls


def home(site: Site, blocks):
    body = "".join(f'<div class="block"><h3><a href="{h}">{t}</a></h3></div>' for h, t in blocks)
    site.add("/", page_html(site, "首页", body))
    site.add("/index.html", page_html(site, "首页", body))


def leaders(est, site, dirpath, col, specs, extra=None):
    """specs: (name, post, photo_mode, cv, duties) photo_mode: ok|none|404|slow|flaky."""
    items, photos = [], {}
    for k, (name, post, mode, has_cv, has_duties) in enumerate(specs):
        it = {"id": est.nid(), "title": f"{name}", "date": None, "pub": dt.date(2021, 3, 5)}
        d = it["pub"]
        pname = f"W0{d.year}{d.month:02d}{d.day:02d}{it['id']}.jpg"
        photo = None if mode == "none" else pname
        it["body"] = leader_body(name, post, photo,
                                 f"负责{post}分管范围内的农业农村、水利、林业等工作。" if has_duties else None,
                                 cv_text(name, 1968 + k) if has_cv else None,
                                 duty_label=("分工", "工作分工", "职责")[k % 3],
                                 cv_label=("简历", "个人简历")[k % 2])
        it["mode"] = mode
        items.append(it)
    if extra:
        items.append(extra)
    urls = trs_list(site, dirpath, col["name"], items, dated=False,
                    when=lambda it: it.get("pub") or it["date"])
    for it in items:
        if "mode" not in it:
            continue
        d = it["pub"]
        dirp = dirpath + f"{d.year}{d.month:02d}/"
        p = dirp + f"W0{d.year}{d.month:02d}{d.day:02d}{it['id']}.jpg"
        if it["mode"] in ("ok", "slow", "flaky"):
            site.add(p, jpeg_bytes(p), ctype="image/jpeg", delay=2.0 if it["mode"] == "slow" else 0,
                     flaky=it["mode"] == "flaky")
        photos[it["id"]] = site.url(p)
    return items, urls, photos


def build_portal(est):
    s = Site(est, "portal", "云溪县人民政府", "127.0.0.150", "county")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "要闻动态", "/ywdt/index.htm", "news", "其他")
    gov = s.column("govinfo", "政务信息", "/zwxx/index.htm", "govinfo", "其他")
    notes = s.column("notices", "通知公告", "/tzgg/index.htm", "notices", "其他")
    docs = s.column("documents", "政府文件", "/zfwj/index.htm", "documents", "政策/规范性文件")
    lead = s.column("leaders", "领导之窗", "/ldzc/index.htm", "leaders", "机构职能")
    links = s.column("links", "网站链接", "/wzlj/index.htm", "links")
    zcjd = s.column("policy", "政策解读", "/zcjd/index.htm", "other", "政策/规范性文件")
    deep = [s.column("plans", "规划计划", "/ghjh/index.htm", "plans", "规划/计划"),
            s.column("finance", "财政预决算", "/czyjs/index.htm", "other", "其他"),
            s.column("mailbox", "县长信箱", "/xjxx/index.htm", "mailbox")]
    home(s, s.nav)

    trs_list(s, "/ywdt/", news["name"], news_items(est, "云溪县", dates(est, 40)))
    est.ok("column.cadence", s, news["url"], "general", "TRS 要闻 daily D..D-39, pager by createPageHTML")

    # govinfo: a 9-day gap (D-3 .. D-12) inside the window
    gds = [est.d(1), est.d(3)] + dates(est, 12, start=12, step=2)
    trs_list(s, "/zwxx/", gov["name"], news_items(est, "县政府", gds))
    est.plant("column.cadence", s, "govinfo", gov["url"], "general",
              f"政务信息 {iso(est.d(12))} 至 {iso(est.d(3))} 间隔 9 天未更新（规定每三天）")

    # notices: every 4 days, plus a pinned item three years old
    old = years_ago(est.as_of, 3) - dt.timedelta(days=10)
    nitems = news_items(est, "关于", [old]) + news_items(est, "关于做好", dates(est, 10, start=1, step=4))
    nitems[0]["title"] = "【置顶】关于开展" + nitems[0]["title"][2:]
    u = trs_list(s, "/tzgg/", notes["name"], nitems)
    est.plant("content.outdated", s, "notices", u[nitems[0]["id"]], "general",
              f"通知公告置顶 {iso(old)} 的信息（超过两年）仍在列表中")

    # documents
    ditems = []
    delays = [3, 38, 5, None, 20, 7, 2, 10, 4]
    for k, delay in enumerate(delays):
        pub = est.d(1 + 3 * k)
        formed = pub - dt.timedelta(days=delay if delay is not None else 0) if delay is not None else None
        no = f"云政〔{pub.year}〕{k + 11}号"
        title = f"{'云溪县人民政府关于印发' if k % 2 else '云溪县人民政府办公室关于'}" \
                f"{['加强冬季安全生产', '做好农村饮水安全', '推进政务公开', '规范行政执法', '加快项目建设', '做好防汛准备', '优化营商环境', '加强耕地保护', '促进就业创业'][k]}工作的通知"
        ditems.append({"id": est.nid(), "title": title, "date": pub,
                       "body": doc_body(title, f"00499{k:04d}-2/{pub.year}-{k + 1:05d}",
                                        "云溪县人民政府办公室", formed, pub, no)})
    u = trs_list(s, "/zfwj/", docs["name"], ditems)
    est.plant("document.late", s, "documents", u[ditems[1]["id"]], "general",
              "成文后 38 天才发布（规定 20 日内）")
    est.plant("document.metadata", s, "documents", u[ditems[3]["id"]], "general",
              "文件页无成文日期")
    est.ok("document.late", s, u[ditems[4]["id"]], "general", "发布日期-成文日期 恰为 20 天（至多 20 天为合规）")
    est.ok("document.late", s, u[ditems[0]["id"]], "script-item-pages", "t2026..._N 文件 3 天内公开")
    est.ok("document.metadata", s, u[ditems[2]["id"]], "script-item-pages", "t..._N 文件元数据齐全")

    # leaders (undated list), one without a photo, plus a 领导活动 news item
    act_d = est.d(2)
    act = news_items(est, "县长", [act_d])[0]
    act["title"] = "县长调研冬季安全生产工作（领导活动）"
    items, u, photos = leaders(est, s, "/ldzc/", lead, [
        ("王建国", "县委副书记、县长", "ok", True, True),
        ("李红梅", "县委常委、常务副县长", "ok", True, True),
        ("张卫东", "副县长", "none", True, True),
        ("赵志刚", "副县长", "ok", True, True),
    ], extra=act)
    est.plant("leader.incomplete", s, "leaders", u[items[2]["id"]], "general", "副县长张卫东无照片")
    for it in (items[0], items[1], items[3]):
        est.ok("leader.incomplete", s, u[it["id"]], "undated-lists", f"{it['title']} 照片、分工、简历齐全")
    est.ok("leader.incomplete", s, u[act["id"]], "undated-lists", "领导栏目中的领导活动新闻，不是领导信息页")
    est.ok("column.empty", s, lead["url"], "undated-lists", "领导之窗：无日期的领导名单")

    # links column
    ok_links = [("/ok/henan-fgw.html", "省发展和改革委员会"), ("/ok/henan-jyt.html", "省教育厅"),
                ("/ok/shi-rsj.html", "市人社局"), ("/ok/xinhuanet.html", "新华网河南频道")]
    lis = [f'<li><a href="{est.out(p)}" target="_blank">{t}</a></li>' for p, t in ok_links]
    lis.append(f'<li><a href="{est.out("/www.yxly.com.cn/")}" target="_blank">云溪旅游网</a></li>')
    lis.append(f'<li><a href="{est.out("/gone/yxnews.html")}" target="_blank">云溪新闻网</a></li>')
    body = f'<div class="list"><h2>{links["name"]}</h2><ul>{"".join(lis)}</ul></div>'
    s.add("/wzlj/index.htm", page_html(s, links["name"], body))
    est.plant("link.wrong", s, "links", est.out("/www.yxly.com.cn/"), "general",
              "云溪旅游网域名过期，现为博彩页面（200）")
    est.plant("link.broken", s, "links", est.out("/gone/yxnews.html"), "general", "网站链接 404")
    est.ok("column.empty", s, links["url"], "undated-lists", "网站链接：无日期的外链列表")
    # policy column: 404
    est.plant("column.unreachable", s, "policy", zcjd["url"], "general", "政策解读栏目 404")
    portal_depth(est, s, *deep)
    return s


def build_shimen(est):
    s = Site(est, "shimen", "云溪县石门镇人民政府", "127.0.0.157", "town")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "石门动态", "/xwdt/index.htm", "news")
    gov = s.column("govinfo", "政务公开", "/zwgk/index.htm", "govinfo")
    lead = s.column("leaders", "领导班子", "/ldbz/index.htm", "leaders")
    svc = s.column("services", "便民服务", "/bmfw/index.htm", "services", "行政许可")
    docs = s.column("documents", "镇政府文件", "/zfwj/index.htm", "documents", "政策/规范性文件")
    more = [s.column("catalogue", "信息公开目录", "/xxgkml/index.htm", "documents", "政策/规范性文件"),
            s.column("reports", "政府信息公开年度报告", "/ndbg/index.htm", "reports")]
    home(s, s.nav)
    trs_list(s, "/xwdt/", news["name"], news_items(est, "石门镇", dates(est, 30)))
    trs_list(s, "/zwgk/", gov["name"], news_items(est, "石门镇", dates(est, 15, step=2)))
    est.ok("column.cadence", s, gov["url"], "general", "政务公开 every 2 days")

    items, u, photos = leaders(est, s, "/ldbz/", lead, [
        ("孙海涛", "镇党委书记", "slow", True, True),
        ("周丽", "镇长", "ok", True, True),
        ("吴强", "副镇长", "ok", True, True),
    ])
    est.ok("leader.incomplete", s, u[items[0]["id"]], "deterministic", "照片 2 秒后才返回（10 秒超时内）")
    est.ok("link.broken", s, photos[items[0]["id"]], "deterministic", "慢速照片（2 秒），不是坏链")
    est.ok("leader.incomplete", s, u[items[1]["id"]], "undated-lists", "分工用“职责”，简历齐全")

    guides = [("户籍迁移", "h3", 1, (), False, True, "优惠政策"),
              ("生育登记", "strong", 1, (), True, False, "优惠政策"),
              ("农村宅基地审批", "table", 2, (), False, True, "优惠政策"),
              ("残疾人证办理", "h3", 0, (), True, True, "减免政策")]
    gitems = []
    for k, (name, style, var, miss, free, name_row, dw) in enumerate(guides):
        it = {"id": est.nid(), "title": f"{name}办事指南", "date": None, "pub": dt.date(2022, 6, 1 + k)}
        d = it["pub"]
        form = f"P0{d.year}{d.month:02d}{d.day:02d}{it['id']}.doc"
        it["body"] = guide_body(name, form, f"{name}申请表.doc", style, var, miss, name_row, free, dw)
        it["form"] = f"/bmfw/{d.year}{d.month:02d}/{form}"
        s.add(it["form"], form_bytes(form), ctype="application/msword")
        gitems.append(it)
    u = trs_list(s, "/bmfw/", svc["name"], gitems, dated=False, when=lambda it: it["pub"])
    for it in gitems[:3]:
        est.ok("service.incomplete", s, u[it["id"]], "guides-name-themselves",
               f"{it['title']}: 要素齐全（标签变体/仅标题含事项名称/不收费）")
    est.plant("service.incomplete", s, "services", u[gitems[3]["id"]], "guides-name-themselves",
              "残疾人证办理：只写“减免政策”，缺优惠政策")
    est.ok("column.empty", s, svc["url"], "undated-lists", "便民服务：无日期的指南列表")

    ditems = []
    for k, delay in enumerate([4, 20, 9, 1, 15]):
        pub = est.d(2 + 4 * k)
        title = f"石门镇人民政府关于{['做好冬季防火', '开展人口普查', '加强河道管理', '推进厕所革命', '做好征兵'][k]}工作的通知"
        ditems.append({"id": est.nid(), "title": title, "date": pub,
                       "body": doc_body(title, f"11410322-{k}/{pub.year}-{k:03d}", "石门镇人民政府",
                                        pub - dt.timedelta(days=delay), pub, f"石政〔{pub.year}〕{k + 3}号", "th")})
    u = trs_list(s, "/zfwj/", docs["name"], ditems)
    est.ok("document.late", s, u[ditems[1]["id"]], "general", "恰 20 天")
    est.ok("document.metadata", s, u[ditems[0]["id"]], "general", "th 表格元数据齐全")
    shimen_catalogue(est, s, *more)
    return s


# ---------------------------------------------------------------- later patterns

PLAN_TOPICS = ["重点项目建设计划", "国民经济和社会发展计划", "政府工作要点", "工作总结", "乡村振兴实施方案",
               "农村人居环境整治三年行动计划", "国土空间总体规划", "安全生产专项整治计划"]
DEPTS = ["县财政局", "县教育局", "县民政局", "县卫生健康委", "县农业农村局", "县交通运输局", "县自然资源局",
         "县住房城乡建设局", "县水利局", "县人社局"]


def portal_depth(est, s, plans, fin, mail):
    """full-depth-columns and letters-in-full on the TRS portal: createPageHTML pagers to page 7."""
    # plans (5 years): every ~70 days, then a plan 4 years 11 months old and one 8 years old (page 7)
    ds = [est.d(5 + 70 * k) for k in range(24)]
    young, old = months_ago(est.as_of, 59), years_ago(est.as_of, 8) - dt.timedelta(days=40)
    items = []
    for k, d in enumerate(ds + [young, old]):
        t = f"云溪县{d.year}年{PLAN_TOPICS[k % len(PLAN_TOPICS)]}"
        items.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d)})
    u = trs_list(s, "/ghjh/", plans["name"], items, per_page=4)
    assert (len(items) - 1) // 4 + 1 == 7
    est.plant("content.outdated", s, "plans", u[items[-1]["id"]], "full-depth-columns",
              f"规划计划第 7 页（index_6.htm）{iso(old)} 的计划已逾 8 年（规划计划保留 5 年）")
    est.ok("content.outdated", s, u[items[-2]["id"]], "full-depth-columns",
           f"规划计划第 7 页 {iso(young)} 的计划 4 年 11 个月，未满 5 年")
    est.ok("column.cadence", s, plans["url"], "full-depth-columns",
           "规划计划无 update_within：不按更新时限检查（约 70 天一条）")

    # 财政预决算 (other, 2 years): every 24 days, then one exactly 2 years old and one 3 years old (page 6)
    ds = [est.d(3 + 24 * k) for k in range(28)]
    edge, old = at_age(est.as_of, 2), years_ago(est.as_of, 3) - dt.timedelta(days=15)
    items = []
    for k, d in enumerate(ds + [edge, old]):
        kind = ("部门预算", "部门决算", "财政预算执行情况")[k % 3]
        t = f"{DEPTS[k % len(DEPTS)]}{d.year if kind != '部门决算' else d.year - 1}年{kind}公开"
        items.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d, "云溪县财政局")})
    u = trs_list(s, "/czyjs/", fin["name"], items, per_page=5)
    assert (len(items) - 1) // 5 + 1 == 6
    est.plant("content.outdated", s, "finance", u[items[-1]["id"]], "full-depth-columns",
              f"财政预决算第 6 页（index_5.htm）{iso(old)} 的信息超过两年仍在列表")
    est.ok("content.outdated", s, u[items[-2]["id"]], "full-depth-columns",
           f"财政预决算第 6 页 {iso(edge)}：恰满两年，不算超过两年")

    # 县长信箱: static letter pages /xjxx/YYYY/MM/N.html, createPageHTML pager, 3 pages of 5
    old3 = (est.as_of - years_ago(est.as_of, 3)).days + 20
    letters = [  # received offset, reply mode, reply offset, status
        (2, "absent", None, "办理中"), (4, "answered", 2, "已办结"), (7, "absent", None, "已受理"),
        (10, "absent", None, "办理中"), (12, "answered", 5, "已办结"),
        (18, "answered", 9, "已办结"), (22, "answered", 10, "已办结"), (26, "answered", 14, "已办结"),
        (29, "answered", 8, "已办结"), (31, "answered", 20, "已办结"),
        (33, "absent", None, "办理中"), (36, "answered", 33, "已办结"), (40, "answered", 27, "已办结"),
        (45, "answered", 31, "已办结"), (old3, "answered", old3 - 6, "已办结")]
    topics = ["小区停车难", "农村道路硬化", "学校周边交通", "供暖费用", "拆迁补偿", "医保报销", "自来水水压",
              "城区路灯", "集贸市场秩序", "公交线路", "农民工工资", "养老金发放", "垃圾清运", "河道污染", "宅基地确权"]
    rows, lu = [], []
    for k, (rcv, mode, rep, st) in enumerate(letters):
        lid, d = est.xid(), est.d(rcv)
        title = f"关于{topics[k]}问题的咨询"
        path = f"/xjxx/{d.year}/{d.month:02d}/{lid}.html"
        s.add(path, page_html(s, title, letter_page(title, d, "static", mode,
                                                    est.d(rep) if rep is not None else None, st)))
        lu.append(s.url(path))
        rows.append(f'<li><a href="./{d.year}/{d.month:02d}/{lid}.html" target="_blank">{title}</a>'
                    f'<span class="zt">{st}</span><span>{iso(d)}</span></li>')
    for n in range(3):
        name = "index.htm" if n == 0 else f"index_{n}.htm"
        body = f"""<div class="position">当前位置：<a href="../">首页</a> &gt; {mail["name"]}</div>
<div class="list"><h2>{mail["name"]}</h2><p><a href="../xjxx/write.htm">我要写信</a></p><ul>
{chr(10).join(rows[5 * n:5 * n + 5])}
</ul>
<div class="page">{PAGER_JS}<script type="text/javascript">createPageHTML(3, {n}, "index", "htm");</script></div></div>"""
        s.add("/xjxx/" + name, page_html(s, mail["name"], body))
    s.add("/xjxx/write.htm", page_html(s, "我要写信", "<form><p>请先登录后写信。</p></form>"))
    est.plant("mailbox.overdue", s, "mailbox", lu[10], "letters-in-full",
              "县长信箱第 3 页（index_2.htm）：来信 33 天未回复（办理中）")
    est.plant("mailbox.overdue", s, "mailbox", lu[8], "letters-in-full",
              "县长信箱第 2 页：来信后 21 天才回复（时限 15 天）")
    est.ok("mailbox.overdue", s, lu[11], "letters-in-full", "第 3 页：3 天内回复")
    est.ok("mailbox.overdue", s, lu[13], "letters-in-full", "第 3 页：14 天回复")
    est.ok("mailbox.overdue", s, lu[3], "letters-in-full", "第 1 页：10 天前来信，尚未回复，仍在 15 天内")
    est.ok("content.outdated", s, lu[14], "full-depth-columns",
           "县长信箱中三年前的来信（6 天内已回复）：信箱栏目不适用过时信息规则")


def shimen_catalogue(est, s, cat, reports):
    """catalogue: TRS 公开目录 pages (label td, value td; spaced 索 引 号; 生成日期; meta tags)."""
    org = "云溪县石门镇人民政府"
    spaced = {"index_no": "索 引 号", "formed": "生成日期", "wenhao": "文　　号", "topic": "主题分类"}
    specs = [  # pub offset, delay, fields left out, labels, colon, layout, meta
        (1, 5, ("publisher",), spaced, "：", "td4", {}),
        (5, 4, (), spaced, "：", "td4", {}),
        (9, 3, ("index_no", "publisher", "formed", "published", "topic"), spaced, "：", "none",
         {"IndexNo": None, "ContentSource": org, "CreateDate": None}),
        (13, 7, (), spaced, ":", "td4", {}),
        (17, 11, (), {"index_no": "索 引 号"}, "", "td4", {}),
    ]
    topics = ["做好今冬明春森林防火", "加强农村自建房安全管理", "开展城乡环境卫生整治", "做好困难群众救助",
              "推进高标准农田建设"]
    items = []
    for k, (off, delay, leave, labels, colon, layout, meta) in enumerate(specs):
        pub = est.d(off)
        formed = pub - dt.timedelta(days=delay)
        no = f"11410322-5/{pub.year}-{31 + k:05d}"
        wh = f"石政〔{pub.year}〕{31 + k}号"
        fields = {"index_no": no, "topic": "综合政务", "publisher": org, "formed": iso(formed),
                  "wenhao": wh, "published": iso(pub)}
        for key in leave:
            fields.pop(key)
        title = f"石门镇人民政府关于{topics[k]}工作的通知"
        m = {key: (no if key == "IndexNo" else iso(formed) if key == "CreateDate" else v)
             for key, v in meta.items()}
        items.append({"id": est.xid(), "title": title, "date": pub, "meta": m,
                      "body": catalogue_doc(title, org, fields, layout, labels, colon,
                                            show_wenhao=wh if layout == "none" else None)})
    u = trs_list(s, "/xxgkml/", cat["name"], items)
    est.plant("document.metadata", s, "catalogue", u[items[0]["id"]], "catalogue",
              "TRS 公开目录表（索 引 号、生成日期、文　　号）无发布机构")
    est.ok("document.metadata", s, u[items[1]["id"]], "catalogue",
           "索 引 号（半角空格）、生成日期、全角冒号：四项齐全")
    est.ok("document.metadata", s, u[items[2]["id"]], "catalogue",
           "页面只见“文号”；索引号、发布机构、生成日期、发布日期在 <meta name=IndexNo/ContentSource/CreateDate/PubDate>")
    est.ok("document.metadata", s, u[items[3]["id"]], "catalogue", "半角冒号 索 引 号:，四项齐全")
    est.ok("document.metadata", s, u[items[4]["id"]], "catalogue", "无冒号标签，四项齐全")
    est.ok("column.cadence", s, cat["url"], "catalogue", "公开目录每 4 天一条")

    # annual reports, one a year for ten years: reports are not judged for outdated content
    years = [y for y in range(est.as_of.year - 12, est.as_of.year) if dt.date(y + 1, 3, 20) <= est.as_of][-10:]
    items = []
    for y in reversed(years):
        d = dt.date(y + 1, 3, 20)
        t = f"云溪县石门镇人民政府{y}年政府信息公开工作年度报告"
        items.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d, "石门镇人民政府")})
    u = trs_list(s, "/ndbg/", reports["name"], items, per_page=5)
    est.ok("content.outdated", s, u[items[-1]["id"]], "full-depth-columns",
           f"{years[0]} 年度报告（第 2 页）：年度报告栏目不适用过时信息规则")
    est.ok("content.outdated", s, u[items[5]["id"]], "full-depth-columns", "年度报告第 2 页，五年前的报告")
    est.ok("column.cadence", s, reports["url"], "full-depth-columns", "年度报告栏目无 update_within，一年一条")
