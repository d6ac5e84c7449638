"""The fetch stage: one `PageRequest` in, one `FetchResult` out.

    async with Fetcher(config.crawl) as fetcher:
        result = await fetcher.fetch(PageRequest(url="http://www.mengjin.gov.cn/", site_id="portal"))

Polite (per-host concurrency and delay, robots.txt), patient (retries, Retry-After),
bounded (timeouts, size caps, redirects) and never raising for what a server does.
Modules: `fetcher` (the pipeline of one fetch), `exchange` (one request), `client`
(requests through aiohttp), `politeness`, `robots`, `retry`,
`addresses` (private-address guard), `content` (which answers are pages), `encoding`,
`result` (the outcome table), `stats`, `shared_gate` (request starts shared by workers through Redis).
"""

from .encoding import decode_html
from .fetcher import Fetcher, ReadAlready
from .retry import RetryPolicy
from .shared_gate import SharedLimits, share_limits
from .stats import FetchStats

__all__ = ["FetchStats", "Fetcher", "ReadAlready", "RetryPolicy", "SharedLimits", "decode_html", "share_limits"]
