"""A robots.txt that cannot be read disallows the whole site for the run (RFC 9309, section 2.3.1.4).

Scrapy's RobotsTxtMiddleware allows everything when its robots.txt request fails (timeout, refused or
reset connection) and reads a 5xx error page as an empty robots.txt: a site whose robots.txt was down
for a moment was crawled whole, its Disallow lines unread. RFC 9309 says a server or network error
means "complete disallow"; a 4xx (no robots.txt) still means everything is allowed. Google counts 429
with the 5xx. Placed between RetryMiddleware (550) and RobotsTxtMiddleware (100): it sees the request's
last attempt, after the retries, and hands the parser a robots.txt that disallows everything.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RobotsUnreachableMiddleware:
    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not _robots_request(request) or not (response.status >= 500 or response.status == 429):
            return response
        return self._disallow(request, f"http_{response.status}")

    def process_exception(self, request, exception, spider=None):
        if not _robots_request(request) or isinstance(exception, IgnoreRequest):
            return None  # an IgnoreRequest is ours (address guard, page budget): nothing was asked
        return self._disallow(request, f"error:{type(exception).__name__}")

    def _disallow(self, request, why: str) -> TextResponse:
        host = urlsplit(request.url).netloc
        logger.warning("robots.txt of %s could not be read (%s): no page of %s is fetched in this run "
                       "(RFC 9309: an unreachable robots.txt disallows everything)", host, why, host)
        if self.stats is not None:
            self.stats.inc_value("robotstxt/unreachable")
            self.stats.set_value(f"robotstxt/unreachable/{host}", why)  # read by the command's exit message
        return TextResponse(request.url, status=200, body=DISALLOW_ALL, request=request,
                            headers={"Content-Type": "text/plain"})


def _robots_request(request) -> bool:
    """RobotsTxtMiddleware's own fetch (it marks it dont_obey_robotstxt), not a spider reading Sitemap lines."""
    return request.meta.get("dont_obey_robotstxt") is True and urlsplit(request.url).path == "/robots.txt"
