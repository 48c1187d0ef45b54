"""newsmill reextract: the current extraction over stored raw HTML, revisions for what changed, no network."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli import cli
from demo_db import CHANGED_PATH, NEW_TEXT, copy_of_demo_db
from pipelines import rawhtml

OTHER_PATH = "/sport/berlin-marathon-hendel-lux.GoPAarjxoHNezv1hVvgdhr/"


@pytest.fixture
def db_path(tmp_path):
    from pipelines.store import EXTRACTOR_VERSION

    path = str(copy_of_demo_db(tmp_path))
    versions = {r[0] for r in Database(path).execute("SELECT DISTINCT extractor_version FROM articles")}
    if versions != {EXTRACTOR_VERSION}:  # only when cleaners/ was edited while this test session ran
        pytest.skip(f"cleaners changed since the demo crawl ({versions} vs {EXTRACTOR_VERSION})")
    return path


def reextract(db_path, *args):
    result = CliRunner().invoke(cli, ["reextract", "--db", db_path, *args])
    assert result.exit_code == 0, result.output
    counts = {}
    for line in result.output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            counts[parts[0]] = int(parts[1])
    return result.output, counts


def _url(db, path):
    return db.execute("SELECT url FROM articles WHERE url LIKE ?", ["%" + path]).fetchone()[0]


def test_same_extractor_same_html_changes_nothing(db_path):
    db = Database(db_path)
    before = list(db.query("SELECT * FROM articles ORDER BY url"))
    output, counts = reextract(db_path)
    assert "Pages re-extracted: 7" in output
    assert counts == {"changed": 0, "refreshed": 0, "unchanged": 7, "failed": 0}
    assert list(Database(db_path).query("SELECT * FROM articles ORDER BY url")) == before


def test_rows_from_an_older_extraction_are_updated_with_revisions(db_path):
    """Simulate last month's weaker cleaners: a stale title/body on one row, an old version on another."""
    db = Database(db_path)
    stale, old_version = _url(db, CHANGED_PATH), _url(db, OTHER_PATH)
    good = db["articles"].get(stale)
    last_seen = {r["url"]: r["last_seen"] for r in db.query("SELECT url, last_seen FROM articles")}
    with db.conn:
        db.execute("UPDATE articles SET title = 'Stale title', body_text = 'Subscribe now! ' || body, "
                   "content_hash = 'stale' WHERE url = ?", [stale])
        db.execute("UPDATE articles SET extractor_version = '0.0.1+old' WHERE url = ?", [old_version])
    output, counts = reextract(db_path)
    assert counts == {"changed": 1, "refreshed": 1, "unchanged": 5, "failed": 0}
    db = Database(db_path)
    row = db["articles"].get(stale)
    assert (row["title"], row["body"], row["content_hash"]) == (good["title"], good["body"], good["content_hash"])
    assert NEW_TEXT in row["body"]  # extracted from the stored HTML of the second crawl
    revision = next(db.query("SELECT * FROM article_revisions WHERE cause = 'reextract'"))
    assert revision["article_url"] == stale and revision["title"] == "Stale title"
    assert revision["body"].startswith("Subscribe now! ")
    assert db["articles"].get(old_version)["extractor_version"] != "0.0.1+old"
    assert {r["url"]: r["last_seen"] for r in db.query("SELECT url, last_seen FROM articles")} == last_seen
    assert reextract(db_path)[1]["unchanged"] == 7  # and a second pass finds nothing left to do


def test_site_and_since_select_what_is_reextracted(db_path):
    assert "Pages re-extracted: 0" in reextract(db_path, "--site", "other.example")[0]
    assert "Pages re-extracted: 1" in reextract(db_path, "--since", "2025-10-14")[0]


def test_stored_html_that_no_longer_extracts_keeps_its_row(db_path):
    db = Database(db_path)
    url = _url(db, OTHER_PATH)
    with db.conn:
        db.execute("UPDATE raw_pages SET html = ? WHERE article_url = ?",
                   [rawhtml.compress(b"<html><body><p>gone</p></body></html>"), url])
    counts = reextract(db_path)[1]
    assert counts["failed"] == 1 and Database(db_path)["articles"].get(url)["body"]


def test_failures_are_counted_by_reason(db_path):
    """A damaged raw_pages row or a lost dictionary once showed only "failed 7" (found by fuzzing)."""
    db = Database(db_path)
    with db.conn:
        db.execute("UPDATE raw_pages SET html = ? WHERE article_url = ?", [b"\x00\xff", _url(db, OTHER_PATH)])
        db.execute("UPDATE raw_pages SET html = ? WHERE article_url = ?",
                   [rawhtml.compress(b"<html><body><p>gone</p></body></html>"), _url(db, CHANGED_PATH)])
    output, counts = reextract(db_path)
    assert counts["failed"] == 2
    assert "    stored HTML unreadable: 1" in output.splitlines()
    assert any(line.startswith("    no title: 1") or line.startswith("    body under 200 characters: 1")
               for line in output.splitlines()), output
