"""crawler.middlewares.truncatedbody.stream_ends: a compressed stream is whole only with its end marker.

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

from crawler.middlewares.truncatedbody import stream_ends


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


def test_raw_deflate_as_some_servers_send_it():
    stream = _raw_deflate(b"<p>story</p>" * 2000)
    assert stream_ends(stream, b"deflate") and not stream_ends(stream[:-3], b"deflate")


@pytest.mark.parametrize("coding", sorted(CODINGS))
def test_garbage_is_not_a_whole_stream(coding):
    assert not stream_ends(b"\x00not a compressed stream at all" * 10, coding)
