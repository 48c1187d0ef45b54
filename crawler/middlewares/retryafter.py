"""Retries that honour Retry-After (Scrapy's RetryMiddleware ignores it), within a bound.

Replaces scrapy.downloadermiddlewares.retry.RetryMiddleware. A 429 or 503 response with a
Retry-After header (seconds or an HTTP date) is retried after that wait, and every other request to
the same host waits too; a wait longer than RETRYAFTER_MAX_DELAY is not honoured by hammering
early but by giving up on that page (its response is recorded, e.g. http_503). Everything else is
Scrapy's retry policy unchanged (RETRY_TIMES, RETRY_HTTP_CODES, exceptions).
"""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware

from ..compat import retry

logger = logging.getLogger(__name__)

HONOURED_STATUSES = (429, 503)


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None when unreadable."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" is a digit to str.isdigit, not to float()
        return float(value)
    try:
        when = parsedate_to_datetime(value)
        return None if when is None else max(0.0, when.timestamp() - (time.time() if now is None else now))
    except (TypeError, ValueError, IndexError, OverflowError):  # a zone of +999999999999: no C int
        return None


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, settings, stats=None):
        super().__init__(settings)
        self.enabled = settings.getbool("RETRYAFTER_ENABLED")
        self.max_delay = settings.getfloat("RETRYAFTER_MAX_DELAY")
        self.stats = stats
        self._not_before: dict[str, float] = {}  # host -> monotonic time before which we send nothing

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler.settings, crawler.stats)
        mw.crawler = crawler
        return mw

    async def process_request(self, request, spider=None):
        wait = self._not_before.get(_host(request), 0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        return None

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After")) if self.enabled else None
        if wait is not None and response.status in HONOURED_STATUSES:
            if wait > self.max_delay:
                self._inc("retryafter/too_long")
                logger.info("not retrying %s: Retry-After %.0f s is over RETRYAFTER_MAX_DELAY", request, wait)
                return response
            self._inc("retryafter/honoured")
            host = _host(request)
            self._not_before[host] = max(self._not_before.get(host, 0), time.monotonic() + wait)
        return retry(self, request, f"{response.status} response") or response

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


def _host(request) -> str:
    return (urlsplit(request.url).hostname or "").lower()
