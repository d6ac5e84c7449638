"""Link targets shared by a queued run's site tasks (store/link_claims.py), on SQLite and PostgreSQL:
the first task to need a target claims it, the others wait for its verdict; a verdict the run has is
read, not asked again; the claim of a task that no longer holds its site, or an old one, is taken
over. The tasks on a real broker: tests/integration/test_queue.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from auditor.models import LinkResult, Outcome
from auditor.store import Store
from auditor.store.link_claims import CLAIMS_PER_QUERY
from auditor.store.locks import Holder, SiteClaim
from auditor.store.tables import link_claims

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
A = Holder("worker-1", 101, "token-a")  # the processes of two site tasks
B = Holder("worker-2", 202, "token-b")
HOUR = timedelta(hours=1)
OK = "http://127.0.0.185/ok.html"
GONE = "http://127.0.0.185/missing.html"


def _queued_run(store: Store) -> int:
    """A queued run whose site a is held by A's task and b by B's."""
    run_id = store.begin_run(AS_OF, ["a", "b"], "full", queued=True)
    assert store.claim_site(run_id, "a", A) == SiteClaim.CLAIMED
    assert store.claim_site(run_id, "b", B) == SiteClaim.CLAIMED
    return run_id


def test_the_first_task_claims_a_target_and_the_other_waits_for_its_verdict(store: Store) -> None:
    run_id = _queued_run(store)
    first = store.claim_link_targets(run_id, "a", A, [OK, GONE], stale_after=HOUR)
    assert (first.stored, sorted(first.mine), first.theirs) == ({}, sorted([OK, GONE]), [])
    second = store.claim_link_targets(run_id, "b", B, [GONE, OK], stale_after=HOUR)
    assert (second.stored, second.mine, sorted(second.theirs)) == ({}, [], sorted([OK, GONE]))
    # asked again, the claimer's own claims are still its own (its task retried after an error)
    assert sorted(store.claim_link_targets(run_id, "a", A, [OK, GONE], stale_after=HOUR).mine) == \
        sorted([OK, GONE])

    verdict = LinkResult(url=GONE, outcome=Outcome.BROKEN, status=404, checked_at=AS_OF)
    assert store.add_new_link_results(run_id, [verdict]) == 1
    third = store.claim_link_targets(run_id, "b", B, [GONE, OK], stale_after=HOUR)
    assert (third.stored, third.mine, third.theirs) == ({GONE: verdict}, [], [OK])


def test_a_claim_whose_task_lost_its_site_or_an_old_one_is_taken_over(store: Store) -> None:
    run_id = _queued_run(store)
    assert store.claim_link_targets(run_id, "a", A, [OK], stale_after=HOUR).mine == [OK]
    assert store.claim_link_targets(run_id, "b", B, [OK], stale_after=HOUR).theirs == [OK]
    # no claimer is ever so slow: B takes the claim over, and A's task is the one to wait now
    assert store.claim_link_targets(run_id, "b", B, [OK], stale_after=timedelta(0)).mine == [OK]
    assert store.claim_link_targets(run_id, "a", A, [OK], stale_after=HOUR).theirs == [OK]

    # B's task failed and handed its site back to the queue: its claim is stale at once
    store.hand_back_site(run_id, "b", B)
    assert store.claim_link_targets(run_id, "a", A, [OK], stale_after=HOUR).mine == [OK]
    # A died and another worker's task took site a over: A's token holds no lock, C asks
    c = Holder("worker-3", 303, "token-c")
    with store.engine.begin() as conn:  # A's heartbeat is old: A is gone
        conn.execute(sa.text("UPDATE site_locks SET heartbeat_at = :old WHERE site_id = 'a'"),
                     {"old": datetime.now(UTC) - timedelta(hours=2)})
    assert store.claim_site(run_id, "a", c) == SiteClaim.CLAIMED
    assert store.claim_link_targets(run_id, "a", c, [OK], stale_after=HOUR).mine == [OK]


def test_a_stale_claim_by_a_heartbeat_too_old_is_taken_over(store: Store) -> None:
    run_id = _queued_run(store)
    assert store.claim_link_targets(run_id, "a", A, [OK], stale_after=HOUR).mine == [OK]
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE site_locks SET heartbeat_at = :old WHERE site_id = 'a'"),
                     {"old": datetime.now(UTC) - timedelta(hours=2)})
    assert store.claim_link_targets(run_id, "b", B, [OK], stale_after=HOUR).mine == [OK]


def test_hundreds_of_targets_go_in_few_statements_and_each_is_claimed_once(store: Store) -> None:
    run_id = _queued_run(store)
    urls = [f"http://127.0.0.185/p/{n}.html" for n in range(CLAIMS_PER_QUERY * 2 + 7)]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(store.engine, "before_cursor_execute", count)
    first = store.claim_link_targets(run_id, "a", A, urls[::2], stale_after=HOUR)
    sa.event.remove(store.engine, "before_cursor_execute", count)
    # 504 targets, two groups: a handful of statements each (look up, insert, take over, read), not one a target
    assert sorted(first.mine) == sorted(urls[::2]) and 0 < len(statements) <= 16
    second = store.claim_link_targets(run_id, "b", B, urls, stale_after=HOUR)
    assert sorted(second.mine) == sorted(urls[1::2]) and sorted(second.theirs) == sorted(urls[::2])
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(link_claims.c.url, link_claims.c.site_id).where(
            link_claims.c.run_id == run_id)).all()
    assert len(rows) == len(urls) and {url: site for url, site in rows} == \
        {url: "a" if n % 2 == 0 else "b" for n, url in enumerate(urls)}
