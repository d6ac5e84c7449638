"""One HTTP request and its answer, within a wall-clock deadline and a size cap.

No retries, no redirects, no politeness: the Fetcher wraps those around this. Only a
2xx answer's body is read, and only as much of it as `BodyLimits` allows; the bytes are
counted after decompression, which `inflate` does a step at a time, so a gzip bomb (in
one layer or several) stops at the cap with at most a few steps in flight. Brotli and
zstd, whose ratios are unbounded, are never offered (`client.ACCEPT_ENCODING`), and a
body in any coding not offered is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import httpx

from ..models import FailureReason
from .client import NETWORK_ERRORS, Reply, Sender, describe_failure
from .content import SNIFF_BYTES, is_markup_type, sniff_markup
from .inflate import codings_of


@dataclass(frozen=True, slots=True)
class BodyLimits:
    markup: int  # bytes of an HTML/XML body to read; a longer one overflows
    other: int  # bytes of any other body (a file: its prefix proves it downloads)
    truncate: bool = False  # a longer body is cut at the limit, not an overflow (a link check's peek)

    def limit(self, markup: bool | None) -> int:
        if markup is None:  # not known yet: read enough to sniff, within either limit
            return max(self.markup, self.other)
        return self.markup if markup else self.other


NO_BODY = BodyLimits(0, 0)
NO_HEADERS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Answer:
    status: int | None = None  # None when nothing answered
    headers: Mapping[str, str] = field(default_factory=lambda: NO_HEADERS)  # the answer's, names in any case
    body: bytes = b""  # decompressed, at most the limit
    markup: bool = False
    overflowed: bool = False  # the body went on past the limit
    error: FailureReason | None = None  # what went wrong, when nothing (or nothing readable) answered
    retryable: bool = False
    wire_bytes: int = 0  # bytes received, before decompression
    body_read: bool = False  # a body was asked for and read (a 2xx answer to a GET)


async def exchange(
    client: Sender,
    method: str,
    url: httpx.URL,
    headers: dict[str, str],
    *,
    deadline: float,
    limits: BodyLimits,
) -> Answer:
    """Send one request and read its answer; every failure comes back as an `Answer`."""
    status: int | None = None
    response_headers = NO_HEADERS
    try:
        async with asyncio.timeout(deadline):
            async with client.stream(method, url, headers=headers) as response:
                status, response_headers = response.status_code, response.headers
                wanted = limits if 200 <= status < 300 and method != "HEAD" else NO_BODY
                codings = codings_of(response.headers.get("content-encoding", ""))
                if wanted.limit(None) > 0 and codings is None:
                    return Answer(status, response_headers, error=FailureReason.PROTOCOL)
                body, markup, overflowed = await _read_body(response, wanted, codings or [])
                overflowed = overflowed and not wanted.truncate
                wire = response.num_bytes_downloaded
        read = wanted.limit(None) > 0
        return Answer(status, response_headers, body, markup, overflowed, wire_bytes=wire, body_read=read)
    except NETWORK_ERRORS as exc:
        error, retryable = describe_failure(exc)
        return Answer(status, response_headers, error=error, retryable=retryable)


async def _read_body(response: Reply, limits: BodyLimits, codings: list[str]) -> tuple[bytes, bool, bool]:
    """(body up to the limit, whether it is markup, whether there was more).

    The reply decodes the raw bytes a step at a time (`inflate`), never httpx or aiohttp."""
    markup = is_markup_type(response.headers.get("content-type", ""))
    limit = limits.limit(markup)
    body = bytearray()
    if limit <= 0:
        return b"", bool(markup), False
    overflowed = False
    async for chunk in response.body(codings):
        body += chunk
        if markup is None and len(body) >= SNIFF_BYTES:
            markup = sniff_markup(bytes(body[:SNIFF_BYTES]))
            limit = limits.limit(markup)
        if len(body) > limit:
            overflowed = True
            break
    if markup is None:
        markup = sniff_markup(bytes(body))
        limit = limits.limit(markup)
        overflowed = overflowed or len(body) > limit
    del body[limit:]  # in place: a slice would copy up to the whole cap once more
    return bytes(body), markup, overflowed
