"""A nightly-style crawl of a big sitemap with a page budget (issue 22), killed mid-way, resumes: the next run
fetches in full nothing the killed one stored, stores each article once, and goes on to sitemap URLs the
killed run never reached. Small scale; `make bench-frontier` measures 50 sites x 20,000 URLs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.mirror import Mirror, load_templates
from conftest import ROOT

URLS = 2000  # in the sitemap
BUDGET = 30  # --max-pages of each run


class _Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        base = f"http://127.0.0.1:{self.server_address[1]}"
        self.base = base
        self.mirror = Mirror(load_templates(["BSZ_2025_09_09"]), URLS, base)
        self.requests: Counter = Counter()
        self.delay = 0.0

    def sitemap(self) -> bytes:
        urls = "".join(f"<url><loc>{self.mirror.article_url(k)}</loc><lastmod>2026-11-01</lastmod></url>"
                       for k in range(URLS))
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        site: _Site = self.server  # type: ignore[assignment]
        site.requests[self.path] += 1
        if self.path == "/robots.txt":
            status, ctype, body = 200, "text/plain", f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n".encode()
        elif self.path == "/sitemap.xml":
            status, ctype, body = 200, "application/xml", site.sitemap()
        else:
            time.sleep(site.delay)
            status, ctype, body = site.mirror.get(self.path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = _Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _command(site: _Site, db: Path) -> list[str]:
    """What `newsmill nightly` runs for a site with a sitemap (crawler/nightly.py crawl_command)."""
    return [sys.executable, "-m", "crawler.cli", "crawl", f"{site.base}/sitemap.xml", "--db", str(db),
            "--incremental", "--discover", "--max-pages", str(BUDGET), "--site-name", "big",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
            "-s", "EXTRACT_WORKERS=1", "-s", "SQLITE_BATCH_SIZE=1", "-s", "CONCURRENT_REQUESTS=2"]


def _stored(db: Path) -> set[str]:
    if not db.exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        return {urlsplit(u).path for (u,) in conn.execute("SELECT url FROM articles")}
    except sqlite3.Error:
        return set()


def test_a_killed_crawl_of_a_big_sitemap_resumes_where_it_stopped(site, tmp_path):
    db = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    site.delay = 0.1
    proc = subprocess.Popen(_command(site, db), cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_stored(db)) < 5 and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    killed = _stored(db)
    assert 5 <= len(killed) < BUDGET, "kill the crawl half way through its budget"

    site.delay = 0.0
    site.requests.clear()
    done = subprocess.run(_command(site, db), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    again = {p for p in killed if site.requests[p]}
    assert not again, f"stored by the killed run, fetched again: {sorted(again)[:5]}"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = _stored(db)
    new = stored - killed
    assert BUDGET - 3 <= len(new) <= BUDGET, len(new)  # the budget counts robots.txt-less fetches: sitemap too
    reasons = [r[0] for r in conn.execute("SELECT finish_reason FROM crawl_runs ORDER BY id")]
    assert reasons[0] == "killed" and reasons[-1] in ("finished", "closespider_pagecount"), reasons
    # The sitemap was read only as far as the budget needed, not built into 2,000 requests.
    queued = conn.execute("SELECT queued FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert queued <= 3 * BUDGET, queued


def test_the_first_article_of_a_run_is_committed_at_once(tmp_path):
    """Not after a batch of 50 or SQLITE_FLUSH_SECONDS: a nightly run's sites show their first article in seconds."""
    from newsmill.records import Article, ArticleItem
    from pipelines.sqlite import SqlitePipeline

    def item(k: int) -> ArticleItem:
        url = f"https://x.example/{k}/"
        return ArticleItem(article=Article(url=url, title=f"Story {k}", body=f"Story {k} says something. " * 30),
                           fetched_url=url, fetched_at="2025-01-01T00:00:00+00:00", status=200, raw=b"<html>")

    path = tmp_path / "p.db"
    pipeline = SqlitePipeline(str(path), batch_size=50, flush_seconds=3600)
    pipeline.open_spider()
    pipeline.process_item(item(0))
    pipeline.wait()
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    for k in range(1, 5):
        pipeline.process_item(item(k))
    pipeline.wait()
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # the rest wait for their batch
    pipeline.spider_closed(reason="finished")
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
