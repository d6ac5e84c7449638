"""The report workbook and a unit's attachment, opened again with openpyxl."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from auditor import api
from auditor.audit import run_audit
from auditor.report.data import load_run_report
from auditor.report.xlsx import cell_value, report_workbook, sheet_name, violations_workbook
from tests.httpserver import Page, make_app, serve

HOME = Page('<html><head><title>首页</title></head><body><a href="/gone.html">=HYPERLINK("http://x","点我")</a></body></html>')


@pytest.fixture
async def audited_pair(tmp_path):
    """Two department sites, each with one dead link whose text looks like a formula, audited once."""
    text = 'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///x.db"\n[crawl]\nper_host_delay = 0\nretries = 0\n'
    async with serve(make_app({"/": HOME}), "127.0.0.73") as a, serve(make_app({"/": HOME}), "127.0.0.74") as b:
        for site_id, server in (("a", a), ("b", b)):
            text += f'\n[[sites]]\nid = "{site_id}"\nname = "{site_id}网"\nurl = "{server.url("/")}"\nkind = "department"\n'
        (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
        config, rulesets = api.load(tmp_path / "auditor.toml")
        with api.open_store(config) as store:
            await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28", config.tz))
            yield config, rulesets, store


def test_formula_looking_text_stays_text() -> None:
    assert cell_value("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell_value("+1") == "'+1" and cell_value("@SUM(A1)") == "'@SUM(A1)"
    assert cell_value("链接失效") == "链接失效" and cell_value(3.5) == 3.5
    assert sheet_name("a/b:c" + "x" * 40) == "a_b_c" + "x" * 26


async def test_workbooks_of_a_real_run(tmp_path, audited_pair) -> None:
    config, rulesets, store = audited_pair
    report = load_run_report(store, config, rulesets)
    book = load_workbook(BytesIO(report_workbook(report)))
    assert book.sheetnames == ["汇总", "全部问题", "a网", "b网", "未能核实", "信息公开统计"]  # a site's sheet by its name
    summary = list(book["汇总"].values)
    assert summary[0] == ("规则体系", "排名", "网站", "得分", "结论", "不合格原因", "上次得分", "未整改问题")
    assert {row[2] for row in summary[1:]} == {"a网", "b网"}
    assert {row[0] for row in summary[1:]} == {"孟津县政府网站内容保障规则"}
    everything = list(book["全部问题"].values)
    assert everything[0][:5] == ("网站", "栏目", "检查项目", "问题描述", "网址")
    assert len(everything) == 1 + len(report.violations)
    assert all(row[0] == "a网" for row in list(book["a网"].values)[1:])
    assert {row[2] for row in everything[1:]} == {"链接失效"}  # the check by its Chinese name
    # the crawled link text that looks like a formula reaches the sheet as text
    assert any('=HYPERLINK("http://x","点我")' in row[3] for row in everything[1:])
    # dates are date cells shown the Chinese way
    first_seen = book["全部问题"]["H2"]
    assert first_seen.value.date().isoformat() == "2026-11-28" and first_seen.number_format == 'yyyy"年"m"月"d"日"'

    own = [v for v in report.violations if v.site == "b"]
    attachment = load_workbook(BytesIO(violations_workbook(report, own)))
    assert attachment.sheetnames == ["问题清单"]
    assert [row[0] for row in list(attachment["问题清单"].values)[1:]] == ["b网"] * len(own)
