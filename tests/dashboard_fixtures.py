"""A small estate audited for real, twice, for the dashboard tests (integration and browser).

Three sites on loopback: a town (城关镇) whose config name and page title carry
`<script>alert(1)</script>`, with a dead link whose text is `"><img src=x onerror=alert(1)>`, a
link redirected to a dead page, a link refused to bots (403: unverified), a links column
pointing at a parked page, an empty notices column and a news column gone stale; a
department whose home page answers 404 (a veto: 不合格); and a department with nothing
wrong. Two audits (2026-11-13 and 2026-11-28) give the sparklines two points and the
problems a first-seen date. Auditing it takes about a second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from auditor import api
from auditor.audit import run_audit
from auditor.config import Config
from auditor.rules import Ruleset
from auditor.serve import create_app, running
from auditor.store import Store
from tests.httpserver import Page, free_port, make_app, serve
from tests.untrusted import IMG, SCRIPT

AUDITS = ("2026-11-13T09:00", "2026-11-28T09:00")
TOWN_NAME = f"城关镇{SCRIPT}"
DEAD_NAME = "县应急管理局"
FINE_NAME = "县统计局"
SCRIPT_IN_HTML = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_IN_HTML = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


def _news(first: date, last: date, path: str) -> Page:
    days = [(first + timedelta(days=n)) for n in range((last - first).days + 1)]
    items = "".join(f'<li><a href="{path}{n}.html">第{n}条动态</a><span>{day.isoformat()}</span></li>'
                    for n, day in enumerate(days))
    return Page(f'<html><head><title>工作动态</title></head><body><ul class="list">{items}</ul></body></html>')


def town_pages(parked_url: str) -> dict[str, Page]:
    pages = {
        "/": Page(f'<html><head><title>{SCRIPT_IN_HTML}</title></head><body>'
                  f'<a href="/gone.html">{IMG_IN_HTML}</a> <a href="/old-notice.html">旧通知</a> '
                  '<a href="/status/403">内部办公系统</a> <a href="/wzlj/">友情链接</a> <a href="/tzgg/">通知公告</a> '
                  '<a href="/xwzx/">工作动态</a></body></html>'),
        "/old-notice.html": Page("", status=302, headers={"Location": "/removed/notice.html"}),
        "/wzlj/": Page(f'<html><head><title>友情链接</title></head><body><ul><li><a href="{parked_url}">县教育局</a></li>'
                       "</ul></body></html>"),
        "/tzgg/": Page("<html><head><title>通知公告</title></head><body><p>暂无</p></body></html>"),
        "/xwzx/": _news(date(2026, 11, 1), date(2026, 11, 20), "/xwzx/"),
    }
    pages.update({f"/xwzx/{n}.html": Page(f"<html><body>第{n}条</body></html>") for n in range(40)})
    return pages


def fine_pages() -> dict[str, Page]:
    pages = {
        "/": Page('<html><head><title>县统计局</title></head><body><a href="/tjxx/">统计信息</a></body></html>'),
        "/tjxx/": _news(date(2026, 10, 20), date(2026, 11, 28), "/tjxx/"),
    }
    pages.update({f"/tjxx/{n}.html": Page(f"<html><body>第{n}条</body></html>") for n in range(60)})
    return pages


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def estate_config(town: str, dead: str, fine: str, storage_url: str, extra: str = "") -> str:
    return f"""rulesets = ["mengjin-2011"]
{extra}
[storage]
url = {_toml(storage_url)}
[crawl]
per_host_delay = 0
retries = 0
home_retry_span = 0
allow_private_addresses = true

[[sites]]
id = "chengguan"
name = {_toml(TOWN_NAME)}
url = "{town}"
kind = "town"
unit = "城关镇人民政府"
  [[sites.columns]]
  id = "links"
  name = "友情链接"
  url = "{town}wzlj/"
  kind = "links"
  [[sites.columns]]
  id = "notices"
  name = {_toml("通知公告" + IMG)}
  url = "{town}tzgg/"
  kind = "notices"
  [[sites.columns]]
  id = "news"
  name = "工作动态"
  url = "{town}xwzx/"
  kind = "news"

[[sites]]
id = "yjglj"
name = "{DEAD_NAME}"
url = "{dead}"
kind = "department"

[[sites]]
id = "tjj"
name = "{FINE_NAME}"
url = "{fine}"
kind = "department"
  [[sites.columns]]
  id = "stats"
  name = "统计信息"
  url = "{fine}tjxx/"
  kind = "govinfo"
"""


@dataclass(frozen=True)
class AuditedEstate:
    path: Path  # auditor.toml
    config: Config
    rulesets: list[Ruleset]


def audit_estate(folder: Path, storage_url: str, extra: str = "") -> AuditedEstate:
    """Serve the three sites, audit them twice into `storage_url`, stop the servers."""

    async def audit() -> AuditedEstate:
        parked_app = make_app({"/": Page(f"<html><head><title>{SCRIPT_IN_HTML}</title></head><body>欢迎</body></html>")})
        async with serve(parked_app, "127.0.0.86") as parked, \
                serve(make_app(town_pages(parked.url("/"))), "127.0.0.87") as town, \
                serve(make_app({}), "127.0.0.88") as dead, serve(make_app(fine_pages()), "127.0.0.89") as fine:
            path = folder / "auditor.toml"
            path.write_text(estate_config(town.url("/"), dead.url("/"), fine.url("/"), storage_url, extra), encoding="utf-8")
            config, rulesets = api.load(path)
            with api.open_store(config) as store:
                for as_of in AUDITS:
                    await run_audit(config, rulesets, store, as_of=api.parse_as_of(as_of, config.tz))
            return AuditedEstate(path, config, rulesets)

    return asyncio.run(audit())


@contextmanager
def dashboard(estate: AuditedEstate, password: str | None = None) -> Iterator[tuple[str, Store]]:
    """The dashboard over the estate's store under a real uvicorn on 127.0.0.1; yields (base URL, store)."""
    with api.open_store(estate.config) as store, \
            running(create_app(estate.config, estate.rulesets, store, password), "127.0.0.1", free_port()) as base:
        yield base, store
