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
    config, _ = api.load(path)
    with api.open_store(config) as store:
        runs = seed_runs(store)
        report = load_run_report(store, config)
    return path, report, runs


def test_the_html_report_escapes_crawled_text_and_loads_nothing(county):
    _, report, _ = county
    html = report_bytes(report, "html").decode("utf-8")
    assert_escaped(html)
    assert_shown_escaped(html)
    # self-contained: nothing fetched from anywhere, no script at all
    assert not re.search(r"<(?:link|script|img|iframe)\b", html, re.IGNORECASE) and "@import" not in html
    assert "url(" not in html
    # a URL becomes a link only when it is http(s); its hostile query string is escaped inside the href
    assert 'href="http://127.0.0.162/gone.html?q=&#34;&gt;&lt;img' in html
    assert html.count("<svg") >= 3  # the ranking, the problem types, at least one trend
    # evidence: the page that carries the dead link, and its (hostile, escaped) link text
    assert '见于 <a href="http://127.0.0.162/" rel="noopener noreferrer">http://127.0.0.162/</a>「&lt;script&gt;' in html


def test_the_html_report_draws_the_ranking_and_marks_failures(county):
    _, report, _ = county
    html = report_bytes(report, "html").decode("utf-8")
    bars = re.findall(r'<rect class="bar-(\w+)" x="\d+" y="\d+" width="([\d.]+)"', html)
    ranking = [css for css, _ in bars if css != "count"]
    assert len(ranking) == 6 and ranking.count("veto") == 1 and ranking.count("fail") == 1  # portal, chengguan 55
    assert all(float(width) > 0 for _, width in bars)
    assert "单项否决" in html and "得分排名" in html and "问题类型" in html


def test_csv_and_json_of_the_runs_violations(county):
    _, report, _ = county
    text = report_bytes(report, "csv").decode("utf-8")
    assert text.startswith("\ufeff网站,栏目")  # a BOM, so Excel in China reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + len(report.violations)
    assert {row[7] for row in rows[1:]} == {"新发现", "未整改", "已整改"}
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
    assert book.sheetnames[:2] == ["汇总", "全部问题"] and "信息公开统计" in book.sheetnames
    earlier = run_auditor("report", "--config", str(path), "--run", str(runs.first), "--format", "json", "--out", "-")
    assert earlier.code == 0 and len(json.loads(earlier.stdout)) == 2
    missing = run_auditor("report", "--config", str(path), "--run", "99", "--out", str(tmp_path / "x.html"))
    assert missing.code == 2 and "不存在" in missing.output


def test_the_command_refuses_a_store_without_a_complete_run(tmp_path):
    path = county_config(tmp_path)  # a fresh database: nothing audited yet
    result = run_auditor("report", "--config", str(path), "--out", str(tmp_path / "r.html"))
    assert result.code == 2 and "还没有完成的审计" in result.output
    assert not (tmp_path / "r.html").exists()
    piped = run_auditor("report", "--config", str(path), "--format", "html", "--out", "-")
    assert piped.code == 2
