"""A hostile web server: one raw asyncio TCP server, so it can misbehave below HTTP too.

    async with serve_hostile() as server:                  # http://127.0.0.1:<port>
        result = await fetcher.fetch(PageRequest(url=server.url(CASES["gzip-bomb"].path), site_id="h"))

Every case lives at its own path (`CASES`: name -> path and what it does); `/` links to
all of them, plus `server.extra_links` (a TLS server's URL, a `localhost` URL), and
`/only/<case>` to that case alone. Each
connection carries one request and is closed after the answer. Nothing large is held:
bombs, endless bodies and the 100 MB page are written block by block as the client
reads them, and stop when it hangs up.

`robots` picks the robots.txt: "normal" (one Disallow), "missing" (404), "error" (500),
"huge" (5 MB: a rule at the start, filler, a rule at the end), "slow" (a byte a second).
`ssl_context` serves the same cases over TLS; `home_paths` narrows what `/` links to.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from urllib.parse import parse_qs, urlsplit

from . import pages
from .bombs import nested_bomb, single_bomb

SINGLE_BOMB_MIB = 8 * 1024  # 8 GiB inflated, about 8.5 MB on the wire
NESTED_BOMB_MIB = 4 * 1024  # 4 GiB inflated twice, about 10 KB on the wire
HUGE_BODY_BYTES = 100 * 1024 * 1024
CHAIN_HOPS = 30
REQUEST_HEAD_LIMIT = 128 * 1024  # the 10,000-character URL fits; anything longer is dropped
DRIP_SECONDS = 1.0  # a slowloris byte every second
FARM_WIDTH = 1_000  # new links on each page of the link farm


@dataclass(frozen=True)
class Case:
    path: str
    what: str


CASES: dict[str, Case] = {
    "gzip-bomb": Case("/gzip-bomb", "gzip bomb: 8 GiB of spaces, one gzip layer, ~8.5 MB streamed"),
    "gzip-bomb-nested": Case("/gzip-bomb-nested", "gzip bomb in two layers (Content-Encoding: gzip, gzip): ~10 KB on the wire, 4 GiB inflated"),
    "endless-chunked": Case("/endless-chunked", "chunked HTML body that never ends"),
    "slowloris": Case("/slowloris", "headers at once, then one body byte a second, forever"),
    "slow-headers": Case("/slow-headers", "status line, then one header byte a second, forever"),
    "silent": Case("/silent", "reads the request, never answers"),
    "redirect-loop": Case("/loop/a", "redirect loop /loop/a <-> /loop/b"),
    "redirect-spiral": Case("/spiral/0", "redirects to a new URL each time, forever"),
    "redirect-chain-30": Case(f"/chain/{CHAIN_HOPS}", "a chain of 30 redirects, then a page"),
    "calendar-path": Case(f"/calendar/{pages.CALENDAR_START.isoformat()}.html", "endless calendar: each day links the next (by path)"),
    "calendar-query": Case(f"/calendar?date={pages.CALENDAR_START.isoformat()}", "endless calendar: each day links the next (by query)"),
    "huge-page": Case("/huge-page", "a 100 MB HTML page (Content-Length given), streamed"),
    "huge-file": Case("/huge-file.pdf", "a 100 MB PDF, streamed"),
    "malformed-html": Case("/malformed", "broken markup: bad entities, NULs, 5,000 nested divs, unclosed comment"),
    "invalid-utf8": Case("/invalid-utf8", "declared UTF-8, with invalid, overlong and surrogate bytes"),
    "mixed-encoding": Case("/mixed-encoding", "a GBK page with a UTF-8 paragraph"),
    "huge-header": Case("/huge-header", "one header of 1 MB"),
    "many-headers": Case("/many-headers", "10,000 header lines"),
    "wide-headers": Case("/wide-headers", "100 headers of 10 KB (1 MB of headers, each within limits)"),
    "hostile-links": Case("/hostile-links", "links: javascript:, data:, IDN, punycode, spaces, %zz, %, 3,000 and 10,000 characters"),
    "garbage": Case("/garbage", "answers bytes that are not HTTP"),
    "lying-length": Case("/lying-length", "Content-Length 1 MB, 100 bytes sent, connection closed"),
    "reset": Case("/reset", "connection reset without an answer"),
    "link-farm": Case("/farm/0.html", "link farm: each page links 1,000 new pages of the farm, forever"),
}


@dataclass
class Request:
    method: str
    target: str

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    def query(self, name: str) -> str:
        return parse_qs(urlsplit(self.target).query).get(name, [""])[0]


@dataclass
class HostileServer:
    host: str
    port: int
    scheme: str = "http"
    robots: str = "normal"
    extra_links: list[str] = field(default_factory=list)  # linked from "/" too
    home_paths: list[str] | None = None  # what "/" links to; None: every case
    # `/only/<name>` links to one case's path, or to these links under other names (a TLS URL, ...)
    named_links: dict[str, list[str]] = field(default_factory=dict)
    farm_width: int = FARM_WIDTH  # new links on each page of the link farm
    log: list[str] = field(default_factory=list)  # request targets, capped at 200 characters each

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path


Handler = Callable[[HostileServer, Request, asyncio.StreamWriter], Awaitable[None]]


@contextlib.asynccontextmanager
async def serve_hostile(
    host: str = "127.0.0.1", *, robots: str = "normal", ssl_context: ssl.SSLContext | None = None,
    home_paths: list[str] | None = None,
) -> AsyncIterator[HostileServer]:
    served = HostileServer(host, 0, "https" if ssl_context else "http", robots, home_paths=home_paths)
    connections: set[asyncio.Task[None]] = set()

    async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        connections.add(task)
        try:
            await _answer(served, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ssl.SSLError, TimeoutError):
            pass  # the client hung up or spoke nonsense: both are its right
        except asyncio.CancelledError:
            pass  # the server is closing: asyncio's stream callback must not see a cancelled task
        finally:
            connections.discard(task)
            writer.close()

    server = await asyncio.start_server(on_connection, host, 0, ssl=ssl_context, limit=REQUEST_HEAD_LIMIT)
    served.port = server.sockets[0].getsockname()[1]
    try:
        yield served
    finally:
        server.close()
        for task in list(connections):  # endless answers end with the server
            task.cancel()
        await asyncio.gather(*connections, return_exceptions=True)
        await server.wait_closed()


async def _answer(served: HostileServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    method, target, *_ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ") + ["", ""]
    request = Request(method.upper(), target)
    served.log.append(target[:200])
    handler = _route(request.path)
    await handler(served, request, writer)


def _route(path: str) -> Handler:
    if path.startswith("/loop/"):
        return _loop
    if path.startswith("/spiral/"):
        return _spiral
    if path.startswith("/chain/"):
        return _chain
    if path == "/calendar" or path.startswith("/calendar/"):
        return _calendar
    if path.startswith("/only/"):
        return _only
    if path.startswith("/farm/"):
        return _farm
    return _ROUTES.get(path, _fallback)


# --- writing ---------------------------------------------------------------------------

def head(status: str, headers: list[tuple[str, str]] | None = None, *, close: bool = True) -> bytes:
    lines = [f"HTTP/1.1 {status}"] + [f"{name}: {value}" for name, value in headers or []]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()  # only as fast as the client reads: nothing piles up here


async def send_page(writer: asyncio.StreamWriter, request: Request, body: bytes | str,
                    content_type: str = "text/html; charset=utf-8", status: str = "200 OK") -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    headers = [("Content-Type", content_type), ("Content-Length", str(len(data)))]
    await send(writer, head(status, headers) + (b"" if request.method == "HEAD" else data))


async def redirect(writer: asyncio.StreamWriter, location: str) -> None:
    await send(writer, head("302 Found", [("Location", location), ("Content-Length", "0")]))


# --- the cases -------------------------------------------------------------------------

async def _home(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    cases = [case.path for case in CASES.values()] if served.home_paths is None else served.home_paths
    links = cases + ["/private/secret.html", f"{pages.LATE_RULE}page.html"]
    items = "".join(f'<li><a href="{link}">{link[:40]}</a></li>' for link in links + served.extra_links)
    await send_page(writer, request, pages.html("恶意测试站点", f"<ul>{items}</ul>"))


async def _only(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    """A home page for one case alone (`benchmarks/hostile.py` audits one case at a time)."""
    name = request.path.removeprefix("/only/")
    links = [CASES[name].path] if name in CASES else served.named_links.get(name, [])
    items = "".join(f'<li><a href="{link}">{name}</a></li>' for link in links)
    await send_page(writer, request, pages.html(f"只有 {name}", f"<ul>{items}</ul>"))


async def _robots(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    if served.robots == "missing":
        await send_page(writer, request, "not found", "text/plain", "404 Not Found")
    elif served.robots == "error":
        await send_page(writer, request, "<h1>500</h1>", status="500 Internal Server Error")
    elif served.robots == "huge":
        await send_page(writer, request, _huge_robots(), "text/plain")
    elif served.robots == "slow":
        await _drip(writer, head("200 OK", [("Content-Type", "text/plain")]))
    else:
        await send_page(writer, request, pages.NORMAL_ROBOTS, "text/plain")


@cache
def _huge_robots() -> bytes:
    return pages.huge_robots()


async def _gzip_bomb(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    stream = single_bomb(SINGLE_BOMB_MIB)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Content-Length", str(stream.wire_bytes))]
    await send(writer, head("200 OK", headers))
    if request.method != "HEAD":
        for chunk in stream.chunks():
            await send(writer, chunk)


async def _nested_bomb(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    body = nested_bomb(NESTED_BOMB_MIB)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip, gzip"), ("Content-Length", str(len(body)))]
    await send(writer, head("200 OK", headers) + (b"" if request.method == "HEAD" else body))


async def _endless_chunked(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send(writer, head("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]))
    block = b"<p>" + "无尽的内容".encode() * 4000 + b"</p>\n"
    chunk = f"{len(block):x}\r\n".encode() + block + b"\r\n"
    await send(writer, b"5\r\n<html\r\n")
    while True:
        await send(writer, chunk)


async def _slowloris(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await _drip(writer, head("200 OK", [("Content-Type", "text/html")]) + b"<html><body>")


async def _slow_headers(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send(writer, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    await _drip(writer, b"X-Slow: ")


async def _drip(writer: asyncio.StreamWriter, start: bytes) -> None:
    await send(writer, start)
    while True:
        await asyncio.sleep(DRIP_SECONDS)
        await send(writer, b"x")


async def _silent(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(3600)


async def _loop(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await redirect(writer, "/loop/b" if request.path == "/loop/a" else "/loop/a")


async def _spiral(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    step = _int(request.path.rsplit("/", 1)[1])
    await redirect(writer, f"/spiral/{step + 1}")


async def _chain(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    hops = _int(request.path.rsplit("/", 1)[1])
    if hops <= 0:
        await send_page(writer, request, pages.html("链的终点", "<p>到达</p>"))
    else:
        await redirect(writer, f"/chain/{hops - 1}")


async def _calendar(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    by_query = request.path == "/calendar"
    text = request.query("date") if by_query else request.path.rsplit("/", 1)[1].removesuffix(".html")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = pages.CALENDAR_START
    await send_page(writer, request, pages.calendar_page(day, query=by_query))


async def _farm(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    page = _int(request.path.rsplit("/", 1)[1].removesuffix(".html"))
    first = (page % 1_000_000) * served.farm_width + 1
    links = "".join(f'<a href="/farm/{n}.html">{n}</a> ' for n in range(first, first + served.farm_width))
    await send_page(writer, request, pages.html(f"农场 {page}", links))


async def _huge_page(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await _stream_bytes(writer, request, "text/html", b"<p>" + b"x" * 65_529 + b"</p>\n", HUGE_BODY_BYTES)


async def _huge_file(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await _stream_bytes(writer, request, "application/pdf", b"%PDF" + b"0" * 65_532, HUGE_BODY_BYTES)


async def _stream_bytes(writer: asyncio.StreamWriter, request: Request, content_type: str, block: bytes, total: int) -> None:
    await send(writer, head("200 OK", [("Content-Type", content_type), ("Content-Length", str(total))]))
    if request.method == "HEAD":
        return
    for _ in range(total // len(block)):
        await send(writer, block)
    await send(writer, block[: total % len(block)])


async def _malformed(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send_page(writer, request, pages.malformed_page(), "text/html")


async def _invalid_utf8(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send_page(writer, request, pages.invalid_utf8_page())


async def _mixed_encoding(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send_page(writer, request, pages.mixed_encoding_page(), "text/html")


async def _huge_header(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await _with_headers(writer, request, [("X-Padding", "a" * 1024 * 1024)])


async def _many_headers(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await _with_headers(writer, request, [(f"X-Header-{n}", "v") for n in range(10_000)])


async def _wide_headers(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await _with_headers(writer, request, [(f"X-Wide-{n}", "w" * 10 * 1024) for n in range(100)])


async def _with_headers(writer: asyncio.StreamWriter, request: Request, extra: list[tuple[str, str]]) -> None:
    body = pages.html("头部很大", "<p>正文</p>").encode()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))] + extra
    await send(writer, head("200 OK", headers) + (b"" if request.method == "HEAD" else body))


async def _hostile_links(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send_page(writer, request, pages.hostile_links_page(served.origin, served.port))


async def _garbage(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send(writer, b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff\x13\x37 not http at all\r\n\r\n")


async def _lying_length(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    await send(writer, head("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(1024 * 1024))]) + b"<html>" + b"x" * 94)


async def _reset(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    transport = writer.transport
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
    transport.abort()


async def _fallback(served: HostileServer, request: Request, writer: asyncio.StreamWriter) -> None:
    """Any other path: a small page (the hostile links land here), or 404 for a few shapes."""
    if request.path.startswith(("/private/", pages.LATE_RULE)) or len(request.target) < 2000:
        await send_page(writer, request, pages.html("普通页面", f"<p>{len(request.target)} 字符的地址</p>"))
    else:
        await send_page(writer, request, pages.html("地址太长", "<p>414</p>"), status="414 URI Too Long")


_ROUTES: dict[str, Handler] = {
    "/": _home,
    "/robots.txt": _robots,
    "/gzip-bomb": _gzip_bomb,
    "/gzip-bomb-nested": _nested_bomb,
    "/endless-chunked": _endless_chunked,
    "/slowloris": _slowloris,
    "/slow-headers": _slow_headers,
    "/silent": _silent,
    "/huge-page": _huge_page,
    "/huge-file.pdf": _huge_file,
    "/malformed": _malformed,
    "/invalid-utf8": _invalid_utf8,
    "/mixed-encoding": _mixed_encoding,
    "/huge-header": _huge_header,
    "/many-headers": _many_headers,
    "/wide-headers": _wide_headers,
    "/hostile-links": _hostile_links,
    "/garbage": _garbage,
    "/lying-length": _lying_length,
    "/reset": _reset,
}


def _int(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 9 else 0
