"""document.late and document.metadata on snapshots with document readings."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.errors import RulesetError
from auditor.models import DocumentMeta, Finding, PageReading
from auditor.rules import Ruleset, parse_ruleset_data

DOC = "http://127.0.0.1/zfwj/2026/1.html"
COMPLETE = {"index_no": "00000-2026-00001", "publisher": "孟津县人民政府办公室", "doc_no": "孟政办〔2026〕12号",
            "formed": date(2026, 10, 1), "published": date(2026, 10, 8)}


def ruleset(check: str, params: dict[str, Any] | None = None, message: str = "规定文件形成20日内公开") -> Ruleset:
    rule = {"id": "r", "check": check, "title": "t", "source": "s", "params": params or {}, "message": message,
            "applies_to": {"column_kinds": ["documents"]}}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [rule]}, "t.toml")


def site(*readings: dict[str, Any], **spec: Any) -> Any:
    column = {"name": "政府文件", "kind": "documents", "url": "http://127.0.0.1/zfwj/"}
    return build_site({"column": column, "readings": list(readings), **spec})


def late(formed: str, published: str, params: dict[str, Any] | None = None, **spec: Any) -> list[Finding]:
    reading = {"url": DOC, "document": {"title": "通知", "formed": date.fromisoformat(formed),
                                       "published": date.fromisoformat(published)}}
    return evaluate([ruleset("document.late", params)], site(reading, **spec))


# ---- document.late ----

def test_twenty_calendar_days_pass_and_twenty_one_fail() -> None:
    assert late("2026-10-01", "2026-10-21") == []
    (finding,) = late("2026-10-01", "2026-10-22")
    assert finding.url == DOC and finding.key == "" and finding.column == "column"
    assert finding.message == "《通知》成文日期2026年10月1日，发布日期2026年10月22日，相隔 21 天（规定文件形成20日内公开）"
    assert finding.evidence == {"formed": "2026-10-01", "published": "2026-10-22", "days": 21,
                                "max_delay_days": 20.0, "calendar": "calendar"}


def test_working_days_over_national_day_boundary() -> None:
    working = {"max_delay": "20d", "calendar": "working"}
    # formed just before 国庆: 28 calendar days are 16 working days
    assert late("2026-09-29", "2026-10-27", working) == []
    assert len(late("2026-09-29", "2026-10-27")) == 1  # the same document in calendar days
    assert late("2026-09-29", "2026-11-02", working) == []  # exactly 20 working days
    (finding,) = late("2026-09-29", "2026-11-03", working)
    assert finding.evidence["days"] == 21 and finding.evidence["calendar"] == "working"
    assert "相隔 21 个工作日" in finding.message


def test_the_snapshots_calendar_corrections_count() -> None:
    working = {"max_delay": "20d", "calendar": "working"}
    (finding,) = late("2026-09-29", "2026-11-02", working, extra_workdays=[date(2026, 10, 31)])
    assert finding.evidence["days"] == 21
    assert late("2026-09-29", "2026-11-03", working, extra_holidays=[date(2026, 11, 3)]) == []


def test_the_page_date_stands_in_for_a_missing_block_date() -> None:
    reading = {"url": DOC, "title": "页面标题", "published": date(2026, 11, 1), "document": {"formed": date(2026, 10, 1)}}
    (finding,) = evaluate([ruleset("document.late")], site(reading))
    assert finding.message.startswith("《页面标题》成文日期2026年10月1日，发布日期2026年11月1日，相隔 31 天")
    # the block's own 发布日期 wins over the page's
    reading["document"] = {"formed": date(2026, 10, 1), "published": date(2026, 10, 5)}
    assert evaluate([ruleset("document.late")], site(reading)) == []


def test_documents_lacking_a_date_or_published_before_formed_are_skipped() -> None:
    readings = [
        {"url": DOC, "document": {"published": date(2026, 11, 1)}},
        {"url": DOC + "?2", "published": date(2026, 11, 1)},
        {"url": DOC + "?3", "document": {"formed": date(2026, 1, 1)}},
        {"url": DOC + "?4", "document": {"formed": date(2026, 11, 1), "published": date(2026, 1, 1)}},
    ]
    assert evaluate([ruleset("document.late")], site(*readings)) == []


def test_only_the_columns_own_readings_are_judged() -> None:
    snapshot = site()
    other = PageReading(url=DOC, column_id="elsewhere", kind="documents",
                        document=DocumentMeta(formed=date(2026, 1, 1), published=date(2026, 11, 1)))
    assert evaluate([ruleset("document.late")], dataclasses.replace(snapshot, readings=(other,))) == []


def test_an_untitled_document_is_named_by_its_url_and_a_long_title_is_clipped() -> None:
    dates = {"formed": date(2026, 1, 1), "published": date(2026, 11, 1)}
    (untitled,) = evaluate([ruleset("document.late")], site({"url": DOC, "document": dates}))
    assert untitled.message.startswith(f"文件 {DOC} 成文日期2026年1月1日")
    (long,) = evaluate([ruleset("document.late")], site({"url": DOC, "title": "长" * 5000, "document": dates}))
    assert len(long.message) < 200 and "…》" in long.message


@pytest.mark.parametrize("params", [{"max_delay": 20}, {"max_delay": "soon"}, {"calendar": "lunar"}, {"delay": "20d"}])
def test_bad_parameters_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(RulesetError):
        ruleset("document.late", params)


# ---- document.metadata ----

def metadata(*readings: dict[str, Any], params: dict[str, Any] | None = None) -> list[Finding]:
    return evaluate([ruleset("document.metadata", params, message="")], site(*readings))


def test_a_complete_block_passes_and_each_missing_field_is_named_in_order() -> None:
    assert metadata({"url": DOC, "document": COMPLETE}) == []
    partial = {**COMPLETE, "index_no": "  ", "publisher": None}
    del partial["formed"]
    (finding,) = metadata({"url": DOC, "title": "通知", "document": partial})
    assert finding.message == "《通知》缺少索引号、发布机构、成文日期"
    assert finding.url == DOC and finding.key == ""
    assert finding.evidence == {"missing": ["index_no", "publisher", "formed"]}


def test_a_page_without_a_block_is_not_accused_of_lacking_every_field() -> None:
    # a policy explainer or a news item listed in the documents column: unverified, not a finding
    assert metadata({"url": DOC, "title": "通知"}) == []
    assert metadata({"url": DOC, "title": "通知", "document": {"title": "通知"}}) == []
    (finding,) = metadata({"url": DOC, "title": "通知", "document": {"doc_no": "孟政〔2026〕3号"}})
    assert finding.message == "《通知》缺少索引号、发布机构、成文日期、发布日期"


def test_the_page_date_counts_as_the_publication_date() -> None:
    block = {k: v for k, v in COMPLETE.items() if k != "published"}
    assert metadata({"url": DOC, "published": date(2026, 10, 8), "document": block}) == []
    (finding,) = metadata({"url": DOC, "document": block})
    assert finding.evidence == {"missing": ["published"]}


def test_only_the_required_fields_are_judged() -> None:
    assert metadata({"url": DOC, "document": {"formed": date(2026, 10, 1), "published": date(2026, 10, 8)}},
                    params={"required": ["formed", "published"]}) == []


def test_pages_that_are_not_documents_are_left_alone() -> None:
    snapshot = site()
    leaders = PageReading(url="http://127.0.0.1/ldxx/", column_id="column", kind="leaders")
    assert evaluate([ruleset("document.metadata")], dataclasses.replace(snapshot, readings=(leaders,))) == []


@pytest.mark.parametrize("params", [{"required": []}, {"required": ["title"]}, {"required": ["formed", "formed"]}])
def test_bad_required_lists_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(RulesetError):
        ruleset("document.metadata", params)
