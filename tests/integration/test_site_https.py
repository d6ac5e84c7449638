"""site.https against real local TLS servers (trustme certificates, loopback only): the probe,
the scan of the home page and the audit end to end with `[crawl] ca_bundle`."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme
from aiohttp import web

from auditor import api
from auditor.audit import run_audit
from auditor.config import CrawlConfig
from auditor.fetch import Fetcher, tls
from auditor.fetch.tls import not_after_of, probe_https
from auditor.models import FetchResult, Outcome
from tests.httpserver import free_port, serve

HOST = "127.0.0.1"
HOME = '<title>首页</title><a href="/news/">要闻</a>'


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def bundle(ca, tmp_path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def _server_context(ca: trustme.CA, *, days: float, host: str = HOST, start: float = -1) -> ssl.SSLContext:
    now = datetime.now(UTC)
    cert = ca.issue_cert(host, not_before=now + timedelta(days=start), not_after=now + timedelta(days=days))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


def _app(home: str = HOME, redirect_to: str | None = None) -> web.Application:
    app = web.Application()

    async def answer(request: web.Request) -> web.StreamResponse:
        if redirect_to is not None:
            raise web.HTTPMovedPermanently(redirect_to)
        return web.Response(content_type="text/html", text=home)

    async def no_robots(request: web.Request) -> web.Response:
        return web.Response(status=404)

    app.router.add_get("/", answer)
    app.router.add_get("/robots.txt", no_robots)
    return app


def _crawl(bundle: Path | None) -> CrawlConfig:
    return CrawlConfig(ca_bundle=str(bundle) if bundle else "", timeout=3, retries=0, per_host_delay=0,
                       allow_private_addresses=True)


def _home(url: str, final: str | None = None, redirects: tuple[str, ...] = ()) -> FetchResult:
    return FetchResult(url=url, final_url=final or url, outcome=Outcome.OK, status=200, redirects=redirects)


# -- the probe --------------------------------------------------------------------------------

async def test_a_certificate_ending_in_5_days_is_read_with_its_days_left(ca, bundle) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=5.5)) as site:
        report = await probe_https("s", site.url(), _home(site.url()), _crawl(bundle), None)
    assert report is not None and report.served and report.certificate_valid
    assert report.days_left == 5 and report.not_after is not None


async def test_expired_and_wrong_host_certificates_are_invalid_with_their_reason(ca, bundle) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=-3, start=-30)) as site:
        expired = await probe_https("s", site.url(), None, _crawl(bundle), None)
    async with serve(_app(), ssl_context=_server_context(ca, days=365, host="other.example.cn")) as site:
        elsewhere = await probe_https("s", site.url(), None, _crawl(bundle), None)
    assert expired is not None and (expired.served, expired.certificate_valid, expired.certificate_problem) == (True, False, "expired")
    assert expired.days_left is not None and expired.days_left < 0  # the date read without verification
    assert elsewhere is not None and (elsewhere.certificate_valid, elsewhere.certificate_problem) == (False, "hostname")


async def test_without_the_ca_bundle_the_issuer_is_unknown_not_invalid(ca) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=365)) as site:
        report = await probe_https("s", site.url(), None, _crawl(None), None)
    assert report is not None and report.certificate_problem == "untrusted"


async def test_an_http_only_site_and_a_port_of_its_own(monkeypatch, bundle) -> None:
    closed = free_port()
    async with serve(_app()) as site:
        monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": site.port, "https": closed})
        report = await probe_https("s", site.url(), _home(site.url()), _crawl(bundle), None)
        assert report is not None and (report.served, report.error) == (False, "refused")
        monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": 80, "https": closed})  # a port of its own: 443, then its port
        own = await probe_https("s", site.url(), _home(site.url()), _crawl(bundle), None)
        assert own is not None and (own.served, own.error, own.https_url) == (False, "refused", f"https://{HOST}:{closed}/")
        monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": site.port, "https": site.port})
        plain = await probe_https("s", site.url(), _home(site.url()), _crawl(bundle), None)
        assert plain is not None and (plain.served, plain.error) == (False, "protocol")


async def test_a_port_of_its_own_with_https_on_443_or_a_silent_port_is_not_judged(monkeypatch, ca, bundle) -> None:
    """HTTPS on 443 of a site served on :port may be another site's: served, but the redirect is not judged;
    a port that takes the connection and says nothing leaves "not served" open (timeout, not refused)."""
    import asyncio

    held: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # say nothing; closed by the test

    async with serve(_app(), ssl_context=_server_context(ca, days=365)) as secure, serve(_app()) as site:
        monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": 80, "https": secure.port})
        shared = await probe_https("s", site.url(), _home(site.url()), _crawl(bundle), None)
        quiet = await asyncio.start_server(silent, HOST, 0)
        try:
            port = quiet.sockets[0].getsockname()[1]
            monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": 80, "https": port})
            crawl = _crawl(bundle).model_copy(update={"timeout": 1})
            open_question = await probe_https("s", site.url(), _home(site.url()), crawl, None)
        finally:
            for writer in held:
                writer.close()
            quiet.close()
            await quiet.wait_closed()
    assert shared is not None and shared.served and shared.certificate_valid and shared.http_redirects_to_https is None
    assert open_question is not None and (open_question.served, open_question.error) == (False, "timeout")


async def test_http_to_https_redirect_present_and_absent(monkeypatch, ca, bundle) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=365)) as secure:
        async with serve(_app(redirect_to=secure.url())) as sending, serve(_app()) as staying:
            crawl = _crawl(bundle)
            async with Fetcher(crawl) as fetcher:
                monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": sending.port, "https": secure.port})
                sent = await probe_https("s", secure.url(), None, crawl, fetcher.fetch)
                monkeypatch.setattr(tls, "DEFAULT_PORTS", {"http": staying.port, "https": secure.port})
                kept = await probe_https("s", secure.url(), None, crawl, fetcher.fetch)
                from_http = await probe_https("s", staying.url(), _home(staying.url()), crawl, fetcher.fetch)
    assert sent is not None and sent.http_redirects_to_https is True
    assert kept is not None and kept.http_redirects_to_https is False
    assert from_http is not None and from_http.certificate_valid and from_http.http_redirects_to_https is False


def test_a_certificate_that_does_not_parse_has_no_date() -> None:
    assert not_after_of(b"") is None and not_after_of(b"\x30\x82\xff\xff") is None


# -- the audit end to end ---------------------------------------------------------------------

def _config(path: Path, url: str, bundle: Path) -> Path:
    path.write_text(
        f'timezone = "Asia/Shanghai"\nrulesets = ["gov-cn-2019"]\n[storage]\nurl = "sqlite:///{path.parent / "a.db"}"\n'
        "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\ntimeout = 3\nhome_retry_span = 0\n"
        f'ca_bundle = "{bundle}"\n[[sites]]\nid = "s"\nname = "测试"\nurl = "{url}"\nkind = "department"\n',
        encoding="utf-8")
    return path


async def _https_findings(path: Path) -> list[tuple[str, str, str]]:
    config, rulesets = api.load(path)
    as_of = datetime.now(config.tz)
    with api.open_store(config) as store:
        result = await run_audit(config, rulesets, store, as_of=as_of)
    return sorted((v.rule, v.severity.value, v.message) for v in result.violations if v.check == "site.https")


async def test_audit_reports_a_certificate_ending_in_5_days_as_critical(ca, bundle, tmp_path) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=5.5)) as site:
        found = await _https_findings(_config(tmp_path / "a.toml", site.url(), bundle))
    assert [(rule, severity) for rule, severity, _ in found] == [("https-certificate-expiring", "critical")]
    assert "仅剩 5 天" in found[0][2] and "到期" in found[0][2]


async def test_audit_finds_nothing_on_a_certificate_valid_for_a_year(ca, bundle, tmp_path) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=365)) as site:
        assert await _https_findings(_config(tmp_path / "a.toml", site.url(), bundle)) == []


async def test_audit_reports_http_scripts_on_the_https_home_page(ca, bundle, tmp_path) -> None:
    home = (HOME + '<script src="http://127.0.0.9/a.js"></script><img src="http://127.0.0.9/a.png">'
            '<noscript><img src="http://127.0.0.9/b.png"></noscript><a href="http://127.0.0.9/">外链</a>')
    async with serve(_app(home), ssl_context=_server_context(ca, days=365)) as site:
        found = await _https_findings(_config(tmp_path / "a.toml", site.url(), bundle))
    assert [(rule, severity) for rule, severity, _ in found] == [("https-mixed-content", "major"),
                                                                 ("https-mixed-images", "minor")]
    assert "1 个脚本，如 http://127.0.0.9/a.js" in found[0][2] and "1 个图片" in found[1][2]


async def test_audit_reports_an_expired_certificate_as_critical(ca, bundle, tmp_path) -> None:
    async with serve(_app(), ssl_context=_server_context(ca, days=-2, start=-30)) as site:
        found = await _https_findings(_config(tmp_path / "a.toml", site.url(), bundle))
    rules = [(rule, severity) for rule, severity, _ in found]
    assert ("https-certificate-invalid", "critical") in rules
    assert any("过期" in message for _, _, message in found)
