"""What the spider hands to the pipelines: plain data, picklable."""

from __future__ import annotations

from dataclasses import dataclass

from cleaners import Article


@dataclass
class ArticleItem:
    article: Article
    fetched_url: str  # the URL the response came from (after redirects)
    fetched_at: str  # ISO 8601 UTC
    status: int
