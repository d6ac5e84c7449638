"""The normal site audited beside the hostile ones: what it must still be found to have."""

from __future__ import annotations

from datetime import timedelta

from tests.httpserver import Page

from .pages import CALENDAR_START

AS_OF = CALENDAR_START  # the audits run as of this day
NORMAL_PAGES = {
    "/": Page('<html><head><title>城关镇人民政府</title></head><body><a href="/news/">镇务动态</a>'
              '<a href="/status/404">已删除的通知</a><a href="/a.html">一篇文章</a></body></html>'),
    "/news/": Page("<html><head><title>镇务动态</title></head><body><ul>" + "".join(
        f'<li><a href="/news/{n}.html">动态第{n}条</a><span>{(AS_OF - timedelta(days=10 + 3 * n)).isoformat()}</span></li>'
        for n in range(5)) + "</ul></body></html>"),
    "/a.html": Page("<html><head><title>一篇文章</title></head><body><p>正文</p></body></html>"),
}


def expected_violations(origin: str) -> set[tuple[str, str]]:
    """(check, url) the normal site at `origin` (http://host:port) must have: a stale column, a dead link."""
    return {("column.cadence", f"{origin}/news/"), ("link.broken", f"{origin}/status/404")}


def site_toml(origin: str, site_id: str = "normal") -> str:
    return (f'\n[[sites]]\nid = "{site_id}"\nname = "城关镇人民政府"\nurl = "{origin}/"\nkind = "town"\n'
            f'  [[sites.columns]]\n  id = "news"\n  name = "镇务动态"\n  url = "{origin}/news/"\n  kind = "news"\n')
