"""What a check could not judge is kept with the run (both databases) and shown in the HTML report."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from auditor.models import UnverifiedCheck
from auditor.report.data import RunReport
from auditor.report.html import render_html
from auditor.store import Store
from tests.untrusted import SCRIPT, assert_escaped

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
PLACES = [
    UnverifiedCheck("portal", "tzgg", "column.empty", "http://127.0.0.1/tzgg/", "通知公告 列表由脚本加载，未判定是否为空"),
    UnverifiedCheck("town", "wj", "document.late", "http://127.0.0.1/wj/1.pdf?a=2&b=1", "条目链接为文件\x00，无法读取"),
]


def test_unverified_places_are_kept_with_their_run(store: Store) -> None:
    run_id = store.start_run(AS_OF, ["portal", "town"])
    store.complete_run(run_id, AS_OF, ["portal", "town"], ["mengjin-2011"], [], [], pages=3, links=4, unverified=PLACES)
    kept = store.unverified_checks(run_id)
    assert kept[0] == PLACES[0]
    assert kept[1] == dataclasses.replace(PLACES[1], reason="条目链接为文件，无法读取")  # the NUL is dropped, nothing else
    assert kept[1].url == "http://127.0.0.1/wj/1.pdf?a=2&b=1"  # as linked
    assert store.unverified_checks(run_id + 1) == []


def test_the_report_lists_them_escaped(store: Store) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    hostile = UnverifiedCheck("portal", "tzgg", "column.empty", f"http://127.0.0.1/{SCRIPT}", f"栏目 {SCRIPT} 列表由脚本加载")
    store.complete_run(run_id, AS_OF, ["portal"], ["mengjin-2011"], [], [], pages=1, links=0, unverified=[hostile])
    run = store.run(run_id)
    assert run is not None
    report = RunReport(run=run, previous_run=None, sites=(), units=(), violations=(), scores=(),
                       unverified=tuple(store.unverified_checks(run_id)))
    html = render_html(report)
    assert "未能判定（不计为问题，请人工核对）" in html and "列表由脚本加载" in html
    assert_escaped(html)
    empty = render_html(dataclasses.replace(report, unverified=()))
    assert "未能判定" not in empty
