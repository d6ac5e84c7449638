"""content.outdated, report.missing and column.cadence in working days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.checks.report_missing import names_annual_report
from auditor.errors import RulesetError
from auditor.models import Finding
from auditor.rules import Ruleset, parse_ruleset_data

AS_OF = date(2026, 11, 28)


def ruleset(check: str, params: dict[str, Any] | None = None, message: str = "") -> Ruleset:
    rule = {"id": "r", "check": check, "title": "t", "source": "s", "params": params or {}, "message": message}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [rule]}, "t.toml")


def judge(check: str, column: dict[str, Any], params: dict[str, Any] | None = None, message: str = "",
          **spec: Any) -> list[Finding]:
    return evaluate([ruleset(check, params, message)], build_site({"as_of": AS_OF, "column": column, **spec}))


# ---- content.outdated ----

def outdated(items: list[Any], params: dict[str, Any] | None = None, **column: Any) -> list[Finding]:
    return judge("content.outdated", {"items": items, **column}, params, "回头看要求清理过时信息")


def test_exactly_max_age_old_passes_and_one_day_older_fails() -> None:
    assert outdated([date(2024, 11, 28)]) == []  # 730 days
    (finding,) = outdated([{"title": "旧闻", "url": "http://127.0.0.1/old.html", "date": date(2024, 11, 27)}])
    assert finding.url == "http://127.0.0.1/old.html" and finding.column == "column"
    assert finding.message == "孟津要闻 中的《旧闻》发布于2024年11月27日，已超过 2 年仍在栏目中展示（回头看要求清理过时信息）"
    assert finding.evidence == {"date": "2024-11-27", "as_of": "2026-11-28", "age_days": 731, "max_age_days": 730.0}


def test_each_outdated_item_is_one_finding_and_a_repeat_counts_once() -> None:
    items = [{"url": f"http://127.0.0.1/2008/{n}.html", "date": date(2008, 5, 1) + timedelta(n)} for n in range(5)]
    findings = outdated([*items, items[0], AS_OF])
    assert [f.url for f in findings] == [item["url"] for item in items]


def test_undated_and_future_items_are_not_judged() -> None:
    assert outdated([date(2062, 1, 1)], undated=4) == []


def test_the_age_reads_in_the_units_it_was_written_in() -> None:
    (finding,) = outdated([date(2026, 5, 1)], {"max_age": "6mo"})
    assert "已超过 6 个月仍在栏目中展示" in finding.message
    assert outdated([date(2026, 6, 1)], {"max_age": "6mo"}) == []  # "6mo" is 180 days: exactly at the limit


def test_an_unreachable_column_is_left_to_column_unreachable() -> None:
    assert outdated([], reachable=False, status=500) == []


@pytest.mark.parametrize("params", [{"max_age": 2}, {"max_age": "0d"}, {"age": "2y"}])
def test_bad_ages_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(RulesetError):
        ruleset("content.outdated", params)


# ---- report.missing ----

REPORTS = {"name": "年度报告", "kind": "reports", "url": "http://127.0.0.1/ndbg/"}


def reports(as_of: date, titles: list[str], site_kind: str = "county", params: dict[str, Any] | None = None,
            **column: Any) -> list[Finding]:
    items = [{"title": title, "date": date(2020, 1, 1)} for title in titles]
    site = build_site({"as_of": as_of, "site_kind": site_kind, "column": {**REPORTS, "items": items, **column}})
    return evaluate([ruleset("report.missing", params, "规定按时公布年度报告")], site)


def test_government_deadline_boundary() -> None:
    only_2024 = ["2024年政府信息公开工作年度报告"]
    assert reports(date(2026, 3, 31), only_2024) == []  # on the deadline the 2024 report is the one due
    (finding,) = reports(date(2026, 4, 1), only_2024)
    assert finding.key == "2025" and finding.url == "http://127.0.0.1/ndbg/"
    assert finding.message == (
        "年度报告 栏目截至2026年4月1日未发布 2025 年政府信息公开工作年度报告，发布期限2026年3月31日已过（规定按时公布年度报告）"
    )
    assert finding.evidence == {"year": 2025, "deadline": "2026-03-31", "as_of": "2026-04-01", "items": 1}


def test_department_deadline_boundary() -> None:
    only_2024 = ["县教育局2024年政府信息公开工作年度报告"]
    assert reports(date(2026, 1, 31), only_2024, "department") == []
    (finding,) = reports(date(2026, 2, 1), only_2024, "department")
    assert finding.key == "2025" and "发布期限2026年1月31日已过" in finding.message
    assert reports(date(2026, 2, 1), only_2024, "town") == []  # a town site has until 31 March


def test_before_the_deadline_the_report_of_the_year_before_last_is_due() -> None:
    (finding,) = reports(date(2026, 2, 15), ["2023年政府信息公开工作年度报告"])
    assert finding.key == "2024" and "发布期限2025年3月31日已过" in finding.message


def test_configured_deadlines_replace_the_defaults() -> None:
    (finding,) = reports(date(2026, 3, 1), [], params={"government_deadline": "02-28"})
    assert finding.key == "2025"


def test_an_empty_column_lacks_the_report_and_an_unreachable_one_is_skipped() -> None:
    assert len(reports(AS_OF, [])) == 1
    assert reports(AS_OF, [], reachable=False, status=404) == []


@pytest.mark.parametrize("title", [
    "孟津县2025年政府信息公开工作年度报告",
    "孟津县人民政府2025年度政府信息公开工作年度报告",
    "县交通局2025年政府信息公开年报",
    "2025 年 政府信息公开工作报告",
    "２０２５年度政府信息公开工作年度报告",
    "二〇二五年政府信息公开工作年度报告",
    "二○二五年度信息公开工作年度报告",
])
def test_report_titles_that_name_the_year(title: str) -> None:
    assert names_annual_report(title, 2025)


@pytest.mark.parametrize("title", [
    "孟津县2024年政府信息公开工作年度报告",
    "2025年政府工作报告",
    "2025年工作总结",
    "关于2025年度预算的说明",
    "",
])
def test_titles_that_do_not(title: str) -> None:
    assert not names_annual_report(title, 2025)


def test_a_huge_title_is_judged_by_its_start_only() -> None:
    assert not names_annual_report("年" * 100_000 + "2025年年度报告", 2025)


@pytest.mark.parametrize("params", [{"government_deadline": "3-31"}, {"department_deadline": "02-29"},
                                    {"government_deadline": "13-01"}, {"deadline": "03-31"}])
def test_bad_deadlines_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(RulesetError):
        ruleset("report.missing", params)


# ---- column.cadence in working days ----

def cadence(items: list[date], params: dict[str, Any], as_of: date, **spec: Any) -> list[Finding]:
    column = {"name": "政务信息", "kind": "govinfo", "items": items, **spec.pop("column", {})}
    site = build_site({"as_of": as_of, "column": column, **spec})
    return evaluate([ruleset("column.cadence", {"calendar": "working", **params}, "规定每三个工作日更新")], site)


def test_a_gap_over_national_day_counts_only_working_days() -> None:
    three = {"max_interval": "3d"}
    # 09-30 to 10-09: 9 calendar days, 2 working days (10-08, 10-09)
    assert cadence([date(2026, 9, 30), date(2026, 10, 9)], three, date(2026, 10, 9)) == []
    # exactly 3 working days (10-08, 10-09, 10-10 the adjusted Saturday), then 4
    assert cadence([date(2026, 9, 30), date(2026, 10, 10)], three, date(2026, 10, 10)) == []
    (finding,) = cadence([date(2026, 9, 30), date(2026, 10, 12)], three, date(2026, 10, 12))
    assert finding.key == "gap:2026-09-30:2026-10-12"
    assert finding.message == "政务信息 2026年9月30日至2026年10月12日间隔 4 个工作日未更新（规定每三个工作日更新）"
    assert finding.evidence["days"] == 4 and finding.evidence["calendar"] == "working"


def test_staleness_counts_working_days_and_the_snapshots_corrections() -> None:
    one = {"max_interval": "1d"}
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    assert cadence([friday], one, monday) == []  # one working day later
    (stale,) = cadence([friday], one, monday, extra_workdays=[date(2026, 11, 28)])
    assert stale.message == "政务信息 最新信息发布于2026年11月27日，截至2026年11月30日已 2 个工作日未更新（规定每三个工作日更新）"


def test_a_columns_own_deadline_reads_in_working_days() -> None:
    (finding,) = cadence([date(2026, 11, 20)], {"max_interval": "3d"}, AS_OF, column={"update_within": "2d"})
    assert finding.message.endswith("已 5 个工作日未更新（本栏目规定 2 个工作日内更新）")


def test_calendar_days_stay_the_default_and_other_calendars_are_refused() -> None:
    with pytest.raises(RulesetError):
        ruleset("column.cadence", {"calendar": "lunar"})
    site = build_site({"as_of": date(2026, 10, 9), "column": {"items": [date(2026, 9, 30), date(2026, 10, 9)]}})
    (finding,) = evaluate([ruleset("column.cadence", {"max_interval": "3d"})], site)
    assert "间隔 9 天未更新" in finding.message and "calendar" not in finding.evidence
