"""Record redirect loops instead of losing them.

A redirect back to a URL of the same chain is a new request for a URL already seen, which
Scrapy's duplicate filter drops without a word: the page would vanish from the record. This
middleware sees the 3xx before RedirectMiddleware does and ends the chain with a reason
(`redirect_loop`); chains longer than REDIRECT_MAX_TIMES end as `too_many_redirects`.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest, NotConfigured
from w3lib.url import safe_url_string

from newsmill.reasons import Skip

from ..urls import normalise_url


class RedirectLoop(IgnoreRequest):
    skip_reason = Skip.REDIRECT_LOOP


class UnreadableRedirect(IgnoreRequest):
    """A Location Python cannot read as a URL (port 99999, "http://[::1"): was recorded as error:ValueError."""

    skip_reason = Skip.ERROR.of("unreadable_redirect")


class RedirectLoopMiddleware:
    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        location = response.headers.get("Location")
        if not (300 <= response.status < 400) or not location or request.meta.get("dont_redirect"):
            return response
        try:
            target = normalise_url(urljoin(request.url, safe_url_string(location.decode("latin-1"))))
        except ValueError:
            raise UnreadableRedirect(f"redirect to a URL that cannot be read: {location[:200]!r}") from None
        chain = {normalise_url(u) for u in (*request.meta.get("redirect_urls", ()), request.url)}
        if target in chain:
            if self.stats is not None:
                self.stats.inc_value("newsmill/redirect_loop")
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}")
        return response
