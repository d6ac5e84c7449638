"""Exactly once through the outbox: a server down then up, a refused recipient, a process killed mid-way."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from auditor import api
from auditor.mail import compose_bulletins, outbox, queue_bulletins
from auditor.report.data import load_run_report
from tests.httpserver import free_port
from tests.mail_fixtures import (
    OFFICE,
    UNIT_ADDRESSES,
    RecordingHandler,
    SmtpServer,
    county_config,
    mail_table,
    run_auditor,
    seed_runs,
)

HOST = "127.0.0.153"
EVERY_ADDRESS = {a for addresses in (OFFICE, *UNIT_ADDRESSES.values()) for a in addresses}


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    monkeypatch.setattr(outbox, "BACKOFF_SECONDS", 0.01)


@pytest.fixture
def county(tmp_path):
    port = free_port(HOST)
    config_path = county_config(tmp_path, mail=mail_table(HOST, port))
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        seed_runs(store)
    return str(config_path), port


def _rows(config_path: str) -> dict[str, dict]:
    listing = run_auditor("outbox", "--config", config_path, "--format", "json")
    assert listing.code == 0, listing.output
    return {row["recipient"]: row for row in json.loads(listing.stdout)}


def test_server_down_at_first_then_up_every_message_arrives_once(county):
    config_path, port = county
    down = run_auditor("bulletin", "--send", "--config", config_path)  # nothing listens on the port yet
    assert down.code == 3, down.output
    assert "connection refused" in down.output and "4 封邮件未发出" in down.output
    rows = _rows(config_path)
    assert set(rows) == {"office", "unit:portal", "unit:chengguan", "unit:jyj"}
    assert all(r["status"] == "pending" and r["attempts"] == outbox.ATTEMPTS for r in rows.values())
    assert all("connection refused" in r["error"] for r in rows.values())

    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        up = run_auditor("bulletin", "--send", "--config", config_path)
        third = run_auditor("bulletin", "--send", "--config", config_path)
    assert up.code == 0, up.output
    assert handler.per_recipient() == {address: 1 for address in EVERY_ADDRESS}
    assert third.code == 0 and "没有待发送的邮件" in third.output
    assert len(handler.received) == 4  # the third run sent nothing
    assert {r["status"] for r in _rows(config_path).values()} == {"sent"}


def test_a_refused_recipient_fails_alone_and_is_sent_once_on_retry(county):
    config_path, port = county
    handler = RecordingHandler(refuse={"cg@county.test", "zx@county.test"})
    with SmtpServer(handler, HOST, port):
        first = run_auditor("bulletin", "--send", "--config", config_path)
        again = run_auditor("bulletin", "--send", "--config", config_path)  # a failed row waits for --retry
        assert first.code == 3 and again.code == 0, (first.output, again.output)
        rows = _rows(config_path)
        assert rows["unit:chengguan"]["status"] == "failed" and "550" in rows["unit:chengguan"]["error"]
        assert rows["unit:jyj"]["status"] == "sent" and "zx@county.test" in rows["unit:jyj"]["error"]  # one of two refused
        assert {rows[k]["status"] for k in ("office", "unit:portal")} == {"sent"}
        assert "cg@county.test" not in handler.per_recipient()

        handler.refuse.clear()  # the office fixed the mailbox
        retried = run_auditor("outbox", "--retry", "--config", config_path)
    assert retried.code == 0, retried.output
    assert "重新排队 (requeued) 1 封" in retried.output and "已发送" in retried.output
    counts = handler.per_recipient()
    assert counts["cg@county.test"] == 1 and "zx@county.test" not in counts
    assert all(n == 1 for n in counts.values())


def test_a_process_killed_mid_way_is_finished_by_the_next_run_without_repeats(county, tmp_path):
    config_path, port = county
    config, rulesets = api.load(config_path)
    with api.open_store(config) as store:
        report = load_run_report(store, config)
        queue_bulletins(store, compose_bulletins(report, config, rulesets).bulletins)
        office_row = next(m for m in store.outbox() if m.recipient_key == "office")
        assert store.outbox_claim(office_row)  # sent by an earlier run
        store.outbox_mark_sent(office_row.id, report.run.as_of)

    handler = RecordingHandler(hold_at=2)  # the second message in this run is held; then the process dies
    with SmtpServer(handler, HOST, port):
        process = subprocess.Popen(
            [sys.executable, "-m", "auditor.cli", "bulletin", "--send", "--config", config_path],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            assert handler.held.wait(timeout=60), "the second message never reached the server"
        finally:
            process.kill()
            process.wait(timeout=30)
        handler.release.set()
        statuses = {key: row["status"] for key, row in _rows(config_path).items()}
        assert statuses == {"office": "sent", "unit:portal": "sent", "unit:chengguan": "sending", "unit:jyj": "pending"}
        rerun = run_auditor("bulletin", "--send", "--config", config_path)
    assert rerun.code == 0, rerun.output
    counts = handler.per_recipient()
    assert not set(OFFICE) & set(counts)  # the office summary was sent before: never again
    assert counts == {address: 1 for addresses in UNIT_ADDRESSES.values() for address in addresses}
    assert {r["status"] for r in _rows(config_path).values()} == {"sent"}
