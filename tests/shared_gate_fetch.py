"""A worker's fetches, as a process of its own, for the shared-politeness tests:

    python -m tests.shared_gate_fetch REDIS_URL PREFIX DELAY CONCURRENCY URL...

fetches every URL at once (per-host delay and concurrency as given) through one Fetcher whose starts are shared
in Redis (REDIS_URL "" for none), and prints each outcome, one a line. Its log goes to stderr."""

from __future__ import annotations

import asyncio
import logging
import sys

from auditor.config import CrawlConfig
from auditor.fetch import Fetcher, SharedLimits
from auditor.logs import JsonFormatter
from auditor.models import PageRequest


async def main(redis_url: str, prefix: str, delay: float, concurrency: int, urls: list[str]) -> None:
    crawl = CrawlConfig.model_validate({"per_host_delay": delay, "per_host_concurrency": concurrency, "timeout": 5,
                                        "retries": 0})
    limits = SharedLimits(redis_url, prefix) if redis_url else None
    async with Fetcher(crawl, shared_limits=limits) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(PageRequest(url=u, site_id="t")) for u in urls))
    for result in results:
        print(result.outcome.name, flush=True)


if __name__ == "__main__":
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]))
