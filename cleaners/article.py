"""The record extraction produces: plain dataclasses, safe to pickle across processes."""

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

    def to_dict(self) -> dict:
        return asdict(self)
