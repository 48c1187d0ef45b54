"""Stop at CRAWL_MAX_PAGES fetched pages exactly, and at CRAWL_MAX_PAGES_PER_SITE per site.

PageBudgetGateMiddleware, before RobotsTxtMiddleware, refuses what a spent budget would refuse anyway,
without asking robots.txt first (a check that can be slow: a big robots.txt, a slow server); the
budget itself counts after robots.txt, so that pages it refuses do not use the budget up.

Scrapy's CLOSESPIDER_PAGECOUNT only starts closing at the limit, so requests already
scheduled still go out. This middleware refuses every request past the budget; the spider
then runs dry and finishes on its own. The per-site budget bounds what a spider trap (an
endless calendar, ever-new query strings) can cost one site while the other sites go on.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured


class PageBudgetMiddleware:
    def __init__(self, max_pages: int, stats=None, max_pages_per_site: int = 0):
        self.max_pages = max_pages
        self.max_pages_per_site = max_pages_per_site
        self.sent = 0
        self.sent_per_site: Counter[str] = Counter()
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        max_pages = crawler.settings.getint("CRAWL_MAX_PAGES")
        per_site = crawler.settings.getint("CRAWL_MAX_PAGES_PER_SITE")
        if max_pages <= 0 and per_site <= 0:
            raise NotConfigured
        budget = cls(max(max_pages, 0), crawler.stats, max(per_site, 0))
        crawler.newsmill_page_budget = budget  # the spider stops discovering once it is spent
        return budget

    def pages_left(self) -> int | None:
        """Pages the crawl may still fetch; None: no overall limit."""
        return self.max_pages - self.sent if self.max_pages else None

    def site_spent(self, url: str) -> bool:
        """Whether the site of `url` has used up its own budget."""
        return bool(self.max_pages_per_site) and self.sent_per_site[_site(url)] >= self.max_pages_per_site

    def process_request(self, request):
        if request.url.endswith("/robots.txt"):
            return None  # robots.txt is politeness, not a page
        if self.max_pages and self.sent >= self.max_pages:
            self._inc("newsmill/skipped/max_pages")
            raise IgnoreRequest(f"page budget of {self.max_pages} reached")
        site = _site(request.url)
        if self.max_pages_per_site and self.sent_per_site[site] >= self.max_pages_per_site:
            self._inc("newsmill/skipped/max_pages_per_site")
            raise IgnoreRequest(f"page budget of {self.max_pages_per_site} for {site} reached")
        self.sent += 1
        self.sent_per_site[site] += 1
        return None

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class PageBudgetGateMiddleware:
    """Refuse requests once the page budget (the PageBudgetMiddleware of the crawl) is spent."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if s.getint("CRAWL_MAX_PAGES") <= 0 and s.getint("CRAWL_MAX_PAGES_PER_SITE") <= 0:
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request, spider=None):
        budget = getattr(self.crawler, "newsmill_page_budget", None)
        if budget is None or request.url.endswith("/robots.txt"):
            return None
        left = budget.pages_left()
        if left is not None and left <= 0:
            budget._inc("newsmill/skipped/max_pages")
            raise IgnoreRequest(f"page budget of {budget.max_pages} reached")
        if budget.site_spent(request.url):
            budget._inc("newsmill/skipped/max_pages_per_site")
            raise IgnoreRequest(f"page budget of {budget.max_pages_per_site} for {_site(request.url)} reached")
        return None
