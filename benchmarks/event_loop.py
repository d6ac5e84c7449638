"""Is the crawler's event loop ever blocked by the database? Audit the demo estate under
asyncio's debug mode and count what held the loop.

    .venv/bin/python benchmarks/event_loop.py            # the demo estate at scale 1
    .venv/bin/python benchmarks/event_loop.py --scale 3

Two figures, from one audit into a fresh SQLite database:
- store calls made on the event loop's thread: every public `Store` method is wrapped and
  records the thread it runs on (the run's own store thread and `asyncio.to_thread` are
  fine; the loop's thread is not);
- slow callbacks: asyncio's debug mode logs every step of the loop that held it longer
  than `slow_callback_duration` (0.1 s here); they are listed with their durations and
  the time store calls on the loop's thread took inside them ("from the store" when
  that is over half the step).

The audit runs in this process (the estate server in its own), so the figures include
debug mode's own overhead: they say what held the loop, not how fast the audit is
(`benchmarks/estate.py` says that).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import logging
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor import api  # noqa: E402
from auditor.audit import run_audit  # noqa: E402
from auditor.demo import serve_estate  # noqa: E402
from auditor.store import Store  # noqa: E402

SLOW_CALLBACK_SECONDS = 0.1
_SLOW = re.compile(r"Executing (?P<what>.+) took (?P<seconds>[0-9.]+) seconds")


class LoopWatch(logging.Handler):
    """Collects asyncio's slow-callback warnings and the store calls made on the loop's thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.loop_thread: int | None = None
        self.store_on_loop: Counter[str] = Counter()
        self.store_elsewhere: Counter[str] = Counter()
        self.store_spans: list[tuple[float, float]] = []  # monotonic start and end of store calls on the loop
        self.slow: list[tuple[float, float, str]] = []  # end (monotonic), seconds, what

    def emit(self, record: logging.LogRecord) -> None:
        match = _SLOW.search(record.getMessage())
        if match:  # logged as the step ends
            self.slow.append((time.monotonic(), float(match["seconds"]), match["what"][:150]))

    def store_seconds_in(self, end: float, seconds: float) -> float:
        start = end - seconds
        return sum(max(0.0, min(end, e) - max(start, s)) for s, e in self.store_spans)

    def wrap_store(self) -> None:
        for name, method in inspect.getmembers(Store, inspect.isfunction):
            if not name.startswith("_"):
                setattr(Store, name, self._watched(name, method))

    def _watched(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def watched(*args: Any, **kwargs: Any) -> Any:
            on_loop = threading.get_ident() == self.loop_thread
            (self.store_on_loop if on_loop else self.store_elsewhere)[name] += 1
            started = time.monotonic()
            try:
                return method(*args, **kwargs)
            finally:
                if on_loop:
                    self.store_spans.append((started, time.monotonic()))

        return watched


async def _audit(watch: LoopWatch, config_path: Path, as_of: str) -> tuple[int, int]:
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = SLOW_CALLBACK_SECONDS
    watch.loop_thread = threading.get_ident()
    config, rulesets = api.load(config_path)
    store = await asyncio.to_thread(api.open_store, config)
    try:
        result = await run_audit(config, rulesets, store, as_of=api.parse_as_of(as_of, config.tz))
    finally:
        await asyncio.to_thread(store.close)
    return result.run.pages, len(result.violations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--as-of", default="2026-11-28")
    args = parser.parse_args()
    watch = LoopWatch()
    watch.wrap_store()
    logging.getLogger("asyncio").addHandler(watch)
    with tempfile.TemporaryDirectory() as tmp, serve_estate(date.fromisoformat(args.as_of), args.scale) as estate:
        config = Path(tmp) / "auditor.toml"
        config.write_text(estate.config_toml(storage_url=f"sqlite:///{tmp}/bench.db"), encoding="utf-8")
        started = time.monotonic()
        pages, problems = asyncio.run(_audit(watch, config, f"{args.as_of}T09:00:00"), debug=True)
        seconds = time.monotonic() - started
    slow = sorted(((held, watch.store_seconds_in(end, held), what) for end, held, what in watch.slow), reverse=True)
    from_store = [entry for entry in slow if entry[1] > entry[0] / 2]
    print(f"audit of the demo estate at scale {args.scale:g} under asyncio debug mode: {pages} pages, "
          f"{problems} problems, {seconds:.1f} s")
    print(f"store calls on the event loop's thread: {sum(watch.store_on_loop.values())} "
          f"{dict(watch.store_on_loop) or ''}".rstrip())
    print(f"store calls on other threads: {sum(watch.store_elsewhere.values())} {dict(watch.store_elsewhere)}")
    print(f"slow callbacks (> {SLOW_CALLBACK_SECONDS:g} s): {len(slow)}, {sum(held for held, _, _ in slow):.2f} s; "
          f"from the store: {len(from_store)}, {sum(held for held, _, _ in from_store):.2f} s")
    for held, in_store, what in slow[:10]:
        print(f"  {held:6.3f} s (store {in_store:5.3f} s)  {what}")


if __name__ == "__main__":
    main()
