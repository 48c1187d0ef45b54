"""A compressed page whose stream ends before the page does is retried, then recorded as `truncated`.

Scrapy inflates a cut gzip, deflate, brotli or zstd body as far as it goes and says nothing, so a server
that stops its output mid-page (a script killed while its output buffer was flushing, a proxy) gave a
stored article of half a story, as complete as any other. The HTTP framing was whole, so
DOWNLOAD_FAIL_ON_DATALOSS cannot see it.

Two steps around HttpCompressionMiddleware (590). Before it inflates, CompressedBodyMiddleware (595)
keeps a reference to the compressed body and its coding. After, TruncatedBodyMiddleware (585) judges
the page: whole when its markup closes (`</body>` or `</html>` near its end) or, for gzip, when its
inflated size is the one its trailer records (ISIZE), so the common page costs no second inflate;
otherwise the stream itself is read again to its end marker (of its last gzip member or zstd frame:
Scrapy reads them all). A stream without one is retried (RETRY_TIMES; not with RETRY_ENABLED off or the
request's dont_retry), then the page ends as `truncated`. Several codings ("gzip, br") are each read to their end.

A sitemap or feed (as the spider reads one, crawler.discovery.is_xml_source: an XML type, or a body starting
`<?xml` under no type or a non-HTML one) cut short is retried the same way, then passed on with what could
be read and TRUNCATED_KEY set in its meta: its entries before the cut are still followed, and the spider
records it as `sitemap_or_feed:truncated` (crawler/spiders/news.py). So is a gzip sitemap sent without
Content-Encoding (sitemap.xml.gz, which the spider inflates itself): its stream is checked here, where a
retry is an ordinary one (the spider's would add a level of depth each time).

ContentDecodingMiddleware takes HttpCompressionMiddleware's place: a body its Content-Encoding cannot
decode at all (garbage from the first byte) ends as `bad_content_encoding`, with one warning line, where
Scrapy's decoder raised a zlib, brotli or zstd error that was recorded as `error:error`.
"""

from __future__ import annotations

import logging
import zlib

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest

from newsmill.reasons import Skip

from ..discovery import is_gzip_source, is_xml_source
from ..streams import gzip_ends, gzip_size_agrees, streams_end

logger = logging.getLogger(__name__)

META_KEY = "_newsmill_compressed"
TRUNCATED_KEY = "newsmill_truncated"  # a sitemap or feed passed on cut short: the coding whose stream was cut
_CODINGS = (b"gzip", b"x-gzip", b"deflate", b"br", b"zstd")  # what Scrapy inflates
_CLOSING = (b"</body", b"</html", b"</urlset", b"</sitemapindex", b"</rss", b"</feed", b"</rdf:rdf")
_TAIL = 4096  # bytes of the inflated page searched for its closing tags


class TruncatedBody(IgnoreRequest):
    skip_reason = Skip.TRUNCATED


class BadContentEncoding(IgnoreRequest):
    skip_reason = Skip.BAD_CONTENT_ENCODING


def _codings(response) -> tuple[bytes, ...] | None:
    """The response's content codings in the order they were applied, when Scrapy inflates every one of them;
    None when there is none, or one it does not know (it leaves the body as it is then)."""
    codings = tuple(c.strip().lower() for value in response.headers.getlist("Content-Encoding")
                    for c in value.split(b",") if c.strip())
    return codings if codings and all(c in _CODINGS for c in codings) else None


def _ctype(response) -> bytes:
    return (response.headers.get("Content-Type") or b"").lower()


def _html(response) -> bool:
    return _ctype(response).startswith((b"text/html", b"application/xhtml"))


def _checked(response) -> bool:
    """A page (HTML) or what may be a sitemap or feed (an XML, RSS or Atom type, or none): not robots.txt,
    images or downloads, which the crawl does not read as pages."""
    ctype = _ctype(response)
    return not ctype or _html(response) or any(t in ctype for t in (b"xml", b"rss", b"atom"))


class ContentDecodingMiddleware(HttpCompressionMiddleware):
    """HttpCompressionMiddleware, with a body its Content-Encoding cannot decode at all recorded as
    `bad_content_encoding` (see the module). process_response is Scrapy's public middleware method."""

    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            raise  # over DOWNLOAD_MAXSIZE once inflated
        except Exception as exc:  # zlib.error, gzip.BadGzipFile, brotli.error, zstd's ZstdError, EOFError
            codings = b", ".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            logger.warning("%s: its body cannot be decoded as its Content-Encoding (%s) says: %s",
                           request.url, codings, str(exc)[:200] or type(exc).__name__)
            self.stats.inc_value("newsmill/bad_content_encoding")
            raise BadContentEncoding(f"body not {codings}") from None


def _gzip_source(response) -> bool:
    """A sitemap.xml.gz the spider inflates itself (crawler.discovery.is_gzip_source), not left coded."""
    return not response.headers.get("Content-Encoding") and is_gzip_source(response)


class CompressedBodyMiddleware:
    """Keeps a compressed page's body before HttpCompressionMiddleware inflates it (see the module)."""

    def process_response(self, request, response, spider=None):
        codings = _codings(response)
        if codings is not None and response.body and request.method != "HEAD" and _checked(response):
            request.meta[META_KEY] = (codings, response.body)  # a reference: popped a step later
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
        if kept is None and _gzip_source(response):
            return self._judge_gzip_source(request, response)
        if kept is None or response.headers.get("Content-Encoding"):  # not compressed, or left so (HEAD, a failure)
            return response
        codings, data = kept
        body = response.body
        if any(tag in body[-_TAIL:].lower() for tag in _CLOSING):
            return response
        if codings in ((b"gzip",), (b"x-gzip",)) and gzip_size_agrees(data, len(body)):
            return response
        if streams_end(data, codings):
            return response
        return self._cut(request, response, b", ".join(codings).decode())

    def _judge_gzip_source(self, request, response):
        """A sitemap.xml.gz: read to its end marker, or to DOWNLOAD_MAXSIZE (past it, the spider records the
        source as too_large)."""
        limit = request.meta.get("download_maxsize", self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            if gzip_ends(response.body, limit):
                return response
        except zlib.error:
            pass  # damaged: as cut, what could be read is read
        return self._cut(request, response, "gzip")

    def _cut(self, request, response, coding: str):
        body = response.body
        self.crawler.stats.inc_value("newsmill/truncated_body")
        if self.crawler.settings.getbool("RETRY_ENABLED") and not request.meta.get("dont_retry", False):
            retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated compressed body")
            if retry is not None:
                return retry
        if is_xml_source(response) or _gzip_source(response):  # a sitemap or feed: its entries read are still worth it
            request.meta[TRUNCATED_KEY] = coding
            return response
        logger.warning("%s: its %s stream ends after %d bytes of the page, before the page does",
                       request.url, coding, len(body))
        raise TruncatedBody(f"{coding} stream cut after {len(body)} bytes of the page")
