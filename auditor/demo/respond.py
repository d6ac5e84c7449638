"""From (host, path) to a reply: which URLs exist is decided by the model, pages are
rendered on request (never pre-rendered), unknown paths are a real 404.

Pure apart from a per-site route table built on first use. What must change from one
request to the next (the first-request 429, the flaky home page, the slow page) is
carried out by the server from `Reply.special`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from typing import Literal

from .articles import item_page, plain_page
from .assets import COMMON, ROBOTS, content_type, file_body
from .model import Estate, SiteSpec, Special
from .outside import outside_reply
from .pages import home_page, list_page
from .paths import list_page_path

# a rendered page: ("home",), ("list", column index, page) or ("item", column index, item index)
PageRoute = tuple[Literal["home"]] | tuple[Literal["list", "item"], int, int]
# how a path is answered: a page, a fixed file, an error status, or a trap (`Special`)
Route = (PageRoute | tuple[Literal["robots", "file"]] | tuple[Literal["status"], int]
         | tuple[Literal["special"], Special])


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    special: Special | None = None  # behaviour the server enacts around this reply


class Responder:
    def __init__(self, estate: Estate) -> None:
        self.estate = estate
        self._sites = {site.host: site for site in estate.sites}
        self._routes: dict[str, dict[str, Route]] = {}

    def respond(self, host: str, path: str) -> Reply | None:
        """The reply for a GET of `path` on `host`; None when the estate has no such host."""
        site = self._sites.get(host)
        if site is None:
            answer = outside_reply(host, path)
            if answer is None:
                return None
            status, kind, text = answer
            return Reply(status, text.encode("utf-8"), kind)
        route = self.routes(site).get(path)
        return self._render(site, path, route) if route else self.not_found(site)

    def routes(self, site: SiteSpec) -> dict[str, Route]:
        if site.id not in self._routes:
            self._routes[site.id] = site_routes(site)
        return self._routes[site.id]

    def _render(self, site: SiteSpec, path: str, route: Route) -> Reply:
        # route[0] compared directly, so the type checker narrows `route` to its variant
        if route[0] == "special":
            return self._special(site, path, route[1])
        if route[0] == "robots":
            return Reply(200, ROBOTS, "text/plain")
        if route[0] == "file":
            return Reply(200, file_body(path), content_type(path))
        if route[0] == "status":
            return self._html(site, route[1], _error_page(route[1]))
        return self._html(site, 200, self._page(site, route))

    def _page(self, site: SiteSpec, route: PageRoute) -> str:
        if route[0] == "home":
            return home_page(self.estate, site)
        column = site.columns[route[1]]
        if route[0] == "list":
            return list_page(self.estate, site, column, route[2])
        return item_page(self.estate, site, column, column.items[route[2]])

    def _special(self, site: SiteSpec, path: str, special: Special) -> Reply:
        if special.behaviour == "redirect":
            headers = (("Location", site.absolute(special.location)),)
            return Reply(special.status, b"", "text/html", headers, special)
        if special.behaviour == "status":  # a page answering an error every time (the dead home page)
            return self._html(site, special.status, _error_page(special.status))
        if special.behaviour == "flaky-home":  # the home page, failing now and then (server.py decides when)
            return replace(self._html(site, 200, home_page(self.estate, site)), special=special)
        return replace(self._html(site, 200, plain_page(self.estate, site, path, special.title)), special=special)

    def _html(self, site: SiteSpec, status: int, text: str) -> Reply:
        body = text.encode(site.encoding, errors="xmlcharrefreplace")
        # GBK sites name their charset only in <meta>, as many real ones do
        kind = "text/html; charset=utf-8" if site.encoding == "utf-8" else "text/html"
        return Reply(status, body, kind)

    def not_found(self, site: SiteSpec) -> Reply:
        return self._html(site, 404, _error_page(404))


def _error_page(status: int) -> str:
    words = {404: "您访问的页面不存在或已被删除", 500: "服务器内部错误，请稍后再试", 503: "服务暂时不可用，请稍后再试"}
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{status}</title></head>'
            f"<body><h1>{status}</h1><p>{escape(words.get(status, '错误'))}</p></body></html>\n")


def site_routes(site: SiteSpec) -> dict[str, Route]:
    """Every path the site answers, and how."""
    routes: dict[str, Route] = {"/": ("home",), "/index.html": ("home",), "/robots.txt": ("robots",)}
    routes.update({path: ("file",) for path in COMMON})
    for c_index, column in enumerate(site.columns):
        if column.status != 200:
            if column.status != 404:
                routes[column.path] = ("status", column.status)
            continue
        for page in range(column.pages):
            routes[list_page_path(site.family, column.path, page)] = ("list", c_index, page)
        if site.family == "trs":
            routes[column.path + "index.html"] = ("list", c_index, 0)
        for i_index, item in enumerate(column.items):
            routes[item.path] = ("item", c_index, i_index)
            for path in (*item.images, *(href for _, href in item.files)):
                if path.startswith("/") and path not in site.missing:
                    routes[path] = ("file",)
    for path, special in site.specials:
        routes[path] = ("special", special)
    return routes
