"""What the Fetcher makes of a real server's answers: redirects, size caps, timeouts,
connection failures, HEAD, conditional requests and encodings."""

from __future__ import annotations

import asyncio
import gzip

from aiohttp import web

from auditor.config import CrawlConfig
from auditor.fetch import Fetcher, RetryPolicy
from auditor.fetch.client import ACCEPT, ACCEPT_LANGUAGE
from auditor.fetch.content import FILE_PREFIX_BYTES
from auditor.models import Outcome, PageRequest
from tests.httpserver import (
    ETAG,
    GBK_TEXT,
    LAST_MODIFIED,
    SEEN_KEY,
    Page,
    free_port,
    make_app,
    serve,
    serve_raw,
)

FAST = RetryPolicy(base=0.01, jitter=0)
CAP = 1_000_000


def crawl(**overrides: object) -> CrawlConfig:
    values: dict[str, object] = {
        "per_host_delay": 0, "timeout": 5, "retries": 0, "respect_robots": False, "max_response_bytes": CAP,
    }
    values.update(overrides)
    return CrawlConfig.model_validate(values)


def request(url: str, **fields: object) -> PageRequest:
    return PageRequest(url=url, site_id="t", **fields)  # type: ignore[arg-type]


async def test_redirect_chain_is_recorded() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/redirect/3")))
    assert (result.outcome, result.status) == (Outcome.REDIRECTED, 200)
    assert result.redirects == tuple(server.url(f"/redirect/{n}") for n in (3, 2, 1))
    assert result.final_url == server.url("/redirect/0")
    assert "arrived" in result.text


async def test_too_many_redirects_and_loops() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(max_redirects=2)) as fetcher:
        too_many = await fetcher.fetch(request(server.url("/redirect/3")))
        just_enough = await fetcher.fetch(request(server.url("/redirect/2")))
        loop = await fetcher.fetch(request(server.url("/loop/a")))
    assert (too_many.outcome, too_many.error, too_many.status) == (Outcome.BROKEN, "too-many-redirects", 302)
    assert server.log.paths()[:4] == ["/redirect/3", "/redirect/2", "/redirect/1", "/redirect/2"]  # stopped, then the next
    assert just_enough.outcome is Outcome.REDIRECTED
    assert (loop.outcome, loop.error) == (Outcome.BROKEN, "redirect-loop")
    assert server.log.paths().count("/loop/a") == 1 and server.log.paths().count("/loop/b") == 1


async def test_a_cookie_set_on_a_self_redirect_is_not_a_loop() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/cookie-bounce")))
    assert (result.outcome, result.redirects) == (Outcome.REDIRECTED, (server.url("/cookie-bounce"),))
    assert "with cookie" in result.text


async def test_gzip_bomb_stops_at_the_decompressed_cap() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/gzip-bomb")))
    assert (result.outcome, result.error, result.status) == (Outcome.BROKEN, "too-large", 200)
    assert result.size == CAP  # the 16 MB inside were never held
    assert result.text == "" and result.content_hash == ""
    assert fetcher.stats.bytes_received < 200_000  # compressed bytes on the wire


async def test_big_page_over_the_cap_and_under_it() -> None:
    async with serve(make_app()) as server:
        async with Fetcher(crawl()) as fetcher:
            capped = await fetcher.fetch(request(server.url("/big")))
        async with Fetcher(crawl(max_response_bytes=3_000_000)) as fetcher:
            whole = await fetcher.fetch(request(server.url("/big")))
    assert (capped.outcome, capped.error) == (Outcome.BROKEN, "too-large")
    assert whole.outcome is Outcome.OK and whole.size > 2_000_000 and whole.text.endswith("</html>")


async def test_gzip_page_is_decompressed_and_decoded() -> None:
    html = f"<html><head><meta charset='gbk'></head><body>{GBK_TEXT}</body></html>".encode("gbk")
    pages = {"/z": Page(gzip.compress(html), content_type="text/html", headers={"Content-Encoding": "gzip"})}
    async with serve(make_app(pages)) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/z")))
    assert result.outcome is Outcome.OK
    assert (result.size, result.encoding) == (len(html), "gb18030")
    assert GBK_TEXT in result.text


async def test_files_are_read_only_as_far_as_a_prefix() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/file.pdf")))
    assert (result.outcome, result.status, result.content_type) == (Outcome.OK, 200, "application/pdf")
    assert result.size == FILE_PREFIX_BYTES and result.text == ""
    assert len(result.content_hash) == 64


def bare_answer(body: bytes) -> bytes:
    """An HTTP answer without Content-Type (aiohttp always adds one)."""
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)


async def test_missing_content_type_is_sniffed() -> None:
    html = "<!DOCTYPE html><html><body>孟津</body></html>".encode()
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100_000
    async with serve_raw(bare_answer(html)) as page_server, serve_raw(bare_answer(png)) as image_server:
        async with Fetcher(crawl()) as fetcher:
            page = await fetcher.fetch(request(page_server.url("/page")))
            image = await fetcher.fetch(request(image_server.url("/image")))
    assert (page.content_type, page.encoding) == ("", "utf-8")
    assert "孟津" in page.text
    assert image.outcome is Outcome.OK and image.text == "" and image.size == FILE_PREFIX_BYTES


async def test_malformed_and_dropped_answers() -> None:
    async with serve_raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nBad Header\r\n\r\nhello") as garbled, serve_raw(b"") as silent:
        async with Fetcher(crawl(retries=1), retry_policy=FAST) as fetcher:
            malformed = await fetcher.fetch(request(garbled.url("/")))
            dropped = await fetcher.fetch(request(silent.url("/")))
    assert (malformed.outcome, malformed.error, malformed.attempts) == (Outcome.BROKEN, "protocol", 1)
    assert (dropped.outcome, dropped.error, dropped.attempts) == (Outcome.BROKEN, "reset", 2)
    # aiohttp also resends a dropped idempotent request once by itself (a stale keep-alive
    # connection looks the same), so the server may see each attempt twice
    assert len(silent.requests) >= dropped.attempts


async def test_slow_answer_times_out() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(timeout=0.3)) as fetcher:
        result = await fetcher.fetch(request(server.url("/slow/3")))
    assert (result.outcome, result.error, result.status) == (Outcome.TIMEOUT, "timeout", None)


async def test_a_trickling_answer_ends_at_the_wall_deadline() -> None:
    # a byte every 0.1 s never trips a 0.5 s read timeout: only the wall deadline ends it
    async with serve(make_app()) as server, Fetcher(crawl(timeout=0.5)) as fetcher:
        result = await fetcher.fetch(request(server.url("/trickle/20")))
    assert (result.outcome, result.error, result.status) == (Outcome.TIMEOUT, "timeout", 200)


async def test_timeouts_are_retried() -> None:
    async with serve(make_app()) as server, Fetcher(crawl(timeout=0.2, retries=1), retry_policy=FAST) as fetcher:
        result = await fetcher.fetch(request(server.url("/slow/2")))
    assert (result.outcome, result.attempts) == (Outcome.TIMEOUT, 2)


async def test_refused_connection() -> None:
    async with Fetcher(crawl(retries=1), retry_policy=FAST) as fetcher:
        result = await fetcher.fetch(request(f"http://127.0.0.1:{free_port()}/"))
    assert (result.outcome, result.error, result.status, result.attempts) == (Outcome.BROKEN, "refused", None, 2)


async def test_dns_failure() -> None:
    async with Fetcher(crawl(retries=2), retry_policy=FAST) as fetcher:
        result = await fetcher.fetch(request("http://no-such-site.invalid/"))
    assert (result.outcome, result.error, result.attempts) == (Outcome.BROKEN, "dns", 1)  # not retried


async def test_tls_failure() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/").replace("http://", "https://")))
    assert (result.outcome, result.error) == (Outcome.BROKEN, "tls")


async def test_requests_on_the_wire_carry_our_headers_and_the_cookie_set() -> None:
    """The Fetcher sends through aiohttp without httpx's client (issue 20): the headers httpx's
    client sent, a cookie an answer set sent back, and no cookie before one was set."""
    config = crawl(user_agent="auditor/1.0", contact="ops@mengjin.gov.cn")
    async with serve(make_app()) as server, Fetcher(config) as fetcher:
        await fetcher.fetch(request(server.url("/before")))
        await fetcher.fetch(request(server.url("/cookie-bounce")))
        await fetcher.fetch(request(server.url("/after"), etag='"e1"'))
    before, after = server.log[0].headers, server.log[-1].headers
    assert {name: before[name] for name in ("User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection")} == {
        "User-Agent": "auditor/1.0; +ops@mengjin.gov.cn", "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate",
        "Accept-Language": ACCEPT_LANGUAGE, "Connection": "keep-alive"}
    assert "Cookie" not in before and after["Cookie"] and after["If-None-Match"] == '"e1"'


async def test_head_fallback_to_get() -> None:
    async with serve(make_app(pages={"/ok": Page("<html>ok</html>")})) as server, Fetcher(crawl()) as fetcher:
        fell_back = await fetcher.fetch(request(server.url("/head-405"), method="HEAD"))
        believed = await fetcher.fetch(request(server.url("/ok"), method="HEAD"))
        missing = await fetcher.fetch(request(server.url("/status/404"), method="HEAD"))
    assert (fell_back.outcome, fell_back.status, fell_back.text) == (Outcome.OK, 200, "")
    assert (believed.outcome, believed.status) == (Outcome.OK, 200)
    assert (missing.outcome, missing.error) == (Outcome.BROKEN, "http-404")
    methods = [(r.method, r.path) for r in server.log]
    assert methods == [
        ("HEAD", "/head-405"), ("GET", "/head-405"), ("HEAD", "/ok"), ("HEAD", "/status/404"), ("GET", "/status/404"),
    ]
    assert fetcher.stats.head_fallbacks == 2


async def test_a_head_404_is_final_once_the_host_s_get_has_agreed() -> None:
    """Issue 20: a broken link costs one request, once a host's HEAD has proved to say what its GET says;
    a host whose HEAD 404s while its GET answers keeps being asked with GET."""
    async with serve(make_app()) as honest, serve(make_app(unknown=_head_lies)) as liar, Fetcher(crawl()) as fetcher:
        first, second, third = [await fetcher.fetch(request(honest.url(f"/status/{code}"), method="HEAD"))
                                for code in (404, 410, 404)]
        lied = [await fetcher.fetch(request(liar.url(f"/a{n}.pdf"), method="HEAD")) for n in range(3)]
    assert [r.error for r in (first, second, third)] == ["http-404", "http-410", "http-404"]
    assert [(r.method, r.path) for r in honest.log] == [
        ("HEAD", "/status/404"), ("GET", "/status/404"), ("HEAD", "/status/410"), ("HEAD", "/status/404")]
    assert [r.outcome for r in lied] == [Outcome.OK] * 3  # never believed: the GET is asked each time
    assert [r.method for r in liar.log] == ["HEAD", "GET"] * 3
    assert (fetcher.stats.head_final, fetcher.stats.head_fallbacks) == (2, 4)


async def test_a_script_that_answered_500_twice_is_not_asked_twice_again() -> None:
    """Issue 20: a CMS search crashing at every query costs one request per address once its
    first 500 came back on the retry; a script whose retry answered keeps being retried, and
    500s that arrive while the first retry is pending wait for its verdict."""
    async with serve(make_app(unknown=_scripts)) as server, Fetcher(crawl(retries=2), retry_policy=FAST) as fetcher:
        at_once = await asyncio.gather(*(fetcher.fetch(request(server.url(f"/search.jsp?id={n}"))) for n in range(4)))
        later = await fetcher.fetch(request(server.url("/search.jsp?id=9")))
        flaky = [await fetcher.fetch(request(server.url(f"/list.jsp?id={n}"))) for n in range(3)]
    assert [(r.outcome, r.error) for r in [*at_once, later]] == [(Outcome.BROKEN, "http-500")] * 5
    assert [r.attempts for r in [*at_once, later]] == [2, 1, 1, 1, 1]
    searches = server.log.paths("GET")[:6]
    assert sorted(searches) == sorted([f"/search.jsp?id={n}" for n in (0, 0, 1, 2, 3, 9)])
    assert [(r.outcome, r.attempts) for r in flaky] == [(Outcome.OK, 2)] * 3  # never spared
    assert fetcher.stats.retries_spared == 4


def _scripts(request: web.Request) -> web.StreamResponse:
    """search.jsp crashes at every query; list.jsp fails each query's first ask, then answers."""
    if request.path == "/list.jsp":
        seen = request.app[SEEN_KEY]
        seen[request.path_qs] = seen.get(request.path_qs, 0) + 1
        if seen[request.path_qs] > 1:
            return web.Response(text="<html>列表</html>", content_type="text/html")
    return web.Response(status=500, text="Internal Server Error")


def _head_lies(request: web.Request) -> web.StreamResponse:
    """A server whose HEAD handler is broken: 404 to HEAD, the file to GET."""
    return web.Response(status=404 if request.method == "HEAD" else 200, body=b"" if request.method == "HEAD" else b"%PDF-1.4")


async def test_conditional_request_answered_304() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        first = await fetcher.fetch(request(server.url("/etag")))
        again = await fetcher.fetch(request(server.url("/etag"), etag=first.etag, last_modified=first.last_modified))
    assert (first.status, first.etag, first.last_modified) == (200, ETAG, LAST_MODIFIED)
    assert (again.outcome, again.status, again.not_modified, again.etag) == (Outcome.OK, 304, True, ETAG)
    assert server.log[1].headers["If-None-Match"] == ETAG
    assert server.log[1].headers["If-Modified-Since"] == LAST_MODIFIED


async def test_gbk_page_from_the_server() -> None:
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        result = await fetcher.fetch(request(server.url("/gbk")))
    assert (result.encoding, result.content_type) == ("gb18030", "text/html; charset=gbk")
    assert f"<title>{GBK_TEXT}</title>" in result.text


async def test_error_statuses_map_to_outcomes() -> None:
    expected = {403: Outcome.UNVERIFIED, 412: Outcome.UNVERIFIED, 404: Outcome.BROKEN, 500: Outcome.BROKEN}
    async with serve(make_app()) as server, Fetcher(crawl()) as fetcher:
        for status, outcome in expected.items():
            result = await fetcher.fetch(request(server.url(f"/status/{status}")))
            assert (result.outcome, result.error, result.status) == (outcome, f"http-{status}", status)
    assert fetcher.stats.outcomes[Outcome.UNVERIFIED] == 2 and fetcher.stats.outcomes[Outcome.BROKEN] == 2
