"""Requests per second of the fetch stage's candidate transports against a local server.

    .venv/bin/python benchmarks/fetch_transport.py --requests 3000 --concurrency 32

The aiohttp server runs in its own process, so the client's figures are not shared with
it. Measured: httpx's own transport (httpcore), aiohttp alone, and the whole Fetcher on
aiohttp (politeness with no delay, robots off), which shows what our own layer costs;
each as requests per second and as the client's CPU per request (the server can be the
bottleneck of the first figure, never of the second).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NamedTuple

import aiohttp
import httpx
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import CrawlConfig  # noqa: E402
from auditor.fetch import Fetcher  # noqa: E402
from auditor.models import PageRequest  # noqa: E402

PAGE = ("<html><head><title>孟津县人民政府</title></head><body>" + "<p>政务公开</p>" * 200 + "</body></html>").encode()


def run_server(port: multiprocessing.Value) -> None:  # type: ignore[valid-type]
    async def page(request: web.Request) -> web.Response:
        return web.Response(body=PAGE, content_type="text/html", charset="utf-8")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port.value = runner.addresses[0][1]  # type: ignore[attr-defined]
        await asyncio.Event().wait()

    asyncio.run(main())


async def measure(send: Callable[[str], Awaitable[None]], base: str, requests: int, concurrency: int) -> Rate:
    queue = list(range(requests))

    async def worker() -> None:
        while queue:
            await send(f"{base}/page/{queue.pop()}")

    await send(f"{base}/warm-up")
    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Rate(requests / (time.perf_counter() - started), (time.process_time() - cpu) / requests * 1000)


class Rate(NamedTuple):
    per_second: float
    cpu_ms: float  # the client's CPU per request

    def __str__(self) -> str:
        return f"{self.per_second:7.0f} requests/s, {self.cpu_ms:.3f} ms CPU a request"


async def with_httpx(transport: httpx.AsyncBaseTransport, base: str, requests: int, concurrency: int) -> Rate:
    async with httpx.AsyncClient(transport=transport) as client:

        async def send(url: str) -> None:
            response = await client.get(url)
            assert response.status_code == 200

        return await measure(send, base, requests, concurrency)


async def with_aiohttp(base: str, requests: int, concurrency: int) -> Rate:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:

        async def send(url: str) -> None:
            async with session.get(url, allow_redirects=False) as response:
                assert response.status == 200
                await response.read()

        return await measure(send, base, requests, concurrency)


async def with_fetcher(base: str, requests: int, concurrency: int) -> Rate:
    crawl = CrawlConfig(per_host_concurrency=concurrency, per_host_delay=0, respect_robots=False)
    async with Fetcher(crawl) as fetcher:

        async def send(url: str) -> None:
            result = await fetcher.fetch(PageRequest(url=url, site_id="bench"))
            assert result.text, result

        return await measure(send, base, requests, concurrency)


async def main(requests: int, concurrency: int, base: str) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    own = await with_httpx(httpx.AsyncHTTPTransport(limits=limits), base, requests, concurrency)
    print(f"httpx, own transport (httpcore): {own}")
    print(f"aiohttp alone:                   {await with_aiohttp(base, requests, concurrency)}")
    print(f"Fetcher (aiohttp, decoded):      {await with_fetcher(base, requests, concurrency)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    port = multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=run_server, args=(port,), daemon=True)
    server.start()
    try:
        while port.value == 0:
            time.sleep(0.05)
        print(f"{args.requests} GETs of a {len(PAGE)}-byte page, {args.concurrency} at a time, 127.0.0.1")
        asyncio.run(main(args.requests, args.concurrency, f"http://127.0.0.1:{port.value}"))
    finally:
        server.terminate()
        server.join()
