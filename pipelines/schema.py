"""Tables, indexes, full-text search: applied as sqlite-utils migrations, idempotently."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("newsmill")


@migrations()
def create_core_tables(db: Database) -> None:
    db["articles"].create(
        {
            "url": str, "canonical_url": str, "fetched_url": str, "site": str, "title": str, "body": str,
            "language": str, "section": str, "tags": str, "published": str, "published_raw": str,
            "modified": str, "modified_raw": str, "site_name": str, "image_url": str, "description": str,
            "word_count": int, "extraction_path": str, "first_seen": str, "last_seen": str,
        },
        pk="url",
    )
    db["authors"].create({"id": int, "name": str, "name_key": str}, pk="id")
    db["authors"].create_index(["name_key"], unique=True)
    db["article_authors"].create(
        {"article_url": str, "author_id": int, "position": int, "role": str},
        pk=("article_url", "position"),
        foreign_keys=[("article_url", "articles", "url"), ("author_id", "authors", "id")],
    )
    db["faqs"].create(
        {"article_url": str, "position": int, "question": str, "answer": str},
        pk=("article_url", "position"),
        foreign_keys=[("article_url", "articles", "url")],
    )
    db["articles"].create_index(["site", "published"])
    db["articles"].create_index(["published"])
    db["article_authors"].create_index(["author_id"])
    db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) a newsmill database with WAL, foreign keys and the current schema."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = Database(path) if str(path) != ":memory:" else Database(memory=True)
    db.execute("PRAGMA busy_timeout = 10000")  # readers and a second writer wait instead of failing
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    return db
