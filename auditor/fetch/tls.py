"""The HTTPS probe of one site (`site.https`, issue 19): is it served over TLS, is the
certificate valid for the host and until when, does plain HTTP send people to HTTPS.

Run once per site by the audit, after the site's crawl (a cadence check does not probe).
It opens one TLS connection to the site's https:// address with the crawl's trust
(the system's CAs plus `[crawl] ca_bundle`), and, when the certificate does not verify,
one more without verification only to read its end date. The http:// counterpart of an
https:// site is asked through the run's Fetcher (so its per-host gate and delay hold);
for an http:// site the crawl's own fetch of the home page already says whether it
was sent to https://.

Where the other address is: an http:// site's https:// one is looked for on the default
port (`DEFAULT_PORTS`, 443) and, for a site on a port of its own (http://host:8080/), on
that same port too (a server may speak both there); the first that serves TLS is the
site's. An https:// site's http:// counterpart is asked on port 80, or, for a site on a
port of its own, on that port (port 80 of the host may be another site). HTTPS found only on 443 for a site on a port of its own is not
known to be the same site (a shared host), so its redirect is not judged. "Not served"
is concluded only when every address tried refused or answered without TLS; a timeout
or a DNS or connect failure on any of them leaves it open (not judged).
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import socket
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ..config import CrawlConfig
from ..models import FailureReason, FetchResult, HttpsReport, PageRequest
from .client import tls_context

# the ports where a site's other scheme is looked for; tests on loopback point them at their servers
DEFAULT_PORTS = {"http": 80, "https": 443}
STANDARD_PORTS = {"http": 80, "https": 443}  # what a URL without a port means
MAX_PROBE_SECONDS = 10.0  # the handshake's limit (or `[crawl] timeout`, when shorter)

# OpenSSL's verify codes (X509_V_ERR_*) as the check names them
_PROBLEMS = {9: "not-yet-valid", 10: "expired", 62: "hostname", 64: "hostname"}  # 64: an IP address
_UNTRUSTED = {2, 18, 19, 20, 21, 27, 28}  # issuer unknown, self-signed, incomplete chain, not trusted

Fetch = Callable[[PageRequest], Awaitable[FetchResult]]


async def probe_https(
    site_id: str,
    site_url: str,
    home: FetchResult | None,
    crawl: CrawlConfig,
    fetch: Fetch | None,
    now: datetime | None = None,
) -> HttpsReport | None:
    """The site's HTTPS report; None when no https:// address can be known, or the host is excluded."""
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if not host or any(fnmatchcase(host, pattern.lower()) for pattern in crawl.exclude_hosts):
        return None
    port = parts.port or STANDARD_PORTS.get(parts.scheme, 0)
    timeout = min(crawl.timeout, MAX_PROBE_SECONDS)
    when = now or datetime.now(UTC)
    if parts.scheme == "https":
        report = await _handshake_url(site_url, host, crawl.ca_bundle, timeout, when)
        http_url, redirected = "", None
        if fetch is not None:  # on a port of its own, port 80 may be another site's: only that port is asked
            http_url = _with(parts, "http", host, DEFAULT_PORTS["http"] if port == DEFAULT_PORTS["https"] else port)
            redirected = _redirected_to_https(await fetch(PageRequest(url=http_url, site_id=site_id)))
        return dataclasses.replace(report, http_url=http_url, http_redirects_to_https=redirected)
    landed = _https_hop(home, host)
    if landed:
        report = await _handshake_url(landed, host, crawl.ca_bundle, timeout, when)
        return dataclasses.replace(report, http_url=site_url, http_redirects_to_https=True)
    tried = [await _handshake_url(url, host, crawl.ca_bundle, timeout, when)
             for url in _https_addresses(parts, host, port)]
    report = _site_report(tried)
    same_address = urlsplit(report.https_url).port == parts.port or port == DEFAULT_PORTS["http"]
    redirected = False if report.served and same_address and home is not None and home.opened else None
    return dataclasses.replace(report, http_url=site_url, http_redirects_to_https=redirected)


def _https_addresses(parts: SplitResult, host: str, port: int) -> list[str]:
    """Where an http:// site's https:// counterpart may answer: port 443, then the site's own port."""
    ports = [DEFAULT_PORTS["https"]]
    if port != DEFAULT_PORTS["http"] and port not in ports:
        ports.append(port)
    return [_with(parts, "https", host, each) for each in ports]


async def _handshake_url(url: str, host: str, ca_bundle: str, timeout: float, now: datetime) -> HttpsReport:
    target = urlsplit(url)
    return await handshake(url, target.hostname or host, target.port or STANDARD_PORTS["https"], ca_bundle, timeout, now)


CONCLUSIVE = frozenset({FailureReason.REFUSED, FailureReason.PROTOCOL})  # nothing speaks TLS there


def _site_report(tried: list[HttpsReport]) -> HttpsReport:
    """The first address that serves TLS; else a failure that proves none does, else one that leaves it open."""
    for report in tried:
        if report.served:
            return report
    return next((report for report in tried if report.error not in CONCLUSIVE), tried[0])


async def handshake(url: str, host: str, port: int, ca_bundle: str, timeout: float, now: datetime) -> HttpsReport:
    """One TLS connection to host:port, verified; when the certificate fails, one more unverified
    to read its end date. Refused, timed out or not TLS at all: not served."""
    context = tls_context(ca_bundle)
    try:
        der = await _peer_certificate(host, port, context, timeout)
    except ssl.SSLCertVerificationError as exc:
        code = exc.verify_code
        problem = _PROBLEMS.get(code, "untrusted" if code in _UNTRUSTED else "other")
        try:
            der = await _peer_certificate(host, port, _unverified(), timeout)
        except (OSError, TimeoutError):
            der = b""
        not_after = not_after_of(der)
        if problem != "expired" and not_after is not None and not_after < now:
            problem = "expired"  # an unknown issuer is reported first, but the date is plain
        return HttpsReport(https_url=url, served=True, certificate_valid=False, certificate_problem=problem,
                           not_after=not_after, days_left=_days_left(not_after, now),
                           error=FailureReason.TLS)  # the why is `certificate_problem`
    except ssl.SSLError:
        return HttpsReport(https_url=url, served=False, error=FailureReason.PROTOCOL)  # no TLS on that port: e.g. plain HTTP
    except ConnectionRefusedError:
        return HttpsReport(https_url=url, served=False, error=FailureReason.REFUSED)
    except TimeoutError:
        return HttpsReport(https_url=url, served=False, error=FailureReason.TIMEOUT)
    except OSError as exc:
        return HttpsReport(https_url=url, served=False, error=FailureReason.DNS if isinstance(exc, socket.gaierror) else FailureReason.CONNECT)
    not_after = not_after_of(der)
    return HttpsReport(https_url=url, served=True, certificate_valid=True, not_after=not_after,
                       days_left=_days_left(not_after, now))


async def _peer_certificate(host: str, port: int, context: ssl.SSLContext, timeout: float) -> bytes:
    async with asyncio.timeout(timeout):
        _reader, writer = await asyncio.open_connection(host, port, ssl=context, server_hostname=host)
    try:
        tls = writer.get_extra_info("ssl_object")
        return (tls.getpeercert(binary_form=True) if tls is not None else None) or b""
    finally:
        writer.close()
        try:
            async with asyncio.timeout(1):
                await writer.wait_closed()
        except (OSError, TimeoutError, ssl.SSLError):
            pass


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _days_left(not_after: datetime | None, now: datetime) -> int | None:
    return math.floor((not_after - now).total_seconds() / 86400) if not_after is not None else None


def _with(parts: SplitResult, scheme: str, host: str, port: int) -> str:
    netloc = host if port == STANDARD_PORTS[scheme] else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal
        netloc = f"[{host}]" if port == STANDARD_PORTS[scheme] else f"[{host}]:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _https_hop(home: FetchResult | None, host: str) -> str:
    """The https:// address on the same host the crawl's fetch of the home page was sent to; "" if none."""
    if home is None:
        return ""
    for url in (*home.redirects, home.final_url):
        parts = urlsplit(url)
        if parts.scheme == "https" and (parts.hostname or "").lower() in (host, f"www.{host}", host.removeprefix("www.")):
            return url
    return ""


def _redirected_to_https(result: FetchResult) -> bool | None:
    """True when the http:// address sent us to https://; False when it answered over http; None: no answer."""
    if any(url.startswith("https://") for url in (*result.redirects, result.final_url)):
        return True
    return False if result.opened else None


# ---- the certificate's end date, read from its DER without a crypto library ----


def not_after_of(der: bytes) -> datetime | None:
    """The notAfter of an X.509 certificate in DER (UTC); None when it does not parse."""
    try:
        _tag, start, _end = _tlv(der, 0)  # Certificate
        _tag, position, _end = _tlv(der, start)  # tbsCertificate
        tag, _start, end = _tlv(der, position)
        if tag == 0xA0:  # [0] version
            tag, _start, end = _tlv(der, end)
        for _field in ("signature", "issuer"):  # after the serial number
            tag, _start, end = _tlv(der, end)
        tag, start, _end = _tlv(der, end)  # validity
        if tag != 0x30:
            return None
        _tag, _start, end = _tlv(der, start)  # notBefore
        tag, start, end = _tlv(der, end)  # notAfter
        return _asn1_time(tag, der[start:end].decode("ascii"))
    except (IndexError, ValueError, UnicodeDecodeError):
        return None


def _tlv(data: bytes, position: int) -> tuple[int, int, int]:
    tag, length = data[position], data[position + 1]
    position += 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[position:position + count], "big")
        position += count
    if position + length > len(data):
        raise ValueError("truncated DER")
    return tag, position, position + length


def _asn1_time(tag: int, text: str) -> datetime | None:
    if not text.endswith("Z"):
        return None
    if tag == 0x17:  # UTCTime YYMMDDHHMMSSZ: 50-99 are 19xx (RFC 5280)
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    elif tag != 0x18:  # GeneralizedTime YYYYMMDDHHMMSSZ
        return None
    return datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
