"""What the Fetcher sends through (`Sender`: aiohttp, or an httpx transport), and how its failures are named.

Requests go straight to aiohttp (`AiohttpSender`): on this machine it serves about 4
times the requests per second of httpx's own transport (see
`benchmarks/fetch_transport.py`), and building httpx's request and response objects
around each of its answers cost more than aiohttp's own work (issue 20). It keeps what
the Fetcher needs: answers are streamed, redirects are left to us
(`allow_redirects=False`), decompression is left to `inflate` (`auto_decompress=False`,
so the size cap counts decompressed bytes), connect and read timeouts are passed on,
and the URL goes out exactly as given (`_as_sent`). The Fetcher adds its own
wall-clock deadline per request on top.

Cookies are kept in httpx's jar (some sites set one and redirect to themselves), read
from an answer only when it sets one; aiohttp's own jar is disabled so they are not sent
twice. Proxies from the environment are not used (aiohttp's `trust_env` is off).

`TransportSender` sends through any httpx transport instead (the tests' `MockTransport`);
both hand the Fetcher a `Reply`.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from http.cookiejar import CookieJar
from typing import Protocol

import aiohttp
import httpx
import yarl
from aiohttp import ClientTimeout

from ..config import CrawlConfig
from ..models import FailureReason
from .inflate import inflated

# enough for 64 link checks plus every site's crawl at once; each host has its own cap
MAX_CONNECTIONS = 256
# the GB-era servers of small offices send large cookies; aiohttp's default is 8 KB
MAX_HEADER_FIELD_BYTES = 32 * 1024
# brotli and zstd are not offered: a hostile server's bomb in either can expand far more
# per chunk than gzip's 1:1032, and httpx would decode them whenever the module is installed
ACCEPT_ENCODING = "gzip, deflate"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.5"
CHUNK_BYTES = 16 * 1024


def user_agent(crawl: CrawlConfig) -> str:
    return f"{crawl.user_agent}; +{crawl.contact}" if crawl.contact else crawl.user_agent


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """The system's trusted certificates (via certifi, as httpx does), plus the office's own CA if named."""
    context = httpx.create_ssl_context()
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


class Reply(Protocol):
    """An answer whose body is not read yet: what `exchange` reads."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...  # names in any case
    @property
    def num_bytes_downloaded(self) -> int: ...  # of the body so far, as it came on the wire
    def body(self, codings: list[str]) -> AsyncIterator[bytes]: ...  # decoded from `codings`, a chunk at a time


class Sender(Protocol):
    def stream(self, method: str, url: httpx.URL, *, headers: dict[str, str]) -> AbstractAsyncContextManager[Reply]:
        """The answer with its body unread; closed when the block ends."""
        ...
    def cookie_header(self, url: httpx.URL) -> str: ...  # what a request to `url` would carry in Cookie
    async def aclose(self) -> None: ...


class Cookies:
    """The cookies answers set, in httpx's jar; untouched by the many answers that set none."""

    def __init__(self) -> None:
        self.jar = httpx.Cookies()

    def header(self, method: str, url: httpx.URL) -> str:
        if not len(self.jar.jar):  # most crawls carry none
            return ""
        request = httpx.Request(method, url)
        self.jar.set_cookie_header(request)
        return str(request.headers.get("cookie", ""))

    def keep(self, method: str, url: httpx.URL, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self.jar.extract_cookies(httpx.Response(200, headers=raw_headers, request=httpx.Request(method, url)))
        # with no await in between, so no other request is built with a poisoned jar
        drop_non_ascii_cookies(self.jar.jar)


class AiohttpReply:
    """aiohttp's answer as a `Reply`: its raw bytes, inflated here a step at a time (`inflate`)."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status_code = response.status
        self.headers: Mapping[str, str] = response.headers
        self.num_bytes_downloaded = 0

    def body(self, codings: list[str]) -> AsyncIterator[bytes]:
        return inflated(self._raw(), codings)

    async def _raw(self) -> AsyncIterator[bytes]:
        async for chunk in self._response.content.iter_chunked(CHUNK_BYTES):
            self.num_bytes_downloaded += len(chunk)
            yield chunk


class HttpxReply:
    """httpx's answer (from a transport given to the Fetcher) as a `Reply`."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status_code = response.status_code
        self.headers: Mapping[str, str] = response.headers

    @property
    def num_bytes_downloaded(self) -> int:
        return self._response.num_bytes_downloaded

    def body(self, codings: list[str]) -> AsyncIterator[bytes]:
        if self._response.is_stream_consumed:  # read whole by the transport (httpx.MockTransport): held decoded
            return self._response.aiter_bytes()
        return inflated(self._response.aiter_raw(), codings)


class AiohttpSender:
    """The Fetcher's requests straight to aiohttp, without httpx's request and response objects."""

    def __init__(self, headers: dict[str, str], timeout: float, ca_bundle: str = "") -> None:
        self._headers = headers
        self._timeout = ClientTimeout(sock_connect=timeout, sock_read=timeout, connect=timeout)
        self._tls = tls_context(ca_bundle)  # read now, so a bad bundle fails before the first request
        self._session: aiohttp.ClientSession | None = None
        self.cookies = Cookies()

    def _opened(self) -> aiohttp.ClientSession:
        if self._session is None:  # inside the event loop, on first use
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS, ssl=self._tls),
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,
                max_field_size=MAX_HEADER_FIELD_BYTES,
            )
        return self._session

    def cookie_header(self, url: httpx.URL) -> str:
        return self.cookies.header("GET", url)

    @asynccontextmanager
    async def stream(self, method: str, url: httpx.URL, *, headers: dict[str, str]) -> AsyncIterator[Reply]:
        sent = {**self._headers, **headers}
        cookie = self.cookies.header(method, url)
        if cookie:
            sent["Cookie"] = cookie
        async with self._opened().request(
            method, _as_sent(url), headers=sent, allow_redirects=False, auto_decompress=False, compress=False,
            timeout=self._timeout,
        ) as response:
            if "set-cookie" in response.headers:
                self.cookies.keep(method, url, list(response.raw_headers))
            yield AiohttpReply(response)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class TransportSender:
    """The Fetcher's requests through an httpx transport (the tests' `httpx.MockTransport`), as
    httpx's client would send them: its headers in its order (`base_headers`), the timeouts, the
    cookies."""

    def __init__(self, transport: httpx.AsyncBaseTransport, headers: dict[str, str], timeout: float) -> None:
        self._transport = transport
        self._headers = headers
        self._timeout = httpx.Timeout(timeout).as_dict()
        self.cookies = Cookies()

    def cookie_header(self, url: httpx.URL) -> str:
        return self.cookies.header("GET", url)

    @asynccontextmanager
    async def stream(self, method: str, url: httpx.URL, *, headers: dict[str, str]) -> AsyncIterator[Reply]:
        request = httpx.Request(method, url, headers={**self._headers, **headers}, extensions={"timeout": self._timeout})
        if len(self.cookies.jar.jar):
            self.cookies.jar.set_cookie_header(request)
        response = await self._transport.handle_async_request(request)
        response.request = request
        try:
            if "set-cookie" in response.headers:
                self.cookies.keep(method, url, response.headers.raw)
            yield HttpxReply(response)
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()


def _as_sent(url: httpx.URL) -> yarl.URL | str:
    """The URL already encoded, for aiohttp to send as is (yarl would re-quote a string:
    `?path=%2F` would go out as `?path=/`, and servers with rewrite rules or signed links
    answer anything but what the page wrote with 404); a URL yarl cannot take apart (a port
    out of range, a broken host) goes as text, so aiohttp refuses it."""
    exact = yarl.URL(str(url), encoded=True)
    try:
        exact.raw_user, exact.port, exact.raw_host  # noqa: B018 -- parsed lazily: fail here, not inside aiohttp
    except ValueError:
        return str(url)
    return exact


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
    if transport is not None:
        return TransportSender(transport, base_headers(crawl), crawl.timeout)
    return AiohttpSender(base_headers(crawl), crawl.timeout, crawl.ca_bundle)


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

    The chain of causes is searched, not the outer class alone: aiohttp wraps socket
    errors (a refused connection keeps its `os_error`), and a wrapper that maps aiohttp's
    errors to httpx's (as the httpx-aiohttp transport did, every connection error to
    `httpx.ConnectTimeout`) leaves the original as the witness; an httpx class counts
    only when nothing lies beneath it.
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
