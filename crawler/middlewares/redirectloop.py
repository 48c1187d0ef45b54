"""Record redirect loops instead of losing them.

A redirect back to a URL of the same chain is a new request for a URL already seen, which
Scrapy's duplicate filter drops without a word: the page would vanish from the record. This
middleware sees the 3xx before RedirectMiddleware does and ends the chain with a reason
(`redirect_loop`); chains longer than REDIRECT_MAX_TIMES end as `too_many_redirects`.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

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
            joined = urljoin(request.url, safe_url_string(location.decode("latin-1")))
            parts = urlsplit(joined)
            target = normalise_url(joined)
        except ValueError:
            raise UnreadableRedirect(f"redirect to a URL that cannot be read: {location[:200]!r}") from None
        if parts.scheme not in ("http", "https"):
            # javascript:, mailto:, data:: no page to follow; Scrapy built the request anyway and the page was
            # lost as error:ValueError. Without its Location the 3xx is recorded as what it is (http_302).
            headers = response.headers.copy()
            del headers["Location"]
            return response.replace(headers=headers)
        if "@" in parts.netloc:
            # user:password@ in the URL: Scrapy's download refused the host and neither page was recorded.
            # Followed without them, as links are (normalise_url drops them too).
            headers = response.headers.copy()
            headers["Location"] = _without_userinfo(parts)
            response = response.replace(headers=headers)
        chain = {normalise_url(u) for u in (*request.meta.get("redirect_urls", ()), request.url)}
        if target in chain:
            if self.stats is not None:
                self.stats.inc_value("newsmill/redirect_loop")
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}")
        return response


def _without_userinfo(parts) -> str:
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
