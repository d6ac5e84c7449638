"""The simulated estate (auditor/demo): the deterministic model, its server, its truth, its config."""

from __future__ import annotations

import hashlib
import os
import re
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import lxml.html
import pytest

from auditor.config import parse_config
from auditor.demo import CHECK_TYPES, Estate, EstateHandle, build_estate, serve_estate
from auditor.demo.config_writer import config_toml
from auditor.demo.model import PARKED_HOST, REFUSED_HOST, SOFT404_HOST, SiteSpec
from auditor.demo.paths import list_page_path
from auditor.demo.plants import DEAD_HOME_SITE
from auditor.demo.respond import Responder
from auditor.urls import normalise
from tests.spec_checks import ISSUE_19_CHECKS, built_spec_check_types

AS_OF = date(2026, 11, 28)
CREATE_PAGE = re.compile(r"createPageHTML\((?:'page_div',\s*)?(\d+),\s*(\d+),\s*['\"]index['\"]")


@pytest.fixture(scope="module")
def model() -> Estate:
    return build_estate(AS_OF, 1.0, port=8080)


@pytest.fixture(scope="module")
def handle() -> Iterator[EstateHandle]:
    with serve_estate(AS_OF, 1.0) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, timeout=10) as http:
        yield http


def _rendered(estate: Estate) -> dict[str, tuple[int, bytes]]:
    """Every route of every site, rendered by the model without a server: url -> (status, body)."""
    responder = Responder(estate)
    pages = {}
    for site in estate.sites:
        for path in responder.routes(site):
            reply = responder.respond(site.host, path)
            assert reply is not None
            pages[site.absolute(path)] = (reply.status, reply.body)
    return pages


def _targets(estate: Estate, site: SiteSpec) -> set[str]:
    """Every href/src on the site's pages, resolved as a browser would."""
    responder, found = Responder(estate), set()
    for path in responder.routes(site):
        reply = responder.respond(site.host, path)
        if reply is None or not reply.content_type.startswith("text/html") or not reply.body:
            continue
        tree = lxml.html.fromstring(reply.body)
        for element in tree.iter("a", "img", "link", "script"):
            value = element.get("href") or element.get("src")
            if value:
                found.add(urljoin(site.absolute(path), value))
    return found


# -- the model ---------------------------------------------------------------------------


def test_build_is_deterministic_down_to_the_bytes(model: Estate) -> None:
    again = build_estate(AS_OF, 1.0, port=8080)
    assert again == model
    digest = lambda estate: hashlib.sha256(b"".join(k.encode() + v[1] for k, v in sorted(_rendered(estate).items()))).hexdigest()  # noqa: E731
    assert digest(again) == digest(model)
    later = build_estate(AS_OF + timedelta(days=1), 1.0, port=8080)
    assert [p.details for p in later.truth] != [p.details for p in model.truth]


def test_scale_sets_the_number_of_pages(model: Estate) -> None:
    pages = model.page_count()
    assert 2_500 <= pages <= 3_500
    assert 8 <= build_estate(AS_OF, 10.0).page_count() / pages <= 12
    assert len(_rendered(model)) >= pages  # every counted page is really served (plus assets)


def test_the_estate_has_the_promised_shape(model: Estate) -> None:
    kinds = [site.kind for site in model.sites]
    assert (kinds.count("county"), kinds.count("town"), kinds.count("department")) == (1, 10, 21)
    assert [site.host for site in model.sites] == [f"127.0.0.{n}" for n in range(10, 42)]
    assert {site.family for site in model.sites} == {"trs", "hanweb", "table"}
    assert {site.date_style for site in model.sites} == {"dash", "slash", "dot", "cn", "bracket", "paren"}
    assert {c.kind for c in model.site("portal").columns} >= {
        "news", "govinfo", "notices", "documents", "personnel", "plans", "links", "leaders", "services", "mailbox", "reports"}


def test_news_history_covers_the_audit_window_with_pagination(model: Estate) -> None:
    planted = {(p.site, p.column) for p in model.truth if p.check == "column.cadence"}
    for site in model.sites:
        news = site.column("news")
        assert news.pages >= 2
        days = {item.day for item in news.items}
        assert min(days) <= AS_OF - timedelta(days=20)
        if (site.id, "news") not in planted:  # every day of the window has news
            assert {AS_OF - timedelta(days=n) for n in range(1, 16)} <= days, site.id


@pytest.mark.parametrize("as_of", [date(2027, 1, 3), date(2028, 2, 29), date(2026, 3, 31)])
def test_any_audit_date_gives_a_consistent_estate(as_of: date) -> None:
    estate = build_estate(as_of, 0.5)
    assert {p.check for p in estate.truth} == set(CHECK_TYPES) | {"site.https"}
    assert all(item.day <= as_of for site in estate.sites for column in site.columns for item in column.items)
    statuses = [status for status, _ in _rendered(estate).values()]
    assert len(statuses) > estate.page_count()
    assert sorted(s for s in statuses if s != 200) == [301, 500, 500]  # the redirect trap, the broken column, the dead home
    if as_of.month == 1:  # a January audit lists December items under year-less dates
        page = Responder(estate).respond("127.0.0.40", estate.site("ybj").column("news").path)
        assert page is not None and b"[12-31]" in page.body


def test_the_truth_covers_every_check_type_of_the_spec(model: Estate, spec_text: str) -> None:
    spec_checks = built_spec_check_types(spec_text) - ISSUE_19_CHECKS
    assert len(spec_checks) == 14
    assert set(CHECK_TYPES) == spec_checks
    # of issue 19's, the demo plants only site.https: its 32 sites serve plain HTTP on ports of their own
    assert {p.check for p in model.truth} == spec_checks | {"site.https"}


def test_each_planted_url_is_what_the_violation_carries(model: Estate) -> None:
    responder = Responder(model)

    def status(url: str) -> int | None:
        parts = urlsplit(url)
        if parts.hostname == REFUSED_HOST:
            return None
        reply = responder.respond(parts.hostname or "", parts.path)
        return reply.status if reply else None

    targets = {site.id: _targets(model, site) for site in model.sites}
    for p in model.truth:
        site = model.site(p.site)
        assert normalise(p.url) == p.url, p  # the crawl's dedup key: violations carry it
        if p.check.startswith("site."):
            assert p.url == site.url
        elif p.check.startswith("column.") or p.check == "report.missing":
            assert p.url == site.column(p.column).url
        elif p.check == "link.broken":
            assert p.url in targets[p.site] and (status(p.url) is None or status(p.url) >= 400), p
        elif p.check == "link.wrong":
            assert p.url in targets[p.site] and urlsplit(p.url).hostname in (PARKED_HOST, SOFT404_HOST)
            assert status(p.url) == 200
        else:  # item pages: outdated items, documents, leaders, guides, letters
            assert p.url in {site.absolute(i.path) for i in site.column(p.column).items} and status(p.url) == 200, p
    unreachable = [p for p in model.truth if p.check == "column.unreachable"]
    assert sorted(status(p.url) for p in unreachable) == [404, 500]
    empty = next(p for p in model.truth if p.check == "column.empty")
    assert status(empty.url) == 200 and not model.site(empty.site).column(empty.column).items


def test_planted_details_match_the_content(model: Estate) -> None:
    gap = next(p for p in model.truth if p.check == "column.cadence" and p.details["kind"] == "gap" and p.site == "huixi")
    days = sorted({i.day for i in model.site("huixi").column("news").items if i.day >= AS_OF - timedelta(days=15)})
    start, end = date.fromisoformat(gap.details["start"]), date.fromisoformat(gap.details["end"])
    assert [d for d in days if start <= d <= end] == [start, end] and (end - start).days == 3
    for late in (p for p in model.truth if p.check == "document.late"):
        published, formed = (date.fromisoformat(late.details[k]) for k in ("published", "formed"))
        assert (published - formed).days == late.details["days"] > 20
    for outdated in (p for p in model.truth if p.check == "content.outdated"):
        assert date.fromisoformat(outdated.details["date"]).year in (2007, 2008, 2018)
    deep = next(p for p in model.truth if p.check == "content.outdated" and p.details.get("page") == 7)
    plans = model.site(deep.site).column(deep.column)
    position = next(n for n, item in enumerate(plans.items) if model.site(deep.site).absolute(item.path) == deep.url)
    assert position // plans.page_size == 6  # list page 7
    for missing in (p for p in model.truth if p.check == "report.missing"):
        titles = [i.title for i in model.site(missing.site).column("reports").items]
        assert not any(f"{missing.details['year']}年" in t for t in titles)


def test_traps_are_never_in_the_truth(model: Estate) -> None:
    # site.https names a site by its home URL: a finding on its address, not on the home page's content
    planted = {(p.site, p.url) for p in model.truth if p.check != "site.https"}
    assert model.traps and not [t for t in model.traps if (t.site, t.url) in planted]
    assert {"http.429-once", "http.slow", "http.redirect", "robots.disallowed", "link.popular"} <= {t.kind for t in model.traps}


def test_the_generated_config_is_valid(model: Estate, tmp_path: Path) -> None:
    text = config_toml(model, storage_url="sqlite:///demo.db", extra='# extra\n[schedule]\nfull_audit = "0 2 1,16 * *"\n')
    config = parse_config(text, tmp_path / "auditor.toml")
    assert len(config.sites) == 32 and config.schedule is not None and config.mail is None
    crawl = config.crawl
    assert (crawl.allow_private_addresses, crawl.per_host_delay, crawl.per_host_concurrency, crawl.timeout, crawl.respect_robots) == (True, 0.02, 4, 10, True)
    assert crawl.contact and "per_host_delay = 0.02" in text and crawl.exclude_hosts == ["*.conac.cn"]
    portal = config.site("portal")
    assert portal.url == model.site("portal").url and len(portal.columns) == 11
    assert portal.columns[0].update_within == "1d" and config.site("shiqiao").columns[-1].id == "zcjd"
    assert {c.category for s in config.sites for c in s.columns} >= {"政策/规范性文件", "规划/计划", "行政许可", "机构职能", "其他"}


# -- the server --------------------------------------------------------------------------


def test_every_site_answers_on_its_own_address(handle: EstateHandle, client: httpx.Client) -> None:
    for site in handle.estate.sites:
        response = client.get(site.url)
        if site.id == DEAD_HOME_SITE:  # planted: its home page answers 500, its other pages answer
            assert response.status_code == 500
            assert client.get(site.absolute(site.columns[0].path)).status_code == 200
            continue
        assert response.status_code == 200
        assert site.name in response.content.decode(site.encoding)
        assert client.get(site.absolute("/robots.txt")).text == "User-agent: *\nDisallow: /internal/\n"
    assert "博彩" in client.get(handle.estate.outside_url(PARKED_HOST, "/any/path")).text
    soft = client.get(handle.estate.outside_url(SOFT404_HOST, "/xxgk/index.html"))
    assert soft.status_code == 200 and "页面不存在" in soft.text
    with pytest.raises(httpx.ConnectError):
        client.get(handle.estate.outside_url(REFUSED_HOST))


def test_control_endpoints_log_and_publish_the_truth(handle: EstateHandle, client: httpx.Client) -> None:
    handle.reset_log()
    portal = handle.estate.site("portal")
    client.get(portal.url, headers={"User-Agent": "estate-test/1"})
    client.head(portal.absolute("/no/such/page.html"), headers={"User-Agent": "estate-test/1"})
    log = handle.request_log()
    assert [(e["host"], e["method"], e["path"], e["status"], e["user_agent"]) for e in log] == [
        (portal.host, "GET", "/", 200, "estate-test/1"), (portal.host, "HEAD", "/no/such/page.html", 404, "estate-test/1")]
    assert all(e["started"] <= e["finished"] for e in log)
    truth = handle.truth()
    assert [p["url"] for p in truth["truth"]] == [p.url for p in handle.estate.truth]
    assert truth["as_of"] == AS_OF.isoformat() and len(truth["traps"]) == len(handle.estate.traps)
    handle.reset_log()
    assert handle.request_log() == []


def test_gbk_sites_declare_their_charset_only_in_meta(handle: EstateHandle, client: httpx.Client) -> None:
    gbk = [site for site in handle.estate.sites if site.encoding == "gbk"]
    assert len(gbk) >= 5
    for site in gbk:
        response = client.get(site.column("news").url)
        assert response.headers["content-type"] == "text/html"
        with pytest.raises(UnicodeDecodeError):
            response.content.decode("utf-8")
        assert site.column("news").name in response.content.decode("gbk")
        assert re.search(rb'<meta http-equiv="Content-Type" content="text/html; charset=(gbk|gb2312)">', response.content[:1024])


def _list_pages(client: httpx.Client, site: SiteSpec, column_id: str) -> list[lxml.html.HtmlElement]:
    """Walk a column's list pages the way a crawler must: 下一页 links, or the TRS pager script."""
    url, trees = site.column(column_id).url, []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        tree = lxml.html.fromstring(response.content.decode(site.encoding))
        trees.append(tree)
        following = tree.xpath('//a[text()="下一页"]/@href')
        pager = CREATE_PAGE.search(response.content.decode(site.encoding))
        if pager and int(pager.group(2)) + 1 < int(pager.group(1)):
            following = [f"index_{int(pager.group(2)) + 1}.html"]
        url = urljoin(url, following[0]) if following else ""
    return trees


@pytest.mark.parametrize("site_id", ["portal", "chengguan", "baihe", "zrzyj"])
def test_list_items_link_to_existing_pages(handle: EstateHandle, client: httpx.Client, site_id: str) -> None:
    site = handle.estate.site(site_id)
    for column_id in ("news", "documents"):
        column = site.column(column_id)
        trees = _list_pages(client, site, column_id)
        assert len(trees) == column.pages
        links = [urljoin(column.url, href) for tree in trees
                 for href in tree.xpath('//div[@class="list"]//a/@href | //table[@class="newslist"]//a/@href')]
        assert links == [site.absolute(item.path) for item in column.items]
        assert all(client.get(link).status_code == 200 for link in links)


def test_trs_pagination_matches_create_page_html(handle: EstateHandle, client: httpx.Client) -> None:
    checked = 0
    for site in (s for s in handle.estate.sites if s.family == "trs"):
        for column in (c for c in site.columns if c.status == 200 and c.kind != "links"):
            for page in range(column.pages):
                text = client.get(site.absolute(list_page_path("trs", column.path, page))).text
                assert CREATE_PAGE.search(text).groups() == (str(column.pages), str(page))
            beyond = client.get(site.absolute(f"{column.path}index_{column.pages}.html"))
            assert beyond.status_code == 404
            checked += column.pages > 1
    assert checked >= 10


def test_unknown_paths_are_real_404s(handle: EstateHandle, client: httpx.Client) -> None:
    portal = handle.estate.site("portal")
    for path in ("/no/such/page.html", "/xwzx/gzdt/202611/t20261127_9999999.html", "/internal/txl.html"):
        assert client.get(portal.absolute(path)).status_code == 404
    assert client.get(handle.estate.site("shiqiao").column("zcjd").url).status_code == 404
    assert client.get(handle.estate.site("mzj").column("gsgg").url).status_code == 500


def test_stateful_traps(handle: EstateHandle, client: httpx.Client) -> None:
    handle.reset()
    slow_limited = handle.estate.site("hbj").absolute("/xxgkzn.html")
    first = client.get(slow_limited)
    assert (first.status_code, first.headers["retry-after"]) == (429, "1")
    assert client.get(slow_limited).status_code == 200
    flaky = handle.estate.site("scjgj").url
    assert [client.get(flaky).status_code for _ in range(6)] == [200, 503, 200, 200, 200, 503]
    moved = client.get(handle.estate.site("longquan").absolute("/old/zwgk.htm"))
    assert moved.status_code == 301 and client.get(moved.headers["location"]).status_code == 200


def test_pages_reference_served_assets(handle: EstateHandle, client: httpx.Client) -> None:
    site = handle.estate.site("czj")
    tree = lxml.html.fromstring(client.get(site.column("documents").url).content)
    assets = {urljoin(site.column("documents").url, v) for v in tree.xpath("//img/@src | //script/@src | //link/@href")}
    assert len(assets) >= 5
    assert all(client.head(url).status_code == 200 for url in assets)
    planted_pdf = next(p.url for p in handle.estate.truth if p.site == "czj" and p.check == "link.broken")
    assert client.get(planted_pdf).status_code == 404


def test_the_server_process_stops_with_the_block() -> None:
    with serve_estate(AS_OF, 0.2) as running:
        pid, port = running.pid, running.port
        with httpx.Client(trust_env=False) as http:
            assert http.get(running.estate.site("portal").url).status_code == 200
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.10", port), timeout=2).close()
