"""Request starts to one host shared by every worker (issue 21 part 3), through Redis.

Each worker's `HostGate` spaces its own requests; with several `auditor worker` processes
auditing sites on one host, each would be within the limit and all of them together not. So
with `[queue]` and a Redis reachable, every start is reserved in Redis first: one Lua script,
atomic on the server, keyed `host:port`:

    start = max(now + not_before, stored)      now: the Redis server's clock (TIME), not a worker's
    stored = start + delay                     the earliest start of the host's next request
    return start - now                         how long this request waits

so two requests, from any workers, never get starts closer than `delay`; a waiter that wakes
late does not push the next start back, and a host idle for longer than a delay starts afresh
with no burst (as the local gate, `politeness.following_start`). The key expires a second after
its next start: an idle host leaves nothing behind.

Redis unreachable or failing: this Fetcher falls back to its local gate (each worker polite on
its own, never faster than the local limit), logs one warning, and tries Redis again after
`RETRY_SECONDS`. redis is imported only when a Fetcher is given shared limits.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from ..logs import event

log = logging.getLogger(__name__)

KEY_PREFIX = "auditor:starts:"  # every estate on one Redis shares a host's starts: the host is the same
RETRY_SECONDS = 30.0  # after a failure, Redis is asked again this long later (meanwhile: the local gate)
SOCKET_SECONDS = 1.0  # a Redis that does not answer within this is down, for the gate's purposes
KEEP_MS = 1000  # a key lives this long after its next start

# KEYS[1] the host's key; ARGV[1] its delay, ARGV[2] not before (how long from now, both in µs),
# ARGV[3] how long the key outlives its next start (ms). Returns the wait in µs.
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local start = now + tonumber(ARGV[2])
local stored = tonumber(redis.call('GET', KEYS[1]))
if stored and stored > start then start = stored end
local following = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', following), 'PX', math.ceil((following - now) / 1000) + tonumber(ARGV[3]))
return start - now
"""


@dataclass(frozen=True, slots=True)
class SharedLimits:
    """Where the shared starts are kept: a redis:// URL (its password included), and a key prefix
    (tests give each their own)."""

    url: str
    prefix: str = KEY_PREFIX

    def __repr__(self) -> str:  # the URL may hold a password
        return f"SharedLimits(prefix={self.prefix!r})"


_process_limits: SharedLimits | None = None


def share_limits(limits: SharedLimits | None) -> None:
    """Every Fetcher this process creates from now on reserves its starts in `limits` (None: none
    does). `auditor worker` calls it once before its pool forks; nothing else does, so an audit in
    process never touches Redis."""
    global _process_limits
    _process_limits = limits


def process_limits() -> SharedLimits | None:
    return _process_limits


class SharedStarts:
    """One Fetcher's reservations: its own Redis client, made in the Fetcher's event loop on the
    first reservation and closed with the Fetcher."""

    def __init__(self, limits: SharedLimits) -> None:
        self.limits = limits
        self._client: Any = None  # redis.asyncio.Redis (imported only here)
        self._script: Any = None
        self._down_until = 0.0  # time.monotonic() before which Redis is not asked (it failed)
        self._warned = False

    async def reserve(self, key: str, delay: float, not_before: float) -> float | None:
        """Seconds this request waits for its start to `key` (host:port), reserved in Redis; None when
        Redis cannot be asked (the caller uses its local gate)."""
        if time.monotonic() < self._down_until:
            return None
        try:
            script = self._script or self._connect()
            waited = await script(keys=[self.limits.prefix + key],
                                  args=[round(delay * 1e6), max(round(not_before * 1e6), 0), KEEP_MS])
        except asyncio.CancelledError:
            raise
        except Exception as error:  # redis's errors, OSError, a timeout: never fail the fetch for them
            self._failed(error)
            return None
        if self._warned:
            self._warned = False
            event(log, "fetch.shared_gate.back", "Redis 已恢复，各 worker 重新共享每个主机的请求间隔 "
                  "(Redis answers again: request starts are shared across workers again)")
        return max(int(waited), 0) / 1e6

    def _connect(self) -> Any:
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        # no retries of its own: a failure falls back to the local gate at once
        self._client = aioredis.Redis.from_url(self.limits.url, socket_timeout=SOCKET_SECONDS,
                                               socket_connect_timeout=SOCKET_SECONDS, retry=Retry(NoBackoff(), 0))
        self._script = self._client.register_script(RESERVE)
        return self._script

    def _failed(self, error: BaseException) -> None:
        self._down_until = time.monotonic() + RETRY_SECONDS
        if not self._warned:
            self._warned = True
            event(log, "fetch.shared_gate.down", "无法连接 Redis，各 worker 暂时各自限速 (Redis unreachable: each "
                  f"worker keeps its own per-host limits until Redis answers again): {error}", level=logging.WARNING,
                  retry_seconds=RETRY_SECONDS)

    async def close(self) -> None:
        if self._client is not None:
            client, self._client, self._script = self._client, None, None
            try:
                await client.aclose()
            except Exception:  # closing a connection to a Redis that went away
                log.debug("fetch: closing the Redis client failed", exc_info=True)
