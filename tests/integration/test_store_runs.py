"""Sites synced from the config, audit runs, scores and probes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from auditor.config import parse_config
from auditor.models import Score
from auditor.store import ProbeRecord, Store
from tests.store_fixtures import select_rows

AS_OF = datetime(2026, 11, 28, 9, 0, tzinfo=timezone(timedelta(hours=8)))

CONFIG = """
rulesets = ["{ruleset}"]

[[sites]]
id = "portal"
name = "清河县人民政府"
url = "http://127.0.0.10/"
kind = "county"
unit = "县政府办公室"

  [[sites.columns]]
  id = "news"
  name = "清河要闻"
  url = "http://127.0.0.10/xwzx/"
  kind = "news"
  update_within = "1d"

  [[sites.columns]]
  id = "notices"
  name = "通知公告"
  url = "http://127.0.0.10/tzgg/"
  kind = "notices"

[[sites]]
id = "town-a"
name = "城关镇"
url = "http://127.0.0.11/"
kind = "town"
"""


def _config(tmp_path: Path, text: str = CONFIG):
    ruleset = tmp_path / "rules.toml"
    ruleset.write_text("", encoding="utf-8")
    return parse_config(text.format(ruleset=ruleset.name), tmp_path / "auditor.toml")


def test_sync_sites_upserts_and_deactivates(store: Store, store_url: str, tmp_path: Path) -> None:
    store.sync_sites(_config(tmp_path))
    assert select_rows(store_url, "SELECT id, name, kind, unit, active FROM sites ORDER BY id") == [
        ("portal", "清河县人民政府", "county", "县政府办公室", True),
        ("town-a", "城关镇", "town", "", True),
    ]
    renamed = CONFIG.replace('name = "清河要闻"', 'name = "要闻动态"').split("[[sites]]\nid = \"town-a\"")[0]
    renamed = renamed.replace(
        '  [[sites.columns]]\n  id = "notices"\n  name = "通知公告"\n  url = "http://127.0.0.10/tzgg/"\n  kind = "notices"\n', ""
    )
    store.sync_sites(_config(tmp_path, renamed))
    assert select_rows(store_url, "SELECT id, active FROM sites ORDER BY id") == [("portal", True), ("town-a", False)]
    assert select_rows(store_url, "SELECT site_id, id, name, update_within, active FROM site_columns ORDER BY id") == [
        ("portal", "news", "要闻动态", "1d", True),
        ("portal", "notices", "通知公告", None, False),
    ]


def test_run_lifecycle_and_listing(store: Store) -> None:
    first = store.start_run(AS_OF, ["portal", "town-a"])
    running = store.run(first)
    assert running is not None
    assert running.status == "running" and running.kind == "full" and running.finished_at is None
    assert running.as_of == AS_OF and running.as_of.tzinfo is not None
    assert running.as_of.utcoffset() == timedelta(0)  # stored and returned as UTC
    assert running.site_ids == ("portal", "town-a") and running.sites == 2
    store.finish_run(first, "complete", sites=2, pages=120, links=900)
    second = store.start_run(AS_OF + timedelta(days=15), ["portal"], kind="site")
    store.finish_run(second, "failed", sites=1, pages=3, links=0)
    third = store.start_run(AS_OF + timedelta(days=16), ["portal"], kind="cadence")

    done = store.run(first)
    assert done is not None and (done.status, done.pages, done.links) == ("complete", 120, 900)
    assert done.finished_at is not None and done.finished_at >= done.started_at
    assert [r.id for r in store.runs()] == [third, second, first]
    assert [r.id for r in store.runs(limit=2)] == [third, second]
    assert store.latest_run().id == first
    assert store.latest_run("failed").id == second
    assert store.latest_run(None).id == second  # a cadence check neither scores nor ranks
    assert store.latest_run(None, kinds=("cadence",)).id == third
    assert store.latest_run("complete", before=second).id == first
    assert store.latest_run(None, before=third + 1).id == second  # the report's "previous": never a cadence check
    assert store.latest_run(None, before=first) is None
    assert store.run(9999) is None


def test_empty_database_has_no_runs(store: Store) -> None:
    assert store.runs() == [] and store.latest_run() is None and store.latest_run(None) is None


def test_bad_run_kind_and_status_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.start_run(AS_OF, ["portal"], kind="weekly")
    run_id = store.start_run(AS_OF, ["portal"])
    with pytest.raises(ValueError):
        store.finish_run(run_id, "running", sites=1, pages=0, links=0)
    with pytest.raises(KeyError):
        store.finish_run(run_id + 100, "complete", sites=1, pages=0, links=0)


def _score(site: str, score: float, rank: int, ruleset: str = "mengjin-2011", **extra) -> Score:
    return Score(site=site, ruleset=ruleset, score=score, veto=extra.get("veto", False), rank=rank,
                 points=100 - score, previous=extra.get("previous"))


def test_scores_saved_and_read_back(store: Store) -> None:
    run_id = store.start_run(AS_OF, ["portal", "town-a"])
    saved = [_score("town-a", 88.5, 2, previous=90.0), _score("portal", 93.5, 1), _score("portal", 40.0, 1, "gov-cn-2019", veto=True)]
    store.save_scores(run_id, saved)
    store.save_scores(run_id, saved[:1])  # saving again replaces, never duplicates
    assert store.scores(run_id) == [saved[2], saved[1], saved[0]]  # by ruleset, then rank
    assert store.scores(run_id + 1) == []


def test_previous_scores_come_from_the_latest_complete_run_per_site(store: Store) -> None:
    old = store.start_run(AS_OF, ["portal", "town-a"])
    store.save_scores(old, [_score("portal", 80.0, 2), _score("town-a", 90.0, 1)])
    store.finish_run(old, "complete", sites=2, pages=1, links=1)
    site_only = store.start_run(AS_OF + timedelta(days=1), ["portal"], kind="site")
    store.save_scores(site_only, [_score("portal", 85.0, 1)])
    store.finish_run(site_only, "complete", sites=1, pages=1, links=1)
    failed = store.start_run(AS_OF + timedelta(days=2), ["portal", "town-a"])
    store.save_scores(failed, [_score("portal", 10.0, 2), _score("town-a", 20.0, 1)])
    store.finish_run(failed, "failed", sites=2, pages=1, links=1)
    current = store.start_run(AS_OF + timedelta(days=15), ["portal", "town-a"])

    assert store.previous_scores(current) == {("portal", "mengjin-2011"): 85.0, ("town-a", "mengjin-2011"): 90.0}
    assert store.previous_scores(site_only) == {("portal", "mengjin-2011"): 80.0, ("town-a", "mengjin-2011"): 90.0}
    assert store.previous_scores(old) == {}


def test_probes_round_trip_in_time_order(store: Store) -> None:
    start = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    for minutes, outcome, status, seconds, error in [
        (60, "timeout", None, None, "timeout"),
        (0, "ok", 200, 0.25, ""),
        (30, "broken", 503, 1.5, "http-503"),
    ]:
        store.add_probe("portal", start + timedelta(minutes=minutes), outcome, status, seconds, error)
    store.add_probe("town-a", start, "ok", 200, 0.1)
    got = store.probes("portal", start + timedelta(minutes=10))
    assert got == [
        ProbeRecord("portal", start + timedelta(minutes=30), "broken", 503, 1.5, "http-503"),
        ProbeRecord("portal", start + timedelta(minutes=60), "timeout", None, None, "timeout"),
    ]
    # an aware time in another zone means the same instant
    assert len(store.probes("portal", start.astimezone(timezone(timedelta(hours=8))))) == 3
    with pytest.raises(ValueError):
        store.add_probe("portal", start, "fine", 200, 0.1)  # not an Outcome
