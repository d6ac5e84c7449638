"""A bulletin the office can send as it is: the issuing header, 整改期限 by severity, 整改反馈,
不合格 without a score, a problem once with all its rules, partial runs labelled, unverified links apart."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from auditor.config import BulletinConfig, Config, MailConfig, SiteConfig
from auditor.errors import ConfigError, UsageError
from auditor.links.summary import UnverifiedLink
from auditor.mail.compose import Bulletin, compose_bulletins
from auditor.models import BrokenRule, Outcome, Score, UnverifiedCheck, Violation
from auditor.report.data import RunReport, units_of
from auditor.store import RunRecord
from tests.untrusted import IMG, SCRIPT, assert_escaped, assert_shown_escaped

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai
BULLETIN = BulletinConfig.model_validate({
    "issuer": "孟津县人民政府办公室", "number": "孟政办网〔{year}〕{seq}号", "date": "2026-12-01",
    "feedback_to": "xxgk@mengjin.gov.cn", "deadline_days": {"critical": 3, "major": 10, "minor": 20},
})


def _config(bulletin: BulletinConfig | None = None, language: str = "zh-CN") -> Config:
    sites = [
        SiteConfig(id="town-a", name="城关镇人民政府网", url="http://127.0.0.9/", kind="town", unit="城关镇人民政府",
                   contacts=["a@example.gov.cn"]),
        SiteConfig(id="dept-b", name="县教育局网", url="http://127.0.0.10/", kind="department", unit="县教育局",
                   contacts=["b@example.gov.cn"]),
    ]
    mail = MailConfig(host="127.0.0.1", sender="auditor@mengjin.gov.cn", office=["office@mengjin.gov.cn"])
    return Config(rulesets=["mengjin-2011", "gov-cn-2019"], sites=sites, mail=mail, language=language,
                  bulletin=bulletin or BulletinConfig())


def _problem(problem_id: str, site: str, severity: str, *, rule: str = "links-not-broken", veto: bool = False,
             message: str = "", rules: tuple[BrokenRule, ...] = (), check: str = "link.broken") -> Violation:
    return Violation(
        id=problem_id, ruleset="mengjin-2011", rule=rule, check=check, severity=severity, points=1.0, veto=veto,
        site=site, column=None, url=f"http://127.0.0.9/{problem_id}.html", message=message or f"问题{problem_id}",
        evidence={}, status="new", first_seen=AS_OF, last_seen=AS_OF, rules=rules,
    )


def _report(config: Config, violations: list[Violation], scores: list[Score], *, kind: str = "full",
            unverified: tuple[UnverifiedCheck, ...] = ()) -> RunReport:
    sites = tuple(config.sites) if kind == "full" else tuple(config.sites[:1])
    run = RunRecord(9, AS_OF, AS_OF, AS_OF, "complete", kind, tuple(s.id for s in sites), len(sites), 10, 20)
    return RunReport(run=run, previous_run=None, sites=sites, units=units_of(sites), violations=tuple(violations),
                     scores=tuple(scores), unverified=unverified)


def _bodies(bulletin: Bulletin) -> tuple[str, str]:
    parts = (bulletin.message.get_body((part,)).get_content().replace("\r\n", "\n") for part in ("plain", "html"))
    text, html = parts
    return text, html


def _by_key(bulletins: list[Bulletin]) -> dict[str, Bulletin]:
    return {b.recipient_key: b for b in bulletins}


def test_the_header_and_the_deadlines_come_from_the_config():
    config = _config(BULLETIN)
    problems = [_problem("p1", "town-a", "minor"), _problem("p2", "town-a", "major"),
                _problem("p3", "town-a", "critical"),
                _problem("p4", "town-a", "major", rule="mailbox-in-time", veto=True, check="mailbox.overdue")]
    bulletins = _by_key(compose_bulletins(_report(config, problems, []), config, now=AS_OF).bulletins)
    unit = bulletins["unit:town-a"]
    text, html = _bodies(unit)
    for body in (text, html):
        assert "孟津县人民政府办公室" in body and "孟政办网〔2026〕9号　　2026年12月1日" in body  # issuer, number, date
        for problem_id, deadline in (("p1", "2026年12月21日前（20 日内）"), ("p2", "2026年12月11日前（10 日内）"),
                                     ("p3", "2026年12月4日前（3 日内）"), ("p4", "2026年12月4日前（3 日内）")):
            after = body[body.index(f"问题{problem_id}"):]
            assert deadline in re.sub(r"<[^>]+>", "", after).split("问题描述")[0]  # this problem's own 整改期限
        # 整改反馈 is asked, by the earliest deadline, to [bulletin] feedback_to
        assert "请于2026年12月4日前将整改反馈" in re.sub(r"<[^>]+>", "", body) and "xxgk@mengjin.gov.cn" in body
    assert "严重问题 3 日内（2026年12月4日前）；较重问题 10 日内（2026年12月11日前）；轻微问题 20 日内（2026年12月21日前）" in text
    assert unit.subject == "【网站检查通报】城关镇人民政府：问题4个，请按期整改并于2026年12月4日前反馈（孟政办网〔2026〕9号）"
    office_text, _ = _bodies(bulletins["office"])
    assert "孟政办网〔2026〕9号　　2026年12月1日" in office_text and "反馈至xxgk@mengjin.gov.cn" in office_text


def test_without_a_bulletin_table_the_defaults_hold():
    config = _config()
    bulletins = _by_key(compose_bulletins(_report(config, [_problem("p1", "town-a", "major")], []), config,
                                          now=AS_OF).bulletins)
    text, _ = _bodies(bulletins["unit:town-a"])
    assert "县政府信息公开办公室" in text and "网站检查通报〔2026〕9号　　2026年11月28日" in text  # dated with the audit
    assert "2026年12月13日前（15 日内）" in text and "反馈至office@mengjin.gov.cn" in text  # feedback: [mail] office


@pytest.mark.parametrize("number", ["通报{seq", "通报{year}", "通报{run}{seq}", "通报{}", "通报{seq:03d}"])
def test_a_number_format_that_cannot_number_is_refused(tmp_path, number):
    from auditor.config import parse_config

    text = ('rulesets = ["mengjin-2011"]\n[bulletin]\nnumber = "' + number + '"\n'
            '[[sites]]\nid = "a"\nname = "甲"\nurl = "http://127.0.0.9/"\nkind = "town"\n')
    with pytest.raises(ConfigError, match="bulletin.number"):
        parse_config(text, tmp_path / "auditor.toml")


def test_a_vetoed_or_unreadable_site_is_shown_failed_with_its_reason_and_never_with_a_score():
    config = _config()
    problems = [_problem("p1", "town-a", "critical", rule="mailbox-in-time", veto=True, check="mailbox.overdue",
                         message="县长信箱 来信已 120 天未答复")]
    scores = [Score("town-a", "mengjin-2011", 97.25, True, 1), Score("dept-b", "mengjin-2011", 88.75, False, 2),
              Score("town-a", "gov-cn-2019", 96.5, False, 1, fail_reason="首页无法打开（HTTP 500）"),
              Score("dept-b", "gov-cn-2019", 91.5, False, 2)]
    bulletins = _by_key(compose_bulletins(_report(config, problems, scores), config, now=AS_OF).bulletins)
    office_text, office_html = _bodies(bulletins["office"])
    unit_text, unit_html = _bodies(bulletins["unit:town-a"])
    for body in (office_text, office_html, unit_text, unit_html):
        assert "97.25" not in body and "96.50" not in body and "97.2" not in body  # never a score
        assert "不合格（单项否决）" in body and "不合格（首页无法打开（HTTP 500））" in body
    assert "  1. 县教育局网  88.75 分" in office_text  # the scored site takes the first place
    assert "不参与排名：\n  - 城关镇人民政府网  不合格（单项否决）" in office_text  # last, no number
    assert "单项否决：连线政府、县长信箱按时限办理：县长信箱 来信已 120 天未答复" in office_text  # 通报批评 says why
    assert ("检查结果：政府网站检查指标（国办秘函〔2019〕19号） 不合格（首页无法打开（HTTP 500））；"
            "孟津县政府网站内容保障规则 不合格（单项否决）\n") in unit_text  # no place either


def test_a_site_under_the_pass_mark_keeps_its_place_and_is_failed():
    config = _config()
    scores = [Score("town-a", "mengjin-2011", 52.0, False, 2), Score("dept-b", "mengjin-2011", 88.0, False, 1)]
    office = compose_bulletins(_report(config, [_problem("p1", "town-a", "major")], scores), config,
                               now=AS_OF).bulletins[0]
    text, _ = _bodies(office)
    assert "  2. 城关镇人民政府网  不合格（得分 52.00 分，低于合格线 60 分）" in text
    assert "孟津县政府网站内容保障规则：不合格（得分 52.00 分，低于合格线 60 分）" in text


def test_a_problem_breaking_two_rules_appears_once_listing_both():
    config = _config()
    rules = (BrokenRule("mengjin-2011", "links-not-broken", "major", 1.0, False),
             BrokenRule("gov-cn-2019", "other-links-broken", "minor", 0.5, False))
    problem = _problem("p1", "town-a", "major", rules=rules, message="链接失效：只出现一次的问题")
    bulletins = _by_key(compose_bulletins(_report(config, [problem], []), config, now=AS_OF).bulletins)
    text, html = _bodies(bulletins["unit:town-a"])
    for body in (text, html):
        assert body.count("链接失效：只出现一次的问题") == 1
        assert "孟津县政府网站内容保障规则：没有无效链接（较重）；政府网站检查指标（国办秘函〔2019〕19号）：其他页面不可用链接（轻微）" in body
    office_text, _ = _bodies(bulletins["office"])
    assert "现有问题 1 个" in office_text and office_text.count("链接失效：只出现一次的问题") == 1


def test_the_office_summary_of_a_partial_run_is_refused_unless_asked_for_and_then_labelled():
    config = _config()
    report = _report(config, [_problem("p1", "town-a", "major")], [Score("town-a", "mengjin-2011", 90.0, False, 1)],
                     kind="site")
    with pytest.raises(UsageError, match="只检查了部分网站（城关镇人民政府网）"):
        compose_bulletins(report, config, now=AS_OF)
    (unit,) = compose_bulletins(report, config, unit="town-a", now=AS_OF).bulletins  # a unit's own: fine
    assert unit.recipient_key == "unit:town-a" and "〔2026〕补9号" in unit.subject  # never a full audit's number
    office = _by_key(compose_bulletins(report, config, partial=True, now=AS_OF).bulletins)["office"]
    assert office.subject.startswith("【网站检查通报】部分网站（城关镇人民政府网）2026年11月28日检查：1个网站")
    text, html = _bodies(office)
    for body in (text, html):
        assert "【部分网站】" in body and "本次只检查了以下 1 个网站：城关镇人民政府网" in body


def test_unverified_links_and_places_are_listed_apart_with_their_reasons_and_escaped():
    config = _config()
    links = [
        UnverifiedLink("town-a", "http://127.0.0.9/internal/", Outcome.ROBOTS, None, "robots",
                       (("http://127.0.0.9/", "内部通讯录"),), 1),
        UnverifiedLink("town-a", "http://waf.example.gov.cn/", Outcome.UNVERIFIED, 403, "http-403",
                       (("http://127.0.0.9/links/", SCRIPT),), 1),
        UnverifiedLink("town-a", "http://busy.example.gov.cn/", Outcome.UNVERIFIED, 429, "http-429",
                       (("http://127.0.0.9/links/", IMG),), 1),
        UnverifiedLink("town-a", "http://js.example.gov.cn/", Outcome.UNVERIFIED, 521, "challenge", (), 1),
    ]
    places = (UnverifiedCheck("town-a", None, "site.identity", "http://127.0.0.9/", "首页未能读取（HTTP 403），未检查网站标识"),)
    report = _report(config, [_problem("p1", "town-a", "major")], [], unverified=places)
    bulletins = _by_key(compose_bulletins(report, config, unverified_links=links, now=AS_OF).bulletins)
    text, html = _bodies(bulletins["unit:town-a"])
    problems, apart = text.split("二、未能核实的链接和项目（不计为问题，不扣分）")
    assert "http://waf.example.gov.cn/" not in problems  # not among the problems
    for reason in ("网站的 robots.txt 禁止自动访问", "拒绝自动访问（HTTP 403）", "访问过于频繁被限制（HTTP 429）",
                   "需通过人机验证（HTTP 521）", "首页未能读取（HTTP 403），未检查网站标识"):
        assert reason in apart and reason in html
    assert "链接「内部通讯录」：http://127.0.0.9/internal/（网站的 robots.txt 禁止自动访问），见于 http://127.0.0.9/" in apart
    assert "网站标识不全：http://127.0.0.9/" in apart and "不计为问题" in apart
    assert SCRIPT in apart  # plain text stays as the page wrote it
    assert_escaped(html)
    assert_shown_escaped(html)
    office_text, office_html = _bodies(bulletins["office"])
    assert "另有 4 个链接、1 处项目未能自动核实，不计为问题" in office_text
    assert "城关镇人民政府网：链接 4 个、项目 1 处" in office_text
    assert_escaped(office_html)


def test_english_bulletins_say_the_new_parts_in_english():
    config = _config(language="en")
    problems = [_problem("p1", "town-a", "major")]
    scores = [Score("town-a", "mengjin-2011", 97.0, True, 1), Score("dept-b", "mengjin-2011", 88.0, False, 2)]
    links = [UnverifiedLink("town-a", "http://waf.example.gov.cn/", Outcome.UNVERIFIED, 403, "http-403", (), 1)]
    bulletins = _by_key(compose_bulletins(_report(config, problems, scores), config, unverified_links=links,
                                          now=AS_OF).bulletins)
    text, _ = _bodies(bulletins["unit:town-a"])
    assert "Website inspection bulletin 2026-9, 28 November 2026" in text
    assert "Fix by: 13 December 2026 (within 15 days)" in text and "report back to office@mengjin.gov.cn" in text
    assert "refused to an automatic visitor (HTTP 403)" in text and "failed (veto item)" in text
    assert bulletins["unit:town-a"].subject == (
        "[Website inspection bulletin] 城关镇人民政府: 1 problems, please fix them in time and report back by "
        "13 December 2026 (Website inspection bulletin 2026-9)")
    office_text, _ = _bodies(bulletins["office"])
    assert "Not ranked:\n  - 城关镇人民政府网  failed (veto item)" in office_text and "97.00" not in office_text
