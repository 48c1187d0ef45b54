"""crawler.streams.stream_ends: a compressed stream is whole only with its end marker.

A body of several gzip members or zstd frames (Scrapy reads them all) is whole only when its last one ends.
The crawl side (a cut gzip and brotli page retried, then recorded as `truncated`; a whole gzip page
missing only its trailer stored) is in tests/test_robust_faults.py."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.streams import stream_ends, streams_end


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


CODINGS = {
    b"gzip": gzip.compress,
    b"deflate": zlib.compress,
    b"br": brotli.compress,
    b"zstd": zstandard.ZstdCompressor().compress,
}


@settings(max_examples=60, deadline=None)
@given(page=st.binary(min_size=1, max_size=20_000), coding=st.sampled_from(sorted(CODINGS)), cut=st.floats(0, 1))
def test_a_stream_is_whole_and_every_strict_prefix_is_not(page, coding, cut):
    stream = CODINGS[coding](page)
    assert stream_ends(stream, coding)
    prefix = stream[: int((len(stream) - 1) * cut)]
    assert not stream_ends(prefix, coding)


def _pieces(page: bytes, cuts: list[int], compress) -> tuple[bytes, set[int]]:
    """`page` split at `cuts`, each piece compressed on its own and the streams joined (gzip members, zstd
    frames); with the lengths at which a piece's stream ends (a prefix of that length is whole)."""
    bounds = [0, *sorted({min(c, len(page)) for c in cuts}), len(page)]
    stream, ends = b"", set()
    for start, end in zip(bounds, bounds[1:]):
        stream += compress(page[start:end])
        ends.add(len(stream))
    return stream, ends


@settings(max_examples=60, deadline=None)
@given(page=st.binary(min_size=1, max_size=20_000), coding=st.sampled_from([b"gzip", b"zstd"]),
       cuts=st.lists(st.integers(0, 20_000), min_size=1, max_size=3), cut=st.floats(0, 1))
def test_several_members_or_frames_are_whole_only_when_the_last_ends(page, coding, cuts, cut):
    stream, ends = _pieces(page, cuts, CODINGS[coding])
    assert stream_ends(stream, coding)
    prefix = stream[: int((len(stream) - 1) * cut)]
    assert stream_ends(prefix, coding) == (len(prefix) in ends)  # cut exactly after a member: that one is whole


def test_a_second_zstd_frame_cut_is_a_cut_stream():
    first, second = (zstandard.ZstdCompressor().compress(p * 500) for p in (b"<p>one</p>", b"<p>two</p>"))
    assert stream_ends(first + second, b"zstd")
    assert not stream_ends(first + second[: len(second) // 2], b"zstd")
    assert not stream_ends(first + second[:4], b"zstd")  # only the next frame's magic number
    skippable = b"\x50\x2a\x4d\x18" + (3).to_bytes(4, "little") + b"abc"  # a frame with no content
    assert stream_ends(first + skippable + second, b"zstd")


def test_an_inner_stream_of_several_frames_is_read_in_whole():
    page = b"<p>story</p>" * 3000
    inner = brotli.compress(page)
    outer, _ = _pieces(inner, [len(inner) // 2], CODINGS[b"zstd"])  # Content-Encoding: br, zstd
    assert streams_end(outer, (b"br", b"zstd"))  # the inner br is in both frames
    second = zstandard.ZstdCompressor().compress(page)
    inner_cut = zstandard.ZstdCompressor().compress(page[:20_000]) + second[: len(second) // 2]
    assert not streams_end(brotli.compress(inner_cut), (b"zstd", b"br"))  # a whole br of a cut zstd
    members, _ = _pieces(page, [10_000], gzip.compress)
    assert streams_end(zstandard.ZstdCompressor().compress(members), (b"gzip", b"zstd"))


@pytest.mark.parametrize("wbits", [-15, 15, 31])
@pytest.mark.parametrize("page", [b"\0", b"<p>The council voted on the budget.</p>"], ids=["zeros", "markup"])
def test_a_stream_whose_output_fills_a_chunk_exactly_is_read_on(wbits, page):
    """Output stopping at the 64 KiB chunk mid-match: the input all read, the stream not yet at its end."""
    coding = b"gzip" if wbits == 31 else b"deflate"
    for size in range(65_536 - 8, 65_536 + 300):
        for level in (1, 6):
            packer = zlib.compressobj(level, zlib.DEFLATED, wbits)
            stream = packer.compress((page * (size // len(page) + 1))[:size]) + packer.flush()
            assert stream_ends(stream, coding), (size, level)
            assert not stream_ends(stream[:-1], coding), (size, level)


def test_raw_deflate_as_some_servers_send_it():
    stream = _raw_deflate(b"<p>story</p>" * 2000)
    assert stream_ends(stream, b"deflate") and not stream_ends(stream[:-3], b"deflate")


@pytest.mark.parametrize("coding", sorted(CODINGS))
def test_garbage_is_not_a_whole_stream(coding):
    assert not stream_ends(b"\x00not a compressed stream at all" * 10, coding)
