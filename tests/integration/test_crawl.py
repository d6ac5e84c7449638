"""The crawler against real servers: scope, bounds, traps, column pagination."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from auditor.config import CrawlConfig, SiteConfig
from auditor.crawl.scope import TrapGuard
from auditor.crawl.site import SiteCrawler
from auditor.fetch import Fetcher
from auditor.links import LinkLedger
from auditor.links.classify import Classifier
from auditor.links.lexicon import load_lexicon
from auditor.models import Outcome
from tests.crawl_context import StandaloneCrawl
from tests.httpserver import serve

AS_OF = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, allow_private_addresses=True, retries=0, timeout=5)


def trap_app() -> web.Application:
    """An endless calendar, a path that repeats itself, and a TRS column with 12 pages of history."""

    async def home(request):
        return web.Response(content_type="text/html", text=(
            '<a href="/cal?day=0">日历</a><a href="/a/">循环</a><a href="/deep/1">深</a>'
            '<a href="http://127.0.0.99/elsewhere">外站</a><a href="/news/">要闻</a>'))

    async def calendar(request):
        day = int(request.query.get("day", "0"))
        return web.Response(content_type="text/html", text=f'<a href="/cal?day={day + 1}">下一天</a>')

    async def repeat(request):
        return web.Response(content_type="text/html", text='<a href="a/">再深一层</a>')

    async def deep(request):
        n = int(request.match_info["n"])
        return web.Response(content_type="text/html", text=f'<a href="/deep/{n + 1}">更深</a>')

    async def news(request):
        page = int(request.match_info.get("n") or 0)
        items = "".join(
            f'<li><a href="/news/{page}-{i}.html">第{page}页第{i}条</a><span>{(AS_OF.date() - timedelta(days=page * 5 + i)).isoformat()}</span></li>'
            for i in range(5)
        )
        script = f'<script>createPageHTML(12, {page}, "index", "html");</script>'
        return web.Response(content_type="text/html", text=f"<ul>{items}</ul>{script}")

    async def article(request):
        return web.Response(content_type="text/html", text="<p>正文</p>")

    app = web.Application()
    app.router.add_get("/", home)
    app.router.add_get("/cal", calendar)
    app.router.add_get("/a/{tail:.*}", repeat)
    app.router.add_get("/deep/{n}", deep)
    app.router.add_get("/news/", news)
    app.router.add_get("/news/index.html", news)
    app.router.add_get("/news/index_{n}.html", news)
    app.router.add_get("/news/{tail}.html", article)
    return app


async def crawl(server, crawl_config=CRAWL, lookback=16.0, columns_only=False):
    site = SiteConfig.model_validate({
        "id": "t", "name": "测试", "url": server.url("/"), "kind": "town",
        "columns": [{"id": "news", "name": "要闻", "url": server.url("/news/"), "kind": "news"}],
    })
    async with Fetcher(crawl_config) as fetcher:
        context = StandaloneCrawl(crawl_config, fetcher, AS_OF, lookback_days=lookback, columns_only=columns_only)
        result = await SiteCrawler(site, context).run()
    return result, context.pages


async def test_traps_are_bounded_and_scope_is_kept():
    async with serve(trap_app(), "127.0.0.71") as server:
        result, pages = await crawl(server, CRAWL.model_copy(update={"max_depth": 30}))
    paths = [server_path(p.url) for p in pages]
    calendar = [p for p in paths if p.startswith("/cal")]
    assert 0 < len(calendar) <= 21  # the query-variant cap, not the calendar's end
    assert max(p.count("a/") for p in paths) < 3  # repeating segments refused
    assert not [p for p in pages if "127.0.0.99" in p.url]  # out of scope: linked, never crawled
    assert result.pages == len(pages)


async def test_a_moved_page_whose_new_address_is_queued_is_asked_once():
    """Issue 20: a CMS's old address (301 to the new one), linked before the new one on the same
    page; the new one, still queued when the redirect ends there, reads that answer."""
    asked: list[str] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        asked.append(request.path)
        if request.path == "/":
            fillers = "".join(f'<a href="/f{n}.html">栏目{n}</a>' for n in range(6))
            return web.Response(content_type="text/html", text=(
                f'<a href="/old/x.html">旧地址</a>{fillers}<a href="/x.html">新地址</a>'))
        if request.path == "/old/x.html":
            raise web.HTTPMovedPermanently("/x.html")
        return web.Response(content_type="text/html", text=f"<title>{request.path}</title><p>正文</p>")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    async with serve(app, "127.0.0.76") as server:
        site = SiteConfig.model_validate({"id": "t", "name": "测试", "url": server.url("/"), "kind": "town"})
        config = CRAWL.model_copy(update={"per_host_concurrency": 1, "respect_robots": False})
        async with Fetcher(config) as fetcher:
            context = StandaloneCrawl(config, fetcher, AS_OF)
            await SiteCrawler(site, context).run()
    assert asked.count("/x.html") == 1, asked
    stored = {server_path(p.url): p for p in context.pages}
    assert server_path(stored["/old/x.html"].final_url) == "/x.html"  # both addresses stored, as before
    assert server_path(stored["/x.html"].final_url) == "/x.html"
    assert context.ledger.result(server.url("/x.html")) is not None


async def test_a_moved_page_is_read_once_at_its_new_address_whichever_came_first():
    """Issue 20: a page that moved within the site (301 from its old address) is read at its new
    address alone: met after the new one, its redirect ends there unasked; met first, its answer
    is handed to the new address. Its old address is judged by the title read there (a soft-404
    title stays wrong); a column's list page is always read whole."""
    asked: list[str] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        asked.append(request.path)
        if request.path == "/":
            return web.Response(content_type="text/html", text=(
                '<a href="/x.html">新地址</a><a href="/gone.html">已删</a><a href="/old/y.html">旧地址在前</a>'
                '<a href="/a.html">另一页</a>'))
        if request.path == "/a.html":
            return web.Response(content_type="text/html", text=(
                '<a href="/old/x.html">旧地址</a><a href="/old/gone.html">旧已删</a>'))
        if request.path.startswith("/old/"):
            raise web.HTTPMovedPermanently(request.path.removeprefix("/old"))
        title = "页面不存在" if request.path == "/gone.html" else request.path
        return web.Response(content_type="text/html", text=f"<title>{title}</title><a href='/{request.path[1]}-more.html'>更多</a>")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    async with serve(app, "127.0.0.77") as server:
        site = SiteConfig.model_validate({
            "id": "t", "name": "测试", "url": server.url("/"), "kind": "town",
            "columns": [{"id": "c", "name": "栏目", "url": server.url("/old/x.html"), "kind": "news"}],
        })
        config = CRAWL.model_copy(update={"per_host_concurrency": 1, "respect_robots": False})
        ledger = LinkLedger(Classifier(load_lexicon(), frozenset({"127.0.0.77"})).crawled)  # as a run's
        async with Fetcher(config) as fetcher:
            context = StandaloneCrawl(config, fetcher, AS_OF, ledger=ledger)
            await SiteCrawler(site, context).run()
            spared = fetcher.stats.redirects_read_already
    assert [asked.count(p) for p in ("/gone.html", "/y.html", "/y-more.html")] == [1, 1, 1], asked
    assert asked.count("/x.html") == 2, asked  # read by the crawl, and through the column's old address
    assert spared == 1
    gone = context.ledger.result(server.url("/old/gone.html"))
    assert gone is not None and gone.outcome is Outcome.WRONG
    stored = {server_path(p.url): p for p in context.pages}
    assert server_path(stored["/old/gone.html"].final_url) == "/gone.html" and not stored["/old/gone.html"].links
    assert not stored["/old/y.html"].links and [server_path(link.target) for link in stored["/y.html"].links] == ["/y-more.html"]


async def test_depth_and_page_bounds():
    async with serve(trap_app(), "127.0.0.72") as server:
        _, shallow = await crawl(server, CRAWL.model_copy(update={"max_depth": 3}))
        _, few = await crawl(server, CRAWL.model_copy(update={"max_pages_per_site": 10}))
    assert max(int(p.url.rsplit("/", 1)[1]) for p in shallow if "/deep/" in p.url) == 3
    assert len(few) == 10  # the home page and the configured column count too


async def test_the_cadence_check_reads_a_column_back_to_its_horizon_only():
    async with serve(trap_app(), "127.0.0.73") as server:
        result, pages = await crawl(server, CRAWL.model_copy(update={"max_depth": 1}), lookback=16.0, columns_only=True)
    column = result.columns[0]
    dates = sorted(item.date for item in column.items)
    assert dates[-1] == AS_OF.date()
    # pages of 5 items, 5 days each: the page holding day 16 is index_3 (days 15-19)
    assert dates[0] == AS_OF.date() - timedelta(days=19)
    column_pages = [p for p in pages if p.column_id == "news"]
    assert len(column_pages) == 4
    assert column.reachable and column.status == 200


async def test_a_full_audit_reads_a_column_to_its_last_page():
    async with serve(trap_app(), "127.0.0.74") as server:
        result, pages = await crawl(server, CRAWL.model_copy(update={"max_depth": 1}), lookback=16.0)
    column = result.columns[0]
    assert min(item.date for item in column.items) == AS_OF.date() - timedelta(days=59)  # 12 pages of 5 days
    assert len([p for p in pages if p.column_id == "news"]) == 12
    assert result.coverage is not None and result.coverage.columns[0].list_pages == 12


def server_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_trap_guard_rules():
    guard = TrapGuard()
    assert guard.allows("http://x.gov.cn/a/b/c.html")
    assert not guard.allows("http://x.gov.cn/a/b/a/b/a/c.html")
    assert not guard.allows("http://x.gov.cn/" + "x" * 600)
    allowed = [guard.allows(f"http://x.gov.cn/list?page={n}") for n in range(30)]
    assert allowed.count(True) == 20 and allowed[-1] is False
