"""Link targets shared by the site tasks of a queued run: one verdict per target per run, one request.

In process, a run's sites share one ledger, so a target linked from 200 sites is asked once.
A queued run's site tasks (auditor/queue/) each have a ledger of their own; they share their
verdicts through the store instead. For the targets a task's crawl met but has no verdict on,
`claim_targets` says, for each:

    stored   the run has its verdict already (another task checked it): read it, ask nothing
    mine     this task claimed it (the first to need it, or the claim was stale): ask it, store it
    theirs   a live task claimed it and has not stored its verdict yet: wait, and ask again

A claim is a row of `link_claims` keyed by (run, url), inserted with ON CONFLICT DO NOTHING:
the first task to insert it holds it. It names the claiming task's site and process token;
it is stale, and taken over by the next task that asks, when that process no longer holds the
site's lock in the run or would lose it as stale (`locks.is_stale`: its pid gone on this host,
no heartbeat for LOCK_TTL; it handed the site back after an error, or died and its task went to
another worker), or when it is older than `stale_before` (a claimer alive but stuck: asking
again is harmless, the second verdict is not stored).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..models import LinkResult
from .locks import Holder, all_locks, is_stale
from .rows import link_result_from_row
from .sqltypes import clean_url
from .tables import link_claims, link_results

CLAIMS_PER_QUERY = 500  # URLs per statement and per transaction: few rows locked at once


@dataclass
class SharedTargets:
    """What the run's store says of some targets, keyed by the URLs as the caller gave them."""

    stored: dict[str, LinkResult] = field(default_factory=dict)
    mine: list[str] = field(default_factory=list)
    theirs: list[str] = field(default_factory=list)

    def add(self, other: SharedTargets) -> None:
        self.stored.update(other.stored)
        self.mine += other.mine
        self.theirs += other.theirs


def chunks(urls: list[str]) -> list[dict[str, list[str]]]:
    """The URLs grouped by how the store keeps them, CLAIMS_PER_QUERY stored URLs a group, in the
    stored URLs' order: two tasks claiming overlapping targets lock their rows in one order."""
    by_stored: dict[str, list[str]] = {}
    for url in urls:
        by_stored.setdefault(clean_url(url), []).append(url)
    keys = sorted(by_stored)
    return [{key: by_stored[key] for key in keys[start:start + CLAIMS_PER_QUERY]}
            for start in range(0, len(keys), CLAIMS_PER_QUERY)]


def claim_targets(
    conn: Connection, run_id: int, site_id: str, me: Holder, group: dict[str, list[str]], now: datetime,
    stale_before: datetime,
) -> SharedTargets:
    """One group of `chunks` (stored URL -> the caller's URLs), in the caller's one transaction."""
    found = SharedTargets()
    wanted = list(group)
    verdicts = {row.url: link_result_from_row(row) for row in conn.execute(
        sa.select(link_results).where(link_results.c.run_id == run_id, link_results.c.url.in_(wanted)))}
    for stored_url, result in verdicts.items():
        for url in group.get(stored_url, ()):
            found.stored[url] = result if result.url == url else dataclasses.replace(result, url=url)
    open_urls = [url for url in wanted if url not in verdicts]
    if not open_urls:
        return found
    insert = postgresql.insert(link_claims) if conn.dialect.name == "postgresql" else sqlite.insert(link_claims)
    conn.execute(insert.on_conflict_do_nothing(index_elements=["run_id", "url"]), [
        {"run_id": run_id, "url": url, "site_id": site_id, "token": me.token, "claimed_at": now} for url in open_urls])
    _take_over_stale(conn, run_id, site_id, me, open_urls, now, stale_before)
    held = set(conn.execute(
        sa.select(link_claims.c.url).where(link_claims.c.run_id == run_id, link_claims.c.url.in_(open_urls),
                                           link_claims.c.site_id == site_id, link_claims.c.token == me.token)
    ).scalars())
    for stored_url in open_urls:
        (found.mine if stored_url in held else found.theirs).extend(group[stored_url])
    return found


def _take_over_stale(
    conn: Connection, run_id: int, site_id: str, me: Holder, urls: list[str], now: datetime, stale_before: datetime,
) -> None:
    """Other tasks' claims on `urls` whose task holds its site no more, as the site locks judge a
    holder (locks.is_stale: a dead pid on this host, no heartbeat for LOCK_TTL), or made before
    `stale_before`: made this task's, each by a compare-and-swap on the claimer it read."""
    mine = sa.and_(link_claims.c.site_id == site_id, link_claims.c.token == me.token)
    claims = conn.execute(
        sa.select(link_claims.c.url, link_claims.c.site_id, link_claims.c.token, link_claims.c.claimed_at)
        .where(link_claims.c.run_id == run_id, link_claims.c.url.in_(urls), sa.not_(mine))
    ).all()
    if not claims:
        return
    locks = {lock.site_id: lock for lock in all_locks(conn, {claim.site_id for claim in claims})}

    def alive(claimer_site: str, token: str) -> bool:
        lock = locks.get(claimer_site)
        return lock is not None and lock.run_id == run_id and lock.token == token and not is_stale(lock, me, now)

    stale: dict[tuple[str, str], list[str]] = {}
    for claim in claims:
        if claim.claimed_at < stale_before or not alive(claim.site_id, claim.token):
            stale.setdefault((claim.site_id, claim.token), []).append(claim.url)
    for (claimer_site, token), taken in stale.items():
        conn.execute(
            link_claims.update()
            .where(link_claims.c.run_id == run_id, link_claims.c.url.in_(taken),
                   link_claims.c.site_id == claimer_site, link_claims.c.token == token)
            .values(site_id=site_id, token=me.token, claimed_at=now)
        )
