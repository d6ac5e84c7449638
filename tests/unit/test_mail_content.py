"""What the bulletins say: praise, criticism, changes, deadlines, and a fix sentence for every check type."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from auditor.checks import CHECKS, GENERIC_FIX, check_name, fix_for
from auditor.config import SiteConfig, resolve_ruleset
from auditor.mail.compose import stable_message_id
from auditor.mail.content import Words, office_content, unit_content
from auditor.mail.issue import Issue
from auditor.models import BrokenRule, Score, Severity, Violation
from auditor.report.data import RunReport, units_of
from auditor.report.names import Names
from auditor.rules import load_rulesets
from auditor.store import RunRecord

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
EARLIER = datetime(2026, 11, 13, 1, 0, tzinfo=UTC)


def _site(site_id: str, unit: str = "") -> SiteConfig:
    return SiteConfig(id=site_id, name=f"{site_id}网", url=f"http://{site_id}.example.gov.cn/", kind="department",
                      unit=unit, contacts=[f"{site_id}@example.gov.cn"])


def _violation(site: str, status: str = "new", check: str = "link.broken", veto: bool = False, rule: str = "links-not-broken") -> Violation:
    return Violation(
        id=f"{site}-{status}-{check}", ruleset="mengjin-2011", rule=rule, check=check, severity="major", points=1.0,
        veto=veto, site=site, column=None, url=f"http://{site}.example.gov.cn/x", message=f"{site} 的问题",
        evidence={}, status=status, first_seen=EARLIER, last_seen=AS_OF,
    )


def _report(scores: list[Score], violations: list[Violation], sites: list[SiteConfig], previous: bool = True) -> RunReport:
    run = RunRecord(7, AS_OF, AS_OF, AS_OF, "complete", "full", tuple(s.id for s in sites), len(sites), 100, 200)
    before = RunRecord(6, EARLIER, EARLIER, EARLIER, "complete", "full", run.site_ids, len(sites), 90, 180)
    return RunReport(run=run, previous_run=before if previous else None, sites=tuple(sites), units=units_of(sites),
                     violations=tuple(violations), scores=tuple(scores))


ISSUE = Issue(issuer="孟津县人民政府办公室", number="网站检查通报〔2026〕7号", day=date(2026, 11, 28),
              deadline_days={Severity.CRITICAL: 5, Severity.MAJOR: 15, Severity.MINOR: 30},
              feedback_to=("xxgk@example.gov.cn",))


def _words(*rulesets: str, language: str = "zh-CN") -> Words:
    loaded = load_rulesets([resolve_ruleset(name, Path("auditor.toml")) for name in rulesets])
    return Words(language, "Asia/Shanghai", Names((), loaded))


@pytest.fixture(scope="module")
def words() -> Words:
    return _words("mengjin-2011")


def test_every_check_type_has_a_name_and_a_fix_in_both_languages():
    for check in CHECKS.values():
        assert check.info.title.zh_cn and check.info.title.en and check.info.fix.zh_cn and check.info.fix.en
    assert check_name("column.empty", "zh-CN") == "空白栏目" and check_name("column.empty", "en") == "empty column"
    assert fix_for("link.broken", "zh-CN").startswith("修复或删除失效链接")


def test_a_check_type_no_longer_registered_is_named_by_its_id_and_gets_the_generic_fix():
    assert check_name("content.gone", "zh-CN") == "content.gone"
    assert fix_for("content.gone", "zh-CN") == GENERIC_FIX.zh_cn == "请对照规则要求整改"
    assert fix_for("content.gone", "en") == GENERIC_FIX.en


def test_praise_skips_vetoed_failing_and_newly_faulted_sites_and_keeps_ties(words):
    sites = [_site(s) for s in ("a", "b", "c", "d", "e", "f", "g")]
    scores = [
        Score("a", "mengjin-2011", 100.0, True, 7),   # vetoed
        Score("b", "mengjin-2011", 100.0, False, 1),  # a new problem this audit
        Score("c", "mengjin-2011", 99.0, False, 2),
        Score("d", "mengjin-2011", 98.0, False, 3),
        Score("e", "mengjin-2011", 97.0, False, 4),
        Score("f", "mengjin-2011", 97.0, False, 4),   # tied with the third praised
        Score("g", "mengjin-2011", 96.0, False, 6),
    ]
    report = _report(scores, [_violation("b"), _violation("c", "open"), _violation("a", veto=True, check="site.availability")], sites)
    content = office_content(report, words, ISSUE, "auditor@example.gov.cn")
    (ranking,) = content.rankings
    assert [row.site_id for row in ranking.praised] == ["c", "d", "e", "f"]
    assert ranking.ruleset_name == "孟津县政府网站内容保障规则" and ranking.pass_mark == 60
    # the vetoed site comes last, unplaced, 不合格 without its score; the others keep their places, gapless
    assert [(row.site_id, row.place) for row in ranking.rows] == [
        ("b", 1), ("c", 2), ("d", 3), ("e", 4), ("f", 4), ("g", 6), ("a", None)]
    vetoed = ranking.rows[-1]
    assert vetoed.result == "不合格（单项否决）" and not vetoed.passed and "100" not in vetoed.result
    assert ranking.rows[0].result == "100.00 分"


def test_criticism_names_every_veto_then_failing_scores_lowest_first(words):
    sites = [_site(s) for s in ("a", "b", "c", "d")]
    scores = [
        Score("a", "mengjin-2011", 90.0, True, 4),
        Score("b", "mengjin-2011", 40.0, False, 3),
        Score("c", "mengjin-2011", 55.0, False, 2),
        Score("d", "mengjin-2011", 80.0, False, 1),
    ]
    veto = _violation("a", check="mailbox.overdue", veto=True, rule="mailbox-in-time")
    content = office_content(_report(scores, [veto], sites), words, ISSUE, "auditor@example.gov.cn")
    assert [c.site_id for c in content.criticised] == ["a", "b", "c"]
    vetoed = content.criticised[0].reasons
    assert vetoed[0] == "孟津县政府网站内容保障规则：不合格（单项否决）" and "90" not in vetoed[0]
    assert vetoed[1] == "单项否决：连线政府、县长信箱按时限办理：a 的问题"
    assert content.criticised[1].reasons == ("孟津县政府网站内容保障规则：不合格（得分 40.00 分，低于合格线 60 分）",)


def test_changes_count_new_and_resolved_by_check_and_say_when_it_is_the_first_audit(words):
    sites = [_site("a")]
    violations = [_violation("a"), _violation("a", check="column.empty"), _violation("a", "resolved", "link.wrong"),
                  _violation("a", "open", "site.identity")]
    content = office_content(_report([Score("a", "mengjin-2011", 97, False, 1)], violations, sites), words, ISSUE, "x@y")
    assert (content.totals.active, content.totals.new, content.totals.open, content.totals.resolved) == (3, 2, 1, 1)
    assert dict(content.changes.new_by_check) == {"链接失效": 1, "空白栏目": 1}
    assert dict(content.changes.resolved_by_check) == {"链接错误": 1}
    assert not content.changes.first_audit and content.changes.previous_as_of == "2026年11月13日"
    assert content.totals.by_severity == (("严重", 0), ("较重", 3), ("轻微", 0))
    first = office_content(_report([], violations, sites, previous=False), words, ISSUE, "x@y")
    assert first.changes.first_audit


def test_a_unit_bulletin_lists_only_its_active_violations_grouped_by_site(words):
    sites = [_site("a", "县教育局"), _site("b", "县教育局"), _site("c")]
    violations = [_violation("a"), _violation("b", "open", "column.empty"), _violation("b", "resolved"), _violation("c")]
    report = _report([], violations, sites)
    unit = report.units[0]
    content = unit_content(report, words, unit, ISSUE, "auditor@example.gov.cn")
    assert (content.unit_name, content.count, content.new, content.open) == ("县教育局", 2, 1, 1)
    assert [s.site_id for s in content.sections] == ["a", "b"]
    line = content.sections[1].violations[0]
    assert line.first_seen == "2026年11月13日" and line.status == "未整改" and line.severity == "较重"
    assert line.fix.startswith("补充栏目内容")
    assert line.rule == "孟津县政府网站内容保障规则：没有无效链接（较重）"
    assert (line.deadline, line.days) == ("2026年12月13日", 15) and content.earliest == "2026年12月13日"
    assert content.header.title == "关于县教育局网站检查发现问题的通报"


def test_english_words():
    words = Words("en", "Asia/Shanghai", Names(()))
    assert words.date(AS_OF) == "28 November 2026"
    assert words.status("open") == "still open"


def test_message_ids_are_stable_per_run_and_recipient():
    assert stable_message_id(7, "unit:chengguan", "auditor@mengjin.gov.cn") == "<bulletin.run7.unit-chengguan@mengjin.gov.cn>"
    assert stable_message_id(7, "office", "auditor@mengjin.gov.cn") != stable_message_id(8, "office", "auditor@mengjin.gov.cn")


def test_a_problem_under_two_rulesets_is_one_line_naming_both_rules_and_vetoes_under_its_own():
    words = _words("mengjin-2011", "gov-cn-2019")
    rules = (BrokenRule("gov-cn-2019", "letters-unanswered", "critical", 0.0, True),
             BrokenRule("mengjin-2011", "mailbox-in-time", "major", 1.0, False))
    problem = Violation(
        id="p1", ruleset="gov-cn-2019", rule="letters-unanswered", check="mailbox.overdue", severity="critical",
        points=0.0, veto=True, site="a", column="xx", url="http://a.example.gov.cn/xx/1.html", message="来信已 120 天未答复",
        evidence={}, status="new", first_seen=AS_OF, last_seen=AS_OF, rules=rules,
    )
    sites = [_site("a")]
    scores = [Score("a", "gov-cn-2019", 100.0, True, 1), Score("a", "mengjin-2011", 99.0, False, 1)]
    report = _report(scores, [problem], sites)
    (section,) = unit_content(report, words, report.units[0], ISSUE, "x@y").sections
    (line,) = section.violations
    assert line.veto and line.rule == (
        "政府网站检查指标（国办秘函〔2019〕19号）：互动回应差（严重，单项否决）；孟津县政府网站内容保障规则：连线政府、县长信箱按时限办理（较重）")
    assert (line.days, line.severity) == (5, "严重")
    (veto_score, passing) = section.scores
    assert veto_score.place is None and veto_score.result == "不合格（单项否决）"
    assert (passing.place, passing.result) == (1, "99.00 分")
    office = office_content(report, words, ISSUE, "x@y")
    assert office.totals.active == 1 and dict(office.changes.new_by_check) == {"来信办理超期": 1}
    (criticised,) = office.criticised
    assert criticised.reasons == (  # vetoed under gov-cn only: one verdict, one veto finding
        "政府网站检查指标（国办秘函〔2019〕19号）：不合格（单项否决）", "单项否决：互动回应差：来信已 120 天未答复")
