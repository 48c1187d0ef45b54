"""The peer pipeline: what a competent Scrapy user writes to turn a news site into a searchable SQLite file.

    .venv/bin/python -m bench.peer.crawl http://127.0.0.1:PORT/ --db peer.db [-s NAME=VALUE ...]

A CrawlSpider that follows every in-site link (robots.txt obeyed), runs
`trafilatura.bare_extraction(with_metadata=True)` on each page in the callback and yields what has text;
an item pipeline upserts them with sqlite-utils in batches of 100, into a table with an FTS5 index kept by
triggers. One process, as `scrapy crawl` runs it. Written plainly on purpose: it is the baseline, not a
straw man and not tuned beyond what the Scrapy and sqlite-utils documentation suggest.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule
from sqlite_utils import Database

FIELDS = ("title", "author", "date", "sitename", "description", "categories", "tags", "language", "text")


class NewsSpider(CrawlSpider):
    name = "news"
    rules = (Rule(LinkExtractor(), callback="parse_page", follow=True),)

    def __init__(self, start_url: str, *args, **kwargs):
        self.start_urls = [start_url]
        self.allowed_domains = [urlsplit(start_url).hostname]
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response):
        return self.parse_page(response)

    def parse_page(self, response):
        doc = trafilatura.bare_extraction(response.text, url=response.url, with_metadata=True)
        if doc is None or not doc.text:
            return
        data = doc.as_dict()
        yield {"url": response.url, **{f: data.get(f) for f in FIELDS}}


class SQLitePipeline:
    BATCH = 100

    def __init__(self, path: str):
        self.path = path
        self.buffer: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("PEER_DB"))

    def open_spider(self):
        self.db = Database(self.path)
        self.db.enable_wal()
        table = self.db["articles"]
        if not table.exists():
            table.create({"url": str, **{f: str for f in FIELDS}}, pk="url")
            table.enable_fts(["title", "text"], create_triggers=True)

    def process_item(self, item):
        self.buffer.append(dict(item))
        if len(self.buffer) >= self.BATCH:
            self.flush()
        return item

    def flush(self):
        if self.buffer:
            self.db["articles"].upsert_all(self.buffer, pk="url")
            self.buffer = []

    def close_spider(self):
        self.flush()
        self.db.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="the peer pipeline: CrawlSpider + trafilatura + sqlite-utils FTS5")
    p.add_argument("start_url")
    p.add_argument("--db", required=True)
    p.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = p.parse_args(argv)
    settings = {
        "ROBOTSTXT_OBEY": True,  # what `scrapy startproject` writes
        "ITEM_PIPELINES": {"bench.peer.crawl.SQLitePipeline": 300},
        "PEER_DB": args.db,
        "LOG_LEVEL": "INFO",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
    for item in args.settings:
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"peer: -s takes NAME=VALUE, not {item!r}")
        settings[name] = value
    process = CrawlerProcess(settings)
    process.crawl(NewsSpider, start_url=args.start_url)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
