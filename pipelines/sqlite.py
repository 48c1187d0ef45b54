"""Scrapy pipeline that stores articles in SQLite, batched in transactions."""

from __future__ import annotations

import time

from scrapy.exceptions import NotConfigured

from .schema import open_db
from .store import store_batch


class SqlitePipeline:
    def __init__(self, path: str, batch_size: int = 100, flush_seconds: float = 5.0, stats=None):
        self.path = path
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.stats = stats
        self.db = None
        self._pending: list = []
        self._last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SQLITE_PATH")
        if not path:
            raise NotConfigured("SQLITE_PATH is not set")
        s = crawler.settings
        return cls(path, s.getint("SQLITE_BATCH_SIZE"), s.getfloat("SQLITE_FLUSH_SECONDS"), crawler.stats)

    def open_spider(self):
        self.db = open_db(self.path)

    def close_spider(self):
        self.flush()
        self.db.close()

    def process_item(self, item):
        self._pending.append((item.article, item.fetched_url, item.fetched_at))
        if len(self._pending) >= self.batch_size or time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()
        return item

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        store_batch(self.db, batch)
        self._last_flush = time.monotonic()
        if self.stats:
            self.stats.inc_value("sqlite/articles_stored", len(batch))
            self.stats.inc_value("sqlite/faqs_stored", sum(len(a.faqs) for a, _, _ in batch))
