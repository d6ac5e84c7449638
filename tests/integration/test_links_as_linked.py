"""Links are requested, stored and reported exactly as the page linked them (issue 14, item 5).

The server here answers only the raw request target it knows, byte for byte, like a
site with URL-rewrite rules or signed links: a re-ordered query or a re-encoded escape
is a 404.
"""

from __future__ import annotations

from datetime import date

from aiohttp import web

from auditor.config import CrawlConfig
from auditor.extract import extract_links, parse_html
from auditor.fetch import Fetcher
from auditor.models import Outcome, PageRequest
from auditor.urls import crawl_key, normalise
from tests.httpserver import serve

AS_LINKED = (
    "/index.html?uid=1234&pageNum=2",  # Hanweb's pager: uid before pageNum
    "/letter.jsp?lid=88&col=3",
    "/search.asp?key=%D5%FE%B8%AE&classid=2",  # a GBK-encoded query on an ASP site
    "/go.asp?url=http%3A%2F%2Fwww.example.gov.cn%2F",  # an escaped URL in a query
    "/x.jsp?path=%2F&a=1",
)


def exact_app(seen: list[str]) -> web.Application:
    async def answer(request: web.Request) -> web.Response:
        seen.append(request.raw_path)
        if request.raw_path in AS_LINKED:
            return web.Response(text="<html><title>ok</title></html>", content_type="text/html")
        return web.Response(status=404, text="not found")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


async def test_every_link_is_fetched_as_linked() -> None:
    seen: list[str] = []
    crawl = CrawlConfig(per_host_delay=0, retries=0, respect_robots=False)
    async with serve(exact_app(seen)) as server, Fetcher(crawl) as fetcher:
        page = "".join(f'<a href="{path}">link</a>' for path in AS_LINKED)
        targets = [normalise(link.target) for link in extract_links(parse_html(page), server.url("/list.html"))]
        assert targets == [server.url(path) for path in AS_LINKED]  # stored and reported as linked
        results = [await fetcher.fetch(PageRequest(url=target, site_id="t")) for target in targets]
    assert [r.outcome for r in results] == [Outcome.OK] * len(AS_LINKED), [r.error for r in results]
    assert seen == list(AS_LINKED)


def test_the_crawl_key_alone_sorts_and_unifies() -> None:
    assert normalise("HTTP://Example.GOV.cn:80/a.asp?b=2&a=1#top") == "http://example.gov.cn/a.asp?b=2&a=1"
    assert crawl_key("http://example.gov.cn/a.asp?b=2&a=1") == crawl_key("http://example.gov.cn/a.asp?a=1&b=2")
    # a session id makes no new page; an item id does
    assert crawl_key("http://x.cn/list.jsp;jsessionid=ABC?cid=1") == crawl_key("http://x.cn/list.jsp?cid=1")
    assert crawl_key("http://x.cn/list.asp?classid=1&sid=9") == crawl_key("http://x.cn/list.asp?classid=1&sid=7")
    assert crawl_key("http://x.cn/show.asp?id=1") != crawl_key("http://x.cn/show.asp?id=2")


def test_raw_chinese_in_a_query_goes_out_in_the_page_encoding() -> None:
    from auditor.extract import extract_page, parse_page
    from auditor.models import FetchResult, Outcome, PageRequest

    page_url = "http://127.0.0.1/list.asp?classid=3"
    text = '<html><body><a href="search.asp?key=政府&amp;classid=3">搜</a><a href="/路径.html?q=%D5%FE">x</a></body></html>'
    for encoding, expected in (("gb18030", "key=%D5%FE%B8%AE&classid=3"), ("utf-8", "key=政府&classid=3")):
        fetch = FetchResult(url=page_url, final_url=page_url, outcome=Outcome.OK, status=200, content_type="text/html",
                            encoding=encoding, text=text)
        page = extract_page(parse_page(fetch), PageRequest(url=page_url, site_id="t"), as_of=date(2026, 11, 28))
        targets = [link.target for link in page.links]
        assert targets[0] == f"http://127.0.0.1/search.asp?{expected}"
        assert targets[1] == "http://127.0.0.1/路径.html?q=%D5%FE"  # paths are UTF-8 everywhere; escapes stay
