"""Schema: versions and in-place migration, foreign keys, indexes, docs, and the store's outcomes."""

from __future__ import annotations

import json
import re
import sqlite3
import zlib

import pytest
from sqlite_utils import Database

from cleaners import Article, Author, Faq
from conftest import ROOT
from pipelines import rawhtml
from pipelines.datasette import datasette_metadata
from pipelines.schema import apply_migrations, migrations, open_db, schema_version
from pipelines.store import EXTRACTOR_VERSION, read_raw, store_article

SCHEMA_DOC = (ROOT / "docs" / "schema.md").read_text("utf-8")
CURRENT = len(migrations._migrations)


def _columns(db: Database, table: str) -> list[str]:
    """A table's columns as readers see them, generated ones too (sqlite-utils lists only stored ones)."""
    return [row[1] for row in db.execute(f"PRAGMA table_xinfo([{table}])") if row[6] != 1]


def _user_tables(db: Database) -> list[str]:
    return [t for t in db.table_names() if not t.startswith(("_", "articles_fts"))]


def _older_database(path) -> Database:
    """A database as the walking skeleton made it: only the first migration, with a few rows."""
    db = Database(path)
    apply_migrations(db, stop_before="add_content_columns")
    assert schema_version(db) == 1
    db["articles"].insert_all([
        {"url": "https://a.example/1/", "site": "a.example", "title": "Harbour reopens", "body": "Ships are back.",
         "tags": json.dumps(["Ports", "ports", "Trade"]), "published": "2024-05-01T10:00:00+00:00",
         "first_seen": "2024-05-01T11:00:00+00:00", "last_seen": "2024-05-02T11:00:00+00:00", "word_count": 3},
        {"url": "https://b.example/2/", "site": "b.example", "title": "Budget passes", "body": "The vote was close.",
         "tags": "[]", "first_seen": "2024-06-01T00:00:00+00:00", "last_seen": "2024-06-01T00:00:00+00:00"},
    ])
    db["authors"].insert({"id": 1, "name": "Ana Silva", "name_key": "ana silva"})
    db["article_authors"].insert({"article_url": "https://a.example/1/", "author_id": 1, "position": 0, "role": None})
    db["faqs"].insert({"article_url": "https://a.example/1/", "position": 0, "question": "When?",
                       "answer": "After the zanzibarian dredging finished."})
    return db


def test_older_database_migrates_in_place_without_losing_a_row(tmp_path):
    path = tmp_path / "old.db"
    old = _older_database(path)
    before = {t: list(old[t].rows) for t in ("articles", "authors", "article_authors", "faqs")}
    old.close()

    db = open_db(path)
    assert schema_version(db) == CURRENT == len(migrations.applied(db))
    for table, rows in before.items():
        after = [{k: r[k] for k in rows[0]} for r in db[table].rows]
        assert after == rows, table
    harbour = db["articles"].get("https://a.example/1/")
    assert harbour["faq_text"] == "When?\nAfter the zanzibarian dredging finished."
    assert harbour["content_hash"] and harbour["extractor_version"] is None  # made before versions existed
    hits = db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'zanzibarian'").fetchall()
    assert hits == [(db.execute("SELECT rowid FROM articles WHERE url = 'https://a.example/1/'").fetchone()[0],)]
    tags = [r[0] for r in db.execute("SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                                     "ORDER BY at.position")]
    assert tags == ["Ports", "Trade"]
    assert set(db.view_names()) == {"articles_per_site_per_day", "top_authors", "newest_faqs", "changed_articles",
                                    "article_list"}
    db.close()

    again = open_db(path)  # idempotent: nothing pending, nothing changes
    assert schema_version(again) == CURRENT and again["articles"].count == 2


def test_new_database_has_current_version_wal_foreign_keys_and_timeout(tmp_path):
    db = open_db(tmp_path / "n.db")
    assert schema_version(db) == CURRENT
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO faqs (article_url, position, question, answer) VALUES ('nowhere', 0, 'q', 'a')")


def test_indexes_for_the_usual_filters():
    db = open_db(":memory:")
    def indexed(table):
        return {tuple(i.columns)[0] for i in db[table].indexes}
    assert {"site", "published", "last_seen"} <= indexed("articles")
    assert "author_id" in indexed("article_authors") and "tag_id" in indexed("article_tags")
    assert "article_url" in indexed("article_revisions") and "run_id" in indexed("pages")
    plan = " ".join(r[3] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT url FROM articles WHERE site = 'x' AND published >= '2025'"))
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan


def test_every_table_view_and_column_is_documented():
    db = open_db(":memory:")
    for table in _user_tables(db) + db.view_names():
        assert re.search(rf"^## `{table}`", SCHEMA_DOC, re.M), f"{table} missing from docs/schema.md"
    for table in _user_tables(db):
        section = SCHEMA_DOC.split(f"## `{table}`", 1)[1].split("\n## ", 1)[0]
        assert "```sql" in section, f"no example query for {table}"
        for column in _columns(db, table):
            assert f"`{column}`" in section, f"{table}.{column} missing from docs/schema.md"


def test_example_queries_in_schema_doc_run():
    db = open_db(":memory:")
    queries = re.findall(r"```sql\n(.*?)```", SCHEMA_DOC, re.S)
    assert len(queries) >= len(_user_tables(db))
    for sql in queries:
        db.execute(sql.replace(":query", "'word'")).fetchall()


def test_datasette_metadata_describes_exactly_the_columns():
    db = open_db(":memory:")
    tables = datasette_metadata("output/news.db")["databases"]["news"]["tables"]
    for table in _user_tables(db):
        assert tables[table]["description"]
        assert set(tables[table]["columns"]) == set(_columns(db, table)), table


# ---------------------------------------------------------------- store outcomes
URL = "https://news.example/world/story/"


def _article(**changes) -> Article:
    fields = dict(url=URL, title="Storm hits coast", body="Winds of 120 km/h knocked out power.",
                  authors=[Author("Jane Doe", "Reporter")], faqs=[Faq("Is it over?", "Forecasters expect calm.")],
                  tags=["Weather"], published="2025-01-01T08:00:00+00:00", word_count=7)
    return Article(**{**fields, **changes})


def _store(db, article, at):
    with db.atomic():
        return store_article(db, article, URL, at)


def test_store_outcomes_and_revisions():
    db = open_db(":memory:")
    assert _store(db, _article(), "2025-01-01T09:00:00+00:00") == "new"
    row = db["articles"].get(URL)
    assert row["extractor_version"] == EXTRACTOR_VERSION and row["first_seen"] == row["last_seen"]

    assert _store(db, _article(), "2025-01-02T09:00:00+00:00") == "unchanged"
    assert db["articles"].get(URL)["last_seen"] == "2025-01-02T09:00:00+00:00"
    assert db["article_revisions"].count == 0

    assert _store(db, _article(authors=[Author("Jane Doe", "Editor")]), "2025-01-03T09:00:00+00:00") == "refreshed"
    assert db["article_revisions"].count == 0
    assert db.execute("SELECT role FROM article_authors").fetchone()[0] == "Editor"

    changed = _article(body="Winds of 150 km/h knocked out power for a day.")
    assert _store(db, changed, "2025-01-04T09:00:00+00:00") == "changed"
    rev = next(db.query("SELECT * FROM article_revisions"))
    assert rev["body"] == "Winds of 120 km/h knocked out power." and rev["cause"] == "crawl"
    assert (rev["first_seen"], rev["last_seen"], rev["replaced_at"]) == (
        "2025-01-01T09:00:00+00:00", "2025-01-03T09:00:00+00:00", "2025-01-04T09:00:00+00:00")
    row = db["articles"].get(URL)
    assert row["body"] == changed.body and row["first_seen"] == "2025-01-01T09:00:00+00:00"

    changed_faq = _article(body=changed.body, faqs=[Faq("Is it over?", "A second storm follows.")])
    assert _store(db, changed_faq, "2025-01-05T09:00:00+00:00") == "changed"
    second = list(db.query("SELECT * FROM article_revisions ORDER BY id"))[1]
    assert second["first_seen"] == "2025-01-04T09:00:00+00:00" and "Forecasters" in second["faq_text"]


def test_search_index_follows_changes():
    db = open_db(":memory:")
    _store(db, _article(), "2025-01-01T09:00:00+00:00")
    _store(db, _article(body="Hail, not wind, knocked out power.", faqs=[]), "2025-01-02T09:00:00+00:00")

    def hits(word):
        return db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [word]).fetchone()[0]

    assert (hits("hail"), hits("winds"), hits("forecasters"), hits("storm")) == (1, 0, 0, 1)
    # FTS5 compares its index with the articles rows and raises if they differ.
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_html_stored_zlib_compressed_before_zstd_still_reads(tmp_path):
    db = Database(tmp_path / "old.db")
    apply_migrations(db, stop_before="add_raw_compression")
    html = "<html><body><p>Der Hafen öffnet wieder.</p></body></html>"
    db["articles"].insert({"url": "https://a.example/1/", "site": "a.example", "title": "Hafen"})
    db["raw_pages"].insert({"article_url": "https://a.example/1/", "encoding": "utf-8", "bytes": len(html.encode()),
                            "html_zlib": zlib.compress(html.encode())})
    apply_migrations(db)
    row = db["raw_pages"].get("https://a.example/1/")
    assert row["compression"] == "zlib" and "html_zlib" not in row
    assert read_raw(row) == html


def test_new_html_is_zstd_and_round_trips():
    html = "<html><body><p>" + "Ships are back in the harbour. " * 2000 + "</p></body></html>"
    blob = rawhtml.compress(html.encode())
    assert blob[:4] == b"\x28\xb5\x2f\xfd" and len(blob) < len(html) / 10  # a zstd frame
    assert read_raw({"html": blob, "compression": rawhtml.CODEC, "encoding": "utf-8"}) == html
    with pytest.raises(ValueError, match="unknown compression"):
        rawhtml.decompress(blob, "brotli")


def test_sqlite_utils_detects_the_search_index(tmp_path):
    from click.testing import CliRunner
    from sqlite_utils.cli import cli as sqlite_utils_cli

    path = tmp_path / "old.db"
    _older_database(path).close()
    open_db(path).close()  # migrates the index sqlite-utils could not see
    assert Database(path)["articles"].detect_fts() == "articles_fts"
    result = CliRunner().invoke(sqlite_utils_cli, ["search", str(path), "articles", "harbour", "-c", "url"])
    assert result.exit_code == 0, result.output
    assert "https://a.example/1/" in result.output and "b.example" not in result.output


@pytest.mark.parametrize("command", [["stats"], ["search", "drone"], ["export", "--out", "-"], ["reextract"],
                                     ["crawl", "http://127.0.0.1:9/"]])
def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path, command):
    """Opening migrates and turns on WAL: `newsmill stats` once gave another program's SQLite file 20 tables
    and a new user_version, for good (found by fuzzing)."""
    from click.testing import CliRunner  # noqa: PLC0415

    from crawler.cli import cli  # noqa: PLC0415

    path = tmp_path / "app.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (id INTEGER, name TEXT)")
    conn.execute("PRAGMA user_version = 42")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert result.exit_code == 1
    assert "not a newsmill database: it holds another program's tables (users)" in result.output
    assert path.read_bytes() == before and not (tmp_path / "app.db-wal").exists()


def test_a_database_of_a_newer_newsmill_is_refused_not_set_back(tmp_path):
    from pipelines.schema import NotNewsmillDatabase  # noqa: PLC0415

    path = tmp_path / "news.db"
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('newsmill', 'later', 'x')")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(NotNewsmillDatabase, match="written by a newer newsmill .* such as later"):
        open_db(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 99
    open_db(tmp_path / "empty.db").close()  # a new file, and an empty one, are ours to create
    (tmp_path / "zero.db").write_bytes(b"")
    assert schema_version(open_db(tmp_path / "zero.db")) == len(migrations.applied(open_db(tmp_path / "zero.db")))


def test_a_damaged_database_is_named_so_before_a_command_trips_on_it(tmp_path):
    """Its articles table rebuilt without most columns: `reextract` died in a KeyError (found by fuzzing)."""
    from click.testing import CliRunner  # noqa: PLC0415

    from crawler.cli import cli  # noqa: PLC0415

    path = tmp_path / "news.db"
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER articles_ai; DROP TRIGGER articles_ad; DROP TRIGGER articles_au; "
                       "DROP TABLE articles; CREATE TABLE articles (url TEXT PRIMARY KEY, site TEXT, title TEXT);")
    conn.close()
    for command in (["reextract"], ["stats"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(path)])
        assert result.exit_code == 1 and "a damaged newsmill database: its articles table lacks" in result.output
