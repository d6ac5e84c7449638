"""The estate's HTTP server: aiohttp, in its own process, every site on its own loopback address.

    python -m auditor.demo.server --as-of 2026-11-28 --scale 1

prints one JSON line (`{"port": …, "pid": …, "pages": …}`) when it is listening, then
serves until SIGTERM/SIGINT (or, with --exit-on-stdin-eof, until its parent goes away).
Requests are dispatched by the local address they arrived on. 127.0.0.1 answers the
control endpoints:

    GET  /__estate__/log         the request log (JSON list)
    GET  /__estate__/truth       the planted problems and the traps (JSON)
    POST /__estate__/reset-log   empty the log
    POST /__estate__/reset       empty the log and restart the stateful traps (first-request 429, flaky home)
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import json
import os
import signal
import socket
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import asdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from .build import build_estate
from .model import CONTROL_HOST, OUTSIDE_HOSTS, Estate
from .respond import Reply, Responder
from .roster import ROSTER, host_of

MAX_LOG_ENTRIES = 1_000_000  # bounded memory however long a benchmark runs
BIND_ATTEMPTS = 20
SHUTDOWN_SECONDS = 1.0


def served_hosts() -> list[str]:
    """Every address the server binds: the sites, the answering outside world, the control host."""
    return [host_of(i) for i in range(len(ROSTER))] + list(OUTSIDE_HOSTS) + [CONTROL_HOST]


class EstateServer:
    def __init__(self, estate: Estate) -> None:
        self.estate = estate
        self.responder = Responder(estate)
        self.log: deque[dict[str, object]] = deque(maxlen=MAX_LOG_ENTRIES)  # one JSON object per request
        self.hits: Counter[tuple[str, str]] = Counter()  # requests per (host, path) for the stateful traps
        for site in estate.sites:  # route tables before the first request, so no request waits for one
            self.responder.routes(site)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        started = time.time()
        host = _local_address(request)
        if host == CONTROL_HOST:
            return self._control(request)
        response = await self._site_response(request, host)
        self.log.append({
            "started": started, "finished": time.time(), "host": host, "method": request.method,
            "path": request.path, "user_agent": request.headers.get("User-Agent", ""), "status": response.status,
        })
        return response

    async def _site_response(self, request: web.Request, host: str) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, headers={"Allow": "GET, HEAD"})
        reply = self.responder.respond(host, request.path)
        if reply is None:
            return web.Response(status=421, text="misdirected request")
        if reply.special is not None:
            reply = await self._enact(host, request.path, reply)
        headers = {"Content-Type": reply.content_type, **dict(reply.headers)}
        return web.Response(status=reply.status, body=reply.body, headers=headers)

    async def _enact(self, host: str, path: str, reply: Reply) -> Reply:
        """The behaviours that change from one request to the next."""
        special = reply.special
        assert special is not None
        self.hits[(host, path)] += 1
        count = self.hits[(host, path)]
        if special.behaviour == "first-429" and count == 1:
            return Reply(429, "<h1>429 请求过于频繁</h1>".encode(), "text/html; charset=utf-8", (("Retry-After", "1"),))
        if special.behaviour == "flaky-home" and count >= special.first_failure and (count - special.first_failure) % special.every == 0:
            return Reply(special.status, "<h1>503 服务暂时不可用</h1>".encode(), "text/html; charset=utf-8")
        if special.behaviour == "slow":
            await asyncio.sleep(special.delay)
        return reply

    def _control(self, request: web.Request) -> web.Response:
        path = request.path
        if path == "/__estate__/log":
            return web.json_response(list(self.log))
        if path == "/__estate__/truth":
            return web.json_response(truth_document(self.estate), dumps=_dumps)
        if path == "/__estate__/reset-log":
            self.log.clear()
            return web.json_response({"ok": True})
        if path == "/__estate__/reset":
            self.log.clear()
            self.hits.clear()
            return web.json_response({"ok": True})
        return web.json_response({"error": "unknown control endpoint"}, status=404)


def truth_document(estate: Estate) -> dict[str, object]:
    return {
        "as_of": estate.as_of.isoformat(), "scale": estate.scale, "port": estate.port,
        "truth": [asdict(p) for p in estate.truth], "traps": [asdict(t) for t in estate.traps],
    }


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _local_address(request: web.Request) -> str:
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    if sockname:
        return str(sockname[0])
    return (request.host or "").rsplit(":", 1)[0]


def bind_all(hosts: list[str], port: int = 0) -> tuple[int, list[socket.socket]]:
    """Bind every host on one port: the first host picks a free port, the rest follow; retry on a clash."""
    for _ in range(BIND_ATTEMPTS if port == 0 else 1):
        sockets: list[socket.socket] = []
        try:
            chosen = port
            for host in hosts:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, chosen))
                chosen = sock.getsockname()[1]
            return chosen, sockets
        except OSError as exc:
            for sock in sockets:
                sock.close()
            if exc.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, f"no port free on all {len(hosts)} estate addresses after {BIND_ATTEMPTS} attempts")


async def serve(server: EstateServer, sockets: list[socket.socket], *, exit_on_stdin_eof: bool) -> None:
    runner = web.AppRunner(server.app(), access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS)
    await runner.setup()
    for sock in sockets:
        await web.SockSite(runner, sock).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if exit_on_stdin_eof:
        threading.Thread(target=_wait_for_eof, args=(loop, stop), daemon=True).start()
    ready = {"port": server.estate.port, "pid": os.getpid(), "sites": len(server.estate.sites), "pages": server.estate.page_count()}
    print(json.dumps(ready), flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def _wait_for_eof(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """The parent holds our stdin: when it exits, however abruptly, the pipe closes and so do we."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    loop.call_soon_threadsafe(stop.set)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m auditor.demo.server", description="serve the simulated estate")
    parser.add_argument("--as-of", default=datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat(),
                        help="the audit date the content is relative to (default: today in Asia/Shanghai)")
    parser.add_argument("--scale", type=float, default=1.0, help="pages per site; 1 ≈ 3,000 pages in all")
    parser.add_argument("--port", type=int, default=0, help="the port every address listens on (default: a free one)")
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="stop when stdin closes (used by serve_estate)")
    args = parser.parse_args(argv)
    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of {args.as_of!r}: write a date like 2026-11-28")
    if not 0 < args.scale <= 100:
        parser.error("--scale must be greater than 0 and at most 100")
    port, sockets = bind_all(served_hosts(), args.port)
    estate = build_estate(as_of, args.scale, port=port)
    asyncio.run(serve(EstateServer(estate), sockets, exit_on_stdin_eof=args.exit_on_stdin_eof))


if __name__ == "__main__":
    main()
