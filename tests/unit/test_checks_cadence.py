"""column.cadence: gaps in the item history and staleness at the audit date, at and past the limit."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks import evaluate
from auditor.checks.examples import build_site
from auditor.models import Finding
from auditor.rules import Ruleset, parse_ruleset_data

AS_OF = date(2026, 11, 28)


def cadence(params: dict[str, Any] | None = None, message: str = "规定每天更新") -> Ruleset:
    rule = {"id": "news-daily", "check": "column.cadence", "title": "t", "source": "s",
            "params": params or {}, "message": message}
    return parse_ruleset_data({"ruleset": {"id": "t", "name": "t", "source": "s"}, "rules": [rule]}, "t.toml")


def judge(items: list[date], params: dict[str, Any] | None = None, as_of: date = AS_OF, **column: Any) -> list[Finding]:
    site = build_site({"as_of": as_of, "column": {"items": items, **column}})
    return evaluate([cadence(params)], site)


def days_before(n: int) -> date:
    return AS_OF - timedelta(days=n)


def test_the_brief_example_gives_exactly_one_gap() -> None:
    (finding,) = judge([date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 5)], as_of=date(2026, 11, 5))
    assert finding.key == "gap:2026-11-02:2026-11-05"
    assert finding.message == "孟津要闻 2026年11月2日至2026年11月5日间隔 3 天未更新（规定每天更新）"
    assert finding.evidence == {"start": "2026-11-02", "end": "2026-11-05", "days": 3, "max_interval_days": 1.0}
    assert finding.url == "http://127.0.0.1/news/" and finding.column == "column"


def test_a_gap_exactly_at_the_limit_passes_and_one_day_over_fails() -> None:
    three = {"max_interval": "3d"}
    assert judge([days_before(3), AS_OF], three) == []
    (finding,) = judge([days_before(4), AS_OF], three)
    assert finding.key == f"gap:{days_before(4)}:{AS_OF}" and finding.evidence["days"] == 4


def test_staleness_exactly_at_the_limit_passes_and_one_day_over_fails() -> None:
    assert judge([days_before(1)]) == []
    (finding,) = judge([days_before(2)])
    assert finding.key == f"stale:{days_before(2)}"
    assert finding.message == "孟津要闻 最新信息发布于2026年11月26日，截至2026年11月28日已 2 天未更新（规定每天更新）"


def test_the_spec_stale_message() -> None:
    (finding,) = judge([date(2026, 11, 20)])
    assert finding.message == "孟津要闻 最新信息发布于2026年11月20日，截至2026年11月28日已 8 天未更新（规定每天更新）"
    assert finding.evidence["days"] == 8 and finding.evidence["newest"] == "2026-11-20"


def test_history_is_judged_not_only_the_newest_item() -> None:
    items = [days_before(n) for n in (0, 1, 4, 5, 9)]
    assert [f.key for f in judge(items)] == [
        f"gap:{days_before(9)}:{days_before(5)}", f"gap:{days_before(4)}:{days_before(1)}",
    ]


def test_only_gaps_ending_inside_the_window_count() -> None:
    window = {"window": "15d"}
    # the later date 15 days back is outside (as_of - 15d, as_of]; 14 days back is inside
    assert judge([days_before(20), days_before(15), *map(days_before, range(15))], window) == []
    (finding,) = judge([days_before(20), *map(days_before, range(15))], window)
    assert finding.key == f"gap:{days_before(20)}:{days_before(14)}"


def test_same_day_items_count_once_and_order_does_not_matter() -> None:
    items = [AS_OF, days_before(3), AS_OF, days_before(3), days_before(1)]
    (finding,) = judge(items)
    assert finding.key == f"gap:{days_before(3)}:{days_before(1)}"
    assert judge(list(reversed(items))) == judge(items)


def test_the_columns_own_deadline_replaces_the_rules() -> None:
    items = [days_before(7), AS_OF]
    assert judge(items, {"max_interval": "1d"}, update_within="7d") == []
    (finding,) = judge(items, {"max_interval": "30d"}, update_within="3d")
    assert finding.message.endswith("间隔 7 天未更新（本栏目规定 3 天内更新）")
    assert finding.evidence["max_interval_days"] == 3.0


def test_a_column_deadline_equal_to_the_rules_keeps_the_rules_wording() -> None:
    (finding,) = judge([days_before(5)], {"max_interval": "1d"}, update_within="1d")
    assert finding.message.endswith("（规定每天更新）")


def test_evaluate_overrides_replace_the_snapshots_deadline() -> None:
    site = build_site({"column": {"items": [days_before(7), AS_OF], "update_within": "1d"}})
    assert len(evaluate([cadence()], site)) == 1
    assert evaluate([cadence()], site, column_overrides={"column": 7.0}) == []
    assert len(evaluate([cadence()], site, column_overrides={"other": 7.0})) == 1


def test_hours_are_a_fraction_of_a_day() -> None:
    (finding,) = judge([days_before(1), AS_OF], {"max_interval": "12h"}, update_within="12h")
    assert finding.key == f"gap:{days_before(1)}:{AS_OF}"
    (finding,) = judge([days_before(2), AS_OF], {"max_interval": "3d"}, update_within="12h")
    assert finding.message.endswith("（本栏目规定 12 小时内更新）")


def test_undated_items_are_ignored() -> None:
    assert judge([days_before(1), AS_OF], undated=30) == []


def test_items_without_any_date_give_one_nodates_finding() -> None:
    (finding,) = judge([], undated=4, name="政务信息")
    assert finding.key == "nodates"
    assert finding.message == "政务信息 栏目中的 4 条信息均无有效发布日期，无法判断是否按时更新（规定每天更新）"


def test_dates_after_the_audit_do_not_hide_a_stale_column() -> None:
    (finding,) = judge([days_before(10), date(2062, 11, 1)])
    assert finding.key == f"stale:{days_before(10)}"
    (only,) = judge([date(2062, 11, 1)])
    assert only.key == "nodates"


def test_empty_and_unreachable_columns_are_left_to_their_own_checks() -> None:
    assert judge([]) == []
    assert judge([], reachable=False, status=404) == []


def test_only_columns_with_their_own_deadline_when_asked() -> None:
    params = {"only_with_column_deadline": True}
    assert judge([days_before(100)], params) == []
    assert judge([days_before(100)], params, update_within="1y") == []
    (finding,) = judge([days_before(100)], params, update_within="30d")
    assert finding.key == f"stale:{days_before(100)}"
    assert finding.message.endswith("已 100 天未更新（本栏目规定 30 天内更新）")


def test_evidence_is_json() -> None:
    for finding in judge([days_before(9), days_before(3)], undated=2):
        assert json.loads(json.dumps(finding.evidence)) == finding.evidence


@settings(max_examples=200, deadline=None)
@given(
    offsets=st.lists(st.one_of(st.none(), st.integers(-30, 400)), max_size=60),
    interval=st.integers(1, 40),
    window=st.integers(1, 60),
)
def test_every_finding_is_a_real_violation(offsets: list[int | None], interval: int, window: int) -> None:
    items = [None if n is None else days_before(n) for n in offsets]
    dated = sorted({d for d in items if d is not None and d <= AS_OF})
    site = build_site({"column": {"items": [d for d in items if d is not None], "undated": items.count(None)}})
    findings = evaluate([cadence({"max_interval": f"{interval}d", "window": f"{window}d"})], site)
    expected_gaps = [
        (a, b) for a, b in zip(dated, dated[1:], strict=False) if (b - a).days > interval and (AS_OF - b).days < window
    ]
    gaps = [f for f in findings if f.key.startswith("gap:")]
    assert [(f.evidence["start"], f.evidence["end"]) for f in gaps] == [(a.isoformat(), b.isoformat()) for a, b in expected_gaps]
    stale = [f for f in findings if f.key.startswith("stale:")]
    assert len(stale) == (1 if dated and (AS_OF - dated[-1]).days > interval else 0)
    assert [f.key for f in findings if f.key == "nodates"] == (["nodates"] if items and not dated else [])
