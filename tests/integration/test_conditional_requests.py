"""Conditional requests on re-audits (issue 20): real audits of a real local server that answers
ETag and Last-Modified with 304s, on SQLite. The second audit of an unchanged site asks for every
cached page with its validators, gets 304s, and finds exactly what the first found; a changed
page is read anew; a 304 whose text is gone from the cache is asked for again in full; link
checks never send validators; `[crawl] conditional_requests = false` sends none."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from auditor import api
from auditor.audit import AuditResult, run_audit
from tests.httpserver import LOG_KEY, make_app, serve

ID = "410322199003071237"  # a valid check code (GB 11643): content.personal_data reports it
LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"
FOOTER = '<div class="footer">主办：清河县人民政府办公室 网站标识码：4103220001 豫ICP备05012345号</div>'
CONDITIONAL = ("If-None-Match", "If-Modified-Since")


def html(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}{FOOTER}</body></html>"


def site_pages(outside: str) -> dict[str, str]:
    notices = "".join(f'<li><a href="/gs/{n}.html">公示{n}</a><span>2026-11-{20 + n}</span></li>' for n in (1, 2))
    news = "".join(f'<li><a href="/xw/{n}.html">要闻{n}</a><span>2026-06-{10 + n}</span></li>' for n in (1, 2))
    return {
        "/": html("清河县人民政府", '<a href="/gs/">公示公告</a><a href="/xw/">要闻动态</a><a href="/wzlj/">网站链接</a>'
                  '<a href="/lm.html">通知</a><a href="/gone.html">简介</a><a href="/plain.html">概况</a>'),
        "/gs/": html("公示公告", f"<ul>{notices}</ul>"),
        "/gs/1.html": html("2026年低保对象公示", f"<p>拟将张三（身份证号：{ID}）纳入低保。</p>"),
        "/gs/2.html": html("2026年临时救助公示", "<p>临时救助对象公示期满，无异议。</p>"),
        "/xw/": html("要闻动态", f"<ul>{news}</ul>"),  # last item in June: overdue by the cadence rules
        "/xw/1.html": html("要闻1", "<p>县政府召开常务会议。</p>"),
        "/xw/2.html": html("要闻2", "<p>县长调研秋粮收购。</p>"),
        "/wzlj/": html("网站链接", f'<ul><li><a href="{outside}/status/404">县档案馆</a></li>'
                       f'<li><a href="{outside}/etag">县文化馆</a></li></ul>'),
        "/lm.html": html("关于征求意见的通知", f"<p>联系人李四，身份证号 {ID}。</p>"),
        "/gone.html": html("清河县简介", "<p>清河县位于豫西。</p>"),
        "/plain.html": html("清河概况", "<p>面积 1,000 平方公里。</p>"),
    }


@dataclass
class Answer:
    path: str
    conditional: bool  # sent with If-None-Match or If-Modified-Since
    status: int
    body_bytes: int


@dataclass
class Site:
    """The county's server: each page's ETag is its body's hash (a new body, a new ETag), /lm.html
    has only a Last-Modified, /plain.html no validator at all; a matching validator gets a 304."""

    pages: dict[str, str]
    answers: list[Answer] = field(default_factory=list)
    on_conditional: Callable[[str], None] | None = None  # runs before a conditional request is answered

    def handle(self, request: web.Request) -> web.Response:
        conditional = any(name in request.headers for name in CONDITIONAL)
        if conditional and self.on_conditional is not None:
            self.on_conditional(request.path)
        text = self.pages.get(request.path)
        if text is None:
            return self._answer(request.path, conditional, web.Response(status=404, text="not found"))
        body = text.encode("utf-8")
        headers = self.validators(request.path, body)
        if "ETag" in headers:  # If-None-Match decides, whatever If-Modified-Since says (RFC 9110 13.2.2)
            fresh = request.headers.get("If-None-Match") == headers["ETag"]
        else:
            fresh = "Last-Modified" in headers and request.headers.get("If-Modified-Since") == headers["Last-Modified"]
        if fresh:
            return self._answer(request.path, conditional, web.Response(status=304, headers=headers))
        response = web.Response(body=body, headers=headers, content_type="text/html", charset="utf-8")
        return self._answer(request.path, conditional, response)

    @staticmethod
    def validators(path: str, body: bytes) -> dict[str, str]:
        if path == "/plain.html":
            return {}
        if path == "/lm.html":
            return {"Last-Modified": LAST_MODIFIED}
        return {"ETag": f'"{hashlib.sha256(body).hexdigest()[:16]}"', "Last-Modified": LAST_MODIFIED}

    def _answer(self, path: str, conditional: bool, response: web.Response) -> web.Response:
        body = response.body if isinstance(response.body, bytes) else b""
        self.answers.append(Answer(path, conditional, response.status, len(body)))
        return response

    def since(self, start: int, end: int | None = None) -> list[Answer]:
        return [a for a in self.answers[start:end] if a.path != "/robots.txt"]


def config_text(url: str, *, conditional: bool = True) -> str:
    return (
        'rulesets = ["gov-cn-2019"]\n[storage]\nurl = "sqlite:///cond.db"\n'
        "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\nhome_retry_span = 0\n"
        f"conditional_requests = {'true' if conditional else 'false'}\n"
        '[links]\nreuse_within = "0h"\n'  # every link target asked again: a link check must stay unconditional
        f'\n[[sites]]\nid = "qh"\nname = "清河县人民政府"\nurl = "{url}"\nkind = "county"\n'
        f'  [[sites.columns]]\n  id = "gs"\n  name = "公示公告"\n  url = "{url}gs/"\n  kind = "notices"\n'
        f'  [[sites.columns]]\n  id = "xw"\n  name = "要闻动态"\n  url = "{url}xw/"\n  kind = "news"\n'
        f'  [[sites.columns]]\n  id = "wzlj"\n  name = "网站链接"\n  url = "{url}wzlj/"\n  kind = "links"\n'
    )


def found(result: AuditResult) -> list[tuple[str, str, str, str]]:
    """The problems the run found (not those it resolved), by id, with what they say."""
    return sorted((v.id, v.check, v.url, v.message) for v in result.violations if v.status != "resolved")


def cached_urls(db: Path) -> dict[str, str | None]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT url, etag FROM page_cache").fetchall())


class Estate:
    """The county's server and an outside host its link column links to, audited on one database."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.site = Site({})
        self.outside = make_app()

    async def __aenter__(self) -> Estate:
        self._outside = serve(self.outside, "127.0.0.232")
        outside = await self._outside.__aenter__()
        self.site.pages = site_pages(outside.url("").rstrip("/"))
        self._county = serve(make_app(unknown=self.site.handle), "127.0.0.231")
        self.county = await self._county.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._county.__aexit__(None, None, None)
        await self._outside.__aexit__(None, None, None)

    def url(self, path: str) -> str:
        return self.county.url(path)

    @property
    def db(self) -> Path:
        return self.tmp_path / "cond.db"

    async def audit(self, *, conditional: bool = True) -> AuditResult:
        (self.tmp_path / "auditor.toml").write_text(config_text(self.url("/"), conditional=conditional), encoding="utf-8")
        config, rulesets = api.load(self.tmp_path / "auditor.toml")
        with api.open_store(config) as store:
            return await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28T09:00", config.tz))


CACHED_PATHS = {"/", "/gs/", "/gs/1.html", "/gs/2.html", "/xw/", "/xw/1.html", "/xw/2.html", "/wzlj/", "/lm.html", "/gone.html"}


async def test_a_second_audit_of_an_unchanged_site_reads_its_pages_from_the_cache(tmp_path: Path) -> None:
    async with Estate(tmp_path) as estate:
        first = await estate.audit()
        after_first, outside_after_first = len(estate.site.answers), len(estate.outside[LOG_KEY])
        second = await estate.audit()
        outside_requests = list(estate.outside[LOG_KEY])[outside_after_first:]

    crawled_first, crawled_second = estate.site.since(0, after_first), estate.site.since(after_first)
    assert not any(a.conditional for a in crawled_first)
    assert {a.path for a in crawled_first if a.status == 200} >= CACHED_PATHS | {"/plain.html"}
    # every page cached with a validator is asked for with it, and the server answers 304 without a body
    assert {a.path for a in crawled_second if a.conditional and a.status == 304} == CACHED_PATHS
    assert [a.path for a in crawled_second if a.status == 200] == ["/plain.html"]
    assert sum(a.body_bytes for a in crawled_second) < sum(a.body_bytes for a in crawled_first) / 5
    # what the audit finds is read from the cached texts: the same problems, the same words
    assert found(second) == found(first)
    checks = {(v.check, v.url) for v in first.violations}
    assert {("content.personal_data", estate.url("/gs/1.html")), ("content.personal_data", estate.url("/lm.html"))} <= checks
    assert any(check == "column.cadence" for check, _ in checks)
    assert any(check == "link.broken" for check, _ in checks)
    assert second.run.pages == first.run.pages
    # the outside targets were checked again (reuse_within = 0h), never conditionally
    assert {r.path for r in outside_requests} >= {"/etag", "/status/404"}
    assert not any(name in r.headers for r in outside_requests for name in CONDITIONAL)


async def test_a_changed_page_is_read_anew_and_its_new_text_cached(tmp_path: Path) -> None:
    async with Estate(tmp_path) as estate:
        first = await estate.audit()
        old_etag = cached_urls(estate.db)[estate.url("/gs/1.html")]
        estate.site.pages["/gs/1.html"] = html("2026年低保对象公示", "<p>拟将张三纳入低保。</p>")  # the ID taken down
        start = len(estate.site.answers)
        second = await estate.audit()
        asked = [a for a in estate.site.since(start) if a.path == "/gs/1.html"]
        new_etag = cached_urls(estate.db)[estate.url("/gs/1.html")]
        start = len(estate.site.answers)
        third = await estate.audit()
        asked_again = [a for a in estate.site.since(start) if a.path == "/gs/1.html"]

    leak = ("content.personal_data", estate.url("/gs/1.html"))
    assert leak in {(v.check, v.url) for v in first.violations}
    assert [(a.conditional, a.status) for a in asked] == [(True, 200)]  # the old ETag no longer matches
    assert {v.status for v in second.violations if (v.check, v.url) == leak} == {"resolved"}
    assert new_etag != old_etag
    assert [(a.conditional, a.status) for a in asked_again] == [(True, 304)]  # the new text was cached
    assert found(third) == found(second)


async def test_a_304_whose_text_is_gone_is_asked_for_again_in_full(tmp_path: Path) -> None:
    async with Estate(tmp_path) as estate:
        first = await estate.audit()

        def clear(path: str) -> None:  # the cache cleared after the run read its validators
            if path == "/gone.html":
                with sqlite3.connect(estate.db, timeout=10) as conn:
                    conn.execute("DELETE FROM page_cache WHERE url = ?", (estate.url("/gone.html"),))

        estate.site.on_conditional = clear
        start = len(estate.site.answers)
        second = await estate.audit()
        asked = [(a.conditional, a.status) for a in estate.site.since(start) if a.path == "/gone.html"]
        cached = cached_urls(estate.db)

    assert asked == [(True, 304), (False, 200)]
    assert found(second) == found(first)
    assert estate.url("/gone.html") in cached  # cached again from the plain GET


async def test_no_conditional_request_when_switched_off(tmp_path: Path) -> None:
    async with Estate(tmp_path) as estate:
        first = await estate.audit(conditional=False)
        second = await estate.audit(conditional=False)
        outside_requests = list(estate.outside[LOG_KEY])

    assert not any(a.conditional for a in estate.site.answers)
    assert not any(name in r.headers for r in outside_requests for name in CONDITIONAL)
    assert {a.status for a in estate.site.answers if a.path in CACHED_PATHS} == {200}
    assert cached_urls(estate.db) == {}
    assert found(second) == found(first)
