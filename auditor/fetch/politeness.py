"""How hard we knock on one host: at most N requests at a time, and a gap between starts.

Each host (keyed `host:port`) has its own gate, so a slow or paused host never holds
up another. A gate has three limits:

- `concurrency` requests in flight (`CrawlConfig.per_host_concurrency`);
- `delay` seconds between the starts of two requests (`per_host_delay`, raised by a
  robots.txt Crawl-delay), kept as a token bucket of one: each start is scheduled one
  delay after the previous one's scheduled start, so a waiter the event loop wakes late
  (it was parsing a page) does not push every later start back; a host left idle
  longer than a delay starts afresh, so there is never a burst (issue 20: in nginx's log of a
  polite run, 864 requests to one host spanned 45.3 s against 43.2 s of intervals; 1.3 s of
  that were retry waits, about 0.8 s the late wake-ups adding up);
- a pause until a moment the server named (Retry-After): every request to the host
  waits for it, not only the one that was told.

With shared limits (`shared_gate`, `auditor worker` with Redis) each request also takes one of
the host's slots in Redis and has its start reserved there, so both limits hold across every
worker together; the local limits hold as well (a start is never earlier than this gate alone
would allow), and they alone when Redis fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from .shared_gate import SharedStarts

# a robots.txt Crawl-delay above this is read as a typo or a request to stay away,
# and a half-monthly audit of 5,000 pages cannot honour it anyway
MAX_CRAWL_DELAY = 10.0


def host_key(url: httpx.URL) -> str:
    """`host:port` with the scheme's default port filled in."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.host}:{port}"


class HostGate:
    def __init__(self, concurrency: int, delay: float, key: str = "", shared: SharedStarts | None = None) -> None:
        self.concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self.delay = delay
        self.key = key  # host:port: the shared starts' key
        self._shared = shared
        self._next_start = 0.0
        self._paused_until = 0.0
        self.timeouts_in_a_row = 0  # requests that got no answer in time since the host last answered

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one of the host's slots from the permitted start until the block ends."""
        async with self._slots:
            token = await self._shared.take_slot(self.key, self.concurrency) if self._shared is not None else None
            try:
                await self._wait_for_start()
                yield
            finally:
                if token is not None:
                    assert self._shared is not None
                    await self._shared.give_slot(self.key, token)

    def pause(self, seconds: float) -> None:
        """No request to this host starts in the next `seconds`."""
        until = asyncio.get_running_loop().time() + seconds
        self._paused_until = max(self._paused_until, until)

    def slow_down(self, delay: float) -> None:
        self.delay = max(self.delay, min(delay, MAX_CRAWL_DELAY))

    async def _wait_for_start(self) -> None:
        loop = asyncio.get_running_loop()
        # re-checked after each sleep: a pause may have been ordered meanwhile, and the
        # check-and-claim below has no await in it, so two waiters never claim one start
        while True:
            now = loop.time()
            start = max(self._next_start, self._paused_until)
            if self._shared is not None and self.delay > 0:
                wait = await self._shared.reserve(self.key, self.delay, start - now)
                if wait is not None:  # a start of the host's reserved for this request, not before the local one
                    self._next_start = max(self._next_start, loop.time() + wait + self.delay)
                    await asyncio.sleep(wait)
                    if self._paused_until <= loop.time():
                        return
                    continue  # a pause was ordered meanwhile: the slot is given up (slower, never faster)
                now = loop.time()  # Redis failed: the local gate alone, as without shared limits
                start = max(self._next_start, self._paused_until)
            if start <= now:
                self._next_start = following_start(start, now, self.delay)
                return
            await asyncio.sleep(start - now)


def following_start(scheduled: float, now: float, delay: float) -> float:
    """When the request after one scheduled for `scheduled` and starting `now` may start: a delay
    after the scheduled moment when the start is late by less than a delay (the loop woke it late),
    else a delay after now (the host was idle: no burst to catch up)."""
    return (scheduled if now - scheduled < delay else now) + delay


class Politeness:
    """The gates of every host one Fetcher has spoken to."""

    def __init__(self, concurrency: int, delay: float, shared: SharedStarts | None = None) -> None:
        self._concurrency = concurrency
        self._delay = delay
        self._shared = shared
        self._gates: dict[str, HostGate] = {}

    def gate(self, url: httpx.URL) -> HostGate:
        key = host_key(url)
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = HostGate(self._concurrency, self._delay, key, self._shared)
        return gate

    async def close(self) -> None:
        if self._shared is not None:
            await self._shared.close()
