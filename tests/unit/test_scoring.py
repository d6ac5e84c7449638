"""Scores and ranks: deductions capped per rule, floored at 0, vetoed sites last, ties shared."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from auditor.models import Finding
from auditor.rules import Ruleset, parse_ruleset_data
from auditor.scoring import passing, score_sites

# the mechanics (caps, floors, vetoes, ties) with every weight 1 and no cost for veto items;
# the weights and the per-items factor have tests of their own below
PLAIN = {"severity_weights": {"minor": 1.0, "major": 1.0, "critical": 1.0}, "veto_item_points": 0.0}


def make_ruleset(ruleset_id: str = "county") -> Ruleset:
    def rule(rule_id: str, **extra: object) -> dict[str, object]:
        return {"id": rule_id, "check": "column.empty", "title": "t", "source": "s", **extra}

    return parse_ruleset_data(
        {"ruleset": {"id": ruleset_id, "name": "t", "source": "s"}, "scoring": PLAIN,
         "rules": [rule("capped", points=1.0, max_points=3.0), rule("heavy", points=40.0), rule("veto", points=0.0, veto=True)]},
        f"{ruleset_id}.toml",
    )


def found(site: str, rule: str, times: int = 1, ruleset: str = "county") -> list[Finding]:
    points = {"capped": 1.0, "heavy": 40.0, "veto": 0.0}[rule]
    return [
        Finding(ruleset=ruleset, rule=rule, check="column.empty", severity="major", points=points,
                veto=rule == "veto", site=site, column=f"c{n}", url=f"http://127.0.0.1/{n}", message="m")
        for n in range(times)
    ]


def by_site(scores):
    return {score.site: score for score in scores}


def test_a_site_without_findings_scores_full_marks() -> None:
    (score,) = score_sites([make_ruleset()], [], ["portal"], {})
    assert (score.site, score.ruleset, score.score, score.points, score.veto, score.rank, score.previous) == (
        "portal", "county", 100.0, 0.0, False, 1, None,
    )


def test_each_rules_deduction_is_capped_by_its_max_points() -> None:
    scores = by_site(score_sites([make_ruleset()], found("a", "capped", 2) + found("b", "capped", 7), ["a", "b"], {}))
    assert scores["a"].score == 98.0
    assert scores["b"].score == 97.0 and scores["b"].points == 3.0


def test_the_total_is_floored_at_zero() -> None:
    (score,) = score_sites([make_ruleset()], found("a", "heavy", 3) + found("a", "capped", 3), ["a"], {})
    assert score.score == 0.0 and score.points == 123.0


def test_a_vetoed_site_ranks_after_every_other_site() -> None:
    findings = found("best", "veto") + found("worse", "heavy", 2) + found("worst", "heavy", 3)
    scores = score_sites([make_ruleset()], findings, ["best", "worse", "worst"], {})
    assert [(s.site, s.rank, s.veto) for s in scores] == [("worse", 1, False), ("worst", 2, False), ("best", 3, True)]
    assert by_site(scores)["best"].score == 100.0  # the veto does not change the score, it fails the site


def test_ties_share_a_rank_and_are_listed_by_site_id() -> None:
    findings = found("c", "capped") + found("a", "capped") + found("d", "heavy")
    scores = score_sites([make_ruleset()], findings, ["d", "c", "b", "a"], {})
    assert [(s.site, s.score, s.rank) for s in scores] == [("b", 100.0, 1), ("a", 99.0, 2), ("c", 99.0, 2), ("d", 60.0, 4)]


def test_vetoed_sites_tie_among_themselves() -> None:
    findings = found("x", "veto") + found("y", "veto")
    scores = score_sites([make_ruleset()], findings, ["y", "x", "z"], {})
    assert [(s.site, s.rank) for s in scores] == [("z", 1), ("x", 2), ("y", 2)]


def test_each_ruleset_is_scored_and_ranked_on_its_own() -> None:
    findings = found("a", "heavy", ruleset="county") + found("b", "heavy", ruleset="national")
    scores = score_sites([make_ruleset("county"), make_ruleset("national")], findings, ["a", "b"], {})
    assert [(s.ruleset, s.site, s.score, s.rank) for s in scores] == [
        ("county", "b", 100.0, 1), ("county", "a", 60.0, 2),
        ("national", "a", 100.0, 1), ("national", "b", 60.0, 2),
    ]


def test_previous_scores_are_filled_in() -> None:
    scores = by_site(score_sites([make_ruleset()], [], ["a", "b"], {("a", "county"): 87.5, ("a", "other"): 1.0}))
    assert scores["a"].previous == 87.5 and scores["b"].previous is None


def test_findings_of_unknown_sites_rulesets_or_rules_are_ignored() -> None:
    stray = found("elsewhere", "heavy") + found("a", "heavy", ruleset="unloaded")
    stray.append(Finding(ruleset="county", rule="retired", check="column.empty", severity="major", points=50.0,
                         veto=False, site="a", column=None, url="u", message="m"))
    (score,) = score_sites([make_ruleset()], stray, ["a"], {})
    assert score.score == 100.0


def test_half_points_do_not_drift() -> None:
    findings = [Finding(ruleset="county", rule="heavy", check="link.broken", severity="minor", points=0.1,
                        veto=False, site="a", column=None, url=f"u{n}", message="m") for n in range(3)]
    (score,) = score_sites([make_ruleset()], findings, ["a"], {})
    assert score.score == 99.7


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from(["capped", "heavy", "veto"])), max_size=30))
def test_ranks_follow_standing(pairs: list[tuple[str, str]]) -> None:
    findings = [f for site, rule in pairs for f in found(site, rule)]
    scores = score_sites([make_ruleset()], findings, list("abcde"), {})
    assert sorted(s.site for s in scores) == list("abcde")
    counts = {site: sum(1 for s, _ in pairs if s == site) for site in "abcde"}  # every rule here is major

    def standing(score):  # the documented order: can pass, score, then fewer findings of each severity
        return (score.veto, -score.score, counts[score.site])

    for better, worse in zip(scores, scores[1:], strict=False):
        assert 0.0 <= worse.score <= 100.0
        assert standing(better) <= standing(worse)
        assert better.rank == worse.rank if standing(better) == standing(worse) else better.rank < worse.rank
    assert scores[0].rank == 1


# ---- veto thresholds, veto groups and the pass mark (Rules engine issue) ----

def threshold_ruleset(pass_mark: float | None = None) -> Ruleset:
    def rule(rule_id: str, **extra: object) -> dict[str, object]:
        return {"id": rule_id, "check": "column.empty", "title": "t", "source": "s", **extra}

    header: dict[str, object] = {"id": "national", "name": "t", "source": "s"}
    if pass_mark is not None:
        header["pass_mark"] = pass_mark
    return parse_ruleset_data({"ruleset": header, "scoring": PLAIN, "rules": [
        rule("empty-5", points=0.0, veto=True, veto_threshold=5),
        rule("news-stale", points=0.0, veto=True, veto_threshold=5, veto_group="stale"),
        rule("notices-stale", points=0.0, veto=True, veto_threshold=5, veto_group="stale"),
        rule("deduct", points=10.0, max_points=50.0),
    ]}, "national.toml")


def findings_in(site: str, rule: str, columns: list[str], urls_per_column: int = 1) -> list[Finding]:
    return [
        Finding(ruleset="national", rule=rule, check="column.empty", severity="critical", points=0.0, veto=True,
                site=site, column=column, url=f"http://127.0.0.1/{column}/{n}" if urls_per_column > 1 else f"http://127.0.0.1/{column}/",
                message="m", key=f"k{n}")
        for column in columns for n in range(urls_per_column)
    ]


def test_a_veto_below_its_threshold_does_not_fail_the_site() -> None:
    (score,) = score_sites([threshold_ruleset()], findings_in("a", "empty-5", ["c1", "c2", "c3", "c4"]), ["a"], {})
    assert score.veto is False and score.score == 100.0


def test_a_veto_at_its_threshold_fails_the_site() -> None:
    (score,) = score_sites([threshold_ruleset()], findings_in("a", "empty-5", ["c1", "c2", "c3", "c4", "c5"]), ["a"], {})
    assert score.veto is True


def test_several_findings_in_one_column_count_as_one_place() -> None:
    # four columns, one with three gaps on three keys: four places, not six
    findings = findings_in("a", "empty-5", ["c1", "c2", "c3"]) + [
        Finding(ruleset="national", rule="empty-5", check="column.cadence", severity="critical", points=0.0, veto=True,
                site="a", column="c4", url="http://127.0.0.1/c4/", message="m", key=f"gap:{n}") for n in range(3)
    ]
    (score,) = score_sites([threshold_ruleset()], findings, ["a"], {})
    assert score.veto is False


def test_a_veto_group_counts_its_rules_places_together() -> None:
    below = findings_in("a", "news-stale", ["n1", "n2"]) + findings_in("a", "notices-stale", ["t1", "t2"])
    at = below + findings_in("b", "news-stale", ["n1", "n2", "n3"]) + findings_in("b", "notices-stale", ["t1", "t2"])
    scores = by_site(score_sites([threshold_ruleset()], at, ["a", "b"], {}))
    assert scores["a"].veto is False and scores["b"].veto is True
    assert [s.site for s in score_sites([threshold_ruleset()], at, ["a", "b"], {})] == ["a", "b"]  # vetoed last


def test_the_veto_is_read_from_the_rule_not_the_finding() -> None:
    # a stray finding flagged veto whose rule is not a veto rule does not fail the site
    stray = [Finding(ruleset="national", rule="deduct", check="column.empty", severity="major", points=10.0,
                     veto=True, site="a", column=None, url="u", message="m")]
    (score,) = score_sites([threshold_ruleset()], stray, ["a"], {})
    assert score.veto is False and score.score == 90.0


def test_passing_needs_the_pass_mark_and_no_veto() -> None:
    ruleset = threshold_ruleset()
    assert ruleset.pass_mark == 60.0
    deductions = [Finding(ruleset="national", rule="deduct", check="column.empty", severity="major", points=10.0,
                          veto=False, site="a", column=None, url=f"u{n}", message="m") for n in range(4)]
    (at_mark,) = score_sites([ruleset], deductions, ["a"], {})
    assert at_mark.score == 60.0 and passing(at_mark, ruleset) is True
    (below,) = score_sites([ruleset], deductions + deductions[:1], ["a"], {})
    assert below.score == 50.0 and passing(below, ruleset) is False
    (vetoed,) = score_sites([ruleset], findings_in("a", "empty-5", ["c1", "c2", "c3", "c4", "c5"]), ["a"], {})
    assert vetoed.score == 100.0 and passing(vetoed, ruleset) is False


def test_a_ruleset_sets_its_own_pass_mark() -> None:
    ruleset = threshold_ruleset(pass_mark=90)
    deduction = [Finding(ruleset="national", rule="deduct", check="column.empty", severity="major", points=10.0,
                         veto=False, site="a", column=None, url="u", message="m")]
    (score,) = score_sites([ruleset], deduction, ["a"], {})
    assert passing(score, ruleset) is True
    (worse,) = score_sites([ruleset], deduction + [dataclasses.replace(deduction[0], url="v")], ["a"], {})
    assert worse.score == 80.0 and passing(worse, ruleset) is False


def test_the_deduction_cap_holds_next_to_vetoes() -> None:
    deductions = [Finding(ruleset="national", rule="deduct", check="column.empty", severity="major", points=10.0,
                          veto=False, site="a", column=None, url=f"u{n}", message="m") for n in range(9)]
    (score,) = score_sites([threshold_ruleset()], deductions, ["a"], {})
    assert (score.points, score.score, score.veto) == (50.0, 50.0, False)


# ---- weights, veto items, per-items normalisation, the tie order, unread home pages (Office's view) ----

from auditor.models import FetchResult, Outcome, SiteSnapshot  # noqa: E402
from auditor.scoring import UNCHECKED, SiteFacts, site_facts  # noqa: E402


def weighted_ruleset(**scoring: object) -> Ruleset:
    def rule(rule_id: str, check: str, severity: str, **extra: object) -> dict[str, object]:
        return {"id": rule_id, "check": check, "title": f"title {rule_id}", "source": "s", "severity": severity, **extra}

    return parse_ruleset_data({"ruleset": {"id": "w", "name": "t", "source": "s"}, "scoring": scoring, "rules": [
        rule("broken", "link.broken", "minor", points=0.5, max_points=10.0, per_items=True),
        rule("wrong", "link.wrong", "major", points=1.0, max_points=10.0),
        rule("stale", "column.cadence", "critical", points=0.0, veto=True, veto_threshold=5, veto_group="g"),
        rule("dead", "site.availability", "critical", points=0.0, veto=True),
    ]}, "w.toml")


def hit(site: str, rule: str, n: int = 1, check: str = "link.broken", severity: str = "minor", points: float = 0.5) -> list[Finding]:
    return [Finding(ruleset="w", rule=rule, check=check, severity=severity, points=points, veto=rule in ("stale", "dead"),
                    site=site, column=f"c{i}", url=f"http://127.0.0.1/{rule}/{i}", message="m") for i in range(n)]


def test_severity_and_check_weights_multiply_a_findings_points() -> None:
    default = by_site(score_sites([weighted_ruleset()], hit("a", "wrong", check="link.wrong", severity="major", points=1.0), ["a"]))
    assert default["a"].points == 2.0  # 1 point x the default major weight 2
    heavier = weighted_ruleset(severity_weights={"major": 3.0}, check_weights={"link.wrong": 2.0})
    (score,) = score_sites([heavier], hit("a", "wrong", check="link.wrong", severity="major", points=1.0), ["a"])
    assert score.points == 6.0 and score.score == 94.0


def test_a_veto_item_short_of_its_threshold_still_costs() -> None:
    (two,) = score_sites([weighted_ruleset()], hit("a", "stale", 2, check="column.cadence", severity="critical", points=0.0), ["a"])
    assert (two.points, two.veto, two.fail_reason) == (4.0, False, "")
    (five,) = score_sites([weighted_ruleset()], hit("a", "stale", 5, check="column.cadence", severity="critical", points=0.0), ["a"])
    assert five.veto is True and five.fail_reason == "单项否决：title stale"


def test_per_items_rules_count_per_hundred_things_looked_at() -> None:
    findings = hit("small", "broken", 4) + hit("large", "broken", 4) + hit("unknown", "broken", 4)
    facts = [SiteFacts("small", {("w", "broken"): 80}), SiteFacts("large", {("w", "broken"): 400})]
    scores = by_site(score_sites([weighted_ruleset()], findings, ["small", "large", "unknown"], None, facts))
    assert scores["small"].points == 2.0  # 4 x 0.5 x minor 1, 80 pages: the factor never exceeds 1
    assert scores["large"].points == 0.5  # the same four on a site five times the size: a quarter
    assert scores["unknown"].points == 2.0  # no size known: counted whole
    assert [s.site for s in score_sites([weighted_ruleset()], findings, ["small", "large"], None, facts)][0] == "large"


def test_equal_scores_are_ordered_by_fewer_severe_findings() -> None:
    # "a": one major finding worth 2; "b": four minor findings worth 0.5 each: both 98
    findings = hit("a", "wrong", check="link.wrong", severity="major", points=1.0) + hit("b", "broken", 4)
    scores = score_sites([weighted_ruleset()], findings, ["a", "b", "c"])
    assert [(s.site, s.score, s.rank) for s in scores] == [("c", 100.0, 1), ("b", 98.0, 2), ("a", 98.0, 3)]


def snapshot(home: FetchResult | None) -> SiteSnapshot:
    from datetime import UTC, datetime

    return SiteSnapshot(site_id="a", site_kind="county", name="n", url="http://127.0.0.1/", unit="", as_of=datetime.now(UTC),
                        home=home, pages=250)


def test_a_site_whose_home_page_did_not_open_fails_whatever_its_score() -> None:
    dead = FetchResult(url="http://127.0.0.1/", final_url="http://127.0.0.1/", status=500, outcome=Outcome.BROKEN, error="http-500")
    facts = site_facts([weighted_ruleset()], snapshot(dead))
    assert facts.sizes == {("w", "broken"): 250} and facts.home_unread.startswith("首页无法打开")
    (score,) = score_sites([weighted_ruleset()], [], ["a"], None, [facts])
    assert score.score == 100.0 and score.fail_reason.startswith("首页无法打开") and not passing(score, weighted_ruleset())
    walled = FetchResult(url="http://127.0.0.1/", final_url="http://127.0.0.1/", status=403, outcome=Outcome.UNVERIFIED, error="http-403")
    assert site_facts([weighted_ruleset()], snapshot(walled)).home_unread.startswith(UNCHECKED)


def test_a_time_limit_finding_costs_as_many_times_its_limit_as_it_took_up_to_the_cap() -> None:
    ruleset = parse_ruleset_data({"ruleset": {"id": "w", "name": "t", "source": "s"}, "rules": [
        {"id": "daily", "check": "column.cadence", "title": "t", "source": "s", "severity": "major", "points": 1.0}]}, "w.toml")

    def gap(site: str, days: int) -> Finding:
        return Finding(ruleset="w", rule="daily", check="column.cadence", severity="major", points=1.0, veto=False, site=site,
                       column="news", url="http://127.0.0.1/news/", message="m", key=f"gap:{days}",
                       evidence={"days": days, "max_interval_days": 1.0, "start": "x", "end": "y"})

    scores = by_site(score_sites([ruleset], [gap("two", 2), gap("ten", 10), gap("one", 1)], ["two", "ten", "one"]))
    assert (scores["one"].points, scores["two"].points, scores["ten"].points) == (2.0, 4.0, 6.0)  # x1, x2, x3 (the cap)
    assert [s.site for s in score_sites([ruleset], [gap("two", 2), gap("ten", 10)], ["two", "ten"])] == ["two", "ten"]


def test_the_worked_example_of_the_docs() -> None:
    """docs/rules-and-checks.md#scores-and-ranks-r10, on the shipped county ruleset."""
    from auditor.config import BUILTIN_RULESETS_DIR
    from auditor.rules import load_ruleset

    county = load_ruleset(BUILTIN_RULESETS_DIR / "mengjin-2011.toml")

    def finding(rule_id: str, n: int, evidence: dict[str, object]) -> list[Finding]:
        rule = county.rule(rule_id)
        return [Finding(ruleset=county.id, rule=rule.id, check=rule.check, severity=rule.severity, points=rule.points,
                        veto=rule.veto, site="town", column="c", url=f"http://127.0.0.1/{rule_id}/{i}", message="m",
                        evidence=evidence) for i in range(n)]

    findings = (finding("news-daily", 1, {"days": 3, "max_interval_days": 1.0})
                + finding("links-not-broken", 4, {})
                + finding("mailbox-in-time", 1, {"days": 45, "max_response_days": 15.0})
                + finding("outdated-2years", 30, {"age_days": 2200, "max_age_days": 730.0}))
    sizes = {(county.id, "links-not-broken"): 250, (county.id, "outdated-2years"): 120}
    (score,) = score_sites([county], findings, ["town"], None, [SiteFacts("town", sizes)])
    assert (score.points, score.score, score.fail_reason) == (19.3, 80.7, "")
