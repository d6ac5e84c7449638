"""HTML of the estate's pages: the shell every page shares, home pages and column list pages.

Three CMS families write their lists differently:

    trs     <ul class="list"><li><a href="./202611/t20261127_1.html" title="…">…</a><span>[11-27]</span></li>
            <script>createPageHTML(3, 0, "index", "html");</script>       (pages index.html, index_1.html …)
    hanweb  <li><span class="time">2026-11-27</span><a href="/art/2026/11/27/art_1201_5.html">…</a></li>
            <a href="/col/col1201/index_2.html">下一页</a>
    table   <tr><td><a href="html/5.htm">…</a></td><td>2026年11月27日</td></tr>   <a href="list_2.htm">下一页</a>

Everything inserted is escaped with html.escape, even though the content is ours.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from .model import ColumnSpec, Estate, Item, SiteSpec
from .paths import list_page_path, relative

WEEKDAYS = "一二三四五六日"
TITLE_LIMIT = 26  # list titles longer than this are cut with "..." (the full one is in title=)
HOME_ITEMS = 7
# a page's `a(target)`: the href, escaped, by which that page links to a path of its site
Anchor = Callable[[str], str]


def format_date(style: str, day: date, minute: int, as_of: date) -> str:
    """A list date in one of the styles county sites use."""
    if style == "slash":
        return f"{day:%Y/%m/%d}"
    if style == "dot":
        return f"{day:%Y.%m.%d}"
    if style == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "bracket":  # year-less; TRS templates add the year only to items older than a year
        return f"[{day:%m-%d}]" if (as_of - day).days < 300 else f"[{day:%Y-%m-%d}]"
    if style == "paren":
        return f"({day:%Y-%m-%d} {minute // 60:02d}:{minute % 60:02d})"
    return f"{day:%Y-%m-%d}"


def link(site: SiteSpec, page_path: str, target: str) -> str:
    """How this family writes a link from `page_path`: Hanweb root-relative, the others relative."""
    if target.startswith(("http://", "https://", "javascript:", "mailto:")):
        return target
    return target if site.family == "hanweb" else relative(page_path, target)


def banner(as_of: date) -> str:
    return f"今天是 {as_of.year}年{as_of.month}月{as_of.day}日 星期{WEEKDAYS[as_of.weekday()]}"


def shell(estate: Estate, site: SiteSpec, page_path: str, title: str, body: str, *, crumbs: str = "") -> str:
    a = anchors(site, page_path)
    charset = (f'<meta charset="{site.meta_charset}">' if site.meta_charset == "utf-8"
               else f'<meta http-equiv="Content-Type" content="text/html; charset={site.meta_charset}">')
    code = site.identity.site_code if site.identity else ""
    head = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", charset,
        f'<meta name="SiteName" content="{escape(site.name)}">',
        f'<meta name="SiteDomain" content="{escape(site.host)}">',
        f'<meta name="SiteIDCode" content="{code}">' if code else "",
        f"<title>{escape(title)}_{escape(site.name)}</title>",
        f'<link rel="stylesheet" type="text/css" href="{a("/css/style.css")}">',
        f'<script type="text/javascript" src="{a("/js/common.js")}"></script>',
        f'<script type="text/javascript" src="{a("/js/pagenav.js")}"></script>' if site.family == "trs" else "",
        "</head>", "<body>",
    ]
    top = [
        f'<div class="top"><span class="today">{banner(estate.as_of)}</span>',
        f'<a href="{a("/")}">设为首页</a> <a href="javascript:void(0)">加入收藏</a></div>',
        f'<div class="header"><a href="{a("/")}"><img src="{a("/images/logo.png")}" alt="{escape(site.name)}"></a>',
        f"<h1>{escape(site.name)}</h1></div>",
        _nav(site, a),
        f'<div class="position">当前位置：<a href="{a("/")}">首页</a>{crumbs}</div>' if page_path != "/" else "",
    ]
    return "\n".join([*head, *top, f'<div class="main">\n{body}\n</div>', footer(site, a), "</body>", "</html>"]) + "\n"


def anchors(site: SiteSpec, page_path: str) -> Anchor:
    return lambda target: escape(link(site, page_path, target))


def _nav(site: SiteSpec, a: Anchor) -> str:
    entries = [f'<li><a href="{a("/")}">首页</a></li>']
    entries += [f'<li><a href="{a(c.path)}">{escape(c.name)}</a></li>' for c in site.columns if c.in_nav]
    return '<div class="nav"><ul>\n' + "\n".join(entries) + "\n</ul></div>"


def footer(site: SiteSpec, a: Anchor) -> str:
    ident = site.identity
    assert ident is not None
    lines = [f"<p>主办单位：{escape(ident.sponsor)}　承办单位：{escape(site.unit)}　联系电话：{escape(ident.phone)}</p>"]
    marks = []
    if ident.site_code:
        marks.append(f"网站标识码：{ident.site_code}")
    if ident.icp:
        marks.append(f"<span>{escape(ident.icp)}</span>")
    marks.append(f'<img src="{a("/images/ga.png")}" alt="">{escape(ident.police)}')
    lines.append("<p>" + "　".join(marks) + "</p>")
    if ident.conac_id:
        lines.append(f'<p><a href="http://bszs.conac.cn/sitename?method=show&amp;id={ident.conac_id}" target="_blank">'
                     f'<img src="{a("/images/dzjg.png")}" alt="党政机关" width="55" height="65"></a></p>')
    return '<div class="footer">\n' + "\n".join(lines) + "\n</div>"


def home_page(estate: Estate, site: SiteSpec) -> str:
    a = anchors(site, "/")
    blocks = []
    for column in [c for c in site.columns if c.in_nav and c.items][:3]:
        entries = [f'<li><a href="{a(i.path)}" title="{escape(i.title)}">{escape(_cut(i.title))}</a>'
                   f"<span>{i.day:%m-%d}</span></li>" for i in column.items[:HOME_ITEMS]]
        blocks.append(f'<div class="block"><h2><a href="{a(column.path)}">{escape(column.name)}</a>'
                      f'<a class="more" href="{a(column.path)}">更多&gt;&gt;</a></h2>\n<ul>\n' + "\n".join(entries) + "\n</ul></div>")
    if site.home_links:
        entries = [f'<li><a href="{a(path)}">{escape(text)}</a></li>' for text, path in site.home_links]
        blocks.append('<div class="block"><h2>政务公开</h2><ul>\n' + "\n".join(entries) + "\n</ul></div>")
    friends = [f'<li><a href="{escape(url)}" target="_blank">{escape(name)}</a></li>' for name, url in site.friends]
    blocks.append('<div class="yqlj"><h2>友情链接</h2><ul>\n' + "\n".join(friends) + "\n</ul></div>")
    return shell(estate, site, "/", "首页", "\n".join(blocks))


def list_page(estate: Estate, site: SiteSpec, column: ColumnSpec, page: int) -> str:
    path = list_page_path(site.family, column.path, page)
    a = anchors(site, path)
    crumbs = f' &gt; <a href="{a(column.path)}">{escape(column.name)}</a>'
    if column.kind == "links":
        return shell(estate, site, path, column.name, _links_body(column), crumbs=crumbs)
    items = column.items[page * column.page_size:(page + 1) * column.page_size]
    if not items:
        body = '<div class="empty">暂无信息</div>'
    else:
        rows = [_row(estate, site, column, item, a) for item in items]
        body = _wrap_rows(site.family, rows)
    body += "\n" + _pager(site, column, page, a)
    return shell(estate, site, path, column.name, f'<h2 class="lm">{escape(column.name)}</h2>\n{body}', crumbs=crumbs)


def _cut(title: str) -> str:
    return title if len(title) <= TITLE_LIMIT else title[:TITLE_LIMIT] + "..."


def _row(estate: Estate, site: SiteSpec, column: ColumnSpec, item: Item, a: Anchor) -> str:
    when = escape(format_date(site.date_style, item.day, item.minute, estate.as_of))
    top = '<span class="zd">[置顶]</span>' if item.pinned else ""
    status = f'<span class="zt">{escape(item.status)}</span>' if column.kind == "mailbox" else ""
    if site.family == "table":
        status_cell = f'<td class="zt">{escape(item.status)}</td>' if column.kind == "mailbox" else ""
        return (f'<tr><td class="bt">{top}<a href="{a(item.path)}" target="_blank">{escape(item.title)}</a></td>'
                f'{status_cell}<td class="rq" width="120">{when}</td></tr>')
    anchor = f'<a href="{a(item.path)}" target="_blank" title="{escape(item.title)}">{escape(_cut(item.title))}</a>'
    if site.family == "hanweb":
        return f'<li><span class="time">{when}</span>{top}{anchor}{status}</li>'
    return f'<li>{top}{anchor}{status}<span class="date">{when}</span></li>'


def _wrap_rows(family: str, rows: list[str]) -> str:
    if family == "table":
        return '<table class="newslist" width="100%" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"
    return '<div class="list"><ul>\n' + "\n".join(rows) + "\n</ul></div>"


def _pager(site: SiteSpec, column: ColumnSpec, page: int, a: Anchor) -> str:
    total = column.pages
    if site.family == "trs":
        if site.pager_variant:
            call = f"createPageHTML('page_div',{total}, {page},'index','html',{len(column.items)});"
        else:
            call = f'createPageHTML({total}, {page}, "index", "html");'
        return f'<div class="page" id="page_div"><script type="text/javascript">{call}</script></div>'
    def to(target: int) -> str:
        return a(list_page_path(site.family, column.path, target))

    parts = [f"共{len(column.items)}条 第{page + 1}/{total}页"]
    parts.append(_pager_link(page > 0, "首页", lambda: to(0)))
    parts.append(_pager_link(page > 0, "上一页", lambda: to(page - 1)))
    parts.append(_pager_link(page + 1 < total, "下一页", lambda: to(page + 1)))
    parts.append(_pager_link(page + 1 < total, "尾页", lambda: to(total - 1)))
    return '<div class="pages">' + " ".join(parts) + "</div>"


def _pager_link(active: bool, text: str, href: Callable[[], str]) -> str:
    return f'<a href="{href()}">{text}</a>' if active else f'<span class="disabled">{text}</span>'


def _links_body(column: ColumnSpec) -> str:
    entries = [f'<li><a href="{escape(url)}" target="_blank">{escape(name)}</a></li>' for name, url in column.links]
    return f'<h2 class="lm">{escape(column.name)}</h2>\n<div class="links"><ul>\n' + "\n".join(entries) + "\n</ul></div>"
