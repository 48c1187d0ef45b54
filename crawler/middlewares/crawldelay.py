"""Honour robots.txt Crawl-delay (Scrapy reads robots.txt for Allow/Disallow only).

Watches the robots.txt responses as they pass through the downloader, reads the Crawl-delay for
our user agent (Protego, Scrapy's own robots.txt parser) and makes it the minimum delay of that
host's download slot: one request at a time, at least that many seconds apart, whatever
AutoThrottle or DOWNLOAD_DELAY say. Delays over CRAWLDELAY_MAX are capped at it (logged).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from protego import Protego
from scrapy.exceptions import NotConfigured

from ..compat import set_slot_delay

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    def __init__(self, user_agent: str, max_delay: float, crawler=None, stats=None):
        self.user_agent = user_agent
        self.max_delay = max_delay
        self.crawler = crawler
        self.stats = stats
        self.delays: dict[str, float] = {}  # host -> seconds between requests

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("CRAWLDELAY_ENABLED") or not s.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        agent = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT")
        return cls(agent, s.getfloat("CRAWLDELAY_MAX"), crawler, crawler.stats)

    def process_request(self, request, spider=None):
        delay = self.delays.get(_host(request))
        if delay:
            request.meta["autothrottle_dont_adjust_delay"] = True  # AutoThrottle would lower it
            self._apply(request, delay)
        return None

    def process_response(self, request, response, spider=None):
        if urlsplit(request.url).path == "/robots.txt" and response.status == 200:
            delay = self.read_delay(response.body)
            if delay:
                if delay > self.max_delay:
                    logger.warning("%s asks for Crawl-delay %.0f s; using CRAWLDELAY_MAX %.0f s",
                                   _host(request), delay, self.max_delay)
                    delay = self.max_delay
                self.delays[_host(request)] = delay
                if self.stats is not None:
                    self.stats.set_value(f"crawldelay/{_host(request)}", delay)
        return response

    def read_delay(self, body: bytes) -> float | None:
        try:
            delay = Protego.parse(body.decode("utf-8", errors="replace")).crawl_delay(self.user_agent)
        except Exception:  # a robots.txt we cannot read has no delay for us
            return None
        return float(delay) if delay else None

    def _apply(self, request, delay: float) -> None:
        set_slot_delay(self.crawler, request, delay)


def _host(request) -> str:
    return (urlsplit(request.url).hostname or "").lower()
