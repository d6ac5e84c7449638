"""Completeness (issue 15) against real servers: a dead home page fails the site, every column
is read to its end within its page cap, the daily cadence check keeps its short look-back,
and each run says what it read and what it could not."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from aiohttp import web

from auditor import api
from auditor.audit import run_audit
from auditor.cadence import run_cadence_check
from auditor.report.data import load_run_report
from auditor.report.html import render_html
from tests.httpserver import free_port, serve

AS_OF_TEXT = "2026-11-28T09:00"
AS_OF = date(2026, 11, 28)
HOST = "127.0.0.1"


def _config(path: Path, sites: str, *, rulesets: str = '["mengjin-2011"]', crawl: str = "") -> Path:
    text = (f'timezone = "Asia/Shanghai"\nrulesets = {rulesets}\n[storage]\nurl = "sqlite:///{path.parent / "a.db"}"\n'
            "[crawl]\nper_host_delay = 0\nper_host_concurrency = 4\nallow_private_addresses = true\n"
            f"retries = 0\ntimeout = 3\nhome_retry_span = 1\n{crawl}\n{sites}")
    path.write_text(text, encoding="utf-8")
    return path


def _site(site_id: str, url: str, columns: list[tuple[str, str, str, str]] = ()) -> str:
    text = f'[[sites]]\nid = "{site_id}"\nname = "测试 {site_id}"\nurl = "{url}"\nkind = "department"\n'
    for column_id, name, column_url, kind in columns:
        text += f'  [[sites.columns]]\n  id = "{column_id}"\n  name = "{name}"\n  url = "{column_url}"\n  kind = "{kind}"\n'
    return text


async def _audit(path: Path, *, cadence: bool = False):
    config, rulesets = api.load(path)
    as_of = api.parse_as_of(AS_OF_TEXT, config.tz)
    with api.open_store(config) as store:
        run = run_cadence_check if cadence else run_audit
        result = await run(config, rulesets, store, as_of=as_of)
        html = render_html(load_run_report(store, config, run_id=result.run.id)) if not cadence else ""
    return result, html


def _site_app(pages: dict[str, str]) -> web.Application:
    """A site answering each route with its fixed HTML."""
    app = web.Application()
    for route, text in pages.items():
        async def answer(request, text: str = text) -> web.Response:
            return web.Response(content_type="text/html", text=text)
        app.router.add_get(route, answer)
    return app


# -- a dead home page ---------------------------------------------------------------------------

async def test_a_refused_home_page_is_the_critical_problem_and_fails_the_site(tmp_path) -> None:
    port = free_port("127.0.0.61")
    dead = f"http://127.0.0.61:{port}/"

    app = _site_app({"/": '<title>首页</title><a href="/news/">要闻</a>', "/1.html": "<title>要闻</title>",
                     "/news/": f'<li><a href="/1.html">要闻</a><span>{AS_OF}</span></li>'})
    async with serve(app, "127.0.0.62") as alive:
        path = _config(tmp_path / "auditor.toml",
                       _site("dead", dead, [("news", "要闻", f"{dead}news/", "news")])
                       + _site("alive", alive.url("/"), [("news", "要闻", alive.url("/news/"), "news")]),
                       rulesets='["mengjin-2011", "gov-cn-2019"]')
        result, html = await _audit(path)

    problems = [v for v in result.violations if v.check == "site.availability"]
    assert [(v.site, v.url, v.severity, v.veto) for v in problems] == [("dead", dead, "critical", True)]
    assert problems[0].message.startswith("首页无法访问（连接被拒绝）")
    assert {(r.ruleset, r.rule) for r in problems[0].rules} == {
        ("mengjin-2011", "home-reachable"), ("gov-cn-2019", "home-unavailable-at-audit")}
    assert problems[0].evidence["attempts"] == 5  # the first try and four more, spread over home_retry_span
    assert problems[0].evidence["seconds"] >= 1.0
    scores = {(s.site, s.ruleset): s for s in result.scores}
    assert scores[("dead", "mengjin-2011")].veto and scores[("dead", "gov-cn-2019")].veto
    assert scores[("dead", "mengjin-2011")].rank > scores[("alive", "mengjin-2011")].rank
    assert not scores[("alive", "mengjin-2011")].veto
    coverage = {c.site: c for c in result.coverage}
    assert not coverage["dead"].home_read and coverage["alive"].home_read
    assert "首页未能读取" in coverage["dead"].gaps()
    assert "首页无法访问" in html and "检查范围" in html


async def test_a_home_page_answering_after_a_restart_is_not_dead(tmp_path) -> None:
    asked = []

    async def home(request):
        asked.append(request.path)
        if len(asked) <= 2:  # the web server is restarting
            return web.Response(status=502, text="Bad Gateway")
        return web.Response(content_type="text/html", text="<title>首页</title>")

    app = web.Application()
    app.router.add_get("/", home)
    async with serve(app, HOST) as site:
        result, _ = await _audit(_config(tmp_path / "auditor.toml", _site("s", site.url("/"))))
    assert len(asked) == 3
    assert not [v for v in result.violations if v.check == "site.availability"]
    assert result.coverage[0].home_read


# -- every column to its end, within its cap ------------------------------------------------------

def _deep_column_app(pages: int, *, old_on: int) -> tuple[web.Application, list[str]]:
    """A TRS column of `pages` list pages, five items each, 30 days apart; the last item of page
    `old_on` (counted from 1) is from 2016."""
    fetched: list[str] = []

    async def listing(request):
        index = int(request.match_info.get("n") or 0)
        fetched.append(request.path)
        items = []
        for i in range(5):
            day = AS_OF - timedelta(days=(index * 5 + i) * 4)
            if index == old_on - 1 and i == 4:
                day = date(2016, 6, 1)
            items.append(f'<li><a href="./{day:%Y%m}/t{day:%Y%m%d}_{index * 5 + i}.html">专项工作简报</a>'
                         f"<span>{day.isoformat()}</span></li>")
        pager = f'<script>createPageHTML({pages}, {index}, "index", "html");</script>'
        return web.Response(content_type="text/html", text=f"<ul>{''.join(items)}</ul>{pager}")

    app = _site_app({"/": '<title>首页</title><a href="/zxgz/">专项工作</a>',
                     "/zxgz/{month}/{name}.html": "<title>简报</title><p>正文</p>"})
    app.router.add_get("/zxgz/", listing)
    app.router.add_get("/zxgz/index_{n}.html", listing)
    return app, fetched


async def test_a_column_is_read_to_its_last_page_and_the_old_item_there_is_found(tmp_path) -> None:
    app, fetched = _deep_column_app(9, old_on=9)
    async with serve(app, HOST) as site:
        column = [("zxgz", "专项工作", site.url("/zxgz/"), "other")]
        result, _ = await _audit(_config(tmp_path / "auditor.toml", _site("s", site.url("/"), column)))
    outdated = [v for v in result.violations if v.check == "content.outdated"]
    assert [v.url for v in outdated] == [site.url("/zxgz/201606/t20160601_44.html")]
    assert sorted(set(fetched)) == sorted({"/zxgz/", *(f"/zxgz/index_{n}.html" for n in range(1, 9))})
    [column_read] = result.coverage[0].columns
    assert (column_read.list_pages, column_read.items, column_read.capped) == (9, 45, False)


async def test_the_page_cap_stops_a_column_and_says_so(tmp_path) -> None:
    app, fetched = _deep_column_app(30, old_on=30)
    async with serve(app, HOST) as site:
        column = [("zxgz", "专项工作", site.url("/zxgz/"), "other")]
        path = _config(tmp_path / "auditor.toml", _site("s", site.url("/"), column), crawl="max_column_pages = 6")
        result, html = await _audit(path)
    assert len(set(fetched)) == 6
    assert not [v for v in result.violations if v.check == "content.outdated"]  # beyond the cap: never guessed
    assert result.coverage[0].columns[0].capped
    assert any("读到 6 页上限" in gap for gap in result.coverage[0].gaps())
    [unjudged] = [u for u in result.unverified_checks if u.check == "content.outdated"]
    assert unjudged.url == site.url("/zxgz/") and "抓取上限" in unjudged.reason
    assert "读到 6 页上限" in html


async def test_the_daily_cadence_check_keeps_its_short_look_back(tmp_path) -> None:
    app, fetched = _deep_column_app(12, old_on=12)
    async with serve(app, HOST) as site:
        column = [("news", "要闻", site.url("/zxgz/"), "news")]
        result, _ = await _audit(_config(tmp_path / "auditor.toml", _site("s", site.url("/"), column)), cadence=True)
    # the ruleset's longest cadence look-back is 46 days (a 15-day window + the 30-day deadline of
    # notices and documents, + 1): items are 4 days apart, five a page, so 3 of the 12 pages
    assert len(set(fetched)) == 3
    assert result.coverage[0].columns[0].list_pages == len(set(fetched))


async def test_the_coverage_is_in_the_json_kept_with_the_run_and_escaped_in_the_report(tmp_path) -> None:
    app, _ = _deep_column_app(4, old_on=1)
    async with serve(app, HOST) as site:
        column = [("zxgz", "<b>专项</b>工作", site.url("/zxgz/"), "other")]
        path = _config(tmp_path / "auditor.toml", _site("s", site.url("/"), column), crawl="max_column_pages = 3")
        result, html = await _audit(path)
        config, _ = api.load(path)
        with api.open_store(config) as store:
            stored = store.coverage(result.run.id)
    document = api.as_json(result)
    [site_coverage] = document["coverage"]
    assert (site_coverage["columns"], site_coverage["list_pages"], site_coverage["items"]) == (1, 3, 15)
    assert site_coverage["column_detail"][0] == {"column": "zxgz", "name": "<b>专项</b>工作", "list_pages": 3,
                                                 "items": 15, "capped": True, "reachable": True}
    assert site_coverage["not_read"] == ["栏目“<b>专项</b>工作”读到 3 页上限，更早的列表页未读"]
    assert stored == result.coverage
    assert "&lt;b&gt;专项&lt;/b&gt;工作" in html and "<b>专项</b>" not in html
