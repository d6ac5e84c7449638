"""The blind estate's HTTP server: `python -m tests.blind.server --as-of DATE`.

Binds every site address (127.0.0.150 ... 159, 161) and the outside world (127.0.0.199) on
one port, leaves 127.0.0.160 unbound (checking the port is free there), prints `LISTENING <port>` and serves until killed. `--truth` prints the truth JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import socket
import sys
from urllib.parse import parse_qsl

from aiohttp import web

from .common import OUT_IP
from .estate import DEAD_IPS, LISTEN_IPS, build
from .issue19 import TLS_IPS, tls_material

NOT_FOUND = ("<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
             "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>")


def truth_json(est) -> bytes:
    return json.dumps(est.truth(), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def bind_all(ips, free=()):
    """Bind every address in ips on one port, and check that nothing answers on that port at the
    addresses in free (they are never bound: connections there are refused)."""
    for _ in range(50):
        socks = []
        try:
            first = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(first)
            first.bind((ips[0], 0))
            port = first.getsockname()[1]
            for ip in ips[1:]:
                so = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(so)
                so.bind((ip, port))
            for ip in free:  # never bound: only asked whether anything answers there
                probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                probe.settimeout(1.0)
                try:
                    if probe.connect_ex((ip, port)) == 0:
                        raise OSError(f"something listens on {ip}:{port}")
                finally:
                    probe.close()
            for so in socks:
                so.listen(128)
                so.setblocking(False)
            return port, socks
        except OSError:
            for so in socks:
                so.close()
    raise RuntimeError("no free common port")


class Handler:
    def __init__(self, est):
        self.est = est
        self.by_ip = {s.ip: s for s in est.sites if s.listening}
        self.by_ip[OUT_IP] = est.outside
        self.seen_flaky: set[tuple[str, str]] = set()
        self.truth = truth_json(est)

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        ip = request.transport.get_extra_info("sockname")[0] if request.transport else None
        site = self.by_ip.get(ip)
        raw = request.raw_path
        if site is None:
            return web.Response(status=404, text="no such host")
        if site.scheme == "https" and not request.secure and site.redirect_http:
            # plain HTTP on an HTTPS site's port: 301 to the same URL over https
            return web.Response(status=301, headers={"Location": f"{site.base}{raw}"})
        if ip == OUT_IP and raw == "/__truth__.json":
            return web.Response(body=self.truth, headers={"Content-Type": "application/json; charset=utf-8"})
        resp = site.pages.get(raw)
        if resp is None and raw.endswith("?"):
            resp = site.pages.get(raw[:-1])
        if resp is None:
            path, _, query = raw.partition("?")
            fn = site.dynamic.get("jsessionid") if ";jsessionid=" in path else site.dynamic.get(path)
            if fn is not None:
                params = dict(parse_qsl(query, keep_blank_values=True))
                if request.method == "POST":
                    params.update({k: str(v) for k, v in (await request.post()).items()})
                resp = fn(path, params)
        if resp is None:
            return web.Response(status=404, body=NOT_FOUND.encode(),
                                headers={"Content-Type": "text/html; charset=utf-8"})
        if resp.flaky and (ip, raw) not in self.seen_flaky:
            self.seen_flaky.add((ip, raw))
            return web.Response(status=503, text="Service Temporarily Unavailable",
                                headers={"Retry-After": "1"})
        if resp.delay:
            await asyncio.sleep(resp.delay)
        headers = {"Content-Type": resp.ctype, **resp.headers}
        return web.Response(status=resp.status, body=resp.body, headers=headers)


async def sniff(sock, server, ctx):
    """Accept on an HTTPS site's socket; a connection whose first byte is a TLS handshake
    (0x16) is served over TLS, any other as plain HTTP (which the handler redirects, or not)."""
    loop = asyncio.get_running_loop()

    async def dispatch(conn):
        try:
            ready = loop.create_future()
            loop.add_reader(conn.fileno(), lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, 30)
            finally:
                loop.remove_reader(conn.fileno())
            first = conn.recv(1, socket.MSG_PEEK)
            if not first:
                conn.close()
                return
            await loop.connect_accepted_socket(server, conn, ssl=ctx if first == b"\x16" else None)
        except Exception:  # a failed handshake or a client gone: just that connection
            conn.close()

    while True:
        conn, _ = await loop.sock_accept(sock)
        conn.setblocking(False)
        asyncio.ensure_future(dispatch(conn))


async def serve(as_of: dt.date, tls_dir: str | None):
    ips = LISTEN_IPS + TLS_IPS + [OUT_IP]
    port, socks = bind_all(ips, DEAD_IPS)
    est = build(as_of, port)
    assert sorted(s.ip for s in est.sites if s.listening) == sorted(LISTEN_IPS + TLS_IPS)
    assert sorted(s.ip for s in est.sites if not s.listening) == sorted(DEAD_IPS)
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", Handler(est))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    ctxs = tls_material(est, tls_dir) if tls_dir else {}
    tasks = []
    for so in socks:
        ip = so.getsockname()[0]
        if ip in TLS_IPS:
            if ip in ctxs:
                tasks.append(asyncio.ensure_future(sniff(so, runner.server, ctxs[ip])))
            continue  # without --tls-dir the HTTPS sites are bound but never answer
        await web.SockSite(runner, so).start()
    print(f"LISTENING {port}", flush=True)
    await asyncio.Event().wait()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tests.blind.server")
    ap.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    ap.add_argument("--truth", action="store_true", help="print the truth JSON and exit")
    ap.add_argument("--port", type=int, default=8000, help="port written into the truth URLs (--truth)")
    ap.add_argument("--tls-dir", help="where to write ca.pem, the CA of the HTTPS sites' certificates")
    a = ap.parse_args(argv)
    as_of = dt.date.fromisoformat(a.as_of)
    if a.truth:
        sys.stdout.buffer.write(truth_json(build(as_of, a.port)) + b"\n")
        return
    try:
        asyncio.run(serve(as_of, a.tls_dir))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
