"""The records that flow from extraction to storage: plain dataclasses, safe to pickle across processes.

The neutral module of the layers (docs/architecture.md): cleaners/ make Articles, crawler/ wraps them in
ArticleItem/PageItem with what the fetch saw, pipelines/ store both. It imports only the standard library.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Author:
    name: str
    role: str | None = None


@dataclass
class Faq:
    question: str
    answer: str


@dataclass
class Update:
    """One entry of a live blog (cleaners/fields/liveblog.py); key is stable across crawls of the page."""

    key: str
    published: str | None = None
    title: str | None = None
    text: str = ""


@dataclass
class Image:
    """One image of the article (cleaners/fields/images.py): the `images` table's row."""

    url: str  # absolute; the largest srcset/picture variant
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    width: int | None = None  # as the page declares it (attribute, srcset width, JSON-LD), when it does
    height: int | None = None
    paragraph: int | None = None  # body paragraphs before it (0: above the text); None: not placed in the body
    is_lead: bool = False


@dataclass
class Article:
    """One news article as newsmill stores it. Field names are the column names."""

    url: str
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    published: str | None = None  # ISO 8601, UTC when the page gives a zone; YYYY-MM-DD for a day
    published_raw: str | None = None  # the page's own text for the date
    published_precision: str | None = None  # 'day' (published is the ISO date alone), 'minute' or 'second'
    modified: str | None = None
    modified_raw: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    body: str = ""  # paragraphs separated by one blank line
    faqs: list[Faq] = field(default_factory=list)
    canonical_url: str | None = None
    site_name: str | None = None
    image_url: str | None = None
    description: str | None = None
    word_count: int = 0
    extraction_path: str | None = None  # which extractor produced the body
    removed: dict[str, int] = field(default_factory=dict)  # cleaner name -> blocks removed
    body_markdown: str = ""  # the body's paragraphs with headings, lists, quotes and tables (cleaners/markdown.py)
    images: list[Image] = field(default_factory=list)  # the article's own images, in page order
    access: str | None = None  # 'free', 'subscription' or 'registration' (cleaners/fields/paywall.py); None: unknown
    is_paywalled: bool = False  # the page shows evidence of a paywall or registration wall
    paywall_evidence: str | None = None  # what that rests on, e.g. 'jsonld:isAccessibleForFree=false; class:paywall'
    updates: list[Update] = field(default_factory=list)  # a live blog's entries, newest first as listed

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Known:
    """What an earlier run stored of an article: read from the database (crawler/state.py) or from Redis
    (a distributed worker, crawler/distributed.py)."""

    last_seen: str
    etag: str | None = None
    last_modified: str | None = None


def _not_exported(value) -> None:
    """Scrapy feed exports (`scrapy crawl news -O items.jsonl`, `newsmill crawl -o`): the page's bytes are
    not text; its size is in raw_bytes and its HTML in the database's raw_pages."""
    return None


_BYTES = {"serializer": _not_exported}


@dataclass
class ArticleItem:
    """What the spider hands to the pipelines for an article page."""

    article: Article
    fetched_url: str  # the URL the response came from (after redirects)
    fetched_at: str  # ISO 8601 UTC
    status: int
    content_type: str | None = None
    encoding: str | None = None  # how the body was decoded for extraction
    raw: bytes = field(default=b"", metadata=_BYTES)  # the response body as received, when nobody compressed it yet
    etag: str | None = None  # HTTP validators, for a conditional GET on the next run
    last_modified: str | None = None
    raw_compressed: bytes = field(default=b"", metadata=_BYTES)  # the body, compressed by the worker (pipelines/rawhtml.py)
    raw_bytes: int | None = None  # the body's size as received (len(raw) when not given)
    simhash: int | None = None  # of the article's body, computed by the worker (pipelines/fingerprint.py)

    @property
    def size(self) -> int:
        return self.raw_bytes if self.raw_bytes is not None else len(self.raw)

    def release_raw(self) -> None:
        """Drop the page's bytes once they are stored, keeping their size: a batch being written no
        longer holds every page of it in memory until the last is committed."""
        self.raw_bytes = self.size
        self.raw = self.raw_compressed = b""

    def page(self, outcome: str, reason: str | None = None) -> PageItem:
        """The pages row for this fetch, once its outcome is known."""
        stored = outcome != "skipped"
        return PageItem(
            url=self.fetched_url, fetched_at=self.fetched_at, status=self.status, content_type=self.content_type,
            bytes=self.size, outcome=outcome, reason=reason, article_url=self.article.url if stored else None,
            etag=self.etag, last_modified=self.last_modified,
        )


@dataclass
class PageItem:
    """A fetched URL that is not (or not yet) an article row, and why: one `pages` row."""

    url: str
    fetched_at: str
    status: int | None = None  # None when no response came (DNS failure, timeout)
    content_type: str | None = None
    bytes: int | None = None
    outcome: str = "skipped"  # new/changed/refreshed/unchanged (articles), skipped, failed (no response)
    reason: str | None = None  # why not stored: http_404, not_article:listing, body_too_short, ...
    article_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    def row(self, run_id: int | None) -> dict:
        return {**asdict(self), "run_id": run_id}
