"""A compressed page whose stream ends before the page does is retried, then recorded as `truncated`.

Scrapy inflates a cut gzip, deflate, brotli or zstd body as far as it goes and says nothing, so a server
that stops its output mid-page (a script killed while its output buffer was flushing, a proxy) gave a
stored article of half a story, as complete as any other. The HTTP framing was whole, so
DOWNLOAD_FAIL_ON_DATALOSS cannot see it.

Two steps around HttpCompressionMiddleware (590). Before it inflates, CompressedBodyMiddleware (595)
keeps a reference to the compressed body and its coding. After, TruncatedBodyMiddleware (585) judges
the page: whole when its markup closes (`</body>` or `</html>` near its end) or, for gzip, when its
inflated size is the one its trailer records (ISIZE), so the common page costs no second inflate;
otherwise the stream itself is read again to its end marker. A stream without one is retried
(RETRY_TIMES), then the page ends as `truncated`.
"""

from __future__ import annotations

import logging
import zlib

import brotli
import zstandard
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest

from newsmill.reasons import Skip

logger = logging.getLogger(__name__)

META_KEY = "_newsmill_compressed"
_CLOSING = (b"</body", b"</html")
_TAIL = 4096  # bytes of the inflated page searched for its closing tags
_CHUNK = 1 << 16


class TruncatedBody(IgnoreRequest):
    skip_reason = Skip.TRUNCATED


def _coding(response) -> bytes | None:
    """The response's one content coding, or None (none, several, or one Scrapy does not inflate)."""
    value = response.headers.get("Content-Encoding")
    coding = value.strip().lower() if value else b""
    return coding if coding in (b"gzip", b"x-gzip", b"deflate", b"br", b"zstd") else None


def _html(response) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").lower()
    return ctype.startswith((b"text/html", b"application/xhtml"))


def _zlib_ends(data: bytes, wbits: int) -> bool:
    inflater = zlib.decompressobj(wbits)
    inflater.decompress(data, _CHUNK)
    while inflater.unconsumed_tail and not inflater.eof:
        inflater.decompress(inflater.unconsumed_tail, _CHUNK)
    return inflater.eof


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
        reader = zstandard.ZstdDecompressor().decompressobj()
        out = reader.decompress(data)
        del out
        return reader.eof
    except (zlib.error, brotli.error, zstandard.ZstdError):
        return False  # damaged, not merely cut: Scrapy still gave a body, and nothing says it is whole


class CompressedBodyMiddleware:
    """Keeps a compressed page's body before HttpCompressionMiddleware inflates it (see the module)."""

    def process_response(self, request, response, spider=None):
        coding = _coding(response)
        if coding is not None and response.body and _html(response):
            request.meta[META_KEY] = (coding, response.body)  # a reference: popped a step later
        return response


class TruncatedBodyMiddleware:
    """Retries, then refuses, a page inflated from a stream that stops short (see the module)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        kept = request.meta.pop(META_KEY, None)
        if kept is None or _coding(response) is not None:  # not compressed, or left so (HEAD, a failure)
            return response
        coding, data = kept
        body = response.body
        if any(tag in body[-_TAIL:].lower() for tag in _CLOSING):
            return response
        if coding in (b"gzip", b"x-gzip") and len(data) >= 18 and len(body) % 2**32 == int.from_bytes(data[-4:], "little"):
            return response
        if stream_ends(data, coding):
            return response
        self.crawler.stats.inc_value("newsmill/truncated_body")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated compressed body")
        if retry is not None:
            return retry
        logger.warning("%s: its %s stream ends after %d bytes of the page, before the page does",
                       request.url, coding.decode(), len(body))
        raise TruncatedBody(f"{coding.decode()} stream cut after {len(body)} bytes of the page")
