"""Reading the database: the filters search and export share, full-text search, export records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timezone

from sqlite_utils import Database

from cleaners.fields.authors import normalise_name

from .schema import FTS_WEIGHTS

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers, turned into brackets or colour by the CLI


class QueryError(ValueError):
    """A user's filter or search query that cannot run; the message says why."""


def parse_since(value: str | None) -> str | None:
    """--since D: a date (2025-01-31) or an ISO timestamp; compared with the UTC `published` text, so a
    timestamp with an offset is turned into UTC first (one without is read as UTC)."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
        return moment.replace(tzinfo=timezone.utc).isoformat()
    except ValueError:
        raise QueryError(f"--since wants a date like 2025-01-31 or an ISO timestamp, got {value!r}") from None


def filters(site: str | None = None, since: str | None = None, author: str | None = None) -> tuple[str, list]:
    """SQL conditions on `articles a` for the shared options, each on an indexed column or key."""
    where, params = [], []
    if site:
        # example.com also matches www.example.com; % and _ in what the user typed are literal characters
        where.append("(a.site = ? OR a.site LIKE ? ESCAPE '\\')")
        params += [site.lower(), "%." + _like_literal(site.lower())]
    since = parse_since(since)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if author:
        where.append(
            "EXISTS (SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
            "WHERE aa.article_url = a.url AND au.name_key LIKE ? ESCAPE '\\')"
        )
        params.append("%" + _like_literal(normalise_name(author)) + "%")
    return (" AND ".join(where) or "1"), params


def _like_literal(text: str) -> str:
    """`text` matching only itself in a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(db: Database, query: str, site=None, since=None, author=None, limit: int = 20) -> list[dict]:
    """Articles matching an FTS5 query over title, body and FAQ text, best first (bm25)."""
    where, params = filters(site, since, author)
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    sql = f"""
        SELECT a.url, a.title, a.site, a.published,
               (SELECT group_concat(au.name, ', ') FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                WHERE aa.article_url = a.url) AS authors,
               snippet(articles_fts, -1, '{HIT_START}', '{HIT_END}', '…', 16) AS snippet,
               bm25(articles_fts, {weights}) AS rank
        FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
        WHERE articles_fts MATCH ? AND {where}
        ORDER BY rank LIMIT ?"""
    try:
        return list(db.query(sql, [query, *params, limit]))
    except sqlite3.OperationalError:
        pass  # not FTS5 syntax ("al-Qaeda" reads as a column filter, a stray quote): try plain words
    terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split())
    if not terms:
        raise QueryError("empty search query")
    try:
        return list(db.query(sql, [terms, *params, limit]))
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query!r}: {exc}") from None


EXPORT_COLUMNS = (
    "url", "canonical_url", "fetched_url", "site", "title", "authors", "published", "published_raw",
    "published_precision", "modified", "modified_raw", "language", "section", "tags", "body", "faqs", "site_name", "image_url",
    "description", "word_count", "extraction_path", "extractor_version", "content_hash", "first_seen",
    "last_seen",
)


def export_records(db: Database, site=None, since=None, author=None) -> Iterator[dict]:
    """One record per selected article, newest first: Article's field names, lists kept as lists."""
    where, params = filters(site, since, author)
    urls = [r[0] for r in db.execute(
        f"SELECT a.url FROM articles a WHERE {where} ORDER BY a.published DESC, a.url", params)]
    for url in urls:  # per-article lookups by primary key, so the loop never holds a cursor open
        row = next(db.query("SELECT * FROM articles WHERE url = ?", [url]))
        row["tags"] = json.loads(row["tags"] or "[]")
        row["authors"] = list(db.query(
            "SELECT au.name, aa.role FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
            "WHERE aa.article_url = ? ORDER BY aa.position", [url]))
        row["faqs"] = list(db.query(
            "SELECT question, answer FROM faqs WHERE article_url = ? ORDER BY position", [url]))
        yield {k: row[k] for k in EXPORT_COLUMNS}
