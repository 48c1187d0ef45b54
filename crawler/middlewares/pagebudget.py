"""Stop at CRAWL_MAX_PAGES fetched pages exactly.

Scrapy's CLOSESPIDER_PAGECOUNT only starts closing at the limit, so requests already
scheduled still go out. This middleware refuses every request past the budget; the spider
then runs dry and finishes on its own.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest, NotConfigured


class PageBudgetMiddleware:
    def __init__(self, max_pages: int, stats=None):
        self.max_pages = max_pages
        self.sent = 0
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        max_pages = crawler.settings.getint("CRAWL_MAX_PAGES")
        if max_pages <= 0:
            raise NotConfigured
        return cls(max_pages, crawler.stats)

    def process_request(self, request):
        if request.url.endswith("/robots.txt"):
            return None  # robots.txt is politeness, not a page
        if self.sent >= self.max_pages:
            if self.stats is not None:
                self.stats.inc_value("newsmill/skipped/max_pages")
            raise IgnoreRequest(f"page budget of {self.max_pages} reached")
        self.sent += 1
        return None
