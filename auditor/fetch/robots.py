"""robots.txt, read once per origin per Fetcher, parsed with protego.

What each answer to `/robots.txt` means (redirects are followed, up to 5 as RFC 9309 says):

- 2xx: the rules, from the first 512 KB of the file (the rest is ignored, as Google does);
- 4xx (404, but also 401/403): no rules, everything allowed (RFC 9309 "unavailable");
- 5xx, a timeout (before or during the body) or no connection: everything allowed, and
  the origin is counted in `unreachable` and logged. RFC 9309 would have a crawler stay
  away instead, but an auditor that stayed away would report a whole site as unverifiable
  because of one broken file; the page requests that follow show whether the server is
  really down.

A `Crawl-delay` longer than the configured per-host delay slows the host down (capped
at 10 s, see `politeness.MAX_CRAWL_DELAY`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from protego import Protego

from ..models import FailureReason, http_reason
from .stats import FetchStats

log = logging.getLogger(__name__)

MAX_ROBOTS_BYTES = 512 * 1024
MAX_ROBOTS_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class RobotsFile:
    """The answer to one robots.txt request, redirects followed."""

    status: int | None  # None when nothing answered
    body: bytes = b""
    error: FailureReason | None = None  # why nothing (or nothing readable) answered


FetchRobotsFile = Callable[[httpx.URL, bool], Awaitable[RobotsFile]]  # (robots URL, trusted)
OnCrawlDelay = Callable[[httpx.URL, float], None]


def parse_robots(file: RobotsFile) -> Protego | None:
    """The rules of a robots.txt answer; None means everything is allowed."""
    if file.status is None or not 200 <= file.status < 300:
        return None
    text = file.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    try:
        return Protego.parse(text)
    except (ValueError, TypeError, IndexError, UnicodeError):  # a hostile file allows all, like a missing one
        return None


class RobotsCache:
    def __init__(
        self, user_agent: str, fetch_file: FetchRobotsFile, on_crawl_delay: OnCrawlDelay, stats: FetchStats
    ) -> None:
        self._user_agent = user_agent
        self._fetch_file = fetch_file
        self._on_crawl_delay = on_crawl_delay
        self._stats = stats
        self._rules: dict[str, Protego | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allows(self, url: httpx.URL, trusted: bool) -> bool:
        """Whether robots.txt lets us fetch `url`; `trusted` as the request that asks."""
        rules = await self._rules_for(url, trusted)
        if rules is None:
            return True
        try:
            return rules.can_fetch(str(url), self._user_agent)
        except (ValueError, TypeError, UnicodeError):
            return True

    async def _rules_for(self, url: httpx.URL, trusted: bool) -> Protego | None:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if origin in self._rules:
            return self._rules[origin]
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # the first request to an origin reads the file; the others wait for it
            if origin not in self._rules:
                self._rules[origin] = await self._read(url.join("/robots.txt"), origin, trusted)
            self._locks.pop(origin, None)
        return self._rules[origin]

    async def _read(self, robots_url: httpx.URL, origin: str, trusted: bool) -> Protego | None:
        file = await self._fetch_file(robots_url, trusted)
        self._stats.robots_fetched += 1
        if file.status is None or file.status >= 500 or file.error:  # a file that hung after its status line too
            self._stats.robots_unreachable += 1
            log.warning("robots.txt of %s unreachable (%s): everything allowed", origin, file.error or http_reason(file.status or 0))
        rules = parse_robots(file)
        delay = self._crawl_delay(rules)
        if delay:
            self._on_crawl_delay(robots_url, delay)
        return rules

    def _crawl_delay(self, rules: Protego | None) -> float | None:
        if rules is None:
            return None
        try:
            return rules.crawl_delay(self._user_agent)
        except (ValueError, TypeError):
            return None
