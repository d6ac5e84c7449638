"""The outside world the estate links to: a healthy provincial site, an expired domain
turned gambling page, and a site that answers "页面不存在" with status 200.
(127.0.0.102 is the fourth: nothing listens there.)
"""

from __future__ import annotations

from html import escape

from .model import HEALTHY_HOST, PARKED_HOST, SOFT404_HOST

HEALTHY_PAGES = {
    "/": "河南省人民政府门户网站",
    "/zwgk/": "政务公开",
    "/bsfw/": "河南政务服务网",
    "/xwzx/": "新闻中心",
}
HEALTHY_ERRORS = {"/tjsj/query.html": 500}  # a query page whose back end is down
OPEN_ROBOTS = "User-agent: *\nDisallow:\n"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title></head>\n'
            f"<body>\n{body}\n</body></html>\n")


def outside_reply(host: str, path: str) -> tuple[int, str, str] | None:
    """(status, content type, text) for a request to an outside host; None: not an outside host."""
    if host == HEALTHY_HOST:
        return _healthy(path)
    if host == PARKED_HOST:
        return 200, "text/html; charset=utf-8", _parked()
    if host == SOFT404_HOST:
        return _soft404(path)
    return None


def _healthy(path: str) -> tuple[int, str, str]:
    if path == "/robots.txt":
        return 200, "text/plain; charset=utf-8", OPEN_ROBOTS
    if path in HEALTHY_ERRORS:
        return HEALTHY_ERRORS[path], "text/html; charset=utf-8", _page("500 Internal Server Error", "<h1>服务器内部错误</h1>")
    if path not in HEALTHY_PAGES:
        return 404, "text/html; charset=utf-8", _page("404 Not Found", "<h1>404 页面不存在</h1>")
    nav = "".join(f'<li><a href="{p}">{escape(t)}</a></li>' for p, t in HEALTHY_PAGES.items())
    body = f"<h1>{escape(HEALTHY_PAGES[path])}</h1>\n<ul>{nav}</ul>\n<p>河南省人民政府主办</p>"
    return 200, "text/html; charset=utf-8", _page(HEALTHY_PAGES[path], body)


def _parked() -> str:
    body = ("<h1>澳门葡京娱乐城 - 真人荷官 在线博彩</h1>\n<p>新用户注册即送888元彩金，百家乐、老虎机、体育投注，24小时在线。</p>\n"
            '<p>本域名可以出售，有意者请联系：domain@parked.example</p>')
    return _page("葡京娱乐城_在线博彩_百家乐", body)


def _soft404(path: str) -> tuple[int, str, str]:
    if path == "/robots.txt":
        return 200, "text/plain; charset=utf-8", OPEN_ROBOTS
    if path == "/":
        return 200, "text/html; charset=utf-8", _page("洛阳市人民政府信息公开", "<h1>洛阳市人民政府信息公开</h1><p>欢迎访问</p>")
    body = "<h1>对不起，您访问的页面不存在！</h1>\n<p>页面可能已被删除或移动，<a href=\"/\">返回首页</a></p>"
    return 200, "text/html; charset=utf-8", _page("页面不存在", body)
