"""Serving a CMS idiom example (`auditor.checks.idioms`) as a real site and auditing it.

Paths are matched on the raw request target, byte for byte: a query re-ordered or
re-encoded by the crawler is a 404, as on servers with URL-rewrite rules.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from aiohttp import web

from auditor import api
from auditor.audit import AuditResult, run_audit
from auditor.checks.idioms import EXAMPLE_AS_OF, IdiomExample, Served
from auditor.demo.config_writer import toml_value
from tests.httpserver import serve

HOST = "127.0.0.1"


def idiom_app(example: IdiomExample) -> web.Application:
    pages = dict(example.pages)
    pages.setdefault("/", Served(_home(example)))
    requests: Counter[str] = Counter()

    async def answer(request: web.Request) -> web.StreamResponse:
        target = request.raw_path
        if target == "/robots.txt":
            return web.Response(text="User-agent: *\nAllow: /\n", content_type="text/plain")
        served = pages.get(target)
        if served is None:
            return web.Response(status=404, text="<html><body>404 页面不存在</body></html>", content_type="text/html")
        requests[target] += 1
        if requests[target] <= served.fail_first:
            return web.Response(status=503, headers={"Retry-After": "1"}, text="busy")
        if served.delay:
            await asyncio.sleep(served.delay)
        response = web.Response(status=served.status, body=served.body.encode(served.encoding, errors="replace"))
        if served.content_type is None:
            response.headers.popall("Content-Type", None)
        else:
            response.headers["Content-Type"] = served.content_type
        return response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


def _home(example: IdiomExample) -> str:
    links = "".join(f'<li><a href="{c.path}">{c.name}</a></li>' for c in example.columns)
    return f"<html><head><title>示例网站</title></head><body><ul class=\"nav\">{links}</ul></body></html>"


def config_text(example: IdiomExample, base: str, db: Path) -> str:
    lines = [
        'timezone = "Asia/Shanghai"', f"rulesets = {toml_value(list(example.rulesets))}",
        "[storage]", f"url = {toml_value(f'sqlite:///{db}')}",
        "[crawl]", "per_host_delay = 0", "per_host_concurrency = 4", "allow_private_addresses = true", "retries = 1",
        "timeout = 10", "home_retry_span = 1",
        "[[sites]]", 'id = "example"', 'name = "示例县人民政府"', f"url = {toml_value(base + '/')}",
        f"kind = {toml_value(example.site_kind)}",
    ]
    for column in example.columns:
        lines += ["  [[sites.columns]]", f"  id = {toml_value(column.id)}", f"  name = {toml_value(column.name)}",
                  f"  url = {toml_value(base + column.path)}", f"  kind = {toml_value(column.kind)}"]
        if column.update_within:
            lines.append(f"  update_within = {toml_value(column.update_within)}")
    return "\n".join(lines) + "\n"


async def audit_example(example: IdiomExample, workdir: Path) -> tuple[str, list[AuditResult]]:
    """The example served on 127.0.0.1 and audited `example.repeat` times; (base URL, results)."""
    async with serve(idiom_app(example), HOST) as server:
        base = server.url("").rstrip("/")
        path = workdir / "auditor.toml"
        path.write_text(config_text(example, base, workdir / "example.db"), encoding="utf-8")
        config, rulesets = api.load(path)
        as_of = api.parse_as_of(f"{EXAMPLE_AS_OF.isoformat()}T09:00", config.tz)
        results = []
        with api.open_store(config) as store:
            for _ in range(example.repeat):
                results.append(await run_audit(config, rulesets, store, as_of=as_of))
    return base, results
