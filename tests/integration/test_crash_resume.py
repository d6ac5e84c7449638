"""SIGKILL in the middle of an audit, then the audit again: the same violations as an
audit never interrupted, nothing duplicated, nothing a cut-short run could change changed.

The history first holds a complete audit at a later date (so some violations are
resolved by the audit at the real date: a partial run must not reopen them). Then
audits at the real date are killed at points spread over an audit's length, the
database is checked after each kill, and one audit is let finish. A second database
gets the same two audits without kills; the two must agree. (The first database starts as
a copy of the second after its first audit: the same complete history, audited once.)
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
from daemon_fixtures import (
    AuditorProcess,
    assert_consistent,
    in_local_zone,
    query,
    runs,
    violation_set,
    wait_for,
)

from auditor.demo import serve_estate

AS_OF = date(2026, 11, 28)
LATER = "2026-12-08T09:00:00"  # ten days on: cadence violations that the real date's audit resolves
REAL = "2026-11-28T09:00:00"
# towns and departments with every kind of planted problem between them, and the county portal
SITES = ("portal", "chengguan", "mzj", "liulin", "fgw", "xzfwzx")
CI_KILL_POINTS = (0.1, 0.4, 0.7)  # fractions of an uninterrupted run's length; runs vary ±15% here, so none near the end
SLOW_KILLS = 20
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def estate():
    with serve_estate(AS_OF, scale=0.3) as handle:
        yield handle


@pytest.fixture(scope="module")
def baseline(estate, tmp_path_factory):
    """The two audits never interrupted; their violations, how long the second run took
    (from its row appearing to its completion: the span a kill can land in), and a copy of the
    database after the first (a kill loop starts from it instead of running that audit again)."""
    folder = tmp_path_factory.mktemp("baseline")
    path = _config(folder, estate)
    db = folder / "auditor.db"
    _audit(path, folder, LATER, estate)
    after_later = _copy_db(db, folder / "after-later.db")
    _audit(path, folder, REAL, estate)
    violations = violation_set(db)
    assert {status for _, status, _ in violations} >= {"open", "resolved"}  # a history worth protecting
    (started, finished), = query(db, "SELECT started_at, finished_at FROM audit_runs WHERE id = 2")
    return violations, (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds(), after_later


def _config(folder: Path, estate) -> Path:
    path = folder / "auditor.toml"
    path.write_text(estate.config_toml(storage_url="sqlite:///auditor.db"), encoding="utf-8")
    return path


def _audit_args(path: Path, as_of: str) -> list[str]:
    sites = [arg for site in SITES for arg in ("--site", site)]
    return ["audit", "--config", str(path), "--as-of", as_of, "--format", "json", *sites]


def _copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database that no process is writing (its WAL included)."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
    return target


def _audit(path: Path, folder: Path, as_of: str, estate) -> None:
    estate.reset()
    with AuditorProcess(*_audit_args(path, as_of), log_path=folder / "audit.log") as process:
        assert process.wait(300) == 0, (folder / "audit.log").read_text()[-2000:]


def _state(db: Path) -> tuple:
    """Everything a cut-short run must leave alone: the violations, the complete runs, their
    sightings and scores. (The run killed before it is marked interrupted, as it should.)"""
    return (
        query(db, "SELECT fingerprint, status, first_seen, last_seen, resolved_at, message FROM violations ORDER BY fingerprint"),
        query(db, "SELECT id FROM audit_runs WHERE status = 'complete' ORDER BY id"),
        query(db, "SELECT run_id, COUNT(*) FROM violation_sightings GROUP BY run_id ORDER BY run_id"),
        query(db, "SELECT run_id, COUNT(*) FROM scores GROUP BY run_id ORDER BY run_id"),
    )


def _kill_at(path: Path, folder: Path, estate, seconds: float, number: int) -> None:
    db = folder / "auditor.db"
    before = _state(db)
    last = query(db, "SELECT MAX(id) FROM audit_runs")[0][0]
    estate.reset()
    with AuditorProcess(*_audit_args(path, REAL), log_path=folder / f"killed-{number}.log") as process:
        wait_for(lambda: query(db, "SELECT 1 FROM audit_runs WHERE id > ?", last), 60, "the run to start")
        time.sleep(seconds)
        assert process.process.poll() is None, f"kill {number}: the audit ended before {seconds:.1f}s"
        process.kill()
    assert query(db, "SELECT COUNT(*) FROM audit_runs WHERE status = 'complete'") == [(1,)], (
        f"kill {number} at {seconds:.1f}s came after the run completed: not a kill mid-audit")
    after = _state(db)
    assert after == before, f"kill {number} at {seconds:.1f}s changed what only a complete run may change"
    assert query(db, "SELECT COUNT(*) FROM audit_runs WHERE status = 'running'") == [(1,)]  # until someone looks


def _kill_loop(estate, baseline, folder: Path, fractions: list[float]) -> None:
    expected, audit_seconds, after_later = baseline
    path = _config(folder, estate)
    db = folder / "auditor.db"
    _copy_db(after_later, db)  # the complete audit at the later date, as the baseline ran it
    for number, fraction in enumerate(fractions, 1):
        _kill_at(path, folder, estate, fraction * audit_seconds, number)
    _audit(path, folder, REAL, estate)
    history = runs(db)
    assert [status for _, _, status, _ in history] == ["complete", *["interrupted"] * len(fractions), "complete"]
    assert history[-1][3] == history[-2][0]  # the last run records which cut-short run it redid
    assert violation_set(db) == expected
    assert_consistent(db)


def test_sigkill_at_several_points_then_the_audit_again_matches_an_uninterrupted_one(estate, baseline, tmp_path) -> None:
    _kill_loop(estate, baseline, tmp_path, list(CI_KILL_POINTS))


@pytest.mark.slow
def test_twenty_sigkills_at_random_points(estate, baseline, tmp_path) -> None:
    seed = random.randrange(1_000_000)
    fractions = [random.Random(seed + n).uniform(0.02, 0.7) for n in range(SLOW_KILLS)]
    try:
        _kill_loop(estate, baseline, tmp_path, fractions)
    except AssertionError as error:
        raise AssertionError(f"seed {seed}, kill points {[round(f, 2) for f in fractions]}: {error}") from error


def test_a_killed_daemon_is_restarted_and_finishes_the_audit(estate, tmp_path) -> None:
    """The service's own path: kill -9 mid-audit, start again, the redo completes."""
    db = tmp_path / "auditor.db"
    path = tmp_path / "auditor.toml"
    moment = time.localtime(time.time() + 10)  # the daemon must be up before that second, even on a busy machine
    schedule = f'\n[schedule]\nfull_audit = "{moment.tm_sec} {moment.tm_min} {moment.tm_hour} * * *"\ncadence_check = ""\navailability_probe = ""\n'
    text = estate.config_toml(storage_url="sqlite:///auditor.db", extra=schedule)
    path.write_text(in_local_zone(text), encoding="utf-8")
    estate.reset()
    with AuditorProcess("schedule", "--config", str(path), log_path=tmp_path / "first.log") as first:
        wait_for(lambda: query(db, "SELECT COUNT(*) FROM pages")[0][0] > 100 if runs(db) else False, 90, "audit pages")
        first.signal(signal.SIGKILL)
        first.wait(10)
    assert [status for _, _, status, _ in runs(db)] == ["running"]
    assert query(db, "SELECT COUNT(*) FROM site_locks")[0][0] == 32  # held by a dead process
    estate.reset()
    with AuditorProcess("schedule", "--config", str(path), log_path=tmp_path / "second.log") as second:
        wait_for(lambda: len(runs(db)) == 2 and runs(db)[1][2] == "complete", 150, "the redo to complete")
        assert second.stop() == 0
    (first_id, _, first_status, _), (_, kind, status, redoes) = runs(db)
    assert (first_status, kind, status, redoes) == ("interrupted", "full", "complete", first_id)
    assert_consistent(db)

