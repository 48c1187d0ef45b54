"""A dead site is not ok: `crawl` exits 1 with one line, `nightly` marks the site FAILED and exits 1.
Nightly under SIGINT: the site being crawled stops cleanly, no further site starts, exit 130."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, run_newsmill
from crawler.siteserver import SiteServer

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "EXTRACT_WORKERS=1",
        "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=WARNING")


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: bound by the system, then released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sites(tmp_path: Path, sites: dict[str, str]) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text("".join(f'[sites.{name}]\nstart_urls = ["{url}"]\nmax_pages = 30\ndepth = 2\n\n'
                            for name, url in sites.items()))
    return path


def test_crawl_of_a_refusing_site_exits_1_with_one_line(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/"
    result = run_newsmill("crawl", url, "--db", str(tmp_path / "news.db"), *FAST, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: no start URL answered (robots.txt of {url[7:-1]}: error:DownloadConnectionRefusedError; nothing is "
        "fetched from a site whose robots.txt cannot be read, RFC 9309); nothing stored (crawl run 1)")
    assert "Crawl run:" not in result.stdout
    run = sqlite3.connect(tmp_path / "news.db").execute("SELECT finish_reason, exit_status FROM crawl_runs").fetchall()
    assert run == [("no_answer", 1)]


def test_a_refused_crawl_on_an_existing_database_leaves_no_wal_files(tmp_path):
    """The spider's read-only connection to an existing database was never closed: after a crawl where no
    start URL answered, news.db-wal and news.db-shm stayed beside the database."""
    from pipelines.schema import open_db

    db = tmp_path / "news.db"
    open_db(db).close()
    result = run_newsmill("crawl", f"http://127.0.0.1:{closed_port()}/", "--db", str(db), *FAST, timeout=120)
    assert result.returncode == 1 and "no start URL answered" in result.stderr, result.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db", "news.db.lock"]


def test_a_crawl_on_a_terminal_logs_warnings_only(tmp_path):
    """Scrapy's INFO lines (about 120 a crawl) filled the terminal and ran into the live status line: on a
    terminal the log shows warnings and errors unless -s LOG_LEVEL says otherwise (cron's logs keep INFO)."""
    from conftest import on_a_terminal

    status, shown = on_a_terminal(["crawl", f"http://127.0.0.1:{closed_port()}/", "--db", str(tmp_path / "news.db"),
                                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"], stream="stderr",
                                  timeout=120)
    assert status == 1
    assert "Error: no start URL answered" in shown and "WARNING" in shown
    assert " INFO: " not in shown, shown[:2000]


def test_crawl_of_a_404_start_page_exits_1(tmp_path):
    with SiteServer() as server:
        result = run_newsmill("crawl", server.url("/no/such/page/"), "--db", str(tmp_path / "news.db"), *FAST,
                              timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "no start URL answered" in result.stderr and "http_404" in result.stderr


def test_a_dead_start_page_is_named_before_a_missing_robots_txt(tmp_path):
    """robots.txt answers 404 and the start page closes the connection: the message named robots.txt (fetched
    first), whose 404 is no failure, instead of the start page's error (found by fuzzing)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Gone(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/robots.txt":
                self.send_error(404)
            else:
                self.close_connection = True  # no answer at all

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gone)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news/"
        result = run_newsmill("crawl", url, "--db", str(tmp_path / "news.db"), *FAST, timeout=120)
    finally:
        server.shutdown()
    assert result.returncode == 1 and f"no start URL answered ({url}: error:" in result.stderr, result.stderr[-500:]


def test_nightly_marks_a_refusing_site_and_a_404_start_page_failed_and_exits_1(tmp_path):
    with SiteServer() as server:
        sites = _sites(tmp_path, {"good": server.url("/"), "refusing": f"http://127.0.0.1:{closed_port()}/",
                                  "gone": server.url("/no/such/page/")})
        result = run_newsmill("nightly", "--sites", str(sites), "--db", str(tmp_path / "news.db"),
                              "--logs", str(tmp_path / "logs"), *FAST, timeout=240)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    status = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:]
              if line.split() and line.split()[0] in ("good", "refusing", "gone")}
    assert status == {"good": "ok", "refusing": "FAILED", "gone": "FAILED"}, result.stdout
    assert "refusing: FAILED: no start page, sitemap or feed answered" in result.stdout
    runs = dict(sqlite3.connect(tmp_path / "news.db").execute("SELECT site, exit_status FROM crawl_runs").fetchall())
    assert runs == {"good": 0, "refusing": 1, "gone": 1}


def test_nightly_fails_a_site_over_the_failed_fetch_share(tmp_path):
    from crawler.nightly import SiteResult

    run = {"pages": 10, "pages_failed": 6, "exit_status": 0, "finish_reason": "finished"}
    assert SiteResult("s", 0, run).why_failed == "6 of 10 fetches failed (over 50%)"
    assert not SiteResult("s", 0, run, max_failed_share=0.7).failed
    assert not SiteResult("s", 0, {**run, "pages_failed": 1}).failed


def test_nightly_stopped_by_sigint_closes_the_site_being_crawled_and_exits_130(tmp_path):
    with SiteServer() as server:
        server.delay = 0.4
        sites = _sites(tmp_path, {"first": server.url("/"), "second": server.url("/")})
        db = tmp_path / "news.db"
        args = [sys.executable, "-m", "crawler.cli", "nightly", "--sites", str(sites), "--db", str(db),
                "--logs", str(tmp_path / "logs"), *FAST]
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (db.exists() and _runs(db)):
            time.sleep(0.1)
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C: the whole foreground group
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    assert proc.returncode == 130, out + err[-2000:]
    assert "Traceback" not in err and "not crawled: second" in err, err[-2000:]
    assert _runs(db) == [("first", "shutdown")]
    assert "first" in out


def _runs(db: Path) -> list[tuple]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        return conn.execute("SELECT site, finish_reason FROM crawl_runs ORDER BY id").fetchall()
    except sqlite3.Error:
        return []
