"""Responses a broken or unusual server sends, read as a browser would (found by fuzzing).

- One long header line (a big Content-Security-Policy): Twisted's HTTP client dropped the connection past
  16,384 bytes a line, and the page was lost as "Connection was closed cleanly" after its retries.
- An HTML page served as text/xml: it was read as a sitemap, and its article lost.
"""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import crawl

STORY = "".join(f"<p>Paragraph {i} of the harbour story: the council delayed the bridge repairs again after a long "
                "debate about the budget, the ferry timetable and the school roads.</p>" for i in range(12))
PAGE = ("<!DOCTYPE html><html><head><title>Harbour</title><meta property='og:type' content='article'></head>"
        f"<body><article><h1>Harbour repairs delayed</h1>{STORY}</article></body></html>").encode()


def _stored_titles(tmp_path, start: str, responses) -> list[str]:
    """Crawl a 127.0.0.1 site whose `responses(base)` maps paths to (headers, body); the titles stored."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            found = responses(f"http://127.0.0.1:{self.server.server_address[1]}").get(self.path)
            if found is None:
                self.send_error(404)
                return
            headers, body = found
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        crawl(f"http://127.0.0.1:{server.server_address[1]}{start}", tmp_path / "news.db", "-s", "RETRY_TIMES=0")
    finally:
        server.shutdown()
    conn = sqlite3.connect(tmp_path / "news.db")
    titles = [r[0] for r in conn.execute("SELECT title FROM articles")]
    assert titles, conn.execute("SELECT url, status, reason FROM pages").fetchall()
    return titles


def test_a_page_with_a_20_kb_header_line_is_stored(tmp_path):
    policy = "default-src 'self'; " + "img-src https://cdn.example; " * 800
    titles = _stored_titles(tmp_path, "/news/story", lambda base: {
        "/news/story": ({"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy}, PAGE)})
    assert titles == ["Harbour repairs delayed"]


def test_an_html_article_served_as_text_xml_is_stored_and_a_sitemap_still_read(tmp_path):
    xml = {"Content-Type": "text/xml"}
    titles = _stored_titles(tmp_path, "/sitemap.xml", lambda base: {
        "/sitemap.xml": (xml, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                              f"<url><loc>{base}/news/story</loc></url></urlset>".encode()),
        "/news/story": (xml, PAGE)})
    assert titles == ["Harbour repairs delayed"]


@pytest.mark.parametrize("extra, section", [
    # JSON-LD may write "\\ud800", which UTF-8 cannot hold
    ('"articleSection":"Loc\\ud800al","keywords":["a\\udfffb"],"author":{"@type":"Person","name":"Ann \\ud800Lee"}',
     "Local"),
    # an image 10**23 pixels wide: an int past SQLite's (the width is no longer read)
    ('"image":{"@type":"ImageObject","url":"https://cdn.example/a.jpg","width":99999999999999999999999}', None),
])
def test_an_article_whose_json_ld_sqlite_could_not_hold_is_stored(tmp_path, extra, section):
    """SQLite refused the article's row and the writer stopped the whole crawl as on a database failure
    (found by fuzzing). Whatever value of one article the store still refuses costs that article
    (store_error), not the crawl: test_store_error_costs_one_article_not_the_batch."""
    ld = '{"@type":"NewsArticle","headline":"Harbour repairs delayed",' + extra + "}"
    page = PAGE.replace(b"</head>", f'<script type="application/ld+json">{ld}</script></head>'.encode())
    titles = _stored_titles(tmp_path, "/news/story", lambda base: {
        "/news/story": ({"Content-Type": "text/html; charset=utf-8"}, page)})
    assert titles == ["Harbour repairs delayed"]
    if section:
        assert sqlite3.connect(tmp_path / "news.db").execute("SELECT section FROM articles").fetchall() == [(section,)]


def test_store_error_costs_one_article_not_the_batch():
    from newsmill.records import Article, ArticleItem, Image
    from pipelines.schema import open_db
    from pipelines.sqlite import store_items

    db = open_db(":memory:")
    good = ArticleItem(article=Article(url="https://a.example/1", title="One", body="one two three " * 30),
                       fetched_url="https://a.example/1", fetched_at="2025-01-01T00:00:00+00:00", status=200)
    bad = ArticleItem(article=Article(url="https://a.example/2", title="Two", body="four five six " * 30,
                                      images=[Image(url="https://a.example/i.jpg", width=10 ** 23)]),
                      fetched_url="https://a.example/2", fetched_at="2025-01-01T00:00:00+00:00", status=200)
    with db.atomic():
        assert store_items(db, [bad, good], run_id=None) == ["new"]
    assert [r[0] for r in db.execute("SELECT url FROM articles")] == ["https://a.example/1"]
    assert db.execute("SELECT reason FROM pages WHERE url = 'https://a.example/2'").fetchone() == (
        "store_error:OverflowError",)
