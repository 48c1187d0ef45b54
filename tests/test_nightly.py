"""Nightly runs against local servers: discovery, incremental re-crawls, crash safety, one writer."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from conftest import CORPUS, ROOT, crawl, run_newsmill
from crawler.lock import RunLock, RunLocked
from crawler.siteserver import DEMO_SITE, SiteServer

SEED_PATH = "/world/venezuela-us-military-action/"


def _after_last_run(db) -> str:
    """A sitemap date later than the last run stored anything. Dates have whole seconds, and a run
    can finish within the second it started: "now" may equal last_seen, which is not newer."""
    seen = sqlite3.connect(db).execute("SELECT max(last_seen) FROM articles").fetchone()[0]
    return (datetime.fromisoformat(seen) + timedelta(seconds=1)).isoformat(timespec="seconds")


def _paths(db_path: Path) -> set[str]:
    return {urlsplit(r["url"]).path for r in Database(db_path).query("SELECT url FROM articles")}


@pytest.fixture
def site_copy(tmp_path):
    """A writable copy of the demo site, served on 127.0.0.1."""
    root = tmp_path / "site"
    shutil.copytree(DEMO_SITE, root)
    with SiteServer(root) as server:
        yield server, root


def _sites_file(tmp_path: Path, base: str, **fields) -> Path:
    extra = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in fields.items())
    path = tmp_path / "sites.toml"
    path.write_text(f'[sites.demo]\nstart_urls = ["{base}/"]\nmax_pages = 200\ndepth = 3\n{extra}')
    return path


def _nightly(sites: Path, db: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_newsmill("nightly", "--sites", str(sites), "--db", str(db), "--logs", str(db.parent / "logs"),
                        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "EXTRACT_WORKERS=2", *extra)


def test_news_sitemap_and_atom_feed_are_discovered_from_robots_txt(tmp_path):
    root = tmp_path / "site"
    (root / "a" / "one").mkdir(parents=True)
    (root / "b" / "two").mkdir(parents=True)
    shutil.copy(CORPUS / "seed" / "wordpress.html", root / "a" / "one" / "index.html")
    (root / "b" / "two" / "index.html").write_bytes(gzip.decompress((CORPUS / "realworld" / "BBC_2024_08_01.html.gz").read_bytes()))
    (root / "index.html").write_text("<html><body><h1>Front page</h1><p>Nothing linked here.</p></body></html>")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE__/news-sitemap.xml\nSitemap: __BASE__/atom.xml\n")
    (root / "news-sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        "<url><loc>__BASE__/a/one/</loc><news:news><news:publication_date>2025-10-14T09:30:00Z</news:publication_date>"
        "</news:news></url></urlset>")
    (root / "atom.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="__BASE__/b/two/"/>'
        "<updated>2024-08-01T10:00:00Z</updated></entry></feed>")
    with SiteServer(root) as server:
        db = tmp_path / "d.db"
        crawl(server.url("/"), db, "--discover")
        assert server.requests["/news-sitemap.xml"] == 1 and server.requests["/atom.xml"] == 1
    assert _paths(db) == {"/a/one/", "/b/two/"}


def test_second_nightly_fetches_only_new_and_changed_articles(site_copy, tmp_path, site_expected):
    server, root = site_copy
    db = tmp_path / "news.db"
    sites = _sites_file(tmp_path, server.base_url)
    first = _nightly(sites, db)
    assert first.returncode == 0, first.stderr[-2000:] + first.stdout
    assert _paths(db) == set(site_expected["articles"])

    # Between runs: one article changes (and its sitemap date moves on), one article is new.
    seed_file = root / SEED_PATH.strip("/") / "index.html"
    seed_file.write_text(seed_file.read_text("utf-8").replace("four sources", "five sources"), "utf-8")
    now = _after_last_run(db)
    sitemap = (root / "sitemap.xml").read_text("utf-8")
    sitemap, n = re.subn(rf"(<loc>__BASE__{re.escape(SEED_PATH)}</loc>\s*<lastmod>)[^<]*", rf"\g<1>{now}", sitemap)
    assert n == 1
    new_path = "/world/new-story/"
    (root / "world" / "new-story").mkdir()
    (root / "world" / "new-story" / "index.html").write_bytes(
        gzip.decompress((CORPUS / "realworld" / "TheGuardian_2024_02_24.html.gz").read_bytes()))
    sitemap = sitemap.replace("</urlset>", f"<url><loc>__BASE__{new_path}</loc><lastmod>{now}</lastmod></url></urlset>")
    (root / "sitemap.xml").write_text(sitemap, "utf-8")
    server.requests.clear()

    second = _nightly(sites, db)
    assert second.returncode == 0, second.stderr[-2000:] + second.stdout
    article_paths = set(site_expected["articles"]) | {new_path}
    requested = {p for p in server.requests if p in article_paths}
    assert requested == {SEED_PATH, new_path}
    assert _paths(db) == article_paths
    revisions = list(Database(db).query("SELECT body FROM article_revisions"))
    assert len(revisions) == 1 and "four sources" in revisions[0]["body"]
    runs = list(Database(db).query("SELECT site, queued, articles_new, articles_changed FROM crawl_runs ORDER BY id"))
    assert [r["site"] for r in runs] == ["demo", "demo"]
    assert (runs[1]["articles_new"], runs[1]["articles_changed"]) == (1, 1)
    assert runs[0]["queued"] > 0 and runs[1]["queued"] > 0
    assert "demo" in second.stdout and "ok" in second.stdout
    assert any((tmp_path / "logs").glob("*-demo.log"))


def test_crawl_killed_with_sigkill_resumes_without_loss_or_duplicates(site_copy, tmp_path, site_expected):
    server, _ = site_copy
    server.delay = 0.2  # slow enough to kill it half way
    db = tmp_path / "news.db"
    args = [sys.executable, "-m", "crawler.cli", "crawl", server.url("/"), "--db", str(db),
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
            "-s", "SQLITE_BATCH_SIZE=1", "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=1"]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and _stored(db) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the crawl and its extraction workers
    proc.wait(timeout=30)
    partial = _stored(db)
    assert 2 <= partial < len(site_expected["articles"]), "kill the crawl half way, not before or after"

    server.delay = 0.0
    crawl(server.url("/"), db)
    assert _paths(db) == set(site_expected["articles"])
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(site_expected["articles"])


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_overlapping_nightly_runs_one_proceeds_the_other_refuses(site_copy, tmp_path, site_expected):
    server, _ = site_copy
    server.delay = 0.1
    db = tmp_path / "news.db"
    sites = _sites_file(tmp_path, server.base_url)
    cmd = [sys.executable, "-m", "crawler.cli", "nightly", "--sites", str(sites), "--db", str(db),
           "--logs", str(tmp_path / "logs"), "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
    first = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _locked(db):
        time.sleep(0.1)
    assert _locked(db), "the first run never took the lock"
    second = _nightly(sites, db)
    assert second.returncode == 1
    assert "another newsmill run is writing" in second.stderr and "Traceback" not in second.stderr
    out, err = first.communicate(timeout=240)
    assert first.returncode == 0, err[-2000:] + out
    assert _paths(db) == set(site_expected["articles"])


def _locked(db: Path) -> bool:
    try:
        with RunLock(db):
            return False
    except RunLocked:
        return True


def test_sites_check_reports_line_field_and_reason(tmp_path):
    bad = tmp_path / "sites.toml"
    bad.write_text('[sites.one]\nstart_urls = ["ftp://x"]\nmax_pages = "ten"\n\n[sites.two]\ndeny = ["(open"]\n'
                   'start_urls = ["https://ok.example/"]\n')
    result = run_newsmill("sites", "check", "--sites", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{bad}:2: sites.one.start_urls: 'ftp://x' is not an http:// or https:// URL" in result.stderr
    assert f"{bad}:3: sites.one.max_pages: must be a whole number" in result.stderr
    assert f"{bad}:6: sites.two.deny: '(open' is not a regular expression" in result.stderr


def test_example_sites_file_is_valid():
    result = run_newsmill("sites", "check", "--sites", str(ROOT / "sites.example.toml"))
    assert result.returncode == 0, result.stderr
    assert "2 site(s), ok" in result.stdout


def test_schedule_prints_and_installs_a_crontab_line(tmp_path):
    printed = run_newsmill("schedule", "--sites", "sites.example.toml", "--at", "03:15")
    assert printed.returncode == 0
    line = printed.stdout.strip()
    assert line.startswith("15 3 * * * mkdir -p ") and f"nightly --sites {ROOT / 'sites.example.toml'}" in line
    fake = tmp_path / "bin"
    fake.mkdir()
    store = tmp_path / "crontab.txt"
    store.write_text("0 1 * * * backup\n")
    (fake / "crontab").write_text(
        f'#!/bin/sh\nif [ "$1" = "-l" ]; then cat {store}; else cat > {store}; fi\n')
    (fake / "crontab").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    for _ in range(2):  # installing twice keeps one line
        done = subprocess.run([sys.executable, "-m", "crawler.cli", "schedule", "--install",
                               "--sites", "sites.example.toml"], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    lines = store.read_text().splitlines()
    assert lines[0] == "0 1 * * * backup" and len(lines) == 2 and "newsmill nightly" in lines[1]


def test_schedule_systemd_units():
    result = run_newsmill("schedule", "--systemd", "--at", "04:05", "--sites", "sites.example.toml")
    assert "OnCalendar=*-*-* 04:05:00" in result.stdout and "ExecStart=" in result.stdout


def test_degradation_is_flagged_against_the_sites_history():
    from crawler.nightly import degradation
    from pipelines.schema import open_db

    db = open_db(":memory:")
    for run_id, started in ((1, "2025-10-01T00:00:00+00:00"), (2, "2025-10-02T00:00:00+00:00")):
        db["crawl_runs"].insert({"id": run_id, "started": started, "site": "s"})
    for i in range(10):
        run, url = (1, f"https://s.example/old/{i}") if i < 5 else (2, f"https://s.example/new/{i}")
        db["articles"].insert({"url": url, "title": "t", "body_text": "b", "published": "2025-10-01" if run == 1 else None})
        db["pages"].insert({"url": url, "run_id": run, "outcome": "new", "article_url": url})
        if run == 1:
            db["authors"].insert({"id": i + 1, "name": f"A{i}", "name_key": f"a{i}"})
            db["article_authors"].insert({"article_url": url, "author_id": i + 1, "position": 0})
    flags = degradation(db, "s", {"id": 2, "started": "2025-10-02T00:00:00+00:00"})
    assert any(f.startswith("missing authors 100%") for f in flags)
    assert any(f.startswith("missing dates 100%") for f in flags)
    assert not degradation(db, "s", {"id": 1, "started": "2025-10-01T00:00:00+00:00"})


def test_dated_again_but_unchanged_article_gets_a_304(site_copy, tmp_path):
    """A sitemap date moves on but the page did not change: the conditional GET answers 304."""
    server, root = site_copy
    db = tmp_path / "news.db"
    sites = _sites_file(tmp_path, server.base_url)
    assert _nightly(sites, db).returncode == 0
    now = _after_last_run(db)
    sitemap = (root / "sitemap.xml").read_text("utf-8")
    sitemap, n = re.subn(rf"(<loc>__BASE__{re.escape(SEED_PATH)}</loc>\s*<lastmod>)[^<]*", rf"\g<1>{now}", sitemap)
    assert n == 1
    (root / "sitemap.xml").write_text(sitemap, "utf-8")
    assert _nightly(sites, db).returncode == 0
    assert server.not_modified[SEED_PATH] == 1
    row = next(Database(db).query("SELECT outcome, reason, etag FROM pages WHERE url LIKE ?", [f"%{SEED_PATH}"]))
    assert (row["reason"], row["etag"] is not None) == ("not_modified", True)
    assert Database(db)["article_revisions"].count == 0


def test_nightly_json_summarises_each_site(demo_site, tmp_path):
    """--json: one JSON document on stdout, per site its status, why it failed and its run's counts."""
    import json
    import socket

    with socket.socket() as s:  # a port nothing listens on: that site fails
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.demo]\nstart_urls = ["{demo_site.base_url}/"]\nmax_pages = 40\ndepth = 2\n'
                     f'[sites.dead]\nstart_urls = ["http://127.0.0.1:{dead}/"]\n')
    db = tmp_path / "news.db"
    result = _nightly(sites, db, "--json")
    assert result.returncode == 1, result.stderr[-2000:]  # a site failed
    night = json.loads(result.stdout)
    assert [s["site"] for s in night["sites"]] == ["demo", "dead"]
    demo, down = night["sites"]
    assert demo["status"] == "ok" and demo["why_failed"] is None and demo["degraded"] == []
    runs = {r["id"]: r for r in Database(db).query("SELECT * FROM crawl_runs")}
    assert demo["run"]["articles_new"] == runs[demo["run"]["id"]]["articles_new"] == 7
    assert demo["run"]["not_stored"] == json.loads(runs[demo["run"]["id"]]["counts"])
    assert down["status"] == "FAILED" and "answered" in down["why_failed"]
    assert night["failed"] == 1 and night["exit_status"] == 1 and night["stopped_by"] is None
    assert night["logs"] == str(tmp_path / "logs")
