"""The store's writes during a crawl, on the real batch of `benchmarks/links.py`'s site.

    .venv/bin/python benchmarks/store_writes.py                    # SQLite, 2,000 pages, 5 rounds
    .venv/bin/python benchmarks/store_writes.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test

The generated site (`benchmarks/linksite.py`, the seed `links.py` uses) is read from disk
and extracted as the crawl reads it (`parse_page`, `extract_page`): about 2,000 pages
and 37,000 links. Each round then writes them into a fresh database in the batches of a
run (`auditor.store.worker`, PAGE_BATCH pages): `Store.add_pages` with the pages alone,
then `Store.cache_pages` with the page cache's rows (a first audit's, which a run writes in
the same transactions as the pages: apart here, so that each cost shows), then reads each
page back with `Store.cached_page` (a re-audit's 304s, one call a page), every call on this
one thread. Printed per call kind, median of the rounds: the wall time and
this thread's CPU time (zlib and SQLite's own work included; both release the GIL while
they run, Python's row building and SQLAlchemy's parameter handling do not). With --busy a
second thread runs Python all along, as the crawl's event loop does: each time a write gives
up the GIL it waits to get it back (up to the switch interval, 5 ms), and its wall shows it.

A PostgreSQL URL gets a schema of its own for each round (dropped after it).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import linksite  # noqa: E402

from auditor.extract.page import extract_page  # noqa: E402
from auditor.extract.parsed import parse_page  # noqa: E402
from auditor.fetch.encoding import decode_html  # noqa: E402
from auditor.models import FetchResult, Outcome, Page, PageRequest  # noqa: E402
from auditor.store import Store  # noqa: E402
from auditor.store.page_cache import CachedPage  # noqa: E402
from auditor.store.worker import PAGE_BATCH  # noqa: E402

AS_OF = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SITE_ID = "chengguan"
LINK_COLUMN = linksite.LINK_COLUMN[0]


class Batch:
    """What one crawl of the site hands the store: (page, fetch) pairs and the pages to cache."""

    def __init__(self, pages: list[tuple[Page, FetchResult]], cached: list[CachedPage]) -> None:
        self.pages = pages
        self.cached = cached

    @property
    def links(self) -> int:
        return sum(len(page.links) for page, _ in self.pages)


def read_site(pages: int, seed: int) -> Batch:
    """Generate the site in a temporary folder and read every page of it as the crawl would."""
    ports = linksite.Ports(served=8080, refused=8081)
    with tempfile.TemporaryDirectory(prefix="store-writes-") as folder:
        root = Path(folder)
        linksite.write_site(root, pages, seed, ports)
        site = root / "site"
        files = sorted(site.rglob("*.html"))
        read = [_read_page(ports.home.rstrip("/") + "/" + path.relative_to(site).as_posix(), path, number)
                for number, path in enumerate(files)]
    return Batch([(page, fetch) for page, fetch, _ in read], [cached for _, _, cached in read])


def _read_page(url: str, path: Path, number: int) -> tuple[Page, FetchResult, CachedPage]:
    body = path.read_bytes()
    text, encoding = decode_html(body, "text/html")
    fetched_at = AS_OF + timedelta(milliseconds=number)
    # nginx's validators for a static file: ETag "<mtime hex>-<size hex>", Last-Modified
    etag = f'"{0x6571a2b3 + number:x}-{len(body):x}"'
    last_modified = "Mon, 02 Nov 2026 08:00:00 GMT"
    fetch = FetchResult(
        url=url, final_url=url, outcome=Outcome.OK, status=200, content_type="text/html", encoding=encoding,
        text=text, size=len(body), content_hash=hashlib.sha256(body).hexdigest(), etag=etag,
        last_modified=last_modified, fetched_at=fetched_at,
    )
    column = LINK_COLUMN if f"/{LINK_COLUMN}/" in url else None
    request = PageRequest(url=url, site_id=SITE_ID, column_id=column, depth=url.count("/") - 3)
    page = extract_page(parse_page(fetch), request, as_of=date(2026, 11, 28))
    cached = CachedPage(
        url=url, site_id=SITE_ID, etag=etag, last_modified=last_modified, final_url=url, content_type="text/html",
        encoding=encoding, content_hash=fetch.content_hash, size=len(body), text=text, fetched_at=fetched_at,
    )
    return page, fetch, cached


@contextmanager
def fresh_database(url: str | None) -> Iterator[str]:
    """A database nothing has written to: a new SQLite file, or a new PostgreSQL schema."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="store-writes-db-") as folder:
            yield f"sqlite:///{Path(folder) / 'auditor.db'}"
        return
    engine = sa.create_engine(url, poolclass=NullPool)
    name = f"bench_store_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield sa.make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        engine.dispose()


@contextmanager
def busy_thread() -> Iterator[None]:
    """A second thread running Python all along, as the crawl's event loop does while the store's
    thread writes: a write that gives up the GIL (SQLite's step, zlib) waits to get it back."""
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            sum(range(200))

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _timed(calls: list[Callable[[], None]]) -> tuple[float, float]:
    """Wall and this thread's CPU seconds of running `calls` one after another."""
    wall, cpu = time.perf_counter(), time.thread_time()
    for call in calls:
        call()
    return time.perf_counter() - wall, time.thread_time() - cpu


def one_round(batch: Batch, url: str | None) -> dict[str, tuple[float, float]]:
    with fresh_database(url) as database, Store.open(database) as store:
        run_id = store.start_run(AS_OF, [SITE_ID])
        pages = [batch.pages[start:start + PAGE_BATCH] for start in range(0, len(batch.pages), PAGE_BATCH)]
        cached = [batch.cached[start:start + PAGE_BATCH] for start in range(0, len(batch.cached), PAGE_BATCH)]
        return {
            "add_pages": _timed([lambda chunk=chunk: store.add_pages(run_id, chunk) for chunk in pages]),
            "cache_pages": _timed([lambda chunk=chunk: store.cache_pages(chunk) for chunk in cached]),
            "cached_page": _timed([lambda page=page: _read_back(store, page) for page in batch.cached]),
        }


def _read_back(store: Store, page: CachedPage) -> None:
    if store.cached_page(page.url, page.validators) is None:
        raise SystemExit(f"{page.url} was not read back from the page cache")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000, help="pages on the generated site (default 2000)")
    parser.add_argument("--seed", type=int, default=2026, help="the site's seed (default 2026, as links.py)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", help="a PostgreSQL URL (default: a new SQLite file each round)")
    parser.add_argument("--busy", action="store_true",
                        help="a second thread runs Python meanwhile, as the crawl's event loop does")
    args = parser.parse_args()
    batch = read_site(args.pages, args.seed)
    print(f"{len(batch.pages)} pages, {batch.links} links, {len(batch.cached)} pages to cache; "
          f"{args.rounds} rounds on {'SQLite' if args.url is None else 'PostgreSQL'}"
          f"{', a busy thread beside' if args.busy else ''}")
    with busy_thread() if args.busy else nullcontext():
        rounds = [one_round(batch, args.url) for _ in range(args.rounds)]
    for kind in ("add_pages", "cache_pages", "cached_page"):
        walls = [figures[kind][0] for figures in rounds]
        cpus = [figures[kind][1] for figures in rounds]
        print(f"{kind:12s} wall {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s (median); "
              f"wall {', '.join(f'{wall:.3f}' for wall in walls)}; CPU {', '.join(f'{cpu:.3f}' for cpu in cpus)}")

if __name__ == "__main__":
    main()
