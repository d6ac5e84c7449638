"""The store behind one thread, for code running on an event loop.

`Store` is synchronous: a batch of pages or the closing transaction of a run takes
milliseconds to seconds, and on the crawler's event loop that time would stall every
fetch in flight. A run hands its database work to one `StoreThread` instead: the
calls run in order on a single thread (SQLite sees one writer; PostgreSQL one
connection at a time), and the loop only awaits their results.

`PageWriter` batches the crawled pages into that thread with a bound on the batches
in flight, so a slow database slows the crawl down instead of filling memory. The
page cache's new rows (texts read with validators) go with them, in the same
transaction; a batch goes early when its texts reach CACHE_CHARS, so a batch's
memory is bounded whatever the size of the pages.
"""

from __future__ import annotations

import asyncio
import functools
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from ..models import FetchResult, Page
from .page_cache import CachedPage
from .store import Store

P = ParamSpec("P")
T = TypeVar("T")

PAGE_BATCH = 200  # pages per database write: few round trips, bounded memory
BATCHES_IN_FLIGHT = 4  # written or waiting in the thread before the crawler waits for one
# characters of cached text that send a batch before it has PAGE_BATCH pages: each cached page holds
# its whole text (the benchmark site's 200 pages hold 0.4 M, a portal's can hold 10 M and more)
CACHE_CHARS = 4_000_000


class StoreThread:
    """One thread running a run's store calls in the order they were made."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="auditor-store")

    async def call(self, method: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`method(*args, **kwargs)` on the store's thread; the loop goes on meanwhile."""
        return await asyncio.wrap_future(self.submit(method, *args, **kwargs))

    def submit(self, method: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        return self._executor.submit(functools.partial(method, *args, **kwargs))

    def wait(self, method: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`method` on the store's thread, blocking the caller: only where the loop has nothing
        left to do (a cancelled run recording its ending), so the order of writes is kept."""
        return self.submit(method, *args, **kwargs).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True)


class PageWriter:
    """The crawled pages of one run, written in batches on the store's thread."""

    def __init__(self, thread: StoreThread, run_id: int) -> None:
        self._thread = thread
        self._run_id = run_id
        self._buffer: list[tuple[Page, FetchResult]] = []
        self._cached: list[CachedPage] = []
        self._cached_chars = 0
        self._in_flight: deque[Future[None]] = deque()
        self.pages = 0

    async def write(self, page: Page, fetch: FetchResult) -> None:
        self._buffer.append((page, fetch))
        self.pages += 1
        if len(self._buffer) >= PAGE_BATCH:
            self._send()
        await self._wait_for_room()

    async def cache(self, page: CachedPage) -> None:
        """Keep `page` in the page cache (written with the pages' batches, never one transaction a page)."""
        self._cached.append(page)
        self._cached_chars += len(page.text)
        if self._cached_chars >= CACHE_CHARS:
            self._send()
        await self._wait_for_room()

    async def _wait_for_room(self) -> None:
        while len(self._in_flight) > BATCHES_IN_FLIGHT:
            await asyncio.wrap_future(self._in_flight.popleft())  # a failed write surfaces here

    async def flush(self) -> None:
        """Every page written so far is in the database when this returns."""
        self._send()
        while self._in_flight:
            await asyncio.wrap_future(self._in_flight.popleft())

    def flush_blocking(self) -> None:
        """`flush` for a run that is being cancelled: its loop cannot be relied on any more."""
        self._send()
        while self._in_flight:
            self._in_flight.popleft().result()

    def _send(self) -> None:
        """The pages and cached texts gathered so far, in one write (one transaction, one future to wait for:
        with a write of their own the cached texts took four of the BATCHES_IN_FLIGHT every 200 pages)."""
        if self._buffer or self._cached:
            batch, cached, self._buffer, self._cached, self._cached_chars = self._buffer, self._cached, [], [], 0
            self._in_flight.append(self._thread.submit(self._thread.store.add_pages, self._run_id, batch, cached))
