"""Drop items that must not be stored, with a reason that is counted."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsmill.age import oldest_published
from newsmill.records import ArticleItem
from newsmill.reasons import Skip


class ValidatePipeline:
    def __init__(self, min_body_chars: int = 200, stats=None, max_age_days: int = 0):
        self.min_body_chars = min_body_chars
        self.stats = stats
        self.oldest = oldest_published(max_age_days)

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getint("CLEAN_MIN_BODY_CHARS"), crawler.stats, s.getint("CRAWL_MAX_AGE_DAYS"))

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
            return Skip.NO_TITLE
        if len(article.body) < self.min_body_chars:
            return Skip.BODY_TOO_SHORT
        # Naive dates (no zone on the page) compare as UTC: a few hours' error at the boundary is fine.
        if self.oldest and article.published and article.published[:19] < self.oldest[:19]:
            return Skip.TOO_OLD
        return None
