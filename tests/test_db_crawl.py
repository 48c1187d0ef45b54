"""Acceptance: what two crawls of the demo site (one article changed between them) leave in the database."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from conftest import ROOT
from demo_db import CHANGED_PATH, NEW_TEXT, OLD_TEXT, build, changed_html, copy_of_demo_db
from crawler.siteserver import DEMO_SITE
from pipelines import rawdict


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return Database(copy_of_demo_db(tmp_path_factory.mktemp("crawl")))


def _row(db, path):
    return next(db.query("SELECT * FROM articles WHERE url LIKE ?", ["%" + path]))


def test_changed_article_keeps_one_row_and_one_revision(db):
    assert db.execute("SELECT count(*) FROM articles WHERE url LIKE ?", ["%" + CHANGED_PATH]).fetchone()[0] == 1
    row = _row(db, CHANGED_PATH)
    assert NEW_TEXT in row["body"] and OLD_TEXT not in row["body"]
    revisions = list(db.query("SELECT * FROM article_revisions"))
    assert len(revisions) == 1, "only the changed article gets a revision"
    rev = revisions[0]
    assert rev["article_url"] == row["url"]
    assert OLD_TEXT in rev["body"] and NEW_TEXT not in rev["body"]
    assert rev["title"] == row["title"] and rev["cause"] == "crawl"
    assert rev["content_hash"] != row["content_hash"]
    assert rev["first_seen"] == row["first_seen"]  # the old text was seen from the first crawl on ...
    assert rev["first_seen"] <= rev["last_seen"] < rev["replaced_at"] == row["last_seen"]  # ... to the second


def test_last_seen_moves_and_first_seen_stays(db):
    rows = list(db.query("SELECT first_seen, last_seen FROM articles"))
    assert len(rows) == 7
    assert all(r["last_seen"] > r["first_seen"] for r in rows), rows


def test_second_run_outcomes(db):
    runs = list(db.query("SELECT * FROM crawl_runs ORDER BY id"))
    assert [r["id"] for r in runs] == [1, 2]
    assert [(r["articles_new"], r["articles_changed"], r["articles_unchanged"]) for r in runs] == [
        (7, 0, 0), (0, 1, 6)]
    for run in runs:
        assert run["finished"] >= run["started"] and run["finish_reason"] == "finished"
        assert run["exit_status"] == 0 and run["errors"] == 0 and run["faqs"] == 3
        assert json.loads(run["counts"])["http_404"] >= 1
        assert "crawl" in json.loads(run["arguments"])["argv"]
    assert build()["runs"][1].count("changed 1") == 1


def test_every_fetched_page_is_recorded_with_its_fate(db, site_expected):
    requested = {p for p in build()["requests"] if p != "/robots.txt"}
    pages = {urlsplit(r["url"]).path: r for r in db.query("SELECT * FROM pages")}
    assert set(pages) == requested
    assert all(r["run_id"] == 2 and r["fetched_at"] for r in pages.values())
    for path in site_expected["articles"]:
        assert pages[path]["outcome"] in ("changed", "unchanged") and pages[path]["article_url"]
    assert pages[CHANGED_PATH]["outcome"] == "changed"
    for path in site_expected["not_articles"]:
        assert pages[path]["outcome"] == "skipped" and pages[path]["reason"].startswith("not_article")
        assert pages[path]["status"] == 200 and pages[path]["bytes"] > 0
    missing = pages[site_expected["missing"][0]]
    assert (missing["status"], missing["outcome"], missing["reason"]) == (404, "skipped", "http_404")
    assert missing["content_type"].startswith("text/html")


def test_raw_html_is_kept_compressed(db, site_expected):
    rows = {urlsplit(r["article_url"]).path: r for r in db.query("SELECT * FROM raw_pages")}
    assert set(rows) == set(site_expected["articles"])
    assert read_raw_bytes(db, rows[CHANGED_PATH]) == changed_html()
    for path in site_expected["articles"]:
        if path != CHANGED_PATH:
            served = DEMO_SITE / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            assert read_raw_bytes(db, rows[path]) == served.read_bytes(), path
    for row in rows.values():
        assert row["compression"] == "zstd"
        assert len(row["html"]) < row["bytes"] and row["encoding"]


def read_raw_bytes(db, row) -> bytes:
    """The row's bytes; against the site's zstd dictionary once it has one (pipelines/rawdict.py)."""
    return rawdict.decompress(db, row["html"], row["compression"], row["dictionary_id"])


def test_tags_are_in_their_own_tables(db):
    for row in db.query("SELECT url, tags FROM articles"):
        names = [r[0] for r in db.execute(
            "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_url = ? "
            "ORDER BY at.position", [row["url"]])]
        assert [n.casefold() for n in names] == list(dict.fromkeys(
            " ".join(t.casefold().split()) for t in json.loads(row["tags"]) if t.strip()))
    assert db["article_tags"].count > 0


def test_validate_drops_are_recorded_as_pages(tmp_path):
    from scrapy.exceptions import DropItem

    from cleaners import Article
    from newsmill.records import ArticleItem
    from pipelines.sqlite import SqlitePipeline

    pipeline = SqlitePipeline(str(tmp_path / "p.db"))
    pipeline.open_spider()
    item = ArticleItem(article=Article(url="https://x.example/a/", body="short"), fetched_url="https://x.example/a/",
                       fetched_at="2025-01-01T00:00:00+00:00", status=200, content_type="text/html", raw=b"<html>")
    pipeline.item_dropped(item, exception=DropItem("no_title: https://x.example/a/"))
    pipeline.spider_closed(reason="finished")
    db = Database(tmp_path / "p.db")
    page = next(db.query("SELECT * FROM pages"))
    assert (page["outcome"], page["reason"], page["article_url"], page["bytes"]) == ("skipped", "no_title", None, 6)
    run = next(db.query("SELECT * FROM crawl_runs"))
    assert run["pages_skipped"] == 1 and json.loads(run["counts"]) == {"no_title": 1} and run["exit_status"] == 0
    assert db["articles"].count == 0


def test_a_long_reader_neither_blocks_nor_is_blocked_by_a_crawl(demo_site, tmp_path):
    """WAL: a read transaction held through the whole crawl, running a slow query, while it writes."""
    from pipelines.schema import open_db

    db_path = tmp_path / "busy.db"
    open_db(db_path).close()
    env_cmd = [sys.executable, "-m", "crawler.cli", "crawl", demo_site.url("/"), "--db", str(db_path),
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
               "-s", "EXTRACT_WORKERS=2", "-s", "SQLITE_BATCH_SIZE=1"]  # a commit per page: many writes
    import os

    proc = subprocess.Popen(env_cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reader = sqlite3.connect(db_path, isolation_level=None, timeout=0.1)  # would fail fast if locked out
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT sum(i) FROM n"
    durations, seen = [], []
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM articles").fetchone()  # the snapshot starts here
        while proc.poll() is None and len(durations) < 60:
            started = time.monotonic()
            reader.execute(slow).fetchone()
            seen.append(reader.execute("SELECT count(*) FROM pages").fetchone()[0])
            durations.append(time.monotonic() - started)
        reader.execute("COMMIT")
        fresh = sqlite3.connect(db_path, timeout=0.1)
        assert fresh.execute("SELECT 1").fetchone() == (1,)
        fresh.close()
    finally:
        reader.close()
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-2000:]
    assert len(durations) >= 2, "the reader should have been busy while the crawl ran"
    assert max(durations) < 10, durations  # never waited on the writer
    assert set(seen) == {0}, "a read transaction sees one snapshot throughout"
    assert "Articles stored: 7" in out
    assert Database(db_path)["articles"].count == 7
