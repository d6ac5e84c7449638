"""Availability probes against a real server: each visit recorded, failures counted, no retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp import web

from auditor.config import parse_config
from auditor.probe import probe_sites
from tests.httpserver import serve


def flaky_home(visits: dict) -> web.Application:

    async def home(request):
        visits["n"] += 1
        if visits["n"] % 4 == 0:
            return web.Response(status=503, text="维护中")
        return web.Response(content_type="text/html", text="<title>首页</title>")

    async def no_robots(request):
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get("/", home)
    app.router.add_get("/robots.txt", no_robots)
    return app


async def test_probes_are_stored_and_failures_not_retried(tmp_path, store):
    visits = {"n": 0}
    async with serve(flaky_home(visits), "127.0.0.91") as server:
        text = (
            'rulesets = ["mengjin-2011"]\n[crawl]\nallow_private_addresses = true\nper_host_delay = 0\n'
            f'[[sites]]\nid = "p"\nname = "探测"\nurl = "{server.url("/")}"\nkind = "town"\n'
        )
        config = parse_config(text, tmp_path / "auditor.toml")
        store.sync_sites(config)
        for _ in range(8):
            await probe_sites(config, store)
    assert visits["n"] == 8  # one GET a probe: a retry would hide the failures being counted
    probes = store.probes("p", datetime.now(UTC) - timedelta(minutes=5))
    assert [p.outcome for p in probes].count("broken") == 2
    assert {p.status for p in probes if p.outcome == "broken"} == {503}
    assert all(p.seconds is not None and p.seconds >= 0 for p in probes)


def test_probe_command_records_each_site(tmp_path):
    import json
    import subprocess
    import sys

    text = (
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///p.db"\n[crawl]\nretries = 0\ntimeout = 2\n'
        '[[sites]]\nid = "down"\nname = "关闭的网站"\nurl = "http://127.0.0.92:9/"\nkind = "town"\n'
    )
    (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "auditor.cli", "probe", "--config", "auditor.toml", "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert row["site"] == "down" and row["ok"] is False and row["error"] == "refused"
