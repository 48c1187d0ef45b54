"""Whether a compressed stream reaches its end: what the truncated-body check (crawler/middlewares/
truncatedbody.py) and the sitemap reader (crawler/discovery.py) ask of gzip, deflate, brotli and zstd bodies.

Scrapy inflates a cut stream as far as it goes and says nothing; these read a stream again to its end marker.
A module of its own: the middleware reads sitemaps' types from discovery, and discovery asks this.
"""

from __future__ import annotations

import zlib

import brotli
import zstandard

_CHUNK = 1 << 16


def _zlib_ends(data: bytes, wbits: int, limit: int = 0) -> bool:
    """Whether a zlib, raw deflate or (wbits 31) gzip stream reaches its end; True too once `limit` bytes
    (when given) are inflated: past it the body is too large, which is recorded as that."""
    size = 0
    while True:
        inflater = zlib.decompressobj(wbits)
        out = len(inflater.decompress(data, _CHUNK))
        size += out
        # A full chunk with the input all read can still leave output (a match cut at the chunk's end): read on.
        while not inflater.eof and (inflater.unconsumed_tail or out == _CHUNK):
            out = len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
            size += out
            if limit and size > limit:
                return True
        if not inflater.eof:
            return False
        data = inflater.unused_data
        if wbits != 31 or not data or not b"\x1f\x8b".startswith(data[:2]):
            return True  # gzip: a further member (or the first byte of one) must end too (Scrapy reads them all)


def _zstd_frames(data: bytes):
    """Each frame of a zstd stream inflated, with whether it ends: Scrapy reads across frames (a
    decompressobj stops at the first), so a body is whole only when its last frame ends."""
    while True:
        reader = zstandard.ZstdDecompressor().decompressobj()
        out = reader.decompress(data)
        yield out, reader.eof
        if not reader.eof or not reader.unused_data:
            return
        data = reader.unused_data


def _zstd_ends(data: bytes) -> bool:
    ends = False
    for out, ends in _zstd_frames(data):
        del out
    return ends


def stream_ends(data: bytes, coding: bytes) -> bool:
    """Whether the compressed `data` reaches its coding's end marker (gzip: its trailer too).

    The output is read 64 KiB at a time and dropped: the body already inflated within DOWNLOAD_MAXSIZE."""
    try:
        if coding in (b"gzip", b"x-gzip"):
            return _zlib_ends(data, 31)
        if coding == b"deflate":
            try:
                return _zlib_ends(data, 15)
            except zlib.error:  # raw deflate, as some servers send (Scrapy reads both)
                return _zlib_ends(data, -15)
        if coding == b"br":
            reader = brotli.Decompressor()
            reader.process(data, output_buffer_limit=_CHUNK)
            while not reader.is_finished() and reader.process(b"", output_buffer_limit=_CHUNK):
                pass
            return reader.is_finished()
        return _zstd_ends(data)
    except (zlib.error, brotli.error, zstandard.ZstdError):
        return False  # damaged, not merely cut: Scrapy still gave a body, and nothing says it is whole


def _decode(data: bytes, coding: bytes) -> bytes:
    """A whole stream (stream_ends said so) inflated: one layer of several codings."""
    if coding in (b"gzip", b"x-gzip"):
        out = []
        while data[:2] == b"\x1f\x8b":
            inflater = zlib.decompressobj(31)
            out.append(inflater.decompress(data))
            data = inflater.unused_data
        return b"".join(out)
    if coding == b"deflate":
        try:
            return zlib.decompress(data)
        except zlib.error:
            return zlib.decompress(data, -15)
    if coding == b"br":
        return brotli.decompress(data)
    return b"".join(out for out, _ in _zstd_frames(data))


def streams_end(data: bytes, codings: tuple[bytes, ...]) -> bool:
    """Whether `data`, coded with `codings` in that order ("gzip, br": gzip first), reaches every stream's end.

    An outer stream is inflated in whole to read the inner one: Scrapy has already inflated each within
    DOWNLOAD_MAXSIZE."""
    for i, coding in enumerate(reversed(codings)):
        if not stream_ends(data, coding):
            return False
        if i < len(codings) - 1:
            try:
                data = _decode(data, coding)
            except (zlib.error, brotli.error, zstandard.ZstdError):
                return False
    return True


def gzip_ends(data: bytes, limit: int = 0) -> bool:
    """Whether a gzip body (a sitemap.xml.gz sent without Content-Encoding) reaches its end; True too once
    `limit` bytes are inflated (past it the body is too large, recorded as that). zlib.error when damaged."""
    return _zlib_ends(data, 31, limit)


def gzip_size_agrees(stream: bytes, size: int) -> bool:
    """Whether a gzip stream's trailer (ISIZE: the inflated size mod 2**32) records `size`: then it is whole,
    and nothing is inflated again to know it."""
    return len(stream) >= 18 and size % 2**32 == int.from_bytes(stream[-4:], "little")


def gzip_whole(stream: bytes, size: int) -> bool:
    """Whether a gzip stream that inflated to `size` bytes is whole: its trailer says that size, or it
    reaches its end marker."""
    return gzip_size_agrees(stream, size) or stream_ends(stream, b"gzip")
