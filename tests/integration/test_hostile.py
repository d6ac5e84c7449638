"""Hostile servers (issue 8): every case ends in time, with its recorded outcome, in bounded memory.

Each case of `tests/hostile/server.py` is fetched through the real Fetcher, then a whole
audit crawls a site made of them beside a normal site, whose audit must come out as if
the hostile one were not there. Memory is `tracemalloc`'s peak: an unbounded read of
the 100 MB page or of the bombs would pass 100 MB (or GBs), the caps keep it near 25 MB.
"""

from __future__ import annotations

import asyncio
import gzip
import ssl
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import pytest
import sqlalchemy as sa
import trustme

from auditor import api
from auditor.audit import run_audit
from auditor.config import CrawlConfig, SiteConfig
from auditor.crawl.site import TARGETS_PER_PAGE_BUDGET, SiteCrawler
from auditor.extract import extract_page, parse_page
from auditor.extract.html import parse_html
from auditor.extract.links import extract_links
from auditor.fetch import Fetcher
from auditor.fetch.inflate import STEP, codings_of, inflated
from auditor.links.check import TargetPolicy
from auditor.models import LinkResult, Outcome, PageRequest
from auditor.store.tables import link_results, links, pages
from auditor.urls import normalise
from tests.crawl_context import StandaloneCrawl
from tests.hostile import pages as hostile_pages
from tests.hostile.bombs import nested_bomb, single_bomb
from tests.hostile.normal import AS_OF, NORMAL_PAGES, expected_violations
from tests.hostile.normal import site_toml as normal_site_toml
from tests.hostile.server import CASES, serve_hostile
from tests.httpserver import make_app, serve

TIMEOUT = 2.0  # seconds per request: the slow cases cost this, not the 15 s default
FAST = CrawlConfig(per_host_delay=0, retries=0, timeout=TIMEOUT)
PATIENT = FAST.model_copy(update={"timeout": 10.0})  # for the cases that must not time out on a busy machine
HANG_GUARD = 30.0  # no single fetch may take longer, whatever the server does
MEMORY_BOUND = 64 * 1024 * 1024  # peak bytes allocated during one fetch; the cap is 10 MB
OK, BROKEN, TIMED_OUT = (Outcome.OK, ""), Outcome.BROKEN, (Outcome.TIMEOUT, "timeout")

EXPECTED: dict[str, tuple[Outcome, str]] = {
    "gzip-bomb": (BROKEN, "too-large"),
    "gzip-bomb-nested": (BROKEN, "too-large"),
    "endless-chunked": (BROKEN, "too-large"),
    "slowloris": TIMED_OUT,
    "slow-headers": TIMED_OUT,
    "silent": TIMED_OUT,
    "redirect-loop": (BROKEN, "redirect-loop"),
    "redirect-spiral": (BROKEN, "too-many-redirects"),
    "redirect-chain-30": (BROKEN, "too-many-redirects"),
    "calendar-path": OK,
    "calendar-query": OK,
    "huge-page": (BROKEN, "too-large"),
    "huge-file": OK,  # a file: its first 64 KB prove it downloads
    "malformed-html": OK,
    "invalid-utf8": OK,
    "mixed-encoding": OK,
    "huge-header": (BROKEN, "protocol"),
    "many-headers": (BROKEN, "protocol"),
    "wide-headers": OK,  # 1 MB of headers, each within aiohttp's limits: read, then capped in the result
    "hostile-links": OK,
    "garbage": (BROKEN, "protocol"),
    "lying-length": (BROKEN, "protocol"),
    "reset": (BROKEN, "reset"),
    "link-farm": OK,  # one page of it: 1,000 links
}
SLOW_CASES = frozenset({"slowloris", "slow-headers", "silent"})


def test_every_case_has_an_expected_outcome() -> None:
    assert set(EXPECTED) == set(CASES)


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    """Yields a list that holds, after the block, the peak bytes traced during it."""
    found: list[int] = []
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        yield found
    finally:
        found.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


async def fetch_once(url: str, crawl: CrawlConfig = FAST, **request: object):
    async with Fetcher(crawl) as fetcher:
        result = await fetcher.fetch(PageRequest(url=url, site_id="hostile", **request))  # type: ignore[arg-type]
        return result, fetcher.stats


@pytest.mark.parametrize("name", sorted(CASES))
async def test_each_case_ends_in_time_with_its_outcome_in_bounded_memory(name: str) -> None:
    async with serve_hostile() as server:
        started = time.monotonic()
        with peak_memory() as peak:
            async with asyncio.timeout(HANG_GUARD):
                result, stats = await fetch_once(server.url(CASES[name].path), FAST if name in SLOW_CASES else PATIENT)
        elapsed = time.monotonic() - started
    assert (result.outcome, result.error) == EXPECTED[name]
    assert peak[0] < MEMORY_BOUND, f"{name}: {peak[0] / 1e6:.0f} MB traced"
    assert result.size <= FAST.max_response_bytes
    if name in SLOW_CASES:  # ended by the per-request deadline, not by the server
        assert TIMEOUT <= elapsed < TIMEOUT + 3
    # reading stopped at the cap: the bombs' gigabytes were never downloaded
    wire_cap = {"gzip-bomb": 1_000_000, "gzip-bomb-nested": 20_000, "huge-page": 11_000_000, "endless-chunked": 11_000_000}
    if name in wire_cap:
        assert stats.bytes_received < wire_cap[name]


async def test_the_bombs_are_what_they_claim() -> None:
    """The gzip streams inflate to their full size (checked on small ones: the structure is the same)."""
    assert gzip.decompress(single_bomb(3).materialise()) == b" " * (3 * 1024 * 1024)
    inner = gzip.decompress(nested_bomb(1024))
    assert inner == single_bomb(1024).materialise()
    assert len(nested_bomb(4096)) < 12_000 and single_bomb(8192).inflated == 8 << 30


async def test_a_slowloris_with_retries_costs_each_attempt_its_deadline_and_no_more() -> None:
    async with serve_hostile() as server:
        started = time.monotonic()
        result, _ = await fetch_once(server.url(CASES["slowloris"].path), FAST.model_copy(update={"retries": 1}))
        elapsed = time.monotonic() - started
    assert (result.outcome, result.error, result.attempts) == (Outcome.TIMEOUT, "timeout", 2)
    assert 2 * TIMEOUT <= elapsed < 2 * TIMEOUT + 5  # two deadlines and one backoff


async def test_a_host_that_keeps_timing_out_is_given_up_for_the_rest_of_the_run() -> None:
    """Thousands of stalling URLs on one host would cost a deadline each; after
    `max_host_timeouts` in a row, the host's other URLs are recorded as timeouts at once."""
    crawl = FAST.model_copy(update={"max_host_timeouts": 3, "per_host_concurrency": 1})
    async with serve_hostile() as server, Fetcher(crawl) as fetcher:
        started = time.monotonic()
        results = [await fetcher.fetch(PageRequest(url=server.url(f"/silent?n={n}"), site_id="h")) for n in range(20)]
        elapsed = time.monotonic() - started
        answered = await fetcher.fetch(PageRequest(url=server.url("/malformed"), site_id="h"))
    assert [(r.outcome, r.error) for r in results] == [TIMED_OUT] * 3 + [(Outcome.TIMEOUT, "host-unresponsive")] * 17
    assert fetcher.stats.requests == 1 + 3  # robots.txt and three: the 17 others were never sent
    assert 3 * TIMEOUT <= elapsed < 3 * TIMEOUT + 5
    assert (answered.outcome, answered.error) == (Outcome.TIMEOUT, "host-unresponsive")  # the whole host, for this run


async def test_a_host_that_answers_between_timeouts_is_not_given_up() -> None:
    crawl = FAST.model_copy(update={"max_host_timeouts": 2, "per_host_concurrency": 1})
    async with serve_hostile() as server, Fetcher(crawl) as fetcher:
        outcomes = []
        for n in range(3):
            outcomes.append((await fetcher.fetch(PageRequest(url=server.url(f"/silent?n={n}"), site_id="h"))).error)
            outcomes.append((await fetcher.fetch(PageRequest(url=server.url("/malformed"), site_id="h"))).error)
    assert outcomes == ["timeout", ""] * 3  # a timeout streak ends with any answer


@pytest.mark.slow
@pytest.mark.timeout(150)
async def test_a_slowloris_under_the_default_caps() -> None:
    """The default 15 s deadline and 2 retries: about 47 s for one such URL, then a timeout."""
    crawl = CrawlConfig(per_host_delay=0)
    async with serve_hostile() as server:
        started = time.monotonic()
        result, _ = await fetch_once(server.url(CASES["slowloris"].path), crawl)
        elapsed = time.monotonic() - started
    assert (result.outcome, result.attempts) == (Outcome.TIMEOUT, 3)
    assert 3 * crawl.timeout <= elapsed < 3 * crawl.timeout + 10


async def test_content_served_by_the_readable_cases() -> None:
    async with serve_hostile() as server, Fetcher(FAST) as fetcher:
        read = {}
        for name in ("malformed-html", "invalid-utf8", "mixed-encoding", "wide-headers"):
            request = PageRequest(url=server.url(CASES[name].path), site_id="hostile")
            fetched = await fetcher.fetch(request)
            read[name] = (fetched, extract_page(parse_page(fetched), request, as_of=AS_OF))
    malformed = read["malformed-html"][1]
    # NUL, a surrogate and an out-of-range code point become U+FFFD; escaped markup stays text
    assert malformed.title.startswith("畸形页面 \ufffd \ufffd \ufffd") and "<script>alert(1)</script>" in malformed.title
    assert {link.target.rsplit("/", 1)[1] for link in malformed.links} == {
        "malformed-target.html", "quote\"mix.html", "unquoted.html?a=1&b=2",
    }  # nothing from inside the script, the textarea or the endless comment
    fetched, page = read["invalid-utf8"]
    assert fetched.encoding == "utf-8" and page.title == "无效编码页面"  # declared UTF-8, read as UTF-8 with U+FFFD
    assert "正文开头" in fetched.text and "正文结尾" in fetched.text and "\ufffd" in fetched.text
    fetched, page = read["mixed-encoding"]
    assert fetched.encoding == "gb18030" and page.title == "混合编码页面"  # the declared GBK wins, as in a browser
    assert "这一段是GBK" in fetched.text
    fetched, _ = read["wide-headers"]
    assert fetched.status == 200 and len(fetched.content_type) < 300


async def test_robots_txt_that_errs_hangs_or_is_5_mb() -> None:
    late = f"{hostile_pages.LATE_RULE}page.html"
    outcomes = {}
    for mode in ("error", "slow", "huge", "missing"):
        # only the hanging file needs the short deadline: the huge one is built (5 MB, by the test's own
        # server, in this process) and its 512 KB read in more than 2 s on a loaded 2-core machine
        # (seen in CI), which made it look unreachable
        crawl = FAST if mode == "slow" else FAST.model_copy(update={"timeout": 10.0})
        async with serve_hostile("127.0.0.81", robots=mode) as server, Fetcher(crawl) as fetcher:
            with peak_memory() as peak:
                async with asyncio.timeout(HANG_GUARD):
                    private = await fetcher.fetch(PageRequest(url=server.url("/private/secret.html"), site_id="h"))
                    later = await fetcher.fetch(PageRequest(url=server.url(late), site_id="h"))
            outcomes[mode] = (private.outcome, later.outcome, fetcher.stats.robots_unreachable, server.log.count("/robots.txt"))
        assert peak[0] < MEMORY_BOUND
    # a 500 or a hanging robots.txt allows everything (and is counted unreachable); asked once per origin
    assert outcomes["error"] == (Outcome.OK, Outcome.OK, 1, 1)
    assert outcomes["slow"] == (Outcome.OK, Outcome.OK, 1, 1)
    # of a 5 MB file the first 512 KB are read: the rule at its start holds, the one at its end is never seen
    assert outcomes["huge"] == (Outcome.ROBOTS, Outcome.OK, 0, 1)
    assert outcomes["missing"] == (Outcome.OK, Outcome.OK, 0, 1)


async def test_an_untrusted_certificate_is_a_tls_failure(tmp_path) -> None:
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    async with serve_hostile(ssl_context=context) as secure:
        refused, _ = await fetch_once(secure.url("/"))
        trusted, _ = await fetch_once(secure.url("/"), FAST.model_copy(update={"ca_bundle": str(bundle)}))
        bomb_over_tls, _ = await fetch_once(secure.url(CASES["gzip-bomb-nested"].path), FAST.model_copy(update={"ca_bundle": str(bundle)}))
    assert (refused.outcome, refused.error) == (Outcome.BROKEN, "tls")
    assert (trusted.outcome, trusted.status) == (Outcome.OK, 200)  # the server itself works over TLS
    assert (bomb_over_tls.outcome, bomb_over_tls.error) == (Outcome.BROKEN, "too-large")


async def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    """`localhost` comes from /etc/hosts (no DNS); so does the full-width spelling once IDNA maps it."""
    private = CrawlConfig(per_host_delay=0, retries=0, timeout=TIMEOUT, allow_private_addresses=False)
    async with serve_hostile() as server:
        plain, _ = await fetch_once(f"http://localhost:{server.port}/", private, trusted=False)
        full_width = normalise(f"http://ｌｏｃａｌｈｏｓｔ:{server.port}/admin/")
        mapped, _ = await fetch_once(full_width, private, trusted=False)
        by_address, _ = await fetch_once(server.url("/"), private, trusted=False)
        configured, _ = await fetch_once(server.url("/"), private, trusted=True)
    assert full_width == f"http://localhost:{server.port}/admin/"
    for refused in (plain, mapped, by_address):
        assert (refused.outcome, refused.error) == (Outcome.EXCLUDED, "private-address")
    assert configured.outcome is Outcome.OK  # a configured site is always allowed
    assert server.log.count("/") == 1 and "/admin/" not in server.log  # only the configured fetch got through


async def test_hostile_link_targets_are_read_judged_and_fetched_without_raising() -> None:
    async with serve_hostile() as server:
        own = server.origin
        request = PageRequest(url=server.url(CASES["hostile-links"].path), site_id="hostile")
        async with Fetcher(FAST) as fetcher:
            page = extract_page(parse_page(await fetcher.fetch(request)), request, as_of=AS_OF)
            targets = [link.target for link in page.links]
            policy = TargetPolicy(site_of_host={"127.0.0.1": "hostile"}, exclude_hosts=("*.invalid",))
            decisions = {target: policy.request_for(normalise(target)) for target in targets}
            fetched = {}
            for target, decision in decisions.items():
                if isinstance(decision, PageRequest):
                    async with asyncio.timeout(HANG_GUARD):
                        fetched[target] = await fetcher.fetch(decision)
    # the 10,000-character URL and the unclosed IPv6 address are dropped on reading; the rest kept
    assert len(targets) == 21 and not [t for t in targets if len(t) > 4000]
    assert f"{own}/{'b' * hostile_pages.MEDIUM_URL_CHARS}" in targets
    assert "javascript:alert(1)" in targets  # the entity-encoded one decodes to the same, so it is one
    refused = {t: d.error for t, d in decisions.items() if isinstance(d, LinkResult)}
    assert refused["javascript:alert(1)"] == refused["JaVaScRiPt:alert(document.cookie)"] == "scheme:javascript"
    assert refused["data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="] == "scheme:data"
    assert refused["vbscript:msgbox(1)"] == "scheme"
    assert refused["mailto:<script>alert(1)</script>"] == "bad-mailto"
    # IDN and punycode hosts are matched by exclude_hosts in either spelling, and never looked up
    for host in ("测试", "xn--0zwm56d", "xn--zz", "a" * 70):
        assert refused[f"http://{host}.invalid/"] == "excluded-host"
    outcomes = {t.removeprefix(own): (r.outcome, r.error) for t, r in fetched.items()}
    assert outcomes["http://127.0.0.1:99999/"] == (Outcome.BROKEN, "bad-url")
    assert outcomes["http:///no-host"] == (Outcome.BROKEN, "bad-url")
    assert outcomes["http://127.0.0.1:1/"] == (Outcome.BROKEN, "refused")
    # credentials in a link are not sent (aiohttp raised ValueError on them, which ended the crawl)
    assert outcomes[f"http://user:pass@{own.split('//', 1)[1]}/credentials.html"] == OK
    # the ones on the server itself reach it, percent-encoded as needed
    for path in ("/with space.html", "/bad%zz.html", "/trailing%", "/query?q=%&r=%zz", "/中文路径.html", "/tabandnewline.html"):
        assert outcomes[path] == OK, path
    # sent as a browser sends them: a percent sign that starts no escape goes out as written (`%zz`)
    assert {"/with%20space.html", "/bad%zz.html", "/trailing%", "/%E4%B8%AD%E6%96%87%E8%B7%AF%E5%BE%84.html"} <= set(server.log)


def test_deep_nesting_keeps_what_follows() -> None:
    """Templates that never close a tag per row nest hundreds deep; libxml2 stopped reading at 256."""
    rows = "".join(f'<font color="red"><a href="/n{n}.html">第{n}条</a>' for n in range(600))
    links = extract_links(parse_html(f"<html><body>{rows}<a href='/last.html'>末</a></body></html>"), "http://h/")
    assert len(links) == 601 and links[-1].target == "http://h/last.html"
    hostile = "<div>" * 5000 + "<a href='/hidden.html'>x</a>"
    before = "<a href='/before.html'>y</a>"
    assert [link.target for link in extract_links(parse_html(before + hostile), "http://h/")][0] == "http://h/before.html"


async def test_a_link_farm_stops_at_the_sites_page_and_target_budgets() -> None:
    crawl = FAST.model_copy(update={"max_pages_per_site": 20, "per_host_concurrency": 4})
    async with serve_hostile() as server:
        site = SiteConfig.model_validate({"id": "farm", "name": "农场", "url": server.url(CASES["link-farm"].path), "kind": "town"})
        async with Fetcher(crawl) as fetcher:
            context = StandaloneCrawl(crawl, fetcher, datetime(2026, 11, 28, 9, tzinfo=UTC))
            async with asyncio.timeout(HANG_GUARD):
                result = await SiteCrawler(site, context).run()
    stored_links = [link for page in context.pages for link in page.links]
    budget = TARGETS_PER_PAGE_BUDGET * 20
    assert result.pages == 20 and context.ledger.target_count == budget
    assert len({link.target for link in stored_links}) == budget
    assert result.links_dropped == 20 * 1000 - len(stored_links) > 15_000  # 20 pages of 1,000 links each


# --- inflating step by step (auditor/fetch/inflate.py) ----------------------------------

async def _inflate_all(data: bytes, content_encoding: str, chunk: int = 16 * 1024) -> list[bytes]:
    async def raw():
        for start in range(0, len(data), chunk):
            yield data[start:start + chunk]

    codings = codings_of(content_encoding)
    assert codings is not None
    return [piece async for piece in inflated(raw(), codings)]


async def test_inflate_decodes_every_offered_coding_and_stacks_of_them() -> None:
    text = "政府信息公开".encode() * 50_000
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    cases = {
        "gzip": gzip.compress(text),
        "x-gzip": gzip.compress(text),
        "deflate": zlib.compress(text),  # as the standard says: zlib-wrapped
        "Deflate": raw_deflate.compress(text) + raw_deflate.flush(),  # as many servers send it: raw
        "deflate, gzip": gzip.compress(zlib.compress(text)),
        "gzip, identity, gzip": gzip.compress(gzip.compress(text)),
        "identity": text,
        "": text,
    }
    for encoding, body in cases.items():
        pieces = await _inflate_all(body, encoding)
        assert b"".join(pieces) == text, encoding
        assert max(map(len, pieces)) <= max(STEP, 16 * 1024), encoding


async def test_inflate_refuses_what_it_was_not_offered_and_corrupt_data() -> None:
    assert codings_of("br") is None and codings_of("gzip, zstd") is None and codings_of("compress") is None
    assert codings_of(", ".join(["gzip"] * 5)) is None  # no server means five layers
    with pytest.raises(httpx.DecodingError):
        await _inflate_all(b"\x1f\x8b\x08\x00" + b"\x00" * 100, "gzip")
    with pytest.raises(httpx.DecodingError):
        await _inflate_all(b"not deflate at all, in any wrapping", "deflate")


async def test_inflate_holds_a_step_per_layer_however_high_the_ratio() -> None:
    """A nested bomb, read a few pieces at a time: pieces never exceed STEP (httpx's decoder made 16 GB of one chunk)."""
    async def raw():
        yield nested_bomb(4096)

    sizes = []
    async for piece in inflated(raw(), ["gzip", "gzip"]):
        sizes.append(len(piece))
        if len(sizes) == 40:
            break
    assert max(sizes) <= STEP and sum(sizes) > 1_000_000


# --- a whole audit with the hostile sites beside a normal one -----------------------------

AUDIT_TIMEOUT = 3.0  # the slow cases run side by side; the bombs need their 10 MB read in time, traced
MAX_PAGES = 40  # per site: every case linked from the hostile site's home page fits, the link farm does not


def audit_config(hostile: str, robots_error: str, robots_huge: str, normal: str) -> str:
    sites = [("hostile", "恶意站点", hostile), ("robots-error", "robots出错的站点", robots_error),
             ("robots-huge", "robots很大的站点", robots_huge)]
    text = (
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///hostile.db"\n'
        f"[crawl]\nper_host_delay = 0\nretries = 0\ntimeout = {AUDIT_TIMEOUT}\nsite_timeout = 60\nmax_pages_per_site = {MAX_PAGES}\n"
        'allow_private_addresses = false\nexclude_hosts = ["*.invalid"]\n'
    )
    for site_id, name, url in sites:
        text += f'\n[[sites]]\nid = "{site_id}"\nname = "{name}"\nurl = "{url}"\nkind = "town"\n'
    return text + normal_site_toml(normal)


def stored(engine: sa.Engine, run_id: int) -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str]], dict[str, int]]:
    """(page url -> (site, outcome, error), link target -> (outcome, error), site -> distinct targets linked)
    as the store keeps them."""
    with engine.connect() as conn:
        target_counts = dict(conn.execute(
            sa.select(links.c.site_id, sa.func.count(sa.distinct(links.c.target))).where(links.c.run_id == run_id).group_by(links.c.site_id)).all())
        page_rows = conn.execute(sa.select(pages.c.url, pages.c.site_id, pages.c.outcome, pages.c.error).where(pages.c.run_id == run_id))
        crawled = {row.url: (row.site_id, row.outcome, row.error) for row in page_rows}
        link_rows = conn.execute(sa.select(link_results.c.url, link_results.c.outcome, link_results.c.error).where(link_results.c.run_id == run_id))
        checked = {row.url: (row.outcome, row.error) for row in link_rows}
    return crawled, checked, target_counts


@pytest.mark.timeout(150)
async def test_an_audit_beside_hostile_sites_completes_with_every_outcome_recorded(tmp_path) -> None:
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    small_home = ["/calendar/2026-11-28.html", "/malformed"]
    async with serve_hostile() as hostile, serve_hostile(ssl_context=tls, home_paths=[]) as secure, \
            serve_hostile("127.0.0.82", robots="error", home_paths=small_home) as robots_error, \
            serve_hostile("127.0.0.83", robots="huge", home_paths=small_home) as robots_huge, \
            serve(make_app(NORMAL_PAGES), "127.0.0.84") as normal:
        hostile.extra_links += [secure.url("/"), f"http://localhost:{hostile.port}/"]
        hostile.farm_width = 400  # one page of it passes the target budget; each target past the crawl costs a check
        (tmp_path / "auditor.toml").write_text(
            audit_config(hostile.url("/"), robots_error.url("/"), robots_huge.url("/"), normal.url("")), encoding="utf-8")
        config, rulesets = api.load(tmp_path / "auditor.toml")
        started = time.monotonic()
        with api.open_store(config) as store:
            with peak_memory() as peak:
                async with asyncio.timeout(120):
                    result = await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28T09:00", config.tz))
            elapsed = time.monotonic() - started
            crawled, checked, target_counts = stored(store.engine, result.run.id)

    assert result.run.status == "complete"
    # about 40 MB traced: a few bodies at the 10 MB cap at once; reading the 100 MB page whole would pass the bound alone
    assert peak[0] < 128 * 1024 * 1024, f"{peak[0] / 1e6:.0f} MB traced"
    # each case crawled as a page of the hostile site (the PDF is a file: checked, not crawled)
    for name, case in CASES.items():
        url = normalise(hostile.url(case.path))
        outcome, error = EXPECTED[name]
        if name == "huge-file":
            assert checked[url] == (outcome.value, error)
        else:
            assert crawled[url] == ("hostile", outcome.value, error), name
    assert crawled[normalise(secure.url("/"))][1:] == ("broken", "tls")  # same host: crawled, and refused
    assert checked[f"http://localhost:{hostile.port}/"] == ("excluded", "private-address")
    assert checked[f"http://localhost:{hostile.port}/"] == checked[normalise(f"http://localhost:{hostile.port}/")]
    assert checked[normalise(hostile.url("/private/secret.html"))] == ("robots", "robots")
    # the endless calendars stop at the depth limit; the day after the last is checked, not crawled
    calendar = [url for url in crawled if "/calendar" in url and crawled[url][0] == "hostile"]
    assert 2 <= len(calendar) <= 2 * config.crawl.max_depth
    for site, server in (("robots-error", robots_error), ("robots-huge", robots_huge)):
        assert crawled[normalise(server.url("/"))] == (site, "ok", "")
        assert crawled[normalise(server.url(f"{hostile_pages.LATE_RULE}page.html"))] == (site, "ok", "")
    assert checked[normalise(robots_huge.url("/private/secret.html"))] == ("robots", "robots")
    assert checked[normalise(robots_error.url("/private/secret.html"))][0] == "ok"  # a 500 robots.txt allows all
    # the link farm filled the hostile site's page budget and its target budget, no more
    # (redirected pages spend the budget twice: their target is seen too)
    assert MAX_PAGES - 5 <= sum(1 for url, (site, _, _) in crawled.items() if site == "hostile") <= MAX_PAGES
    assert target_counts["hostile"] == TARGETS_PER_PAGE_BUDGET * MAX_PAGES
    assert len(checked) < TARGETS_PER_PAGE_BUDGET * MAX_PAGES + 100

    # the normal site's audit is what it would be alone: its stale column and its dead link
    normal_found = {(v.check, v.url) for v in result.violations if v.site == "normal"}
    assert expected_violations(normal.url("")) <= normal_found
    assert {score.site for score in result.scores} == {"hostile", "robots-error", "robots-huge", "normal"}
    assert elapsed < 120
