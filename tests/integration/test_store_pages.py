"""Pages, links, list items and link verdicts, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from auditor.models import FetchResult, Link, LinkOccurrence, LinkResult, ListItem, Outcome, Page
from auditor.store import Store
from auditor.store.sqltypes import URL_BYTES
from tests.store_fixtures import select_rows

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
HOME = "http://127.0.0.10/"


def _page(url: str, *, links: tuple[Link, ...] = (), column: str | None = None, items=(), site: str = "portal",
          final_url: str | None = None, title: str = "首页") -> Page:
    return Page(url=url, final_url=final_url or url, site_id=site, column_id=column, status=200,
                outcome=Outcome.OK, title=title, links=links, items=tuple(items), depth=1)


def _fetch(url: str, *, final_url: str | None = None, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
    return FetchResult(
        url=url, final_url=final_url or url, outcome=Outcome.OK, status=200, content_type="text/html",
        encoding="gb18030", size=1234, content_hash="ab" * 32, etag=etag, last_modified=last_modified,
        fetched_at=AS_OF, redirects=(url,) if final_url else (),
    )


def _link(source: str, target: str, element: str = "a", attribute: str = "href", text: str = "") -> Link:
    return Link(source=source, target=target, element=element, attribute=attribute, text=text)


def test_add_pages_stores_pages_links_and_column_items(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    news = "http://127.0.0.10/xwzx/"
    store.add_pages(run_id, [
        (_page(HOME, links=(_link(HOME, news, text="要闻"), _link(HOME, "http://127.0.0.10/logo.png", "img", "src"))),
         _fetch(HOME, etag='"v1"')),
        (_page(news, column="news", title="清河要闻", items=[ListItem("通知一", news + "1.html", date(2026, 11, 27)),
                                                           ListItem("无日期", news + "2.html", None)]),
         _fetch(news)),
        # items of a page outside any column are not column items
        (_page("http://127.0.0.10/about.html", items=[ListItem("x", "http://127.0.0.10/x", None)]), _fetch("http://127.0.0.10/about.html")),
    ])
    pages = select_rows(store_url, "SELECT url, column_id, status, outcome, encoding, etag, size, depth, title FROM pages ORDER BY id")
    assert pages == [
        (HOME, None, 200, "ok", "gb18030", '"v1"', 1234, 1, "首页"),
        (news, "news", 200, "ok", "gb18030", None, 1234, 1, "清河要闻"),
        ("http://127.0.0.10/about.html", None, 200, "ok", "gb18030", None, 1234, 1, "首页"),
    ]
    assert select_rows(store_url, "SELECT source_url, target, element, attribute, text FROM links ORDER BY id") == [
        (HOME, news, "a", "href", "要闻"),
        (HOME, "http://127.0.0.10/logo.png", "img", "src", ""),
    ]
    assert select_rows(store_url, "SELECT column_id, title, url FROM column_items ORDER BY id") == [
        ("news", "通知一", news + "1.html"), ("news", "无日期", news + "2.html"),
    ]
    assert [str(d)[:10] if d else None for (d,) in select_rows(store_url, "SELECT item_date FROM column_items ORDER BY id")] == [
        "2026-11-27", None,
    ]


def test_problem_link_occurrences(store: Store) -> None:
    run_id = store.start_run(AS_OF, ["portal", "town-a"])
    redirected_home = "http://127.0.0.10/index.html"
    news = "http://127.0.0.10/xwzx/"
    dead, slow, fine, moved = (f"http://127.0.0.20/{name}" for name in ("dead", "slow", "fine", "moved"))
    store.add_pages(run_id, [
        (_page(HOME, final_url=redirected_home, links=(_link(redirected_home, dead, text="死链"), _link(redirected_home, fine))),
         _fetch(HOME, final_url=redirected_home)),
        (_page(news, column="news", links=(_link(news, slow, "img", "src"), _link(news, moved), _link(news, dead))), _fetch(news)),
        (_page("http://127.0.0.11/", site="town-a", links=(_link("http://127.0.0.11/", dead),)), _fetch("http://127.0.0.11/")),
    ])
    dead_result = LinkResult(dead, Outcome.BROKEN, 404, "http-404", dead, (), AS_OF, 0.5)
    slow_result = LinkResult(slow, Outcome.TIMEOUT, None, "timeout", "", (), AS_OF, 15.0)
    store.add_link_results(run_id, [
        dead_result, slow_result,
        LinkResult(fine, Outcome.OK, 200, checked_at=AS_OF),
        LinkResult(moved, Outcome.REDIRECTED, 200, final_url=fine, redirects=(moved,), checked_at=AS_OF),
    ])
    got = store.problem_link_occurrences(run_id, "portal", HOME)
    assert got == [
        LinkOccurrence(_link(redirected_home, dead, text="死链"), dead_result, on_home=True, column_id=None),
        LinkOccurrence(_link(news, slow, "img", "src"), slow_result, on_home=False, column_id="news"),
        LinkOccurrence(_link(news, dead), dead_result, on_home=False, column_id="news"),
    ]
    assert [o.link.source for o in store.problem_link_occurrences(run_id, "town-a", "http://127.0.0.11/")] == [
        "http://127.0.0.11/"
    ]
    assert store.problem_link_occurrences(run_id + 1, "portal", HOME) == []


def test_link_results_keep_redirect_chains_and_dedupe_a_batch(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    target = "http://127.0.0.20/a"
    store.add_link_results(run_id, [
        LinkResult(target, Outcome.BROKEN, 500, "http-500"),
        LinkResult(target, Outcome.WRONG, 200, "parked", "http://parked.example/", (target, "http://127.0.0.21/"), AS_OF, 1.25),
    ])
    store.add_pages(run_id, [(_page(HOME, links=(_link(HOME, target),)), _fetch(HOME))])
    (occurrence,) = store.problem_link_occurrences(run_id, "portal", HOME)
    assert occurrence.result == LinkResult(
        target, Outcome.WRONG, 200, "parked", "http://parked.example/", (target, "http://127.0.0.21/"), AS_OF, 1.25
    )
    assert occurrence.on_home
    assert select_rows(store_url, "SELECT count(*) FROM link_results") == [(1,)]


def test_untrusted_strings_are_cleaned_not_crashed_on(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    huge = "http://127.0.0.10/" + "路" * 5000
    nasty = "标题\x00带空字符\ud800孤立代理"
    store.add_pages(run_id, [(
        _page(HOME, title=nasty * 200, links=(_link(HOME, huge, text=nasty),), column="news",
              items=[ListItem(nasty, huge, None)]),
        FetchResult(url=HOME, final_url=huge, outcome=Outcome.OK, status=200, etag=nasty, error=nasty,
                    redirects=tuple(f"http://127.0.0.10/{i}" for i in range(500))),
    )])
    store.add_link_results(run_id, [LinkResult(huge, Outcome.BROKEN, 404, nasty)])
    ((title, final_url, redirects),) = select_rows(store_url, "SELECT title, final_url, redirects FROM pages")
    assert "\x00" not in title and "\ud800" not in title and len(title.encode()) <= 512
    assert len(final_url.encode()) <= URL_BYTES and final_url.startswith("http://127.0.0.10/路")
    assert "http://127.0.0.10/49" in str(redirects) and "http://127.0.0.10/50\"" not in str(redirects)
    # the truncated target still joins with its truncated verdict
    (occurrence,) = store.problem_link_occurrences(run_id, "portal", HOME)
    assert occurrence.link.text == "标题带空字符?孤立代理"
    assert occurrence.result.outcome is Outcome.BROKEN


def test_a_batch_of_5000_pages_with_20_links_each(store: Store, store_url: str) -> None:
    run_id = store.start_run(AS_OF, ["portal"])
    batch = []
    for n in range(5000):
        url = f"http://127.0.0.10/art/{n}.html"
        links = tuple(_link(url, f"http://127.0.0.10/art/{n + k}.html", text=f"文章{k}") for k in range(20))
        batch.append((_page(url, links=links), _fetch(url)))
    store.add_pages(run_id, batch)
    assert select_rows(store_url, "SELECT count(*) FROM pages") == [(5000,)]
    assert select_rows(store_url, "SELECT count(*) FROM links") == [(100_000,)]
    store.add_link_results(run_id, [LinkResult(f"http://127.0.0.10/art/{n}.html", Outcome.BROKEN, 404) for n in range(100, 110)])
    problems = store.problem_link_occurrences(run_id, "portal", HOME)
    assert len(problems) == 200  # each of the 10 dead targets is linked from 20 pages
