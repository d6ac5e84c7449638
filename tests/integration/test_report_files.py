"""`auditor report` in every format, on stored runs with hostile page text."""

from __future__ import annotations

import csv
import io
import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from auditor import api
from auditor.report.data import load_run_report
from auditor.report.files import report_bytes
from tests.mail_fixtures import county_config, run_auditor, seed_runs
from tests.untrusted import assert_escaped, assert_shown_escaped


@pytest.fixture
def county(tmp_path):
    path = county_config(tmp_path)
    config, rulesets = api.load(path)
    with api.open_store(config) as store:
        runs = seed_runs(store)
        report = load_run_report(store, config, rulesets)
    return path, report, runs


def test_the_html_report_escapes_crawled_text_and_loads_nothing(county):
    _, report, _ = county
    html = report_bytes(report, "html").decode("utf-8")
    assert_escaped(html)
    assert_shown_escaped(html)
    # self-contained: nothing fetched from anywhere, no script at all
    assert not re.search(r"<(?:link|script|img|iframe)\b", html, re.IGNORECASE) and "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only the page's own patterns (url(#hatch-orange))
    # a URL becomes a link only when it is http(s); its hostile query string is escaped inside the href
    assert 'href="http://127.0.0.162/gone.html?q=&#34;&gt;&lt;img' in html
    # the patterns, the ranking, the problem types, and a score and a problems trend and problem types per site
    assert html.count('<svg class="chart ') >= 3 + 6
    # evidence: the page that carries the dead link, and its (hostile, escaped) link text
    assert '见于 <a href="http://127.0.0.162/" rel="noopener noreferrer">http://127.0.0.162/</a>「&lt;script&gt;' in html


def test_the_html_report_draws_the_ranking_and_marks_failures(county):
    _, report, _ = county
    html = report_bytes(report, "html").decode("utf-8")
    ranking = html[html.index('<svg class="chart ranking"'):]
    ranking = ranking[: ranking.index("</svg>")]
    bars = re.findall(r'<rect class="bar bar-(\w+)" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', ranking)
    # five scored sites, chengguan (55) hatched under the pass mark; the vetoed portal has a labelled row, no bar
    assert sorted(css for css, _ in bars) == ["fail", "pass", "pass", "pass", "pass"]
    assert all(float(width) > 0 for _, width in bars)
    assert ranking.count('class="bar-none"') == 1 and "不合格（单项否决）" in ranking
    assert "55.00 分，不合格" in ranking and "97.00" not in ranking  # the vetoed portal's 97 is never shown
    assert "合格线 60 分" in ranking and "孟津县政府网站内容保障规则" in ranking
    assert "得分排名" in html and "问题分类" in html


def test_csv_and_json_of_the_runs_violations(county):
    _, report, _ = county
    text = report_bytes(report, "csv").decode("utf-8")
    assert text.startswith("\ufeff网站,栏目")  # a BOM, so Excel in China reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + len(report.violations)
    assert {row[6] for row in rows[1:]} == {"新发现", "未整改", "已整改"}
    assert {row[7] for row in rows[1:]} <= {"2026年11月13日", "2026年11月28日"}  # 首次发现, a date as staff write it
    documents = json.loads(report_bytes(report, "json"))
    assert {d["id"] for d in documents} == {v.id for v in report.violations}
    assert set(documents[0]) >= {"id", "rule", "check", "message", "status", "first_seen"}


def test_the_command_writes_each_format_and_refuses_a_missing_run(county, tmp_path):
    path, report, runs = county
    for fmt in ("html", "xlsx", "csv", "json"):
        out = tmp_path / f"r.{fmt}"
        result = run_auditor("report", "--config", str(path), "--format", fmt, "--out", str(out))
        assert result.code == 0, result.output
        assert out.stat().st_size > 0
    book = load_workbook(BytesIO((tmp_path / "r.xlsx").read_bytes()))
    assert book.sheetnames[:2] == ["汇总", "全部问题"] and {"未能核实", "信息公开统计"} <= set(book.sheetnames)
    earlier = run_auditor("report", "--config", str(path), "--run", str(runs.first), "--format", "json", "--out", "-")
    assert earlier.code == 0 and len(json.loads(earlier.stdout)) == 2
    missing = run_auditor("report", "--config", str(path), "--run", "99", "--out", str(tmp_path / "x.html"))
    assert missing.code == 2 and "不存在" in missing.output


def test_the_command_refuses_a_store_without_a_complete_run(tmp_path):
    path = county_config(tmp_path)  # a fresh database: nothing audited yet
    result = run_auditor("report", "--config", str(path), "--out", str(tmp_path / "r.html"))
    assert result.code == 2 and "还没有完成的全面检查" in result.output
    assert not (tmp_path / "r.html").exists()
    piped = run_auditor("report", "--config", str(path), "--format", "html", "--out", "-")
    assert piped.code == 2
