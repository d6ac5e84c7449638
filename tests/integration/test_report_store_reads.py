"""The store's reads for the report (both databases): open problems per site per run, unverified links."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.models import FetchResult, Link, LinkResult, Outcome, Page
from auditor.store import Store
from tests.mail_fixtures import seed_runs

AS_OF = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_open_problems_per_site_and_run_count_each_problem_once(store: Store) -> None:
    runs = seed_runs(store)
    counts = store.open_problem_counts([runs.first, runs.second])
    # run 1: portal's empty column and jyj-zx's leader; run 2 fixed the column and found five new problems
    assert counts == {
        (runs.first, "portal"): 1, (runs.first, "jyj-zx"): 1,
        (runs.second, "portal"): 1, (runs.second, "jyj-zx"): 1, (runs.second, "chengguan"): 2,
        (runs.second, "jyj"): 1, (runs.second, "slj"): 1,
    }
    assert store.open_problem_counts([]) == {}


def test_unverified_links_are_read_with_their_pages_and_texts(store: Store) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    home = "http://127.0.0.1/"
    links = (
        Link(home, "http://walled.example/a", "a", "href", "县档案馆"),
        Link(home, "http://robots.example/b", "a", "href", "内部系统"),
        Link(home, "http://fine.example/", "a", "href", "县政府"),
        Link(home, "http://gone.example/", "a", "href", "旧链接"),
    )
    page = Page(url=home, final_url=home, site_id="portal", column_id=None, status=200, outcome=Outcome.OK, links=links)
    store.add_pages(run_id, [(page, FetchResult(url=home, final_url=home, outcome=Outcome.OK, status=200))])
    store.add_link_results(run_id, [
        LinkResult("http://walled.example/a", Outcome.UNVERIFIED, 403, "http-403"),
        LinkResult("http://robots.example/b", Outcome.ROBOTS, None, "robots"),
        LinkResult("http://fine.example/", Outcome.OK, 200),
        LinkResult("http://gone.example/", Outcome.BROKEN, 404, "http-404"),
    ])
    found = store.unverified_links(run_id)
    assert [(site, o.link.target, o.link.text, o.result.outcome, o.result.status) for site, o in found] == [
        ("portal", "http://walled.example/a", "县档案馆", Outcome.UNVERIFIED, 403),
        ("portal", "http://robots.example/b", "内部系统", Outcome.ROBOTS, None),
    ]
    assert store.unverified_links(run_id + 1) == []
