"""The database under a full disk or a read-only file: a clear stop, committed rows intact.
Duplicates under other URLs: stored once."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import sqlite3

import pytest
from hypothesis import given, settings, strategies as st
from sqlite_utils import Database

from cleaners import Article
from conftest import CORPUS
from newsmill.records import ArticleItem
from pipelines.dedupe import NEAR_BITS, distance, jaccard
from pipelines.fingerprint import simhash
from pipelines.sqlite import SqlitePipeline


class FakeEngine:
    def __init__(self):
        self.closed = []

    def close_spider_async(self, *, reason):
        self.closed.append(reason)
        return asyncio.sleep(0)


class FakeCrawler:
    def __init__(self):
        self.engine = FakeEngine()


def _item(n: int) -> ArticleItem:
    body = f"Article {n} body. " + " ".join(f"word{n}x{i}" for i in range(400))
    url = f"https://x.example/news/{n}/"
    return ArticleItem(article=Article(url=url, title=f"Title {n}", body=body), fetched_url=url,
                       fetched_at="2025-01-01T00:00:00+00:00", status=200, content_type="text/html",
                       raw=body.encode() * 3)


class Stats(dict):
    def __bool__(self):
        return True

    def set_value(self, key, value):
        self[key] = value

    def get_value(self, key, default=None):
        return self.get(key, default)

    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count


def in_loop(test):
    """Run the test inside an asyncio loop, as the pipeline runs inside the reactor's."""
    import functools

    @functools.wraps(test)
    def run(*args, **kwargs):
        async def body():
            return test(*args, **kwargs)
        return asyncio.run(body())
    return run


def _pipeline(path, batch_size=5) -> SqlitePipeline:
    pipeline = SqlitePipeline(str(path), batch_size=batch_size, stats=Stats())
    pipeline.crawler = FakeCrawler()
    pipeline.open_spider()
    return pipeline


@in_loop
def test_disk_full_stops_the_crawl_and_keeps_what_was_committed(tmp_path, caplog):
    path = tmp_path / "full.db"
    pipeline = _pipeline(path)
    for n in range(6):
        pipeline.process_item(_item(n))  # the run's first article alone (committed at once), then a batch of 5
    pipeline.wait()  # committed
    pages = pipeline.db.execute("PRAGMA page_count").fetchone()[0]
    pipeline.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is (nearly) full now
    for n in range(6, 40):
        pipeline.process_item(_item(n))
    pipeline.wait()
    assert pipeline.error and "full" in pipeline.error
    assert pipeline.crawler.engine.closed == ["sqlite_error"]
    assert "stopping the crawl" in caplog.text
    pipeline.spider_closed(reason="sqlite_error")
    db = Database(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db["articles"].count == 6 and db["pages"].count == 6  # the committed batches, whole
    assert {r["url"] for r in db.query("SELECT url FROM articles")} == {f"https://x.example/news/{n}/" for n in range(6)}


@in_loop
def test_read_only_database_stops_the_crawl_with_a_clear_error(tmp_path):
    path = tmp_path / "ro.db"
    pipeline = _pipeline(path, batch_size=2)
    for n in range(3):
        pipeline.process_item(_item(n))  # the first article alone (committed at once), then a batch of 2
    pipeline.wait()
    pipeline.db.execute("PRAGMA query_only = ON")  # as if the file had become read-only
    for n in range(3, 7):
        pipeline.process_item(_item(n))
    pipeline.wait()
    assert "readonly" in pipeline.error and pipeline.crawler.engine.closed == ["sqlite_error"]
    assert pipeline.stats.get_value("sqlite/error") == pipeline.error
    pipeline.spider_closed(reason="sqlite_error")
    db = Database(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and db["articles"].count == 3


@in_loop
def test_a_database_that_cannot_be_opened_is_a_clear_stop(tmp_path):
    path = tmp_path / "not-a-db.db"
    path.write_bytes(b"this is not an SQLite file at all" * 100)
    pipeline = _pipeline(path)
    assert pipeline.db is None and "not a database" in pipeline.error
    assert pipeline.crawler.engine.closed == ["sqlite_error"]
    pipeline.process_item(_item(1))
    pipeline.spider_closed(reason="sqlite_error")  # nothing to close, nothing raised


def test_cli_reports_the_database_error_in_one_line():
    import click

    from crawler.cli import _print_summary

    with pytest.raises(click.ClickException, match="database or disk is full"):
        _print_summary({"sqlite/error": "OperationalError: database or disk is full"}, "output/x.db")


@in_loop
def test_duplicates_are_stored_once_with_the_other_urls_recorded(tmp_path):
    path = tmp_path / "dup.db"
    pipeline = _pipeline(path, batch_size=1)
    first = _item(1)
    copy = _item(1)
    copy.fetched_url = copy.article.url = "https://x.example/print/1/"
    near = _item(1)
    near.fetched_url = near.article.url = "https://x.example/amp/1/"
    near.article.body = near.article.body.replace("word1x200", "word1x200 corrected")
    other_site = _item(1)
    other_site.fetched_url = other_site.article.url = "https://y.example/news/1/"
    for item in (first, copy, near, other_site, first):
        pipeline.process_item(item)
    pipeline.spider_closed(reason="finished")
    db = Database(path)
    assert {r["url"] for r in db.query("SELECT url FROM articles")} == {first.article.url, "https://y.example/news/1/"}
    pages = {r["url"]: r for r in db.query("SELECT * FROM pages")}
    assert (pages[copy.fetched_url]["reason"], pages[copy.fetched_url]["article_url"]) == ("duplicate_of", first.article.url)
    assert (pages[near.fetched_url]["reason"], pages[near.fetched_url]["article_url"]) == ("near_duplicate_of", first.article.url)
    assert pages[first.fetched_url]["outcome"] == "unchanged"  # seen again under its own URL: an update


def test_simhash_separates_unrelated_real_articles():
    from crawler.worker import analyse_page

    bodies = []
    for page in sorted((CORPUS / "realworld").glob("*.html.gz")):
        result = analyse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"), "https://x.example/news/a/")
        if result.article:
            bodies.append(result.article.body)
    assert len(bodies) > 40
    hashes = [simhash(b) for b in bodies]
    for (a, ha), (b, hb) in itertools.combinations(zip(bodies, hashes), 2):
        if ha is not None and hb is not None and distance(ha, hb) <= NEAR_BITS:
            assert jaccard(a, b) < 0.8
    edited = bodies[0].replace(".", ",", 2)
    assert distance(simhash(edited), hashes[0]) <= NEAR_BITS and jaccard(edited, bodies[0]) >= 0.8


def test_sql_looking_text_round_trips_verbatim(tmp_path):
    from pipelines.schema import open_db
    from pipelines.store import store_article

    db = open_db(tmp_path / "sql.db")
    text = "x'); DROP TABLE articles; -- \" OR 1=1; /* */ SELECT * FROM pages WHERE 'a'='a"
    with db.atomic():
        store_article(db, Article(url="https://x.example/a/", title=text, body=text * 20), "https://x.example/a/", None)
    row = db["articles"].get("https://x.example/a/")
    assert row["title"] == text and row["body"] == text * 20
    assert sqlite3.complete_statement("SELECT 1;") and db["pages"].exists()


def test_near_duplicates_are_looked_for_among_recent_articles_only(tmp_path):
    """The check reads the site's last few days, not its whole archive: per-page cost stays flat."""
    path = tmp_path / "window.db"
    pipeline = _pipeline(path, batch_size=1)
    old = _item(1)
    near = _item(1)
    near.fetched_url = near.article.url = "https://x.example/amp/1/"
    near.article.body = near.article.body.replace("word1x200", "word1x200 corrected")
    near.fetched_at = "2025-03-01T00:00:00+00:00"  # two months after the first one was seen
    for item in (old, near):
        pipeline.process_item(item)
    pipeline.spider_closed(reason="finished")
    urls = {r["url"] for r in Database(path).query("SELECT url FROM articles")}
    assert urls == {old.article.url, near.article.url}


def test_simhash_matches_the_bit_by_bit_definition():
    import hashlib

    from pipelines.dedupe import shingles

    def reference(text):
        weights = [0] * 64
        if not shingles(text):
            return None  # too short to fingerprint
        for gram in shingles(text):
            h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
            for bit in range(64):
                weights[bit] += 1 if h >> bit & 1 else -1
        value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
        return value - (1 << 64) if value >= 1 << 63 else value

    for page in sorted((CORPUS / "realworld").glob("*.html.gz"))[:12]:
        text = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        assert simhash(text) == reference(text)
    # Any length around the 50-word floor, ties (an even count split 50/50) and non-ASCII words.
    words = st.sampled_from(["the", "a", "Zürich", "日本", "x1", "news", "_", "ça", "ΣΊΣΥΦΟΣ"])
    @settings(max_examples=150, deadline=None)
    @given(st.lists(words, min_size=45, max_size=120))
    def check(sample):
        text = " ".join(sample)
        assert simhash(text) == reference(text)
    check()


@in_loop
def test_a_written_batch_no_longer_holds_its_pages_bytes(tmp_path):
    """The crawl's memory: an item's HTML is dropped once stored, its size still recorded."""
    from pipelines import rawdict

    path = tmp_path / "raw.db"
    pipeline = _pipeline(path, batch_size=3)
    items = [_item(n) for n in range(4)]
    sizes = [len(i.raw) for i in items]
    for item in items:
        pipeline.process_item(item)  # the first alone, then a batch of 3
    pipeline.wait()
    assert [i.raw for i in items] == [b""] * 4 and [i.size for i in items] == sizes
    db = pipeline.db
    rows = {r["url"]: r["bytes"] for r in db.query("SELECT url, bytes FROM pages")}
    assert [rows[i.fetched_url] for i in items] == sizes
    for item in items:
        row = db.execute("SELECT html, compression, dictionary_id FROM raw_pages WHERE article_url = ?",
                         [item.article.url]).fetchone()
        assert len(rawdict.decompress(db, *row)) == sizes[items.index(item)]
    pipeline.spider_closed(reason="finished")


def test_pages_bytes_are_kept_for_a_pipeline_after_ours():
    from scrapy.settings import Settings

    from crawler.settings import ITEM_PIPELINES
    from pipelines.sqlite import _is_last_pipeline

    assert _is_last_pipeline(Settings({"ITEM_PIPELINES": ITEM_PIPELINES}), SqlitePipeline)
    assert _is_last_pipeline(Settings({"ITEM_PIPELINES": {**ITEM_PIPELINES, "my.Before": 200}}), SqlitePipeline)
    assert not _is_last_pipeline(Settings({"ITEM_PIPELINES": {**ITEM_PIPELINES, "my.After": 400}}), SqlitePipeline)
    assert _is_last_pipeline(Settings({"ITEM_PIPELINES": {**ITEM_PIPELINES, "my.After": None}}), SqlitePipeline)
    assert not _is_last_pipeline(Settings({"ITEM_PIPELINES": {**ITEM_PIPELINES, "my.Tied": 300}}), SqlitePipeline)
