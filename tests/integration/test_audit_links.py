"""R5 through whole audits: a county link column with wrong, broken and unverified links,
the evidence a unit gets, what is reported apart, and verdicts reused by the next run."""

from __future__ import annotations

from auditor import api
from auditor.audit import run_audit
from tests.httpserver import Page, make_app, serve

FRIENDS = {  # link text on the county's link column -> path on the outside host
    "县教育局": "/",  # the domain lapsed: a company's site now
    "县文化广电和旅游局": "/wl.html",
    "县卫生健康委员会": "/status/403",  # refuses robots: unverified, never broken
    "县档案馆": "/status/404",
}


def page(title: str, body: str = "") -> Page:
    return Page(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>")


def outside_pages() -> dict[str, Page]:
    return {"/": page("鑫源科技有限公司", "<p>专业生产各类五金配件。</p>"), "/wl.html": page("县文化广电和旅游局")}


def county_pages(outside: str, casino: str) -> dict[str, Page]:
    friends = "".join(f'<li><a href="{outside}{path}">{text}</a></li>' for text, path in FRIENDS.items())
    friends += f'<li><a href="{casino}/">清河旅游网</a></li>'
    return {
        "/": page("清河县人民政府", '<a href="/wzlj/">网站链接</a><a href="/a.html">一篇文章</a>'),
        "/wzlj/": page("网站链接", f"<ul>{friends}</ul>"),
        # an ordinary page of the county portal: R5 does not cover it, so its dead link is not reported
        "/a.html": page("一篇文章", f'<a href="{outside}/status/410">旧链接</a><a href="{casino}/x">广告</a>'),
    }


def config_text(url: str) -> str:
    return (
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///links.db"\n'
        "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\n"
        f'\n[[sites]]\nid = "portal"\nname = "清河县人民政府"\nurl = "{url}"\nkind = "county"\n'
        f'  [[sites.columns]]\n  id = "links"\n  name = "网站链接"\n  url = "{url}wzlj/"\n  kind = "links"\n'
    )


async def test_link_column_problems_with_evidence_and_reuse(tmp_path):
    casino_page = page("葡京娱乐城_在线博彩", "<p>真人荷官 百家乐 注册送彩金</p>")
    outside_app = make_app(outside_pages())
    async with serve(outside_app, "127.0.0.64") as outside, \
            serve(make_app({"/": casino_page, "/x": casino_page}), "127.0.0.65") as casino:
        county_app = make_app(county_pages(outside.url("").rstrip("/"), casino.url("").rstrip("/")))
        async with serve(county_app, "127.0.0.63") as county:
            (tmp_path / "auditor.toml").write_text(config_text(county.url("/")), encoding="utf-8")
            config, rulesets = api.load(tmp_path / "auditor.toml")
            as_of = api.parse_as_of("2026-11-28T09:00", config.tz)
            with api.open_store(config) as store:
                first = await run_audit(config, rulesets, store, as_of=as_of)
                outside_gets_after_first = outside.log.paths("GET").copy()
                second = await run_audit(config, rulesets, store, as_of=as_of)
                outside_gets = outside.log.paths("GET")[len(outside_gets_after_first):]
                document = api.as_json(first, config.tz)

    links = {(v.check, v.url): v for v in first.violations if v.check.startswith("link.")}
    mismatch = links[("link.wrong", outside.url("/"))]
    assert mismatch.message == (
        f"链接错误：{outside.url('/')} 指向的页面与链接不符（页面标题“鑫源科技有限公司”与链接文字不符），"
        f"见于 {county.url('/wzlj/')}「县教育局」（规定每半月检查，确保没有错误链接）"
    )
    assert mismatch.evidence["title"] == "鑫源科技有限公司" and mismatch.evidence["status"] == 200
    assert mismatch.evidence["sources"] == [{"page": county.url("/wzlj/"), "text": "县教育局", "element": "a"}]
    gambling = links[("link.wrong", casino.url("/"))]
    assert "页面含赌博内容" in gambling.message and gambling.evidence["error"] == "gambling"
    assert links[("link.broken", outside.url("/status/404"))].evidence["status"] == 404
    # the 403 is reported apart; the ordinary page's dead and gambling links are out of R5's scope
    assert set(links) == {
        ("link.wrong", outside.url("/")), ("link.wrong", casino.url("/")), ("link.broken", outside.url("/status/404")),
    }
    assert [(u["url"], u["outcome"], u["status"]) for u in document["unverified_links"]] == [
        (outside.url("/status/403"), "unverified", 403),
    ]
    assert document["unverified_links"][0]["sources"] == [{"page": county.url("/wzlj/"), "text": "县卫生健康委员会"}]
    # targets wrong in themselves: the casino's two pages; a title that contradicts one link's
    # text is that link's problem, so the company's site counts as an ok target
    assert document["link_outcomes"]["wrong"] == 2
    assert document["link_outcomes"]["reused"] == 0

    # the next run asks again for what failed or was wrong, and reuses yesterday's ok verdicts
    assert second.link_outcomes["reused"] >= 1
    assert "/wl.html" in outside_gets_after_first and "/wl.html" not in outside_gets
    assert outside_gets.count("/status/404") >= 1 and outside_gets.count("/status/403") >= 1
    # the company's site answered ok and is reused: its title, kept with the verdict, still
    # contradicts the link text, so the violation stays open without asking again
    assert "/" not in outside_gets
    assert {v.id for v in second.violations} == {v.id for v in first.violations}
    assert {v.status for v in second.violations if v.check.startswith("link.")} == {"open"}


async def test_reuse_can_be_turned_off(tmp_path):
    async with serve(make_app(outside_pages()), "127.0.0.64") as outside:
        county_app = make_app({"/": page("首页", f'<a href="{outside.url("/wl.html")}">县文化广电和旅游局</a>')})
        async with serve(county_app, "127.0.0.63") as county:
            text = config_text(county.url("/")).replace("[crawl]", '[links]\nreuse_within = "0h"\n[crawl]')
            (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
            config, rulesets = api.load(tmp_path / "auditor.toml")
            as_of = api.parse_as_of("2026-11-28T09:00", config.tz)
            with api.open_store(config) as store:
                await run_audit(config, rulesets, store, as_of=as_of)
                second = await run_audit(config, rulesets, store, as_of=as_of)
        assert outside.log.paths("GET").count("/wl.html") == 2
        assert second.link_outcomes["reused"] == 0



async def test_targets_outside_the_audited_sites_are_checked_while_the_crawl_goes_on(tmp_path):
    pages = {f"/p{n}.html": page(f"第{n}页", f'<a href="/p{n + 1}.html">下</a>') for n in range(1, 8)}
    async with serve(make_app(outside_pages()), "127.0.0.64") as outside:
        pages["/"] = page("首页", f'<a href="/p1.html">1</a><a href="{outside.url("/wl.html")}">县文化广电和旅游局</a>')
        async with serve(make_app(pages), "127.0.0.63") as county:
            text = config_text(county.url("/")).replace("per_host_delay = 0", "per_host_delay = 0.1")
            (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
            config, rulesets = api.load(tmp_path / "auditor.toml")
            with api.open_store(config) as store:
                result = await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28", config.tz))
        checked = next(r.start for r in outside.log if r.path == "/wl.html")
        last_page = max(r.start for r in county.log if r.path.startswith("/p"))
    assert result.link_outcomes["ok"] >= 9
    assert checked < last_page  # asked before the crawl of the county's pages had ended
