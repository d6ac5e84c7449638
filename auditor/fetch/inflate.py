"""Content-Encoding decoded a step at a time, so no answer inflates faster than it is read.

httpx's own decoders inflate each network chunk whole: one 16 KB chunk of gzip becomes
up to 16 MB at once, and `Content-Encoding: gzip, gzip` (legal, and a bomb) turns the
same 16 KB into 16 GB before the size cap can look (measured: MemoryError). Here each
layer hands on at most `STEP` bytes per call (zlib's `max_length`) and is asked for
more only when the reader wants more, so the bytes in flight stay under a few STEPs
per layer whatever the ratio or the number of layers.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

STEP = 256 * 1024  # most bytes one layer inflates per call
MAX_LAYERS = 4  # "gzip, gzip, gzip, ..." beyond this is refused: no server means it
CODINGS = frozenset({"gzip", "x-gzip", "deflate", "identity"})


def codings_of(content_encoding: str) -> list[str] | None:
    """The codings to undo, outermost first; None when one is unknown or there are too many."""
    tokens = [token.strip().lower() for token in content_encoding.split(",") if token.strip()]
    if not set(tokens) <= CODINGS:
        return None
    layers = [token for token in tokens if token != "identity"]
    return list(reversed(layers)) if len(layers) <= MAX_LAYERS else None


async def inflated(raw: AsyncIterator[bytes], codings: list[str]) -> AsyncIterator[bytes]:
    """The decoded body, in pieces of at most STEP bytes once any coding applies."""
    layers = [_Layer(coding) for coding in codings]
    async for chunk in raw:
        for piece in _through(layers, chunk):
            if piece:
                yield piece


def _through(layers: list[_Layer], data: bytes) -> Iterator[bytes]:
    if not layers:
        yield data
        return
    first, rest = layers[0], layers[1:]
    for piece in first.feed(data):
        yield from _through(rest, piece)


class _Layer:
    def __init__(self, coding: str) -> None:
        self._deflate = coding == "deflate"
        # deflate is zlib-wrapped by the standard and raw by many servers: try the standard first
        self._decompressor = zlib.decompressobj(zlib.MAX_WBITS if self._deflate else zlib.MAX_WBITS | 16)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Inflate `data` lazily, STEP bytes per piece."""
        pending = data
        while not self._decompressor.eof:
            piece = self._inflate(pending)
            pending = self._decompressor.unconsumed_tail
            if piece:
                yield piece
            if not pending and len(piece) < STEP:
                return  # all input taken and nothing held back: a full piece may hide more

    def _inflate(self, data: bytes) -> bytes:
        try:
            piece = self._decompressor.decompress(data, STEP)
        except zlib.error as exc:
            if self._deflate and not self._started:
                self._started = True
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflate(data)
            raise httpx.DecodingError(f"bad {('deflate' if self._deflate else 'gzip')} data: {exc}") from exc
        self._started = True
        return piece
