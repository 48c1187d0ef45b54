"""A gzip page that ends before its stream does is retried, then recorded as `truncated`, not stored in part.

Scrapy inflates a broken gzip body as far as it goes and says nothing (scrapy.utils.gz.gunzip keeps what it
read before the damage), so a server that cuts its output mid-page (a script killed while its output
buffer was flushing, a proxy) gave a stored article of half a story, as complete as any other. The HTTP
framing was whole, so DOWNLOAD_FAIL_ON_DATALOSS cannot see it.

Two steps around HttpCompressionMiddleware (590): before it inflates, GzipTrailerMiddleware (595) notes
the stream's own record of its length (the last 4 bytes, ISIZE: the inflated size mod 2**32); after,
TruncatedGzipMiddleware (585) compares it with what was inflated, so a whole stream costs no second
inflate. A mismatch is a cut stream or a damaged trailer: a page whose markup closes (`</body>` or
`</html>` near its end) is whole whatever its trailer says and goes on; otherwise it is retried
(RETRY_TIMES) and then ends as `truncated`.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest

from newsmill.reasons import Skip

logger = logging.getLogger(__name__)

META_KEY = "_newsmill_gzip_isize"
_CLOSING = (b"</body", b"</html")
_TAIL = 4096  # bytes of the inflated page searched for its closing tags


class TruncatedBody(IgnoreRequest):
    skip_reason = Skip.TRUNCATED


def _single_gzip(response) -> bool:
    encoding = response.headers.get("Content-Encoding")
    return encoding is not None and encoding.strip().lower() in (b"gzip", b"x-gzip")


def _html(response) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").lower()
    return ctype.startswith((b"text/html", b"application/xhtml"))


class GzipTrailerMiddleware:
    """Notes a gzip page's ISIZE before HttpCompressionMiddleware inflates it (see the module)."""

    def process_response(self, request, response, spider=None):
        if len(response.body) >= 18 and _single_gzip(response) and _html(response):  # 18: header + trailer
            request.meta[META_KEY] = int.from_bytes(response.body[-4:], "little")
        return response


class TruncatedGzipMiddleware:
    """Retries, then refuses, a gzip page inflated to less than its stream promised (see the module)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        isize = request.meta.pop(META_KEY, None)
        if isize is None or _single_gzip(response):  # not gzip, or left compressed (HEAD, an unknown coding)
            return response
        body = response.body
        if len(body) % 2**32 == isize or any(tag in body[-_TAIL:].lower() for tag in _CLOSING):
            return response
        self.crawler.stats.inc_value("newsmill/truncated_gzip")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated gzip body")
        if retry is not None:
            return retry
        logger.warning("%s: its gzip stream ends after %d bytes of the page, before the page does",
                       request.url, len(body))
        raise TruncatedBody(f"gzip stream cut after {len(body)} bytes of the page")
