"""Every link outcome from real servers on 127.0.0.x, through the fetcher and the classifier.

Each test serves its hosts, checks a list of targets as an audit's link stage does
(`check_targets` with the run's `Classifier`), and reads the verdicts and the servers' logs.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

import trustme
from aiohttp import web

from auditor.config import CrawlConfig
from auditor.fetch import Fetcher, RetryPolicy
from auditor.links import Classifier, MissingPages, TargetPolicy, check_targets, load_lexicon
from auditor.models import LinkResult, Outcome
from tests.httpserver import Page, free_port, make_app, serve

FAST = RetryPolicy(base=0.01, jitter=0)
GAMBLING = Page(
    "<html><head><title>葡京娱乐城_在线博彩_百家乐</title></head>"
    "<body><h1>澳门葡京 真人荷官</h1><p>注册送888元彩金，体育投注，老虎机。</p></body></html>"
)
ADULT = Page("<html><head><title>午夜福利 成人视频</title></head><body>无码 一本道 裸聊</body></html>")
PARKED = Page(
    "<html><head><title>qinghe-travel.com</title></head>"
    "<body><p>This domain may be for sale. 本域名出售，有意者请联系。</p></body></html>"
)
SAYS_MISSING = Page("<html><head><title>提示信息</title></head><body><h2>您访问的页面不存在</h2></body></html>")
CHALLENGE = Page(
    "<html><head><script>document.cookie='__jsl_clearance=1600000000.123|0|abc';location.reload()</script>"
    "</head><body></body></html>"
)
ARTICLE_TITLE = "关于做好冬季安全生产工作的通知"
ARTICLE = Page(
    f"<html><head><title>{ARTICLE_TITLE}</title></head><body><h1>{ARTICLE_TITLE}</h1>"
    + "<p>各乡镇人民政府，县直各单位：为切实做好今冬明春安全生产工作，现将有关事项通知如下。</p>" * 20
    + "</body></html>"
)


def crawl(**overrides: object) -> CrawlConfig:
    values: dict[str, object] = {
        "per_host_delay": 0, "timeout": 3, "retries": 1, "max_retry_after": 5, "respect_robots": True,
        "allow_private_addresses": True,  # the targets are on loopback, like every test's
    }
    values.update(overrides)
    return CrawlConfig.model_validate(values)


async def verdicts(
    urls: Iterable[str], *, audited: Iterable[str] = (), read_pages: bool = True, **overrides: object,
) -> dict[str, LinkResult]:
    policy = TargetPolicy(site_of_host={host: "site" for host in audited}, read_pages=read_pages)
    async with Fetcher(crawl(**overrides), retry_policy=FAST) as fetcher:
        classifier = Classifier(load_lexicon(), policy.audited_hosts, MissingPages(fetcher.fetch, policy.audited_hosts))
        results = await check_targets(list(urls), fetcher.fetch, policy, classifier.checked)
    return {result.url: result for result in results}


def outcome_of(results: dict[str, LinkResult], url: str) -> tuple[Outcome, str]:
    return results[url].outcome, results[url].error


async def test_ok_redirected_and_broken_answers() -> None:
    pages = {"/ok.html": ARTICLE, "/moved": Page("", status=301, headers={"Location": "/ok.html"})}
    async with serve(make_app(pages), host="127.0.0.31") as site:
        dead_port = free_port("127.0.0.31")
        urls = [
            site.url("/ok.html"), site.url("/moved"), site.url("/status/404"), site.url("/status/500"),
            f"http://127.0.0.31:{dead_port}/", "http://no-such-host.invalid/", site.url("/slow/5"),
        ]
        results = await verdicts(urls, timeout=1, retries=0)
    assert outcome_of(results, urls[0]) == (Outcome.OK, "")
    assert results[urls[0]].title == "关于做好冬季安全生产工作的通知"
    # a permanent redirect on the same site: a hint to update the link, the chain kept
    assert outcome_of(results, urls[1]) == (Outcome.REDIRECTED, "")
    assert results[urls[1]].redirects == (urls[1],) and results[urls[1]].final_url == urls[0]
    assert outcome_of(results, urls[2]) == (Outcome.BROKEN, "http-404")
    assert outcome_of(results, urls[3]) == (Outcome.BROKEN, "http-500")
    assert outcome_of(results, urls[4]) == (Outcome.BROKEN, "refused")
    assert outcome_of(results, urls[5]) == (Outcome.BROKEN, "dns")
    assert outcome_of(results, urls[6]) == (Outcome.TIMEOUT, "timeout")


async def test_a_429_with_retry_after_that_then_succeeds_is_ok() -> None:
    async with serve(make_app(), host="127.0.0.31") as site:
        url = site.url("/retry-after/a")
        results = await verdicts([url])
        assert outcome_of(results, url) == (Outcome.OK, "")
        assert site.log.paths("GET").count("/retry-after/a") == 2


async def test_refusals_to_a_robot_are_unverified_never_broken() -> None:
    async with serve(make_app({"/gate": CHALLENGE}, robots="User-agent: *\nDisallow: /private/\n"),
                     host="127.0.0.31") as site:
        codes = (401, 403, 412, 429, 521)
        urls = [site.url(f"/status/{code}") for code in codes]
        urls += [site.url("/gate"), site.url("/private/a.html")]
        results = await verdicts(urls, retries=0)
    for code, url in zip(codes, urls, strict=False):
        assert outcome_of(results, url) == (Outcome.UNVERIFIED, f"http-{code}")
    assert outcome_of(results, site.url("/gate")) == (Outcome.UNVERIFIED, "challenge")
    assert outcome_of(results, site.url("/private/a.html")) == (Outcome.ROBOTS, "robots")
    assert "/private/a.html" not in site.log.paths()


async def test_wrong_pages_by_their_words() -> None:
    pages = {"/": GAMBLING, "/adult.html": ADULT, "/parked.html": PARKED, "/gone.html": SAYS_MISSING}
    async with serve(make_app(pages), host="127.0.0.32") as other:
        urls = [other.url("/"), other.url("/adult.html"), other.url("/parked.html"), other.url("/gone.html")]
        results = await verdicts(urls)
    assert [outcome_of(results, url) for url in urls] == [
        (Outcome.WRONG, "gambling"), (Outcome.WRONG, "adult"), (Outcome.WRONG, "parked domain"),
        (Outcome.WRONG, "soft 404"),
    ]


async def test_a_government_page_about_a_gambling_crackdown_is_not_wrong() -> None:
    crackdown = Page(
        "<html><head><title>关于开展打击网络赌博专项行动的通告</title></head><body>"
        "<p>严厉打击六合彩、时时彩、百家乐等网络赌博活动，举报电话12345。</p></body></html>"
    )
    async with serve(make_app({"/tg.html": crackdown}), host="127.0.0.31") as site:
        url = site.url("/tg.html")
        results = await verdicts([url], audited=["127.0.0.31"])
    assert outcome_of(results, url) == (Outcome.OK, "")


async def test_a_redirect_to_an_unrelated_owner_is_wrong_and_a_move_within_one_is_not() -> None:
    async with serve(make_app({"/": Page("<html><title>新站</title></html>")}), host="127.0.0.33") as new:
        pages = {
            "/offsite": Page("", status=302, headers={"Location": new.url("/")}),
            "/same-owner": Page("", status=301, headers={"Location": "/status/200"}),
        }
        async with serve(make_app(pages), host="127.0.0.31") as site:
            urls = [site.url("/offsite"), site.url("/same-owner")]
            to_audited = site.url("/offsite")
            results = await verdicts(urls)
            moved_to_audited = await verdicts([to_audited], audited=["127.0.0.33"])
    assert outcome_of(results, urls[0]) == (Outcome.WRONG, "redirected off site")
    assert results[urls[0]].redirects == (urls[0],)
    assert outcome_of(results, urls[1])[0] == Outcome.REDIRECTED
    # a link that moved to one of the audited sites is a site moving house, not a hijack
    assert outcome_of(moved_to_audited, to_audited)[0] == Outcome.REDIRECTED


def _welcome_for_every_path(request: web.Request) -> web.Response:
    # the path is echoed, as many CMS error pages do: the comparison must not trip on it
    body = (f"<html><head><title>欢迎访问清河县信息网</title></head><body><div>欢迎访问！{request.path}</div>"
            + "<p>本站提供清河县各类便民信息。</p>" * 10 + "</body></html>")
    return web.Response(text=body, content_type="text/html")


def _home_for_every_path(request: web.Request) -> web.Response:
    raise web.HTTPFound("/")


def _script_shell(request: web.Request) -> web.Response:
    return web.Response(text="<html><head><title>清河县</title></head><body><div id=app></div>"
                        "<script src=/app.js></script></body></html>", content_type="text/html")


async def test_soft_404s_found_by_asking_for_a_path_that_cannot_exist() -> None:
    welcome = make_app({"/real.html": ARTICLE}, unknown=_welcome_for_every_path)
    home = make_app({"/": ARTICLE, "/about.html": ARTICLE}, unknown=_home_for_every_path)
    shell = make_app(unknown=_script_shell)
    async with serve(welcome, host="127.0.0.34") as a, serve(home, host="127.0.0.35") as b, \
            serve(shell, host="127.0.0.36") as c:
        urls = [a.url("/xxgk/old.html"), a.url("/real.html"), b.url("/old.html"), b.url("/about.html"),
                c.url("/news/1")]
        results = await verdicts(urls)
        probes = [path for server in (a, b, c) for path in server.log.paths("GET") if "-missing.html" in path]
    assert outcome_of(results, urls[0]) == (Outcome.WRONG, "soft 404")
    assert outcome_of(results, urls[1]) == (Outcome.OK, "")
    assert outcome_of(results, urls[2]) == (Outcome.WRONG, "soft 404")  # sent home like a missing page
    assert outcome_of(results, urls[3]) == (Outcome.OK, "")
    assert outcome_of(results, urls[4]) == (Outcome.UNVERIFIED, "script-rendered")
    assert len(probes) == 3  # one random path per host, whatever the number of targets on it


async def test_an_honest_host_is_asked_for_a_missing_page_once_and_believed() -> None:
    async with serve(make_app({"/a.html": ARTICLE, "/b.html": ARTICLE}), host="127.0.0.34") as site:
        urls = [site.url("/a.html"), site.url("/b.html")]
        results = await verdicts(urls)
        probes = [path for path in site.log.paths() if "-missing.html" in path]
    assert {outcome_of(results, url) for url in urls} == {(Outcome.OK, "")}
    assert len(probes) == 1


async def test_files_get_head_then_a_ranged_get_and_pages_one_peeking_get() -> None:
    big = Page("<html><head><title>大页面</title></head><body>" + "政务公开" * 1_000_000 + "</body></html>")
    async with serve(make_app({"/big.html": big}), host="127.0.0.31") as site:
        urls = [site.url("/file.pdf"), site.url("/ranged.pdf"), site.url("/empty.pdf"), site.url("/big.html")]
        results = await verdicts(urls)
        requests = [(r.method, r.path, r.headers.get("Range", "")) for r in site.log if r.path != "/robots.txt"]
    assert {outcome_of(results, url) for url in urls} == {(Outcome.OK, "")}
    assert results[site.url("/big.html")].title == "大页面"  # 12 MB page, read only as far as the peek
    assert sorted(requests) == sorted([
        ("HEAD", "/file.pdf", ""),
        ("HEAD", "/ranged.pdf", ""), ("GET", "/ranged.pdf", "bytes=0-0"),
        ("HEAD", "/empty.pdf", ""), ("GET", "/empty.pdf", "bytes=0-0"), ("GET", "/empty.pdf", ""),
        ("GET", "/big.html", ""), ("GET", next(p for _, p, _ in requests if "-missing" in p), ""),
    ])


async def test_head_only_when_pages_are_not_read() -> None:
    async with serve(make_app({"/gone.html": SAYS_MISSING}), host="127.0.0.32") as other:
        url = other.url("/gone.html")
        results = await verdicts([url], read_pages=False)
        methods = other.log.paths("HEAD")
    assert outcome_of(results, url) == (Outcome.OK, "")  # a link checker's view: 200 is fine
    assert methods == ["/gone.html"]


async def test_schemes_recorded_never_fetched_and_mail_addresses_checked() -> None:
    urls = ["mailto:xxgk@mengjin.gov.cn", "mailto:a@b.cn,c@d.cn?subject=%E4%BF%A1", "mailto:xxgk@", "mailto:",
            "tel:0379-67912345", "javascript:void(0)"]
    results = await verdicts(urls)
    assert [outcome_of(results, url) for url in urls] == [
        (Outcome.EXCLUDED, "scheme:mailto"), (Outcome.EXCLUDED, "scheme:mailto"),
        (Outcome.BROKEN, "bad-mailto"), (Outcome.BROKEN, "bad-mailto"),
        (Outcome.EXCLUDED, "scheme:tel"), (Outcome.EXCLUDED, "scheme:javascript"),
    ]


async def test_private_addresses_refused_for_outside_targets_unless_allowed() -> None:
    async with serve(make_app({"/a.html": ARTICLE}), host="127.0.0.32") as other:
        url = other.url("/a.html")
        refused = await verdicts([url], allow_private_addresses=False)
        allowed_as_audited = await verdicts([url], audited=["127.0.0.32"], allow_private_addresses=False)
        requested = other.log.paths("GET")
    assert outcome_of(refused, url) == (Outcome.EXCLUDED, "private-address")
    assert outcome_of(allowed_as_audited, url) == (Outcome.OK, "")
    assert requested.count("/a.html") == 1  # only the audited site's own host was asked


async def test_a_same_site_redirect_from_http_to_https_is_not_wrong(tmp_path) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.37").configure_cert(server_context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    async with serve(make_app({"/a.html": ARTICLE}), host="127.0.0.37", ssl_context=server_context) as secure:
        moved = {"/a.html": Page("", status=301, headers={"Location": secure.url("/a.html")})}
        async with serve(make_app(moved), host="127.0.0.37") as plain:
            url = plain.url("/a.html")
            trusted = await verdicts([url], ca_bundle=str(bundle))
            untrusted = await verdicts([url])
    assert outcome_of(trusted, url) == (Outcome.REDIRECTED, "")
    assert trusted[url].final_url == secure.url("/a.html") and trusted[url].title == ARTICLE_TITLE
    # without the office's CA the certificate is not trusted: broken, as a browser would say
    assert outcome_of(untrusted, url) == (Outcome.BROKEN, "tls")


async def test_a_slow_host_never_holds_up_another_host_s_targets() -> None:
    """Issue 20: each host drains its own line of targets; one shared line would make the fast host's
    targets wait behind the slow host's (queued first), two requests in flight in all."""
    import asyncio

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.2)
        return web.Response(status=404)

    slow_app = web.Application()
    slow_app.router.add_get("/{tail:.*}", slow)
    order: list[str] = []
    async with serve(slow_app, "127.0.0.1") as a, serve(make_app(), "127.0.0.2") as b:
        urls = [a.url(f"/a{n}.pdf") for n in range(6)] + [b.url(f"/status/404?b={n}") for n in range(3)]
        policy = TargetPolicy(site_of_host={}, read_pages=False)
        async with Fetcher(crawl(per_host_concurrency=1), retry_policy=FAST) as fetcher:
            classifier = Classifier(load_lexicon(), policy.audited_hosts, MissingPages(fetcher.fetch, policy.audited_hosts))
            results = await check_targets(urls, fetcher.fetch, policy, classifier.checked, concurrency=2, per_host=1,
                                          on_result=lambda r: order.append("b" if "127.0.0.2" in r.url else "a"))
    assert len(results) == 9 and all(r.outcome is Outcome.BROKEN for r in results)
    assert order[:3] == ["b", "b", "b"], order  # the fast host's, queued last, are done first
