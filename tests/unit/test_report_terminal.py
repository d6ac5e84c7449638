"""The console tables in the office's words: Chinese names, one severity vocabulary, Chinese dates,
不合格 with its reason and no score for a site that failed outright; the old calls still work."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from auditor.audit import AuditResult
from auditor.config import ColumnConfig, SiteConfig
from auditor.models import (
    BrokenRule,
    ColumnKind,
    Problem,
    RunKind,
    RunStatus,
    Score,
    Severity,
    SiteKind,
    ViolationStatus,
)
from auditor.report import terminal
from auditor.report.names import Names
from auditor.rules import load_ruleset
from auditor.stats import StatRow
from auditor.store import RunRecord

ROOT = Path(__file__).resolve().parents[2]
AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SITES = [
    SiteConfig(id="zfw", name="清河县人民政府", url="http://zfw.example.gov.cn/", kind=SiteKind.COUNTY,
               columns=[ColumnConfig(id="tzgg", name="通知公告", url="http://zfw.example.gov.cn/tzgg/",
                                     kind=ColumnKind.NOTICES)]),
    SiteConfig(id="slj", name="清河县水利局", url="http://slj.example.gov.cn/", kind=SiteKind.DEPARTMENT),
]
RUN = RunRecord(7, AS_OF, AS_OF, AS_OF, RunStatus.COMPLETE, RunKind.FULL, ("zfw", "slj"), 2, 40, 90)
PROBLEM = Problem(
    id="p1", ruleset="mengjin-2011", rule="links-not-broken", check="link.broken", severity=Severity.MAJOR,
    points=1.0, veto=False, site="zfw", column="tzgg", url="http://zfw.example.gov.cn/gone.html",
    message="链接失效：http://zfw.example.gov.cn/gone.html （HTTP 404）", evidence={},
    status=ViolationStatus.NEW, first_seen=AS_OF, last_seen=AS_OF,
    rules=(BrokenRule("mengjin-2011", "links-not-broken", Severity.MAJOR, 1.0, False),
           BrokenRule("gov-cn-2019", "home-links-broken", Severity.MINOR, 0.5, False)),
)
SCORES = [
    Score("slj", "mengjin-2011", 97.0, True, 1, 3.0, 99.0, fail_reason="单项否决：首页无法访问"),
    Score("zfw", "mengjin-2011", 93.5, False, 2, 6.5, 92.0),
]


@pytest.fixture
def names() -> Names:
    rulesets = [load_ruleset(ROOT / "rules" / f"{name}.toml") for name in ("mengjin-2011", "gov-cn-2019")]
    return Names(SITES, rulesets)


@pytest.fixture
def output(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    buffer = io.StringIO()
    monkeypatch.setattr(terminal, "console", Console(file=buffer, width=400, soft_wrap=True))
    return buffer


def _no_ids(text: str) -> None:
    for word in ("zfw", "slj", "tzgg", "mengjin-2011", "gov-cn-2019", "links-not-broken", "link.broken",
                 "major", "minor", "critical", "True", "False"):
        assert not re.search(rf"(?<![\w./-]){re.escape(word)}(?![\w/-])", text), word


def test_the_score_table_names_sites_and_shows_a_vetoed_site_without_a_score(output, names) -> None:
    terminal.print_scores(SCORES, names)
    text = output.getvalue()
    assert "清河县人民政府" in text and "孟津县政府网站内容保障规则" in text and "93.50 分" in text
    assert "不合格（单项否决：首页无法访问）" in text and "97.00" not in text
    assert text.index("清河县人民政府") < text.index("清河县水利局")  # a failed site after the ranked ones
    _no_ids(text)
    output.truncate(0)
    terminal.print_scores(SCORES)  # the old call: ids where no names are given, still no score for the veto
    assert "zfw" in output.getvalue() and "97.00" not in output.getvalue()


def test_the_problem_table_lists_every_rule_in_chinese(output, names) -> None:
    terminal.print_violations([PROBLEM], names)
    text = output.getvalue()
    assert "清河县人民政府" in text and "通知公告" in text and "链接失效" in text and "较重" in text and "新发现" in text
    assert names.rule(PROBLEM.rules[0]) in text and names.rule(PROBLEM.rules[1]) in text
    _no_ids(text.replace(PROBLEM.url, ""))


def test_the_summary_runs_and_stats_speak_chinese(output, names) -> None:
    result = AuditResult(run=RUN, violations=[PROBLEM], scores=SCORES)
    terminal.print_summary(result, UTC, names)
    terminal.print_runs([RUN], UTC)
    terminal.print_stats([StatRow(2026, "zfw", None, None, 12), StatRow(2026, None, None, None, 12)], 2026, names)
    text = output.getvalue()
    assert "检查 #7（2026年11月28日 01:00）完成" in text and "检查记录" in text and "全面检查" in text
    assert "链接失效：1 个" in text and "未整改问题 1 个（其中新发现 1 个）" in text
    assert "审计" not in text
    _no_ids(text.replace(PROBLEM.url, "").replace(PROBLEM.message, ""))
