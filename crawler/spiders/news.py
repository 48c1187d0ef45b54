"""The `news` spider: discovery and routing only; pages are analysed in worker processes."""

from __future__ import annotations

import re
import sys
from collections import deque
from datetime import datetime, timezone
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError, IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.encoding import http_content_type_encoding

from cleaners.overrides import rules_for
from cleaners.registry import plan as cleaner_plan

from ..compat import frontier_size, schedule
from ..discovery import Entry, TooLarge, is_gz_url, is_gzip_source, is_xml_source, iter_xml_source, robots_sitemaps
from ..links import MAX_LINKS
from ..middlewares.truncatedbody import TRUNCATED_KEY
from ..sites import load_site_rules
from newsmill.age import oldest_published
from newsmill.records import ArticleItem, PageItem
from newsmill.reasons import Outcome, Skip
from ..state import crawl_state
from ..urls import host_of, is_crawlable, normalise_url
from ..worker import ExtractionPool


class NewsSpider(scrapy.Spider):
    """Crawl from start URLs (pages, sitemaps or feeds), following in-site links.

    scrapy crawl news -a start_urls=https://example.com/,https://example.com/sitemap.xml
    """

    name = "news"

    def __init__(self, start_urls: str | list[str] = "", *args, sitemaps="", feeds="", allow="", deny="",
                 discover="", **kwargs):
        super().__init__(*args, **kwargs)
        self.start_urls = [normalise_url(u) for u in _as_list(start_urls)]
        self.xml_seeds = [normalise_url(u) for u in _as_list(sitemaps) + _as_list(feeds)]
        if not self.start_urls and not self.xml_seeds:
            raise ValueError("give at least one start URL: -a start_urls=https://example.com/")
        self.hosts = {host_of(u) for u in self.start_urls + self.xml_seeds}
        self.allow = [re.compile(p) for p in _as_list(allow, sep="||")]
        self.deny = [re.compile(p) for p in _as_list(deny, sep="||")]
        self.discover = str(discover).lower() in ("1", "true", "yes")  # sitemaps from robots.txt
        # URLs (normalised) this spider already asked for: most of a page's links were on the pages before it.
        self.requested: set[str] = set(self.start_urls + self.xml_seeds)
        # Discovered URLs waiting for room in the frontier: (entries iterator, bytes it holds, depth).
        self._backlog: deque = deque()
        self._backlog_bytes = 0
        self._backlog_warned = False
        self.max_frontier, self.max_backlog_bytes, self.depth_priority = 0, 64 << 20, 1
        self.follow_links = True

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.pool = ExtractionPool(crawler.settings.getint("EXTRACT_WORKERS"),
                                     timeout=crawler.settings.getfloat("EXTRACT_TIMEOUT"))
        s = crawler.settings
        # A distributed run's writer gets the body compressed by the worker. A local crawl's writer compresses
        # it itself against the site's dictionary: a plain compression first would be undone there.
        distributed = bool(s.get("REDIS_URL"))
        spider.analyse_options = {
            "disabled": cleaner_plan(s.getdict("CLEANERS"), s.getlist("CLEAN_DISABLED")),  # names: pickles to workers
            "min_body_chars": s.getint("CLEAN_MIN_BODY_CHARS"),
            "hosts": frozenset(spider.hosts),  # other sites' links are not followed: not worth sending back
            "raw_level": s.getint("SQLITE_HTML_ZSTD_LEVEL") if distributed else None,
        }
        rules_path = crawler.settings.get("CLEAN_SITE_RULES")
        spider.site_rules = load_site_rules(rules_path) if rules_path else {}
        crawler.signals.connect(spider.pool.close, signal=signals.spider_closed)
        spider.state = crawl_state(crawler.settings)  # the database, or what the writer published to Redis
        spider.oldest = oldest_published(crawler.settings.getint("CRAWL_MAX_AGE_DAYS"))
        spider.max_frontier = s.getint("CRAWL_MAX_FRONTIER")
        spider.max_backlog_bytes = s.getint("CRAWL_MAX_BACKLOG_MB") << 20
        spider.depth_priority = s.getint("DEPTH_PRIORITY")
        spider.follow_links = s.getbool("CRAWL_FOLLOW_LINKS", True)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        spider.pool.start()  # last: a spider that failed to set up leaves no workers behind
        return spider

    async def start(self):
        for url in self.start_urls + self.xml_seeds:
            yield self._request(url)
        if self.discover:
            for root in sorted({urljoin(u, "/") for u in self.start_urls + self.xml_seeds}):
                yield scrapy.Request(urljoin(root, "/robots.txt"), callback=self.parse_robots, dont_filter=True,
                                     errback=self.failed)

    def parse_robots(self, response):
        """Sitemaps named in robots.txt (news sitemaps and feeds among them)."""
        for named in robots_sitemaps(response.body):
            url = _readable(named, response.url, gz=True)
            if url is not None and host_of(url) in self.hosts:
                yield self._request(url)

    def _follow(self, entries, response=None, size: int = 0) -> list[scrapy.Request]:
        """Requests for discovered URLs (with the date their source gives, if any) that this run wants.

        Only as many as the frontier has room for (CRAWL_MAX_FRONTIER, and no more than the pages the
        budget has left): the rest of `entries` (`size` bytes) waits in the backlog and is read on as the
        frontier drains, or dropped once the page budget is spent. A million-URL sitemap in a crawl of
        200 pages builds a few hundred requests, not a million.
        """
        entries = iter(entries)
        requests, done = self._take(entries)
        if not done:
            depth = (response.meta.get("depth", 0) if response is not None else 0) + 1
            self._defer(entries, size, depth)
        return requests

    def _take(self, entries) -> tuple[list[scrapy.Request], bool]:
        """(requests for as many entries as there is room for, whether `entries` ran out or is dropped)."""
        room = self._room()
        if room is None:
            return [], True  # the page budget is spent: nothing more will be fetched
        requests: list[scrapy.Request] = []
        if room <= 0:
            return requests, False
        for entry in entries:
            request = self._want(entry)
            if request is not None:
                requests.append(request)
                if len(requests) >= room:
                    return requests, False
        return requests, True

    def _room(self) -> int | None:
        """How many requests discovery may add to the frontier now; None: no more ever (budget spent)."""
        limit = self.max_frontier if self.max_frontier > 0 else None
        budget = getattr(self.crawler, "newsmill_page_budget", None)
        left = budget.pages_left() if budget is not None else None
        if left is not None:
            if left <= 0:
                return None
            limit = left if limit is None else min(limit, left)
        if limit is None:
            return sys.maxsize
        return limit - frontier_size(self.crawler)

    def _want(self, entry) -> scrapy.Request | None:
        url, date = (entry.url, entry.date) if isinstance(entry, Entry) else (entry, None)
        if url in self.requested:
            return None  # the scheduler would drop it as a duplicate, after building a Request for it
        if host_of(url) not in self.hosts or any(p.search(url) for p in self.deny):
            return None
        if self.allow and not any(p.search(url) for p in self.allow) and not getattr(entry, "is_index", False):
            return None
        if self.oldest and date and date < self.oldest:
            self.crawler.stats.inc_value("newsmill/skipped/too_old")
            return None
        budget = getattr(self.crawler, "newsmill_page_budget", None)
        if budget is not None and budget.site_spent(url):
            self.crawler.stats.inc_value("newsmill/skipped/site_budget_spent")
            return None
        request = self._incremental(url, date)
        if request is not None:
            self.requested.add(url)
        return request

    def _defer(self, entries, size: int, depth: int) -> None:
        if self._backlog_bytes + size > self.max_backlog_bytes:
            self.crawler.stats.inc_value("newsmill/skipped/backlog_full")
            if not self._backlog_warned:
                self._backlog_warned = True
                self.logger.warning("discovery backlog over %d MiB: later sitemaps and link lists are dropped",
                                    self.max_backlog_bytes >> 20)
            return
        self.crawler.stats.inc_value("newsmill/discovery/deferred")
        self._backlog.append((entries, size, depth))
        self._backlog_bytes += size

    def _resume(self) -> None:
        """Read on in the backlog while the frontier has room; drop it once the page budget is spent."""
        while self._backlog:
            entries, size, depth = self._backlog[0]
            requests, done = self._take(entries)
            for request in requests:  # scheduled directly: set what DepthMiddleware would have set
                request.meta["depth"] = depth
                request.priority = -depth * self.depth_priority
                schedule(self.crawler, request)
            if not done:
                return
            self._backlog.popleft()
            self._backlog_bytes -= size

    def _on_idle(self):
        if self._backlog:
            before = len(self.requested)
            self._resume()
            if len(self.requested) > before:
                raise DontCloseSpider

    def _incremental(self, url: str, date: str | None) -> scrapy.Request | None:
        """A stored article is fetched conditionally (a 304 when unchanged); not at all when an interrupted
        run just before stored it, nor, in an incremental crawl, unless its sitemap/feed date is newer
        (crawler/state.py)."""
        known = self.state.article(url) if self.state else None
        if known is None:
            return self._request(url)
        if url in getattr(self.state, "resumed", ()):
            self.crawler.stats.inc_value("newsmill/skipped/resumed")
            return None
        if getattr(self.state, "incremental", True) and (not date or date <= known.last_seen):
            self.crawler.stats.inc_value("newsmill/skipped/known")
            return None
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        request = self._request(url)
        return request.replace(headers=headers, meta={**request.meta, "handle_httpstatus_list": [304]})

    def _request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.failed)

    async def parse(self, response):
        stats = self.crawler.stats
        fetched_at = _now()
        if self._backlog:
            self._resume()
        if response.status == 304:  # before the type check: a 304 has no body to type
            yield _page(response, fetched_at, Skip.NOT_MODIFIED)
            # Its links are still followed, read from the HTML stored for it: no page goes undiscovered.
            stored = self.state.raw(response.url) if hasattr(self.state, "raw") else None
            if stored and self.follow_links:
                result = await self.pool.analyse(stored[0], response.url, declared_encoding=stored[1],
                                                 **{**self.analyse_options, "raw_level": None})
                for request in self._follow(result.links, response, sum(len(u) + 60 for u in result.links)):
                    yield request
            return
        if is_gzip_source(response) or is_xml_source(response):
            try:
                entries = self._xml_entries(response)
            except TooLarge:  # a gzip body that inflates past DOWNLOAD_MAXSIZE: a bomb, or too big to read
                stats.inc_value("newsmill/failed/too_large")
                yield _page(response, fetched_at, Skip.TOO_LARGE, outcome=Outcome.FAILED)
                return
            # cut short after its retries (TruncatedBodyMiddleware): its Content-Encoding's stream, its own gzip,
            # or the document itself (its root element never closes)
            cut = response.meta.get(TRUNCATED_KEY) or entries.cut
            # A sitemap cut short is still worth its entries before the cut: they are followed, the cut recorded.
            for request in self._follow(entries, response, entries.size):
                yield request
            if cut:
                stats.inc_value("newsmill/truncated_source")
                self.logger.warning("%s: its %s ends before the document does; the entries before the cut "
                                    "are followed", response.url, cut if cut == "document" else f"{cut} stream")
                yield _page(response, fetched_at, Skip.SITEMAP_OR_FEED.of("truncated"))
                return
            yield _page(response, fetched_at, Skip.SITEMAP_OR_FEED)
            return
        if not isinstance(response, TextResponse):
            stats.inc_value("newsmill/skipped/not_text")
            yield _page(response, fetched_at, Skip.NOT_TEXT)
            return
        rules = rules_for(response.url, self.site_rules)
        # The worker decodes the bytes itself, not response.text: a wrong or missing charset header is common.
        declared = http_content_type_encoding(_content_type(response))
        result = await self.pool.analyse(response.body, response.url, rules=rules, declared_encoding=declared,
                                         **self.analyse_options)
        if len(result.links) >= MAX_LINKS:
            stats.inc_value("newsmill/links_capped")  # the page's links past MAX_LINKS were not read
            self.logger.info("%s: only its first %d links are followed", response.url, MAX_LINKS)
        for request in self._follow(result.links if self.follow_links else (), response,
                                    sum(len(u) + 60 for u in result.links)):
            yield request
        if result.article is None:
            stats.inc_value(f"newsmill/skipped/{result.skip_reason.split(':')[0]}")
            self.logger.debug("not stored: %s (%s)", response.url, result.skip_reason)
            yield _page(response, fetched_at, result.skip_reason)
            return
        stats.inc_value("newsmill/articles_extracted")
        for cleaner, count in result.article.removed.items():
            stats.inc_value(f"cleaners/{cleaner}/removed", count)
        yield ArticleItem(
            article=result.article,
            fetched_url=response.url,
            fetched_at=fetched_at,
            status=response.status,
            content_type=_content_type(response),
            encoding=result.encoding,
            raw=b"" if result.raw_compressed else response.body,
            raw_compressed=result.raw_compressed,
            raw_bytes=len(response.body),
            simhash=result.simhash,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
        )

    def failed(self, failure):
        """Errback: record a 4xx/5xx response or a fetch that got no response at all."""
        if self._backlog:
            self._resume()
        if failure.check(HttpError):
            response = failure.value.response
            yield _page(response, _now(), Skip.http(response.status))
            return
        reason = _failure_reason(failure.value)
        if reason is None:
            return  # refused before fetching (robots.txt, page budget): not a fetched page
        self.crawler.stats.inc_value(f"newsmill/failed/{reason.split(':')[0]}")
        url = failure.request.url
        if reason in (Skip.TOO_MANY_REDIRECTS, Skip.REDIRECT_LOOP, Skip.PRIVATE_ADDRESS):
            url = failure.request.meta.get("redirect_urls", [url])[0]  # the URL that was linked
        yield PageItem(url=url, fetched_at=_now(), outcome=Outcome.FAILED, reason=reason)

    def _xml_entries(self, response):
        """Sitemap, sitemap-index, news-sitemap, RSS and Atom entries, with their dates, read as they are
        taken. TooLarge when a gzip body inflates past the response's size limit (DOWNLOAD_MAXSIZE)."""
        max_size = response.meta.get("download_maxsize", self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        entries = iter_xml_source(response.body, max_size, truncated=bool(response.meta.get(TRUNCATED_KEY)))
        return _Sized(self._wanted_entries(entries, response.url), entries.size, entries.truncated, entries.cut)

    def _wanted_entries(self, entries, base: str = ""):
        stats = self.crawler.stats
        for e in entries:
            stats.inc_value("newsmill/discovered_from_xml")
            # A sitemap index names sitemaps, gzipped ones too (.gz is not a page worth fetching elsewhere).
            url = _readable(e.url, base, gz=e.is_index)  # an Atom entry may be relative to the feed
            if url is not None:
                yield Entry(url, e.date, e.is_index)


class _Sized:
    def __init__(self, entries, size: int, truncated: bool = False, cut: str | None = None):
        self.entries, self.size, self.truncated, self.cut = entries, size, truncated, cut

    def __iter__(self):
        return self.entries


def _failure_reason(exc: BaseException) -> str | None:
    """The pages.reason for a request that ended without a usable response; None: not recorded."""
    message = str(exc)
    if isinstance(exc, DownloadCancelledError) or "larger than download max size" in message \
            or "DOWNLOAD_MAXSIZE" in message:
        return Skip.TOO_LARGE  # over DOWNLOAD_MAXSIZE, as sent or once decompressed
    if getattr(exc, "skip_reason", None):
        return exc.skip_reason  # e.g. private_address, from our middlewares (and the address guard's resolver)
    if isinstance(exc, IgnoreRequest):
        if "max redirections" in message:
            return Skip.TOO_MANY_REDIRECTS
        return None  # robots.txt, page budgets: refused before anything was fetched
    return Skip.ERROR.of(type(exc).__name__)


def _as_list(value, sep: str = ",") -> list[str]:
    """Spider arguments come as lists (from Python) or separated strings (from `scrapy crawl -a`)."""
    items = value.split(sep) if isinstance(value, str) else list(value or [])
    return [i.strip() for i in items if i and i.strip()]


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _content_type(response) -> str | None:
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else None


def _page(response, fetched_at: str, reason: str, outcome: str = Outcome.SKIPPED) -> PageItem:
    return PageItem(url=response.url, fetched_at=fetched_at, status=response.status, outcome=outcome,
                    content_type=_content_type(response), bytes=len(response.body), reason=reason,
                    etag=_header(response, "ETag"), last_modified=_header(response, "Last-Modified"))


def _readable(url: str, base: str, gz: bool = False) -> str | None:
    """The normalised absolute URL a sitemap, feed or robots.txt names, if it is one to fetch (a page, or with
    `gz` a gzipped sitemap); None for one Python cannot read ("http://[::1/x", port 99999): that entry is
    skipped, not the document's others."""
    try:
        url = urljoin(base, url) if base else url
        if is_crawlable(url) or (gz and is_gz_url(url)):
            return normalise_url(url)
    except ValueError:
        pass
    return None


