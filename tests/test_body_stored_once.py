"""Issue 22, storage: an article's text is stored once. `articles.body` is generated from body_markdown
(pipelines/bodytext.py); body_text holds the body only where the Markdown does not give it back."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from cleaners import extract_article
from cleaners.markdown import Structure, to_markdown
from pipelines.bodytext import plain_of_markdown, plain_sql
from pipelines.schema import apply_migrations, open_db
from pipelines.store import store_article, upsert_article

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "realworld"
SAMPLE = sorted(json.loads((CORPUS / "manifest.json").read_text("utf-8")), key=lambda m: m["id"])[::9]

# Text with everything the Markdown escapes or marks, backslashes, the held character and line breaks.
_TEXT = st.text(st.sampled_from(list("ab \n\\`*_[]<~&#>-+.)|1\ue000'\"")) | st.characters(blacklist_categories=("Cs",)), max_size=60)


_DB = open_db(":memory:")  # one database for the property tests: a fresh one's migrations take 30 ms


def _read(db, url: str) -> tuple:
    return db.execute("SELECT body, body_text, body_markdown FROM articles WHERE url = ?", [url]).fetchone()


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("## Head\n\n- one\n- two\n\n> quoted \\[1\\] \\\\\\* x")
@example("\n\n\n")
@example("")
def test_the_sql_expression_and_its_python_twin_agree(markdown):
    markdown = markdown.replace("\x00", "")  # a NUL never reaches the store (pipelines/textsafety.py)
    assert _DB.execute(f"SELECT {plain_sql(':md')}", {"md": markdown}).fetchone()[0] == plain_of_markdown(markdown)


@settings(max_examples=300, deadline=None)
@given(st.none() | _TEXT, st.none() | _TEXT, st.booleans())
@example("x", None, False)
@example("## A\n\nb", "A\n\nb", False)
def test_whatever_body_and_markdown_are_given_the_body_reads_back_as_given(body, markdown, derivable):
    if derivable and markdown is not None:
        body = plain_of_markdown(markdown)  # the usual case: the Markdown gives the body back
    db = _DB
    db.execute("DELETE FROM articles")
    if body is None and markdown is not None:
        with pytest.raises(ValueError, match="needs a body"):  # it would read as the Markdown made plain
            upsert_article(db, {"url": "https://a.example/1", "body": body, "body_markdown": markdown})
        return
    upsert_article(db, {"url": "https://a.example/1", "title": "t", "body": body, "body_markdown": markdown})
    stored, text, md = _read(db, "https://a.example/1")
    assert (stored, md) == (body, markdown)
    if text is None:  # stored once only where the Markdown gives the body back
        assert plain_of_markdown(markdown) == body
    elif "\x00" not in (markdown or ""):  # SQLite's text functions stop at a NUL: such a body is kept whole
        assert plain_of_markdown(markdown) != body


def test_real_pages_store_their_text_once_and_read_back_the_same():
    db = open_db(":memory:")
    once = 0
    for entry in SAMPLE:
        html = gzip.decompress((CORPUS / entry["file"]).read_bytes())
        article = extract_article(html, entry["url"])
        body, markdown = article.body, article.body_markdown
        with db.atomic():
            store_article(db, article, entry["url"], "2026-01-01T00:00:00+00:00")
        stored, text, md = _read(db, article.url)
        assert (stored, md) == (body, markdown), entry["id"]
        once += text is None
    assert len(SAMPLE) >= 14 and once >= len(SAMPLE) - 2  # 131 of the 133 pages when measured


def test_search_and_updates_follow_the_generated_body():
    db = open_db(":memory:")
    row = {"url": "https://a.example/1", "title": "Harbour", "body": "Dredging starts\n\nin spring",
           "body_markdown": "## Dredging starts\n\nin spring"}
    upsert_article(db, row)
    search = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    assert db.execute(search, ["dredging"]).fetchone()[0] == 1
    upsert_article(db, {**row, "body": "Silt dispute\n\nsettled", "body_markdown": "Silt dispute\n\nsettled"})
    assert db.execute(search, ["dredging"]).fetchone()[0] == 0
    assert db.execute(search, ["silt"]).fetchone()[0] == 1
    db.execute("DELETE FROM articles")
    assert db.execute(search, ["silt"]).fetchone()[0] == 0


def test_the_migration_keeps_every_body_and_stores_derivable_ones_once(tmp_path):
    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    apply_migrations(old, stop_before="store_body_once")
    rows = [("https://a.example/1", "Harbour reopens\n\nShips [again]", "## Harbour reopens\n\nShips \\[again\\]"),
            ("https://a.example/2", "| a | b |\n\n| 1 | 2 |", "| a | b |\n|---|---|\n| 1 | 2 |"),
            ("https://a.example/3", "Stored before Markdown existed", None)]
    with old.atomic():
        for url, body, markdown in rows:
            old["articles"].insert({"url": url, "title": "T", "body": body, "body_markdown": markdown})
    old.close()
    db = open_db(path)
    for url, body, markdown in rows:
        assert _read(db, url) == (body, None if url.endswith("/1") else body, markdown)
    hits = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'harbour OR stored'").fetchone()
    assert hits[0] == 2
    assert [r[0] for r in db.execute("SELECT excerpt FROM article_list ORDER BY id")][0] == "Harbour reopens Ships [again]"


def test_markdown_of_plain_paragraphs_gives_them_back():
    """A paragraph with no structure is escaped in the Markdown; the commonest escapes are undone in SQL."""
    paragraphs = ["AT&T said *prices* rise_now [1] <b>", "1. not a list"]
    assert plain_of_markdown(to_markdown(paragraphs, Structure())) == "\n\n".join(paragraphs)


def test_an_sqlite_too_old_for_generated_columns_is_a_one_line_error(tmp_path, monkeypatch):
    import sqlite3

    from pipelines.schema import NotNewsmillDatabase

    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 22, 0))
    with pytest.raises(NotNewsmillDatabase, match=r"needs SQLite 3\.31 or newer"):
        open_db(tmp_path / "news.db")
    assert not (tmp_path / "news.db").exists()


def test_a_table_rebuilt_by_sqlite_utils_transform_gets_its_body_and_index_back(tmp_path, caplog):
    """`sqlite-utils transform` copies stored columns only: the generated body and the full-text triggers go."""
    path = tmp_path / "news.db"
    db = open_db(path)
    row = {"url": "https://a.example/1", "title": "Harbour", "body": "Dredging starts\n\nin spring",
           "body_markdown": "## Dredging starts\n\nin spring"}
    upsert_article(db, row)
    db["articles"].transform(types={"word_count": int})
    assert "body" not in {r[1] for r in db.execute("PRAGMA table_xinfo(articles)")}
    db.execute("INSERT INTO articles (url, title, body_markdown) VALUES ('https://a.example/2', 'Silt', 'Silt talks')")
    db.close()
    db = open_db(path)
    assert "restored" in caplog.text
    assert _read(db, "https://a.example/1")[0] == "Dredging starts\n\nin spring"
    search = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    assert db.execute(search, ["silt"]).fetchone()[0] == 1  # written while the triggers were gone
    upsert_article(db, {**row, "body": "Quay closed", "body_markdown": "Quay closed"})
    assert (db.execute(search, ["quay"]).fetchone()[0], db.execute(search, ["dredging"]).fetchone()[0]) == (1, 0)
    db.close()
    caplog.clear()
    open_db(path).close()
    assert "restored" not in caplog.text


def test_an_upgrade_that_rewrites_many_articles_says_so_first(tmp_path, caplog, monkeypatch):
    import pipelines.schema as schema

    path = tmp_path / "old.db"
    old = open_db(path, migrate=False)
    apply_migrations(old, stop_before="store_body_once")
    with old.atomic():
        for n in range(3):
            old["articles"].insert({"url": f"https://a.example/{n}", "title": "T", "body": "B", "body_markdown": "B"})
    old.close()
    monkeypatch.setattr(schema, "_LONG_MIGRATION_ARTICLES", 3)
    open_db(path).close()
    assert "upgrading the database" in caplog.text and "over 3 articles" in caplog.text
    caplog.clear()
    open_db(path).close()  # nothing pending: no word
    assert "upgrading" not in caplog.text
