"""robots.txt decisions, failure naming, and the host gate, without a network."""

from __future__ import annotations

import asyncio
import errno
import socket
import ssl
import zlib

import aiohttp
import httpx
import pytest

from auditor.fetch.client import describe_failure
from auditor.fetch.politeness import MAX_CRAWL_DELAY, HostGate, host_key
from auditor.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsFile, parse_robots
from auditor.fetch.stats import FetchStats

UA = "auditor/0.1 (government website compliance audit)"
RULES = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: auditor\nDisallow: /admin\n"


def test_robots_answers_and_what_they_mean() -> None:
    assert parse_robots(RobotsFile(404)) is None  # no file: everything allowed
    assert parse_robots(RobotsFile(403)) is None
    assert parse_robots(RobotsFile(503)) is None
    assert parse_robots(RobotsFile(None, error="timeout")) is None
    rules = parse_robots(RobotsFile(200, RULES))
    assert rules is not None
    # the most specific group for our product token applies, not '*'
    assert not rules.can_fetch("http://a.gov.cn/admin/x", UA)
    assert rules.can_fetch("http://a.gov.cn/private/x", UA)
    assert not rules.can_fetch("http://a.gov.cn/private/x", "OtherBot/1.0")


def test_only_the_first_512_kb_of_robots_is_read() -> None:
    filler = b"# " + b"x" * 1000 + b"\n"
    body = b"User-agent: *\nDisallow: /early\n" + filler * (MAX_ROBOTS_BYTES // len(filler) + 10) + b"Disallow: /late\n"
    rules = parse_robots(RobotsFile(200, body))
    assert rules is not None
    assert not rules.can_fetch("http://a/early", UA)
    assert rules.can_fetch("http://a/late", UA)


def test_garbage_robots_allows_everything() -> None:
    rules = parse_robots(RobotsFile(200, bytes(range(256)) * 50))
    assert rules is None or rules.can_fetch("http://a/anything", UA)


async def test_robots_is_read_once_per_origin_even_when_asked_concurrently() -> None:
    calls: list[str] = []
    delays: list[tuple[str, float]] = []

    async def fetch_file(url: httpx.URL, trusted: bool) -> RobotsFile:
        calls.append(str(url))
        await asyncio.sleep(0.01)
        return RobotsFile(200, RULES)

    stats = FetchStats()
    cache = RobotsCache(UA, fetch_file, lambda url, d: delays.append((url.host, d)), stats)
    urls = [httpx.URL(f"http://a.gov.cn/page{i}") for i in range(5)] + [httpx.URL("http://a.gov.cn/admin/")]
    verdicts = await asyncio.gather(*(cache.allows(u, True) for u in urls))
    assert verdicts == [True] * 5 + [False]
    assert await cache.allows(httpx.URL("https://a.gov.cn/admin/"), True) is False  # another origin
    assert calls == ["http://a.gov.cn/robots.txt", "https://a.gov.cn/robots.txt"]
    assert stats.robots_fetched == 2
    assert delays == [] or all(d == 2.0 for _h, d in delays)


async def test_unreachable_robots_is_counted_and_allows() -> None:
    async def fetch_file(url: httpx.URL, trusted: bool) -> RobotsFile:
        return RobotsFile(None, error="timeout")

    stats = FetchStats()
    cache = RobotsCache(UA, fetch_file, lambda url, d: None, stats)
    assert await cache.allows(httpx.URL("http://a.gov.cn/x"), True)
    assert (stats.robots_fetched, stats.robots_unreachable) == (1, 1)


def _chained(outer: BaseException, inner: BaseException) -> BaseException:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize(
    ("exc", "name", "retry"),
    [
        (_chained(httpx.ConnectError("x"), socket.gaierror(-2, "Name or service not known")), "dns", False),
        # the aiohttp transport maps a refused connection to ConnectTimeout: the cause tells the truth
        (_chained(httpx.ConnectTimeout("x"), ConnectionRefusedError(errno.ECONNREFUSED, "refused")), "refused", True),
        (_chained(httpx.ConnectError("x"), ssl.SSLCertVerificationError("bad cert")), "tls", False),
        (httpx.ReadTimeout("x"), "timeout", True),
        (TimeoutError(), "timeout", True),
        (_chained(httpx.ConnectTimeout("x"), aiohttp.ServerDisconnectedError()), "reset", True),
        (httpx.RemoteProtocolError("x"), "protocol", False),
        (httpx.UnsupportedProtocol("x"), "bad-url", False),
        (httpx.ConnectError("x"), "connect", True),
    ],
)
def test_failures_are_named_from_their_cause(exc: BaseException, name: str, retry: bool) -> None:
    assert describe_failure(exc) == (name, retry)


def test_host_key_fills_in_default_ports() -> None:
    assert host_key(httpx.URL("http://a.gov.cn/x")) == "a.gov.cn:80"
    assert host_key(httpx.URL("https://a.gov.cn/x")) == "a.gov.cn:443"
    assert host_key(httpx.URL("http://127.0.0.1:8080/")) == "127.0.0.1:8080"


async def test_gate_spaces_starts_and_holds_for_a_pause() -> None:
    loop = asyncio.get_running_loop()
    gate = HostGate(concurrency=4, delay=0.05)
    starts: list[float] = []

    async def one() -> None:
        async with gate.turn():
            starts.append(loop.time())

    await asyncio.gather(*(one() for _ in range(4)))
    # a token bucket of one: never ahead of the schedule (a start woken late may be followed sooner)
    assert all(start >= starts[0] + n * 0.05 - 0.005 for n, start in enumerate(starts)), starts
    paused_at = loop.time()
    gate.pause(0.2)
    await one()
    assert starts[-1] - paused_at >= 0.19


def test_crawl_delay_is_capped() -> None:
    gate = HostGate(concurrency=1, delay=0.5)
    gate.slow_down(3600)
    assert gate.delay == MAX_CRAWL_DELAY
    gate.slow_down(0.1)  # never faster than configured
    assert gate.delay == MAX_CRAWL_DELAY


def test_a_corrupt_gzip_body_is_a_protocol_error() -> None:
    exc = _chained(httpx.DecodingError("bad gzip"), zlib.error("incorrect header check"))
    assert describe_failure(exc) == ("protocol", False)
