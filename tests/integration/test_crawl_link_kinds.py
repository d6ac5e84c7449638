"""The crawler and the link kinds of issue 20: resources are checked, documents are crawled.

A home page carries every new kind, each naming a path without a file suffix (so the asset
rule cannot be what keeps it from being crawled). The crawler must fetch the documents (an
anchor, a frame, a refresh) and leave every resource (a CSS image, a manifest, a quotation's
source, a share image) to the link check; a raw Chinese path and a backslash path go out as
a browser sends them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from auditor.config import CrawlConfig, SiteConfig
from auditor.crawl.site import SiteCrawler
from auditor.fetch import Fetcher
from tests.crawl_context import StandaloneCrawl
from tests.httpserver import Page, make_app, serve

AS_OF = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, allow_private_addresses=True, retries=0, timeout=5,
                    max_depth=3)

RESOURCES = ("/res/bg", "/res/block", "/res/import", "/res/manifest", "/res/cite", "/res/share", "/res/poster",
             "/res/track", "/res/formaction", "/res/object", "/res/background")
HOME = """<html manifest="/res/manifest"><head>
<meta property="og:image" content="/res/share">
<style>.top { background: url(/res/block) } @import "/res/import";</style>
</head><body background="/res/background">
<div style="background-image: url('/res/bg')">县政府</div>
<blockquote cite="/res/cite">引文</blockquote>
<video poster="/res/poster"><track src="/res/track"></video>
<button formaction="/res/formaction">提交</button>
<object data="/res/object"></object>
<a href="/page">要闻</a><iframe src="/framed"></iframe>
<a href="/文件/通知 一.html">通知</a><a href="\\sub\\page2">旧式路径</a>
</body></html>"""


async def test_resources_are_linked_and_checked_never_crawled() -> None:
    pages = {"/": Page(HOME), "/page": Page('<meta http-equiv="refresh" content="0; url=/moved">'),
             "/framed": Page("<p>框架</p>"), "/moved": Page("<p>新址</p>"), "/sub/page2": Page("<p>二</p>")}
    async with serve(make_app(pages=pages), "127.0.0.77") as server:
        site = SiteConfig.model_validate({"id": "t", "name": "测试", "url": server.url("/"), "kind": "town"})
        async with Fetcher(CRAWL) as fetcher:
            context = StandaloneCrawl(CRAWL, fetcher, AS_OF)
            await SiteCrawler(site, context).run()
    requested = set(server.log.paths())
    assert {"/page", "/framed", "/moved", "/sub/page2", "/%E6%96%87%E4%BB%B6/%E9%80%9A%E7%9F%A5%20%E4%B8%80.html"} <= requested
    assert not [path for path in requested if path.startswith("/res/")]  # not one resource crawled
    home = next(page for page in context.pages if page.url == server.url("/"))
    assert {link.target for link in home.links} >= {server.url(path) for path in RESOURCES}
    assert set(context.ledger.unchecked()) >= {server.url(path) for path in RESOURCES}  # left to the link check
