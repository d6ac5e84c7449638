"""The link table (auditor.extract.links): every element and attribute, resolution, hostile URLs."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract.html import parse_html
from auditor.extract.links import (
    LINK_ATTRIBUTES,
    document_base,
    extract_links,
    resolve,
    srcset_urls,
)

PAGE = "http://www.mengjin.gov.cn/xwzx/mjyw/index.html"


def links_of(body: str, page: str = PAGE) -> list[tuple[str, str, str, str]]:
    tree = parse_html(f"<html><head></head><body>{body}</body></html>")
    return [(link.element, link.attribute, link.target, link.text) for link in extract_links(tree, page)]


def targets(body: str, page: str = PAGE) -> list[str]:
    return [target for _, _, target, _ in links_of(body, page)]


def test_every_element_and_attribute_of_the_table_is_read() -> None:
    body = """
      <a href="a.html">甲</a>
      <map><area href="area.html" alt="区域"></map>
      <img src="img.png" srcset="small.png 1x, big.png 2x" alt="图片">
      <script src="app.js"></script>
      <link rel="stylesheet" href="style.css">
      <iframe src="frame.html"></iframe>
      <frameset><frame src="oldframe.html"></frameset>
      <embed src="movie.swf">
      <picture><source src="s.webm" srcset="s1.webp 480w, s2.webp 800w"></picture>
      <video src="v.mp4" poster="poster.jpg"></video>
      <audio src="a.mp3"></audio>
      <object data="doc.pdf"></object>
      <form action="search.jsp"></form>
      <meta http-equiv="refresh" content="5; url=moved.html">
      <img src="map.png" longdesc="map.html"><track src="sub.vtt">
      <object data="o.swf" codebase="plugins/" archive="o1.jar o2.jar"></object>
      <applet code="Clock.class" codebase="java"></applet><applet codebase="java" archive="clock.jar"></applet>
      <button formaction="send.jsp">发送</button><input type="image" src="go.gif" formaction="go.jsp">
      <blockquote cite="src1.html">一</blockquote><q cite="src2.html">二</q>
      <del cite="why1.html">三</del><ins cite="why2.html">四</ins>
      <table background="t.gif"><tr background="tr.gif"><th background="th.gif">五</th>
      <td background="td.gif">六</td></tr></table>
      <style>.x { background: url(bg.png) }</style>
    """
    tree = parse_html(f'<html manifest="app.appcache"><head><base href="{PAGE}"></head>'
                      f'<body background="body.gif">{body}</body></html>')
    rows = extract_links(tree, PAGE)
    found = {(link.element, link.attribute) for link in rows}
    expected = {(element, attribute) for element, attributes in LINK_ATTRIBUTES.items() for attribute in attributes}
    assert found == expected
    base = "http://www.mengjin.gov.cn/xwzx/mjyw/"
    assert {link.target for link in rows} >= {base + name for name in (
        "a.html", "area.html", "img.png", "small.png", "big.png", "app.js", "style.css", "frame.html",
        "oldframe.html", "movie.swf", "s.webm", "s1.webp", "s2.webp", "v.mp4", "poster.jpg", "a.mp3",
        "doc.pdf", "search.jsp", "moved.html", "map.html", "sub.vtt", "plugins/o.swf", "plugins/o1.jar",
        "plugins/o2.jar", "plugins/", "java/Clock.class", "java", "java/clock.jar", "send.jsp", "go.gif",
        "go.jsp", "src1.html", "src2.html", "why1.html", "why2.html", "t.gif", "tr.gif", "th.gif", "td.gif",
        "bg.png", "app.appcache", "body.gif", "index.html",
    )}


def test_link_texts_anchor_alt_and_title() -> None:
    rows = links_of("""
      <a href="1.html">  孟津   要闻 </a>
      <a href="2.html"><img src="logo.png" alt="县政府标志"></a>
      <img src="photo.jpg" title="县长照片">
      <a href="3.html">""" + "长" * 300 + """</a>
    """)
    texts = {target.rsplit("/", 1)[1]: text for element, _, target, text in rows}
    assert texts["1.html"] == "孟津 要闻"
    assert texts["2.html"] == "县政府标志"
    assert texts["logo.png"] == "县政府标志"
    assert texts["photo.jpg"] == "县长照片"
    assert len(texts["3.html"]) == 200


def test_base_href_wins_over_the_page_url() -> None:
    body = '<a href="doc/1.html">一</a><a href="/root.html">根</a>'
    tree = parse_html(f'<html><head><base href="http://cms.mengjin.gov.cn/site/"></head><body>{body}</body></html>')
    assert [link.target for link in extract_links(tree, PAGE)] == [
        "http://cms.mengjin.gov.cn/site/",  # <base href> is a link itself
        "http://cms.mengjin.gov.cn/site/doc/1.html",
        "http://cms.mengjin.gov.cn/root.html",
    ]
    assert all(link.source == PAGE for link in extract_links(tree, PAGE))


def test_relative_base_href_resolves_against_the_page() -> None:
    tree = parse_html('<html><head><base href="../"></head><body><a href="x.html">x</a></body></html>')
    assert [link.target for link in extract_links(tree, PAGE) if link.element == "a"] == ["http://www.mengjin.gov.cn/xwzx/x.html"]


def test_relative_paths_and_scheme_relative_urls() -> None:
    assert targets('<a href="../../zwgk/">政务公开</a><a href="../../../../../too-far.html">远</a>'
                   '<a href="//cdn.example.com/lib.js">cdn</a><a href="?page=2">2</a>') == [
        "http://www.mengjin.gov.cn/zwgk/",
        "http://www.mengjin.gov.cn/too-far.html",
        "http://cdn.example.com/lib.js",
        "http://www.mengjin.gov.cn/xwzx/mjyw/index.html?page=2",
    ]


def test_fragments_dropped_whitespace_stripped_duplicates_folded() -> None:
    assert targets('<a href="  a.html#top ">一</a><a href="a.html">二</a><a href="#">顶部</a>'
                   '<a href="b\n.html">换行</a><a href="">空</a>') == [
        "http://www.mengjin.gov.cn/xwzx/mjyw/a.html",
        "http://www.mengjin.gov.cn/xwzx/mjyw/b.html",
    ]


def test_special_schemes_are_kept_as_written() -> None:
    body = ('<a href="mailto:xxgk@mengjin.gov.cn">信箱</a><a href="tel:0379-67912345">电话</a>'
            '<a href="javascript:void(0)">无</a><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')
    assert targets(body) == [
        "mailto:xxgk@mengjin.gov.cn",
        "tel:0379-67912345",
        "javascript:void(0)",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    ]


def test_meta_refresh_only_with_http_equiv_refresh() -> None:
    body = ('<meta name="description" content="http://not-a-link.example/">'
            '<meta http-equiv="Refresh" content="0;URL=\'http://www.mengjin.gov.cn/new/\'">'
            '<meta http-equiv="refresh" content="30">')
    assert links_of(body) == [("meta", "content", "http://www.mengjin.gov.cn/new/", "")]


def test_link_hints_are_not_resources() -> None:
    body = '<link rel="dns-prefetch" href="//hint.example.com"><link rel="preconnect" href="https://p.example.com"><link rel="icon" href="/favicon.ico">'
    assert targets(body) == ["http://www.mengjin.gov.cn/favicon.ico"]


def test_srcset_splitting_follows_the_standard() -> None:
    assert srcset_urls("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert srcset_urls("a.jpg,b.jpg") == ["a.jpg,b.jpg"]  # no space: one URL with a comma
    assert srcset_urls("a.jpg, b.jpg") == ["a.jpg", "b.jpg"]
    assert srcset_urls(" , a.jpg 480w,  b.jpg 800w , ") == ["a.jpg", "b.jpg"]
    assert srcset_urls("") == []


def test_hostile_urls_never_raise() -> None:
    long_url = "http://www.mengjin.gov.cn/" + "a" * 10_000
    body = (
        f'<a href="{long_url}">长</a>'
        '<a href="http://[::1">坏的IPv6</a>'
        '<a href="http://www.mengjin.gov.cn/%zz%E4%B8">坏的百分号</a>'
        '<a href="文件 目录/通知 公告.html">空格</a>'
        '<a href="http://孟津.中国/首页.html">中文域名</a>'
        '<a href="http://a.gov.cn:99999/">坏端口</a>'
    )
    assert targets(body) == [
        "http://www.mengjin.gov.cn/%zz%E4%B8",
        "http://www.mengjin.gov.cn/xwzx/mjyw/文件 目录/通知 公告.html",
        "http://孟津.中国/首页.html",
        "http://a.gov.cn:99999/",
    ]


def test_resolve_caps_the_resolved_length() -> None:
    assert resolve("x" * 3_990, "http://www.mengjin.gov.cn/a/b/c/") is None
    assert resolve("x" * 3_900, "http://www.mengjin.gov.cn/") is not None


# bases with a query, a fragment, params, a port, no path; values relative to the folder and not
BASES = st.sampled_from([
    PAGE, "http://www.mengjin.gov.cn", "http://www.mengjin.gov.cn/", "https://a.gov.cn:8443/x/y/?id=1#top",
    "http://a.gov.cn/x;jsessionid=1/y.jsp;v=2?q=1", "http://a.gov.cn/a//b/", "file:///srv/site/index.html",
    "http://a.gov.cn?only=query", "http://[::1]:8080/p/q.html",
])
VALUES = st.lists(st.sampled_from([*"ab./:;?#%~-_\\ 文1", "..", "../", "./", "http:", "a:b", "\x01"]), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(VALUES, BASES)
def test_a_folder_relative_value_resolves_as_urljoin_on_the_whole_base(value: str, base: str) -> None:
    """`resolve` joins a path relative to the base's folder against that folder (cached per folder):
    the result must be what `urljoin` gives against the page's own URL."""
    value = value.strip().replace("\\", "/")
    if not value or value.startswith("#") or value[:11].lower().startswith(("mailto:", "tel:", "javascript:", "data:")):
        return
    if value.startswith(("http://", "https://")) and "[" not in value:
        return  # taken as written, not joined
    try:
        expected: str | None = urldefrag(urljoin(base, value)).url or None
    except ValueError:
        expected = None
    assert resolve(value, base) == expected


AS_WRITTEN_CASES = [
    "ld/zhang.html#bio", " ld/zhang.html ", "", "   ", "#top", "?id=3", "//cdn.example.com/p.jpg",
    "https://www.gov.cn/a\nb", "javascript:show(1)", "mailto:a@b.cn", "ftp://x.cn/a", "http://[::1",
    "../../../../up.html", "x" * 5_000, "http://孟津.中国/首页.html#一",
]


@pytest.mark.parametrize("raw", AS_WRITTEN_CASES)
def test_resolve_as_written_is_the_trimmed_value_joined_and_kept_only_when_http(raw: str) -> None:
    """What the readers of leaders, letters, guides and <base href> recorded before `resolve`
    took the `as_written` reading: `urljoin` of the trimmed value, fragment kept, http(s) only."""
    try:
        joined: str | None = urljoin(PAGE, raw.strip())
    except ValueError:
        joined = None
    expected = joined if joined is not None and joined.startswith(("http://", "https://")) else None
    assert resolve(raw, PAGE, as_written=True) == expected


def test_the_two_readings_of_resolve_differ_on_fragments_empty_values_and_schemes() -> None:
    assert resolve("ld/zhang.html#bio", PAGE) == "http://www.mengjin.gov.cn/xwzx/mjyw/ld/zhang.html"
    assert resolve("ld/zhang.html#bio", PAGE, as_written=True) == "http://www.mengjin.gov.cn/xwzx/mjyw/ld/zhang.html#bio"
    assert resolve("", PAGE) is None and resolve("", PAGE, as_written=True) == PAGE
    assert resolve("#top", PAGE) is None and resolve("#top", PAGE, as_written=True) == f"{PAGE}#top"
    assert resolve("mailto:a@b.cn", PAGE) == "mailto:a@b.cn" and resolve("mailto:a@b.cn", PAGE, as_written=True) is None


def test_an_unusable_base_href_leaves_the_page_url() -> None:
    for href in ("javascript:void(0)", "http://[::1", "ftp://files.example.com/"):
        tree = parse_html(f'<html><head><base href="{href}"></head><body><a href="x.html">x</a></body></html>')
        assert document_base(tree, PAGE) == PAGE


def test_links_come_in_document_order_with_their_source() -> None:
    rows = extract_links(parse_html('<img src="1.png"><a href="2.html">二</a><script src="3.js"></script>'), PAGE)
    assert [link.target.rsplit("/", 1)[1] for link in rows] == ["1.png", "2.html", "3.js"]
    assert {link.source for link in rows} == {PAGE}
