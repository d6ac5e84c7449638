"""Undated lists: 领导之窗, 办事指南 and link lists carry no dates, and are lists all the same.

Their entries' pages are what the column holds: a leader's page is judged for R7 on
its own page (in GBK without a declaration, its photo linked with `../`), and a news
article listed in a leaders column is not a leader.
"""

from __future__ import annotations

from .model import ExampleColumn, IdiomExample, Served, html

LEADERS = ExampleColumn("ldzc", "领导之窗", "leaders", "/ldzc/index.html")
ASP_LEADERS = ExampleColumn("ldxx", "领导信息", "leaders", "/list.asp?classid=5")
JUDGED = ("column.empty", "leader.incomplete")
PHOTO = Served("GIF89a-photo", content_type="image/gif")


def _leader_page(name: str, post: str, *, photo: str | None, duties: str, cv: str, charset: str | None = "utf-8") -> str:
    image = f'<p class="photo"><img src="{photo}" alt="{name}"></p>' if photo else ""
    parts = [f'<div class="ld"><h2>{name}</h2><p class="zw">{post}</p>{image}']
    if duties:
        parts.append(f"<h3>工作分工</h3><p>{duties}</p>")
    if cv:
        parts.append(f'<h3>个人简历</h3><div class="jl">{cv}</div>')
    parts.append("</div>")
    return html(f"{name}-领导之窗", "".join(parts), charset=charset)


def _list_page(title: str, rows: str) -> str:
    nav = '<div class="nav"><a href="/">首页</a><a href="/ldzc/index.html">领导之窗</a><a href="/xxgk/">信息公开</a></div>'
    return html(title, f"{nav}<div class=\"main\"><h1>{title}</h1><ul class=\"ldlist\">{rows}</ul></div>")


ZHANG = "男，汉族，1971年3月生，河南人，大学学历。1993年参加工作，历任乡长、镇党委书记。"
LI = "女，汉族，1975年生，研究生学历，2019年起任副县长。"

_TRS_LEADERS = {
    "/ldzc/index.html": Served(_list_page("领导之窗", (
        '<li><a href="./202301/t20230105_1201.html"><img src="../images/zs.jpg">张三</a> 县长</li>'
        '<li><a href="./202301/t20230105_1202.html"><img src="../images/ls.jpg">李四</a> 副县长</li>'
    ))),
    "/ldzc/202301/t20230105_1201.html": Served(_leader_page(
        "张三", "县长", photo="../../images/zs.jpg", duties="主持县政府全面工作。", cv=ZHANG)),
    "/ldzc/202301/t20230105_1202.html": Served(_leader_page(
        "李四", "副县长", photo="../../images/ls.jpg", duties="负责农业农村、水利工作。", cv=LI)),
    "/images/zs.jpg": PHOTO,
    "/images/ls.jpg": PHOTO,
}

_ASP_GBK_LEADERS = {
    "/list.asp?classid=5": Served(_list_page("领导信息", (
        '<li><a href="show.asp?id=31">王五</a></li><li><a href="show.asp?id=32">赵六</a></li>'
    )).replace('charset=utf-8', 'charset=gb2312'), encoding="gbk", content_type="text/html"),
    # detail pages in GBK with no charset anywhere: neither the header nor a meta says it
    "/show.asp?id=31": Served(_leader_page("王五", "局长", photo="../UploadFiles/2019/ld31.jpg",
                                           duties="主持局全面工作。", cv="男，1970年生，大学学历。", charset=None),
                              encoding="gbk", content_type="text/html"),
    "/show.asp?id=32": Served(_leader_page("赵六", "副局长", photo="UploadFiles/2019/ld32.jpg",
                                           duties="分管办公室、财务工作。", cv="男，1978年生，研究生学历。", charset=None),
                              encoding="gbk", content_type="text/html"),
    "/UploadFiles/2019/ld31.jpg": PHOTO,
    "/UploadFiles/2019/ld32.jpg": PHOTO,
}

EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="undated-lists", verdict="PASS",
        title="TRS 领导之窗：无日期列表，详情页 ./t2023…html，照片以 ../ 引用",
        columns=(LEADERS,), pages=_TRS_LEADERS, judges=JUDGED,
    ),
    IdiomExample(
        pattern="undated-lists", verdict="PASS",
        title="ASP 领导信息：show.asp?id= 详情页为未声明编码的 GBK",
        columns=(ASP_LEADERS,), pages=_ASP_GBK_LEADERS, judges=JUDGED,
    ),
    IdiomExample(
        pattern="undated-lists", verdict="PASS",
        title="领导栏目里的“领导活动”新闻不按领导页评判",
        columns=(LEADERS,),
        pages={
            **_TRS_LEADERS,
            "/ldzc/index.html": Served(_list_page("领导之窗", (
                '<li><a href="./202301/t20230105_1201.html">张三</a> 县长</li>'
                '<li><a href="./202611/t20261120_1301.html">县长张三、副县长李四调研秋粮收购工作</a></li>'
            ))),
            "/ldzc/202611/t20261120_1301.html": Served(html("县长张三、副县长李四调研秋粮收购工作", (
                '<h1>县长张三、副县长李四调研秋粮收购工作</h1><p class="info">发布时间：2026-11-20 来源：县政府办</p>'
                "<p>11月19日，县长张三，副县长李四，县委常委王五到城关镇调研秋粮收购工作。张三强调，要做好粮食收购"
                "服务工作，切实保护种粮农民利益。</p>"))),
        },
        judges=JUDGED,
    ),
    IdiomExample(
        pattern="undated-lists", verdict="FAIL",
        title="领导详情页缺少简历（详情页 GBK、列表无日期）",
        columns=(ASP_LEADERS,),
        pages={**_ASP_GBK_LEADERS,
               "/show.asp?id=32": Served(_leader_page("赵六", "副局长", photo="UploadFiles/2019/ld32.jpg",
                                                      duties="分管办公室、财务工作。", cv="", charset=None),
                                         encoding="gbk", content_type="text/html")},
        judges=JUDGED, expect=(("leader.incomplete", "/show.asp?id=32"),),
    ),
    IdiomExample(
        pattern="undated-lists", verdict="FAIL",
        title="领导照片 404（照片以 ../ 引用）",
        columns=(LEADERS,),
        pages={k: v for k, v in _TRS_LEADERS.items() if k != "/images/ls.jpg"},
        judges=JUDGED, expect=(("leader.incomplete", "/ldzc/202301/t20230105_1202.html"),),
    ),
    IdiomExample(
        pattern="undated-lists", verdict="FAIL",
        title="栏目页只有导航、没有任何条目：空栏目",
        columns=(LEADERS,),
        pages={"/ldzc/index.html": Served(_list_page("领导之窗", ""))},
        judges=JUDGED, expect=(("column.empty", "/ldzc/index.html"),),
    ),
)


def _ajax_list(title: str) -> str:
    """A list page whose rows an Ajax call writes: nothing in the markup to read."""
    script = ("<script>$.getJSON('/api/list.do?columnId=12', function (rows) { var html = '';"
              " $.each(rows, function (i, r) { html += '<li><a href=\"' + r.url + '\">' + r.title + '</a></li>'; });"
              " $('#list').html(html); });</script>")
    return html(title, f'<div class="nav"><a href="/">首页</a></div><ul id="list"></ul>{script}')


EXAMPLES += (
    IdiomExample(
        pattern="script-lists", verdict="PASS",
        title="列表由 Ajax 脚本写入、标记中没有条目：不判为空栏目",
        columns=(ExampleColumn("tzgg", "通知公告", "notices", "/tzgg/index.html"),),
        pages={"/tzgg/index.html": Served(_ajax_list("通知公告"))},
        judges=("column.empty",), unverified=(("column.empty", "/tzgg/index.html"),), site_kind="county",
    ),
)
