"""bench/scale.py's fast builder and bench/report.py's sections: what `make bench-scale` measures must be a
real newsmill database (every index, the FTS index and its triggers back after the bulk load)."""

from __future__ import annotations

import sqlite3

from bench.report import replace_section
from bench.scale import build
from crawler.state import CrawlState
from pipelines.query import search
from pipelines.schema import open_db


def _objects(path) -> set[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return set(con.execute("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger', 'table')"))
    finally:
        con.close()


def test_built_database_is_a_complete_newsmill_database(tmp_path):
    fresh = tmp_path / "fresh.db"
    open_db(fresh).close()
    path = tmp_path / "scale.db"
    build(path, 300, body_chars=400)
    assert _objects(path) == _objects(fresh)  # indexes and triggers dropped for the load are all back
    db = open_db(path)
    counts = db.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles_fts), "
                        "(SELECT count(*) FROM pages), (SELECT count(DISTINCT site) FROM articles), "
                        "(SELECT count(*) FROM faqs), (SELECT count(*) FROM article_revisions)").fetchone()
    assert counts == (300, 300, 300, 50, 120, 30)
    own = db.execute("SELECT url, body FROM articles WHERE rowid = 17").fetchone()
    word = own[1].split()[-1]  # each article's word of its own is in the full-text index
    assert [hit["url"] for hit in search(db, word)] == [own[0]]
    db["articles"].insert({"url": "https://x.example/new", "title": "Quokkas", "body_text": "quokka"})
    assert len(search(db, "quokka")) == 1  # the insert trigger is back
    db.close()
    state = CrawlState(path)
    assert state.article(own[0]) is not None
    assert state.article(own[0] + "-not-stored") is None
    state.close()


def test_replace_section_keeps_the_other_sections(tmp_path):
    doc = tmp_path / "performance.md"
    replace_section("crawl", ["crawl one"], doc)
    replace_section("scale", ["scale one"], doc)
    replace_section("crawl", ["crawl two", "more"], doc)
    text = doc.read_text()
    assert "crawl one" not in text and "crawl two\nmore" in text and "scale one" in text
    assert text.index("crawl two") < text.index("scale one")
    assert text.startswith("# Performance")
