"""The violation lifecycle (new → open → resolved → new), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from auditor.models import Finding
from auditor.store import Store, fingerprint

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
    assert first.id == fingerprint(gap) and len(first.id) == 16
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
    assert store.violations(status="new")[0].ruleset == "gov-cn-2019"


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
    assert store.violations(status="resolved")[0].id == fingerprint(_finding(key="k2"))


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
