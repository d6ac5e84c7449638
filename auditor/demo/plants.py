"""The planted problems (one or more for every check type of SPEC §4) and the traps.

Each planted problem is written down in `Estate.truth` with the URL its violation
carries (SPEC §4, "url of the violation"): the home page, the column URL, the item
page or the link target. A target that fails is also a `link.broken` (or
`link.wrong`) on the site whose pages link it, so those are recorded too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from .history import due_report_year
from .model import (
    HEALTHY_HOST,
    PARKED_HOST,
    REFUSED_HOST,
    SOFT404_HOST,
    ColumnSpec,
    Item,
    Planted,
    SiteSpec,
    Special,
    Trap,
)
from .paths import column_path
from .planter import Planter

# SPEC §4, in its order: the estate carries at least one problem of each
CHECK_TYPES = (
    "site.availability", "site.identity", "column.unreachable", "column.empty", "column.cadence",
    "content.outdated", "document.late", "document.metadata", "link.broken", "link.wrong",
    "leader.incomplete", "service.incomplete", "mailbox.overdue", "report.missing",
)
FLAKY_EVERY, FLAKY_FIRST = 4, 2  # the flaky home page fails on its 2nd, 6th, 10th ... request
SLOW_SECONDS = 3.0
DEAD_HOME_SITE = "yjglj"  # its home page answers 500 to every request


def plant(sites: tuple[SiteSpec, ...], as_of: date, port: int) -> tuple[tuple[SiteSpec, ...], tuple[Planted, ...], tuple[Trap, ...]]:
    """Plant every problem and trap into the freshly built sites; return them with the truth and traps."""
    planter = Planter(sites, as_of, port)
    for step in (_cadence, _empty_and_unreachable, _outdated, _documents, _leaders, _services,
                 _letters, _reports, _identity, _availability, _broken_links, _wrong_links, _traps,
                 _deep_history, _dead_home, _plain_http):
        step(planter)
    return planter.result()


def _cadence(p: Planter) -> None:
    p.cut_days("huixi", "news", 8, 11)
    p.planted("column.cadence", "huixi", "news", p.column("huixi", "news").url, "要闻 3 天未更新",
              kind="gap", start=p.day(11), end=p.day(8), days=3)
    p.cut_days("jtj", "govinfo", 4, 9)
    p.planted("column.cadence", "jtj", "govinfo", p.column("jtj", "govinfo").url, "政务信息 5 天未更新（规定三天）",
              kind="gap", start=p.day(9), end=p.day(4), days=5)
    newest = p.day(9)
    p.edit_items("slj", "news", lambda items: [i for i in items if i.day <= newest])
    if not any(i.day == newest for i in p.column("slj", "news").items):
        p.add_item("slj", "news", newest)
    p.planted("column.cadence", "slj", "news", p.column("slj", "news").url, "动态栏目最新信息已 9 天未更新",
              kind="stale", newest=newest, days=9)
    p.cut_days("dongguan", "govinfo", 3, 6)
    p.trap("cadence.at-limit", "dongguan", p.column("dongguan", "govinfo").url,
           f"政务信息 {p.day(6)} 至 {p.day(3)} 间隔恰为 3 天：未超过规定，不是问题")


def _empty_and_unreachable(p: Planter) -> None:
    empty = p.edit_column("tjj", "plans", lambda c: replace(c, items=()))
    p.planted("column.empty", "tjj", "plans", empty.url, "规划计划栏目无任何信息")
    moved = _extra_column(p, "shiqiao", "zcjd", "政策解读", status=404, in_nav=False)
    p.planted("column.unreachable", "shiqiao", "zcjd", moved.url, "网站改版后栏目地址失效（404），配置未更新", status=404)
    broken = _extra_column(p, "mzj", "gsgg", "公示公告", status=500, in_nav=True)
    p.planted("column.unreachable", "mzj", "gsgg", broken.url, "栏目页服务器错误（500）", status=500)
    p.planted("link.broken", "mzj", None, broken.url, "导航链接指向出错的栏目页（500）", status=500)


def _extra_column(p: Planter, site_id: str, key: str, name: str, *, status: int, in_nav: bool) -> ColumnSpec:
    site = p.site(site_id)
    path = column_path(site.family, key, 1299)
    column = ColumnSpec(id=key, name=name, kind="other", url=site.absolute(path), category="其他",
                        path=path, number=1299, status=status, in_nav=in_nav)
    p.edit_site(site_id, columns=site.columns + (column,))
    return column


def _outdated(p: Planter) -> None:
    old = (("关于做好2008年春节期间安全生产工作的通知", date(2008, 1, 22)),
           ("关于开展2007年度农村合作医疗参合工作的通知", date(2007, 11, 5)))
    for title, day in old:
        item = p.add_item("liulin", "notices", day, title=title, pinned=True)
        p.planted("content.outdated", "liulin", "notices", p.item_url("liulin", item),
                  f"{day.year}年的信息仍置顶显示", date=day)


def _documents(p: Planter) -> None:
    late = p.column("portal", "documents").items[1]
    late = p.edit_item("portal", "documents", 1, formed=p.day(35 + (p.as_of - late.day).days))
    p.planted("document.late", "portal", "documents", p.item_url("portal", late), "成文后 35 天才公开",
              formed=late.formed, published=late.day, days=35)
    late2 = p.column("fgw", "documents").items[0]
    late2 = p.edit_item("fgw", "documents", 0, formed=p.day(42 + (p.as_of - late2.day).days))
    p.planted("document.late", "fgw", "documents", p.item_url("fgw", late2), "成文后 42 天才公开",
              formed=late2.formed, published=late2.day, days=42)
    at_limit = p.column("portal", "documents").items[3]
    at_limit = p.edit_item("portal", "documents", 3, formed=p.day(20 + (p.as_of - at_limit.day).days))
    p.trap("document.at-limit", "portal", p.item_url("portal", at_limit), "成文后恰好 20 天公开：未超过时限")
    # R3 is judged on the dates a document page shows: a page without them cannot be judged
    no_formed = p.edit_item("portal", "documents", 2, defects=frozenset({"no-formed-date"}))
    p.planted("document.metadata", "portal", "documents", p.item_url("portal", no_formed), "文件页未标明成文日期",
              missing=["成文日期"])
    undated = p.edit_item("zrzyj", "documents", 0, defects=frozenset({"no-formed-date"}))
    p.planted("document.metadata", "zrzyj", "documents", p.item_url("zrzyj", undated), "文件页未标明成文日期",
              missing=["成文日期"])
    doc = p.column("czj", "documents").items[0]
    pdf = doc.path.rsplit("/", 1)[0] + f"/P0{doc.day:%Y%m%d}{doc.id}_fj.pdf"
    p.edit_item("czj", "documents", 0, files=((f"{doc.title}（附件）.pdf", pdf),))
    p.add_missing("czj", pdf)
    p.planted("link.broken", "czj", None, p.url("czj", pdf), "文件附件 PDF 无法下载（404）", status=404, source=p.item_url("czj", doc))


def _leaders(p: Planter) -> None:
    no_photo = p.edit_item("portal", "leaders", 2, images=(), defects=frozenset({"no-photo"}))
    p.planted("leader.incomplete", "portal", "leaders", p.item_url("portal", no_photo), "领导信息缺少照片", missing=["照片"])
    leader = p.column("chengguan", "leaders").items[3]
    photo = f"/uploadfile/ldxx/{leader.id}_new.jpg"
    leader = p.edit_item("chengguan", "leaders", 3, images=(photo,))
    p.add_missing("chengguan", photo)
    p.planted("leader.incomplete", "chengguan", "leaders", p.item_url("chengguan", leader), "领导照片无法显示（404）",
              missing=["照片"], photo=p.url("chengguan", photo))
    p.planted("link.broken", "chengguan", None, p.url("chengguan", photo), "领导照片图片 404", status=404)
    no_cv = p.edit_item("rsj", "leaders", 1, defects=frozenset({"no-resume"}))
    p.planted("leader.incomplete", "rsj", "leaders", p.item_url("rsj", no_cv), "领导信息缺少简历", missing=["简历"])


def _services(p: Planter) -> None:
    no_fee = p.edit_item("portal", "services", 0, defects=frozenset({"no-fee-basis"}))
    p.planted("service.incomplete", "portal", "services", p.item_url("portal", no_fee), "办事指南缺少收费依据",
              missing=["收费依据"])
    guide = p.column("xzfwzx", "services").items[0]
    form = f"/uploadfile/bszn/{guide.id}_sqb.doc"
    guide = p.edit_item("xzfwzx", "services", 0, files=((f"{guide.title.removesuffix('办事指南')}申请表.doc", form),))
    p.add_missing("xzfwzx", form)
    p.planted("service.incomplete", "xzfwzx", "services", p.item_url("xzfwzx", guide), "办事指南表格无法下载",
              form=p.url("xzfwzx", form))
    p.planted("link.broken", "xzfwzx", None, p.url("xzfwzx", form), "表格下载链接 404", status=404)


def _letters(p: Planter) -> None:
    silent = p.add_item("portal", "mailbox", p.day(120), status="未回复", replied=None)
    p.planted("mailbox.overdue", "portal", "mailbox", p.item_url("portal", silent), "来信 120 天未回复",
              received=silent.day, days=120)
    slow = p.add_item("portal", "mailbox", p.day(60), status="已回复", replied=p.day(20))
    p.planted("mailbox.overdue", "portal", "mailbox", p.item_url("portal", slow), "来信 40 天后才回复",
              received=slow.day, replied=slow.replied, days=40)
    pending = p.add_item("gaj", "mailbox", p.day(35), status="办理中", replied=None)
    p.planted("mailbox.overdue", "gaj", "mailbox", p.item_url("gaj", pending), "来信 35 天仍在办理中，未答复",
              received=pending.day, days=35)
    fresh = p.add_item("portal", "mailbox", p.day(1), status="办理中", replied=None)
    p.trap("mailbox.recent", "portal", p.item_url("portal", fresh), "昨天收到的来信尚在办理：未超期")


def _reports(p: Planter) -> None:
    for site_id in ("ybj", "yanghu"):
        site = p.site(site_id)
        due = due_report_year(p.as_of, site.kind)
        p.edit_items(site_id, "reports", _without_year(due))
        p.planted("report.missing", site_id, "reports", p.column(site_id, "reports").url,
                  f"未发布{due}年政府信息公开工作年度报告", year=due)


def _without_year(year: int) -> Callable[[list[Item]], list[Item]]:
    return lambda items: [i for i in items if f"{year}年" not in i.title]


def _identity(p: Planter) -> None:
    for site_id, field, label in (("sfj", "site_code", "网站标识码"), ("mazhuang", "icp", "ICP备案编号"),
                                  ("swj", "conac_id", "党政机关网站标识")):
        identity = p.site(site_id).identity
        assert identity is not None
        p.edit_site(site_id, identity=replace(identity, **{field: ""}))
        p.planted("site.identity", site_id, None, p.site(site_id).url, f"页脚缺少{label}", missing=[label])


def _availability(p: Planter) -> None:
    p.add_special("scjgj", "/", Special("flaky-home", status=503, every=FLAKY_EVERY, first_failure=FLAKY_FIRST))
    p.planted("site.availability", "scjgj", None, p.site("scjgj").url,
              f"首页每 {FLAKY_EVERY} 次访问失败 1 次（503），从第 {FLAKY_FIRST} 次起", share=1 / FLAKY_EVERY)


def _broken_links(p: Planter) -> None:
    _article_link(p, "chengguan", "相关通知", "/uploadfiles/2019/0312/tzgg.html", "本站已删除的页面（404）")
    item = p.column("baihe", "news").items[0]
    image = f"/uploadfile/{item.day:%Y%m}/{item.id}_2.jpg"
    p.edit_item("baihe", "news", 0, images=item.images + (image,))
    p.add_missing("baihe", image)
    p.planted("link.broken", "baihe", None, p.url("baihe", image), "正文图片 404", status=404)
    _article_link(p, "dongguan", "统计数据查询", p.outside(HEALTHY_HOST, "/tjsj/query.html"), "外部页面服务器错误（500）")
    _links_column(p, "portal", "清河县档案馆", p.url("czj", "/zwgk/2018/zcjd.html"), "link.broken", "他站已删除的页面（404）")
    _links_column(p, "portal", "清河县招商网", p.outside(REFUSED_HOST), "link.broken", "连接被拒绝")
    _friend(p, "fgw", "清河县信用网", p.outside(REFUSED_HOST, "/index.html"), "link.broken", "连接被拒绝")


def _wrong_links(p: Planter) -> None:
    _links_column(p, "portal", "清河旅游网", p.outside(PARKED_HOST), "link.wrong", "域名过期后被抢注为博彩网站")
    _friend(p, "pingle", "清河县信息公开网", p.outside(SOFT404_HOST, "/xxgk/index.html"), "link.wrong",
            "目标站以 200 状态返回“页面不存在”")
    _friend(p, "jyj", "清河教育信息网", p.outside(PARKED_HOST, "/jiaoyu/"), "link.wrong", "域名过期后被抢注为博彩网站")


def _article_link(p: Planter, site_id: str, text: str, href: str, note: str) -> None:
    item = p.column(site_id, "news").items[0]
    p.edit_item(site_id, "news", 0, links=item.links + ((text, href),))
    url = href if href.startswith("http") else p.url(site_id, href)
    p.planted("link.broken", site_id, None, url, note, source=p.item_url(site_id, item))


def _links_column(p: Planter, site_id: str, name: str, url: str, check: str, note: str) -> None:
    p.edit_column(site_id, "links", lambda c: replace(c, links=c.links + ((name, url),)))
    p.planted(check, site_id, "links", url, note, source=p.column(site_id, "links").url)


def _friend(p: Planter, site_id: str, name: str, url: str, check: str, note: str) -> None:
    site = p.site(site_id)
    p.edit_site(site_id, friends=site.friends + ((name, url),))
    p.planted(check, site_id, None, url, note, source=site.url)


def _traps(p: Planter) -> None:
    p.add_special("hbj", "/xxgkzn.html", Special("first-429", title="政府信息公开指南"))
    _home_link(p, "hbj", "政府信息公开指南", "/xxgkzn.html")
    p.trap("http.429-once", "hbj", p.url("hbj", "/xxgkzn.html"), "首次请求返回 429（Retry-After: 1），之后 200")
    p.add_special("tjj", "/xxgkzd.html", Special("slow", delay=SLOW_SECONDS, title="政府信息公开制度"))
    _home_link(p, "tjj", "政府信息公开制度", "/xxgkzd.html")
    p.trap("http.slow", "tjj", p.url("tjj", "/xxgkzd.html"), f"页面 {SLOW_SECONDS:g} 秒后才返回，未超过 10 秒超时")
    documents = p.column("longquan", "documents").path
    p.add_special("longquan", "/old/zwgk.htm", Special("redirect", status=301, location=documents))
    item = p.column("longquan", "news").items[0]
    p.edit_item("longquan", "news", 0, links=item.links + (("政府文件", "/old/zwgk.htm"),))
    p.trap("http.redirect", "longquan", p.url("longquan", "/old/zwgk.htm"), "旧地址 301 跳转到本站新地址（200）")
    _home_link(p, "mazhuang", "内部通讯录", "/internal/txl.html")
    p.trap("robots.disallowed", "mazhuang", p.url("mazhuang", "/internal/txl.html"),
           "robots.txt 禁止抓取 /internal/：礼貌的爬虫不访问，不算失效链接")
    p.trap("link.popular", "portal", p.outside(HEALTHY_HOST), "全部 32 个网站都链接的同一目标：只检查一次")
    for site_id in [s for s in p.order if any(c.kind == "links" for c in p.site(s).columns)]:
        p.trap("column.undated", site_id, p.column(site_id, "links").url, "网站链接栏目列出链接但无日期：不是空栏目")
    p.trap("date.banner", "portal", p.site("portal").url, "页头“今天是……”日期横幅不是信息发布日期")
    p.trap("date.year-less", "ybj", p.column("ybj", "news").url, "列表日期为 [11-27] 无年份，年份按审计日期推断")


def _home_link(p: Planter, site_id: str, text: str, path: str) -> None:
    site = p.site(site_id)
    p.edit_site(site_id, home_links=site.home_links + ((text, path),))


def _deep_history(p: Planter) -> None:
    """What sits deep in a column is read too (issue 15): an old plan on page 7 of its column, an
    overdue letter on page 3 of the letter list; and a document lacking 发布机构."""
    for n in range(26):  # back to about 2.5 years: plans may stay listed five
        p.add_item("portal", "plans", p.day(300 + n * 25))
    plan = p.add_item("portal", "plans", date(2018, 3, 12), title="清河县2018年国民经济和社会发展计划")
    _put_on_page(p, "portal", "plans", plan, 7)
    p.planted("content.outdated", "portal", "plans", p.item_url("portal", plan), "8 年前的计划在规划计划栏目第 7 页",
              date=plan.day, page=7)
    letter = p.add_item("mzj", "mailbox", p.day(60), status="未回复", replied=None)  # past 15 days, not the 3-month veto
    _put_on_page(p, "mzj", "mailbox", letter, 3)
    p.planted("mailbox.overdue", "mzj", "mailbox", p.item_url("mzj", letter), "来信列表第 3 页的来信 60 天未回复",
              received=letter.day, days=60)
    document = p.edit_item("wjw", "documents", 9, defects=frozenset({"no-publisher"}))
    p.planted("document.metadata", "wjw", "documents", p.item_url("wjw", document), "文件页发布机构一栏为空",
              missing=["发布机构"])


def _dead_home(p: Planter) -> None:
    """A home page that answers 500 to every request: the site's first problem, and 不合格. Every page
    of the site and every site listing it link that home page, so it is a broken link there too."""
    site = p.site(DEAD_HOME_SITE)
    p.add_special(DEAD_HOME_SITE, "/", Special("status", status=500))
    p.planted("site.availability", DEAD_HOME_SITE, None, site.url, "首页每次访问都返回 500：首页无法访问，网站不合格")
    for other in p.order:
        linked = [url for _, url in p.site(other).friends]
        linked += [url for column in p.site(other).columns for _, url in column.links]
        if other == DEAD_HOME_SITE or site.url in linked:
            p.planted("link.broken", other, None, site.url, "链接指向首页无法访问（500）的网站", status=500)


def _put_on_page(p: Planter, site_id: str, column_id: str, item: Item, page: int) -> None:
    """Size the column's list pages so that `item` is on list page `page` (counted from 1), at any scale."""
    position = list(p.column(site_id, column_id).items).index(item)
    size = -(-(position + 1) // page)  # the smallest size with position < page * size
    p.edit_column(site_id, column_id, lambda c: replace(c, page_size=size))
    assert position // size == page - 1, (site_id, column_id, position, size)


def _plain_http(p: Planter) -> None:
    """Every site of the estate answers over plain HTTP on a port of its own and nothing speaks TLS on
    port 443 of its address nor on its port: no HTTPS, as the national indicators count it (site.https)."""
    for site_id in p.order:
        p.planted("site.https", site_id, None, p.site(site_id).url, "网站仅以 HTTP 提供服务：443 端口与网站端口均无 HTTPS")
