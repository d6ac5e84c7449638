"""Availability probes: one visit to each home page, recorded, for `site.availability`.

The national indicators judge a home page unreachable when a visit has not opened after
15 s (the crawl `timeout`) in 5% or more of at least 20 daily visits over a week. A probe
is one plain GET with no retry: a retry would hide exactly the failures being counted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

from .config import Config
from .fetch import Fetcher
from .models import Outcome, PageRequest, Probe
from .store import Store


async def probe_sites(
    config: Config, store: Store, site_ids: list[str] | None = None, *, at: datetime | None = None
) -> list[tuple[str, Probe]]:
    """Probe every (or the given) site's home page once, concurrently; store and return the probes.

    `at` stamps the probes (default: now), as `--as-of` pins an audit, so a test can
    place real probes inside a pinned audit's window.
    """
    return (await probe_rounds(config, store, [at], site_ids))[0]


async def probe_rounds(
    config: Config, store: Store, stamps: Sequence[datetime | None], site_ids: list[str] | None = None
) -> list[list[tuple[str, Probe]]]:
    """Several rounds of probes through one client (robots.txt read once), one round per stamp."""
    sites = [config.site(s) for s in site_ids] if site_ids else list(config.sites)
    # every visit is a sample: no retry hides a failure, and a host is never given up on
    crawl = config.crawl.model_copy(update={"retries": 0, "max_host_timeouts": 0})
    rounds = []
    async with Fetcher(crawl) as fetcher:
        for at in stamps:
            probes = await asyncio.gather(*(_probe(fetcher, site.id, site.url, at) for site in sites))
            results = []
            for site, (probe, outcome) in zip(sites, probes, strict=True):
                # on a thread: the daemon's loop runs an audit's fetches meanwhile
                await asyncio.to_thread(store.add_probe, site.id, probe.at, outcome.value, probe.status,
                                        probe.seconds, probe.error)
                results.append((site.id, probe))
            rounds.append(results)
    return rounds


def probe_ok(outcome: str, status: int | None) -> bool:
    """A visit counts as opened when the home page answered (after redirects) below 400."""
    return outcome in (Outcome.OK.value, Outcome.REDIRECTED.value) and status is not None and status < 400


async def _probe(fetcher: Fetcher, site_id: str, url: str, at: datetime | None) -> tuple[Probe, Outcome]:
    at = at or datetime.now(UTC)
    fetched = await fetcher.fetch(PageRequest(url=url, site_id=site_id))
    ok = probe_ok(fetched.outcome.value, fetched.status)
    return Probe(at=at, ok=ok, status=fetched.status, seconds=round(fetched.elapsed, 3), error=fetched.error), fetched.outcome
