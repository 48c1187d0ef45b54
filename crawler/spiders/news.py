"""The `news` spider: discovery and routing only; pages are analysed in worker processes."""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from cleaners.overrides import load_site_rules, rules_for

from ..items import ArticleItem, PageItem
from ..urls import host_of, is_crawlable, normalise_url
from ..worker import ExtractionPool

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


class NewsSpider(scrapy.Spider):
    """Crawl from start URLs (pages, sitemaps or feeds), following in-site links.

    scrapy crawl news -a start_urls=https://example.com/,https://example.com/sitemap.xml
    """

    name = "news"

    def __init__(self, start_urls: str | list[str] = "", *args, **kwargs):
        super().__init__(*args, **kwargs)
        urls = start_urls.split(",") if isinstance(start_urls, str) else list(start_urls)
        self.start_urls = [normalise_url(u) for u in urls if u.strip()]
        if not self.start_urls:
            raise ValueError("give at least one start URL: -a start_urls=https://example.com/")
        self.hosts = {host_of(u) for u in self.start_urls}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.pool = ExtractionPool(crawler.settings.getint("EXTRACT_WORKERS"))
        spider.analyse_options = {
            "disabled": tuple(crawler.settings.getlist("CLEAN_DISABLED")),
            "min_body_chars": crawler.settings.getint("CLEAN_MIN_BODY_CHARS"),
        }
        rules_path = crawler.settings.get("CLEAN_SITE_RULES")
        spider.site_rules = load_site_rules(rules_path) if rules_path else {}
        crawler.signals.connect(spider.pool.close, signal=signals.spider_closed)
        return spider

    async def start(self):
        for url in self.start_urls:
            yield self._request(url)

    def _request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.failed)

    async def parse(self, response):
        stats = self.crawler.stats
        fetched_at = _now()
        if not isinstance(response, TextResponse):
            stats.inc_value("newsmill/skipped/not_text")
            yield _page(response, fetched_at, "not_text")
            return
        if _is_xml(response):
            for url in self._xml_links(response):
                yield self._request(url)
            yield _page(response, fetched_at, "sitemap_or_feed")
            return
        rules = rules_for(response.url, self.site_rules)
        result = await self.pool.analyse(response.text, response.url, rules=rules, **self.analyse_options)
        for url in result.links:
            if host_of(url) in self.hosts:
                yield self._request(url)
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
            encoding=response.encoding,
            raw=response.body,
        )

    def failed(self, failure):
        """Errback: record a 4xx/5xx response or a fetch that got no response at all."""
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # refused before fetching (robots.txt, page budget): not a fetched page
        if failure.check(HttpError):
            response = failure.value.response
            yield _page(response, _now(), f"http_{response.status}")
            return
        self.crawler.stats.inc_value(f"newsmill/failed/{failure.type.__name__}")
        yield PageItem(url=failure.request.url, fetched_at=_now(), outcome="failed",
                       reason=f"error:{failure.type.__name__}")

    def _xml_links(self, response) -> list[str]:
        """<loc> of sitemaps and sitemap indexes, <link> of RSS items, link@href of Atom entries."""
        try:
            root = etree.fromstring(response.body, parser=_XML_PARSER)
        except etree.XMLSyntaxError:
            return []
        if root is None:
            return []
        urls = []
        for el in root.iter():
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "loc" or (tag == "link" and el.text and not el.get("href")):
                urls.append((el.text or "").strip())
            elif tag == "link" and el.get("href") and el.get("rel", "alternate") == "alternate":
                urls.append(el.get("href").strip())
        self.crawler.stats.inc_value("newsmill/discovered_from_xml", len(urls))
        return [normalise_url(u) for u in urls if is_crawlable(u) and host_of(u) in self.hosts]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _content_type(response) -> str | None:
    value = response.headers.get("Content-Type")
    return value.decode("latin-1") if value else None


def _page(response, fetched_at: str, reason: str) -> PageItem:
    return PageItem(url=response.url, fetched_at=fetched_at, status=response.status,
                    content_type=_content_type(response), bytes=len(response.body), reason=reason)


def _is_xml(response) -> bool:
    ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    if "html" in ctype:
        return False
    if "xml" in ctype:
        return True
    head = response.text[:500].lstrip().lower()
    return head.startswith("<?xml") and "<html" not in head
