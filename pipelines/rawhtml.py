"""How raw_pages keeps a page's HTML: zstd-compressed (zlib in rows written before zstd came in).

zstd is faster than zlib and compresses news pages smaller (docs/performance.md, make bench). A local
crawl's writer compresses each article page against its site's dictionary (pipelines/rawdict.py); for a
distributed run the extraction workers compress it here, once per article page.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import zstandard

CODEC = "zstd"
DEFAULT_LEVEL = 3


@lru_cache(maxsize=8)
def _compressor(level: int) -> zstandard.ZstdCompressor:
    return zstandard.ZstdCompressor(level=level)  # one per process and level, reused for every page


def compress(data: bytes, level: int = DEFAULT_LEVEL) -> bytes:
    return _compressor(level).compress(data)


MAX_SIZE = 64 * 1024 * 1024  # no page is kept larger (DOWNLOAD_MAXSIZE is 16 MiB): more is a bomb


def decompress(blob: bytes, codec: str | None, max_size: int = MAX_SIZE,
               dictionary: zstandard.ZstdCompressionDict | None = None) -> bytes:
    """The bytes of a raw_pages row's `html`, by its `compression` column; ValueError past max_size bytes
    (a row, or a distributed worker's record, is never inflated whole before its size is known).
    `dictionary`: the site's zstd dictionary the row names (pipelines/rawdict.py)."""
    if codec == "zlib":
        inflater = zlib.decompressobj()
        data = inflater.decompress(blob, max_size + 1)
        if len(data) > max_size:
            raise ValueError(f"compressed HTML inflates past {max_size} bytes")
        return data
    if codec == CODEC:
        # Not ZstdDecompressor.decompress(): it allocates whatever size the frame header claims.
        parts, size = [], 0
        with zstandard.ZstdDecompressor(dict_data=dictionary).stream_reader(blob) as reader:
            while chunk := reader.read(1 << 20):
                size += len(chunk)
                if size > max_size:
                    raise ValueError(f"compressed HTML inflates past {max_size} bytes")
                parts.append(chunk)
        return b"".join(parts)
    raise ValueError(f"raw_pages: unknown compression {codec!r}")


def compressed_html(item) -> bytes:
    """An ArticleItem's body compressed for raw_pages: as the worker sent it, or compressed now."""
    return item.raw_compressed or compress(item.raw)
