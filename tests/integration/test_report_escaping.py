"""Hostile text from a real crawl reaches the HTML report only as text.

A town site served on 127.0.0.75 has the page title `<script>alert(1)</script>` and a dead
link whose text is `"><img src=x onerror=alert(1)>`; its links column points at a
non-government page (127.0.0.76) titled `<script>alert(1)</script>`; an empty column and
the site itself carry hostile names from the config. `run_audit` crawls it, so the
violation messages and evidence hold those strings as the checks wrote them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import pytest

from auditor import api
from auditor.audit import run_audit
from auditor.report.data import load_run_report
from auditor.report.files import report_bytes
from tests.httpserver import Page, make_app, serve
from tests.mail_fixtures import run_auditor
from tests.untrusted import IMG, SCRIPT, assert_escaped, assert_shown_escaped

SCRIPT_IN_HTML = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_IN_HTML = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
IMG_IN_TOML = IMG.replace('"', '\\"')
SITE_NAME = "城关镇<b>人民政府</b>"


def town_pages(parked_url: str) -> dict[str, Page]:
    return {
        "/": Page(f'<html><head><title>{SCRIPT_IN_HTML}</title></head><body><a href="/gone.html">{IMG_IN_HTML}</a>'
                  ' <a href="/wzlj/">友情链接</a> <a href="/tzgg/">通知公告</a></body></html>'),
        "/wzlj/": Page(f'<html><head><title>友情链接</title></head><body><ul><li><a href="{parked_url}">县教育局</a></li>'
                       "</ul></body></html>"),
        "/tzgg/": Page("<html><head><title>通知公告</title></head><body><p>暂无</p></body></html>"),
    }


def town_config(site_url: str) -> str:
    return f"""rulesets = ["mengjin-2011"]
[storage]
url = "sqlite:///auditor.db"
[crawl]
per_host_delay = 0
retries = 0
allow_private_addresses = true

[[sites]]
id = "chengguan"
name = "{SITE_NAME}"
url = "{site_url}"
kind = "town"
  [[sites.columns]]
  id = "links"
  name = "友情链接"
  url = "{site_url}wzlj/"
  kind = "links"
  [[sites.columns]]
  id = "notices"
  name = "通知公告{IMG_IN_TOML}"
  url = "{site_url}tzgg/"
  kind = "notices"
"""


@pytest.fixture
async def hostile_run(tmp_path, monkeypatch):
    """The config path and the report of one real audit of the hostile town site."""
    monkeypatch.chdir(tmp_path)  # the sqlite URL is relative
    parked = make_app({"/": Page(f"<html><head><title>{SCRIPT_IN_HTML}</title></head><body>欢迎</body></html>")})
    async with serve(parked, "127.0.0.76") as other, serve(make_app(town_pages(other.url("/"))), "127.0.0.75") as town:
        path = tmp_path / "auditor.toml"
        path.write_text(town_config(town.url("/")), encoding="utf-8")
        config, rulesets = api.load(path)
        with api.open_store(config) as store:
            await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28", config.tz))
            yield path, load_run_report(store, config)


def test_the_audit_carried_the_hostile_text_into_its_violations(hostile_run) -> None:
    # without this the escaping test below would prove nothing
    _, report = hostile_run
    messages = {v.check: v.message for v in report.violations}
    assert IMG in messages["link.broken"]  # the dead link's text
    assert SCRIPT in messages["link.wrong"]  # the linked page's title
    assert IMG in messages["column.empty"]  # the column's configured name
    assert report.site_name("chengguan") == SITE_NAME


def test_the_html_report_of_a_real_run_shows_hostile_text_escaped(hostile_run) -> None:
    _, report = hostile_run
    html = report_bytes(report, "html").decode("utf-8")
    assert_escaped(html)
    assert_shown_escaped(html)
    assert "<b>人民政府</b>" not in html and "城关镇&lt;b&gt;人民政府&lt;/b&gt;" in html
    # the charts' labels and titles are text too: the ranking's row label and the site's problem chart
    ranking = re.search(r'<svg class="chart ranking".*?</svg>', html, re.DOTALL)
    assert ranking and "1. 城关镇&lt;b&gt;人民政府&lt;/b&gt;</text>" in ranking.group(0)
    checks = re.findall(r'<svg class="chart checks".*?</svg>', html, re.DOTALL)
    assert any("<title>城关镇&lt;b&gt;人民政府&lt;/b&gt;：未整改问题分类</title>" in svg for svg in checks)
    # the configured column name with its hostile text, in the problems' 栏目 cell
    assert "<td>通知公告&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</td>" in html
    # the dead link's page, with the hostile link text, is evidence shown as text beside its link
    assert "「&#34;&gt;&lt;img src=x onerror=alert(1)&gt;」" in html


def test_the_command_writes_the_same_escaped_report(hostile_run, tmp_path) -> None:
    path, _ = hostile_run
    out = tmp_path / "out" / "report.html"
    result = run_auditor("report", "--config", str(path), "--out", str(out))
    assert result.code == 0, result.output
    assert_escaped(out.read_text(encoding="utf-8"))


def test_formula_looking_text_is_neutralised_in_the_csv(hostile_run) -> None:
    _, report = hostile_run
    hostile = ['=HYPERLINK("http://x","点我")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
    # crawled text that looks like a formula, as a page could make a message start
    violations = tuple(dataclasses.replace(v, message=text) for v, text in zip(report.violations, hostile, strict=False))
    text = report_bytes(dataclasses.replace(report, violations=violations), "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][3:5] == ["问题描述", "网址"]
    messages = [row[3] for row in rows[1:]]
    assert messages == ["'" + m for m in hostile[: len(violations)]]
    assert [row[4] for row in rows[1:]] == [v.url for v in violations]  # URLs stay as they are
