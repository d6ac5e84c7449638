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

The host's concurrency is shared too: before its start is reserved, a request takes one of the
host's `per_host_concurrency` slots, a member of a sorted set scored with its expiry (`hold`:
longer than a request can take, so a killed worker's slots free themselves), and gives it back
when the answer is read. Waiters queue by ticket (`TAKE_SLOT`) and ask again every
`POLL_SECONDS`: a plain semaphore tried in a loop let one worker's requests, handed the slot
locally the moment the last one gave it back, keep a host from the other worker entirely.

Redis unreachable or failing: this Fetcher falls back to its local gate (each worker polite on
its own, never faster than the local limit), logs one warning, and tries Redis again after
`RETRY_SECONDS`. redis is imported only when a Fetcher is given shared limits.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from ..logs import event

log = logging.getLogger(__name__)

KEY_PREFIX = "auditor:"  # every estate on one Redis shares a host's starts and slots: the host is the same
RETRY_SECONDS = 30.0  # after a failure, Redis is asked again this long later (meanwhile: the local gate)
SOCKET_SECONDS = 1.0  # a Redis that does not answer within this is down, for the gate's purposes
KEEP_MS = 1000  # a key lives this long after its next start
POLL_SECONDS = 0.05  # how often a request waiting for one of a host's slots asks again
WAITER_SECONDS = 1.0  # a waiter that has not asked again for this long is dropped from the line

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

# A host's slots, fairly: KEYS[1] the slots held (token -> expiry), KEYS[2] the requests waiting
# (token -> ticket), KEYS[3] when each waiter lapses (token -> expiry: it asks again every poll, so a
# cancelled or dead waiter is dropped soon), KEYS[4] the ticket counter. ARGV[1] how many slots,
# ARGV[2] how long one is held at most, ARGV[3] how long a waiter lasts without asking (µs), ARGV[4]
# the taker's token. The oldest waiters get the free slots first, whichever worker they are in
# (a worker's next request does not take the slot its last one gave back ahead of another's).
# Returns 1 when a slot was taken, 0 when the request is to ask again.
TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, lapsed in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('ZREM', KEYS[2], lapsed)
  redis.call('ZREM', KEYS[3], lapsed)
end
if not redis.call('ZSCORE', KEYS[2], ARGV[4]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[4])
end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[4])
local ttl = math.ceil(tonumber(ARGV[2]) / 1000)
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[1])
if free > 0 and redis.call('ZRANK', KEYS[2], ARGV[4]) < free then
  redis.call('ZREM', KEYS[2], ARGV[4])
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[4])
  return 1
end
return 0
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

    def __init__(self, limits: SharedLimits, hold: float) -> None:
        self.limits = limits
        self.hold = hold  # seconds a slot is held at most: longer than a request, its start's wait included
        self._client: Any = None  # redis.asyncio.Redis (imported only here)
        self._script: Any = None
        self._take: Any = None
        self._down_until = 0.0  # time.monotonic() before which Redis is not asked (it failed)
        self._warned = False

    async def reserve(self, key: str, delay: float, not_before: float) -> float | None:
        """Seconds this request waits for its start to `key` (host:port), reserved in Redis; None when
        Redis cannot be asked (the caller uses its local gate)."""
        if time.monotonic() < self._down_until:
            return None
        try:
            script = self._script or self._connect()
            waited = await script(keys=[self.limits.prefix + "starts:" + key],
                                  args=[round(delay * 1e6), max(round(not_before * 1e6), 0), KEEP_MS])
        except asyncio.CancelledError:
            raise
        except Exception as error:  # redis's errors, OSError, a timeout: never fail the fetch for them
            self._failed(error)
            return None
        self._answered()
        return max(int(waited), 0) / 1e6

    async def take_slot(self, key: str, slots: int) -> str | None:
        """One of the `slots` of `key` (host:port) across every worker, waited for: its token, for
        `give_slot`; None when Redis cannot be asked (the caller's own semaphore is all there is)."""
        token = uuid.uuid4().hex
        while time.monotonic() >= self._down_until:
            try:
                if self._take is None:
                    self._connect()
                taken = await self._take(keys=self._slot_keys(key),
                                         args=[slots, round(self.hold * 1e6), round(WAITER_SECONDS * 1e6), token])
            except asyncio.CancelledError:
                raise
            except Exception as error:  # as in `reserve`
                self._failed(error)
                return None
            self._answered()
            if int(taken):
                return token
            await asyncio.sleep(POLL_SECONDS)
        return None

    async def give_slot(self, key: str, token: str) -> None:
        """The slot back (while Redis is down, or on a failure, it is left to expire after `hold`)."""
        if self._client is None or time.monotonic() < self._down_until:
            return
        try:
            await self._client.zrem(self._slot_keys(key)[0], token)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self._failed(error)

    def _slot_keys(self, key: str) -> list[str]:
        """The host's slot keys, in one cluster hash slot (`{host:port}`), as a script's keys must be."""
        base = f"{self.limits.prefix}slots:{{{key}}}:"
        return [base + "held", base + "waiting", base + "lapse", base + "tickets"]

    def _answered(self) -> None:
        if self._warned:
            self._warned = False
            event(log, "fetch.shared_gate.back", "Redis 已恢复，各 worker 重新共享每个主机的请求间隔 "
                  "(Redis answers again: request starts are shared across workers again)")

    def _connect(self) -> Any:
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        # no retries of its own: a failure falls back to the local gate at once
        self._client = aioredis.Redis.from_url(self.limits.url, socket_timeout=SOCKET_SECONDS,
                                               socket_connect_timeout=SOCKET_SECONDS, retry=Retry(NoBackoff(), 0))
        self._script = self._client.register_script(RESERVE)
        self._take = self._client.register_script(TAKE_SLOT)
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
            client, self._client, self._script, self._take = self._client, None, None, None
            try:
                await client.aclose()
            except Exception:  # closing a connection to a Redis that went away
                log.debug("fetch: closing the Redis client failed", exc_info=True)
