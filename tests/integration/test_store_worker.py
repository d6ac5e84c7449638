"""PageWriter on a real store thread, SQLite and PostgreSQL: the crawled pages and the page
cache's new rows go in the same writes, PAGE_BATCH pages at a time, earlier when the cached
texts reach CACHE_CHARS; after flush every page and text is in the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from auditor.models import FetchResult, Link, Outcome, Page
from auditor.store import Store
from auditor.store.page_cache import CachedPage
from auditor.store.worker import CACHE_CHARS, PAGE_BATCH, PageWriter, StoreThread

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class CountingStore(Store):
    """The real store, noting the size of each write it is given."""

    writes: list[tuple[int, int]]

    def add_pages(self, run_id: int, pages: list[tuple[Page, FetchResult]], cached: list[CachedPage] | None = None) -> None:
        self.writes.append((len(pages), len(cached or ())))
        super().add_pages(run_id, pages, cached)


def _page(n: int) -> tuple[Page, FetchResult]:
    url = f"http://127.0.0.10/{n}.html"
    page = Page(url=url, final_url=url, site_id="portal", column_id=None, status=200, outcome=Outcome.OK,
                title=f"第{n}页", links=(Link(url, "http://127.0.0.10/", "a", "href", "首页"),))
    return page, FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200, fetched_at=AS_OF)


def _cached(n: int, text: str = "<html>正文</html>") -> CachedPage:
    url = f"http://127.0.0.10/{n}.html"
    return CachedPage(url=url, site_id="portal", etag=f'"{n}"', last_modified=None, final_url=url,
                      content_type="text/html", encoding="utf-8", content_hash="ab" * 32, size=len(text),
                      text=text, fetched_at=AS_OF)


async def _crawl(writer: PageWriter, pages: range, text_of: dict[int, str]) -> None:
    """As the crawl does: a page's text is kept when it is fetched, the page written once read."""
    for n in pages:
        await writer.cache(_cached(n, text_of.get(n, "<html>正文</html>")))
        await writer.write(*_page(n))
    await writer.flush()


def test_pages_and_their_cached_texts_are_written_together(store_url: str) -> None:
    store = CountingStore.open(store_url)
    store.writes = []
    thread = StoreThread(store)
    try:
        run_id = store.start_run(AS_OF, ["portal"])
        writer = PageWriter(thread, run_id)
        big = "长" * CACHE_CHARS  # one page's text alone sends its batch early
        asyncio.run(_crawl(writer, range(2 * PAGE_BATCH + 50), {PAGE_BATCH + 10: big}))
        # (pages, cached texts) of each write: the big text goes with the 10 pages before it
        assert store.writes == [(PAGE_BATCH, PAGE_BATCH), (10, 11), (PAGE_BATCH, PAGE_BATCH - 1), (40, 40)]
        assert writer.pages == 2 * PAGE_BATCH + 50
        assert len(store.fetched_pages(run_id, [_page(n)[0].url for n in range(2 * PAGE_BATCH + 50)])) == 450
        assert len(store.page_cache_validators("portal")) == 450
        cached = store.cached_page(_cached(PAGE_BATCH + 10).url, ('"210"', None))
        assert cached is not None and cached.text == big
    finally:
        thread.close()
        store.close()
