"""Politeness against a real server, read from the server's own request log:
per-host concurrency and delay, robots.txt, Retry-After holding one host only, retries,
and the private-address guard."""

from __future__ import annotations

import asyncio

from auditor.config import CrawlConfig
from auditor.fetch import Fetcher, RetryPolicy
from auditor.models import Outcome, PageRequest
from tests.httpserver import Page, make_app, serve

FAST = RetryPolicy(base=0.01, jitter=0)
# the server logs a start when the request arrives; a new connection may arrive a little
# later than a reused one, so gaps are compared with this much slack
SLACK = 0.05


def crawl(**overrides: object) -> CrawlConfig:
    values: dict[str, object] = {"per_host_delay": 0, "timeout": 5, "retries": 2}
    values.update(overrides)
    return CrawlConfig.model_validate(values)


def request(url: str, **fields: object) -> PageRequest:
    return PageRequest(url=url, site_id="t", **fields)  # type: ignore[arg-type]


async def test_per_host_concurrency_is_never_exceeded_but_is_used() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(per_host_concurrency=2), retry_policy=FAST) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(request(server.url(f"/slow/0.1?{i}"))) for i in range(8)))
    assert all(r.outcome is Outcome.OK for r in results)
    pages = type(server.log)(r for r in server.log if r.path.startswith("/slow"))
    assert len(pages) == 8
    assert pages.max_in_flight() == 2


async def test_hosts_are_gated_separately() -> None:
    config = crawl(per_host_concurrency=1)
    async with serve(make_app(), "127.0.0.1") as one, serve(make_app(), "127.0.0.2") as two:
        async with Fetcher(config, retry_policy=FAST) as fetcher:
            urls = [one.url(f"/slow/0.2?{i}") for i in range(2)] + [two.url(f"/slow/0.2?{i}") for i in range(2)]
            await asyncio.gather(*(fetcher.fetch(request(u)) for u in urls))
    assert one.log.max_in_flight() == 1 and two.log.max_in_flight() == 1
    first_two = min(r.start for r in two.log if r.path.startswith("/slow"))
    last_end_one = max(r.end for r in one.log)
    assert first_two < last_end_one  # the second host did not wait for the first


async def test_delay_between_request_starts_to_one_host() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(per_host_concurrency=4, per_host_delay=0.15)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(request(server.url(f"/page{i}"))) for i in range(5)))
    assert len(server.log) == 6  # robots.txt and five pages
    gaps = server.log.start_gaps()
    assert min(gaps) >= 0.15 - SLACK, gaps


async def test_robots_disallow_is_obeyed_and_robots_is_read_once() -> None:
    robots = "User-agent: *\nDisallow: /secret/\n"
    async with serve(make_app(robots=robots)) as server, Fetcher(crawl()) as fetcher:
        refused = await fetcher.fetch(request(server.url("/secret/plan.html")))
        allowed = await asyncio.gather(*(fetcher.fetch(request(server.url(f"/open/{i}"))) for i in range(3)))
        head = await fetcher.fetch(request(server.url("/secret/x.pdf"), method="HEAD", trusted=False))
    assert (refused.outcome, refused.error, refused.status) == (Outcome.ROBOTS, "robots", None)
    assert head.outcome is Outcome.EXCLUDED  # untrusted 127.0.0.1: refused before robots
    assert all(r.outcome is Outcome.BROKEN and r.status == 404 for r in allowed)  # asked, and answered
    assert not any(path.startswith("/secret") for path in server.log.paths())
    assert server.log.paths().count("/robots.txt") == 1


async def test_robots_redirect_is_followed_and_its_user_agent_group_applies() -> None:
    pages = {
        "/robots.txt": Page("", status=301, headers={"Location": "/real-robots.txt"}),
        "/real-robots.txt": Page("User-agent: *\nAllow: /\n\nUser-agent: auditor\nDisallow: /nobots\n", content_type="text/plain"),
    }
    async with serve(make_app(pages)) as server, Fetcher(crawl(user_agent="auditor/0.1 (test)")) as fetcher:
        refused = await fetcher.fetch(request(server.url("/nobots")))
    assert refused.outcome is Outcome.ROBOTS
    assert "/nobots" not in server.log.paths()


async def test_robots_crawl_delay_slows_the_host() -> None:
    robots = "User-agent: *\nCrawl-delay: 0.2\n"
    async with serve(make_app(robots=robots)) as server, Fetcher(crawl(per_host_concurrency=4)) as fetcher:
        await asyncio.gather(*(fetcher.fetch(request(server.url(f"/p{i}"))) for i in range(3)))
    gaps = server.log.start_gaps()[1:]  # after robots.txt itself
    assert len(gaps) == 2 and min(gaps) >= 0.2 - SLACK, gaps


async def test_robots_server_error_allows_everything_and_is_counted() -> None:
    pages = {"/robots.txt": Page("oops", status=500, content_type="text/plain"), "/a": Page("<html>a</html>")}
    async with serve(make_app(pages)) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/a")))
    assert result.outcome is Outcome.OK
    assert (fetcher.stats.robots_fetched, fetcher.stats.robots_unreachable) == (1, 1)
    assert server.log.paths() == ["/robots.txt", "/a"]  # robots.txt tried once, not retried


async def test_respect_robots_off_never_asks_for_robots() -> None:
    async with serve(make_app(robots="User-agent: *\nDisallow: /\n")) as server:
        async with Fetcher(crawl(respect_robots=False)) as fetcher:
            result = await fetcher.fetch(request(server.url("/anything")))
    assert result.status == 404
    assert server.log.paths() == ["/anything"]


async def test_retry_after_is_waited_for_and_holds_only_that_host() -> None:
    async with serve(make_app(), "127.0.0.1") as busy, serve(make_app(), "127.0.0.2") as other:
        async with Fetcher(crawl(respect_robots=False), retry_policy=FAST) as fetcher:

            async def later(url: str) -> object:
                await asyncio.sleep(0.2)  # after the 429 has arrived
                return await fetcher.fetch(request(url))

            told, same_host, other_host = await asyncio.gather(
                fetcher.fetch(request(busy.url("/retry-after/k"))), later(busy.url("/p")), later(other.url("/p"))
            )
    assert (told.outcome, told.status, told.attempts) == (Outcome.OK, 200, 2)
    first, retried = [r for r in busy.log if r.path == "/retry-after/k"]
    held = next(r for r in busy.log if r.path == "/p")
    assert retried.start - first.start >= 1.0 - SLACK  # Retry-After: 1
    assert held.start - first.start >= 1.0 - SLACK  # the host was held for everyone
    assert other.log[0].start < retried.start  # another host was not


async def test_retries_then_success_and_retries_exhausted() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(respect_robots=False, retries=2), retry_policy=FAST) as fetcher:
        recovered = await fetcher.fetch(request(server.url("/flaky/a/2")))
        gave_up = await fetcher.fetch(request(server.url("/flaky/b/5")))
        not_found = await fetcher.fetch(request(server.url("/status/404")))
    assert (recovered.outcome, recovered.attempts) == (Outcome.OK, 3)
    assert (gave_up.outcome, gave_up.error, gave_up.status, gave_up.attempts) == (Outcome.BROKEN, "http-503", 503, 3)
    assert (not_found.error, not_found.attempts) == ("http-404", 1)
    assert server.log.paths().count("/flaky/b/5") == 3
    assert server.log.paths().count("/status/404") == 1
    assert fetcher.stats.retries == 4


async def test_private_addresses_are_refused_for_links_but_not_for_sites() -> None:
    async with serve(make_app(pages={"/": Page("<html>home</html>")})) as server:
        async with Fetcher(crawl()) as fetcher:
            link = await fetcher.fetch(request(server.url("/"), trusted=False))
            site = await fetcher.fetch(request(server.url("/"), trusted=True))
        assert (link.outcome, link.error) == (Outcome.EXCLUDED, "private-address")
        assert site.outcome is Outcome.OK
        assert server.log.paths() == ["/robots.txt", "/"]  # only the trusted request reached it
        async with Fetcher(crawl(allow_private_addresses=True)) as fetcher:
            allowed = await fetcher.fetch(request(server.url("/"), trusted=False))
        assert allowed.outcome is Outcome.OK


async def test_user_agent_with_contact_reaches_the_server() -> None:
    config = crawl(user_agent="auditor/0.1", contact="mailto:xxgk@example.gov.cn", respect_robots=False)
    async with serve(make_app()) as server, Fetcher(config) as fetcher:
        await fetcher.fetch(request(server.url("/")))
    assert server.log[0].headers["User-Agent"] == "auditor/0.1; +mailto:xxgk@example.gov.cn"


async def test_a_cancelled_fetch_gives_its_slot_back() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(per_host_concurrency=1, respect_robots=False)) as fetcher:
        stuck = asyncio.create_task(fetcher.fetch(request(server.url("/slow/5"))))
        await asyncio.sleep(0.2)
        stuck.cancel()
        await asyncio.gather(stuck, return_exceptions=True)
        after = await fetcher.fetch(request(server.url("/status/204")))
    assert stuck.cancelled()
    assert after.outcome is Outcome.OK and after.status == 204
