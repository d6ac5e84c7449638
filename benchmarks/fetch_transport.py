"""Requests per second of the fetch stage's candidate transports against a local server.

    .venv/bin/python benchmarks/fetch_transport.py --requests 3000 --concurrency 32

The aiohttp server runs in its own process, so the client's figures are not shared with
it. Measured: httpx's own transport (httpcore), httpx on aiohttp's transport
(httpx-aiohttp), and the whole Fetcher on the latter (politeness with no delay, robots
off), which shows what our own layer costs.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.config import CrawlConfig  # noqa: E402
from auditor.fetch import Fetcher  # noqa: E402
from auditor.fetch.client import aiohttp_transport  # noqa: E402
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


async def measure(send: Callable[[str], Awaitable[None]], base: str, requests: int, concurrency: int) -> float:
    queue = list(range(requests))

    async def worker() -> None:
        while queue:
            await send(f"{base}/page/{queue.pop()}")

    await send(f"{base}/warm-up")
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return requests / (time.perf_counter() - started)


async def with_httpx(transport: httpx.AsyncBaseTransport, base: str, requests: int, concurrency: int) -> float:
    async with httpx.AsyncClient(transport=transport) as client:

        async def send(url: str) -> None:
            response = await client.get(url)
            assert response.status_code == 200

        return await measure(send, base, requests, concurrency)


async def with_fetcher(base: str, requests: int, concurrency: int) -> float:
    crawl = CrawlConfig(per_host_concurrency=concurrency, per_host_delay=0, respect_robots=False)
    async with Fetcher(crawl) as fetcher:

        async def send(url: str) -> None:
            result = await fetcher.fetch(PageRequest(url=url, site_id="bench"))
            assert result.text, result

        return await measure(send, base, requests, concurrency)


async def main(requests: int, concurrency: int, base: str) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    own = await with_httpx(httpx.AsyncHTTPTransport(limits=limits), base, requests, concurrency)
    print(f"httpx, own transport (httpcore):      {own:7.0f} requests/s")
    via_aiohttp = await with_httpx(aiohttp_transport(), base, requests, concurrency)
    print(f"httpx, aiohttp transport:             {via_aiohttp:7.0f} requests/s")
    fetcher = await with_fetcher(base, requests, concurrency)
    print(f"Fetcher (aiohttp transport, decoded): {fetcher:7.0f} requests/s")


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
