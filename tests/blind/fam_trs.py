"""TRS WCM sites: /col/index.htm, createPageHTML pagers, ./YYYYMM/tYYYYMMDD_N.html."""

from __future__ import annotations

import datetime as dt

from .common import (
    Site,
    cv_text,
    dates,
    doc_body,
    form_bytes,
    guide_body,
    iso,
    jpeg_bytes,
    leader_body,
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
            site.add(path, page_html(site, it["title"], it["body"],
                                     gov_meta={"ArticleTitle": it["title"],
                                               "PubDate": iso(it["date"] or it.get("pub"))}))
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
    return s
