"""Site judgements in the store (a run in stages, auditor/audit.py), on SQLite and PostgreSQL:
a judgement reads back as written and saving again replaces it; clearing a site stage removes
that site's rows of the run alone; a stage's new verdicts keep the run's."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from auditor.models import (
    ColumnCoverage,
    FetchResult,
    Finding,
    Link,
    LinkResult,
    ListItem,
    Outcome,
    Page,
    Severity,
    SiteCoverage,
    UnverifiedCheck,
)
from auditor.store import Store
from auditor.store.judgements import JudgementRecord
from auditor.store.tables import column_items, link_results, links, pages, site_judgements

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
HOME = "http://127.0.0.10/"
SURROGATE = "\udc8f"  # a lone surrogate, as a badly encoded page yields: it must read back as it was


def a_finding(rule: str, url: str, key: str = "") -> Finding:
    return Finding(
        ruleset="mengjin-2011", rule=rule, check="link.broken", severity=Severity.MAJOR, points=0.5, veto=False,
        site="portal", column="tzgg", url=url, message="链接无法打开\x00 <script>alert(1)</script>", key=key,
        evidence={"status": 404, "days": 3.25, "sources": ["首页", "通知"], "nested": {"none": None, "ok": True}},
    )


def _judgement() -> JudgementRecord:
    return JudgementRecord(
        site="portal",
        findings=(a_finding("links", HOME + f"a?q={SURROGATE}", key=f"k{SURROGATE}"), a_finding("links-2", HOME + "b")),
        unjudged=(UnverifiedCheck("portal", None, "column.empty", HOME + "tzgg/", "列表由脚本加载，未判定是否为空"),),
        coverage=SiteCoverage(
            site="portal", pages=12, home_read=True, detail_pages=5, failed_pages=1, robots_pages=2,
            unverified_pages=1, over_budget=7, timed_out=True,
            columns=(ColumnCoverage("tzgg", "通知公告", 3, 40, capped=True), ColumnCoverage("xw", "要闻", 0, 0, reachable=False)),
        ),
        pages=12, targets=30,
        facts={"sizes": [["mengjin-2011", "links", 12]], "home_unread": "首页无法打开（404），未能检查"},
        unverified=({"site": "portal", "url": "http://127.0.0.9/x", "outcome": "unverified", "status": 403,
                     "error": "http-403", "sources": [{"page": HOME, "text": "县教育局"}], "source_count": 1},),
    )


def test_a_site_judgement_reads_back_as_it_was_written_and_saving_again_replaces_it(store: Store) -> None:
    run_id = store.start_run(AS_OF, ["portal", "town"])
    written = _judgement()
    store.save_site_judgement(run_id, written)
    store.save_site_judgement(run_id, JudgementRecord("town"))  # nothing found, no coverage
    assert store.site_judgements(run_id) == {"portal": written, "town": JudgementRecord("town")}
    assert store.site_judgements(run_id)["portal"].findings[0].url.endswith(SURROGATE)  # not "?"

    again = dataclasses.replace(written, findings=written.findings[1:], pages=13)
    store.save_site_judgement(run_id, again)
    assert store.site_judgements(run_id) == {"portal": again, "town": JudgementRecord("town")}
    assert store.site_judgements(run_id + 1) == {}


def _page(url: str, site: str, targets: tuple[str, ...] = (), items: tuple[ListItem, ...] = ()) -> tuple[Page, FetchResult]:
    page = Page(url=url, final_url=url, site_id=site, column_id="news" if items else None, status=200,
                outcome=Outcome.OK, links=tuple(Link(url, target, "a", "href") for target in targets), items=items)
    return page, FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200, fetched_at=AS_OF)


def test_clearing_a_site_stage_removes_that_site_s_rows_alone_and_new_verdicts_keep_the_run_s(
    store: Store, store_url: str,
) -> None:
    run_id = store.start_run(AS_OF, ["portal", "town"])
    gone = "http://127.0.0.9/gone"
    item = (ListItem("通知", HOME + "n/1.html", date(2026, 11, 27)),)
    store.add_pages(run_id, [_page(HOME, "portal", (gone,)), _page(HOME + "n/", "portal", items=item),
                             _page("http://127.0.0.11/", "town", (gone,), item)])
    store.add_link_results(run_id, [LinkResult(gone, Outcome.BROKEN, 404)])
    store.save_site_judgement(run_id, JudgementRecord("portal"))
    store.save_site_judgement(run_id, JudgementRecord("town"))
    assert site_row_counts(store_url, run_id, "portal") == {"pages": 2, "links": 1, "column_items": 1, "site_judgements": 1}

    store.clear_site_stage(run_id, "portal")
    assert site_row_counts(store_url, run_id, "portal") == {"pages": 0, "links": 0, "column_items": 0, "site_judgements": 0}
    assert site_row_counts(store_url, run_id, "town") == {"pages": 1, "links": 1, "column_items": 1, "site_judgements": 1}

    # a site stage run again brings its verdicts: the run keeps the one it has on `gone`
    added = store.add_new_link_results(run_id, [LinkResult(gone, Outcome.OK, 200), LinkResult(HOME, Outcome.OK, 200)])
    assert added == 1
    assert run_verdicts(store_url, run_id) == {gone: "broken", HOME: "ok"}


def site_row_counts(url: str, run_id: int, site: str) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table).where(
                    table.c.run_id == run_id, table.c.site_id == site)).scalar_one()
                for table in (pages, links, column_items, site_judgements)
            }
    finally:
        engine.dispose()


def run_verdicts(url: str, run_id: int) -> dict[str, str]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            query = sa.select(link_results.c.url, link_results.c.outcome).where(link_results.c.run_id == run_id)
            return {row.url: row.outcome for row in conn.execute(query)}
    finally:
        engine.dispose()
