"""The outbox table on SQLite and PostgreSQL: a row is never replaced, a claim is a compare-and-set."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from auditor.store import Store
from auditor.store.outbox import OutboxEntry

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


@pytest.fixture
def run_id(store: Store) -> int:
    run = store.start_run(NOW, ["portal"])
    store.finish_run(run, "complete", sites=1, pages=0, links=0)
    return run


def _entry(run_id: int, key: str, body: bytes = b"Subject: x\r\n\r\nfirst\r\n") -> OutboxEntry:
    return OutboxEntry(run_id, key, (f"{key.replace(':', '-')}@county.test",), "【网站检查通报】测试", body)


def test_enqueue_keeps_existing_rows_so_a_sent_message_stays_sent(store: Store, run_id: int) -> None:
    assert store.outbox_enqueue([_entry(run_id, "office"), _entry(run_id, "unit:a")], NOW) == 2
    office = next(m for m in store.outbox(run_id) if m.recipient_key == "office")
    assert store.outbox_claim(office)
    store.outbox_mark_sent(office.id, NOW)

    recomposed = [_entry(run_id, "office", b"changed"), _entry(run_id, "unit:a", b"changed"), _entry(run_id, "unit:b")]
    assert store.outbox_enqueue(recomposed, NOW) == 1  # only unit:b is new
    rows = {m.recipient_key: m for m in store.outbox(run_id)}
    assert set(rows) == {"office", "unit:a", "unit:b"}
    assert rows["office"].status == "sent" and rows["office"].sent_at == NOW
    assert rows["office"].message == rows["unit:a"].message == b"Subject: x\r\n\r\nfirst\r\n"  # never replaced
    assert rows["office"].subject == "【网站检查通报】测试" and rows["unit:a"].to_addresses == ("unit-a@county.test",)
    assert [m.recipient_key for m in store.outbox(run_id, ["pending", "sending"])] == ["unit:a", "unit:b"]


def test_a_claim_on_a_stale_read_fails(store: Store, run_id: int) -> None:
    store.outbox_enqueue([_entry(run_id, "office")], NOW)
    (row,) = store.outbox(run_id)
    assert store.outbox_claim(row)
    assert not store.outbox_claim(row)  # another process claimed it meanwhile
    (claimed,) = store.outbox(run_id)
    assert (claimed.status, claimed.attempts) == ("sending", 1)
    assert store.outbox_claim(claimed)  # found `sending` by a later run: claimed again, attempt 2
    store.outbox_mark_failed(claimed.id, "550 no such mailbox")
    assert store.outbox_requeue_failed(run_id) == 1
    (again,) = store.outbox(run_id)
    assert (again.status, again.attempts, again.last_error) == ("pending", 2, "550 no such mailbox")


def test_an_attempt_that_never_reached_the_server_is_counted(store: Store, run_id: int) -> None:
    store.outbox_enqueue([_entry(run_id, "office"), _entry(run_id, "unit:a")], NOW)
    rows = store.outbox(run_id)
    store.outbox_mark_pending(rows[0].id, "451 try later")
    store.outbox_note_attempt([m.id for m in rows], "connection refused")
    assert [(m.status, m.attempts, m.last_error) for m in store.outbox(run_id)] == [
        ("pending", 1, "connection refused"), ("pending", 1, "connection refused"),
    ]
    assert store.outbox(run_id + 1) == []


def test_rows_go_with_their_run(store: Store, store_url: str, run_id: int) -> None:
    store.outbox_enqueue([_entry(run_id, "office")], NOW)
    engine = sa.create_engine(store_url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.execute(sa.text("DELETE FROM audit_runs WHERE id = :id"), {"id": run_id})
    finally:
        engine.dispose()
    assert store.outbox() == []


def test_a_unique_pair_per_run_and_recipient(store: Store, run_id: int) -> None:
    other_run = store.start_run(NOW, ["portal"])
    entries = [_entry(run_id, "office"), replace(_entry(run_id, "office"), run_id=other_run)]
    assert store.outbox_enqueue(entries, NOW) == 2
    assert [m.run_id for m in store.outbox()] == [run_id, other_run]
