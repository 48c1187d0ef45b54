"""A response with one long header line (a big Content-Security-Policy) is read, not dropped.

Twisted's HTTP client dropped the connection past 16,384 bytes a line: the page was lost as
"Connection was closed cleanly" after its retries (found by fuzzing)."""

from __future__ import annotations

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import crawl

STORY = "".join(f"<p>Paragraph {i} of the harbour story: the council delayed the bridge repairs again after a long "
                "debate about the budget, the ferry timetable and the school roads.</p>" for i in range(12))


def test_a_page_with_a_20_kb_header_line_is_stored(tmp_path):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/news/story":
                self.send_error(404)
                return
            body = ("<html><head><title>Harbour</title><meta property='og:type' content='article'></head><body>"
                    f"<article><h1>Harbour repairs delayed</h1>{STORY}</article></body></html>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", "default-src 'self'; " + "img-src https://cdn.example; " * 800)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        crawl(f"http://127.0.0.1:{server.server_address[1]}/news/story", tmp_path / "news.db", "-s", "RETRY_TIMES=0")
    finally:
        server.shutdown()
    conn = sqlite3.connect(tmp_path / "news.db")
    titles = [r[0] for r in conn.execute("SELECT title FROM articles")]
    assert titles == ["Harbour repairs delayed"], conn.execute("SELECT url, status, reason FROM pages").fetchall()


def test_an_html_article_served_as_text_xml_is_stored_and_a_sitemap_still_read(tmp_path):
    """A misconfigured server's text/xml on an HTML page: it was read as a sitemap, its article lost (fuzzing)."""
    page = ("<!DOCTYPE html><html><head><title>Harbour</title><meta property='og:type' content='article'></head>"
            f"<body><article><h1>Harbour repairs delayed</h1>{STORY}</article></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            bodies = {"/sitemap.xml": f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                      f"<url><loc>{base}/news/story</loc></url></urlset>".encode(),
                      "/news/story": page}
            if self.path not in bodies:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.end_headers()
            self.wfile.write(bodies[self.path])

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        crawl(f"http://127.0.0.1:{server.server_address[1]}/sitemap.xml", tmp_path / "news.db", "-s", "RETRY_TIMES=0")
    finally:
        server.shutdown()
    conn = sqlite3.connect(tmp_path / "news.db")
    titles = [r[0] for r in conn.execute("SELECT title FROM articles")]
    assert titles == ["Harbour repairs delayed"], conn.execute("SELECT url, status, reason FROM pages").fetchall()
