"""The page cache in the store, on SQLite and PostgreSQL: a text comes back only with the very
validators it was stored with, a newer 200 replaces it, a URL or validator the database would
change is never cached, and a site left out of the config loses its cached pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from auditor.config import parse_config
from auditor.store import Store
from auditor.store.page_cache import CachedPage
from auditor.store.sqltypes import URL_BYTES

FETCHED = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
TEXT = "<html><body>清河县人民政府 \ud800 孤立代理项也原样读回</body></html>" * 50


def cached(url: str, etag: str | None = '"v1"', last_modified: str | None = None, *, site: str = "portal",
           text: str = TEXT) -> CachedPage:
    return CachedPage(
        url=url, site_id=site, etag=etag, last_modified=last_modified, final_url=url + "index.html",
        content_type="text/html; charset=gbk", encoding="gb18030", content_hash="ab" * 32, size=len(text) + 7,
        text=text, fetched_at=FETCHED,
    )


def test_a_text_is_read_back_only_with_its_own_validators(store: Store) -> None:
    store.cache_pages([cached("http://a.gov.cn/", '"v1"', "Wed, 21 Oct 2026 07:28:00 GMT"),
                       cached("http://a.gov.cn/b/", None, "Wed, 21 Oct 2026 07:28:00 GMT")])
    assert store.page_cache_validators("portal") == {
        "http://a.gov.cn/": ('"v1"', "Wed, 21 Oct 2026 07:28:00 GMT"),
        "http://a.gov.cn/b/": (None, "Wed, 21 Oct 2026 07:28:00 GMT"),
    }
    assert store.page_cache_validators("town-a") == {}
    page = store.cached_page("http://a.gov.cn/", ('"v1"', "Wed, 21 Oct 2026 07:28:00 GMT"))
    assert page == cached("http://a.gov.cn/", '"v1"', "Wed, 21 Oct 2026 07:28:00 GMT")  # text and all, exactly
    assert store.cached_page("http://a.gov.cn/", ('"v1"', None)) is None
    assert store.cached_page("http://a.gov.cn/", ('"v2"', "Wed, 21 Oct 2026 07:28:00 GMT")) is None
    assert store.cached_page("http://a.gov.cn/missing", ('"v1"', None)) is None


def test_a_newer_text_replaces_the_row(store: Store) -> None:
    store.cache_pages([cached("http://a.gov.cn/", '"v1"', text="一")])
    # the same URL twice in a batch, and again in a later batch: the last one stays
    store.cache_pages([cached("http://a.gov.cn/", '"v2"', text="二"), cached("http://a.gov.cn/", '"v3"', text="三")])
    assert store.page_cache_validators("portal") == {"http://a.gov.cn/": ('"v3"', None)}
    assert store.cached_page("http://a.gov.cn/", ('"v2"', None)) is None
    page = store.cached_page("http://a.gov.cn/", ('"v3"', None))
    assert page is not None and page.text == "三"


def test_what_the_database_would_change_is_not_cached(store: Store) -> None:
    long_url = "http://a.gov.cn/" + "x" * URL_BYTES  # would be cut: two such URLs could share a row
    store.cache_pages([cached(long_url), cached("http://a.gov.cn/nul", '"v\x001"'), cached("http://a.gov.cn/ok")])
    assert store.page_cache_validators("portal") == {"http://a.gov.cn/ok": ('"v1"', None)}


def test_a_site_left_out_of_the_config_loses_its_cached_pages(store: Store, tmp_path: Path) -> None:
    store.cache_pages([cached("http://a.gov.cn/", site="portal"), cached("http://b.gov.cn/", site="gone")])
    (tmp_path / "rules.toml").write_text("", encoding="utf-8")
    config = parse_config('rulesets = ["rules.toml"]\n[[sites]]\nid = "portal"\nname = "清河县人民政府"\n'
                          'url = "http://a.gov.cn/"\nkind = "county"\n', tmp_path / "auditor.toml")
    store.sync_sites(config)
    assert store.page_cache_validators("gone") == {}
    assert store.page_cache_validators("portal") == {"http://a.gov.cn/": ('"v1"', None)}
