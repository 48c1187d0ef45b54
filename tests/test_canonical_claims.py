"""Pages that claim another URL as theirs (<link rel=canonical>, og:url) never replace another article.

Found by fuzzing: a CMS writing og:url = "/" on every article made all of them one row, each replacing the
one before (their text only in revisions), and a page naming another article as its canonical replaced it.
"""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import crawl
from crawler.urls import article_key

WORDS = ("harbour council budget bridge repairs delayed vote residents ferry tram school library funding "
         "mayor report weather storm flood river road traffic station museum hospital").split()


def _article(name: str, seed: int, head: str = "") -> bytes:
    """An article page whose prose differs from every other seed's."""
    paragraphs = "".join(
        "<p>" + " ".join(WORDS[(seed * 7 + i * 3 + k * k) % len(WORDS)] for k in range(40)) + f" {name} {i}.</p>"
        for i in range(6))
    return (f'<html><head><title>Story {name}</title><meta property="og:type" content="article">{head}</head>'
            f"<body><article><h1>Story {name}</h1><p class='byline'>By Ana Silva</p>{paragraphs}</article>"
            "</body></html>").encode()


def _site(pages: dict[str, bytes]):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("order", ["claimant last", "claimant first"])
def test_two_pages_claiming_one_url_are_two_articles(tmp_path, order):
    pages: dict[str, bytes] = {}
    server = _site(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    real, claimant = "/news/2024/real-story", "/news/evil"
    links = [claimant, real] if order == "claimant first" else [real, claimant]
    pages["/"] = ("<html><body>" + "".join(f'<a href="{u}">{u}</a>' for u in links)
                  + "".join(f'<a href="/news/s{i}">s{i}</a>' for i in range(3)) + "</body></html>").encode()
    pages[real] = _article("real", 1)
    pages[claimant] = _article("evil", 2, f'<link rel="canonical" href="{base}{real}">')
    for i in range(3):  # og:url = the home page on every article, as a misconfigured CMS writes it
        pages[f"/news/s{i}"] = _article(f"s{i}", 10 + i, f'<meta property="og:url" content="{base}/">')
    db = tmp_path / "news.db"
    try:
        crawl(f"{base}/", db, "-s", "CONCURRENT_REQUESTS=1", "-s", "DEPTH_PRIORITY=1")
        conn = sqlite3.connect(db)
        rows = dict(conn.execute("SELECT url, title FROM articles").fetchall())
        assert {rows.get(f"{base}/news/s{i}") for i in range(3)} == {"Story s0", "Story s1", "Story s2"}
        assert rows[f"{base}{real}"] == "Story real" and rows[f"{base}{claimant}"] == "Story evil"
        assert conn.execute("SELECT count(*) FROM article_revisions").fetchone()[0] == 0  # nobody replaced anybody
        pages = dict(conn.execute("SELECT url, article_url FROM pages WHERE article_url IS NOT NULL").fetchall())
        assert pages[f"{base}{claimant}"] == f"{base}{claimant}" and pages[f"{base}{real}"] == f"{base}{real}"
        hits = conn.execute("SELECT a.title FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                            "WHERE articles_fts MATCH 'evil'").fetchall()
        assert hits == [("Story evil",)]  # the full-text index follows a moved row
        crawl(f"{base}/", db, "-s", "CONCURRENT_REQUESTS=1", "-s", "DEPTH_PRIORITY=1")  # again: nothing moves
        assert dict(sqlite3.connect(db).execute("SELECT url, title FROM articles").fetchall()) == rows
    finally:
        server.shutdown()


def test_canonical_links_that_name_no_other_page_of_this_article_are_not_keys():
    assert article_key("http://a.example/news/s1", "http://a.example/") == "http://a.example/news/s1"
    assert article_key("http://a.example/", "http://a.example/") == "http://a.example/"
    assert article_key("http://a.example:8080/s1", "http://a.example:9090/s1") == "http://a.example:8080/s1"
    assert article_key("http://a.example/s1", "http://a.example/" + "x" * 2000) == "http://a.example/s1"
    assert article_key("https://www.a.example/amp/s1", "https://a.example/s1") == "https://a.example/s1"
