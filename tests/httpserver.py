"""A real HTTP server for tests, on 127.0.0.x, with a log of every request it saw.

    from tests.httpserver import Page, make_app, serve

    async with serve(make_app(pages={"/a.html": Page("<html>...</html>")})) as server:
        result = await fetcher.fetch(PageRequest(url=server.url("/a.html"), site_id="t"))
        assert server.log.paths() == ["/robots.txt", "/a.html"]

Routes of `make_app()` (besides the `pages` given, and `robots`, served at /robots.txt,
404 when None):

    /status/{code}          answers that status (3xx with Location: /)
    /redirect/{n}           redirects n times (/redirect/n-1 ...), then 200 at /redirect/0
    /loop/a  /loop/b        redirect to each other for ever
    /cookie-bounce          sets a cookie and redirects to itself once, then 200
    /slow/{seconds}         waits, then answers 200
    /trickle/{seconds}      answers 200 at once, then one byte every 0.1 s (a slowloris)
    /retry-after/{key}      429 with Retry-After: 1 the first time per key, then 200
    /flaky/{key}/{n}        503 (no Retry-After) n times per key, then 200
    /gzip-bomb              16 MB of spaces inside an HTML page, gzip-compressed (~16 KB)
    /big                    2 MB of HTML, uncompressed
    /file.pdf               1 MB of application/pdf
    /gbk                    a GBK page declared in the header
    /etag                   ETag "v1" and Last-Modified; 304 to a matching conditional request
    /head-405               405 to HEAD, 200 to GET
    /ranged.pdf             405 to HEAD; 206 and the bytes asked for to a ranged GET
    /empty.pdf              405 to HEAD; 416 to a ranged GET (no byte 0), 200 to a plain GET

`make_app(unknown=...)` answers every path it does not know with `unknown(request)`
instead of a 404: a soft-404 host.

`serve_raw(answer)` is the other server: it writes fixed bytes to every connection and
closes it, for what aiohttp will not send (no Content-Type, malformed answers, a connection
dropped without an answer).

The log records monotonic times (the event loop's clock), so tests can check the gaps
between request starts and how many requests were in flight at once.
"""

from __future__ import annotations

import asyncio
import gzip
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from aiohttp import web

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"
GBK_TEXT = "孟津县人民政府信息公开工作年度报告"


@dataclass(frozen=True, slots=True)
class Page:
    """A fixed answer. A str body is encoded with `encoding`; None as content_type sends no Content-Type."""

    body: str | bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"  # how a str body is turned into bytes

    def raw(self) -> bytes:
        return self.body if isinstance(self.body, bytes) else self.body.encode(self.encoding)


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    start: float  # time.monotonic() when the handler began
    end: float  # when it returned (or failed)
    method: str
    path: str  # with the query string
    headers: Mapping[str, str]


class RequestLog(list[LoggedRequest]):
    def paths(self, method: str | None = None) -> list[str]:
        return [r.path for r in self if method is None or r.method == method]

    def max_in_flight(self) -> int:
        """The most requests the server was handling at one moment."""
        events = sorted([(r.start, 1) for r in self] + [(r.end, -1) for r in self], key=lambda e: (e[0], e[1]))
        current = peak = 0
        for _when, step in events:
            current += step
            peak = max(peak, current)
        return peak

    def start_gaps(self) -> list[float]:
        starts = sorted(r.start for r in self)
        return [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]


LOG_KEY = web.AppKey("log", RequestLog)
PAGES_KEY = web.AppKey("pages", dict)
ROBOTS_KEY = web.AppKey("robots", str)
SEEN_KEY = web.AppKey("seen", dict)
UNKNOWN_KEY = web.AppKey("unknown", object)


@web.middleware
async def _log_requests(request: web.Request, handler):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    try:
        return await handler(request)
    finally:
        request.app[LOG_KEY].append(
            LoggedRequest(start, time.monotonic(), request.method, request.path_qs, dict(request.headers))
        )


def make_app(
    pages: Mapping[str, Page] | None = None,
    robots: str | None = None,
    unknown: Callable[[web.Request], web.StreamResponse] | None = None,
) -> web.Application:
    app = web.Application(middlewares=[_log_requests])
    if unknown is not None:
        app[UNKNOWN_KEY] = unknown
    app[LOG_KEY] = RequestLog()
    app[PAGES_KEY] = dict(pages or {})
    app[SEEN_KEY] = {}
    if robots is not None:
        app[ROBOTS_KEY] = robots
    app.router.add_route("*", "/status/{code:\\d+}", _status)
    app.router.add_route("*", "/redirect/{n:\\d+}", _redirect)
    app.router.add_route("*", "/loop/{side:a|b}", _loop)
    app.router.add_route("*", "/cookie-bounce", _cookie_bounce)
    app.router.add_route("*", "/slow/{seconds}", _slow)
    app.router.add_route("GET", "/trickle/{seconds}", _trickle)
    app.router.add_route("*", "/retry-after/{key}", _retry_after)
    app.router.add_route("*", "/flaky/{key}/{n:\\d+}", _flaky)
    app.router.add_route("GET", "/gzip-bomb", _gzip_bomb)
    app.router.add_route("GET", "/big", _big)
    app.router.add_route("*", "/file.pdf", _pdf)
    app.router.add_route("GET", "/gbk", _gbk)
    app.router.add_route("*", "/etag", _etag)
    app.router.add_route("*", "/head-405", _head_405)
    app.router.add_route("*", "/ranged.pdf", _ranged)
    app.router.add_route("*", "/empty.pdf", _empty_file)
    app.router.add_route("*", "/{tail:.*}", _page)
    return app


class Served:
    def __init__(self, app: web.Application, host: str, port: int, scheme: str = "http") -> None:
        self.app = app
        self.host = host
        self.port = port
        self.scheme = scheme

    @property
    def log(self) -> RequestLog:
        return self.app[LOG_KEY]

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"


@asynccontextmanager
async def serve(
    app: web.Application, host: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None,
) -> AsyncIterator[Served]:
    """Serve `app` on a free port of `host` (any 127.0.0.x works on Linux) until the block ends;
    over TLS when `ssl_context` is given (then `url()` says https)."""
    runner = web.AppRunner(app, shutdown_timeout=0.2, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield Served(app, host, port, scheme="https" if ssl_context else "http")
    finally:
        await runner.cleanup()


class RawServed:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.requests: list[bytes] = []  # the head of each request received

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"


@asynccontextmanager
async def serve_raw(answer: bytes, host: str = "127.0.0.1") -> AsyncIterator[RawServed]:
    """Answer every connection with exactly `answer` (b"" drops it unanswered), then close it."""
    served: RawServed | None = None

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            assert served is not None
            served.requests.append(head)
            writer.write(answer)
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, host, 0)
    served = RawServed(host, server.sockets[0].getsockname()[1])
    try:
        yield served
    finally:
        server.close()
        await server.wait_closed()


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound, then released), to be refused at or to bind a server to.

    It is taken below the kernel's range of ephemeral ports, so that no server binding port 0
    and no outgoing connection (tests run in parallel) can be handed it before it is used; and
    above 20000, clear of the fixed ports (`auditor demo`'s 18620, the mail sink's 8025)."""
    import random
    import socket

    try:
        ephemeral = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        ephemeral = 32768
    candidates = random.sample(range(20000, ephemeral), min(50, max(0, ephemeral - 20000)))
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind((host, port))
            except OSError:  # in use
                continue
            return port
    with socket.socket() as sock:  # no such range here: any free port
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


async def _page(request: web.Request) -> web.StreamResponse:
    if request.path == "/robots.txt" and ROBOTS_KEY in request.app:
        return web.Response(text=request.app[ROBOTS_KEY], content_type="text/plain")
    page = request.app[PAGES_KEY].get(request.path_qs) or request.app[PAGES_KEY].get(request.path)
    if page is None and UNKNOWN_KEY in request.app:
        return request.app[UNKNOWN_KEY](request)
    if page is None:
        return web.Response(status=404, text="<html><body>404 页面不存在</body></html>", content_type="text/html")
    headers = dict(page.headers)
    if page.content_type is not None:
        headers["Content-Type"] = page.content_type
    response = web.Response(status=page.status, body=page.raw(), headers=headers)
    if page.content_type is None:
        response.headers.popall("Content-Type", None)
    return response


async def _status(request: web.Request) -> web.Response:
    code = int(request.match_info["code"])
    headers = {"Location": "/"} if 300 <= code < 400 else {}
    return web.Response(status=code, headers=headers, text="" if code in (204, 304) else f"status {code}")


async def _redirect(request: web.Request) -> web.Response:
    n = int(request.match_info["n"])
    if n == 0:
        return web.Response(text="<html><body>arrived</body></html>", content_type="text/html")
    raise web.HTTPFound(f"/redirect/{n - 1}")


async def _loop(request: web.Request) -> web.Response:
    raise web.HTTPFound("/loop/b" if request.match_info["side"] == "a" else "/loop/a")


async def _cookie_bounce(request: web.Request) -> web.Response:
    if request.cookies.get("passed") == "1":
        return web.Response(text="<html><body>with cookie</body></html>", content_type="text/html")
    response = web.HTTPFound("/cookie-bounce")
    response.set_cookie("passed", "1")
    raise response


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(float(request.match_info["seconds"]))
    return web.Response(text="<html><body>late</body></html>", content_type="text/html")


async def _trickle(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/html"})
    await response.prepare(request)
    deadline = time.monotonic() + float(request.match_info["seconds"])
    try:
        while time.monotonic() < deadline:
            await response.write(b" ")
            await asyncio.sleep(0.1)
        await response.write_eof()
    except (ConnectionResetError, RuntimeError):  # the client gave up, as it should
        pass
    return response


def _nth_visit(request: web.Request, key: str) -> int:
    seen = request.app[SEEN_KEY]
    seen[key] = seen.get(key, 0) + 1
    return int(seen[key])


async def _retry_after(request: web.Request) -> web.Response:
    if _nth_visit(request, "retry-after/" + request.match_info["key"]) == 1:
        return web.Response(status=429, headers={"Retry-After": "1"}, text="slow down")
    return web.Response(text="<html><body>served</body></html>", content_type="text/html")


async def _flaky(request: web.Request) -> web.Response:
    failures = int(request.match_info["n"])
    if _nth_visit(request, "flaky/" + request.match_info["key"]) <= failures:
        return web.Response(status=503, text="busy")
    return web.Response(text="<html><body>recovered</body></html>", content_type="text/html")


@cache
def gzip_bomb() -> bytes:
    inner = b"<html><body>" + b" " * (16 * 1024 * 1024) + b"</body></html>"
    return gzip.compress(inner, compresslevel=9)


async def _gzip_bomb(request: web.Request) -> web.Response:
    return web.Response(body=gzip_bomb(), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})


async def _big(request: web.Request) -> web.Response:
    body = b"<html><body>" + b"<p>x</p>" * (2 * 1024 * 1024 // 8) + b"</body></html>"
    return web.Response(body=body, headers={"Content-Type": "text/html"})


async def _pdf(request: web.Request) -> web.Response:
    return web.Response(body=b"%PDF-1.4\n" + b"0" * (1024 * 1024), headers={"Content-Type": "application/pdf"})


async def _gbk(request: web.Request) -> web.Response:
    body = f"<html><head><title>{GBK_TEXT}</title></head><body>{GBK_TEXT}</body></html>".encode("gbk")
    return web.Response(body=body, headers={"Content-Type": "text/html; charset=gbk"})


async def _etag(request: web.Request) -> web.Response:
    validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
    if request.headers.get("If-None-Match") == ETAG or request.headers.get("If-Modified-Since") == LAST_MODIFIED:
        return web.Response(status=304, headers=validators)
    return web.Response(text="<html><body>v1</body></html>", content_type="text/html", headers=validators)


async def _head_405(request: web.Request) -> web.Response:
    if request.method == "HEAD":
        return web.Response(status=405)
    return web.Response(text="<html><body>GET works</body></html>", content_type="text/html")


async def _ranged(request: web.Request) -> web.Response:
    if request.method == "HEAD":
        return web.Response(status=405)
    if request.headers.get("Range") == "bytes=0-0":
        return web.Response(status=206, body=b"%", headers={"Content-Range": "bytes 0-0/1000000"},
                            content_type="application/pdf")
    return web.Response(body=b"%PDF" + b"0" * 999_996, content_type="application/pdf")


async def _empty_file(request: web.Request) -> web.Response:
    if request.method == "HEAD":
        return web.Response(status=405)
    if "Range" in request.headers:
        return web.Response(status=416, headers={"Content-Range": "bytes */0"})
    return web.Response(body=b"", content_type="application/pdf")
