"""The bodies the hostile server sends: broken markup, broken encodings, hostile links."""

from __future__ import annotations

from datetime import date, timedelta

CALENDAR_START = date(2026, 11, 28)
LONG_URL_CHARS = 10_000  # over the extractor's cap: dropped from the page
MEDIUM_URL_CHARS = 3_000  # under it, over the trap guard's: a link target, never crawled

NORMAL_ROBOTS = "User-agent: *\nDisallow: /private/\n"
EARLY_RULE = "/private/"  # in the first lines of every robots.txt served
LATE_RULE = "/late-rule/"  # at the end of the 5 MB robots.txt, past what any crawler reads


def html(title: str, body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head><body>{body}</body></html>"


def huge_robots(size: int = 5 * 1024 * 1024) -> bytes:
    """A 5 MB robots.txt: a real rule first, filler rules, and one more rule at the very end."""
    head = f"User-agent: *\nDisallow: {EARLY_RULE}\n".encode()
    line = b"Disallow: /filler-%07d/\n"
    lines = [line % n for n in range((size - len(head)) // len(line % 0))]
    return head + b"".join(lines) + f"Disallow: {LATE_RULE}\n".encode()


def calendar_page(day: date, query: bool) -> str:
    """One day of an endless calendar, linking to the next (by path, or by query string)."""
    following = day + timedelta(days=1)
    href = f"/calendar?date={following.isoformat()}" if query else f"/calendar/{following.isoformat()}.html"
    return html(f"日程 {day.isoformat()}", f'<p>{day.isoformat()} 无活动安排</p><a href="{href}">下一天</a>')


def malformed_page() -> bytes:
    """Markup broken every way a parser can meet: entities out of range, NULs, deep nesting,
    unclosed tags, a comment that never ends (everything after it is a comment)."""
    nesting = "<div>" * 5000 + "深层" + "</span>" * 10
    body = (
        "<p>未闭合段落<table><tr><td>单元格<td>另一格</table></tr>"
        "<a href=\"/malformed-target.html\">畸形页面中的链接</a>"
        "<a href='/quote\"mix.html'>引号</a><a href=/unquoted.html?a=1&b=2>无引号</a>"
        "&amp &lt &#; &#x; &#65 &unknown; &#99999999999; "
        f"{nesting}"
        "<script>document.write('<a href=\"/scripted.html\">')</script"
        "<style>a{}</style><textarea><a href=\"/in-textarea.html\">x</a>"
        "<!-- this comment is never closed <a href=\"/in-comment.html\">x</a>"
    )
    title = "畸形页面 &#0; &#xD800; &#x110000; &#1114111; &lt;script&gt;alert(1)&lt;/script&gt;"
    text = "<html><head><title>" + title + "</title></head><body>" + body
    return text.encode("utf-8").replace("单元格".encode(), "单元\x00格".encode())


def invalid_utf8_page() -> bytes:
    """Declared UTF-8 in the header and the markup; a few bytes in the middle are not UTF-8."""
    start = html("无效编码页面", "<p>正文开头").encode("utf-8").split(b"</body>")[0]
    broken = b"\xff\xfe \xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xe4\xb8"  # invalid, overlong, surrogate, 5-byte, cut short
    return start + broken + "正文结尾</p></body></html>".encode()


def mixed_encoding_page() -> bytes:
    """A GBK page (declared in a meta) with a UTF-8 paragraph pasted into it, as CMS migrations leave."""
    gbk = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>混合编码页面</title></head><body><p>这一段是GBK</p>'
    utf8 = "<p>这一段是UTF-8</p></body></html>"
    return gbk.encode("gbk") + utf8.encode("utf-8")


def hostile_links_page(own: str, localhost_port: int) -> str:
    """Links no URL parser should trust. `own` is the server's origin (http://host:port)."""
    targets = [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(document.cookie)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "mailto:<script>alert(1)</script>",
        "http://测试.invalid/",  # IDN
        "http://xn--0zwm56d.invalid/",  # its punycode
        "http://xn--zz.invalid/",  # punycode that does not decode
        f"http://ｌｏｃａｌｈｏｓｔ:{localhost_port}/",  # full-width letters: localhost after IDNA mapping
        f"http://{'a' * 70}.invalid/",  # a DNS label over 63 characters
        "http://[::1/",  # an IPv6 address never closed
        "http://127.0.0.1:99999/",  # a port out of range
        "http:///no-host",
        "http://user:pass@" + own.split("//", 1)[1] + "/credentials.html",
        "/with space.html",
        "/bad%zz.html",
        "/trailing%",
        "/query?q=%&r=%zz",
        "/中文路径.html",
        "/" + "b" * MEDIUM_URL_CHARS,
        "/" + "a" * LONG_URL_CHARS,
        "/tab\tand\nnewline.html",
        "//127.0.0.1:1/",  # scheme-relative, to a port nothing listens on
    ]
    items = "".join(f'<li><a href="{t}">目标{n}</a></li>' for n, t in enumerate(targets))
    return html("恶意链接页面", f"<ul>{items}</ul>")
