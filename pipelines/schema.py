"""Tables, indexes, full-text search and views: applied as sqlite-utils migrations, idempotently.

Migrations only ever get added at the end: databases made by earlier versions exist. `open_db`
applies the pending ones and keeps `PRAGMA user_version` equal to the number applied, so any
SQLite client can read the schema version (`newsmill stats` prints it too).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
from pathlib import Path

from .compat import Database, Migrations

from .sqlitedb import NewsmillDatabase

migrations = Migrations("newsmill")

MIN_SQLITE = (3, 31)  # generated columns

# Full-text search: weights for bm25() in the order of FTS_COLUMNS (a title hit counts most).
FTS_COLUMNS = ("title", "body", "faq_text")
FTS_WEIGHTS = (5.0, 1.0, 2.0)


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


@migrations()
def add_content_columns(db: Database) -> None:
    """content_hash, extractor_version and faq_text on articles; backfilled for existing rows."""
    articles = db["articles"]
    for column in ("content_hash", "extractor_version", "faq_text"):
        articles.add_column(column, str)
    faq_rows = db.execute("SELECT article_url, question, answer FROM faqs ORDER BY article_url, position")
    by_article: dict[str, list[tuple[str, str]]] = {}
    for url, question, answer in faq_rows.fetchall():
        by_article.setdefault(url, []).append((question, answer))
    for url, title, body in db.execute("SELECT url, title, body FROM articles").fetchall():
        faq_text = join_faqs(by_article.get(url, []))
        db.execute(
            "UPDATE articles SET faq_text = ?, content_hash = ? WHERE url = ?",
            [faq_text, content_hash(title, body, faq_text), url],
        )
    # Rebuild the index over title, body and FAQ text. Our own triggers fire only when an indexed
    # column changes, so bumping last_seen on an unchanged article does not touch the index.
    articles.disable_fts()
    db.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, faq_text, content='articles', "
        "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    # One statement per execute(): executescript() would COMMIT in the middle of the migration.
    db.execute(f"""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, {cols}) VALUES (new.rowid, {new}); END""")
    db.execute(f"""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END""")
    db.execute(f"""CREATE TRIGGER articles_au AFTER UPDATE OF {cols} ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old});
        INSERT INTO articles_fts (rowid, {cols}) VALUES (new.rowid, {new}); END""")
    articles.create_index(["last_seen"])


@migrations()
def add_tags(db: Database) -> None:
    """tags + article_tags, filled from the JSON tags column of existing rows."""
    db["tags"].create({"id": int, "name": str, "name_key": str}, pk="id")
    db["tags"].create_index(["name_key"], unique=True)
    db["article_tags"].create(
        {"article_url": str, "tag_id": int, "position": int},
        pk=("article_url", "position"),
        foreign_keys=[("article_url", "articles", "url"), ("tag_id", "tags", "id")],
    )
    db["article_tags"].create_index(["tag_id"])
    for url, tags in db.execute("SELECT url, tags FROM articles WHERE tags IS NOT NULL").fetchall():
        replace_tags(db, url, json.loads(tags or "[]"))


@migrations()
def add_history_tables(db: Database) -> None:
    """article_revisions, pages, crawl_runs and raw_pages."""
    db["article_revisions"].create(
        {
            "id": int, "article_url": str, "title": str, "body": str, "faq_text": str, "content_hash": str,
            "extractor_version": str, "first_seen": str, "last_seen": str, "replaced_at": str, "cause": str,
        },
        pk="id",
        foreign_keys=[("article_url", "articles", "url")],
    )
    db["article_revisions"].create_index(["article_url"])
    db["article_revisions"].create_index(["replaced_at"])
    db["crawl_runs"].create(
        {
            "id": int, "started": str, "finished": str, "arguments": str, "pages": int, "articles_new": int,
            "articles_changed": int, "articles_refreshed": int, "articles_unchanged": int, "pages_skipped": int,
            "pages_failed": int, "faqs": int, "counts": str, "errors": int, "finish_reason": str,
            "exit_status": int,
        },
        pk="id",
    )
    db["pages"].create(
        {
            "url": str, "run_id": int, "status": int, "content_type": str, "bytes": int, "fetched_at": str,
            "outcome": str, "reason": str, "article_url": str,
        },
        pk="url",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("article_url", "articles", "url")],
    )
    db["pages"].create_index(["run_id", "outcome"])
    db["pages"].create_index(["article_url"])
    db["raw_pages"].create(
        {
            "article_url": str, "fetched_url": str, "fetched_at": str, "content_type": str, "encoding": str,
            "bytes": int, "html_zlib": bytes,
        },
        pk="article_url",
        foreign_keys=[("article_url", "articles", "url")],
    )


VIEWS = {
    "articles_per_site_per_day": """
        SELECT site, date(published) AS day, count(*) AS articles
        FROM articles WHERE published IS NOT NULL
        GROUP BY site, day ORDER BY day DESC, articles DESC""",
    "top_authors": """
        SELECT au.id AS author_id, au.name, count(DISTINCT aa.article_url) AS articles,
               group_concat(DISTINCT a.site) AS sites, max(a.published) AS latest
        FROM authors au JOIN article_authors aa ON aa.author_id = au.id JOIN articles a ON a.url = aa.article_url
        GROUP BY au.id ORDER BY articles DESC, latest DESC""",
    "newest_faqs": """
        SELECT f.question, f.answer, a.title, a.url AS article_url, a.site, a.published
        FROM faqs f JOIN articles a ON a.url = f.article_url
        ORDER BY a.published DESC, a.url, f.position""",
    "changed_articles": """
        SELECT a.url, a.title, a.site, count(r.id) AS revisions, max(r.replaced_at) AS last_changed,
               a.first_seen, a.last_seen
        FROM article_revisions r JOIN articles a ON a.url = r.article_url
        GROUP BY a.url ORDER BY last_changed DESC""",
}


@migrations()
def add_views(db: Database) -> None:
    """The questions analysts ask first, as views any SQLite client can read."""
    for name, sql in VIEWS.items():
        db.create_view(name, " ".join(sql.split()), replace=True)


@migrations()
def add_incremental_state(db: Database) -> None:
    """HTTP validators per fetched page (conditional GET on later runs) and the site of each run."""
    db["pages"].add_column("etag", str)
    db["pages"].add_column("last_modified", str)
    db["crawl_runs"].add_column("site", str)
    db["crawl_runs"].create_index(["site", "started"])


def join_faqs(pairs) -> str:
    """The FAQ text that is indexed for search: question and answer, one pair a paragraph."""
    return "\n\n".join(f"{q}\n{a}" for q, a in pairs)


def content_hash(title: str | None, body: str | None, faq_text: str | None) -> str:
    """What a reader reads: a change here makes a revision."""
    text = "\x1f".join((title or "", body or "", faq_text or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def replace_tags(db: Database, article_url: str, tags: list[str]) -> None:
    db.execute("DELETE FROM article_tags WHERE article_url = ?", [article_url])
    seen = set()
    for name in tags:
        key = " ".join(name.casefold().split())
        if not key or key in seen:
            continue
        seen.add(key)
        db.execute("INSERT OR IGNORE INTO tags (name, name_key) VALUES (?, ?)", [name, key])
        tag_id = db.execute("SELECT id FROM tags WHERE name_key = ?", [key]).fetchone()[0]
        db.execute(
            "INSERT INTO article_tags (article_url, tag_id, position) VALUES (?, ?, ?)",
            [article_url, tag_id, len(seen) - 1],
        )


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def open_db(path: str | Path, migrate: bool = True, shared: bool = False) -> Database:
    """Open (creating if needed) a newsmill database with WAL, foreign keys and the current schema.

    `shared`: the connection may be used from another thread than this one (one at a time), as the
    crawl's writer thread does (pipelines/writer.py).
    """
    if sqlite3.sqlite_version_info < MIN_SQLITE:  # articles.body is a generated column (pipelines/bodytext.py)
        raise NotNewsmillDatabase(f"newsmill needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer; "
                                  f"this Python has {sqlite3.sqlite_version}")
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    if str(path) == ":memory:":
        db = NewsmillDatabase(memory=True)
    else:  # NewsmillDatabase: every writing transaction is BEGIN IMMEDIATE (pipelines/sqlitedb.py)
        db = NewsmillDatabase(sqlite3.connect(str(path), check_same_thread=not shared) if shared else path)
    db.execute("PRAGMA busy_timeout = 10000")  # readers and a second writer wait instead of failing
    if str(path) != ":memory:":
        try:
            check_ours(db)  # before WAL and migrations change the file
        except NotNewsmillDatabase:
            db.close()
            raise
        db.enable_wal()
        # With WAL, NORMAL loses no committed batch when the process is killed (only on power loss):
        # a commit no longer waits for an fsync.
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    if migrate:
        apply_migrations(db)
        if repair_generated_body(db):
            logging.getLogger(__name__).warning(
                "articles.body or its full-text triggers were gone (the table rebuilt by another tool): restored, "
                "and the full-text index rebuilt")
    return db


class NotNewsmillDatabase(sqlite3.DatabaseError):
    """A SQLite file another program made, or a newer newsmill: opened, never changed. Also raised before
    opening anything when this Python's SQLite is older than the schema needs (MIN_SQLITE)."""


def check_ours(db: Database) -> None:
    """Raise NotNewsmillDatabase unless db is empty or holds newsmill's schema, of a version this code knows.

    Opening a file migrates it and turns on WAL: done to another program's database (or to one a newer
    newsmill wrote), a `newsmill stats` would have changed it for good."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return  # a new file: ours to create
    applied = set()
    if "_sqlite_migrations" in tables:
        applied = {row[0] for row in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [migrations.name])}
    if not applied:
        shown = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
        raise NotNewsmillDatabase(f"not a newsmill database: it holds another program's tables ({shown})")
    unknown = applied - _known_migrations()
    if unknown:
        raise NotNewsmillDatabase(f"written by a newer newsmill ({len(unknown)} schema change(s) this version does "
                                  f"not know, such as {min(unknown)}): upgrade newsmill to open it")
    if applied == _known_migrations():  # an older one gains its columns from the migrations still to run
        for table, columns in _current_columns().items():
            have = {row[1] for row in db.execute(f"PRAGMA table_info([{table}])")}
            if have and columns - have:
                raise NotNewsmillDatabase(f"a damaged newsmill database: its {table} table lacks "
                                          f"{', '.join(sorted(columns - have)[:5])}")


@functools.lru_cache(maxsize=1)
def _known_migrations() -> frozenset[str]:
    return frozenset(m.name for m in migrations.pending(Database(memory=True)))


_CORE_TABLES = ("articles", "raw_pages", "pages", "crawl_runs", "article_authors", "authors", "faqs")


@functools.lru_cache(maxsize=1)
def _current_columns() -> dict[str, frozenset[str]]:
    """The core tables' columns in the current schema (a fresh in-memory database, about 30 ms once)."""
    fresh = open_db(":memory:")
    return {t: frozenset(row[1] for row in fresh.execute(f"PRAGMA table_info([{t}])")) for t in _CORE_TABLES}


def apply_migrations(db: Database, stop_before: str | None = None) -> int:
    """Apply pending migrations; record their number as the schema version. Returns that version.

    One transaction holding the write lock (each migration a savepoint in it): a second process
    migrating the same file at once waits, then finds nothing pending, instead of applying them again.
    """
    if not migrations.pending(db) and schema_version(db) == len(migrations.applied(db)):
        return schema_version(db)  # the usual case: no write, no lock
    _say_if_long(db)
    with _write_lock(db):
        if migrations.pending(db):
            migrations.apply(db, stop_before=stop_before)
        version = len(migrations.applied(db))
        if schema_version(db) != version:
            db.execute(f"PRAGMA user_version = {version:d}")
    return version


def _write_lock(db: Database):
    """One transaction holding the write lock (BEGIN IMMEDIATE), on our connection class or a plain one."""
    return db.atomic() if isinstance(db, NewsmillDatabase) else NewsmillDatabase.atomic(db)


_LONG_MIGRATION_ARTICLES = 20_000  # store_body_once rewrites every row: about 4 s per 25,000 articles


def _say_if_long(db: Database) -> None:
    """A line before schema changes that rewrite a big database's articles, so minutes of work (a
    million articles: about 2.5 minutes) do not look like a hang."""
    pending = [m.name for m in migrations.pending(db)]
    if "store_body_once" not in pending or "articles" not in db.table_names():
        return
    count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    if count >= _LONG_MIGRATION_ARTICLES:
        logging.getLogger(__name__).warning(
            "upgrading the database (%d schema changes) over %s articles: this takes about %d s, once",
            len(pending), f"{count:,}", max(1, count * 4 // 25_000))


@migrations()
def add_duplicate_lookup(db: Database) -> None:
    """articles.simhash (near-duplicates) and an index on content_hash (exact duplicates)."""
    from .fingerprint import simhash

    db["articles"].add_column("simhash", int)
    for url, body in db.execute("SELECT url, body FROM articles").fetchall():
        db.execute("UPDATE articles SET simhash = ? WHERE url = ?", [simhash(body), url])
    db["articles"].create_index(["content_hash"])



@migrations()
def add_recent_articles_index(db: Database) -> None:
    """Near-duplicate checks read a site's recent articles: (site, first_seen) keeps that an index range."""
    db["articles"].create_index(["site", "first_seen"])


@migrations()
def add_queued_count(db: Database) -> None:
    """crawl_runs.queued: requests the run scheduled, beside what it fetched and stored."""
    db["crawl_runs"].add_column("queued", int)


@migrations()
def add_length_index(db: Database) -> None:
    """Near-duplicate candidates are read by site and length: an index range, not a scan of the site."""
    db["articles"].create_index(["site", "word_count"])


@migrations()
def add_raw_compression(db: Database) -> None:
    """raw_pages.html_zlib becomes `html`, with the codec beside it: new rows are zstd (pipelines/rawhtml.py)."""
    db.execute("ALTER TABLE raw_pages RENAME COLUMN html_zlib TO html")
    db["raw_pages"].add_column("compression", str)
    db.execute("UPDATE raw_pages SET compression = 'zlib'")


@migrations()
def add_published_precision(db: Database) -> None:
    """articles.published_precision: 'day' when the page states only a date, which `published` then holds
    alone (YYYY-MM-DD) instead of a fake midnight; 'minute' or 'second' for a time. Existing rows: a naive
    midnight, or a time made from a bare-date `published_raw`, becomes the date; the rest get the precision
    their text shows."""
    db["articles"].add_column("published_precision", str)
    # One statement per execute(): executescript() would COMMIT in the middle of the migration.
    db.execute(
        "UPDATE articles SET published = substr(published, 1, 10) WHERE published GLOB "
        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T00:00:00' OR (published_raw GLOB "
        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND substr(published, 1, 10) = published_raw)")
    db.execute(
        "UPDATE articles SET published_precision = CASE WHEN length(published) = 10 THEN 'day' "
        "WHEN substr(published, 18, 2) = '00' THEN 'minute' ELSE 'second' END WHERE published IS NOT NULL")


@migrations()
def make_search_detectable(db: Database) -> None:
    """articles_fts declared with content=[articles], the quoting sqlite-utils (`detect_fts`) and Datasette look
    for, so `sqlite-utils search` and Datasette's `_search` find the index with no newsmill code in between.
    Same columns, tokenizer and triggers; `rank` (what those tools order by) weighs as `newsmill search` does."""
    if db["articles"].detect_fts() == "articles_fts":
        return
    db.execute("DROP TABLE IF EXISTS articles_fts")
    db.execute(
        f"CREATE VIRTUAL TABLE [articles_fts] USING FTS5 ({', '.join(FTS_COLUMNS)}, content=[articles], "
        "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    db.execute(f"INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25({weights})')")


@migrations()
def add_zstd_dictionaries(db: Database) -> None:
    """zstd_dictionaries: per-site dictionaries raw_pages rows are compressed against (pipelines/rawdict.py);
    raw_pages.dictionary_id names a row's (NULL: plain zstd or zlib, as every existing row stays)."""
    db["zstd_dictionaries"].create(
        {"id": int, "site": str, "created": str, "samples": int, "bytes": int, "pages": int, "data": bytes},
        pk="id",
    )
    db["zstd_dictionaries"].create_index(["site", "id"])
    # ALTER TABLE, not sqlite-utils' add_foreign_key: that rewrites the table, every page's HTML with it.
    db.execute("ALTER TABLE raw_pages ADD COLUMN dictionary_id INTEGER REFERENCES zstd_dictionaries(id)")


ARTICLE_LIST_VIEW = """
    SELECT a.rowid AS id, a.title, a.site,
           (SELECT json_group_array(name) FROM (
                SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                WHERE aa.article_url = a.url ORDER BY aa.position)) AS authors,
           a.published, a.section, a.language,
           replace(replace(CASE WHEN length(a.body) > 160 THEN rtrim(substr(a.body, 1, 160)) || '…' ELSE a.body END,
                   char(10) || char(10), ' '), char(10), ' ') AS excerpt,
           a.word_count, a.url
    FROM articles a"""


@migrations()
def add_article_list_view(db: Database) -> None:
    """article_list: one light row per article (authors as a JSON list, a short excerpt, no body or hashes),
    what `newsmill browse` lists, facets (authors too) and searches (`id` is the articles_fts rowid)."""
    db.create_view("article_list", " ".join(ARTICLE_LIST_VIEW.split()), replace=True)


@migrations()
def add_live_blog_updates(db: Database) -> None:
    """updates: a live blog's entries (cleaners/fields/liveblog.py), one row per entry keyed by the id the
    page gives it (or a hash of its time and text), so a re-crawl adds the entries it has not stored yet."""
    db["updates"].create(
        {"article_url": str, "key": str, "published": str, "title": str, "text": str, "position": int,
         "first_seen": str, "last_seen": str},
        pk=("article_url", "key"),
        foreign_keys=[("article_url", "articles", "url")],
    )
    db["updates"].create_index(["article_url", "published"])


@migrations()
def add_story_clusters(db: Database) -> None:
    """story_clusters and story_members: the same story (wire copy, syndication) on several sites, found by
    near-duplicate bodies (pipelines/stories.py). Existing articles are grouped on the next crawl's update."""
    db["story_clusters"].create(
        {"id": int, "first_seen": str, "earliest_published": str, "earliest_url": str, "earliest_site": str,
         "title": str, "outlets": str, "sites": int, "articles": int, "updated": str},
        pk="id",
    )
    db["story_members"].create(
        {"article_url": str, "cluster_id": int, "site": str, "joined": str, "similarity": float},
        pk="article_url",
        foreign_keys=[("article_url", "articles", "url"), ("cluster_id", "story_clusters", "id")],
    )
    db["story_members"].create_index(["cluster_id"])
    db["story_clusters"].create_index(["first_seen"])


@migrations()
def add_alerts(db: Database) -> None:
    """alerts: what a nightly run found wrong with a site (crawler/alerts.py), and what became of its hooks."""
    db["alerts"].create(
        {"id": int, "created": str, "run_id": int, "site": str, "kind": str, "metric": str, "value": float,
         "usual": float, "threshold": float, "message": str, "delivered": str},
        pk="id",
    )
    db["alerts"].create_index(["site", "created"])


@migrations()
def add_images_markdown_access(db: Database) -> None:
    """images (the article's own images: URL, caption, credit, alt, size, place in the body, lead) and, on
    articles, body_markdown, access, is_paywalled and paywall_evidence (issue 23). Existing rows keep their
    values and get NULL in the new columns (no images) until they are crawled or re-extracted again."""
    db["images"].create(
        {"article_url": str, "position": int, "url": str, "caption": str, "credit": str, "alt": str,
         "width": int, "height": int, "paragraph": int, "is_lead": int},
        pk=("article_url", "position"),
        foreign_keys=[("article_url", "articles", "url")],
    )
    db["images"].create_index(["url"])
    for column, kind in (("body_markdown", str), ("access", str), ("is_paywalled", int), ("paywall_evidence", str)):
        db["articles"].add_column(column, kind)


@migrations()
def add_story_runs(db: Database) -> None:
    """story_runs: one row per story-clustering pass (pipelines/stories.py); its last_rowid is where the next
    pass starts, so each pass compares only the articles stored since with the window's."""
    db["story_runs"].create(
        {"id": int, "at": str, "last_rowid": int, "checked": int, "joined": int, "created": int}, pk="id")


@migrations()
def add_facet_indexes(db: Database) -> None:
    """Indexes on articles.language and articles.section: Datasette's facets on them (newsmill browse) count
    from the index instead of reading every row, body and all, within Datasette's facet time limit."""
    db["articles"].create_index(["language"], if_not_exists=True)
    db["articles"].create_index(["section"], if_not_exists=True)


# A BLOB author name (another program's) in hex, as `newsmill search` shows it: JSON cannot hold a BLOB and
# one failed every query of the view. Other columns stay bare so their filters and sort keep their indexes.
BLOB_SAFE_ARTICLE_LIST_VIEW = ARTICLE_LIST_VIEW.replace(
    "SELECT au.name FROM", "SELECT iif(typeof(au.name) = 'blob', hex(au.name), au.name) AS name FROM")
assert BLOB_SAFE_ARTICLE_LIST_VIEW != ARTICLE_LIST_VIEW


@migrations()
def make_article_list_blob_safe(db: Database) -> None:
    """article_list recreated with BLOB author names in hex (BLOB_SAFE_ARTICLE_LIST_VIEW); same columns."""
    db.create_view("article_list", " ".join(BLOB_SAFE_ARTICLE_LIST_VIEW.split()), replace=True)


@migrations()
def store_body_once(db: Database) -> None:
    """articles.body becomes a generated column computed from body_markdown (pipelines/bodytext.py): the
    text was stored twice, as plain text and as Markdown. The stored plain text moves to body_text and is
    kept only where the Markdown does not give it back exactly. Readers see the same `body`; the full-text
    index reads it as before (its triggers now fire on body_text and body_markdown)."""
    from .bodytext import plain_sql

    for trigger in _BODY_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP VIEW IF EXISTS article_list")
    db.execute("ALTER TABLE articles RENAME COLUMN body TO body_text")
    _add_body_column(db)
    # Before the triggers exist again: the index already holds these bodies, which read back the same.
    db.execute(f"UPDATE articles SET body_text = NULL WHERE body_markdown IS NOT NULL "
               f"AND {plain_sql('body_markdown')} IS body_text")
    _create_body_triggers(db)
    db.create_view("article_list", " ".join(BLOB_SAFE_ARTICLE_LIST_VIEW.split()), replace=True)


_BODY_TRIGGERS = ("articles_ai", "articles_ad", "articles_au")


def _add_body_column(db: Database) -> None:
    from .bodytext import BODY_EXPRESSION

    db.execute(f"ALTER TABLE articles ADD COLUMN body TEXT GENERATED ALWAYS AS ({BODY_EXPRESSION}) VIRTUAL")


def _create_body_triggers(db: Database) -> None:
    """The full-text index follows articles: title, the generated body and FAQ text, on every write that
    changes them (body through body_text or body_markdown)."""
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    db.execute(f"""CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, {cols}) VALUES (new.rowid, {new}); END""")
    db.execute(f"""CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END""")
    db.execute(f"""CREATE TRIGGER IF NOT EXISTS articles_au
        AFTER UPDATE OF title, body_text, body_markdown, faq_text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old});
        INSERT INTO articles_fts (rowid, {cols}) VALUES (new.rowid, {new}); END""")


def repair_generated_body(db: Database) -> bool:
    """Put back articles.body and the full-text triggers when another tool rebuilt the table: `sqlite-utils
    transform` (and `add-foreign-key`, which transforms) copies the stored columns only and drops the old
    table's triggers. The index is rebuilt, since rows written meanwhile were not indexed. True if repaired."""

    def missing() -> tuple[bool, bool]:
        columns = {row[1] for row in db.execute("PRAGMA table_xinfo(articles)")}
        if "body_text" not in columns:
            return False, False  # no articles table yet, or one from before store_body_once
        triggers = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        return "body" not in columns, not set(_BODY_TRIGGERS) <= triggers

    if not any(missing()):
        return False  # the usual case: no write, no lock
    with _write_lock(db):
        body, triggers = missing()  # again under the write lock: another process may have repaired it
        if body:
            _add_body_column(db)
        if body or triggers:
            _create_body_triggers(db)
            db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    return body or triggers


def _cheap_excerpt_view() -> str:
    """article_list with its excerpt read from the first 400 characters of the stored text: made from the
    whole generated body, listing a page of articles computed every body twice (docs/performance.md)."""
    from .bodytext import plain_sql

    head = f"coalesce(substr(a.body_text, 1, 400), {plain_sql('substr(a.body_markdown, 1, 400)')})"
    view = BLOB_SAFE_ARTICLE_LIST_VIEW.replace("a.body", "(" + head + ")")
    assert view.count(head) == 3
    return view


@migrations()
def make_article_list_excerpt_cheap(db: Database) -> None:
    """article_list recreated with its excerpt read from the start of the stored text (_cheap_excerpt_view)."""
    db.create_view("article_list", " ".join(_cheap_excerpt_view().split()), replace=True)
