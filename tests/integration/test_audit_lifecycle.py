"""Violation lifecycle across real audits: new, open, resolved; a one-site audit touches one site."""

from __future__ import annotations

from datetime import date, timedelta

from auditor import api
from auditor.audit import run_audit
from tests.httpserver import PAGES_KEY, Page, make_app, serve

AS_OF = date(2026, 11, 28)


def news_page(days: list[int]) -> Page:
    items = "".join(
        f'<li><a href="/news/{n}.html">第{n}条动态</a><span>{(AS_OF - timedelta(days=n)).isoformat()}</span></li>'
        for n in days
    )
    return Page(f'<html><head><title>要闻</title></head><body><ul class="list">{items}</ul></body></html>')


def site_pages() -> dict[str, Page]:
    pages = {
        "/": Page('<html><head><title>首页</title></head><body><a href="/news/">要闻</a><a href="/gone.html">旧链接</a></body></html>'),
        "/news/": news_page([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
    }
    pages.update({f"/news/{n}.html": Page(f"<html><body>第{n}条</body></html>") for n in range(20)})
    return pages


def config_text(sites: list[tuple[str, str]]) -> str:
    text = 'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///life.db"\n[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\n'
    for site_id, url in sites:
        text += (
            f'\n[[sites]]\nid = "{site_id}"\nname = "{site_id}镇人民政府"\nurl = "{url}"\nkind = "town"\n'
            f'  [[sites.columns]]\n  id = "news"\n  name = "{site_id}要闻"\n  url = "{url}news/"\n  kind = "news"\n'
        )
    return text


async def audit(config, rulesets, store, site_ids=None):
    return await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28T09:00", config.tz), site_ids=site_ids)


async def test_fixed_problems_resolve_and_one_site_audits_touch_one_site(tmp_path):
    app_a, app_b = make_app(site_pages()), make_app(site_pages())
    async with serve(app_a, "127.0.0.61") as a, serve(app_b, "127.0.0.62") as b:
        (tmp_path / "auditor.toml").write_text(config_text([("a", a.url("/")), ("b", b.url("/"))]), encoding="utf-8")
        config, rulesets = api.load(tmp_path / "auditor.toml")
        with api.open_store(config) as store:
            first = await audit(config, rulesets, store)
            broken = {(v.site, v.check): v for v in first.violations}
            assert broken[("a", "link.broken")].status == "new"
            assert broken[("b", "link.broken")].url == b.url("/gone.html")
            assert all(v.status == "new" for v in first.violations)

            second = await audit(config, rulesets, store)
            assert {v.id for v in second.violations} == {v.id for v in first.violations}
            assert {v.status for v in second.violations} == {"open"}

            # both sites fix the link; only site a is audited again
            _add_page(app_a, "/gone.html")
            _add_page(app_b, "/gone.html")
            third = await audit(config, rulesets, store, site_ids=["a"])
            states = {(v.site, v.check): v.status for v in third.violations}
            assert states == {("a", "link.broken"): "resolved"}
            still = {(v.site, v.check): v.status for v in store.violations(site="b")}
            assert still[("b", "link.broken")] == "open"

            # the problem comes back: the same id, reported as new again
            _remove_page(app_a, "/gone.html")
            fourth = await audit(config, rulesets, store, site_ids=["a"])
            again = next(v for v in fourth.violations if v.check == "link.broken")
            assert again.id == broken[("a", "link.broken")].id and again.status == "new"


def _pages(app):
    return app[PAGES_KEY]


def _add_page(app, path):
    _pages(app)[path] = Page("<html><body>恢复</body></html>")


def _remove_page(app, path):
    _pages(app).pop(path, None)
