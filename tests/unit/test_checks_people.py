"""leader.incomplete, service.incomplete, mailbox.overdue: what is judged, deduplication, limits."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.errors import RulesetError
from auditor.models import Finding, PageReading
from auditor.rules import Ruleset, parse_ruleset_data

LEADERS = {"name": "领导信息", "kind": "leaders", "url": "http://127.0.0.1/ldxx/"}
SERVICES = {"name": "办事指南", "kind": "services", "url": "http://127.0.0.1/bszn/"}
MAILBOX = {"name": "县长信箱", "kind": "mailbox", "url": "http://127.0.0.1/xzxx/"}
PHOTO = "http://127.0.0.1/zs.jpg"
FORM = "http://127.0.0.1/f/1.doc"


def one_rule(check: str, params: dict[str, Any] | None = None, message: str = "") -> Ruleset:
    spec = {"id": "r", "check": check, "title": "t", "source": "s", "message": message, "params": params or {}}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [spec]}, "t.toml")


def judge(check: str, site: dict[str, Any], params: dict[str, Any] | None = None, message: str = "") -> list[Finding]:
    findings = evaluate([one_rule(check, params, message)], build_site(site))
    for finding in findings:
        json.dumps(finding.evidence)
    return findings


# ---- leader.incomplete ----

def leader(**fields: Any) -> dict[str, Any]:
    full = {"name": "张三", "post": "县长", "photo": PHOTO, "duties": "主持县政府全面工作", "cv": "男，汉族，1970年生"}
    return {key: value for key, value in {**full, **fields}.items() if value is not None}


def leaders_site(*readings: dict[str, Any], photo: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"column": LEADERS, "readings": list(readings), "resources": [{"url": PHOTO, **(photo or {})}] if photo else []}


def test_a_complete_leader_with_a_loading_photo_passes() -> None:
    page = {"url": "http://127.0.0.1/ldxx/zs.html", "leaders": [leader()]}
    assert judge("leader.incomplete", leaders_site(page, photo={"outcome": "ok", "status": 200})) == []
    assert judge("leader.incomplete", leaders_site(page, photo={"outcome": "redirected", "status": 200})) == []
    assert judge("leader.incomplete", leaders_site(page)) == []  # a photo never checked is not judged


def test_everything_missing_is_listed_in_one_finding_on_the_leaders_page() -> None:
    # read on the leader's own page (by its labels: the reading's url is the leader's)
    own = "http://127.0.0.1/ldxx/ls.html"
    page = {"url": own, "leaders": [leader(name="李四", post="副县长", photo=None, duties=" ", cv="", url=own)]}
    (finding,) = judge("leader.incomplete", leaders_site(page), message="要求公开领导照片、分工、简历")
    assert finding.url == "http://127.0.0.1/ldxx/ls.html" and finding.key == "李四" and finding.column == "column"
    assert finding.message == "领导信息 李四（副县长）缺少：照片、分工、简历（要求公开领导照片、分工、简历）"
    assert finding.evidence["missing"] == ["photo", "duties", "cv"]


def test_a_name_and_post_alone_off_the_leaders_own_page_is_not_judged() -> None:
    article = {"url": "http://127.0.0.1/ldxx/t20261120_1.html",
               "leaders": [leader(name="李四", post="副县长", photo=None, duties="", cv="")]}
    assert judge("leader.incomplete", leaders_site(article)) == []
    listed = {"url": "http://127.0.0.1/ldxx/", "leaders": [
        leader(name="李四", post="副县长", photo=None, cv="", url="http://127.0.0.1/ldxx/ls.html")]}
    assert judge("leader.incomplete", leaders_site(listed)) == []  # its own page was never read
    own = {"url": "http://127.0.0.1/ldxx/ls.html", "leaders": [leader(name="李四", post="副县长", cv="", url="http://127.0.0.1/ldxx/ls.html")]}
    (finding,) = judge("leader.incomplete", leaders_site(listed, own))
    assert finding.url == "http://127.0.0.1/ldxx/ls.html" and finding.evidence["missing"] == ["cv"]


@pytest.mark.parametrize(("verdict", "reason"), [
    ({"status": 404}, "HTTP 404"),
    ({"outcome": "timeout", "error": "timeout"}, "访问超时"),
    ({"outcome": "wrong", "status": 200}, "内容与链接不符"),
])
def test_a_photo_that_does_not_load_is_missing(verdict: dict[str, Any], reason: str) -> None:
    page = {"url": "http://127.0.0.1/ldxx/zs.html", "leaders": [leader()]}
    (finding,) = judge("leader.incomplete", leaders_site(page, photo=verdict))
    assert finding.message == f"领导信息 张三（县长）缺少：照片（无法加载，{reason}）"


def test_unverified_photos_are_not_judged_broken() -> None:
    page = {"url": "http://127.0.0.1/ldxx/zs.html", "leaders": [leader()]}
    assert judge("leader.incomplete", leaders_site(page, photo={"outcome": "unverified", "status": 403})) == []


def test_a_leader_on_the_list_and_on_their_own_page_is_judged_once_by_the_fuller_entry() -> None:
    own = "http://127.0.0.1/ldxx/zs.html"
    listing = {"url": LEADERS["url"], "leaders": [leader(photo=None, duties="", cv="", url=own)]}
    page = {"url": own, "leaders": [leader(cv="")]}
    for readings in ((listing, page), (page, listing)):
        (finding,) = judge("leader.incomplete", leaders_site(*readings))
        assert finding.url == own and finding.message == "领导信息 张三（县长）缺少：简历"


def test_require_narrows_what_is_judged_and_unknown_fields_are_refused() -> None:
    page = {"url": "http://127.0.0.1/ldxx/zs.html", "leaders": [leader(cv="", duties="")]}
    assert judge("leader.incomplete", leaders_site(page), {"require": ["photo"]}) == []
    with pytest.raises(RulesetError, match="require"):
        one_rule("leader.incomplete", {"require": ["photo", "hobbies"]})
    with pytest.raises(RulesetError, match="requires"):
        one_rule("leader.incomplete", {"requires": ["photo"]})


def test_leaders_of_other_columns_are_not_this_columns() -> None:
    site = build_site(leaders_site({"url": "http://127.0.0.1/ldxx/", "leaders": [leader(cv="")]}))
    assert len(evaluate([one_rule("leader.incomplete")], site)) == 1
    elsewhere = PageReading(url="http://127.0.0.1/x/", column_id="other", kind="leaders", leaders=site.readings[0].leaders)
    assert evaluate([one_rule("leader.incomplete")], dataclasses.replace(site, readings=(elsewhere,))) == []


# ---- service.incomplete ----

ALL_FOUR = ["办理流程", "收费依据", "优惠政策", "表格下载"]


def services_site(*guides: dict[str, Any], forms: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    readings = [{"url": f"http://127.0.0.1/bszn/{n}.html", "service": guide} for n, guide in enumerate(guides)]
    return {"column": SERVICES, "readings": readings,
            "resources": [{"url": url, **verdict} for url, verdict in (forms or {}).items()]}


def test_a_complete_guide_passes_and_each_missing_element_is_named() -> None:
    assert judge("service.incomplete", services_site({"name": "宅基地审批", "elements": ALL_FOUR})) == []
    (finding,) = judge("service.incomplete", services_site({"name": "宅基地审批", "elements": ALL_FOUR[:1]}))
    assert finding.url == "http://127.0.0.1/bszn/0.html" and finding.key == ""
    assert finding.message == "办事指南《宅基地审批》（http://127.0.0.1/bszn/0.html）缺少：收费依据、优惠政策、表格下载"
    assert finding.evidence["missing"] == ["收费依据", "优惠政策", "表格下载"]


def test_failing_forms_join_the_same_finding_and_are_capped_in_the_message() -> None:
    forms = [f"http://127.0.0.1/f/{n}.doc" for n in range(5)]
    verdicts = {url: {"status": 404} for url in forms[:4]} | {forms[4]: {"outcome": "ok", "status": 200}}
    (finding,) = judge("service.incomplete", services_site({"name": "生育登记", "elements": ALL_FOUR, "forms": forms},
                                                           forms=verdicts))
    assert finding.evidence["failing_form_count"] == 4
    assert [f["url"] for f in finding.evidence["failing_forms"]] == forms[:4]
    assert "表格无法下载：http://127.0.0.1/f/0.doc（HTTP 404）、" in finding.message
    assert finding.message.endswith("http://127.0.0.1/f/2.doc（HTTP 404） 等 4 个")


def test_forms_must_download_false_ignores_dead_forms_and_unchecked_forms_are_not_judged() -> None:
    guide = {"name": "生育登记", "elements": ALL_FOUR, "forms": [FORM, "http://127.0.0.1/f/unchecked.doc"]}
    site = services_site(guide, forms={FORM: {"outcome": "timeout", "error": "timeout"}})
    assert judge("service.incomplete", site, {"forms_must_download": False}) == []
    (finding,) = judge("service.incomplete", site)
    assert "http://127.0.0.1/f/1.doc（访问超时）" in finding.message and "unchecked" not in finding.message


def test_one_finding_per_guide_and_a_guide_without_a_name_is_named_by_url() -> None:
    findings = judge("service.incomplete", services_site({"elements": ALL_FOUR[1:]}, {"name": "b", "elements": []}))
    assert [f.url for f in findings] == ["http://127.0.0.1/bszn/0.html", "http://127.0.0.1/bszn/1.html"]
    assert findings[0].message == "办事指南 http://127.0.0.1/bszn/0.html 缺少：办理流程"


def test_required_elements_must_be_elements_the_extractor_reads() -> None:
    assert judge("service.incomplete", services_site({"elements": ["办理流程"]}), {"required_elements": ["办理流程"]}) == []
    with pytest.raises(RulesetError, match="办事流程"):
        one_rule("service.incomplete", {"required_elements": ["办事流程"]})


# ---- mailbox.overdue ----

def mailbox_site(*letters: dict[str, Any], as_of: str = "2026-11-28") -> dict[str, Any]:
    return {"as_of": date.fromisoformat(as_of), "column": MAILBOX, "readings": [{"url": MAILBOX["url"], "letters": list(letters)}]}


@pytest.mark.parametrize(("sent", "overdue"), [("2026-11-13", False), ("2026-11-12", True)])
def test_unanswered_exactly_at_the_limit_is_in_time_one_day_more_is_overdue(sent: str, overdue: bool) -> None:
    for letter in ({"subject": "路灯不亮", "sent": sent, "answered": False, "status": "未回复"},
                   {"subject": "路灯不亮", "sent": sent, "answered": False, "status": "办理中"}):
        findings = judge("mailbox.overdue", mailbox_site(letter))
        assert len(findings) == int(overdue)
    # nothing said and no reply date: not accused (listed as unverified by the coverage)
    assert judge("mailbox.overdue", mailbox_site({"subject": "路灯不亮", "sent": sent})) == []
    if overdue:
        (finding,) = findings
        assert finding.url == MAILBOX["url"] and finding.key == "路灯不亮|2026-11-12"
        assert finding.message == "县长信箱 来信《路灯不亮》于2026年11月12日提交，截至2026年11月28日已 16 天未答复，超过 15 天的办理时限"
        assert finding.evidence["answered"] is False and finding.evidence["days"] == 16


@pytest.mark.parametrize(("replied", "late"), [("2026-10-16", False), ("2026-10-17", True)])
def test_answered_exactly_at_the_limit_is_in_time_one_day_more_is_late(replied: str, late: bool) -> None:
    letter = {"subject": "低保", "url": "http://127.0.0.1/xzxx/7.html", "sent": "2026-10-01", "replied": replied}
    findings = judge("mailbox.overdue", mailbox_site(letter), message="规定15天内答复")
    assert len(findings) == int(late)
    if late:
        assert findings[0].url == "http://127.0.0.1/xzxx/7.html" and findings[0].key == ""
        assert findings[0].message == ("县长信箱 来信《低保》于2026年10月1日提交，2026年10月17日才答复，历时 16 天，"
                                       "超过 15 天的办理时限（规定15天内答复）")


def test_letters_without_the_dates_needed_are_not_judged() -> None:
    no_sent = {"subject": "无日期", "answered": False}
    answered_no_date = {"subject": "已回复", "sent": "2026-01-01", "answered": True}
    assert judge("mailbox.overdue", mailbox_site(no_sent, answered_no_date)) == []


def test_a_letter_on_the_list_and_on_its_own_page_is_judged_once() -> None:
    url = "http://127.0.0.1/xzxx/1.html"
    listed = {"subject": "路灯不亮", "url": url, "sent": "2026-10-01"}
    own = {"subject": "路灯不亮", "url": url, "sent": "2026-10-01", "answered": True, "replied": "2026-10-10"}
    site = {"column": MAILBOX, "readings": [{"url": MAILBOX["url"], "letters": [listed]}, {"url": url, "letters": [own]}]}
    assert judge("mailbox.overdue", site) == []  # the letter page says it was answered in time
    unlinked = {"subject": "路灯不亮", "sent": "2026-10-01"}  # the same letter listed without its link
    site["readings"][0]["letters"] = [unlinked]
    assert judge("mailbox.overdue", site) == []


def test_the_limit_in_working_days_skips_the_national_day_holiday() -> None:
    letter = {"subject": "国庆来信", "sent": "2026-09-30", "answered": False}
    as_of = "2026-10-20"
    assert len(judge("mailbox.overdue", mailbox_site(letter, as_of=as_of), {"max_response": "15d"})) == 1
    working = {"max_response": "10d", "calendar": "working"}
    assert judge("mailbox.overdue", mailbox_site(letter, as_of=as_of), working) == []
    (finding,) = judge("mailbox.overdue", mailbox_site(letter, as_of="2026-10-21"), working)
    assert "已 11 个工作日未答复，超过 10 个工作日的办理时限" in finding.message
    assert finding.evidence["calendar"] == "working"


def test_bad_mailbox_params_are_refused() -> None:
    for params in ({"calendar": "lunar"}, {"max_response": 15}, {"max_response": "15d", "grace": "1d"}):
        with pytest.raises(RulesetError):
            one_rule("mailbox.overdue", params)


def test_garbage_subjects_are_clipped_in_messages() -> None:
    letter = {"subject": "长" * 5000, "sent": "2026-01-01", "answered": False}
    (finding,) = judge("mailbox.overdue", mailbox_site(letter))
    assert len(finding.message) < 200 and len(finding.key) < 100
