"""The Fetcher's decisions on answers that a real test server makes awkward (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.config import CrawlConfig
from auditor.fetch import Fetcher, RetryPolicy
from auditor.fetch.client import ACCEPT, ACCEPT_ENCODING, ACCEPT_LANGUAGE, build_client, user_agent
from auditor.models import Outcome, PageRequest

FAST = RetryPolicy(base=0.001, jitter=0)
Handler = Callable[[httpx.Request], httpx.Response]


def crawl(**overrides: object) -> CrawlConfig:
    values: dict[str, object] = {"per_host_delay": 0, "timeout": 5, "respect_robots": False, "retries": 2}
    values.update(overrides)
    return CrawlConfig.model_validate(values)


async def fetch(handler: Handler, url: str, config: CrawlConfig | None = None, **request: object) -> tuple:
    seen: list[httpx.Request] = []

    def recording(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return handler(req)

    async with Fetcher(config or crawl(), transport=httpx.MockTransport(recording), retry_policy=FAST) as fetcher:
        result = await fetcher.fetch(PageRequest(url=url, site_id="t", **request))  # type: ignore[arg-type]
        return result, seen, fetcher.stats


async def test_javascript_cookie_challenges_are_unverified() -> None:
    for status in (412, 521):
        result, _, _ = await fetch(lambda r, s=status: httpx.Response(s, text="<script>eval(...)</script>"), "http://a.gov.cn/")
        assert (result.outcome, result.error, result.status) == (Outcome.UNVERIFIED, f"http-{status}", status)


async def test_429_after_the_retries_is_unverified() -> None:
    result, seen, stats = await fetch(lambda r: httpx.Response(429, headers={"Retry-After": "0"}), "http://a.gov.cn/")
    assert (result.outcome, result.status, result.attempts) == (Outcome.UNVERIFIED, 429, 3)
    assert len(seen) == 3 and stats.retries == 2


async def test_retry_after_beyond_the_limit_gives_up_at_once() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    result, seen, _ = await fetch(lambda r: httpx.Response(503, headers={"Retry-After": later}), "http://a.gov.cn/")
    assert (result.outcome, result.error, result.attempts, len(seen)) == (Outcome.BROKEN, "http-503", 1, 1)


async def test_user_agent_and_conditional_headers_are_sent() -> None:
    config = crawl(user_agent="auditor/0.1", contact="xxgk@example.gov.cn")
    _, seen, _ = await fetch(
        lambda r: httpx.Response(304), "http://a.gov.cn/", config, etag='"abc"', last_modified="Tue, 01 Sep 2026 00:00:00 GMT"
    )
    assert seen[0].headers["user-agent"] == "auditor/0.1; +xxgk@example.gov.cn"
    assert seen[0].headers["if-none-match"] == '"abc"'
    assert seen[0].headers["if-modified-since"] == "Tue, 01 Sep 2026 00:00:00 GMT"
    assert seen[0].headers["accept-encoding"] == "gzip, deflate"


async def test_304_keeps_the_validators_it_was_asked_with() -> None:
    result, _, _ = await fetch(lambda r: httpx.Response(304), "http://a.gov.cn/", etag='"abc"')
    assert (result.outcome, result.status, result.not_modified, result.etag) == (Outcome.OK, 304, True, '"abc"')
    assert result.text == "" and result.content_hash == ""


async def test_redirect_to_another_scheme_is_excluded_with_its_chain() -> None:
    result, _, _ = await fetch(lambda r: httpx.Response(302, headers={"Location": "ftp://files.a.gov.cn/x.zip"}), "http://a.gov.cn/d")
    assert (result.outcome, result.error) == (Outcome.EXCLUDED, "scheme")
    assert result.redirects == ("http://a.gov.cn/d",)
    assert result.final_url == "ftp://files.a.gov.cn/x.zip"


async def test_unusable_location_is_a_bad_redirect() -> None:
    result, _, _ = await fetch(lambda r: httpx.Response(301, headers={"Location": "http://[::1"}), "http://a.gov.cn/")
    assert (result.outcome, result.error, result.status) == (Outcome.BROKEN, "bad-redirect", 301)


async def test_redirect_without_location_is_broken() -> None:
    result, _, _ = await fetch(lambda r: httpx.Response(302), "http://a.gov.cn/")
    assert (result.outcome, result.error) == (Outcome.BROKEN, "http-302")


async def test_relative_redirects_resolve_and_count_as_redirected() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old/":
            return httpx.Response(301, headers={"Location": "../new/index.html#top"})
        return httpx.Response(200, html="<html><body>新</body></html>")

    result, _, _ = await fetch(handler, "http://a.gov.cn/old/")
    assert result.outcome is Outcome.REDIRECTED
    assert result.final_url == "http://a.gov.cn/new/index.html#top"
    assert "新" in result.text


async def test_head_falls_back_to_get_on_501_and_reads_no_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "HEAD":
            return httpx.Response(501)
        return httpx.Response(200, content=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"})

    result, seen, stats = await fetch(handler, "http://a.gov.cn/f.pdf", method="HEAD")
    assert [r.method for r in seen] == ["HEAD", "GET"]
    assert (result.outcome, result.status, result.size, stats.head_fallbacks) == (Outcome.OK, 200, 0, 1)


async def test_head_is_believed_when_it_answers_well() -> None:
    result, seen, stats = await fetch(lambda r: httpx.Response(200), "http://a.gov.cn/", method="HEAD")
    assert [r.method for r in seen] == ["HEAD"]
    assert result.outcome is Outcome.OK and stats.head_fallbacks == 0


async def test_bad_urls_and_schemes_never_reach_the_transport() -> None:
    for url, outcome, error in [
        ("mailto:xxgk@example.gov.cn", Outcome.EXCLUDED, "scheme"),
        ("javascript:void(0)", Outcome.EXCLUDED, "scheme"),
        ("http://[::1/", Outcome.BROKEN, "bad-url"),
        ("http:///nohost", Outcome.BROKEN, "bad-url"),
    ]:
        result, seen, _ = await fetch(lambda r: httpx.Response(200), url)
        assert (result.outcome, result.error, seen) == (outcome, error, []), url


async def test_result_fields() -> None:
    body = "<html><head><meta charset=gbk></head><body>孟津要闻</body></html>".encode("gbk")
    result, _, stats = await fetch(lambda r: httpx.Response(200, content=body, headers={"Content-Type": "text/html"}), "http://a.gov.cn/")
    assert result.encoding == "gb18030" and "孟津要闻" in result.text
    assert result.size == len(body)
    assert len(result.content_hash) == 64
    assert result.fetched_at is not None and result.fetched_at.tzinfo is not None
    assert result.elapsed >= 0 and result.attempts == 1
    assert stats.outcomes[Outcome.OK] == 1 and stats.requests == 1


async def test_a_link_redirecting_into_a_private_network_is_refused_at_that_hop() -> None:
    # 8.8.8.8 is a literal: the guard resolves it locally, and MockTransport sends nothing
    result, seen, _ = await fetch(
        lambda r: httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"}), "http://8.8.8.8/go", trusted=False
    )
    assert (result.outcome, result.error) == (Outcome.EXCLUDED, "private-address")
    assert result.redirects == ("http://8.8.8.8/go",)
    assert [str(r.url) for r in seen] == ["http://8.8.8.8/go"]


header_names = st.sampled_from(["location", "retry-after", "content-type", "content-encoding", "etag", "set-cookie"])
header_values = st.one_of(
    st.sampled_from(["/next", "http://[::1", "gzip", "deflate", "text/html; charset=gbk", "0", "application/pdf"]),
    st.binary(max_size=40).filter(lambda b: b"\r" not in b and b"\n" not in b and b"\0" not in b),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.one_of(st.sampled_from([200, 301, 302, 304, 307, 404, 429, 503]), st.integers(100, 999)),
    headers=st.lists(st.tuples(header_names, header_values), max_size=4),
    body=st.binary(max_size=3000),
    method=st.sampled_from(["GET", "HEAD"]),
)
def test_never_raises_whatever_the_server_answers(status: int, headers: list, body: bytes, method: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body)

    config = crawl(retries=1, max_retry_after=0, max_redirects=3)
    result, seen, _ = asyncio.run(fetch(handler, "http://a.gov.cn/start", config, method=method))
    assert result.outcome in set(Outcome)
    assert len(seen) <= 2 * (1 + 1) * (3 + 1)  # (HEAD, GET) x tries x hops: bounded
    if result.outcome in (Outcome.OK, Outcome.REDIRECTED):
        assert result.status is not None and (200 <= result.status < 300 or result.status == 304)


async def test_a_gbk_cookie_does_not_poison_later_requests() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/login":
            return httpx.Response(200, headers=[("Set-Cookie", "用户=孟津".encode("gbk") + b"; Path=/"), ("Set-Cookie", b"sid=abc; Path=/")])
        return httpx.Response(200, html="<p>ok</p>")

    transport = httpx.MockTransport(handler)
    async with Fetcher(crawl(), transport=transport, retry_policy=FAST) as fetcher:
        first = await fetcher.fetch(PageRequest(url="http://a.gov.cn/login", site_id="t"))
        second = await fetcher.fetch(PageRequest(url="http://a.gov.cn/next", site_id="t"))
    assert first.outcome is Outcome.OK
    assert (second.outcome, second.error) == (Outcome.OK, "")


async def test_an_encoding_we_did_not_offer_is_refused_unread() -> None:
    result, _, _ = await fetch(
        lambda r: httpx.Response(200, content=b"\x1b\xff\xff", headers={"Content-Encoding": "br", "Content-Type": "text/html"}),
        "http://a.gov.cn/",
    )
    assert (result.outcome, result.error, result.status, result.size) == (Outcome.BROKEN, "protocol", 200, 0)


async def test_requests_go_out_as_httpx_client_sent_them() -> None:
    """The Sender builds requests without httpx's client (issue 20): the same method, URL,
    headers in the same order and timeouts as the client sent, and a cookie an answer set
    sent back on the next request."""
    config = crawl(user_agent="auditor/1.0", contact="ops@mengjin.gov.cn")

    def recorder(seen: list[httpx.Request]) -> httpx.MockTransport:
        def answer(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(200, headers={"Set-Cookie": "sid=abc; Path=/"}, html="<html></html>")
        return httpx.MockTransport(answer)

    sent: list[httpx.Request] = []
    sender = build_client(config, recorder(sent))
    expected: list[httpx.Request] = []
    client = httpx.AsyncClient(
        transport=recorder(expected), follow_redirects=False, timeout=httpx.Timeout(config.timeout), trust_env=False,
        headers={"User-Agent": user_agent(config), "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING,
                 "Accept-Language": ACCEPT_LANGUAGE},
    )
    asks = [("GET", "http://a.gov.cn/x/?q=%2F&k=政府", {}),
            ("HEAD", "http://a.gov.cn/a b.pdf", {"Range": "bytes=0-0"}),
            ("GET", "http://a.gov.cn/y", {"If-None-Match": '"e1"', "If-Modified-Since": "Sat, 28 Nov 2026 01:00:00 GMT"})]
    for method, url, headers in asks:
        async with sender.stream(method, httpx.URL(url), headers=headers) as reply:
            [chunk async for chunk in reply.body([])]
        async with client.stream(method, httpx.URL(url), headers=headers) as response:
            await response.aread()
    await client.aclose()
    await sender.aclose()
    assert [(r.method, str(r.url), r.headers.raw, r.extensions) for r in sent] == [
        (r.method, str(r.url), r.headers.raw, r.extensions) for r in expected]
    assert "cookie" not in sent[0].headers and sent[1].headers["cookie"] == sent[2].headers["cookie"] == "sid=abc"
