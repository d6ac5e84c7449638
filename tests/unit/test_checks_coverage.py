"""What the checks could not judge is reported apart, with the reason, and never accused."""

from __future__ import annotations

from auditor.api import builtin_rulesets
from auditor.checks import evaluate
from auditor.checks.coverage import MAX_PER_COLUMN, unverified_checks
from auditor.checks.examples import build_site

MENGJIN = [r for r in builtin_rulesets() if r.id == "mengjin-2011"]


def test_a_script_filled_list_is_unverified_not_empty() -> None:
    site = build_site({"column": {"name": "通知公告", "kind": "notices", "url": "http://127.0.0.1/tzgg/", "scripted": True}})
    assert [f for f in evaluate(MENGJIN, site) if f.check == "column.empty"] == []
    (place,) = unverified_checks(MENGJIN, site)
    assert (place.check, place.url) == ("column.empty", "http://127.0.0.1/tzgg/")
    assert "脚本" in place.reason


def test_item_pages_not_read_are_listed_by_the_check_that_skipped_them() -> None:
    items = [{"title": "文件一", "url": "http://127.0.0.1/wj/1.html", "date": "2026-11-20"},
             {"title": "文件二", "url": "http://127.0.0.1/wj/2.pdf", "date": "2026-11-21"},
             {"title": "文件三", "url": "http://127.0.0.1/wj/3.html", "date": "2026-11-22"}]
    site = build_site({"column": {"name": "政府文件", "kind": "documents", "url": "http://127.0.0.1/wj/", "items": items},
                       "readings": [{"url": "http://127.0.0.1/wj/1.html", "document": {"doc_no": "孟政〔2026〕1号"}}]})
    places = unverified_checks(MENGJIN, site)
    assert [(p.check, p.url) for p in places] == [
        ("document.late", "http://127.0.0.1/wj/2.pdf"), ("document.late", "http://127.0.0.1/wj/3.html")]
    assert "PDF" in places[0].reason and "未能读取" in places[1].reason


def test_a_column_no_rule_judges_item_by_item_has_nothing_unverified() -> None:
    site = build_site({"column": {"name": "要闻", "kind": "news", "items": [{"url": "http://127.0.0.1/n/1.html", "date": "2026-11-27"}]}})
    assert unverified_checks(MENGJIN, site) == []


def test_a_huge_unread_column_is_summed_up() -> None:
    items = [{"url": f"http://127.0.0.1/wj/{n}.pdf", "date": "2026-11-20"} for n in range(MAX_PER_COLUMN + 7)]
    site = build_site({"column": {"name": "政府文件", "kind": "documents", "url": "http://127.0.0.1/wj/", "items": items}})
    places = unverified_checks(MENGJIN, site)
    assert len(places) == MAX_PER_COLUMN + 1 and "另有 7 个" in places[-1].reason


def test_a_documents_page_without_a_block_is_unverified() -> None:
    items = [{"title": "政策解读", "url": "http://127.0.0.1/wj/1.html", "date": "2026-11-20"}]
    site = build_site({"column": {"name": "政府文件", "kind": "documents", "url": "http://127.0.0.1/wj/", "items": items},
                       "readings": [{"url": "http://127.0.0.1/wj/1.html", "title": "关于《方案》的政策解读"}]})
    assert [f for f in evaluate(MENGJIN, site) if f.check.startswith("document.")] == []
    (place,) = unverified_checks(MENGJIN, site)
    assert (place.check, place.url) == ("document.metadata", "http://127.0.0.1/wj/1.html") and "文件信息" in place.reason


def test_a_letter_silent_about_its_answer_is_unverified_not_overdue() -> None:
    letter = {"subject": "路灯不亮", "url": "http://127.0.0.1/xx/1.html", "sent": "2026-10-01"}
    site = build_site({"column": {"name": "县长信箱", "kind": "mailbox", "url": "http://127.0.0.1/xx/"},
                       "readings": [{"url": "http://127.0.0.1/xx/1.html", "letters": [letter]}]})
    assert [f for f in evaluate(MENGJIN, site) if f.check == "mailbox.overdue"] == []
    (place,) = unverified_checks(MENGJIN, site)
    assert (place.check, place.url) == ("mailbox.overdue", "http://127.0.0.1/xx/1.html") and "未注明" in place.reason


NATIONAL = [r for r in builtin_rulesets() if r.id == "gov-cn-2019"]


def test_a_column_stopped_at_the_page_cap_says_its_older_items_were_not_judged() -> None:
    site = build_site({"column": {"name": "财政预决算", "kind": "other", "url": "http://127.0.0.1/czyjs/", "capped": True,
                                  "items": ["2026-11-20"]}})
    (place,) = unverified_checks(MENGJIN, site)
    assert (place.check, place.url) == ("content.outdated", "http://127.0.0.1/czyjs/") and "上限" in place.reason
    uncapped = build_site({"column": {"name": "财政预决算", "kind": "other", "items": ["2026-11-20"]}})
    assert unverified_checks(MENGJIN, uncapped) == []


def test_a_home_page_behind_a_bot_wall_is_unverified_not_dead() -> None:
    site = build_site({"home": {"outcome": "unverified", "status": 403, "error": "http-403"}, "column": {"items": ["2026-11-27"]}})
    assert [f for f in evaluate(MENGJIN + NATIONAL, site) if f.check == "site.availability"] == []
    places = {(p.check, p.url) for p in unverified_checks(MENGJIN + NATIONAL, site)}
    assert places == {("site.availability", site.url), ("site.identity", site.url)}


def test_a_dead_home_page_is_a_problem_and_its_footer_goes_unjudged() -> None:
    site = build_site({"home": {"outcome": "broken", "error": "refused", "attempts": 5}, "column": {"items": ["2026-11-27"]}})
    assert [f.rule for f in evaluate(MENGJIN + NATIONAL, site) if f.check == "site.availability"] == [
        "home-reachable", "home-unavailable-at-audit"]
    assert [(p.check, p.url) for p in unverified_checks(MENGJIN + NATIONAL, site)] == [("site.identity", site.url)]
