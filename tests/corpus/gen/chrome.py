"""Page chrome per CMS family: head, banner, navigation, breadcrumb, sidebar, footer.

The footer returns the identity it shows, so home pages can label it; the sidebar
lists "热点新闻" with dates newer than the page's own, the banner shows the audit day,
the footer shows copyright years: all dates an extractor must not take.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from html import escape
from typing import Any

from .common import Site, Spec, banner, news_title

NAV = [("首页", "/"), ("政务公开", "/zwgk/"), ("新闻动态", "/xwdt/"), ("政务服务", "/zwfw/"),
       ("互动交流", "/hdjl/"), ("走进{c}", "/zj/")]


def head(site: Site, spec: Spec, rng: random.Random, charset: str | None) -> str:
    parts = ["<head>"]
    if charset:
        if rng.random() < 0.5:
            parts.append(f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
        else:
            parts.append(f'<meta charset="{charset}">')
    parts.append('<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">')
    title = spec.title or site.name
    parts.append(f"<title>{escape(title)}</title>")
    if site.family == "trs":
        parts.append(f'<meta name="SiteName" content="{site.name}">')
        parts.append(f'<meta name="SiteDomain" content="{site.host}">')
    for name, value in spec.metas:
        parts.append(f'<meta name="{name}" content="{escape(value)}">')
    parts.append('<link rel="stylesheet" href="/images/common.css" type="text/css">')
    parts.append('<script src="/js/jquery-1.12.4.min.js"></script>')
    parts.append(spec.head_extra)
    parts.append("</head>")
    return "\n".join(parts)


def top(site: Site, as_of: date, rng: random.Random) -> str:
    nav = "".join(f'<li><a href="{href}">{label.format(c=site.county)}</a></li>' for label, href in NAV)
    weather = rng.choice(["", f"<span class=\"weather\">{site.county} 晴 3℃~12℃</span>"])
    if site.family == "table":
        return (f'<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">'
                f'<tr><td height="30" class="date"><font color="#666666">{banner(as_of)}</font>{weather}</td>'
                f'<td align="right"><a href="/">设为首页</a> | <a href="/">加入收藏</a></td></tr>'
                f'<tr><td colspan="2"><img src="/images/banner.jpg" width="1000" height="150" alt="{site.name}"></td></tr>'
                f'<tr><td colspan="2" class="nav"><ul>{nav}</ul></td></tr></table>')
    box = "top-bar" if site.family == "trs" else "hw-top"
    return (f'<div class="{box}"><div class="w1200"><span class="today">{banner(as_of)}</span>{weather}'
            f'<a href="/wza/">无障碍</a><a href="/en/">English</a></div></div>'
            f'<div class="header"><a href="/" class="logo"><img src="/images/logo.png" alt="{site.name}"></a>'
            f'<form action="/search/" class="search"><input name="q"><button>搜索</button></form></div>'
            f'<div class="nav"><ul>{nav}</ul></div>')


def breadcrumb(site: Site, as_of: date, column: str, column_href: str) -> str:
    month_dir = f"/xwdt/{as_of:%Y%m}/" if site.family == "trs" else f"/art/{as_of:%Y/%m}/"
    return (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{month_dir}">{as_of.year}年{as_of.month}月</a>'
            f' &gt; <a href="{column_href}">{column}</a></div>')


def sidebar(site: Site, as_of: date, rng: random.Random) -> str:
    rows = []
    for offset in range(5):
        day = as_of - timedelta(days=offset)
        href = f"/xwdt/rdxw/{day:%Y%m}/t{day:%Y%m%d}_{rng.randrange(10**6, 10**7)}.html"
        rows.append(f'<li><a href="{href}">{news_title(rng, site)}</a><span>{day:%m-%d}</span></li>')
    return f'<div class="side"><h3>热点新闻</h3><ul class="hot">{"".join(rows)}</ul></div>'


def conac_markup(rng: random.Random) -> str:
    code = rng.randrange(10**15, 10**16)
    if rng.random() < 0.5:
        return (f'<a href="http://bszs.conac.cn/sitename?method=show&amp;id={code:X}" target="_blank">'
                f'<img src="/images/red.png" alt="党政机关"></a>')
    return ('<span id="_ideConac"></span><script type="text/javascript">document.write(unescape('
            f'"%3Cspan id=\'_ideConac\' %3E%3C/span%3E%3Cscript src=\'http://dcs.conac.cn/js/17/000/0000/{code}/'
            f'CA17000000{code}0001.js\' type=\'text/javascript\'%3E%3C/script%3E"));</script>')


def footer(site: Site, as_of: date, rng: random.Random, meta_has_code: bool) -> tuple[str, dict[str, Any]]:
    """A footer with a random subset of identity elements, and the identity it shows."""
    show_code = rng.random() < 0.85
    show_sponsor = rng.random() < 0.85
    show_phone = rng.random() < 0.7
    conac = rng.random() < 0.8
    sep = rng.choice(["：", ":", "", "： "])
    parts = []
    if show_sponsor:
        parts.append(f"<span>{rng.choice(['主办单位', '主办'])}：{site.sponsor}</span>")
    parts.append(f"<span>承办：{site.county}县大数据管理中心</span>")
    parts.append(f"<span>版权所有 &copy; 2008-{as_of.year} {site.name}</span>")
    if show_phone:
        parts.append(f"<span>{rng.choice(['联系电话', '电话'])}：{site.phone}</span>")
    parts.append(f'<a href="https://beian.miit.gov.cn/" target="_blank">{site.icp}</a>')
    record_digits = "".join(ch for ch in site.police_record if ch.isdigit())
    parts.append(f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={record_digits}">'
                 f'<img src="/images/ga.png">{site.police_record}</a>')
    if show_code:
        parts.append(f"<span>网站标识码{sep}{site.site_id_code}</span>")
    rng.shuffle(parts)
    jiucuo = ('<script id="_jiucuo_" sitecode="' + site.site_id_code
              + '" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>')
    jiucuo = jiucuo if show_code else ""  # its sitecode attribute would reveal the code
    badge = conac_markup(rng) if conac else ""
    if site.family == "table":
        html = (f'<table width="1000" align="center" class="bottom"><tr><td width="120">{badge}</td>'
                f'<td>{"<br>".join(parts)}</td><td width="120">{jiucuo}</td></tr></table>')
    else:
        cls = rng.choice(["footer", "foot", "bottom-wrap"])
        html = (f'<div class="{cls}"><div class="links"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a>'
                f'</div><div class="dzjg">{badge}</div><div class="copyright"><p>{" ".join(parts)}</p></div>'
                f'<div class="jiucuo">{jiucuo}</div></div>')
    identity = {"site_id_code": site.site_id_code if (show_code or meta_has_code) else None,
                "icp": site.icp, "police_record": site.police_record, "conac": conac,
                "sponsor": site.sponsor if show_sponsor else None,
                "contact": site.phone if show_phone else None}
    return html, identity


def body(site: Site, spec: Spec, rng: random.Random, column: str, column_href: str) -> tuple[str, dict[str, Any]]:
    meta_has_code = any(name == "SiteIDCode" and value for name, value in spec.metas)
    foot, identity = footer(site, spec.as_of, rng, meta_has_code)
    if not spec.chrome:
        return f"<body>{spec.content}{foot}</body>", identity
    main = f'<div class="main-left">{spec.content}</div>'
    side = sidebar(site, spec.as_of, rng) if rng.random() < 0.8 else ""
    html = (f"<body>{top(site, spec.as_of, rng)}{breadcrumb(site, spec.as_of, column, column_href)}"
            f'<div class="container w1200">{main}{side}</div>{foot}'
            f'<script>var _hmt = _hmt || [];</script></body>')
    return html, identity


def page_html(site: Site, spec: Spec, rng: random.Random, charset: str | None,
              column: str = "新闻动态", column_href: str = "/xwdt/") -> tuple[str, dict[str, Any]]:
    doctype = rng.choice(["<!DOCTYPE html>", '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                          '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'])
    html_body, identity = body(site, spec, rng, column, column_href)
    return f"{doctype}\n<html>\n{head(site, spec, rng, charset)}\n{html_body}\n</html>\n", identity
