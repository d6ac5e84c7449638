"""What the Fetcher sends through (`Sender`: httpx's requests over aiohttp), and how its failures are named.

The transport is aiohttp's (httpx-aiohttp): on this machine it serves about 4 times the
requests per second of httpx's own (see `benchmarks/fetch_transport.py`), and it keeps
what the Fetcher needs: responses are streamed, redirects are left to us
(`allow_redirects=False`), decompression is left to httpx (`auto_decompress=False`,
so the size cap counts decompressed bytes), connect and read timeouts are passed on.
The Fetcher adds its own wall-clock deadline per request on top.

Cookies are kept by httpx's jar (some sites set one and redirect to themselves);
aiohttp's own jar is disabled so they are not sent twice. Proxies from the environment
are not used (aiohttp's `trust_env` is off).
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http.cookiejar import CookieJar

import aiohttp
import httpx
import yarl
from aiohttp import ClientTimeout
from httpx_aiohttp import AiohttpTransport
from httpx_aiohttp.transport import AiohttpResponseStream, map_aiohttp_exceptions

from ..config import CrawlConfig
from ..models import FailureReason

# enough for 64 link checks plus every site's crawl at once; each host has its own cap
MAX_CONNECTIONS = 256
# the GB-era servers of small offices send large cookies; aiohttp's default is 8 KB
MAX_HEADER_FIELD_BYTES = 32 * 1024
# brotli and zstd are not offered: a hostile server's bomb in either can expand far more
# per chunk than gzip's 1:1032, and httpx would decode them whenever the module is installed
ACCEPT_ENCODING = "gzip, deflate"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.5"


def user_agent(crawl: CrawlConfig) -> str:
    return f"{crawl.user_agent}; +{crawl.contact}" if crawl.contact else crawl.user_agent


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """The system's trusted certificates (via certifi, as httpx does), plus the office's own CA if named."""
    context = httpx.create_ssl_context()
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


def aiohttp_transport(ca_bundle: str = "") -> AiohttpTransport:
    context = tls_context(ca_bundle)  # read now, so a bad bundle fails before the first request

    def session() -> aiohttp.ClientSession:  # called inside the event loop, on first use
        connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS, ssl=context)
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            max_field_size=MAX_HEADER_FIELD_BYTES,
        )

    return ExactURLTransport(client=session)


def _as_sent(url: httpx.URL) -> yarl.URL | str:
    """The URL already encoded, for aiohttp to send as is; a URL yarl cannot take apart
    (a port out of range, a broken host) goes as text, so aiohttp refuses it as before."""
    exact = yarl.URL(str(url), encoded=True)
    try:
        exact.raw_user, exact.port, exact.raw_host  # noqa: B018 -- parsed lazily: fail here, not inside aiohttp
    except ValueError:
        return str(url)
    return exact


class ExactURLTransport(AiohttpTransport):
    """httpx-aiohttp's transport, sending the URL exactly as given.

    The stock transport hands aiohttp the URL as a string, and yarl then re-quotes it:
    `?path=%2F` goes out as `?path=/`, `?url=http%3A%2F%2F…` decoded. A link must be
    requested as the page wrote it (servers with rewrite rules or signed links answer
    anything else with 404), so the URL goes to aiohttp already encoded. Proxies from
    the environment are not used (the session is built with trust_env=False).
    """

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        timeout = request.extensions.get("timeout", {})
        with map_aiohttp_exceptions():
            try:
                data = request.content or None
            except httpx.RequestNotRead:
                data = request.stream  # type: ignore[assignment]
                request.headers.pop("transfer-encoding", None)  # aiohttp frames the body itself
            response = await self.client.request(
                method=request.method,
                url=_as_sent(request.url),
                headers=request.headers,
                data=data,
                allow_redirects=False,
                auto_decompress=False,
                compress=False,
                timeout=ClientTimeout(sock_connect=timeout.get("connect"), sock_read=timeout.get("read"),
                                      connect=timeout.get("pool")),
                server_hostname=request.extensions.get("sni_hostname"),
            ).__aenter__()
        extensions = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode()
        return httpx.Response(status_code=response.status, headers=response.raw_headers,
                              stream=AiohttpResponseStream(response), request=request, extensions=extensions)


class Sender:
    """What the Fetcher sends through: httpx's requests and responses over the transport, without
    httpx's client around them. The client's send path (its auth and redirect machinery, event
    hooks, a merge of headers, URL and cookies for every request, and a cookie jar pass for
    every answer) cost more than aiohttp's whole request (issue 20), and the Fetcher uses none
    of it: it follows redirects itself, sends no credentials, and its headers are fixed. Kept:
    the headers httpx's client sent, in its order (`base_headers`), the timeouts, and the
    cookies (some sites set one and redirect to themselves), read from an answer only when it
    sets one."""

    def __init__(self, transport: httpx.AsyncBaseTransport, headers: dict[str, str], timeout: float) -> None:
        self._transport = transport
        self._headers = headers
        self._timeout = httpx.Timeout(timeout).as_dict()
        self.cookies = httpx.Cookies()

    def build_request(self, method: str, url: httpx.URL, headers: dict[str, str] | None = None) -> httpx.Request:
        request = httpx.Request(method, url, headers={**self._headers, **(headers or {})},
                                extensions={"timeout": self._timeout})
        if len(self.cookies.jar):  # most crawls carry none
            self.cookies.set_cookie_header(request)
        return request

    @asynccontextmanager
    async def stream(self, method: str, url: httpx.URL, *, headers: dict[str, str]) -> AsyncIterator[httpx.Response]:
        """The answer with its body unread; closed when the block ends."""
        request = self.build_request(method, url, headers)
        response = await self._transport.handle_async_request(request)
        response.request = request
        try:
            if "set-cookie" in response.headers:
                self.cookies.extract_cookies(response)
                # with no await in between, so no other request is built with a poisoned jar
                drop_non_ascii_cookies(self.cookies.jar)
            yield response
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()


def base_headers(crawl: CrawlConfig) -> dict[str, str]:
    """Every request's headers, as httpx's client sent them: its one default we did not set first."""
    return {
        "Connection": "keep-alive",
        "User-Agent": user_agent(crawl),
        "Accept": ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
        "Accept-Language": ACCEPT_LANGUAGE,
    }


def build_client(crawl: CrawlConfig, transport: httpx.AsyncBaseTransport | None = None) -> Sender:
    return Sender(transport or aiohttp_transport(crawl.ca_bundle), base_headers(crawl), crawl.timeout)


def drop_non_ascii_cookies(jar: CookieJar) -> None:
    """Forget cookies httpx cannot send back.

    A server that sets a cookie in GBK or UTF-8 bytes leaves a value httpx stores but
    cannot encode into the next request's header: every later request to that domain
    would fail. Browsers send such bytes back as they came; we drop the cookie instead.
    """
    for cookie in list(jar):
        try:
            f"{cookie.name}={cookie.value or ''}".encode("ascii")
        except UnicodeEncodeError:
            jar.clear(cookie.domain, cookie.path, cookie.name)


# Exceptions the network or a server can cause. Anything else is a bug and propagates.
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
    aiohttp.ClientError,
    OSError,
    TimeoutError,
    UnicodeError,  # a host name that does not encode (IDNA)
)


def describe_failure(exc: BaseException) -> tuple[FailureReason, bool]:
    """(why, worth retrying) for an exception raised while talking to a server.

    The chain of causes is searched, not the httpx class alone: the aiohttp transport
    maps every aiohttp connection error, a refused connection or a dropped one included,
    to `httpx.ConnectTimeout`, so the original aiohttp or socket error is the witness;
    the httpx class counts only when nothing lies beneath it.
    """
    chain = _causes(exc)
    from_aiohttp = any(isinstance(e, aiohttp.ClientError) for e in chain)
    causes = [e for e in chain if not isinstance(e, httpx.HTTPError)] if from_aiohttp else chain
    if any(_is_dns(e) for e in causes):
        return FailureReason.DNS, False
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError | aiohttp.ClientSSLError) for e in causes):
        return FailureReason.TLS, False
    if any(_is_refused(e) for e in causes):
        return FailureReason.REFUSED, True
    if any(isinstance(e, TimeoutError | httpx.TimeoutException) for e in causes):
        return FailureReason.TIMEOUT, True
    if any(isinstance(e, aiohttp.ServerDisconnectedError | ConnectionResetError | BrokenPipeError) for e in causes):
        return FailureReason.RESET, True  # the server closed the connection: often an overloaded one
    if any(isinstance(e, httpx.UnsupportedProtocol | httpx.InvalidURL | aiohttp.InvalidURL | UnicodeError) for e in causes):
        return FailureReason.BAD_URL, False
    malformed = aiohttp.ClientResponseError | aiohttp.ClientPayloadError | httpx.RemoteProtocolError | httpx.DecodingError
    if any(isinstance(e, malformed) for e in causes):
        return FailureReason.PROTOCOL, False  # a malformed answer: asking again gets the same one
    return FailureReason.CONNECT, True


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 16:
        chain.append(current)
        os_error = getattr(current, "os_error", None)  # aiohttp.ClientConnectorError keeps it here
        if isinstance(os_error, BaseException) and os_error not in chain:
            chain.append(os_error)
        current = current.__cause__ or current.__context__
    return chain


def _is_dns(exc: BaseException) -> bool:
    return isinstance(exc, socket.gaierror | aiohttp.ClientConnectorDNSError)


def _is_refused(exc: BaseException) -> bool:
    return isinstance(exc, ConnectionRefusedError) or getattr(exc, "errno", None) == errno.ECONNREFUSED
