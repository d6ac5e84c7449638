"""Script pages with an item id, links as linked, one problem one row, repeatable audits.

ASP, JSP and PHP CMSs serve every item from one script with its id in the query
(`show.asp?id=12`, `view.jsp?id=3`, `letter.jsp?lid=8&col=3`): these are the column's
documents, letters and guides, however many there are, not a crawler trap. Their URLs
are requested and reported exactly as linked: servers with rewrite rules answer a
re-ordered query with 404, and staff find a link in their CMS by the string they wrote.
"""

from __future__ import annotations

from datetime import timedelta

from .model import EXAMPLE_AS_OF, ExampleColumn, IdiomExample, Served, html

DOCUMENTS = ExampleColumn("wj", "政府文件", "documents", "/list.jsp?cid=7")
MAILBOX = ExampleColumn("xx", "县长信箱", "mailbox", "/mail/list.jsp?col=3")
LINKS = ExampleColumn("yqlj", "友情链接", "links", "/yqlj/index.html")
PLANS = ExampleColumn("ghjh", "规划计划", "plans", "/list.asp?classid=9")


def _day(days_ago: int) -> str:
    return (EXAMPLE_AS_OF - timedelta(days=days_ago)).isoformat()


def _document(number: int, formed: int, published: int) -> str:
    table = (f"<table class='xxgk'><tr><th>索引号</th><td>00123-2026-{number:05d}</td><th>发布机构</th><td>县政府办</td></tr>"
             f"<tr><th>成文日期</th><td>{_day(formed)}</td><th>发布日期</th><td>{_day(published)}</td></tr>"
             f"<tr><th>文号</th><td>示政〔2026〕{number}号</td></tr></table>")
    return html(f"关于印发第{number}号文件的通知", f"{table}<h1>关于印发第{number}号文件的通知</h1><p>各乡镇人民政府：现印发。</p>")


def _documents_list(ids: range) -> str:
    rows = "".join(f'<tr><td><a href="view.jsp?id={n}">关于印发第{n}号文件的通知</a></td><td>{_day(n)}</td></tr>' for n in ids)
    return html("政府文件", f'<div class="nav"><a href="/">首页</a></div><table class="list">{rows}</table>')


# 30 documents behind one script: more than any fixed cap on query variants per path
_MANY_DOCUMENTS = {
    "/list.jsp?cid=7": Served(_documents_list(range(1, 31))),
    **{f"/view.jsp?id={n}": Served(_document(n, formed=n + 5, published=n)) for n in range(1, 31)},
}


def _letter(lid: int, sent: int, replied: int | None) -> str:
    answer = (f"<tr><th>回复时间</th><td>{_day(replied)}</td></tr><tr><th>回复内容</th><td>已转相关部门办理。</td></tr>"
              if replied is not None else "")
    status = "已办结" if replied is not None else "办理中"
    return html(f"来信{lid}", (f"<table class='letter'><tr><th>信件标题</th><td>关于村道维修的建议{lid}</td></tr>"
                              f"<tr><th>来信时间</th><td>{_day(sent)}</td></tr><tr><th>来信内容</th><td>村里的道路坑洼，请求维修。</td></tr>"
                              f"<tr><th>处理状态</th><td>{status}</td></tr>"
                              f"{answer}</table>"))


def _mailbox(letters: dict[int, tuple[int, int | None]]) -> dict[str, Served]:
    rows = "".join(f'<li><a href="/mail/letter.jsp?lid={lid}&col=3">关于村道维修的建议{lid}</a><span>{_day(sent)}</span></li>'
                   for lid, (sent, _) in letters.items())
    pages = {"/mail/list.jsp?col=3": Served(html("县长信箱", f'<ul class="list">{rows}</ul>'))}
    for lid, (sent, replied) in letters.items():
        pages[f"/mail/letter.jsp?lid={lid}&col=3"] = Served(_letter(lid, sent, replied))
    return pages


def _friends(targets: list[tuple[str, str]]) -> dict[str, Served]:
    rows = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in targets)
    return {"/yqlj/index.html": Served(html("友情链接", f'<ul class="links">{rows}</ul>'))}


LEADERS = ExampleColumn("ld", "领导之窗", "leaders", "/ld/index.html")
PHOTO_OK = Served("GIF89a", content_type="image/gif")


def _two_leaders(photo_1: str, photo_2: str) -> dict[str, Served]:
    def profile(name: str, post: str, photo: str, duties: str, cv: str) -> Served:
        return Served(html(name, f'<div class="ld"><h2>{name}</h2><p>{post}</p><img src="{photo}"><h3>工作分工</h3>'
                                 f"<p>{duties}</p><h3>个人简历</h3><p>{cv}</p></div>"))

    return {
        "/ld/index.html": Served(html("领导之窗", (
            '<ul class="ld"><li><a href="/ld/1.html">张三</a></li><li><a href="/ld/2.html">李四</a></li></ul>'))),
        "/ld/1.html": profile("张三", "县长", photo_1, "主持全面工作。", "男，1970年生，大学学历。"),
        "/ld/2.html": profile("李四", "副县长", photo_2, "分管农业。", "女，1975年生，研究生学历。"),
    }

EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="script-item-pages", verdict="PASS",
        title="30 篇文件都在 view.jsp?id= 之后，均按时公开、要素齐全",
        columns=(DOCUMENTS,), pages=_MANY_DOCUMENTS, judges=("document.late", "document.metadata", "column.empty"),
        site_kind="county",
    ),
    IdiomExample(
        pattern="script-item-pages", verdict="FAIL",
        title="第 30 篇 view.jsp?id=30 成文 45 天后才公开",
        columns=(DOCUMENTS,),
        pages={**_MANY_DOCUMENTS, "/view.jsp?id=30": Served(_document(30, formed=75, published=30))},
        judges=("document.late", "document.metadata", "column.empty"), expect=(("document.late", "/view.jsp?id=30"),),
        site_kind="county",
    ),
    IdiomExample(
        pattern="links-as-linked", verdict="PASS",
        title="letter.jsp?lid=&col= 来信按原样请求（重排查询返回 404），均按时答复",
        columns=(MAILBOX,), pages=_mailbox({7: (12, 5), 8: (6, 2), 9: (1, None)}), judges=("mailbox.overdue", "link.broken"),
        site_kind="town",
    ),
    IdiomExample(
        pattern="links-as-linked", verdict="FAIL",
        title="超期来信以原样的 letter.jsp?lid=7&col=3 报告",
        columns=(MAILBOX,), pages=_mailbox({7: (40, None), 8: (6, 2)}), judges=("mailbox.overdue", "link.broken"),
        expect=(("mailbox.overdue", "/mail/letter.jsp?lid=7&col=3"),), site_kind="town",
    ),
    IdiomExample(
        pattern="links-as-linked", verdict="FAIL",
        title="失效链接按页面写法报告：show.asp?id=5&classid=2 与 GBK 编码的查询",
        columns=(LINKS,),
        pages={**_friends([("县档案馆", "/show.asp?id=5&classid=2"), ("政府搜索", "/search.asp?key=%D5%FE%B8%AE"),
                           ("县志", "/show.asp?id=6&classid=2")]),
               "/show.asp?id=5&classid=2": Served("gone", status=404),
               "/search.asp?key=%D5%FE%B8%AE": Served(html("搜索", "<p>政府</p>"), encoding="gbk", content_type="text/html"),
               "/show.asp?id=6&classid=2": Served(html("县志", "<p>县志</p>"))},
        judges=("link.broken",), expect=(("link.broken", "/show.asp?id=5&classid=2"),), site_kind="town",
    ),
    IdiomExample(
        pattern="one-problem-one-row", verdict="FAIL",
        title="空栏目同时违反县规则和国家指标：一个问题，两条规则",
        columns=(PLANS,), pages={"/list.asp?classid=9": Served(html("规划计划", '<div class="nav"><a href="/">首页</a></div>'))},
        judges=("column.empty",), expect=(("column.empty", "/list.asp?classid=9"),),
        rulesets=("mengjin-2011", "gov-cn-2019"), site_kind="county",
    ),
    IdiomExample(
        pattern="one-problem-one-row", verdict="PASS",
        title="两个规则集下都合格的栏目不报告",
        columns=(PLANS,), pages={"/list.asp?classid=9": Served(html("规划计划", (
            f'<ul class="list"><li><a href="show.asp?id=1">2026年工作计划</a><span>{_day(3)}</span></li></ul>'))),
            "/show.asp?id=1": Served(html("2026年工作计划", "<p>计划</p>"))},
        judges=("column.empty", "column.cadence"), rulesets=("mengjin-2011", "gov-cn-2019"), site_kind="county",
    ),
    IdiomExample(
        pattern="deterministic", verdict="PASS",
        title="照片首次 503（Retry-After）、另一张慢 2 秒：三次审计都不报",
        columns=(LEADERS,),
        pages={**_two_leaders("/p/1.jpg", "/p/2.jpg"),
               "/p/1.jpg": Served("GIF89a", content_type="image/gif", fail_first=1),
               "/p/2.jpg": Served("GIF89a", content_type="image/gif", delay=2.0)},
        judges=("leader.incomplete", "link.broken"), repeat=3, site_kind="town",
    ),
    IdiomExample(
        pattern="deterministic", verdict="FAIL",
        title="同一张 404 照片被两位领导页引用：三次审计的问题与编号都相同",
        columns=(LEADERS,), pages=_two_leaders("/p/x.jpg", "/p/x.jpg"),
        judges=("leader.incomplete", "link.broken"), repeat=3, site_kind="town",
        expect=(("leader.incomplete", "/ld/1.html"), ("leader.incomplete", "/ld/2.html"), ("link.broken", "/p/x.jpg")),
    ),
)


def _leader_list_page(rows: str, pager: str = "") -> Served:
    return Served(html("领导之窗", f'<div class="nav"><a href="/">首页</a></div><ul class="ld">{rows}</ul>{pager}'))


_LATE_LISTED = {
    # the home page links a leader's page directly, so it is fetched before the leaders
    # column (slow to answer) lists it on its second page
    "/": Served(html("示例县人民政府", '<ul class="nav"><li><a href="/ld/index.html">领导之窗</a></li></ul>'
                                      '<div class="ldtj"><a href="/ld/2.html">李四</a></div>')),
    "/ld/index.html": Served(_leader_list_page('<li><a href="/ld/1.html">张三</a></li>',
                                               '<div class="page"><a href="/ld/index_1.html">下一页</a></div>').body,
                             delay=1.0),
    "/ld/index_1.html": _leader_list_page('<li><a href="/ld/2.html">李四</a></li>'),
    "/p/1.jpg": PHOTO_OK,
    "/p/2.jpg": PHOTO_OK,
}

EXAMPLES += (
    IdiomExample(
        pattern="deterministic", verdict="FAIL",
        title="首页先链到的领导页、栏目第 2 页才列出：仍按领导页评判（缺简历）",
        columns=(LEADERS,),
        pages={**_LATE_LISTED, **{k: v for k, v in _two_leaders("/p/1.jpg", "/p/2.jpg").items() if k != "/ld/index.html"},
               "/ld/2.html": Served(html("李四", '<div class="ld"><h2>李四</h2><p>副县长</p><img src="/p/2.jpg">'
                                                "<h3>工作分工</h3><p>分管农业。</p></div>"))},
        judges=("leader.incomplete",), expect=(("leader.incomplete", "/ld/2.html"),), repeat=2, site_kind="town",
    ),
)

EXAMPLES += (
    IdiomExample(
        pattern="links-as-linked", verdict="PASS",
        title="GBK 页面上未编码的中文查询（search.asp?key=政府）按 GBK 发送，如浏览器所为",
        columns=(ExampleColumn("tzgg", "通知公告", "notices", "/list.asp?classid=3"),),
        pages={"/list.asp?classid=3": Served(html("通知公告", (
                   f'<ul class="list"><li><a href="show.asp?id=8">关于开展冬季安全检查的通知</a><span>{_day(2)}</span></li></ul>'
                   '<div class="search"><a href="search.asp?key=政府&classid=3">搜索“政府”</a></div>'), charset="gb2312"),
                   encoding="gbk", content_type="text/html"),
               "/show.asp?id=8": Served(html("通知", "<p>通知</p>", charset="gb2312"), encoding="gbk", content_type="text/html"),
               "/search.asp?key=%D5%FE%B8%AE&classid=3": Served(html("搜索", "<p>政府</p>", charset="gb2312"), encoding="gbk",
                                                                content_type="text/html")},
        judges=("link.broken",), site_kind="town",
    ),
)
