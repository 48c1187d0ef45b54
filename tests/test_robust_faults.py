"""One crawl over the whole fault server (tests/faultserver.py): every fault ends as its FAULTS entry
says, every good article is stored, the traps stay bounded and the database is sound."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import brotli
import pytest
from sqlite_utils import Database

from conftest import crawl
from crawler.discovery import iter_xml_source
from faultserver import (FAULTS, GOOD, SQL_TEXT, FaultServer, crawl_settings, cut_source, expected_articles, judge,
                         listed_path, outcomes)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with FaultServer(slow_seconds=4.0) as server:
        db_path = tmp_path_factory.mktemp("faults") / "faults.db"
        started = time.monotonic()
        result = crawl(server.url("/"), db_path, *crawl_settings(server, timeout=2.0))
        yield server, Database(db_path), result, time.monotonic() - started


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_ends_as_expected(crawled, fault):
    server, db, _, _ = crawled
    ok, got = judge(fault, outcomes(db), server)
    assert ok, f"{fault.name} ({fault.note}): expected {fault.expect}, got {got}"


def test_no_article_is_lost(crawled):
    _, db, result, elapsed = crawled
    pages = outcomes(db)
    stored = {p for p, r in pages.items() if r["outcome"] in ("new", "changed", "refreshed", "unchanged")}
    assert set(expected_articles(pages)) <= stored
    assert set(GOOD) <= stored
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert "Crawl ended early" not in result.stderr and "Traceback" not in result.stderr
    assert elapsed < 120, "the faults should cost seconds, not minutes"


def test_every_recorded_skip_has_a_reason(crawled):
    _, db, _, _ = crawled
    rows = list(db.query("SELECT url, outcome, reason FROM pages WHERE outcome IN ('skipped', 'failed')"))
    assert rows and all(r["reason"] for r in rows), [r for r in rows if not r["reason"]]
    run = next(db.query("SELECT * FROM crawl_runs"))
    assert run["finish_reason"] == "finished" and run["exit_status"] == 0


def _log_lines(log: str, path: str) -> list[str]:
    return [line[-300:] for line in (log or "").splitlines() if path in line][:10]


def _article(db, path):
    return next(db.query("SELECT a.* FROM articles a JOIN pages p ON p.article_url = a.url WHERE p.url LIKE ?",
                         ["%" + path]))


def test_charsets_are_decoded_right(crawled):
    _, db, _, _ = crawled
    assert _article(db, "/faults/charset-wrong/")["title"] == "Café society: the naïve façade"
    missing = _article(db, "/faults/charset-missing/")
    assert missing["title"] == "Café prices rise in Zürich" and "café in Zürich" in missing["body"]
    conflict = _article(db, "/faults/charset-conflict/")
    assert conflict["title"] == "Новости дня: мэр открыл мост" and "встретились снова" in conflict["body"]
    assert "\ufffd" not in missing["body"] + conflict["body"]
    assert _article(db, "/faults/mojibake/")["title"] == "CafÃ© owners meet the mayor"  # verbatim, as served


def test_deeply_nested_article_is_complete(crawled):
    _, db, _, _ = crawled
    body = _article(db, "/faults/deep/")["body"]
    assert body.count("Paragraph ") == 7 and "Paragraph 6 of story 211" in body


def test_hostile_content_never_reaches_stored_text(crawled):
    _, db, _, _ = crawled
    row = _article(db, "/faults/hostile/")
    text = " ".join(str(row[k] or "") for k in ("title", "body", "description"))
    for bad in ("<script", "alert(", "document.cookie", "onclick", "onerror", "onmouseover", "javascript:",
                "<iframe", "display: none", "steal()"):
        assert bad not in text, bad
    assert SQL_TEXT in row["body"]  # stored verbatim: every query is parameterised
    assert db["articles"].count >= len(GOOD)  # and no table was dropped


def test_retry_after_is_honoured(crawled):
    server, _, _, _ = crawled
    for path in ("/faults/429/", "/faults/503/"):
        times = server.times[path]
        assert len(times) == 2 and times[1] - times[0] >= 0.95, (path, times)
    assert server.hits("/faults/503-long/") == 1  # Retry-After: 3600 is over RETRYAFTER_MAX_DELAY: no retry
    assert server.hits("/faults/flaky/") == 3  # 500, 500, then the article (RETRY_TIMES = 2)
    assert server.hits("/faults/cut-gzip/") == server.hits("/faults/cut-br/") == 3  # retried, then recorded
    assert server.hits("/faults/gzip-no-trailer/") == 1  # its page closes: whole, not retried


def test_cut_sitemaps_and_feeds_give_their_entries_before_the_cut(crawled):
    server, db, result, _ = crawled
    fetched = set(server.requests)
    for path, kind in (("/faults/cut-sitemap.xml", "sitemap"), ("/faults/cut-feed/", "feed")):
        # retried as a cut page is, then read as far as it goes; the request times and the crawl's log say why
        # when not (one run of many saw two requests)
        assert server.hits(path) == 3, (path, server.times.get(path), _log_lines(result.stderr, path))
        cut = cut_source(kind, server.base_url)
        body = cut if kind == "sitemap" else brotli.Decompressor().process(cut)
        listed = {urlsplit(e.url).path for e in iter_xml_source(body, truncated=True)}  # the last, cut, one left out
        assert len(listed) >= 3 and listed <= fetched, (path, sorted(listed - fetched))
        whole = {listed_path(n) for n in range(112)}
        assert not [p for p in server.requests if p.startswith("/faults/listed/") and p not in whole], \
            "a URL cut short in the cut entry was followed"
        assert f"{path}: its {'gzip' if kind == 'sitemap' else 'br'} stream ends before the document does" \
            in result.stderr
    assert server.hits("/faults/cut-gzip-br/") == 3 and server.hits("/faults/bad-gzip/") == 1
    assert "bad-gzip/: its body cannot be decoded as its Content-Encoding (gzip) says" in result.stderr


def test_redirects_into_private_addresses_are_refused_without_connecting(crawled):
    _, db, _, _ = crawled
    rows = {r["url"]: r for r in db.query("SELECT * FROM pages WHERE reason = 'private_address'")}
    assert {u.rsplit("/faults/", 1)[1] for u in rows} == {"to-private/", "to-10/", "to-other-port/"}
    # Never attempted: a connection to 127.0.0.2 or 10.1.2.3 would have failed as error:...
    assert not list(db.query("SELECT url FROM pages WHERE url LIKE 'http://127.0.0.2%' OR url LIKE 'http://10.%'"))


def test_spider_traps_stay_bounded(crawled):
    server, _, _, _ = crawled
    calendar = [p for p in server.requests if p.startswith("/faults/calendar/")]
    assert 1 < len(calendar) <= 7, calendar  # depth 3 from the index: at most 1 + 2 + 4 months
    assert server.hits("/faults/session/") == 2  # itself and ?x=1: session ids are dropped from URLs
    assert server.hits("/faults/session-page") == 1  # ;jsessionid= and ?sessionid= links are one URL
    assert sum(1 for p in server.requests if p.startswith("/faults/grow/")) <= 3
    # 3 attempts; Twisted may resend once more on a reset of a reused keep-alive connection
    assert max(server.requests.values()) <= 6


def test_robots_disallow_is_honoured(crawled):
    server, _, _, _ = crawled
    assert server.hits("/robots.txt") == 1 and server.hits("/private/secret/") == 0


def test_per_site_page_limit(tmp_path):
    with FaultServer() as server:
        db_path = tmp_path / "budget.db"
        crawl(server.url("/faults/calendar/2025/01/"), db_path, *crawl_settings(server),
              "--depth", "50", "-s", "CRAWL_MAX_PAGES_PER_SITE=6")
        pages = [p for p in server.requests if p != "/robots.txt"]
    assert len(pages) == 6, pages  # an endless calendar, stopped by the per-site budget
    assert Database(db_path)["pages"].count == 6
