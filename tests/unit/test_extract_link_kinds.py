"""A page per link kind (issue 20): each link found once, with its URL as fetched, element and attribute.

The kinds are those LinkChecker's and lychee's extractors read. The URL compared is the one the
crawler fetches: `extract_links`' target after `auditor.urls.normalise` (UTF-8 percent-encoding,
IDNA hosts). Then the pages that must give no link: comments, hints, prose in `cite`, `data:` in CSS.
"""

from __future__ import annotations

import doctest

import pytest

from auditor.extract import css
from auditor.extract.html import parse_html
from auditor.extract.links import PAGE_LINKS, extract_links
from auditor.links.check import TargetPolicy
from auditor.models import LinkResult, Outcome
from auditor.urls import normalise

PAGE = "http://www.mengjin.gov.cn/xwzx/mjyw/index.html"
HERE = "http://www.mengjin.gov.cn/xwzx/mjyw/"
ROOT = "http://www.mengjin.gov.cn/"

# (id, the page's markup, every link it holds: element, attribute, URL as fetched)
KINDS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("a", '<a href="tzgg/1.html">通知</a>', [("a", "href", HERE + "tzgg/1.html")]),
    ("area", '<map name="m"><area href="/zwgk/" alt="政务公开"></map>', [("area", "href", ROOT + "zwgk/")]),
    ("base", '<head><base href="http://cms.mengjin.gov.cn/site/"></head>',
     [("base", "href", "http://cms.mengjin.gov.cn/site/")]),
    ("link stylesheet", '<link rel="stylesheet" href="/css/main.css">', [("link", "href", ROOT + "css/main.css")]),
    ("link icon", '<link rel="shortcut icon" href="/favicon.ico">', [("link", "href", ROOT + "favicon.ico")]),
    ("link canonical", '<link rel="canonical" href="http://www.mengjin.gov.cn/xwzx/">',
     [("link", "href", ROOT + "xwzx/")]),
    ("link alternate", '<link rel="alternate" type="application/rss+xml" href="/rss.xml">',
     [("link", "href", ROOT + "rss.xml")]),
    ("link manifest", '<link rel="manifest" href="/site.webmanifest">', [("link", "href", ROOT + "site.webmanifest")]),
    ("link preload", '<link rel="preload" as="font" href="/f/song.woff2">', [("link", "href", ROOT + "f/song.woff2")]),
    ("img src", '<img src="../../images/logo.png" alt="标志">', [("img", "src", ROOT + "images/logo.png")]),
    ("img srcset", '<img srcset="/p/a-2x.jpg 2x">', [("img", "srcset", ROOT + "p/a-2x.jpg")]),
    ("img longdesc", '<img longdesc="/desc/chart.html">', [("img", "longdesc", ROOT + "desc/chart.html")]),
    ("source src", '<video><source src="/v/a.mp4" type="video/mp4"></video>', [("source", "src", ROOT + "v/a.mp4")]),
    ("source srcset", '<picture><source srcset="/p/b.webp"></picture>', [("source", "srcset", ROOT + "p/b.webp")]),
    ("video src", '<video src="/v/b.mp4"></video>', [("video", "src", ROOT + "v/b.mp4")]),
    ("video poster", '<video poster="/v/b.jpg"></video>', [("video", "poster", ROOT + "v/b.jpg")]),
    ("audio", '<audio src="/a/news.mp3"></audio>', [("audio", "src", ROOT + "a/news.mp3")]),
    ("track", '<video><track kind="captions" src="/v/b.vtt"></video>', [("track", "src", ROOT + "v/b.vtt")]),
    ("embed", '<embed src="/flash/map.swf">', [("embed", "src", ROOT + "flash/map.swf")]),
    ("iframe", '<iframe src="https://map.example.cn/embed?id=3"></iframe>',
     [("iframe", "src", "https://map.example.cn/embed?id=3")]),
    ("frame", '<frameset><frame src="left.html"></frameset>', [("frame", "src", HERE + "left.html")]),
    ("object data", '<object data="/flash/intro.swf" type="application/x-shockwave-flash"></object>',
     [("object", "data", ROOT + "flash/intro.swf")]),
    ("object codebase and archive", '<object codebase="/plugins" archive="viewer.jar  fonts.jar"></object>',
     [("object", "codebase", ROOT + "plugins"), ("object", "archive", ROOT + "plugins/viewer.jar"),
      ("object", "archive", ROOT + "plugins/fonts.jar")]),
    ("object ActiveX cab", '<object classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000" '
     'codebase="http://download.macromedia.com/pub/shockwave/cabs/flash/swflash.cab#version=9,0,0,0" '
     'data="intro.swf"></object>',  # a .cab to install is no folder: data is the page's
     [("object", "data", HERE + "intro.swf"),
      ("object", "codebase", "http://download.macromedia.com/pub/shockwave/cabs/flash/swflash.cab")]),
    ("applet code", '<applet code="gov.mengjin.Clock.class" codebase="/java"></applet>',
     [("applet", "code", ROOT + "java/gov/mengjin/Clock.class"), ("applet", "codebase", ROOT + "java")]),
    ("applet archive", '<applet code="Clock" codebase="java/" archive="clock.jar,lib/util.jar"></applet>',
     [("applet", "codebase", HERE + "java/"), ("applet", "archive", HERE + "java/clock.jar"),
      ("applet", "archive", HERE + "java/lib/util.jar")]),  # the class is in an archive: not fetched alone
    ("form", '<form action="/search/search.jsp" method="get"><input name="q"></form>',
     [("form", "action", ROOT + "search/search.jsp")]),
    ("button formaction", '<button formaction="/hdjl/submit.jsp">提交</button>',
     [("button", "formaction", ROOT + "hdjl/submit.jsp")]),
    ("input formaction", '<input type="submit" formaction="/hdjl/save.jsp" value="保存">',
     [("input", "formaction", ROOT + "hdjl/save.jsp")]),
    ("input image", '<input type="image" src="/images/go.gif" alt="搜索">', [("input", "src", ROOT + "images/go.gif")]),
    ("blockquote", '<blockquote cite="http://www.gov.cn/zhengce/1.htm">引文</blockquote>',
     [("blockquote", "cite", "http://www.gov.cn/zhengce/1.htm")]),
    ("q", '<q cite="/yw/2.html">引语</q>', [("q", "cite", ROOT + "yw/2.html")]),
    ("del", '<del cite="/corrections/3.html">旧</del>', [("del", "cite", ROOT + "corrections/3.html")]),
    ("ins", '<ins cite="changes.html">新</ins>', [("ins", "cite", HERE + "changes.html")]),
    ("html manifest", '<html manifest="/offline.appcache"><body></body></html>',
     [("html", "manifest", ROOT + "offline.appcache")]),
    ("body background", '<html><body background="/images/bg.gif"></body></html>',
     [("body", "background", ROOT + "images/bg.gif")]),
    ("table background", '<table background="/images/t.jpg"><tr><td>一</td></tr></table>',
     [("table", "background", ROOT + "images/t.jpg")]),
    ("tr background", '<table><tr background="/images/tr.jpg"><td>一</td></tr></table>',
     [("tr", "background", ROOT + "images/tr.jpg")]),
    ("td background", '<table><tr><td background="images/td.jpg">一</td></tr></table>',
     [("td", "background", HERE + "images/td.jpg")]),
    ("th background", '<table><tr><th background="images/th.jpg">一</th></tr></table>',
     [("th", "background", HERE + "images/th.jpg")]),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=/index.html">', [("meta", "content", ROOT + "index.html")]),
    ("og:image", '<meta property="og:image" content="http://www.mengjin.gov.cn/share.png">',
     [("meta", "og:image", ROOT + "share.png")]),
    ("og:url", '<meta property="og:url" content="http://www.mengjin.gov.cn/xwzx/mjyw/index.html">',
     [("meta", "og:url", PAGE)]),
    ("twitter:image", '<meta name="twitter:image" content="/share-card.png">',
     [("meta", "twitter:image", ROOT + "share-card.png")]),
    ("style url()", '<style>.banner { background: url("../../images/banner.jpg") no-repeat; }</style>',
     [("style", "text", ROOT + "images/banner.jpg")]),
    ("style @import", "<style>@import '/css/print.css' print;</style>", [("style", "text", ROOT + "css/print.css")]),
    ("style @import url()", "<style>@import url(/css/base.css);</style>", [("style", "text", ROOT + "css/base.css")]),
    ("style attribute", '<div style="background-image: url(/images/head.png); height: 90px">县政府</div>',
     [("style", "style", ROOT + "images/head.png")]),
    ("style attribute on an anchor", '<a href="/" style="background:URL(\'/images/home.gif\')">首页</a>',
     [("a", "href", ROOT), ("style", "style", ROOT + "images/home.gif")]),
    # percent-encoding and IDN, as a browser sends them
    ("raw space", '<a href="/files/通知 公告.doc">附件</a>',
     [("a", "href", ROOT + "files/%E9%80%9A%E7%9F%A5%20%E5%85%AC%E5%91%8A.doc")]),
    ("chinese path", '<a href="zwgk/政策文件/">政策文件</a>',
     [("a", "href", HERE + "zwgk/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6/")]),
    ("escapes kept", '<a href="/a%20b/%E4%B8%AD%zz.html">已编码</a>', [("a", "href", ROOT + "a%20b/%E4%B8%AD%zz.html")]),
    ("chinese host", '<a href="http://孟津.中国/首页.html">中文域名</a>',
     [("a", "href", "http://xn--x8so72b.xn--fiqs8s/%E9%A6%96%E9%A1%B5.html")]),
    ("backslashes", '<a href="upload\\2019\\通知.pdf?dir=a\\b">附件</a>',
     [("a", "href", HERE + "upload/2019/%E9%80%9A%E7%9F%A5.pdf?dir=a\\b")]),
]

# (id, markup): pages that hold no link to check
NO_LINK: list[tuple[str, str]] = [
    ("comment", '<!-- <a href="/old/index.html">旧版</a> <img src="/old.gif"> -->'),
    ("conditional comment", '<!--[if lt IE 9]><script src="/js/html5shiv.js"></script><![endif]-->'),
    ("dns-prefetch and preconnect",
     '<link rel="dns-prefetch" href="//cdn.example.com"><link rel="preconnect" href="https://fonts.example.com">'),
    ("data: in a style block", "<style>.x { background: url(data:image/png;base64,iVBORw0KGgo=) }</style>"),
    ("data: in a style attribute", "<div style=\"background: url('data:image/gif;base64,R0lGODlhAQ==')\">一</div>"),
    ("url() in a CSS comment", "<style>/* .old { background: url(/images/old.png) } */ .x { color: red }</style>"),
    ("a same-page image map", '<img usemap="#nav"><map name="nav"></map>'),
    ("prose in cite", '<blockquote cite="人民日报">引文</blockquote><q cite="习近平 讲话">引语</q>'),
    ("a colour or none as background", '<table background="none"><tr><td background="#f0f0f0">一</td></tr></table>'),
    ("a text input's src", '<input type="text" src="/images/x.gif" name="q">'),
    ("a template placeholder in og:url", '<meta property="og:url" content="{$url}">'),
    ("other meta", '<meta name="description" content="http://www.mengjin.gov.cn/">'
     '<meta property="og:title" content="孟津县人民政府">'),
    ("empty and fragment-only", '<a href="">空</a><a href="#top">顶部</a><img src=" ">'),
]


def found(markup: str) -> list[tuple[str, str, str]]:
    tree = parse_html(markup if markup.startswith("<html") else f"<html><body>{markup}</body></html>")
    return [(link.element, link.attribute, normalise(link.target)) for link in extract_links(tree, PAGE)]


@pytest.mark.parametrize(("markup", "expected"), [(markup, links) for _, markup, links in KINDS],
                         ids=[kind for kind, _, _ in KINDS])
def test_each_kind_is_found_once_with_its_url(markup: str, expected: list[tuple[str, str, str]]) -> None:
    assert sorted(found(markup)) == sorted(expected)


@pytest.mark.parametrize("markup", [markup for _, markup in NO_LINK], ids=[case for case, _ in NO_LINK])
def test_what_is_no_link(markup: str) -> None:
    assert found(markup) == []


def test_javascript_is_kept_as_written_and_never_requested() -> None:
    links = found('<a href="javascript:void(0)" onclick="go()">更多</a><a href="JavaScript:openWin(\'/x.html\')">弹窗</a>')
    assert links == [("a", "href", "javascript:void(0)"), ("a", "href", "JavaScript:openWin('/x.html')")]
    policy = TargetPolicy(site_of_host={"www.mengjin.gov.cn": "mj"})
    for _, _, url in links:
        result = policy.request_for(url)
        assert isinstance(result, LinkResult) and result.outcome is Outcome.EXCLUDED


def test_only_documents_are_crawled_as_pages() -> None:
    """Every kind of `KINDS` is crawled or only checked; a refresh is followed, og:url is not."""
    crawled = {(element, attribute) for _, markup, links in KINDS for element, attribute, _ in links
               if (element, attribute) in PAGE_LINKS}
    assert crawled == {("a", "href"), ("area", "href"), ("iframe", "src"), ("frame", "src"), ("meta", "content")}
    assert ("meta", "og:url") not in PAGE_LINKS and ("style", "style") not in PAGE_LINKS


def test_css_doctests() -> None:
    assert doctest.testmod(css).failed == 0
