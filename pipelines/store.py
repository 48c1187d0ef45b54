"""Plain store functions: used by the Scrapy pipeline, the CLI and the tests alike."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlite_utils import Database

from cleaners.article import Article
from cleaners.fields.authors import normalise_name

_ARTICLE_COLUMNS = (
    "url", "canonical_url", "title", "body", "language", "section", "published", "published_raw",
    "modified", "modified_raw", "site_name", "image_url", "description", "word_count", "extraction_path",
)


def store_article(db: Database, article: Article, fetched_url: str, fetched_at: str) -> None:
    """Upsert one article and replace its authors and FAQs. Call inside a transaction."""
    row = {k: getattr(article, k) for k in _ARTICLE_COLUMNS}
    row.update(
        fetched_url=fetched_url,
        site=urlsplit(article.url).netloc.lower(),
        tags=json.dumps(article.tags, ensure_ascii=False),
        last_seen=fetched_at,
    )
    existing = db.execute("SELECT first_seen FROM articles WHERE url = ?", [article.url]).fetchone()
    row["first_seen"] = existing[0] if existing else fetched_at
    db["articles"].upsert(row, pk="url")
    _replace_authors(db, article)
    db.execute("DELETE FROM faqs WHERE article_url = ?", [article.url])
    if article.faqs:
        db["faqs"].insert_all(
            {"article_url": article.url, "position": i, "question": f.question, "answer": f.answer}
            for i, f in enumerate(article.faqs)
        )


def _replace_authors(db: Database, article: Article) -> None:
    db.execute("DELETE FROM article_authors WHERE article_url = ?", [article.url])
    for position, author in enumerate(article.authors):
        key = normalise_name(author.name)
        db.execute("INSERT OR IGNORE INTO authors (name, name_key) VALUES (?, ?)", [author.name, key])
        author_id = db.execute("SELECT id FROM authors WHERE name_key = ?", [key]).fetchone()[0]
        db["article_authors"].insert(
            {"article_url": article.url, "author_id": author_id, "position": position, "role": author.role}
        )


def store_batch(db: Database, records: list[tuple[Article, str, str]]) -> None:
    """Store (article, fetched_url, fetched_at) records in one transaction."""
    with db.atomic():  # one transaction; sqlite-utils nests its own writes as savepoints
        for article, fetched_url, fetched_at in records:
            store_article(db, article, fetched_url, fetched_at)
