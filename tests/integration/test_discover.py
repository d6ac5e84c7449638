"""`auditor discover`: columns proposed from small real sites in the shapes of the real CMSs.

Each site is served on 127.0.0.1 (tests.httpserver): TRS (`./xxgk/` catalogue, `t2026…html`
items), Hanweb (`/col/col1201/index.html`, jpage `<datastore>` lists, `/art/…` items), ASP
(`list.asp?classid=`, `show.asp?id=`), SiteServer (`/channels/12.html`, `/contents/12/3.html`)
and a hand-made site whose menu is written by script (document.write and a JS array).
"""

from __future__ import annotations

import asyncio
import sys
import tomllib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from auditor.config import CrawlConfig, parse_config
from auditor.discover import proposal_toml
from auditor.discover.walk import SiteProposal, discover_site
from auditor.urls import crawl_key
from tests.httpserver import PAGES_KEY, Page, make_app, serve

AS_OF = date(2026, 11, 28)
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, timeout=10, retries=0, allow_private_addresses=True)
QUICK_CONFIG = """rulesets = ["mengjin-2011"]
[storage]
url = "sqlite:///{db}"
[crawl]
per_host_delay = 0
per_host_concurrency = 4
timeout = 10
retries = 0
allow_private_addresses = true
"""


def day(n: int) -> str:
    return (AS_OF - timedelta(days=n)).isoformat()


def shell(title: str, nav: str, body: str, head: str = "") -> Page:
    return Page(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_示例县人民政府</title>{head}</head>"
                f"<body><div class='header'><h1>示例县人民政府</h1></div>{nav}<div class='main'>{body}</div>"
                "<div class='footer'>主办单位：示例县人民政府办公室</div></body></html>")


def dated_rows(hrefs: list[str], title: str, extra: str = "") -> str:
    rows = "".join(f"<li><a href='{href}' title='{title}{n}'>{title}{n}</a>{extra}<span class='date'>{day(n)}</span></li>"
                   for n, href in enumerate(hrefs, 1))
    return f"<div class='list'><ul>{rows}</ul></div>"


def document_page(nav: str, n: int) -> Page:
    table = (f"<table class='xxgk'><tr><th>索引号</th><td>11410322MB1234567X/2026-{n:05d}</td><th>发布机构</th><td>示例县政府办</td></tr>"
             f"<tr><th>成文日期</th><td>{day(n + 3)}</td><th>发布日期</th><td>{day(n)}</td></tr></table>")
    return shell(f"关于印发第{n}号文件的通知", nav, f"{table}<h1>关于印发第{n}号文件的通知</h1><p>各乡镇人民政府：现印发。</p>")


def letters_list(hrefs: list[str]) -> str:
    rows = "".join(f"<li><a href='{href}'>关于小区供暖问题的咨询{n}</a><span class='zt'>{'已回复' if n % 2 else '办理中'}</span>"
                   f"<span class='date'>{day(n)}</span></li>" for n, href in enumerate(hrefs, 1))
    return f"<div class='list'><ul>{rows}</ul></div>"


def letter_page(nav: str) -> Page:
    return shell("关于小区供暖问题的咨询", nav,
                 f"<table><tr><td>来信标题：</td><td>关于小区供暖问题的咨询</td></tr><tr><td>来信时间：</td><td>{day(9)}</td></tr>"
                 "<tr><td>来信内容：</td><td>小区至今未供暖。</td></tr><tr><td>办理状态：</td><td>已回复</td></tr>"
                 f"<tr><td>回复单位：</td><td>县住建局</td></tr><tr><td>回复时间：</td><td>{day(5)}</td></tr>"
                 "<tr><td>回复内容：</td><td>已督促供热公司处理。</td></tr></table>")


def leaders_list(hrefs: list[str]) -> str:
    people = ("张国强 县长", "李明 副县长", "王芳 副县长")
    rows = "".join(f"<li><a href='{href}'><img src='/images/ld{n}.jpg' alt=''>{who}</a></li>" for n, (href, who) in
                   enumerate(zip(hrefs, people, strict=False), 1))
    return f"<div class='ldlist'><ul>{rows}</ul></div>"


def leader_page(nav: str) -> Page:
    return shell("张国强", nav, "<div class='ld'><img src='/images/ld1.jpg'><p>姓名：张国强</p><p>职务：县长</p>"
                 "<p>工作分工：主持县政府全面工作。</p><p>简历：张国强，男，汉族，1972年生。</p></div>")


OFFSITE = "".join(f"<li><a href='http://www.site{n}.gov.cn/' target='_blank'>示例{n}县人民政府</a></li>" for n in range(6))


# -- the sites: pages, and the columns a person would configure (url path, kind) ------------------------------------


def trs_site() -> tuple[dict[str, Page], dict[str, str]]:
    nav = ("<div class='nav'><ul><li><a href='/'>首页</a></li><li><a href='/xwzx/gzdt/'>工作动态</a></li>"
           "<li><a href='/xxgk/'>政府信息公开</a></li><li><a href='/hdjl/xjxx/'>县长信箱</a></li>"
           "<li><a href='/wzlj/'>网站链接</a></li></ul></div>")
    tree = ("<ul class='tree'><li><a href='./tzgg/'>通知公告</a></li><li><a href='./zfwj/'>政府文件</a></li>"
            "<li><a href='./ldxx/'>领导信息</a></li><li><a href='./zcjd/'>政策解读</a></li>"
            "<li><a href='../xxgkzn/'>政府信息公开指南</a></li></ul>")
    items = {key: [f"./202611/t202611{n:02d}_{900 + n}.html" for n in range(1, 6)] for key in ("gzdt", "tzgg", "zfwj", "zcjd")}
    pages = {
        "/": shell("首页", nav, "<div class='block'><h2>工作动态</h2>" + dated_rows(
            [f"/xwzx/gzdt/202611/t202611{n:02d}_{900 + n}.html" for n in range(1, 4)], "县长调研") + "</div>"),
        "/xwzx/gzdt/": shell("工作动态", nav, dated_rows(items["gzdt"], "县长到乡镇调研秋粮收购工作")),
        "/xxgk/": shell("政府信息公开", nav, tree + "<p>法定主动公开内容</p>"),
        "/xxgkzn/": shell("政府信息公开指南", nav, "<h1>政府信息公开指南</h1><p>一、公开的主体和范围……</p>"),
        "/xxgk/tzgg/": shell("通知公告", nav, tree + dated_rows(items["tzgg"], "关于冬季防火的通知")),
        "/xxgk/zfwj/": shell("政府文件", nav, tree + dated_rows(items["zfwj"], "关于印发实施方案的通知")),
        "/xxgk/ldxx/": shell("领导信息", nav, tree + leaders_list(["./zgq.html", "./lm.html", "./wf.html"])),
        "/xxgk/zcjd/": shell("政策解读", nav, tree + dated_rows(items["zcjd"], "一图读懂实施方案")),
        "/hdjl/xjxx/": shell("县长信箱", nav, letters_list([f"./letter_{n}.html" for n in range(1, 6)])),
        "/wzlj/": shell("网站链接", nav, f"<div class='links'><ul>{OFFSITE}</ul></div>"),
        "/xxgk/ldxx/zgq.html": leader_page(nav),
        "/hdjl/xjxx/letter_1.html": letter_page(nav),
    }
    for n in range(1, 6):
        pages[f"/xxgk/zfwj/202611/t202611{n:02d}_{900 + n}.html"] = document_page(nav, n)
    expected = {"/xwzx/gzdt/": "news", "/xxgk/tzgg/": "notices", "/xxgk/zfwj/": "documents", "/xxgk/ldxx/": "leaders",
                "/xxgk/zcjd/": "other", "/hdjl/xjxx/": "mailbox", "/wzlj/": "links"}
    return pages, expected


def hanweb_site() -> tuple[dict[str, Page], dict[str, str]]:
    nav = ("<div class='nav'><a href='/index.html'>网站首页</a><a href='/col/col1201/index.html'>镇村动态</a>"
           "<a href='/col/col1202/index.html'>通知公告</a><a href='/col/col1203/index.html'>镇长信箱</a>"
           "<a href='/col/col1204/index.html'>办事指南</a></div>")

    def jpage(column: int, title: str) -> str:
        records = "".join(f"<record><![CDATA[<li><a href=\"/art/2026/11/{n}/art_{column}_{50 + n}.html\" title=\"{title}{n}\">"
                          f"{title}{n}</a><span>{day(n)}</span></li>]]></record>" for n in range(1, 8))
        return (f"<div id='5678'><script type='text/xml'><datastore><nextgroup><![CDATA[<a href=\"/module/web/jpage/"
                f"dataproxy.jsp?page=1&webid=2&columnid={column}\"></a>]]></nextgroup><recordset>{records}</recordset>"
                f"</datastore></script></div><script>$('#5678').jpage({{totalRecord: 7, perPage: 15}});</script>")

    guides = "".join(f"<li><a href='/art/2026/10/{n}/art_1204_{70 + n}.html'>城乡居民养老保险登记{n}</a></li>" for n in range(1, 5))
    pages = {
        "/": shell("首页", nav, "<p>欢迎</p>"),
        "/col/col1201/index.html": shell("镇村动态", nav, jpage(1201, "镇领导督导秸秆禁烧工作")),
        "/col/col1202/index.html": shell("通知公告", nav, jpage(1202, "关于开展安全生产检查的通知")),
        "/col/col1203/index.html": shell("镇长信箱", nav, letters_list([f"/art/2026/11/{n}/art_1203_{80 + n}.html"
                                                                      for n in range(1, 5)])),
        "/col/col1204/index.html": shell("办事指南", nav, f"<ul class='bszn'>{guides}</ul>"),
    }
    expected = {"/col/col1201/index.html": "news", "/col/col1202/index.html": "notices",
                "/col/col1203/index.html": "mailbox", "/col/col1204/index.html": "services"}
    return pages, expected


def asp_site() -> tuple[dict[str, Page], dict[str, str]]:
    nav = ("<table class='menu'><tr><td><a href='index.asp'>首 页</a></td><td><a href='list.asp?classid=1'>新闻资讯</a></td>"
           "<td><a href='list.asp?classid=2'>公示公告</a></td><td><a href='list.asp?classid=3'>规范性文件</a></td>"
           "<td><a href='list.asp?classid=4'>人事任免</a></td></tr></table>")

    def rows(start: int, title: str) -> str:
        cells = "".join(f"<tr><td><a href='show.asp?id={start + n}'>{title}{n}</a></td><td>{day(n)}</td></tr>" for n in range(1, 6))
        return f"<table class='newslist'>{cells}</table>"

    pages = {
        "/": shell("首页", nav, "<p>欢迎</p>"),
        "/list.asp?classid=1": shell("新闻资讯", nav, rows(100, "局长带队检查安全生产")),
        "/list.asp?classid=2": shell("公示公告", nav, rows(200, "拟录用人员名单公示")),
        "/list.asp?classid=3": shell("规范性文件", nav, rows(300, "关于印发管理办法的通知")),
        "/list.asp?classid=4": shell("人事任免", nav, rows(400, "关于张三同志任职的通知")),
    }
    for n in range(1, 6):
        pages[f"/show.asp?id={300 + n}"] = document_page(nav, n)
    expected = {"/list.asp?classid=1": "news", "/list.asp?classid=2": "notices", "/list.asp?classid=3": "documents",
                "/list.asp?classid=4": "personnel"}
    return pages, expected


def siteserver_site() -> tuple[dict[str, Page], dict[str, str]]:
    nav = ("<ul id='menu'><li><a href='/index.html'>首页</a></li><li><a href='/channels/12.html'>政务动态</a></li>"
           "<li><a href='/channels/13.html'>规划计划</a></li><li><a href='/channels/14.html'>政府信息公开年报</a></li>"
           "<li><a href='/channels/15.html'>领导之窗</a></li></ul>")

    def contents(channel: int, title: str) -> str:
        return dated_rows([f"/contents/{channel}/{500 + n}.html" for n in range(1, 5)], title)

    pages = {
        "/": shell("首页", nav, "<p>欢迎</p>"),
        "/channels/12.html": shell("政务动态", nav, contents(12, "全县召开经济运行分析会")),
        "/channels/13.html": shell("规划计划", nav, contents(13, "2026年工作计划")),
        "/channels/14.html": shell("政府信息公开年报", nav, contents(14, "2025年政府信息公开工作年度报告")),
        "/channels/15.html": shell("领导之窗", nav, leaders_list(["/contents/15/601.html", "/contents/15/602.html",
                                                               "/contents/15/603.html"])),
        "/contents/15/601.html": leader_page(nav),
    }
    expected = {"/channels/12.html": "govinfo", "/channels/13.html": "plans", "/channels/14.html": "reports",
                "/channels/15.html": "leaders"}
    return pages, expected


def script_menu_site() -> tuple[dict[str, Page], dict[str, str]]:
    written = ("<script>document.write('<ul class=\"nav\">' + '<li><a href=\"/news/index.htm\">新闻中心</a></li>');"
               "document.write(\"<li><a href='/xxgk/gfxwj/index.htm'>政策文件</a></li></ul>\");</script>")
    array = ("<script>var menus = [{name: '通知公告', url: '/tzgg/index.htm'}, {name: '局长信箱', url: '/xx/index.htm'}];"
             "for (var i = 0; i < menus.length; i++) { document.write('<a href=\"' + menus[i].url + '\">' + menus[i].name + '</a>'); }"
             "</script>")
    nav = written + array

    def listing(folder: str, title: str) -> str:
        return dated_rows([f"/{folder}/content/{700 + n}.htm" for n in range(1, 5)], title)

    pages = {
        "/": shell("首页", nav, "<p>欢迎</p>"),
        "/news/index.htm": shell("新闻中心", nav, listing("news", "局长调研督导工作")),
        "/xxgk/gfxwj/index.htm": shell("政策文件", nav, listing("xxgk/gfxwj", "关于印发办法的通知")),
        "/tzgg/index.htm": shell("通知公告", nav, listing("tzgg", "关于放假安排的通知")),
        "/xx/index.htm": shell("局长信箱", nav, letters_list([f"/xx/content/{800 + n}.htm" for n in range(1, 4)])),
    }
    expected = {"/news/index.htm": "news", "/xxgk/gfxwj/index.htm": "documents", "/tzgg/index.htm": "notices",
                "/xx/index.htm": "mailbox"}
    return pages, expected


async def discover_served(pages: dict[str, Page], **kwargs: object) -> tuple[str, SiteProposal]:
    async with serve(make_app(pages, robots="User-agent: *\nAllow: /\n")) as server:
        proposal = await discover_site(server.url("/"), crawl=CRAWL, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
        return server.url(""), proposal


def assert_proposes(base: str, proposal: SiteProposal, expected: dict[str, str]) -> None:
    found = {crawl_key(column.url): column for column in proposal.columns}
    for path, kind in expected.items():
        column = found.get(crawl_key(base + path))
        assert column is not None, f"{path} not proposed; got {[c.url for c in proposal.columns]}"
        assert column.kind == kind, f"{path}: {column.kind} ({column.evidence}), expected {kind}"
        assert 0 < column.confidence <= 1 and column.evidence


async def test_trs_site_with_a_catalogue_tree() -> None:
    pages, expected = trs_site()
    base, proposal = await discover_served(pages)
    assert_proposes(base, proposal, expected)
    by_path = {column.url.removeprefix(base): column for column in proposal.columns}
    assert "/xxgkzn/" not in by_path and "/xxgk/" not in by_path  # the catalogue and the guide are no columns
    assert any("索引号" in e for e in by_path["/xxgk/zfwj/"].evidence)
    assert any("来信" in e for e in by_path["/hdjl/xjxx/"].evidence)
    assert any("外站" in e for e in by_path["/wzlj/"].evidence)
    assert by_path["/xxgk/zcjd/"].uncertain and not by_path["/xxgk/tzgg/"].uncertain
    snippet = proposal_toml(proposal)
    marked = snippet.split('name = "政策解读"')[0].rsplit("[[sites.columns]]", 1)[1]
    assert "# 请确认" in marked
    assert snippet.count("# 请确认") == sum(column.uncertain for column in proposal.columns)


async def test_hanweb_site_with_jpage_lists() -> None:
    pages, expected = hanweb_site()
    base, proposal = await discover_served(pages)
    assert_proposes(base, proposal, expected)
    news = next(c for c in proposal.columns if c.url.endswith("/col/col1201/index.html"))
    assert news.dated == 7 and news.id == "col1201"


async def test_asp_site_with_classid_lists() -> None:
    pages, expected = asp_site()
    base, proposal = await discover_served(pages)
    assert_proposes(base, proposal, expected)
    assert {c.id for c in proposal.columns} >= {"classid-1", "classid-3"}


async def test_siteserver_site_with_channels() -> None:
    pages, expected = siteserver_site()
    base, proposal = await discover_served(pages)
    assert_proposes(base, proposal, expected)
    assert "channels-12" in {c.id for c in proposal.columns}


async def test_menu_written_by_script() -> None:
    pages, expected = script_menu_site()
    base, proposal = await discover_served(pages)
    assert_proposes(base, proposal, expected)


async def test_the_page_budget_is_kept() -> None:
    pages, _ = trs_site()
    async with serve(make_app(pages, robots="User-agent: *\nAllow: /\n")) as server:
        proposal = await discover_site(server.url("/"), crawl=CRAWL, as_of=AS_OF, max_pages=3)
        asked = [p for p in server.log.paths() if p != "/robots.txt"]
    assert proposal.pages_read == 3 and len(asked) == 3
    assert proposal.unread


async def test_robots_txt_is_obeyed() -> None:
    pages, _ = trs_site()
    async with serve(make_app(pages, robots="User-agent: *\nDisallow: /hdjl/\n")) as server:
        proposal = await discover_site(server.url("/"), crawl=CRAWL, as_of=AS_OF)
        assert not any(p.startswith("/hdjl/") for p in server.log.paths())
    assert not any("/hdjl/" in c.url for c in proposal.columns)


# -- the command --------------------------------------------------------------------------------------------------


async def run_cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "auditor.cli", *args, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_snippet_parses_passes_config_check_and_is_never_overwritten(tmp_path: Path) -> None:
    pages, expected = trs_site()
    crawl_only = tmp_path / "crawl.toml"
    crawl_only.write_text(QUICK_CONFIG.format(db=tmp_path / "a.db") + '[[sites]]\nid = "x"\nname = "x"\n'
                          'url = "http://127.0.0.1:9/"\nkind = "town"\n', encoding="utf-8")
    async with serve(make_app(pages, robots="User-agent: *\nAllow: /\n")) as server:
        code, out, err = await run_cli("discover", server.url("/"), "--config", str(crawl_only), "--site-id", "shili",
                                       cwd=tmp_path)
        assert code == 0, err
        snippet = tomllib.loads(out)
        assert "栏目名称" in err and "置信度" in err  # the table, in Chinese, on stderr
        site = snippet["sites"][0]
        assert site["id"] == "shili" and site["name"] == "示例县人民政府" and site["kind"] == "county"
        assert {c["url"].removeprefix(server.url("")) for c in site["columns"]} >= set(expected)
        config = tmp_path / "auditor.toml"
        config.write_text(QUICK_CONFIG.format(db=tmp_path / "a.db") + out, encoding="utf-8")
        parse_config(config.read_text(encoding="utf-8"), config)
        code, out, err = await run_cli("config", "check", str(config), cwd=tmp_path)
        assert code == 0, out + err
        existing = tmp_path / "new-site.toml"
        existing.write_text("# 已有内容\n", encoding="utf-8")
        code, out, err = await run_cli("discover", server.url("/"), "--out", str(existing), cwd=tmp_path)
        assert code == 2 and "不覆盖" in err
        assert existing.read_text(encoding="utf-8") == "# 已有内容\n"
        fresh = tmp_path / "fresh.toml"
        code, out, err = await run_cli("discover", server.url("/"), "--config", str(crawl_only), "--out", str(fresh),
                                       cwd=tmp_path)
        assert code == 0, err
        assert "已写入" in out and tomllib.loads(fresh.read_text(encoding="utf-8"))["sites"][0]["columns"]


async def test_check_reports_moved_vanished_and_appeared_columns(tmp_path: Path) -> None:
    pages, _ = trs_site()
    app = make_app(pages, robots="User-agent: *\nAllow: /\n")
    async with serve(app) as server:
        base = server.url("")
        proposal = await discover_site(server.url("/"), crawl=CRAWL, as_of=AS_OF, site_id="shili")
        config = tmp_path / "auditor.toml"
        config.write_text(QUICK_CONFIG.format(db=tmp_path / "a.db") + proposal_toml(proposal), encoding="utf-8")
        code, out, err = await run_cli("discover", "--check", "--config", str(config), cwd=tmp_path)
        assert code == 0, out + err
        assert "没有变化" in out

        served: dict[str, Page] = app[PAGES_KEY]
        rewrite: Callable[[str], str] = lambda html: (html.replace("./tzgg/", "./tzgg2026/")  # noqa: E731
                                                     .replace("<li><a href='/hdjl/xjxx/'>县长信箱</a></li>", "")
                                                     .replace("<li><a href='./zcjd/'>", "<li><a href='./rsrm/'>人事任免</a></li>"
                                                              "<li><a href='./zcjd/'>"))
        for path, page in list(served.items()):
            served[path] = Page(rewrite(str(page.body)))
        served["/xxgk/tzgg2026/"] = served.pop("/xxgk/tzgg/")
        del served["/hdjl/xjxx/"]
        served["/xxgk/rsrm/"] = served["/xxgk/tzgg2026/"]
        code, out, err = await run_cli("discover", "--check", "--config", str(config), "--site", "shili", cwd=tmp_path)
        assert code == 1, out + err
        assert "地址变更" in out and f"{base}/xxgk/tzgg2026/" in out  # moved: 通知公告
        assert "栏目消失" in out and "县长信箱" in out and "HTTP 404" in out  # vanished
        assert "新增栏目" in out and "人事任免" in out  # appeared
        assert "地址变更 1 个，栏目消失 1 个，新增栏目 1 个" in out


def test_demo_estate_meets_the_benchmark_targets() -> None:
    from auditor.demo import serve_estate
    from benchmarks.discovery import AS_OF as BENCH_AS_OF
    from benchmarks.discovery import KIND_TARGET, RECALL_TARGET, measure

    with serve_estate(BENCH_AS_OF) as handle:
        per_family, overall, seconds = measure(handle)
    assert set(per_family) == {"trs", "hanweb", "table"}
    assert overall.recall >= RECALL_TARGET, overall.misses
    assert overall.kind_accuracy >= KIND_TARGET, overall.misses
    assert seconds < 30
