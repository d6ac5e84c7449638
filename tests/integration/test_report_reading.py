"""The report as the office reads it (issue 17), on a real audited estate served locally.

Three sites, audited three times a week apart and then once more for one site only:
a county portal with a dead link, links refused to a bot (403, 429) and one robots.txt
forbids; a department with a dead link; a site whose home page never answers (vetoed).
The HTML report, every XLSX cell and the CSV must name everything in Chinese: no site,
column, rule, ruleset or check id standing alone, no English severity, no True/False.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor import api
from auditor.audit import run_audit
from auditor.config import Config
from auditor.models import RunKind
from auditor.report.data import RunReport, load_run_report
from auditor.report.files import report_bytes
from auditor.report.names import Names
from auditor.rules import Ruleset
from tests.httpserver import PAGES_KEY, Page, free_port, make_app, serve
from tests.staff_words import forbidden_words, html_texts, offending, workbook_texts

AS_OF = ("2026-11-06T09:00", "2026-11-13T09:00", "2026-11-20T09:00")


def portal_home(other: str, dead_links: int) -> Page:
    dead = "".join(f'<li><a href="/gone-{n}.html">旧文件{n}</a></li>' for n in range(dead_links))
    return Page(
        "<html><head><title>清河县人民政府</title></head><body><ul>"
        f'<li><a href="/tzgg/">通知公告</a></li>{dead}'
        f'<li><a href="{other}status/403">县档案馆</a></li>'
        f'<li><a href="{other}status/429">县图书馆</a></li>'
        f'<li><a href="{other}private/index.html">内部系统</a></li>'
        "</ul></body></html>"
    )


NOTICES = Page("<html><head><title>通知公告</title></head><body><ul>"
               '<li><a href="/tzgg/1.html">关于开展检查的通知</a><span>2026-11-05</span></li></ul></body></html>')
ARTICLE = Page("<html><head><title>关于开展检查的通知</title></head><body><p>正文</p></body></html>")
DEPARTMENT = Page('<html><head><title>清河县教育局</title></head><body><a href="/missing.html">招生简章</a></body></html>')


def config_text(portal: str, department: str, dead: str, db: Path) -> str:
    crawl = ("[crawl]\nper_host_delay = 0\nper_host_concurrency = 4\nallow_private_addresses = true\n"
             "retries = 0\ntimeout = 3\nhome_retry_span = 1\n")
    sites = [
        ("portal", "清河县人民政府", portal, "county", [("tzgg", "通知公告", f"{portal}tzgg/", "notices")]),
        ("jyj", "清河县教育局", department, "department", []),
        ("slj", "清河县水利局", dead, "department", []),
    ]
    text = (f'timezone = "Asia/Shanghai"\nrulesets = ["mengjin-2011", "gov-cn-2019"]\n'
            f'[storage]\nurl = "sqlite:///{db}"\n{crawl}')
    for site_id, name, url, kind, columns in sites:
        text += f'\n[[sites]]\nid = "{site_id}"\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\n'
        for column_id, column_name, column_url, column_kind in columns:
            text += (f'  [[sites.columns]]\n  id = "{column_id}"\n  name = "{column_name}"\n'
                     f'  url = "{column_url}"\n  kind = "{column_kind}"\n')
    return text


@dataclass
class Estate:
    config: Config
    rulesets: list[Ruleset]
    runs: list[int]  # the three full audits, oldest first
    partial: int  # the one-site audit after them

    def report(self, run_id: int | None = None) -> RunReport:
        with api.open_store(self.config) as store:
            return load_run_report(store, self.config, self.rulesets, run_id)


async def _audit_estate(tmp: Path) -> Estate:
    other_app = make_app(robots="User-agent: *\nDisallow: /private/\n")
    dead = f"http://127.0.0.58:{free_port('127.0.0.58')}/"
    async with serve(other_app, "127.0.0.57") as other:
        portal_app = make_app({"/": portal_home(other.url("/"), 2), "/tzgg/": NOTICES, "/tzgg/1.html": ARTICLE})
        async with serve(portal_app, "127.0.0.55") as portal, serve(make_app({"/": DEPARTMENT}), "127.0.0.56") as jyj:
            path = tmp / "auditor.toml"
            path.write_text(config_text(portal.url("/"), jyj.url("/"), dead, tmp / "a.db"), encoding="utf-8")
            config, rulesets = api.load(path)
            runs = []
            with api.open_store(config) as store:
                for number, moment in enumerate(AS_OF):
                    if number == 2:  # one dead link fixed before the third inspection
                        portal_app[PAGES_KEY]["/"] = portal_home(other.url("/"), 1)
                    result = await run_audit(config, rulesets, store, as_of=api.parse_as_of(moment, config.tz))
                    runs.append(result.run.id)
                partial = await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-21T09:00", config.tz),
                                          site_ids=["jyj"], kind=RunKind.SITE)
    return Estate(config, rulesets, runs, partial.run.id)


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Estate:
    return asyncio.run(_audit_estate(tmp_path_factory.mktemp("estate")))


def _svgs(section: str, css: str) -> list[str]:
    return re.findall(rf'<svg class="chart {css}".*?</svg>', section, re.DOTALL)


def _section(page: str, name: str) -> str:
    start = re.search(rf'<h3 id="site-\d+">{re.escape(name)}', page).start()
    end = page.find("<h3 ", start + 1)
    return page[start: end if end > 0 else len(page)]


def test_no_internal_id_english_severity_or_true_false_where_staff_read(estate: Estate) -> None:
    report = estate.report()
    assert report.run.id == estate.runs[-1]  # the latest complete full run, not the later one-site audit
    words = forbidden_words(estate.config, estate.rulesets)
    assert {"portal", "tzgg", "mengjin-2011", "links-not-broken", "link.broken"} <= words
    page = report_bytes(report, "html").decode("utf-8")
    assert offending(html_texts(page), words) == []
    assert offending(workbook_texts(report_bytes(report, "xlsx")), words) == []
    rows = list(csv.reader(io.StringIO(report_bytes(report, "csv").decode("utf-8-sig"))))
    assert len(rows) > 3
    assert offending([cell for row in rows for cell in row], words) == []
    # the scan does catch an id: the JSON, for programs, keeps them
    assert offending([report_bytes(report, "json").decode("utf-8")], words)


def test_the_vetoed_site_is_not_passed_and_shows_no_score(estate: Estate) -> None:
    report = estate.report()
    names = report.names
    vetoed = [s for s in report.scores if s.site == "slj"]
    assert vetoed and all(s.veto or s.fail_reason for s in vetoed)
    page = report_bytes(report, "html").decode("utf-8")
    for score in vetoed:
        verdict = names.verdict(score)
        assert verdict.label == "不合格" and verdict.reason
        ranking = next(svg for svg in _svgs(page, "ranking") if names.ruleset(score.ruleset) in svg)
        row = re.search(r"清河县水利局</text>.*?</text>", ranking, re.DOTALL)
        assert row and f"不合格（{verdict.reason}" in row.group(0) and "分<" not in row.group(0)
    section = _section(page, "清河县水利局")
    verdicts = re.findall(r'<span class="verdict fail">([^<]*)</span>', section)
    assert len(verdicts) == 2 and all(v.startswith("不合格（") for v in verdicts)
    assert not re.search(r"\d+\.\d\d 分", "".join(verdicts))
    summary = list(load_workbook(BytesIO(report_bytes(report, "xlsx")))["汇总"].values)
    for row in (r for r in summary[1:] if r[2] == "清河县水利局"):
        assert row[1] is None and row[3] is None and row[4] == "不合格" and row[5]  # no rank, no score; the reason
    assert summary[-1][2] == "清河县水利局"  # after the sites with a score


def test_one_run_leaves_the_trend_blank_with_a_sentence(estate: Estate) -> None:
    page = report_bytes(estate.report(estate.runs[0]), "html").decode("utf-8")
    assert page.count("得分和问题走势从下次检查起显示") == 3
    assert not _svgs(page, "trend-score") and not _svgs(page, "trend-problems")
    assert "<polyline" not in page


def test_three_runs_draw_one_point_per_run_with_axes_and_legends(estate: Estate) -> None:
    report = estate.report()
    page = report_bytes(report, "html").decode("utf-8")
    portal = _section(page, "清河县人民政府")
    (score,) = _svgs(portal, "trend-score")
    (problems,) = _svgs(portal, "trend-problems")
    for ruleset in range(2):  # a line per ruleset, a marker per run
        assert len(re.findall(rf'class="dot s{ruleset}"', score)) == 3 + 1  # and the legend's sample
    assert score.count("<polyline") == 2
    bars = re.findall(r'<rect class="bar bar-problems"[^>]*><title>([^<]*)</title>', problems)
    assert len(bars) == 3 and [b.split("：")[0] for b in bars] == ["2026年11月6日", "2026年11月13日", "2026年11月20日"]
    counts = [int(re.search(r"(\d+) 个", b).group(1)) for b in bars]
    assert counts[2] == counts[1] - 1  # the dead link fixed before the third inspection
    assert counts == [p.open_problems for p in report.trends[("portal", "mengjin-2011")]]
    for chart, unit in ((score, "得分（分）"), (problems, "问题（个）")):
        assert 'class="axis-title"' in chart and unit in chart and "检查日期（2026年11月6日至2026年11月20日）" in chart
        assert 'class="legend"' in chart and "图例：" in chart
        assert re.search(r'<text class="tick"[^>]*>11月6日</text>', chart)
    assert "孟津县政府网站内容保障规则" in score  # the legend names the rulesets
    vetoed = _section(page, "清河县水利局")
    (vetoed_score,) = _svgs(vetoed, "trend-score")
    assert vetoed_score.count('class="failed small"') == 3 * 2 and "<polyline" not in vetoed_score


def test_each_chart_has_a_title_axes_and_a_legend_and_the_per_check_chart_lists_the_sites_checks(estate: Estate) -> None:
    report = estate.report()
    page = report_bytes(report, "html").decode("utf-8")
    charts = re.findall(r'<svg class="chart [^"]+".*?</svg>', page, re.DOTALL)
    assert len(charts) >= 2 + 1 + 3 * 3  # two rankings, the estate's checks, three per site
    for chart in charts:
        assert re.search(r"<title>[^<]+</title>", chart) and 'class="title"' in chart
        assert 'class="axis-title"' in chart and 'class="legend"' in chart and 'class="tick"' in chart
        assert chart.count('class="axis"') >= 2
    for ranking in _svgs(page, "ranking"):
        assert "得分（分），坐标从 " in ranking and "合格线 60 分" in ranking
    portal = _section(page, "清河县人民政府")
    (checks,) = _svgs(portal, "checks")
    active = [v for v in report.active if v.site == "portal"]
    labels = re.findall(r'<text class="check-label"[^>]*>([^<]*)</text>', checks)
    assert sorted(labels) == sorted({Names.check(v.check) for v in active}) and "链接失效" in labels
    assert "未整改问题数（个）" in checks


def test_unverified_links_are_listed_apart_with_their_reason(estate: Estate) -> None:
    report = estate.report()
    reasons = {link.url.rsplit("/", 2)[-2] + "/" + link.url.rsplit("/", 1)[-1]: link for link in report.unverified_links}
    assert set(reasons) == {"status/403", "status/429", "private/index.html"}
    assert {link.site for link in report.unverified_links} == {"portal"}
    page = report_bytes(report, "html").decode("utf-8")
    portal = _section(page, "清河县人民政府")
    table = portal[portal.index("未能核实的链接（不计为问题，请人工核对）"):]
    assert "HTTP 403" in table and "HTTP 429" in table and "robots.txt 禁止自动访问" in table
    assert "县档案馆" in table  # the link text, to find it on the page
    problems = portal[portal.index('<table class="problems">'): portal.index("未能核实的链接（")]
    assert "status/403" not in problems  # never a problem
    sheet = list(load_workbook(BytesIO(report_bytes(report, "xlsx")))["未能核实"].values)
    links = [row for row in sheet[1:] if row[1] == "链接未能核实"]
    assert len(links) == 3 and all(row[0] == "清河县人民政府" and row[4] for row in links)


def test_a_partial_run_is_labelled_with_the_sites_it_covered(estate: Estate) -> None:
    report = estate.report(estate.partial)
    assert report.partial
    page = report_bytes(report, "html").decode("utf-8")
    assert "部分网站检查：本次只检查了 1 个网站（清河县教育局）" in page
    assert "部分网站检查" not in report_bytes(estate.report(), "html").decode("utf-8")
