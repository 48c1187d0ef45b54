"""Scrapy's cookie jar, bounded as browsers bound theirs.

Scrapy's CookiesMiddleware keeps every cookie a site sets, without limit, and sends all that match back
with each request. A site that sets new cookies on every page (50 uniquely named ones a page, a tracking
script's ids) made the Cookie header grow with the crawl: 400 pages sent 570 KB of cookies with each
request, and a server that caps request headers (64 KiB for Python's, 8 KiB for nginx's) refused every page
after the first few dozen as http_431/http_400. The jar also costs CPU per request in proportion to its size.

RFC 6265 section 6.1 asks a user agent to hold at least 4096 bytes per cookie, 50 cookies per domain and
3000 in all; browsers hold that or more (Chrome 180 a domain, 3000 in all) and evict past it. So does this, after each response's
cookies are stored: a cookie larger than COOKIES_MAX_BYTES (name and value) is dropped, then the oldest
cookies of a domain past COOKIES_MAX_PER_DOMAIN, then the oldest of the jar past COOKIES_MAX_TOTAL. Dropped
cookies are counted in the stat newsmill/cookies_dropped; the first drop of a crawl logs one line.

"Oldest" is by last use, as RFC 6265 5.3 evicts (the oldest last-access-date; sending a cookie is an
access, 5.4): a cookie is renewed each time a request carries it, so a session cookie set by the first
page and sent with every page since outlives the tracking ids that pages set for their own path, and the
cookies of the site being crawled outlive those of sites left long ago. Cookies sent together keep their
order among them; cookies a response sets are newer than those its request sent, so a single response
setting COOKIES_MAX_PER_DOMAIN new cookies on one domain still replaces all that domain held.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

from crawler import settings as defaults
from crawler.compat import cookie_jar, sent_cookies

logger = logging.getLogger(__name__)

_SEQ = "_newsmill_seq"  # set on each http.cookiejar.Cookie when stored and again each time it is sent: its last use


class BoundedCookiesMiddleware(CookiesMiddleware):
    """CookiesMiddleware whose jars keep at most COOKIES_MAX_BYTES per cookie, COOKIES_MAX_PER_DOMAIN per
    domain and COOKIES_MAX_TOTAL in all, the least recently used dropped first (see the module). 0 turns a
    bound off."""

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        s = crawler.settings
        mw.max_bytes = s.getint("COOKIES_MAX_BYTES", defaults.COOKIES_MAX_BYTES)  # defaults: settings without ours
        mw.max_per_domain = s.getint("COOKIES_MAX_PER_DOMAIN", defaults.COOKIES_MAX_PER_DOMAIN)
        mw.max_total = s.getint("COOKIES_MAX_TOTAL", defaults.COOKIES_MAX_TOTAL)
        mw._seq = itertools.count()
        mw._warned = False
        return mw

    def process_request(self, request, spider=None):
        result = super().process_request(request)
        if result is None and not request.meta.get("dont_merge_cookies", False):
            # sending a cookie is a use of it (RFC 6265 5.4); cookies sent together keep their order among them
            for cookie in sorted(sent_cookies(self, request), key=lambda c: getattr(c, _SEQ, -1)):
                setattr(cookie, _SEQ, next(self._seq))
        return result

    def process_response(self, request, response, spider=None):
        response = super().process_response(request, response)
        if not request.meta.get("dont_merge_cookies", False) and b"Set-Cookie" in response.headers:
            self.bound(cookie_jar(self, request), request.url)
        return response

    def bound(self, jar, url: str = "") -> int:
        """Drop what is over the bounds from `jar` (an http.cookiejar.CookieJar); the number dropped."""
        cookies = list(jar)
        for cookie in cookies:
            if getattr(cookie, _SEQ, None) is None:
                setattr(cookie, _SEQ, next(self._seq))
        dropped: set[int] = set()
        if self.max_bytes:
            dropped.update(id(c) for c in cookies if len(c.name) + len(c.value or "") > self.max_bytes)
        kept = sorted((c for c in cookies if id(c) not in dropped), key=lambda c: getattr(c, _SEQ))
        if self.max_per_domain:
            by_domain = defaultdict(list)
            for cookie in kept:
                by_domain[cookie.domain.lstrip(".").lower()].append(cookie)
            for group in by_domain.values():
                dropped.update(id(c) for c in group[: max(0, len(group) - self.max_per_domain)])
            kept = [c for c in kept if id(c) not in dropped]
        if self.max_total and len(kept) > self.max_total:
            dropped.update(id(c) for c in kept[: len(kept) - self.max_total])
        drop = [c for c in cookies if id(c) in dropped]
        for cookie in drop:
            try:
                jar.clear(cookie.domain, cookie.path, cookie.name)
            except KeyError:
                pass
        if drop:
            self.crawler.stats.inc_value("newsmill/cookies_dropped", len(drop))
            if not self._warned:
                self._warned = True
                logger.warning("%s: cookies over the jar's bounds (COOKIES_MAX_BYTES %d, COOKIES_MAX_PER_DOMAIN %d, "
                               "COOKIES_MAX_TOTAL %d) are dropped, the least recently used first (newsmill/cookies_dropped)",
                               url, self.max_bytes, self.max_per_domain, self.max_total)
        return len(drop)
