"""The trap guard decides on evidence: item ids are content, permutations and repeats are traps."""

from __future__ import annotations

from auditor.crawl.scope import MAX_LIST_VARIANTS, MAX_UNCHANGED, TrapGuard
from auditor.models import FetchResult, Outcome


def answered(url: str, body: str) -> FetchResult:
    return FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200, content_hash=body)


def test_item_ids_are_followed_past_any_fixed_count() -> None:
    guard = TrapGuard()
    urls = [f"http://x.cn/show.asp?id={n}" for n in range(500)]
    assert all(guard.allows(url) for url in urls)
    for n, url in enumerate(urls):
        guard.observe(url, answered(url, f"page {n}"))  # every id its own page
    assert guard.allows("http://x.cn/show.asp?id=501")
    assert all(guard.allows(f"http://x.cn/ShowArticle.asp?ArticleID={n}&classid=3") for n in range(100))
    assert all(guard.allows(f"http://x.cn/letter.jsp?lid={n}&col=3") for n in range(100))


def test_list_permutations_stop_at_the_variant_cap() -> None:
    guard = TrapGuard()
    orders = [f"http://x.cn/list.asp?classid=12&order={o}&sort={s}" for o in range(10) for s in range(10)]
    allowed = [guard.allows(url) for url in orders]
    assert sum(allowed) == MAX_LIST_VARIANTS and all(allowed[:MAX_LIST_VARIANTS])


def test_a_parameter_that_changes_nothing_is_stopped_on_evidence() -> None:
    guard = TrapGuard()
    for n in range(MAX_UNCHANGED + 1):  # "信息不存在" for every id past the last one
        url = f"http://x.cn/show.asp?id={9000 + n}"
        assert guard.allows(url)
        guard.observe(url, answered(url, "信息不存在"))
    assert not guard.allows("http://x.cn/show.asp?id=9999")
    assert guard.allows("http://x.cn/view.jsp?id=1")  # another script is another shape


def test_shapes_always_refused() -> None:
    guard = TrapGuard()
    assert not guard.allows("http://x.cn/" + "a/" * 13)
    assert not guard.allows("http://x.cn/a/b/a/c/a/d.html")
    assert not guard.allows("http://x.cn/?q=" + "x" * 600)
