"""A queued run's site locks and its finish claim, on SQLite and PostgreSQL (auditor/queue/):
the queue holds the sites until a task takes one over; a live worker's lock is refused, a dead
one's taken over; a queued run is never marked interrupted for a dead worker; one task claims
the finish, once every site is judged. The tasks on real brokers: tests/integration/test_queue.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from auditor.store import Store
from auditor.store.judgements import JudgementRecord
from auditor.store.locks import QUEUE, Holder, SiteClaim
from auditor.store.tables import site_locks
from tests.processes import exited_pid

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
ME = Holder.current()
SITES = ["portal", "town-a"]



def _holders(store: Store) -> dict[str, str]:
    return {lock.site_id: lock.holder for lock in store.locks()}


def test_a_queued_run_is_begun_with_its_sites_held_by_the_queue(store: Store) -> None:
    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)
    run = store.run(run_id)
    assert run is not None and (run.status, run.holder) == ("running", QUEUE.label)
    assert _holders(store) == {"portal": QUEUE.label, "town-a": QUEUE.label}
    assert store.clear_stale_runs() == []  # the queue is no process: never stale


def test_a_task_takes_its_site_over_and_hands_it_back(store: Store, live_child) -> None:
    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)
    assert store.claim_site(run_id, "portal", ME) == SiteClaim.CLAIMED
    assert _holders(store)["portal"] == ME.label
    assert store.claim_site(run_id, "portal", ME) == SiteClaim.CLAIMED  # this process's own retry
    live = Holder(ME.host, live_child.pid, "token-of-a-live-worker")
    assert store.claim_site(run_id, "portal", live) == SiteClaim.BUSY  # the same task delivered twice
    assert store.heartbeat_site(run_id, "portal", ME) == 1 and store.heartbeat_site(run_id, "portal", live) == 0
    store.hand_back_site(run_id, "portal", ME)
    assert _holders(store)["portal"] == QUEUE.label
    assert store.claim_site(run_id, "portal", live) == SiteClaim.CLAIMED


def test_a_dead_workers_lock_is_taken_over_and_its_queued_run_goes_on(store: Store) -> None:
    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)
    dead = Holder(ME.host, exited_pid(), "token-of-a-dead-worker")
    far = Holder("another-host", 4242, "token-of-a-silent-host")
    assert store.claim_site(run_id, "portal", dead) == SiteClaim.CLAIMED
    assert store.claim_site(run_id, "town-a", far) == SiteClaim.CLAIMED
    with store.engine.begin() as conn:  # the other host's last heartbeat, long ago
        conn.execute(site_locks.update().where(site_locks.c.site_id == "town-a")
                     .values(heartbeat_at=datetime.now(UTC) - timedelta(hours=1)))
    # another audit beginning clears stale runs: a queued run's dead worker is no dead run
    other = store.begin_run(AS_OF, ["town-b"], "site")
    assert store.run(run_id).status == "running" and {"portal", "town-a"} <= set(_holders(store))  # type: ignore[union-attr]
    assert store.claim_site(run_id, "portal", ME) == SiteClaim.CLAIMED  # its task, redelivered
    assert store.claim_site(run_id, "town-a", ME) == SiteClaim.CLAIMED
    store.finish_run(other, "complete", sites=1, pages=0, links=0)


def test_one_task_claims_the_finish_once_every_site_is_judged(store: Store) -> None:
    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)
    store.save_site_judgement(run_id, JudgementRecord("portal", pages=3))
    assert not store.claim_finish(run_id, "portal", len(SITES))  # town-a has no judgement yet
    store.save_site_judgement(run_id, JudgementRecord("town-a", pages=2))
    assert store.judged_sites(run_id) == {"portal": 3, "town-a": 2}
    assert store.claim_finish(run_id, "town-a", len(SITES))
    assert not store.claim_finish(run_id, "portal", len(SITES))  # claimed: the other task does nothing
    assert store.claim_finish(run_id, "town-a", len(SITES))  # town-a's task redelivered (it died): it finishes
    run = store.run(run_id)
    assert run is not None and run.holder == "queue:finish:town-a"
    assert store.clear_stale_runs() == []
    store.finish_run(run_id, "complete", sites=2, pages=5, links=0)
    assert not store.claim_finish(run_id, "town-a", len(SITES))  # complete: nothing to claim
    assert store.locks() == [] and store.claim_site(run_id, "portal", ME) == SiteClaim.ENDED


def test_a_verdict_stored_by_another_task_meanwhile_is_kept(store: Store) -> None:
    from auditor.models import LinkResult, Outcome

    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)
    first = LinkResult(url="http://127.0.0.9/a.html", outcome=Outcome.OK, status=200)
    store.add_link_results(run_id, [first])
    with store.engine.begin() as conn:  # as if two tasks had both looked before either wrote
        from auditor.store.judgements import _insert_unless_present

        _insert_unless_present(conn, run_id, [LinkResult(url="http://127.0.0.9/a.html", outcome=Outcome.BROKEN, status=404),
                                              LinkResult(url="http://127.0.0.9/b.html", outcome=Outcome.OK, status=200)])
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT url, outcome FROM link_results WHERE run_id = :run ORDER BY url"),
                            {"run": run_id}).all()
    assert [tuple(row) for row in rows] == [("http://127.0.0.9/a.html", "ok"), ("http://127.0.0.9/b.html", "ok")]
