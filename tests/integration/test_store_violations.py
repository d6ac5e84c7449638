"""The violation lifecycle (new → open → resolved → new), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from auditor.models import Finding
from auditor.store import Store, problem_id, problem_status

DAY1 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
DAY16 = DAY1 + timedelta(days=15)
DAY31 = DAY1 + timedelta(days=30)
DAY46 = DAY1 + timedelta(days=45)
RULESETS = ["mengjin-2011"]


def _finding(site: str = "portal", url: str = "http://127.0.0.10/xwzx/", key: str = "2026-11-02/2026-11-05", **extra) -> Finding:
    values = dict(
        ruleset="mengjin-2011", rule="news-daily", check="column.cadence", severity="major", points=1.0,
        veto=False, site=site, column="news", url=url, message="孟津要闻 2026-11-02 至 2026-11-05 间隔 3 天未更新",
        key=key, evidence={"gap_days": 3, "from": date(2026, 11, 2)},
    )
    values.update(extra)
    return Finding(**values)


def _audit(store: Store, as_of: datetime, findings: list[Finding], sites=("portal", "town-a"), rulesets=RULESETS):
    run_id = store.start_run(as_of, list(sites))
    found = store.reconcile_violations(run_id, as_of, list(sites), list(rulesets), findings)
    store.finish_run(run_id, "complete", sites=len(sites), pages=0, links=0)
    return run_id, found


def test_lifecycle_new_open_resolved_reopened(store: Store) -> None:
    gap = _finding()
    _, (first,) = _audit(store, DAY1, [gap])
    assert (first.status, first.first_seen, first.last_seen) == ("new", DAY1, DAY1)
    assert first.id == problem_id(gap) and len(first.id) == 16
    assert first.evidence == {"gap_days": 3, "from": "2026-11-02"}  # JSON: dates as ISO text

    _, (second,) = _audit(store, DAY16, [replace(gap, message="新的描述", points=2.0, evidence={"gap_days": 4})])
    assert (second.id, second.status, second.first_seen, second.last_seen) == (first.id, "open", DAY1, DAY16)
    assert (second.message, second.points, second.evidence) == ("新的描述", 2.0, {"gap_days": 4})

    resolving_run, (third,) = _audit(store, DAY31, [])
    assert (third.id, third.status, third.last_seen) == (first.id, "resolved", DAY16)
    assert [v.status for v in store.violations()] == ["resolved"]

    _, (fourth,) = _audit(store, DAY46, [gap])
    assert (fourth.id, fourth.status, fourth.first_seen, fourth.last_seen) == (first.id, "new", DAY1, DAY46)
    assert len(store.violations()) == 1
    # the history keeps what each run saw
    assert [v.status for v in store.violations(run_id=resolving_run)] == ["resolved"]
    assert store.violations(run_id=resolving_run, status="new") == []


def test_re_auditing_one_site_leaves_other_sites_alone(store: Store) -> None:
    portal, town = _finding(), _finding(site="town-a", url="http://127.0.0.11/xwzx/")
    _audit(store, DAY1, [portal, town])
    _, found = _audit(store, DAY16, [], sites=["town-a"])
    assert [(v.site, v.status) for v in found] == [("town-a", "resolved")]
    states = {v.site: v.status for v in store.violations()}
    assert states == {"portal": "new", "town-a": "resolved"}
    untouched = store.violations(site="portal")[0]
    assert untouched.last_seen == DAY1


def test_other_rulesets_are_left_alone(store: Store) -> None:
    national = _finding(ruleset="gov-cn-2019", rule="home-stale")
    _audit(store, DAY1, [national, _finding()], rulesets=["mengjin-2011", "gov-cn-2019"])
    _, found = _audit(store, DAY16, [], rulesets=["mengjin-2011"])
    assert [(v.ruleset, v.status) for v in found] == [("mengjin-2011", "resolved")]
    (still,) = store.violations(status="new")  # the one problem, still broken under the national rule only
    assert still.ruleset == "gov-cn-2019" and [r.ruleset for r in still.rules] == ["gov-cn-2019"]


NATIONAL = dict(ruleset="gov-cn-2019", rule="news-not-updated", severity="critical", points=0.0, veto=True)


def test_a_problem_under_two_rulesets_is_one_violation_listing_both_rules(store: Store) -> None:
    local, national = _finding(), _finding(**NATIONAL)
    _, (first,) = _audit(store, DAY1, [local, national], rulesets=["mengjin-2011", "gov-cn-2019"])
    assert first.id == problem_id(local) == problem_id(national)
    # the most severe first (a veto), and the top-level fields repeat it
    assert [(r.ruleset, r.rule, r.severity, r.points, r.veto) for r in first.rules] == [
        ("gov-cn-2019", "news-not-updated", "critical", 0.0, True),
        ("mengjin-2011", "news-daily", "major", 1.0, False),
    ]
    assert (first.ruleset, first.rule, first.severity, first.points, first.veto) == (
        "gov-cn-2019", "news-not-updated", "critical", 0.0, True)
    assert (first.check, first.site, first.column, first.url, first.status) == (
        "column.cadence", "portal", "news", local.url, "new")
    assert store.violations() == [first]

    _, (second,) = _audit(store, DAY16, [national, local], rulesets=["mengjin-2011", "gov-cn-2019"])
    assert (second.id, second.status, second.first_seen, second.last_seen) == (first.id, "open", DAY1, DAY16)
    assert second.rules == first.rules


def test_a_problem_joined_by_a_new_ruleset_stays_open_and_dates_span_its_rules(store: Store) -> None:
    _audit(store, DAY1, [_finding()])
    rulesets = ["mengjin-2011", "gov-cn-2019"]
    run, (problem,) = _audit(store, DAY16, [_finding(), _finding(**NATIONAL)], rulesets=rulesets)
    assert problem.status == "open"  # known to the unit since DAY1, though the national rule is new
    assert (problem.first_seen, problem.last_seen) == (DAY1, DAY16)
    assert {r.ruleset for r in problem.rules} == {"mengjin-2011", "gov-cn-2019"}
    assert store.violations(status="new") == [] and store.violations(status="open") == [problem]
    assert store.violations(run_id=run, status="open") == [problem]

    # fixed for the local rule's looser reading only: still one open problem, under the national rule
    run, (still,) = _audit(store, DAY31, [_finding(**NATIONAL)], rulesets=rulesets)
    assert (still.id, still.status, still.last_seen) == (problem.id, "open", DAY31)
    assert [r.ruleset for r in still.rules] == ["gov-cn-2019"]

    run, (gone,) = _audit(store, DAY46, [], rulesets=rulesets)
    assert (gone.id, gone.status) == (problem.id, "resolved")
    assert [r.ruleset for r in gone.rules] == ["gov-cn-2019"]  # the rule this run resolved
    (resolved,) = store.violations()
    assert resolved.status == "resolved" and resolved.last_seen == DAY31
    assert {r.ruleset for r in resolved.rules} == {"mengjin-2011", "gov-cn-2019"}  # every rule it broke


def test_the_same_place_under_another_check_is_another_problem(store: Store) -> None:
    _, found = _audit(store, DAY1, [_finding(), _finding(rule="outdated", check="content.outdated")])
    assert len(found) == 2 and len({v.id for v in found}) == 2


def test_problem_status_combines_its_rules() -> None:
    assert problem_status(["new", "new"]) == "new"
    assert problem_status(["new", "open"]) == "open"
    assert problem_status(["resolved", "new"]) == "new"
    assert problem_status(["resolved", "open"]) == "open"
    assert problem_status(["resolved", "resolved"]) == "resolved"


def test_duplicates_collapse_and_order_is_deterministic(store: Store) -> None:
    findings = [
        _finding(site="town-a", url="http://127.0.0.11/b"),
        _finding(url="http://127.0.0.10/b", rule="outdated", check="content.outdated", column=None),
        _finding(url="http://127.0.0.10/a"),
        _finding(url="http://127.0.0.10/a", message="同一问题的重复报告"),
        _finding(url="http://127.0.0.10/a", key="another gap"),
    ]
    _, found = _audit(store, DAY1, findings)
    assert [(v.site, v.rule, v.url) for v in found] == [
        ("portal", "news-daily", "http://127.0.0.10/a"),
        ("portal", "news-daily", "http://127.0.0.10/a"),
        ("portal", "outdated", "http://127.0.0.10/b"),
        ("town-a", "news-daily", "http://127.0.0.11/b"),
    ]
    assert found[0].message != "同一问题的重复报告" and found[0].id != found[1].id
    assert found[2].column is None and found[2].check == "content.outdated"
    assert store.violations() == found
    assert store.violations(site="town-a") == found[3:]


def test_findings_of_a_run_are_listed_by_run(store: Store) -> None:
    first_run, _ = _audit(store, DAY1, [_finding(), _finding(key="k2")])
    second_run, second = _audit(store, DAY16, [_finding()])
    assert [v.status for v in store.violations(run_id=first_run)] == ["new", "new"]
    assert sorted(v.status for v in store.violations(run_id=second_run)) == ["open", "resolved"]
    assert store.violations(run_id=second_run) == second
    assert [v.status for v in store.violations(run_id=second_run, status="open")] == ["open"]
    assert store.violations(status="resolved")[0].id == problem_id(_finding(key="k2"))


def test_reconciling_the_same_run_twice_does_not_duplicate_sightings(store: Store) -> None:
    run_id = store.start_run(DAY1, ["portal"])
    store.reconcile_violations(run_id, DAY1, ["portal"], RULESETS, [_finding()])
    again = store.reconcile_violations(run_id, DAY1, ["portal"], RULESETS, [_finding()])
    assert len(again) == 1 and len(store.violations(run_id=run_id)) == 1


def test_many_findings_in_one_call(store: Store) -> None:
    findings = [_finding(url=f"http://127.0.0.10/art/{n}.html", key="") for n in range(1500)]
    _, found = _audit(store, DAY1, findings)
    assert len(found) == 1500 and {v.status for v in found} == {"new"}
    _, found = _audit(store, DAY16, findings[:700])
    assert sorted({v.status for v in found}) == ["open", "resolved"]
    assert len(store.violations(status="resolved")) == 800
