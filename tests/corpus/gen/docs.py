"""Document pages (信息公开 metadata blocks) and article pages (news with a date line).

Document labels: the whole `document` and `published`. Traps: label spellings
(索 引 号, 发文字号, 生成日期), bracket styles in 文号, several date formats, a URL dated
on the formation day, dates in the prose, meta `others` / `lastmodifiedtime` build times.
Article labels: `title` and `published`. Traps: the same, plus a TRS URL dated days
before the visible publication date on some pages.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from .common import AS_OF, Site, Spec, body_text, doc_title, fmt_date, news_title

LABELS = {
    "index_no": ["索引号", "索 引 号", "索&nbsp;引&nbsp;号"],
    "category": ["信息分类", "主题分类", "分　　类"],
    "publisher": ["发布机构", "发文机关", "发布单位"],
    "formed": ["成文日期", "生成日期", "成文时间"],
    "published": ["发布日期", "发布时间", "公开日期"],
    "doc_no": ["文号", "发文字号", "文　　号"],
    "title": ["名称", "标题", "文件名称"],
}
BRACKETS = [("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"), ("〔", "〕")]
CATEGORIES = ["政策文件", "规划计划", "通知公告", "机构职能", "行政许可", "人事信息"]


def page_url(site: Site, rng: random.Random, day: date, section: str) -> str:
    serial = rng.randrange(10**6, 10**7)
    if site.family == "trs":
        return f"{site.base}/{section}/{day:%Y%m}/t{day:%Y%m%d}_{serial}.html"
    if site.family == "hanweb":
        return f"{site.base}/art/{day:%Y/%m/%d}/art_{rng.randrange(1000, 9999)}_{serial}.html"
    return f"{site.base}/{section.split('/')[0]}/ShowArticle.asp?ArticleID={serial % 100000}"


def meta_block(values: dict[str, str], rng: random.Random, variant: int) -> str:
    colon = rng.choice(["：", ":", "："])
    pairs = [(rng.choice(LABELS[key]), value) for key, value in values.items()]
    if variant == 0:
        cells = [f'<td class="t">{label}{colon}</td><td>{value}</td>' for label, value in pairs]
        rows = "".join("<tr>" + "".join(cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2))
        return f'<table class="{rng.choice(["xxgk_table", "gk-info", "syh"])}" border="1" width="100%">{rows}</table>'
    if variant == 1:
        return "<div class=\"detail-meta\">" + "".join(
            f"<p><strong>{label}{colon}</strong>{value}</p>" for label, value in pairs) + "</div>"
    if variant == 2:
        return "<dl class=\"doc-info\">" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in pairs) + "</dl>"
    return "<ul class=\"xxgk-info\">" + "".join(
        f"<li><span class=\"lab\">{label}{colon}</span><span class=\"val\">{value}</span></li>" for label, value in pairs) + "</ul>"


def document_page(rng: random.Random, site: Site, index: int) -> Spec:
    published = AS_OF - timedelta(days=rng.randrange(1, 300))
    formed = published - timedelta(days=rng.choice([0, 2, 5, 12, 19, 21, 25, 40]))
    title = doc_title(rng, site)
    open_, close = rng.choice(BRACKETS)
    number = rng.randrange(1, 120)
    doc_no = None if rng.random() < 0.2 else f"{site.county}政办{open_}{formed.year}{close}{number}号"
    document: dict[str, Any] = {
        "index_no": f"{rng.randrange(10**8, 10**9)}/{formed.year}-{rng.randrange(1, 99999):05d}",
        "category": rng.choice(CATEGORIES) if rng.random() < 0.85 else None,
        "publisher": rng.choice([f"{site.county}县人民政府办公室", f"{site.county}县发展和改革委员会", f"{site.county}县财政局"]),
        "formed": formed.isoformat(), "published": published.isoformat(),
        "doc_no": doc_no.replace(open_, "〔").replace(close, "〕") if doc_no else None, "title": title}
    style = rng.randrange(5)
    shown = {"index_no": document["index_no"], "category": document["category"], "publisher": document["publisher"],
             "formed": fmt_date(formed, style), "published": fmt_date(published, style + rng.randrange(2)),
             "doc_no": doc_no, "title": title}
    shown = {key: value for key, value in shown.items() if value is not None}
    if doc_no is None and rng.random() < 0.5:
        shown["doc_no"] = ""  # the row is there, empty, as many sites leave it
    url = page_url(site, rng, formed, "xxgk/zfwj")
    variant = index % 4
    content = (f'<div class="xxgk-detail">{meta_block(shown, rng, variant)}'
               f'<h1 class="doc-title">{title}</h1>'
               f'<div class="doc-no" style="text-align:center">{doc_no or ""}</div>'
               f'<div id="zoom" class="TRS_Editor">{body_text(rng, site, published, 5)}'
               f'<p style="text-align:right">{document["publisher"]}</p>'
               f'<p style="text-align:right">{formed.year}年{formed.month}月{formed.day}日</p></div>'
               f'<div class="fj">附件：<a href="./P0{formed:%Y%m%d}{number}.pdf">{title}.pdf</a></div></div>')
    metas = [("others", f"页面生成时间 {AS_OF - timedelta(days=rng.randrange(0, 3)):%Y-%m-%d} 10:{rng.randrange(10, 59)}:08")]
    if rng.random() < 0.5:
        metas.append(("lastmodifiedtime", f"{AS_OF:%Y-%m-%d}-09:12:30"))
    return Spec(path=url, kind="document", content=content, title=f"{title}_{site.name}", metas=metas,
                expect={"kind": "document", "published": published.isoformat(), "document": document})


def info_line(rng: random.Random, published: date, variant: int, source: str) -> str:
    when = f"{published:%Y-%m-%d} {rng.randrange(7, 19):02d}:{rng.randrange(60):02d}"
    lines = [f'<div class="info">发布时间：{when}&nbsp;&nbsp;来源：{source}&nbsp;&nbsp;浏览次数：<span id="num">1024</span></div>',
             f'<p class="source">日期：{published.year}年{published.month}月{published.day}日　　信息来源：{source}</p>',
             f'<div class="article-infos"><span><i>时间：</i>{when}</span><span><i>来源：</i>{source}</span></div>',
             f'<div class="property"><span>【{published:%Y-%m-%d}】</span><span>{source}</span><span>【字体：大 中 小】</span></div>',
             f'<td class="fbsj">发布日期：{published:%Y/%m/%d}　作者：{source}　点击：36</td>']
    return lines[variant % len(lines)]


def article_page(rng: random.Random, site: Site, index: int) -> Spec:
    published = AS_OF - timedelta(days=rng.randrange(1, 400))
    title = news_title(rng, site)
    created = published - timedelta(days=rng.choice([0, 0, 2, 3]))  # TRS names the file on its creation day
    url = page_url(site, rng, created, "xwdt/zwyw")
    source = rng.choice(["县政府办", "县融媒体中心", f"{site.county}日报", "县委宣传部"])
    variant = index % 5
    line = info_line(rng, published, variant, source)
    if variant == 4:
        line = f'<table width="100%"><tr>{line}</tr></table>'
    content = (f'<div class="article"><h1 class="{rng.choice(["title", "art-title", "bt"])}">{title}</h1>{line}'
               f'<div class="{rng.choice(["TRS_Editor", "content", "zoom"])}" id="zoom">{body_text(rng, site, published)}'
               f'<p style="text-align:center"><img src="./W0{published:%Y%m%d}{rng.randrange(1000, 9999)}.jpg"></p></div>'
               f'<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a>　<a href="javascript:window.print()">【打印】</a></div></div>')
    metas: list[tuple[str, str]] = []
    if site.family == "trs" and rng.random() < 0.7:
        metas += [("ArticleTitle", title), ("PubDate", f"{published:%Y-%m-%d} 09:30"), ("ContentSource", source)]
    if rng.random() < 0.6:
        metas.append(("others", f"页面生成时间 {AS_OF - timedelta(days=rng.randrange(0, 30)):%Y-%m-%d} 11:23:36"))
    if rng.random() < 0.4:
        metas += [("firstpublishedtime", f"{published:%Y-%m-%d}-10:00:00"), ("lastmodifiedtime", f"{AS_OF:%Y-%m-%d}-08:00:00")]
    return Spec(path=url, kind="article", content=content, title=f"{title}-{site.name}", metas=metas,
                expect={"kind": "article", "title": title, "published": published.isoformat()})
