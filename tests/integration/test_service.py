"""`auditor schedule` as a real process against the demo estate, with triggers seconds apart.

Cron expressions here have six fields (seconds first) so jobs fire seconds apart;
jobs due at one exact second of the day stand for "the 1st at 02:00".
"""

from __future__ import annotations

import signal
from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from daemon_fixtures import AuditorProcess, assert_consistent, in_local_zone, query, runs, wait_for
from httpserver import free_port  # not auditor.mail.sink's: see its docstring
from mail_fixtures import RecordingHandler, SmtpServer, mail_table

from auditor.demo import serve_estate

AS_OF = date(2026, 11, 28)
SCALE = 0.3  # a third of the demo's items: the same 32 sites and planted problems, audited in seconds
pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def estate():
    with serve_estate(AS_OF, scale=SCALE) as handle:
        yield handle


LEAD = 10  # seconds between writing a job's time and its firing: the daemon must be up by then, even on a busy machine


def _at_second(seconds_from_now: float) -> str:
    """A 6-field cron expression firing once a day, `seconds_from_now` from now (local time).
    A daemon that starts after that second schedules the job for tomorrow: the tests check."""
    moment = datetime.now().astimezone() + timedelta(seconds=seconds_from_now)
    return f"{moment.second} {moment.minute} {moment.hour} * * *"


def _config(folder: Path, estate, schedule: dict[str, object], mail: str = "") -> Path:
    lines = ["", "[schedule]"]
    for key, value in {"full_audit": "", "cadence_check": "", "availability_probe": "", **schedule}.items():
        lines.append(f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value).replace(chr(39), chr(34))}")
    extra = "\n".join(lines) + "\n" + (f"\n[mail]\n{mail}\n" if mail else "")
    path = folder / "auditor.toml"
    text = estate.config_toml(storage_url="sqlite:///auditor.db", rulesets=["mengjin-2011"], extra=extra)
    path.write_text(in_local_zone(text), encoding="utf-8")
    return path


def _daemon(path: Path, tmp_path: Path, name: str) -> AuditorProcess:
    return AuditorProcess("schedule", "--config", str(path), log_path=tmp_path / f"{name}.log")


def _named(events: list[dict], name: str) -> list[dict]:
    return [e for e in events if e.get("event") == name]


def test_a_full_audit_runs_on_time_and_its_bulletin_reaches_the_mail_sink(estate, tmp_path) -> None:
    handler = RecordingHandler()
    port = free_port()
    with SmtpServer(handler, "127.0.0.1", port):
        path = _config(tmp_path, estate, {"full_audit": _at_second(LEAD), "bulletin": True, "publish_dir": "published"},
                       mail_table("127.0.0.1", port))
        estate.reset()
        with _daemon(path, tmp_path, "daemon") as daemon:
            wait_for(lambda: [r for r in runs(tmp_path / "auditor.db") if r[2] == "complete"], 150, "a complete full audit")
            wait_for(lambda: handler.received, 30, "the office bulletin")
            # job.finish comes after the last bulletin: stopping at the first mail can cut the job short
            wait_for(lambda: _named(daemon.events(), "job.finish"), 30, "the job to finish")
            assert daemon.stop() == 0
    (run_id, kind, status, _), = runs(tmp_path / "auditor.db")
    assert (kind, status) == ("full", "complete")
    office = [r for r in handler.received if "xxgk@county.test" in r.rcpt_tos]
    assert len(office) == 1
    subject = message_from_bytes(office[0].content, policy=default_policy)["Subject"]
    assert "通报" in subject
    sent = query(tmp_path / "auditor.db", "SELECT status FROM outbox WHERE run_id = ?", run_id)
    assert sent and {row[0] for row in sent} == {"sent"}
    events = daemon.events()
    assert _named(events, "job.finish") and _named(events, "run.finish")
    assert _named(events, "service.stop")
    assert_consistent(tmp_path / "auditor.db")
    # the daemon published the run's reports before mailing: a dated pair and the latest pair, whole
    published = sorted(p.name for p in (tmp_path / "published").iterdir())
    assert len(published) == 4 and {"最新检查报告.html", "最新检查报告.xlsx"} <= set(published), published
    assert all(name.startswith(f"检查报告-{run_id}-") for name in published if not name.startswith("最新")), published
    html = (tmp_path / "published" / "最新检查报告.html").read_text(encoding="utf-8")
    assert "</html>" in html and "清河县" in html
    assert (tmp_path / "published" / "最新检查报告.xlsx").read_bytes()[:2] == b"PK"  # a zip: an XLSX workbook


def test_jobs_persist_across_a_restart_and_a_missed_run_runs_once_on_start(estate, tmp_path) -> None:
    db = tmp_path / "auditor.db"
    path = _config(tmp_path, estate, {"cadence_check": _at_second(LEAD), "full_audit": "0 0 2 1,16 * *"})
    with _daemon(path, tmp_path, "first") as first:
        wait_for(lambda: _named(first.events(), "service.start"), 60, "the daemon to start")
        stored = wait_for(lambda: query(db, "SELECT id, next_run_time FROM apscheduler_jobs ORDER BY id"), 10, "stored jobs")
        assert first.stop() == 0
    assert [job_id for job_id, _ in stored] == ["cadence_check", "full_audit"]
    assert stored[0][1] < datetime.now().timestamp() + LEAD, "the daemon started after the job's second"
    assert runs(db) == []
    wait_for(lambda: datetime.now().timestamp() > stored[0][1] + 2, LEAD + 5, "the cadence check to fall due while stopped")
    estate.reset()
    with _daemon(path, tmp_path, "second") as second:
        wait_for(lambda: [r for r in runs(db) if r[2] == "complete"], 90, "the missed cadence check")
        wait_for(lambda: _named(second.events(), "job.finish"), 30, "the job to finish")
        after = query(db, "SELECT id, next_run_time FROM apscheduler_jobs ORDER BY id")
        assert second.stop() == 0
    assert [(kind, status) for _, kind, status, _ in runs(db)] == [("cadence", "complete")]  # once, not again
    assert dict(after)["full_audit"] == dict(stored)["full_audit"]  # the unchanged job kept its stored time
    assert dict(after)["cadence_check"] > dict(stored)["cadence_check"] + 80_000  # tomorrow's
    assert_consistent(db)


def test_a_run_missed_longer_ago_than_missed_within_is_not_run(estate, tmp_path) -> None:
    db = tmp_path / "auditor.db"
    path = _config(tmp_path, estate, {"cadence_check": _at_second(LEAD), "missed_within": "0.0005h"})  # 1.8 s
    with _daemon(path, tmp_path, "first") as first:
        wait_for(lambda: _named(first.events(), "service.start"), 60, "the daemon to start")
        assert first.stop() == 0
    due = query(db, "SELECT next_run_time FROM apscheduler_jobs WHERE id = 'cadence_check'")[0][0]
    assert due < datetime.now().timestamp() + LEAD, "the daemon started after the job's second"
    wait_for(lambda: datetime.now().timestamp() > due + 4, LEAD + 8, "the due time plus more than the grace")
    with _daemon(path, tmp_path, "second") as second:
        wait_for(lambda: _named(second.events(), "job.missed"), 30, "the missed job to be reported")
        assert second.stop() == 0
    assert runs(db) == []


def test_sigterm_mid_audit_marks_the_run_interrupted_and_the_next_start_completes_it(estate, tmp_path) -> None:
    db = tmp_path / "auditor.db"
    path = _config(tmp_path, estate, {"full_audit": _at_second(LEAD)})
    estate.reset()
    with _daemon(path, tmp_path, "first") as first:
        wait_for(lambda: query(db, "SELECT COUNT(*) FROM pages")[0][0] >= 50 if runs(db) else False, 90, "pages of the audit")
        first.signal(signal.SIGTERM)
        assert first.wait(60) == 0
        events = first.events()
    (cut_id, kind, status, _), = runs(db)
    assert (kind, status) == ("full", "interrupted")
    assert query(db, "SELECT site_id FROM site_locks") == []
    assert _named(events, "run.interrupted") and _named(events, "job.interrupted")
    estate.reset()
    with _daemon(path, tmp_path, "second") as second:
        wait_for(lambda: len(runs(db)) == 2 and runs(db)[1][2] == "complete", 150, "the redo to complete")
        assert second.stop() == 0
        assert _named(second.events(), "service.redo")
    assert runs(db)[1][1:] == ("full", "complete", cut_id)
    assert_consistent(db)


def test_probes_fire_seconds_apart_and_are_recorded(estate, tmp_path) -> None:
    db = tmp_path / "auditor.db"
    path = _config(tmp_path, estate, {"availability_probe": "*/2 * * * * *"})
    with _daemon(path, tmp_path, "daemon") as daemon:
        # a round takes longer than the 2 s between starts when a home page keeps failing (its retries):
        # wait for two finished rounds, not for the probe rows of a round still running
        wait_for(lambda: _probe_rounds(db) >= 2 and len(_named(daemon.events(), "job.finish")) >= 2, 60,
                 "two rounds of probes")
        assert daemon.stop() == 0
    per_site = query(db, "SELECT site_id, COUNT(*) FROM probes GROUP BY site_id")
    assert len(per_site) == 32 and min(count for _, count in per_site) >= 2
    assert runs(db) == []  # probes are not audits
    assert len(_named(daemon.events(), "job.finish")) >= 2


def _probe_rounds(db: Path) -> int:
    """How many probes the least probed of the 32 sites has had."""
    per_site = dict(query(db, "SELECT site_id, COUNT(*) FROM probes GROUP BY site_id"))
    return min(per_site.values()) if len(per_site) == 32 else 0
