"""Plain store functions: used by the Scrapy pipeline, the CLI and the tests alike.

`store_article` returns what happened to the row, the same word the `pages.outcome` column uses:

    new        first time this article is stored
    changed    title, body or FAQ text differ: the old version goes to article_revisions
    refreshed  only other fields differ (authors, dates, tags, extractor version, ...): updated in place
    unchanged  nothing differs: only last_seen moves
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urlsplit

from .compat import Database

from newsmill.records import Article
from cleaners.fields.authors import normalise_name
from cleaners.version import EXTRACTOR_VERSION
from newsmill.reasons import Outcome

from . import rawdict, rawhtml
from .dedupe import NEAR_BITS, find_duplicate
from .fingerprint import distance, simhash
from .bodytext import STORED_BODY_SQL
from .schema import content_hash, join_faqs, replace_tags
from .textsafety import clean_fields, strip_controls


_ARTICLE_COLUMNS = (
    "url", "canonical_url", "title", "body", "language", "section", "published", "published_raw",
    "published_precision", "modified", "modified_raw", "site_name", "image_url", "description", "word_count", "extraction_path",
    "body_markdown", "access", "is_paywalled", "paywall_evidence",
)
# Columns whose difference makes an update; first_seen, last_seen and fetched_url are bookkeeping.
_COMPARED = (*_ARTICLE_COLUMNS, "site", "tags", "faq_text", "content_hash", "extractor_version")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_row(article: Article, fetched_url: str, body_simhash: int | None = None) -> dict:
    """The articles row for an Article (without first_seen/last_seen); body_simhash if already computed.

    The Article's text fields lose their control characters here, in place (pipelines/textsafety.py):
    every path to the database builds this row first."""
    clean_fields(article)
    for name in ("canonical_url", "image_url"):  # a javascript: or data: URL is no link to keep
        value = getattr(article, name)
        if value and not value.lower().lstrip().startswith(("http://", "https://")):
            setattr(article, name, None)
    row = {k: getattr(article, k) for k in _ARTICLE_COLUMNS}
    faq_text = join_faqs((f.question, f.answer) for f in article.faqs)
    row.update(
        fetched_url=fetched_url,
        site=urlsplit(article.url).netloc.lower(),
        tags=json.dumps(article.tags, ensure_ascii=False),
        faq_text=faq_text,
        content_hash=content_hash(article.title, article.body, faq_text),
        extractor_version=EXTRACTOR_VERSION,
        simhash=body_simhash if body_simhash is not None else simhash(article.body),
    )
    row["word_count"] = row["word_count"] or len((article.body or "").split())  # dedupe reads it
    row["is_paywalled"] = int(bool(article.is_paywalled))
    return row


def claim_own_url(db: Database, article: Article, fetched_url: str, row: dict, recent=None) -> bool:
    """Two stories claiming one URL (a page naming another article as its canonical) are two rows, each under
    the URL it was fetched from: the one that page was fetched from keeps it. Before, the later one replaced
    the earlier (its text only in revisions). Another story: simhash farther than near-duplicates
    (pipelines/dedupe.py). True when it re-keyed `article` and `row`; the stored claimant may move instead."""
    found = db.execute("SELECT fetched_url, simhash FROM articles WHERE url = ?", [article.url]).fetchone()
    if found is None or found[0] in (None, fetched_url) or not isinstance(found[1], int) or row["simhash"] is None:
        return False
    if distance(found[1], row["simhash"]) <= NEAR_BITS:
        return False  # the same story, as another URL of it shows it (AMP, print, a tracking variant)
    if article.url != fetched_url:
        article.url = row["url"] = fetched_url  # this page claims a URL another story holds
        return True
    # this page is at that URL: the story stored there claimed it; it goes to the URL it was fetched from
    if not db.execute("SELECT 1 FROM articles WHERE url = ?", [found[0]]).fetchone():
        move_article(db, article.url, found[0], recent)
    return False


def move_article(db: Database, old_url: str, new_url: str, recent=None) -> None:
    """The article stored under old_url, with everything that refers to it, under new_url (no row there yet).
    A new row and the old one deleted: the full-text index follows through its triggers."""
    columns = [c.name for c in db["articles"].columns]
    names = ", ".join(f"[{c}]" for c in columns)
    values = ", ".join("?" if c == "url" else f"[{c}]" for c in columns)
    db.execute(f"INSERT INTO articles ({names}) SELECT {values} FROM articles WHERE url = ?", [new_url, old_url])
    for table in db.table_names():  # every table whose article_url refers to articles, as the schema declares
        if any(fk.column == "article_url" and fk.other_table == "articles" for fk in db[table].foreign_keys):
            db.execute(f"UPDATE [{table}] SET article_url = ? WHERE article_url = ?", [new_url, old_url])
    db.execute("UPDATE story_clusters SET earliest_url = ? WHERE earliest_url = ?", [new_url, old_url])
    moved = db.execute("SELECT site, simhash, word_count, first_seen FROM articles WHERE url = ?", [new_url]).fetchone()
    db.execute("DELETE FROM articles WHERE url = ?", [old_url])
    if recent is not None:
        recent.discard(moved[0], old_url)
        recent.add({"url": new_url, "site": moved[0], "simhash": moved[1], "word_count": moved[2],
                    "first_seen": moved[3]})


def duplicate_of(db: Database, article: Article, fetched_url: str, row: dict | None = None,
                 seen_at: str | None = None, recent=None) -> tuple[str, str] | None:
    """(duplicate_of | near_duplicate_of, stored url) for an article not yet stored under its own URL
    whose text another stored article of the site already has (see pipelines/dedupe.py)."""
    if db.execute("SELECT 1 FROM articles WHERE url = ?", [article.url]).fetchone():
        return None
    return find_duplicate(db, row or article_row(article, fetched_url), seen_at, recent)


def store_article(
    db: Database, article: Article, fetched_url: str, fetched_at: str | None, cause: str = "crawl",
    row: dict | None = None, recent=None,
) -> str:
    """Upsert one article with its authors, FAQs and tags; return the outcome. Call inside a transaction.

    fetched_at is when the page was seen (it becomes last_seen); None (re-extraction) leaves last_seen.
    `recent` (pipelines.dedupe.RecentArticles) learns the stored row, for later near-duplicate checks.
    """
    row = dict(row) if row else article_row(article, fetched_url)  # the caller may have built it already
    existing = next(db.query("SELECT * FROM articles WHERE url = ?", [article.url]), None)
    now = fetched_at or utc_now()
    if existing is None:
        outcome = Outcome.NEW
        row["first_seen"] = row["last_seen"] = now
    else:
        row["first_seen"] = existing["first_seen"] or now
        row["last_seen"] = fetched_at or existing["last_seen"]
        if existing["content_hash"] != row["content_hash"]:
            outcome = Outcome.CHANGED
            _record_revision(db, existing, replaced_at=now, cause=cause)
        elif (any(existing[k] != row[k] for k in _COMPARED) or _author_keys(db, article.url) != _keys(article)
              or _image_rows(db, article.url) != image_rows(article)):
            outcome = Outcome.REFRESHED
        else:
            db.execute(
                "UPDATE articles SET last_seen = ?, fetched_url = ? WHERE url = ?",
                [row["last_seen"], fetched_url, article.url],
            )
            store_updates(db, article, now)  # a live blog's new entries leave its body as it was
            return Outcome.UNCHANGED
    upsert_article(db, row)
    if recent is not None:
        recent.add(row)
    _replace_authors(db, article)
    db.execute("DELETE FROM faqs WHERE article_url = ?", [article.url])
    if article.faqs:
        db.conn.executemany(
            "INSERT INTO faqs (article_url, position, question, answer) VALUES (?, ?, ?, ?)",
            [(article.url, i, f.question, f.answer) for i, f in enumerate(article.faqs)],
        )
    replace_tags(db, article.url, article.tags)
    _replace_images(db, article)
    store_updates(db, article, now)
    return outcome


_UPDATE_SQL = (
    "INSERT INTO updates (article_url, key, published, title, text, position, first_seen, last_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_url, key) DO UPDATE SET published = excluded.published, "
    "title = excluded.title, text = excluded.text, position = excluded.position, last_seen = excluded.last_seen")


def store_updates(db: Database, article: Article, seen_at: str) -> int:
    """Add a live blog's entries not stored yet (an entry edited on the page is updated in place; one gone
    from the page is kept: it was published). Returns how many were new."""
    if not article.updates:
        return 0
    before = db.execute("SELECT count(*) FROM updates WHERE article_url = ?", [article.url]).fetchone()[0]
    db.conn.executemany(_UPDATE_SQL, [
        (article.url, u.key, u.published, strip_controls(u.title), strip_controls(u.text), i, seen_at, seen_at)
        for i, u in enumerate(article.updates)])
    return db.execute("SELECT count(*) FROM updates WHERE article_url = ?", [article.url]).fetchone()[0] - before


@lru_cache(maxsize=64)
def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != pk)
    return (f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))}) '
            f'ON CONFLICT("{pk}") DO UPDATE SET {updates}')


def upsert(db: Database, table: str, row: dict, pk: str) -> None:
    """What `db[table].upsert(row, pk=pk)` does for our own tables (insert, or update the given columns),
    as one prepared statement: sqlite-utils reads the table's schema again on every call."""
    db.execute(_upsert_sql(table, tuple(row), pk), list(row.values()))


@lru_cache(maxsize=16)
def _article_sql(columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{_stored_name(c)}"' for c in columns)
    values = ", ".join(STORED_BODY_SQL if c == "body" else f":{c}" for c in columns)
    updates = ", ".join(f'"{_stored_name(c)}" = excluded."{_stored_name(c)}"' for c in columns if c != "url")
    return f'INSERT INTO articles ({names}) VALUES ({values}) ON CONFLICT("url") DO UPDATE SET {updates}'


def _stored_name(column: str) -> str:
    return "body_text" if column == "body" else column


def upsert_article(db: Database, row: dict) -> None:
    """Insert or update an articles row given with its `body`, which SQLite computes from body_markdown:
    the body is stored as body_text only where the Markdown does not give it back (pipelines/bodytext.py)."""
    if row.get("body") is None and row.get("body_markdown") is not None:
        raise ValueError("an article with body_markdown needs a body (body would read as the Markdown made plain)")
    db.execute(_article_sql(tuple(row)), {"body_markdown": None, **row})


def _record_revision(db: Database, old: dict, replaced_at: str, cause: str) -> None:
    previous = db.execute(
        "SELECT max(replaced_at) FROM article_revisions WHERE article_url = ?", [old["url"]]
    ).fetchone()[0]
    db["article_revisions"].insert({
        "article_url": old["url"], "title": old["title"], "body": old["body"], "faq_text": old["faq_text"],
        "content_hash": old["content_hash"], "extractor_version": old["extractor_version"],
        "first_seen": previous or old["first_seen"], "last_seen": old["last_seen"],
        "replaced_at": replaced_at, "cause": cause,
    })


def image_rows(article: Article) -> list[tuple]:
    """The images rows of an Article (without article_url), as stored: only http(s) URLs."""
    return [(i, im.url, im.caption, im.credit, im.alt, im.width, im.height, im.paragraph, int(im.is_lead))
            for i, im in enumerate(im for im in article.images if im.url.lower().startswith(("http://", "https://")))]


def _image_rows(db: Database, url: str) -> list[tuple]:
    return [tuple(r) for r in db.execute(
        "SELECT position, url, caption, credit, alt, width, height, paragraph, is_lead FROM images "
        "WHERE article_url = ? ORDER BY position", [url])]


def _replace_images(db: Database, article: Article) -> None:
    db.execute("DELETE FROM images WHERE article_url = ?", [article.url])
    rows = image_rows(article)
    if rows:
        db.conn.executemany(
            "INSERT INTO images (article_url, position, url, caption, credit, alt, width, height, paragraph, is_lead) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(article.url, *r) for r in rows])


def _keys(article: Article) -> list[tuple[str, str | None]]:
    return [(normalise_name(a.name), a.role) for a in article.authors]


def _author_keys(db: Database, url: str) -> list[tuple[str, str | None]]:
    return [tuple(r) for r in db.execute(
        "SELECT au.name_key, aa.role FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
        "WHERE aa.article_url = ? ORDER BY aa.position", [url])]


def _replace_authors(db: Database, article: Article) -> None:
    db.execute("DELETE FROM article_authors WHERE article_url = ?", [article.url])
    for position, author in enumerate(article.authors):
        key = normalise_name(author.name)
        db.execute("INSERT OR IGNORE INTO authors (name, name_key) VALUES (?, ?)", [author.name, key])
        author_id = db.execute("SELECT id FROM authors WHERE name_key = ?", [key]).fetchone()[0]
        db.execute("INSERT INTO article_authors (article_url, author_id, position, role) VALUES (?, ?, ?, ?)",
                   [article.url, author_id, position, author.role])


def store_raw(db: Database, article_url: str, item, level: int = rawhtml.DEFAULT_LEVEL) -> None:
    """Keep a page's HTML (compressed against its site's zstd dictionary once the site has one,
    pipelines/rawdict.py) so `newsmill reextract` can redo extraction offline."""
    html, dictionary_id = rawdict.compress(db, article_url, item.raw or None, item.raw_compressed, level)
    upsert(db, "raw_pages", {
        "article_url": article_url, "fetched_url": item.fetched_url, "fetched_at": item.fetched_at,
        "content_type": item.content_type, "encoding": item.encoding, "bytes": item.size,
        "html": html, "compression": rawhtml.CODEC, "dictionary_id": dictionary_id,
    }, "article_url")


def read_raw(row: dict, db: Database | None = None) -> str:
    """The stored HTML of a raw_pages row, decoded as it was when crawled (db holds its dictionary)."""
    data = rawdict.decompress(db, row["html"], row["compression"], row.get("dictionary_id"))
    return data.decode(row["encoding"] or "utf-8", errors="replace")


def store_page(db: Database, page, run_id: int | None) -> None:
    """Upsert the pages row for a newsmill.records.PageItem."""
    row = page.row(run_id)
    if page.reason == "not_modified":
        # A 304 changes nothing about the page: keep the article it is and the validators we hold.
        row = {k: v for k, v in row.items() if v is not None or k not in ("article_url", "etag", "last_modified")}
        row["outcome"] = Outcome.UNCHANGED
        # The article was seen, unchanged: as for an unchanged body, only its last_seen moves.
        db.execute("UPDATE articles SET last_seen = ? WHERE url = (SELECT article_url FROM pages WHERE url = ?) "
                   "AND last_seen < ?", [page.fetched_at, page.url, page.fetched_at])
    upsert(db, "pages", {k: strip_controls(v) for k, v in row.items()}, "url")


def store_batch(db: Database, records: list[tuple[Article, str, str]]) -> list[str]:
    """Store (article, fetched_url, fetched_at) records in one transaction; return their outcomes."""
    with db.atomic():  # one transaction; sqlite-utils nests its own writes as savepoints
        return [store_article(db, article, fetched_url, fetched_at) for article, fetched_url, fetched_at in records]
