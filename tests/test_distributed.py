"""Distributed crawling against a real redis-server: workers share scrapy-redis's frontier, one writer stores.

Redis is started by the `redis` fixture on a free loopback port. When redis-server is missing, these
tests fail under CI (`CI` or NEWSMILL_REQUIRE_REDIS set; `make test` sets it after installing it) and
are skipped, with the reason, only on a developer machine without it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from conftest import ROOT, crawl
from crawler.siteserver import DEMO_SITE, SiteServer
from pipelines import rawhtml
from redisserver import RedisMissing, RedisServer

STREAM = "newsmill:records"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
        "-s", "EXTRACT_WORKERS=1", "-s", "REDIS_IDLE_SECONDS=1", "-s", "REDIS_HEARTBEAT=0.2"]
TABLES = ("articles", "authors", "article_authors", "faqs", "tags", "article_tags", "pages", "raw_pages",
          "article_revisions")


@pytest.fixture(scope="session")
def redis_server():
    try:
        server = RedisServer()
    except RedisMissing as exc:
        if os.environ.get("CI") or os.environ.get("NEWSMILL_REQUIRE_REDIS"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    with server:
        yield server


@pytest.fixture
def redis_url(redis_server):
    """An empty Redis for each test."""
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    return redis_server.url


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _worker(url: str, redis_url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", url, "--redis", redis_url, *FAST, *extra],
                            cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _writer(redis_url: str, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "ingest", "--redis", redis_url, "--db", str(db),
                             *extra], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _finish(proc: subprocess.Popen, timeout: float = 180) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:] + out
    return out


def _paths(db: Path) -> set[str]:
    return {urlsplit(r["url"]).path for r in Database(db).query("SELECT url FROM articles")}


def _rows(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    conn.close()
    return rows


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    conn.close()
    return counts


def _run_workers(site: SiteServer, redis_url: str, n: int = 2, *extra: str) -> list[str]:
    workers = [_worker(site.url("/"), redis_url, *extra) for _ in range(n)]
    return [_finish(w) for w in workers]


# -- acceptance ----------------------------------------------------------------------------------------

def test_two_workers_and_one_writer_store_what_one_process_stores(redis_url, tmp_path, site_expected):
    import redis

    with SiteServer(DEMO_SITE) as site:
        single = tmp_path / "single.db"
        crawl(site.url("/"), single)
        site.requests.clear()
        site.delay = 0.1  # slow enough, with 2 requests in flight per worker, for both workers to get pages

        db = tmp_path / "news.db"
        writer = _writer(redis_url, db, "--until-idle", "3")
        outs = _run_workers(site, redis_url, 2, "-s", "CONCURRENT_REQUESTS=2")
        _finish(writer)
        requests = dict(site.requests)

    assert _paths(db) == set(site_expected["articles"])
    # No URL fetched twice across the workers; robots.txt is read once by each worker (its own parser).
    pages = {p: n for p, n in requests.items() if p != "/robots.txt"}
    assert pages and max(pages.values()) == 1, sorted(pages.items(), key=lambda kv: -kv[1])[:3]
    assert 1 <= requests.get("/robots.txt", 0) <= 2
    assert set(pages) == {urlsplit(r[0]).path for r in sqlite3.connect(single).execute("SELECT url FROM pages")}
    # Both workers did work, exactly one seeded the run, and the last one out finished it.
    fetched = [int(re.search(r"Pages fetched:\s+(\d+)", o).group(1)) for o in outs]
    assert all(n > 0 for n in fetched) and sum(fetched) == sum(requests.values()), (fetched, requests)
    assert sorted("seeded it" in o for o in outs) == [False, True]
    # Same rows as the single process: no duplicates, same content.
    assert _counts(db) == _counts(single)
    authors = ("SELECT aa.article_url, aa.position, aa.role, au.name FROM article_authors aa "
               "JOIN authors au ON au.id = aa.author_id")  # author ids follow the order rows arrived in
    for table in ("articles", "faqs", "article_authors"):
        cols = [c for c in Database(db)[table].columns_dict if c not in ("first_seen", "last_seen")]
        query = authors if table == "article_authors" else f"SELECT {', '.join(cols)} FROM {table}"
        assert sorted(sqlite3.connect(db).execute(query).fetchall(), key=repr) == \
               sorted(sqlite3.connect(single).execute(query).fetchall(), key=repr), table
    run = next(Database(db).query("SELECT * FROM crawl_runs"))
    assert (run["finish_reason"], run["exit_status"], run["pages"], run["articles_new"]) == ("finished", 0, 36, 7)
    # The run's keys are cleared, the stream is drained, the known articles are published.
    r = redis.Redis.from_url(redis_url)
    assert not [k for k in r.keys("newsmill:urls-*")]
    assert r.xlen(STREAM) == 0
    assert r.hlen("newsmill:known") >= 7


def test_writer_killed_with_sigkill_mid_batch_loses_and_duplicates_nothing(redis_url, tmp_path, site_expected):
    import redis

    from pipelines.ingest import Ingest
    from pipelines.schema import open_db

    with SiteServer(DEMO_SITE) as site:
        _run_workers(site, redis_url)  # no writer yet: every record waits in the stream
    r = redis.Redis.from_url(redis_url)
    entries = r.xrange(STREAM)
    assert len(entries) == 38  # run_started, 36 pages, run_finished

    # The uninterrupted reference: the same records, in another stream, by an in-process writer.
    for _, fields in entries:
        r.xadd("reference", fields)
    reference = tmp_path / "reference.db"
    ref_db = open_db(reference)
    Ingest(ref_db, r, "reference", batch=5).run(until_idle=0.5)
    ref_db.close()

    db = tmp_path / "news.db"
    writer = _writer(redis_url, db, "--batch", "6", "--item-delay", "0.25")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _count(db, "pages") < 8:
        time.sleep(0.05)
    # Into the next batch's transaction: wait until the writer holds records it has not acknowledged
    # (a fixed sleep raced with the writer on a loaded machine).
    while time.monotonic() < deadline and not _holding_a_batch(r):
        time.sleep(0.02)
    time.sleep(0.1)
    os.killpg(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    stored = _count(db, "pages")
    assert 6 <= stored < 36, "kill the writer half way, not before or after"
    pending = r.xpending(STREAM, "newsmill-writer")["pending"]
    assert pending > 0, "the writer should have died holding a batch it had not acknowledged"

    _finish(_writer(redis_url, db, "--until-idle", "1"))
    for table in TABLES:
        assert _rows(db, table) == _rows(reference, table), table
    runs = [{k: v for k, v in row.items() if k != "finished"} for row in Database(db)["crawl_runs"].rows]
    ref_runs = [{k: v for k, v in row.items() if k != "finished"} for row in Database(reference)["crawl_runs"].rows]
    assert runs == ref_runs and runs[0]["articles_new"] == 7
    assert _paths(db) == set(site_expected["articles"])
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert r.xlen(STREAM) == 0 and r.xpending(STREAM, "newsmill-writer")["pending"] == 0


def _holding_a_batch(r) -> bool:
    try:
        return r.xpending(STREAM, "newsmill-writer")["pending"] > 0
    except Exception:  # the group does not exist yet
        return False


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return 0


# -- the writer's guarantees, in process ----------------------------------------------------------------

@pytest.fixture(scope="module")
def records(redis_server):
    """The stream entries of one two-worker crawl of the demo site (made once, replayed per test)."""
    import redis

    r = redis.Redis.from_url(redis_server.url)
    r.flushall()
    with SiteServer(DEMO_SITE) as site:
        _run_workers(site, redis_server.url)
    entries = [fields for _, fields in r.xrange(STREAM)]
    r.flushall()
    return entries


def _load(r, entries, stream: str = STREAM) -> None:
    for fields in entries:
        r.xadd(stream, fields)


def _reference(tmp_path, r, entries) -> Path:
    from pipelines.ingest import Ingest
    from pipelines.schema import open_db

    _load(r, entries, "reference")
    path = tmp_path / "reference.db"
    db = open_db(path)
    Ingest(db, r, "reference", batch=100).run(until_idle=0.2)
    db.close()
    return path


def test_a_batch_that_fails_mid_transaction_is_stored_whole_on_restart(records, redis_url, tmp_path, monkeypatch):
    import redis

    import pipelines.ingest as ingest_module
    from pipelines.ingest import Ingest
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    reference = _reference(tmp_path, r, records)
    _load(r, records)
    path = tmp_path / "news.db"
    db = open_db(path)
    calls = {"n": 0}
    real = ingest_module.store_items

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 15:  # the middle of the third batch of 6
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "store_items", failing)
    with pytest.raises(sqlite3.OperationalError):
        Ingest(db, r, STREAM, batch=6, consumer="dead").run(until_idle=0.2)
    assert _count(path, "pages") == 11  # two whole batches committed (the first one began with run_started)
    monkeypatch.setattr(ingest_module, "store_items", real)
    db.close()

    db = open_db(path)
    restarted = Ingest(db, r, STREAM, batch=6, consumer="new")
    counts = restarted.run(until_idle=0.2)
    db.close()
    assert counts.reclaimed == 6  # the failed batch, pending on the dead consumer
    for table in TABLES:
        assert _rows(path, table) == _rows(reference, table), table
    assert [c["name"] for c in r.xinfo_consumers(STREAM, "newsmill-writer")] == [b"new"]


def test_a_batch_committed_but_not_acknowledged_changes_nothing_when_stored_again(records, redis_url, tmp_path):
    import redis

    from pipelines.ingest import Ingest
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    reference = _reference(tmp_path, r, records)
    _load(r, records)
    path = tmp_path / "news.db"
    db = open_db(path)
    first = Ingest(db, r, STREAM, batch=20, consumer="dead")
    first.start()
    entries = first.read()
    first._store(entries, [])  # committed; the writer dies before XACK
    db.close()
    assert r.xpending(STREAM, "newsmill-writer")["pending"] == 20

    db = open_db(path)
    counts = Ingest(db, r, STREAM, batch=20, consumer="new").run(until_idle=0.2)
    db.close()
    assert counts.reclaimed == 20 and counts.replayed == 19  # all but run_started, which is idempotent
    for table in TABLES:
        assert _rows(path, table) == _rows(reference, table), table  # outcomes stay "new", nothing doubled


def test_records_round_trip_as_plain_data(records, site_expected):
    from collections import Counter

    from pipelines.redisqueue import decode_item, encode_item

    articles = [f for f in records if f[b"kind"] == b"article"]
    paths = Counter(urlsplit(json.loads(f[b"data"])["fetched_url"]).path for f in articles)
    odd = {p: n for p, n in paths.items() if n > 1 or p not in site_expected["articles"]}
    assert len(articles) == 7, f"twice or unexpected: {odd}; kinds: {Counter(f[b'kind'] for f in records)}"
    for fields in records:
        kind = fields[b"kind"].decode()
        if kind in ("article", "page"):
            item = decode_item(kind, fields[b"data"])
            assert encode_item(item) == (kind, fields[b"data"].decode())
    item = decode_item("article", articles[0][b"data"])
    html = rawhtml.decompress(item.raw_compressed, rawhtml.CODEC)  # compressed once, by the extraction worker
    assert len(html) == item.size
    assert html.lstrip().lower().startswith(b"<!doctype") or b"<html" in html[:500].lower()


def test_a_record_from_a_worker_older_than_zstd_is_stored_with_its_html(tmp_path):
    """Workers before zstd sent the page as `raw_zlib`: during an upgrade the writer still stores it."""
    import base64
    import zlib

    from cleaners import Article
    from newsmill.records import ArticleItem
    from pipelines.redisqueue import decode_item, encode_item
    from pipelines.schema import open_db
    from pipelines.sqlite import store_items
    from pipelines.store import read_raw

    html = "<html><body><p>Zürich, " + "word " * 300 + "</p></body></html>"
    url = "https://a.example/story/"
    item = ArticleItem(article=Article(url=url, title="Story", body="word " * 300), fetched_url=url,
                       fetched_at="2025-01-01T00:00:00+00:00", status=200, encoding="utf-8", raw=html.encode())
    kind, data = encode_item(item)
    old = json.loads(data)
    old["raw_zlib"] = base64.b64encode(zlib.compress(html.encode(), 1)).decode("ascii")
    del old["raw_compressed"]
    decoded = decode_item(kind, json.dumps(old))
    db = open_db(tmp_path / "news.db")
    with db.atomic():
        assert store_items(db, [decoded], None) == ["new"]
    row = next(db.query("SELECT * FROM raw_pages WHERE article_url = ?", [url]))
    assert row["compression"] == rawhtml.CODEC and row["bytes"] == len(html.encode())
    assert read_raw(row) == html


# -- malformed records: skipped alone, the rest of the batch stored ----------------------------------------

FETCHED_AT = "2025-01-01T00:00:00+00:00"
GROUP = "newsmill-writer"


def _article_item(url: str = "https://a.example/story/"):
    from cleaners import Article
    from newsmill.records import ArticleItem

    html = "<html><body><p>Zürich, " + "word " * 300 + "</p></body></html>"
    return ArticleItem(article=Article(url=url, title="Story", body="Zürich, " + "word " * 300), fetched_url=url,
                       fetched_at=FETCHED_AT, status=200, encoding="utf-8", raw=html.encode())


def _page_item(url: str):
    from newsmill.records import PageItem

    return PageItem(url=url, fetched_at=FETCHED_AT, status=404, reason="http_404")


def _push(r, item, run: str = "run-1") -> bytes:
    from pipelines.redisqueue import encode_item, push_record

    kind, data = encode_item(item)
    return push_record(r, STREAM, kind, run, "demo", data)


def _write_one_batch(db, r):
    """Read and write one batch in process, as `newsmill ingest` does: (the Ingest, the batch's entries)."""
    from pipelines.ingest import Ingest

    ingest = Ingest(db, r, STREAM, batch=100, consumer="writer")
    ingest.start()
    entries = ingest.read(block_ms=10)
    ingest.write(entries)
    return ingest, entries


def _pages(db) -> dict[str, tuple]:
    return {row["url"]: (row["outcome"], row["reason"]) for row in db.query("SELECT * FROM pages")}


def test_a_garbage_record_between_two_good_ones_is_skipped_and_the_others_stored(redis_url, tmp_path, caplog):
    import logging

    import redis

    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    _push(r, _article_item())
    garbage = r.xadd(STREAM, {"kind": "article", "run": "run-1", "crawl": "demo", "data": b"\x9c{not json"})
    _push(r, _page_item("https://a.example/gone/"))
    db = open_db(tmp_path / "news.db")
    with caplog.at_level(logging.WARNING, logger="pipelines.ingest"):
        ingest, entries = _write_one_batch(db, r)  # does not raise

    assert len(entries) == 3  # one batch, one transaction
    assert [row["url"] for row in db.query("SELECT url FROM articles")] == ["https://a.example/story/"]
    skipped = f"{STREAM}/{garbage.decode()}"  # no URL to read: kept under its stream id
    assert _pages(db) == {"https://a.example/story/": ("new", None),
                          "https://a.example/gone/": ("skipped", "http_404"),
                          skipped: ("skipped", "malformed_record:UnicodeDecodeError")}
    assert len({row["run_id"] for row in db.query("SELECT run_id FROM pages")}) == 1  # all in the run's counts
    assert ingest.counts.malformed == 1 and ingest.counts.records == 3 and ingest.counts.outcomes == {"new": 1}
    assert r.xpending(STREAM, GROUP)["pending"] == 0 and r.xlen(STREAM) == 0  # all three acknowledged
    warning = next(rec for rec in caplog.records if rec.levelno == logging.WARNING)
    assert garbage.decode() in warning.getMessage() and "malformed_record:UnicodeDecodeError" in warning.getMessage()


@pytest.mark.parametrize("kind, missing, error", [("article", "fetched_at", "TypeError"),
                                                  ("article", "article", "KeyError"),
                                                  ("page", "url", "TypeError")])
def test_a_record_missing_a_required_field_is_kept_as_a_skipped_page_of_its_run(redis_url, tmp_path, kind, missing,
                                                                                error):
    import redis

    from pipelines.redisqueue import encode_item, push_record
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    item = _article_item() if kind == "article" else _page_item("https://a.example/gone/")
    data = json.loads(encode_item(item)[1])
    del data[missing]
    _push(r, _page_item("https://a.example/first/"))
    entry = push_record(r, STREAM, kind, "run-1", "demo", data)
    push_record(r, STREAM, "run_finished", "run-1", "demo", {"reason": "finished", "errors": 0})
    db = open_db(tmp_path / "news.db")
    ingest, _ = _write_one_batch(db, r)

    url = f"{STREAM}/{entry.decode()}" if missing == "url" else "https://a.example/" + ("story/" if kind == "article"
                                                                                          else "gone/")
    row = db["pages"].get(url)  # under its URL when the record still shows it
    assert (row["outcome"], row["reason"], row["article_url"]) == ("skipped", f"malformed_record:{error}", None)
    run = db["crawl_runs"].get(row["run_id"])
    assert run["finish_reason"] == "finished" and run["pages_skipped"] == 2
    assert json.loads(run["counts"]) == {"http_404": 1, "malformed_record": 1}
    assert ingest.counts.malformed == 1 and ingest.counts.runs_finished == 1
    assert r.xpending(STREAM, GROUP)["pending"] == 0 and r.xlen(STREAM) == 0


@pytest.mark.parametrize("kind, change, error", [
    ("page", {"article_url": "https://a.example/nowhere/"}, "sqlite3.IntegrityError"),  # a foreign key to no article
    ("article", {"status": 2 ** 70}, "OverflowError"),  # fails on its pages row, after its articles row
    # the article's own values: skipped by the store as a crawl's would be (its pages row says so)
    ("article", {"simhash": 2 ** 70}, "store_error:OverflowError"),
])
def test_a_record_whose_values_sqlite_refuses_is_rolled_back_alone(redis_url, tmp_path, kind, change, error):
    import redis

    from pipelines.redisqueue import encode_item, push_record
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    item = _article_item() if kind == "article" else _page_item("https://a.example/gone/")
    _push(r, _page_item("https://a.example/first/"))
    push_record(r, STREAM, kind, "run-1", "demo", {**json.loads(encode_item(item)[1]), **change})
    db = open_db(tmp_path / "news.db")
    ingest, _ = _write_one_batch(db, r)

    url = item.fetched_url if kind == "article" else item.url
    reason = error if error.startswith("store_error:") else f"malformed_record:{error}"
    assert _pages(db) == {"https://a.example/first/": ("skipped", "http_404"), url: ("skipped", reason)}
    assert _count(tmp_path / "news.db", "articles") == _count(tmp_path / "news.db", "raw_pages") == 0
    assert ingest.counts.malformed == (reason != error) and r.xlen(STREAM) == 0


@pytest.mark.parametrize("kind, change", [
    ("article", {"fetched_url": "javascript:alert(1)"}),  # stored as an article before: a link in browse
    ("page", {"url": ""}),
    ("page", {"url": "http://[::1/"}),
    ("article", {"fetched_url": "https://a.example/\ud800", "article": None}),
    ("article", {"fetched_at": "\udfff", "article": None}),
    ("page", {"url": "https://a.example/\ud800"}),
])
def test_a_record_with_lone_surrogates_is_skipped_and_the_stream_moves_on(redis_url, tmp_path, kind, change):
    """Its skipped row could not be written either (SQLite stores UTF-8): the batch failed, was never
    acknowledged, and every restart failed on it again, so no record after it was ever stored (fuzzing)."""
    import redis

    from pipelines.redisqueue import encode_item
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    item = _article_item() if kind == "article" else _page_item("https://a.example/gone/")
    data = json.dumps({**json.loads(encode_item(item)[1]), **change})  # ASCII: "\\ud800" as JSON writes it
    r.xadd(STREAM, {b"kind": kind.encode(), b"run": b"run-1", b"crawl": b"demo", b"data": data.encode()})
    _push(r, _page_item("https://a.example/after/"))
    db = open_db(tmp_path / "news.db")
    ingest, _ = _write_one_batch(db, r)

    pages = _pages(db)
    assert pages["https://a.example/after/"] == ("skipped", "http_404")
    assert ingest.counts.malformed == 1 and r.xlen(STREAM) == 0
    assert [reason for _, reason in pages.values() if reason.startswith("malformed_record:")] != []


def _json_values():
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                            max_size=3), max_leaves=8)


def _records():
    """Stream entries' fields: arbitrary bytes and field dicts, and well-formed records with one key changed or gone."""
    from hypothesis import strategies as st

    from pipelines.redisqueue import encode_item

    json_bytes = _json_values().map(lambda v: json.dumps(v).encode())
    kinds = st.sampled_from([b"article", b"page", b"run_started", b"run_finished"])
    arbitrary = st.dictionaries(st.sampled_from([b"kind", b"run", b"crawl", b"data"]) | st.binary(max_size=6),
                                kinds | st.binary(max_size=40) | json_bytes, min_size=1, max_size=5)
    good = {
        "article": json.loads(encode_item(_article_item("https://a.example/fuzzed/"))[1]),
        "page": json.loads(encode_item(_page_item("https://a.example/fuzzed-page/"))[1]),
        "run_started": {"started": FETCHED_AT, "site": None, "arguments": {"redis_run": "run-2"}},
        "run_finished": {"reason": "finished", "errors": 0},
    }

    @st.composite
    def changed(draw):
        kind = draw(st.sampled_from(sorted(good)))
        data = json.loads(json.dumps(good[kind]))
        target = data["article"] if kind == "article" and draw(st.booleans()) else data
        key = draw(st.sampled_from(sorted(target)) | st.text(max_size=6))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(_json_values())
        return {b"kind": kind.encode(), b"run": b"run-2", b"crawl": b"demo", b"data": json.dumps(data).encode()}

    return arbitrary | changed()


def test_any_record_is_stored_or_kept_as_skipped_and_never_stops_the_writer(redis_url):
    from hypothesis import HealthCheck, given, settings

    import redis

    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)

    @settings(max_examples=50, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(fields=_records())
    def check(fields):
        r.delete(STREAM)
        _push(r, _page_item("https://good.example/1"))
        entry = r.xadd(STREAM, fields)
        _push(r, _page_item("https://good.example/2"))
        db = open_db(":memory:")
        ingest, entries = _write_one_batch(db, r)  # no exception escapes

        assert [e[0] for e in entries][1] == entry and ingest.counts.records == 3
        assert r.xpending(STREAM, GROUP)["pending"] == 0 and r.xlen(STREAM) == 0
        pages = _pages(db)
        assert {"https://good.example/1", "https://good.example/2"} <= set(pages)
        malformed = [url for url, (_, reason) in pages.items() if (reason or "").startswith("malformed_record:")]
        if ingest.counts.malformed:
            assert ingest.counts.malformed == 1 and len(malformed) == 1
        else:  # stored: then it is a well-formed record, and it is in the database
            from pipelines.ingest import decode_record

            kind, run, _, payload = decode_record(fields)
            if kind in ("article", "page"):
                assert (payload.fetched_url if kind == "article" else payload.url) in pages
            elif kind == "run_started":
                assert run in ingest._runs
            else:
                assert ingest.counts.runs_finished == 1
        db.close()

    check()


@pytest.mark.parametrize("failure", ["read_only", "disk_full_storing", "locked_skipping"])
def test_a_database_error_stops_the_batch_and_acknowledges_nothing(redis_url, tmp_path, monkeypatch, failure):
    """Not the records' fault: the batch rolls back, stays pending, and is stored whole once the database works."""
    import redis

    import pipelines.ingest as ingest_module
    from pipelines.ingest import Ingest
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    _push(r, _article_item())
    r.xadd(STREAM, {"kind": "page", "run": "run-1", "crawl": "demo", "data": b"[]"})
    _push(r, _page_item("https://a.example/gone/"))
    path = tmp_path / "news.db"
    db = open_db(path)
    ingest = Ingest(db, r, STREAM, batch=100, consumer="writer")
    ingest.start()

    def raising(message):
        def fail(*args, **kwargs):
            raise sqlite3.OperationalError(message)
        return fail

    if failure == "read_only":
        db.execute("PRAGMA query_only = ON")  # SQLite's own "attempt to write a readonly database"
    elif failure == "disk_full_storing":
        monkeypatch.setattr(ingest_module, "store_items", raising("database or disk is full"))
    else:  # while recording the malformed record as skipped
        monkeypatch.setattr(ingest_module, "store_page", raising("database is locked"))
    with pytest.raises(sqlite3.OperationalError):
        ingest.write(ingest.read(block_ms=10))
    assert ingest.counts.malformed == 0 and ingest.counts.records == 0
    assert _count(path, "pages") == 0 and _count(path, "crawl_runs") == 0  # rolled back
    assert r.xpending(STREAM, GROUP)["pending"] == 3 and r.xlen(STREAM) == 3  # nothing acknowledged

    monkeypatch.undo()
    db.execute("PRAGMA query_only = OFF")
    ingest.write(ingest.read(block_ms=10))  # the same entries, delivered again
    assert len(_pages(db)) == 3 and ingest.counts.malformed == 1
    assert r.xpending(STREAM, GROUP)["pending"] == 0 and r.xlen(STREAM) == 0


# -- incremental state, seeding, key prefixes -------------------------------------------------------------

def test_redis_crawl_state_answers_as_the_database_does(redis_url, tmp_path):
    import redis

    from crawler.distributed import RedisCrawlState
    from crawler.state import CrawlState
    from pipelines.ingest import publish_known
    from pipelines.schema import open_db

    with SiteServer(DEMO_SITE) as site:
        path = tmp_path / "local.db"
        crawl(site.url("/"), path)
    db = open_db(path)
    db.execute("UPDATE pages SET etag = '\"v1\"', last_modified = 'Mon, 01 Jan 2024 00:00:00 GMT' "
               "WHERE article_url IS NOT NULL AND rowid % 2 = 0")
    db.conn.commit()
    publish_known(db, redis.Redis.from_url(redis_url))
    urls = [u for (u,) in db.execute("SELECT url FROM pages UNION SELECT url FROM articles")] + ["http://x.invalid/"]
    db.close()
    local, shared = CrawlState(path), RedisCrawlState(redis_url)
    assert [local.article(u) for u in urls] == [shared.article(u) for u in urls]
    assert sum(shared.article(u) is not None for u in urls) >= 7


def test_an_incremental_worker_skips_what_the_writer_published(redis_url, tmp_path, site_expected):
    db = tmp_path / "news.db"
    with SiteServer(DEMO_SITE) as site:
        crawl(site.url("/"), db)
        site.requests.clear()
        writer = _writer(redis_url, db, "--until-idle", "3")
        time.sleep(1.5)  # the writer publishes the known articles before workers start
        out = _finish(_worker(site.url("/"), redis_url, "--incremental"))
        _finish(writer)
        requested = {p for p, n in site.requests.items() if n}
    assert "Pages fetched" in out
    assert not requested & set(site_expected["articles"]), requested
    assert "/" in requested and _paths(db) == set(site_expected["articles"])


def test_a_worker_joining_a_seeded_run_does_not_seed_again(redis_url):
    import redis

    from crawler.distributed import Keys

    r = redis.Redis.from_url(redis_url)
    keys = Keys.of("demo")
    r.set(keys.run, "earlier-run")  # a run in progress, seeded by another worker
    r.hset(keys.workers, "other:1:x", f"idle {time.time() + 30:.3f}")  # ... and is still alive, idle
    with SiteServer(DEMO_SITE) as site:
        out = _finish(_worker(site.url("/"), redis_url, "--site-name", "demo"))
        assert sum(site.requests.values()) == 0  # nothing to take from the frontier, nothing seeded
    assert "earlier-run" in out and "joined it" in out
    assert r.get(keys.run) == b"earlier-run"  # another worker is alive: the run is not ended by this one


def test_each_crawl_name_gets_its_own_keys():
    from crawler.distributed import crawl_name, worker_settings

    a = worker_settings("redis://h/0", crawl_name(["https://a.example/"]))
    b = worker_settings("redis://h/0", crawl_name(["https://b.example/"]))
    site = worker_settings("redis://h/0", crawl_name(["https://a.example/"], site="a news"))
    keys = {s["SCHEDULER_QUEUE_KEY"] for s in (a, b, site)} | {s["SCHEDULER_DUPEFILTER_KEY"] for s in (a, b, site)}
    assert len(keys) == 6 and site["SCHEDULER_QUEUE_KEY"] == "newsmill:a_news:requests"
    assert crawl_name(["https://b/", "https://a/"]) == crawl_name(["https://a/", "https://b/"])
    assert "pipelines.sqlite.SqlitePipeline" not in a["ITEM_PIPELINES"]  # workers never open the database
    assert a["SCHEDULER_PERSIST"] is True


def test_ingest_refuses_a_database_another_run_writes(redis_url, tmp_path):
    from crawler.lock import RunLock

    db = tmp_path / "news.db"
    with RunLock(db):
        result = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--redis", redis_url, "--db", str(db),
                                 "--until-idle", "0"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "another newsmill run is writing" in result.stderr


def test_crawl_names_an_unreachable_redis_clearly():
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "http://127.0.0.1:9/", "--redis",
                             "redis://127.0.0.1:9/0"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "cannot reach Redis at redis://127.0.0.1:9/0" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_keeps_live_blog_updates_and_clusters_a_finished_runs_stories(redis_url, tmp_path):
    from datetime import datetime, timezone

    import redis

    from newsmill.records import Update
    from pipelines.redisqueue import push_record
    from pipelines.schema import open_db

    r = redis.Redis.from_url(redis_url)
    wire = " ".join(f"Sentence {n} of the wire story about the harbour bridge and its cables." for n in range(40))
    one, two = _article_item("https://one.example/bridge/"), _article_item("https://two.example/world/bridge/")
    one.article.body, two.article.body = f"ONE - {wire}", f"{wire} Copyright Two."
    one.article.updates = [Update("id:liveblog-entry-2", "2025-03-14T10:50:00+00:00", None, "The bridge stays shut."),
                           Update("id:liveblog-entry-1", "2025-03-14T09:00:00+00:00", "Closed", "Diversions in place.")]
    for item in (one, two):
        item.fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")  # clusters look at the last days
        _push(r, item)
    push_record(r, STREAM, "run_finished", "run-1", "demo", {"reason": "finished", "errors": 0})
    db = open_db(tmp_path / "news.db")
    _write_one_batch(db, r)
    assert db.execute("SELECT key, title FROM updates ORDER BY key").fetchall() == [
        ("id:liveblog-entry-1", "Closed"), ("id:liveblog-entry-2", None)]
    assert db.execute("SELECT sites, earliest_site FROM story_clusters").fetchall() == [(2, "one.example")]
