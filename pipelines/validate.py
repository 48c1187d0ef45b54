"""Drop items that must not be stored, with a reason that is counted."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem


class ValidatePipeline:
    def __init__(self, min_body_chars: int = 200, stats=None):
        self.min_body_chars = min_body_chars
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("CLEAN_MIN_BODY_CHARS"), crawler.stats)

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item  # page records pass straight to storage
        reason = self.problem(item)
        if reason:
            if self.stats:
                self.stats.inc_value(f"validate/dropped/{reason}")
            raise DropItem(f"{reason}: {item.fetched_url}")
        return item

    def problem(self, item) -> str | None:
        article = item.article
        if not article.title:
            return "no_title"
        if len(article.body) < self.min_body_chars:
            return "body_too_short"
        return None
