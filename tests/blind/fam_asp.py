"""Old ASP sites in GBK: list.asp?classid=, show.asp?id=, ShowArticle.asp?ArticleID=.

Served as GBK bytes with `Content-Type: text/html` (no charset); list pages declare
gb2312 in a meta tag, several detail pages declare nothing.
"""

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
    letter_body,
    letter_page,
    months_ago,
    news_items,
    page_html,
    years_ago,
)


def gbk_page(site, title, body, meta=True):
    return page_html(site, title, body, meta_charset="gb2312" if meta else None)


def list_page(site, title, rows, pager=""):
    body = (f'<table width="100%" class="list"><tr><td class="lm">{title}</td></tr>'
            + "".join(rows) + f'</table><div class="page">{pager}</div>')
    return gbk_page(site, title, body)


def row(href, title, date=None):
    d = f'<td width="90" align="right">{iso(date)}</td>' if date else ""
    return f'<tr><td>·<a href="{href}" target="_blank">{title}</a></td>{d}</tr>'


def header_search(site, d):
    # GBK percent-encoded query (政府) in the site header, as old ASP sites do.
    return f'<p class="search"><a href="{d}search.asp?key=%D5%FE%B8%AE">搜索：政府</a></p>'


def build_qingshi(est):
    s = Site(est, "qingshi", "云溪县青石镇人民政府", "127.0.0.152", "town", home="/index.asp", enc="gbk")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "青石新闻", "/news/list.asp?classid=12", "news")
    lead = s.column("leaders", "领导之窗", "/news/list.asp?classid=5", "leaders", "机构职能")
    svc = s.column("services", "办事指南", "/news/list.asp?classid=8", "services", "行政许可")
    links = s.column("links", "友情链接", "/news/list.asp?classid=20", "links")
    mail = s.column("mailbox", "镇长信箱", "/news/list.asp?classid=30", "mailbox")
    blocks = "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in s.nav)
    s.add("/index.asp", gbk_page(s, "首页", header_search(s, "/news/") + blocks))
    s.add("/", s.pages["/index.asp"].body)
    s.add("/news/search.asp?key=%D5%FE%B8%AE",
          gbk_page(s, "搜索结果", '<p>搜索“政府”共找到 3 条结果</p><p><a href="show.asp?id=5&classid=2">青石镇政府简介</a></p>'))
    est.ok("link.broken", s, s.url("/news/search.asp?key=%D5%FE%B8%AE"), "links-as-linked",
           "GBK 百分号编码查询串")

    # news: daily, 20 a page; a pinned article three years old; order= permutations
    old = years_ago(est.as_of, 3)
    pin = {"id": 35, "title": "【置顶】青石镇召开三级干部会议", "date": old}
    items = news_items(est, "青石镇", dates(est, 36))
    rows = [row(f"ShowArticle.asp?ArticleID={pin['id']}", pin["title"], old)]
    rows += [row(f"show.asp?id={it['id']}", it["title"], it["date"]) for it in items]
    pages = [rows[:21], rows[21:]]
    for order in ("", "asc", "desc"):
        o = f"&order={order}" if order else ""
        for n, chunk in enumerate(pages):
            if order == "asc":
                chunk = list(reversed(chunk))
            q = f"/news/list.asp?classid=12{o}" + (f"&page={n + 1}" if n else "")
            pager = (f'<a href="list.asp?classid=12{o}">首页</a> '
                     f'<a href="list.asp?classid=12{o}&page=2">下一页</a> '
                     '排序：<a href="list.asp?classid=12&order=asc">升序</a> '
                     '<a href="list.asp?classid=12&order=desc">降序</a>')
            s.add(q, list_page(s, news["name"], chunk, pager))
    est.ok("*", s, s.url("/news/list.asp?classid=12&order=asc"), "script-item-pages", "排序参数陷阱")
    est.ok("*", s, s.url("/news/list.asp?classid=12&order=desc&page=2"), "script-item-pages", "排序参数陷阱")
    est.plant("content.outdated", s, "news", s.url(f"/news/ShowArticle.asp?ArticleID={pin['id']}"),
              "script-item-pages", f"置顶新闻 {iso(old)} 超过两年仍在列表")
    s.add(f"/news/ShowArticle.asp?ArticleID={pin['id']}",
          gbk_page(s, pin["title"], article_body(pin["title"], old), meta=False))
    related = ('<div class="xg">相关文章：<a href="show.asp?id=5&classid=2">青石镇政府简介</a> '
               '<a href="show.asp?id=999&classid=3">青石镇历史沿革</a></div>')
    for k, it in enumerate(items):
        s.add(f"/news/show.asp?id={it['id']}",
              gbk_page(s, it["title"], it["body"] + (related if k == 0 else ""), meta=k % 2 == 0))
    s.add("/news/show.asp?id=5&classid=2",
          gbk_page(s, "青石镇政府简介", "<h1>青石镇政府简介</h1><p>青石镇位于云溪县东部。</p>", meta=False))
    est.plant("link.broken", s, None, s.url("/news/show.asp?id=999&classid=3"), "links-as-linked",
              "相关文章链接 404")
    est.ok("link.broken", s, s.url("/news/show.asp?id=5&classid=2"), "links-as-linked", "id=5&classid=2")
    est.ok("column.cadence", s, news["url"], "script-item-pages", "show.asp?id= 新闻每天更新")

    # leaders: no dates, GBK without charset, ../UploadFiles photos
    specs = [("马建军", "镇党委书记", True, True), ("郭秀兰", "镇长", True, True),
             ("何永强", "副镇长", True, True), ("林志远", "副镇长", True, False)]
    rows = []
    for k, (name, post, cv, duties) in enumerate(specs):
        pid, photo = 501 + k, f"../UploadFiles/2019/ld0{k + 1}.jpg"
        s.add(f"/UploadFiles/2019/ld0{k + 1}.jpg", jpeg_bytes(photo), ctype="image/jpeg")
        body = leader_body(name, post, photo, "负责全镇经济发展、招商引资工作。" if duties else None,
                           cv_text(name, 1972 + k) if cv else None, style="table" if k % 2 else "div",
                           duty_label=("分工", "职责")[k % 2])
        s.add(f"/news/show.asp?id={pid}", gbk_page(s, name, body, meta=False))
        rows.append(row(f"show.asp?id={pid}", f"{post} {name}"))
    s.add("/news/list.asp?classid=5", list_page(s, lead["name"], rows))
    for k in range(3):
        est.ok("leader.incomplete", s, s.url(f"/news/show.asp?id={501 + k}"), "undated-lists",
               "GBK 无 charset，../UploadFiles 照片，信息齐全")
    est.plant("leader.incomplete", s, "leaders", s.url("/news/show.asp?id=504"), "general", "副镇长无分工")
    est.ok("column.empty", s, lead["url"], "undated-lists", "领导之窗：无日期")

    guides = [("结婚登记", "table", 0, (), True, True), ("农机购置补贴申请", "strong", 1, (), False, False),
              ("城乡居民养老保险参保登记", "h3", 2, (), True, False),
              ("计划生育奖励扶助", "table", 1, ("fee",), False, True),
              ("农村危房改造申请", "h3", 0, (), False, True)]
    rows = []
    for k, (name, style, var, miss, free, name_row) in enumerate(guides):
        gid = 801 + k
        form = f"../UploadFiles/bg/{gid}.doc"
        if gid != 805:
            s.add(f"/UploadFiles/bg/{gid}.doc", form_bytes(form), ctype="application/msword")
        s.add(f"/news/show.asp?id={gid}",
              gbk_page(s, f"{name}办事指南", guide_body(name, form, f"{name}申请表.doc", style, var, miss,
                                                     name_row, free), meta=k % 2 == 1))
        rows.append(row(f"show.asp?id={gid}", f"{name}办事指南"))
    s.add("/news/list.asp?classid=8", list_page(s, svc["name"], rows))
    for k in range(3):
        est.ok("service.incomplete", s, s.url(f"/news/show.asp?id={801 + k}"), "guides-name-themselves",
               "GBK 指南要素齐全（变体标签）")
    est.plant("service.incomplete", s, "services", s.url("/news/show.asp?id=804"), "script-item-pages",
              "GBK 指南缺收费依据/收费标准")
    est.plant("service.incomplete", s, "services", s.url("/news/show.asp?id=805"), "general",
              "表格下载 404")
    est.plant("link.broken", s, None, s.url("/UploadFiles/bg/805.doc"), "general", "表格 404")
    est.ok("column.empty", s, svc["url"], "undated-lists", "办事指南：无日期")

    outs = [("/ok/zwfw.html", "省政务服务网"), ("/ok/sheng-rst.html", "省人社厅"), ("/old/hksq.html", "户口申请系统")]
    rows = [row(est.out(p), t) for p, t in outs]
    s.add("/news/list.asp?classid=20", list_page(s, links["name"], rows))
    est.plant("link.wrong", s, "links", est.out("/old/hksq.html"), "general", "“页面不存在”页面返回 200")
    qingshi_letters(est, s, mail)
    return s


def build_mzj(est):
    s = Site(est, "mzj", "云溪县民政局", "127.0.0.158", "department", home="/", enc="gbk")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "民政动态", "/Article/list.asp?classid=3", "news")
    docs = s.column("documents", "文件通知", "/Article/list.asp?classid=6", "documents", "政策/规范性文件")
    mail = s.column("mailbox", "局长信箱", "/Article/list.asp?classid=9", "mailbox")
    lead = s.column("leaders", "领导班子", "/Article/list.asp?classid=2", "leaders", "机构职能")
    more = [s.column("personnel", "人事信息", "/Article/list.asp?classid=11", "personnel", "机构职能"),
            s.column("catalogue", "政策法规", "/Article/list.asp?classid=7", "documents", "政策/规范性文件")]
    blocks = "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in s.nav)
    s.add("/", gbk_page(s, "首页", header_search(s, "/Article/") + blocks))
    s.add("/Article/search.asp?key=%D5%FE%B8%AE", gbk_page(s, "搜索结果", "<p>共 0 条</p>"))
    est.ok("link.broken", s, s.url("/Article/search.asp?key=%D5%FE%B8%AE"), "links-as-linked",
           "GBK 编码查询串")

    items = news_items(est, "县民政局", dates(est, 30))
    rows = [row(f"ShowArticle.asp?ArticleID={it['id']}", it["title"], it["date"]) for it in items]
    s.add("/Article/list.asp?classid=3", list_page(s, news["name"], rows[:15],
                                                    '<a href="list.asp?classid=3&page=2">下一页</a>'))
    s.add("/Article/list.asp?classid=3&page=2", list_page(s, news["name"], rows[15:],
                                                           '<a href="list.asp?classid=3">首页</a>'))
    for k, it in enumerate(items):
        s.add(f"/Article/ShowArticle.asp?ArticleID={it['id']}", gbk_page(s, it["title"], it["body"], meta=k % 3 != 0))

    rows = []
    for k, delay in enumerate([5, 12, 44, 3, 8]):
        pub, aid = est.d(3 + 5 * k), 600 + k
        title = f"云溪县民政局关于{['做好低保年审', '开展养老机构检查', '做好冬季救助', '规范婚姻登记', '加强殡葬管理'][k]}工作的通知"
        s.add(f"/Article/ShowArticle.asp?ArticleID={aid}",
              gbk_page(s, title, doc_body(title, f"00499031/{pub.year}-{aid}", "云溪县民政局",
                                          pub - dt.timedelta(days=delay), pub, f"云民〔{pub.year}〕{k + 5}号"),
                       meta=False))
        rows.append(row(f"ShowArticle.asp?ArticleID={aid}", title, pub))
    s.add("/Article/list.asp?classid=6", list_page(s, docs["name"], rows))
    est.plant("document.late", s, "documents", s.url("/Article/ShowArticle.asp?ArticleID=602"),
              "script-item-pages", "GBK 文件成文后 44 天发布")
    est.ok("document.late", s, s.url("/Article/ShowArticle.asp?ArticleID=600"), "script-item-pages", "按时")
    est.ok("document.metadata", s, s.url("/Article/ShowArticle.asp?ArticleID=603"), "script-item-pages",
           "GBK 无 charset 文件元数据齐全")

    rows = []
    for k, (rcv, rep) in enumerate([(2, 1), (8, 4), (25, 12), (55, 13), (33, 30), (70, 58)]):
        aid = 900 + k
        title = f"关于{['养老补贴发放', '婚姻登记预约', '低保资格', '临时救助', '社区服务', '殡葬改革'][k]}的咨询"
        s.add(f"/Article/ShowArticle.asp?ArticleID={aid}",
              gbk_page(s, title, letter_body(title, est.d(rcv), est.d(rep), "已回复", k), meta=False))
        rows.append(row(f"ShowArticle.asp?ArticleID={aid}", title, est.d(rcv)))
    s.add("/Article/list.asp?classid=9", list_page(s, mail["name"], rows))
    est.plant("mailbox.overdue", s, "mailbox", s.url("/Article/ShowArticle.asp?ArticleID=903"), "general",
              "来信 42 天后才答复")
    for aid in (900, 902, 904):
        est.ok("mailbox.overdue", s, s.url(f"/Article/ShowArticle.asp?ArticleID={aid}"), "script-item-pages",
               "?ArticleID= 信件按时回复（GBK）")

    rows = []
    for k, (name, post) in enumerate([("邓国华", "局长"), ("曹淑芬", "副局长"), ("彭立新", "副局长")]):
        aid = 700 + k
        photo = f"../UploadFiles/2020/{aid}.jpg"
        s.add(f"/UploadFiles/2020/{aid}.jpg", jpeg_bytes(photo), ctype="image/jpeg")
        s.add(f"/Article/ShowArticle.asp?ArticleID={aid}",
              gbk_page(s, name, leader_body(name, post, photo, "分管社会救助、养老服务工作。",
                                            cv_text(name, 1975 + k), style="table", duty_label="工作分工",
                                            cv_label="简历"), meta=False))
        rows.append(row(f"ShowArticle.asp?ArticleID={aid}", f"{post}：{name}"))
    s.add("/Article/list.asp?classid=2", list_page(s, lead["name"], rows))
    for aid in (700, 701):
        est.ok("leader.incomplete", s, s.url(f"/Article/ShowArticle.asp?ArticleID={aid}"), "undated-lists",
               "GBK 无 charset 领导页齐全")
    est.ok("column.empty", s, lead["url"], "undated-lists", "领导班子：无日期")
    mzj_depth(est, s, *more)
    return s


# ---------------------------------------------------------------- later patterns

def asp_pager(base, n, pages):
    """首页 上一页 下一页 尾页 页次：n/pages — ASP list pages &page=N (base: 'list.asp?classid=11')."""
    def href(k):
        return base if k == 1 else f"{base}&page={k}"
    parts = [f'<a href="{href(1)}">首页</a>']
    parts.append(f'<a href="{href(n - 1)}">上一页</a>' if n > 1 else "上一页")
    parts.append(f'<a href="{href(n + 1)}">下一页</a>' if n < pages else "下一页")
    parts.append(f'<a href="{href(pages)}">尾页</a> 页次：<b>{n}</b>/{pages}页 每页5条')
    return " ".join(parts)


def asp_pages(site, dirpath, base, title, rows, per=5):
    pages = (len(rows) + per - 1) // per
    for n in range(1, pages + 1):
        q = dirpath + (base if n == 1 else f"{base}&page={n}")
        site.add(q, list_page(site, title, rows[per * (n - 1):per * n], asp_pager(base, n, pages)))
    return pages


def qingshi_letters(est, s, mail):
    """letters-in-full: show.asp?id=N letters, list.asp?classid=30&page=N, three pages of five."""
    letters = [  # received offset, reply mode, reply offset, status
        (1, "absent", None, "待处理"), (4, "answered", 2, "已回复"), (6, "answered", 1, "已回复"),
        (9, "answered", 3, "已回复"), (15, "absent", None, "待处理"),
        (17, "answered", 10, "已回复"), (19, "answered", 8, "已回复"), (23, "answered", 7, "已回复"),
        (26, "answered", 12, "已回复"), (28, "answered", 20, "已回复"),
        (30, "answered", 22, "已回复"), (32, "absent", None, "待处理"), (35, "pending", None, None),
        (38, "answered", 30, "已回复"), (44, "answered", 32, "已回复")]
    topics = ["村道维修", "低保评定", "土地流转", "自来水入户", "危房改造", "医保缴费", "村务公开",
              "垃圾清运", "宅基地审批", "养老保险", "集市占道", "农机补贴", "灌溉用水", "路灯安装", "小学撤并"]
    rows, lu = [], []
    for k, (rcv, mode, rep, st) in enumerate(letters):
        lid, d = 3001 + k, est.d(rcv)
        title = f"关于{topics[k]}的咨询"
        s.add(f"/news/show.asp?id={lid}",
              gbk_page(s, title, letter_page(title, d, "asp", mode, est.d(rep) if rep is not None else None, st,
                                             unit="青石镇人民政府"), meta=k % 2 == 0))
        lu.append(s.url(f"/news/show.asp?id={lid}"))
        rows.append(row(f"show.asp?id={lid}", f"{title}{f'［{st}］' if st else ''}", d))
    assert asp_pages(s, "/news/", "list.asp?classid=30", mail["name"], rows) == 3
    est.plant("mailbox.overdue", s, "mailbox", lu[11], "letters-in-full", "第 3 页：32 天前来信，待处理")
    est.plant("mailbox.overdue", s, "mailbox", lu[12], "letters-in-full",
              "第 3 页：35 天前来信，回复内容“暂无回复”")
    est.plant("mailbox.overdue", s, "mailbox", lu[7], "letters-in-full", "第 2 页：来信后 16 天才回复")
    est.ok("mailbox.overdue", s, lu[10], "letters-in-full", "第 3 页：8 天回复")
    est.ok("mailbox.overdue", s, lu[14], "letters-in-full", "第 3 页：12 天回复")
    est.ok("mailbox.overdue", s, lu[4], "letters-in-full", "第 1 页：15 天前来信，待处理，未超过 15 天")
    est.ok("link.broken", s, s.url("/news/list.asp?classid=30&page=3"), "letters-in-full", "尾页链接")


def mzj_depth(est, s, pers, cat):
    # full-depth-columns: 人事信息 (personnel, 2 years), list.asp?classid=11&page=N to page 5
    ds = [est.d(5 + 32 * k) for k in range(21)]
    young, edge, old = months_ago(est.as_of, 23), at_age(est.as_of, 2), months_ago(est.as_of, 25)
    names = ["刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高"]
    rows, ids = [], []
    for k, d in enumerate(ds + [young, edge, old]):
        aid = 7200 + k
        if k % 3 == 2:
            title = f"云溪县民政局{d.year}年公开招聘公益性岗位人员拟聘用人员公示"
        else:
            title = f"关于{names[k % 12]}某某等同志职务任免的通知"
        s.add(f"/Article/ShowArticle.asp?ArticleID={aid}",
              gbk_page(s, title, article_body(title, d, "云溪县民政局"), meta=k % 2 == 0))
        rows.append(row(f"ShowArticle.asp?ArticleID={aid}", title, d))
        ids.append(aid)
    assert asp_pages(s, "/Article/", "list.asp?classid=11", pers["name"], rows) == 5
    url = lambda aid: s.url(f"/Article/ShowArticle.asp?ArticleID={aid}")  # noqa: E731
    est.plant("content.outdated", s, "personnel", url(ids[-1]), "full-depth-columns",
              f"人事信息第 5 页（&page=5）{iso(old)}：25 个月，超过两年")
    est.ok("content.outdated", s, url(ids[-3]), "full-depth-columns", f"人事信息第 5 页 {iso(young)}：23 个月")
    est.ok("content.outdated", s, url(ids[-2]), "full-depth-columns", f"人事信息第 5 页 {iso(edge)}：恰满两年")
    est.ok("column.cadence", s, pers["url"], "full-depth-columns", "人事信息无 update_within，约 32 天一条，不查更新")

    # catalogue: GBK th/td table, labels without colons
    org = "云溪县民政局"
    specs = [(4, 6, ("formed",)), (8, 3, ()), (12, 8, ())]
    topics = ["最低生活保障审核确认办法", "特困人员救助供养实施细则", "临时救助实施办法"]
    rows = []
    for k, (off, delay, leave) in enumerate(specs):
        pub, aid = est.d(off), 650 + k
        fields = {"index_no": f"00499031/{pub.year}-{aid}", "topic": "社会保障", "publisher": org,
                  "formed": iso(pub - dt.timedelta(days=delay)), "wenhao": f"云民规〔{pub.year}〕{k + 1}号",
                  "published": iso(pub)}
        for key in leave:
            fields.pop(key)
        title = f"云溪县民政局关于印发{topics[k]}的通知"
        s.add(f"/Article/ShowArticle.asp?ArticleID={aid}",
              gbk_page(s, title, catalogue_doc(title, org, fields, "th", colon=""), meta=False))
        rows.append(row(f"ShowArticle.asp?ArticleID={aid}", title, pub))
    s.add("/Article/list.asp?classid=7", list_page(s, cat["name"], rows))
    est.plant("document.metadata", s, "catalogue", s.url("/Article/ShowArticle.asp?ArticleID=650"), "catalogue",
              "GBK 文件页无成文日期（索引号、发布机构、发布日期俱在）")
    est.ok("document.metadata", s, s.url("/Article/ShowArticle.asp?ArticleID=651"), "catalogue",
           "GBK th 标签无冒号：四项齐全")
    est.ok("document.metadata", s, s.url("/Article/ShowArticle.asp?ArticleID=652"), "catalogue", "四项齐全")
