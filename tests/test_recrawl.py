"""Re-crawls and resume: a second crawl of an unchanged site costs a 304 per stored article, and a crawl
restarted after being killed does not fetch again what the killed run stored."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from conftest import ROOT, crawl
from crawler.siteserver import SiteServer


def _articles(db: Path) -> dict[str, str]:
    """path -> url of every stored article (and the URL it was fetched as)."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT p.url FROM pages p JOIN articles a ON a.url = p.article_url").fetchall()
    return {urlsplit(u).path: u for (u,) in rows}


def test_recrawl_of_an_unchanged_site_gets_a_304_for_every_stored_article(tmp_path, site_expected):
    db = tmp_path / "news.db"
    with SiteServer() as server:
        crawl(server.url("/"), db)
        stored = set(_articles(db))
        assert stored == set(site_expected["articles"])
        server.requests.clear()
        server.not_modified.clear()
        second = crawl(server.url("/"), db)
        full = {p: server.requests[p] - server.not_modified[p] for p in stored if server.requests[p]}
    assert not any(full.values()), f"stored articles downloaded in full again: {full}"
    assert sum(server.not_modified[p] for p in stored) >= 1
    outcomes = dict(sqlite3.connect(db).execute(
        "SELECT outcome, count(*) FROM pages WHERE run_id = 2 AND article_url IS NOT NULL GROUP BY outcome"))
    assert set(outcomes) <= {"unchanged"}, outcomes
    assert "Articles stored:" in second.stdout


def test_a_crawl_restarted_after_sigkill_does_not_fetch_what_the_killed_run_stored(tmp_path, site_expected):
    db = tmp_path / "news.db"
    with SiteServer() as server:
        server.delay = 0.15
        args = [sys.executable, "-m", "crawler.cli", "crawl", server.url("/"), "--db", str(db),
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
                "-s", "SQLITE_BATCH_SIZE=1", "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=1"]
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(_stored(db)) < 2:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        killed_stored = _stored(db)
        assert 1 <= len(killed_stored) < len(site_expected["articles"]), "kill the crawl half way"

        server.delay = 0.0
        server.requests.clear()
        crawl(server.url("/"), db)
        fetched_again = {p for p in killed_stored if server.requests[p]}
    assert not fetched_again, f"fetched again after the restart: {fetched_again}"
    assert set(_articles(db)) == set(site_expected["articles"])
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(site_expected["articles"])
    assert [r[0] for r in conn.execute("SELECT finish_reason FROM crawl_runs ORDER BY id")] == ["killed", "finished"]


def _stored(db: Path) -> set[str]:
    if not db.exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        rows = conn.execute("SELECT p.url FROM pages p JOIN articles a ON a.url = p.article_url").fetchall()
        return {urlsplit(u).path for (u,) in rows}
    except sqlite3.Error:
        return set()
