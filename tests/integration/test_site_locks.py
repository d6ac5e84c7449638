"""Site locks on SQLite and PostgreSQL: two audits never hold one site, a dead holder's
locks are taken over and its run marked interrupted, a run taken over cannot complete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from auditor.errors import RunError
from auditor.store import Store, locks
from auditor.store.locks import LOCK_TTL, Holder, SitesBusy
from auditor.store.tables import site_locks
from tests.processes import exited_pid

AS_OF = datetime(2026, 11, 28, 9, 0, tzinfo=timezone(timedelta(hours=8)))
ME = Holder.current()


def _other(pid: int, host: str = ME.host) -> Holder:
    return Holder(host, pid, f"token-of-{pid}")



def _status(store: Store, run_id: int) -> str:
    run = store.run(run_id)
    assert run is not None
    return run.status


def test_a_site_held_by_a_live_audit_is_refused_with_the_holder_named(store: Store, live_child) -> None:
    other = _other(live_child.pid)
    held = store.begin_run(AS_OF, ["portal", "town-a"], "full", other)
    with pytest.raises(SitesBusy) as refused:
        store.begin_run(AS_OF, ["town-a", "town-b"], "site", ME)
    message = str(refused.value)
    assert "town-a" in message and f"#{held}" in message and other.label in message and "--wait" in message
    assert [lock.site_id for lock in refused.value.locks] == ["town-a"]
    assert _status(store, held) == "running"  # a live holder is left alone
    free = store.begin_run(AS_OF, ["town-b"], "site", ME)  # other sites are free meanwhile
    store.finish_run(free, "complete", sites=1, pages=0, links=0)
    store.finish_run(held, "interrupted", sites=2, pages=0, links=0)
    assert store.locks() == []
    again = store.begin_run(AS_OF, ["town-a"], "site", ME)  # released with the ending
    assert [lock.site_id for lock in store.locks()] == ["town-a"] and store.locks()[0].run_id == again


@pytest.mark.parametrize("dead", ["pid gone", "same pid, another token", "no heartbeat"])
def test_a_dead_holder_is_taken_over_and_its_run_marked_interrupted(store: Store, live_child, dead: str) -> None:
    holder = {
        "pid gone": _other(exited_pid()),
        "same pid, another token": Holder(ME.host, ME.pid, "a container's earlier life"),
        "no heartbeat": _other(live_child.pid, host="another-machine"),
    }[dead]
    crashed = store.begin_run(AS_OF, ["portal"], "full", holder)
    if dead == "no heartbeat":
        stale = datetime.now(UTC) - LOCK_TTL - timedelta(seconds=1)
        with store.engine.begin() as conn:
            conn.execute(site_locks.update().values(heartbeat_at=stale))
    redo = store.begin_run(AS_OF, ["portal"], "full", ME)
    assert _status(store, crashed) == "interrupted"
    assert [(lock.site_id, lock.run_id) for lock in store.locks()] == [("portal", redo)]
    run = store.run(redo)
    assert run is not None and run.redoes == crashed  # the redo names the run the crash cut short
    with pytest.raises(RunError, match="接管"):
        store.complete_run(crashed, AS_OF, ["portal"], ["mengjin-2011"], [], [], pages=0, links=0)


def test_another_machine_with_a_fresh_heartbeat_is_alive(store: Store) -> None:
    elsewhere = store.begin_run(AS_OF, ["portal"], "full", Holder("another-machine", 4242, "t"))
    with pytest.raises(SitesBusy):
        store.begin_run(AS_OF, ["portal"], "full", ME)
    assert store.heartbeat(elsewhere, Holder("another-machine", 4242, "t")) == 1
    assert store.heartbeat(elsewhere, ME) == 0  # only the holder refreshes its locks
    assert _status(store, elsewhere) == "running"


def test_a_redo_names_the_interrupted_run_it_audits_again(store: Store) -> None:
    first = store.begin_run(AS_OF, ["portal", "town-a"], "full", ME)
    store.finish_run(first, "interrupted", sites=2, pages=10, links=0)
    second = store.begin_run(AS_OF, ["town-a", "portal"], "full", ME)
    assert store.run(second).redoes == first
    store.complete_run(second, AS_OF, ["portal", "town-a"], ["mengjin-2011"], [], [], pages=20, links=5)
    third = store.begin_run(AS_OF, ["portal", "town-a"], "full", ME)
    assert store.run(third).redoes is None  # the work was finished by the second
    done = store.run(second)
    assert (done.status, done.pages, done.links, done.holder) == ("complete", 20, 5, ME.label)


def test_a_race_past_the_check_is_refused_by_the_primary_key(store: Store, live_child, monkeypatch) -> None:
    other = _other(live_child.pid)
    held = store.begin_run(AS_OF, ["portal"], "full", other)
    real_all_locks = locks.all_locks
    checks = []

    def blind_first_check(conn, site_ids=None):  # as if the other process inserted between our check and our insert
        if site_ids is not None:
            checks.append(site_ids)
            if len(checks) == 1:
                return []
        return real_all_locks(conn, site_ids)

    monkeypatch.setattr(locks, "all_locks", blind_first_check)
    with pytest.raises(SitesBusy) as refused:
        store.begin_run(AS_OF, ["portal"], "full", ME)
    assert len(checks) == 2  # the blinded check, then the read naming the holder after the refused insert
    assert [(lock.site_id, lock.run_id) for lock in refused.value.locks] == [("portal", held)]
    assert [r.id for r in store.runs()] == [held]  # our run row rolled back with the refused insert
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(site_locks)).scalar() == 1


def test_a_running_run_without_locks_is_ended_only_after_the_lock_ttl(store: Store) -> None:
    young = store.start_run(AS_OF, [], "cadence")  # no site, so no lock: nothing says it died
    assert store.clear_stale_runs(ME) == []
    assert _status(store, young) == "running"
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_runs SET started_at = :t WHERE id = :i"),
                     {"t": datetime.now(UTC) - LOCK_TTL - timedelta(seconds=1), "i": young})
    assert store.clear_stale_runs(ME) == [young]
    assert _status(store, young) == "interrupted"
