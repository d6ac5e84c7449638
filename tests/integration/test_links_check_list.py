"""`auditor links check FILE`: a list of URLs against real servers on 127.0.0.x, judged as the audit judges
link targets (broken, wrong, unverified), with no database and without the store's or the report's modules."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiohttp import web
from click.testing import CliRunner

from auditor.cli import cli
from auditor.config import CrawlConfig
from auditor.errors import AuditorError
from auditor.links import TargetPolicy, load_lexicon
from auditor.links.url_list import ListSettings, check_urls
from auditor.models import Outcome
from tests.httpserver import Page, Served, free_port, make_app, serve
from tests.mail_fixtures import CliResult

HOST, SITE_HOST = "127.0.0.121", "127.0.0.122"
ARTICLE = Page(
    "<html><head><title>关于做好冬季安全生产工作的通知</title></head><body><h1>关于做好冬季安全生产工作的通知</h1>"
    + "<p>各乡镇人民政府，县直各单位：为切实做好今冬明春安全生产工作，现将有关事项通知如下。</p>" * 20 + "</body></html>"
)
# the title carries an escape sequence: a terminal must never receive it raw
CASINO = Page(
    "<html><head><title>葡京娱乐城\x1b[2J_在线博彩_百家乐</title></head>"
    "<body><h1>澳门葡京 真人荷官</h1><p>注册送888元彩金，体育投注，老虎机。</p></body></html>"
)
GONE = Page("<html><head><title>提示信息</title></head><body><h2>您访问的页面不存在</h2></body></html>")
PAGES = {"/ok.html": ARTICLE, "/casino.html": CASINO, "/gone.html": GONE}


@contextmanager
def served_in_thread(app: web.Application, host: str) -> Iterator[Served]:
    """`serve(app)` on a loop of its own thread: the command runs its own loop (asyncio.run) in this one."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    served = serve(app, host)
    try:
        yield asyncio.run_coroutine_threadsafe(served.__aenter__(), loop).result(10)
    finally:
        asyncio.run_coroutine_threadsafe(served.__aexit__(None, None, None), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture(scope="module")
def links_host() -> Iterator[Served]:
    with served_in_thread(make_app(PAGES), HOST) as served:
        yield served


@pytest.fixture(scope="module")
def site_host() -> Iterator[Served]:
    with served_in_thread(make_app({"/about.html": ARTICLE}), SITE_HOST) as served:
        yield served


def write_config(folder: Path, site: Served, *, allow_private: bool) -> Path:
    config = folder / "office.toml"
    config.write_text(
        f'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///{folder / "never.db"}"\n'
        f"[crawl]\nper_host_delay = 0\ntimeout = 5\nretries = 0\n"
        f"allow_private_addresses = {'true' if allow_private else 'false'}\n"
        f'[[sites]]\nid = "portal"\nname = "清河县人民政府"\nurl = "{site.url("/")}"\nkind = "county"\n',
        encoding="utf-8",
    )
    return config


@pytest.fixture
def config(tmp_path: Path, site_host: Served) -> Path:
    return write_config(tmp_path, site_host, allow_private=True)


def the_list(links: Served) -> tuple[str, dict[str, str]]:
    """The list's text and the verdict each URL must get."""
    dead = f"http://{HOST}:{free_port(HOST)}/index.html"
    expected = {
        links.url("/ok.html"): "ok",
        links.url("/status/404"): "broken",
        links.url("/status/500"): "broken",
        dead: "broken",
        links.url("/casino.html"): "wrong",
        links.url("/gone.html"): "wrong",
        links.url("/status/403"): "unverified",
        "mailto:office@example.gov.cn": "excluded",
        "mailto:office-at-example": "broken",
    }
    lines = ["# 友情链接（测试）", "", *expected, links.url("/ok.html") + "#top", "www.example.gov.cn/links.html",
             "清河县人民政府 http://www.example.gov.cn/"]
    return "\n".join(lines) + "\n", expected


def check(*args: str, stdin: str = "") -> CliResult:
    """`auditor links check ARGS` in this process, `stdin` its standard input, with main()'s exit codes."""
    result = CliRunner().invoke(cli, ["links", "check", *args], input=stdin.encode("utf-8"))
    if isinstance(result.exception, AuditorError):
        return CliResult(result.exception.exit_code, result.output + str(result.exception), result.stdout)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.output, result.stdout)


def test_each_url_gets_the_audits_verdict(links_host: Served, config: Path, tmp_path: Path) -> None:
    text, expected = the_list(links_host)
    listed = tmp_path / "links.txt"
    listed.write_text(text, encoding="utf-8")
    done = check(str(listed), "--config", str(config), "--format", "json")
    assert done.code == 0, done.output
    document = json.loads(done.stdout)
    verdicts = {result["url"]: result["verdict"] for result in document["results"]}
    assert verdicts == expected
    by_url = {result["url"]: result for result in document["results"]}
    assert by_url[links_host.url("/status/404")]["reason"] == "HTTP 404"
    assert by_url[links_host.url("/casino.html")]["error"] == "gambling"
    assert by_url[links_host.url("/gone.html")]["error"] == "soft 404"
    assert by_url["mailto:office-at-example"]["error"] == "bad-mailto"
    assert by_url[links_host.url("/ok.html")]["line"] == 3 and by_url[links_host.url("/ok.html")]["status"] == 200
    assert document["summary"] == {"urls": 9, "ok": 1, "broken": 4, "wrong": 2, "unverified": 1, "excluded": 1,
                                   "redirected": 0, "duplicates": 1, "bad_lines": 2}
    assert [(bad["line"], bad["reason"][:6]) for bad in document["bad_lines"]] == [(13, "不是网址：缺"), (14, "一行只能写一")]
    assert not (tmp_path / "never.db").exists()  # no database opened, none created


def test_the_same_list_gives_the_same_document_twice(links_host: Served, config: Path, tmp_path: Path) -> None:
    text, _ = the_list(links_host)
    listed = tmp_path / "links.txt"
    listed.write_text(text, encoding="utf-8")
    first = check(str(listed), "--config", str(config), "--format", "json")
    second = check(str(listed), "--config", str(config), "--format", "json")
    assert first.code == second.code == 0
    assert first.stdout == second.stdout


def test_fail_on_is_a_threshold_of_verdicts(links_host: Served, config: Path) -> None:
    forbidden = links_host.url("/status/403") + "\n"
    assert check("-", "--config", str(config), "--fail-on", "wrong", stdin=forbidden).code == 0
    assert check("-", "--config", str(config), "--fail-on", "unverified", stdin=forbidden).code == 1
    casino = links_host.url("/casino.html") + "\n"
    assert check("-", "--config", str(config), "--fail-on", "broken", stdin=casino).code == 0
    assert check("-", "--config", str(config), "--fail-on", "wrong", stdin=casino).code == 1
    assert check("-", "--config", str(config), stdin=links_host.url("/status/404") + "\n").code == 0
    assert check("-", "--config", str(config), "--fail-on", "broken", stdin=links_host.url("/status/404")).code == 1
    # a line that is no URL fails any threshold: the list was not read whole
    fine_but_garbled = links_host.url("/ok.html") + "\nwww.example.gov.cn\n"
    assert check("-", "--config", str(config), "--fail-on", "unverified", stdin=links_host.url("/ok.html")).code == 0
    assert check("-", "--config", str(config), "--fail-on", "broken", stdin=fine_but_garbled).code == 1


def test_text_output_is_a_chinese_summary_with_the_lines_not_ok(links_host: Served, config: Path, tmp_path: Path) -> None:
    text, _ = the_list(links_host)
    done = check("-", "--config", str(config), stdin=text)
    assert done.code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == "检查了 9 个网址：正常 1，无法访问 4，内容与链接不符 2，无法核实 1，未检查 1"
    assert lines[1] == "另有重复的网址 1 个（只检查一次），无法识别的行 2 行"
    assert f"  第 4 行  {links_host.url('/status/404')}  HTTP 404" in lines
    assert any(line.startswith(f"  第 8 行  {links_host.url('/gone.html')}  页面内容为“页面不存在”") for line in lines)
    casino = next(line for line in lines if "casino" in line)
    assert "页面含赌博内容" in casino and "\\u001b[2J" in casino and "\x1b" not in done.stdout
    assert "  第 13 行  www.example.gov.cn/links.html  不是网址：缺少 http:// 或 https://，应写成 http://www.example.gov.cn/links.html" in lines
    assert links_host.url("/ok.html") not in done.stdout  # ok targets are counted, not listed


def test_private_addresses_are_refused_without_a_config(links_host: Served, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded defaults: a link on a loopback address is not requested (the audit's rule)."""
    monkeypatch.chdir(tmp_path)  # no ./auditor.toml
    monkeypatch.delenv("AUDITOR_CONFIG", raising=False)
    asked = len(links_host.log)
    done = check("-", "--format", "json", stdin=links_host.url("/status/404") + "\n")
    assert done.code == 0, done.output
    [result] = json.loads(done.stdout)["results"]
    assert (result["verdict"], result["error"], result["reason"]) == ("excluded", "private-address", "指向内网地址")
    assert len(links_host.log) == asked


def test_a_configured_sites_host_is_trusted_like_the_audit_trusts_it(site_host: Served, tmp_path: Path) -> None:
    strict = write_config(tmp_path, site_host, allow_private=False)
    done = check("-", "--config", str(strict), "--format", "json",
                 stdin=f"{site_host.url('/about.html')}\n{site_host.url('/missing.html')}\n")
    assert done.code == 0, done.output
    assert [r["verdict"] for r in json.loads(done.stdout)["results"]] == ["ok", "broken"]


def test_a_gbk_list_is_read(links_host: Served, config: Path, tmp_path: Path) -> None:
    listed = tmp_path / "友情链接.txt"
    listed.write_bytes(f"# 县直部门网站\r\n{links_host.url('/ok.html')}\r\n".encode("gbk"))
    done = check(str(listed), "--config", str(config), "--format", "json")
    assert done.code == 0, done.output
    assert json.loads(done.stdout)["summary"]["ok"] == 1


def test_bad_usage_exits_2(tmp_path: Path, config: Path) -> None:
    assert check(str(tmp_path / "none.txt"), "--config", str(config)).code == 2
    assert check("-", "--config", str(tmp_path / "none.toml"), stdin="http://example.gov.cn/\n").code == 2
    assert check("-", "--config", str(config), "--fail-on", "often", stdin="").code == 2


def test_the_command_imports_neither_the_store_nor_the_reports(links_host: Served, config: Path) -> None:
    """Its start-up time counts against lychee's (benchmarks/links.py): the API, the audit, the
    store (SQLAlchemy), the reports and the mail are never imported."""
    heavy = ("sqlalchemy", "alembic", "jinja2", "openpyxl", "auditor.audit", "auditor.store", "auditor.report",
             "auditor.mail", "auditor.checks", "auditor.rules")
    code = (
        "import sys\nfrom auditor.cli import main\ntry:\n    main()\nfinally:\n"
        f"    print(sorted(m for m in sys.modules if m.startswith({heavy!r})), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, "links", "check", "-", "--config", str(config)],
                          input=links_host.url("/ok.html"), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "检查了 1 个网址：正常 1" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


async def test_a_retry_s_wait_never_holds_up_the_host_and_its_pace_is_kept() -> None:
    """One request at a time to the host, as the config says; while the 500 waits for its retry
    (half a second), the host's other targets take its turns instead of waiting behind it."""
    async with serve(make_app(), "127.0.0.123") as server:
        urls = [server.url("/status/500"), *(server.url(f"/missing/f{n}.pdf") for n in range(4))]
        crawl = CrawlConfig(per_host_concurrency=1, per_host_delay=0, timeout=5, allow_private_addresses=True)
        results = await check_urls(urls, ListSettings(crawl, TargetPolicy(site_of_host={}), load_lexicon()))
        asked = [path for path in server.log.paths() if path != "/robots.txt"]
        assert server.log.max_in_flight() == 1
    assert [r.outcome for r in results] == [Outcome.BROKEN] * 5
    assert asked.count("/status/500") == 2  # the 500 is asked again once
    assert asked.index("/status/500", 1) > asked.index("/missing/f0.pdf"), asked
