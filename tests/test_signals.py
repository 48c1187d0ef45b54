"""Ctrl-C and SIGTERM on a real `newsmill crawl` process group, against a slow site on 127.0.0.1.

The first signal stops the crawl: the run row is closed with finish_reason 'shutdown', the summary is
printed and the exit status is 130 (SIGINT) or 143 (SIGTERM), with no traceback from the crawl or its
extraction workers. A second signal exits at once; the next run closes the row as 'killed'.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_newsmill
from crawler.siteserver import SiteServer

LOOPS = int(os.environ.get("NEWSMILL_SIGNAL_LOOPS", "4"))  # the issue asks for 20: NEWSMILL_SIGNAL_LOOPS=20


def _start(url: str, db: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "crawler.cli", "crawl", url, "--db", str(db), "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=2",
            "-s", "SQLITE_BATCH_SIZE=1",
            # two pages at a time: the slow site's 36 pages take longer than the wait before the signal
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", *extra]
    # Its own process group, as a terminal's Ctrl-C reaches the crawl and its workers together.
    return subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _runs(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        return conn.execute("SELECT id, finished, finish_reason, exit_status FROM crawl_runs ORDER BY id").fetchall()
    except sqlite3.Error:
        return []


def _wait_for_python(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Until the interpreter catches SIGINT: before that the kernel's default action kills any program,
    which no code of ours can change (on a loaded machine that can take longer than the test's pause)."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            return  # no procfs: keep the old timing
        caught = int(re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.M).group(1), 16)
        if caught & (1 << (signal.SIGINT - 1)):
            return
        time.sleep(0.01)


def _wait_for_run(db: Path, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not _runs(db) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl ended before the run row was opened"


def _stop(proc: subprocess.Popen, signum: int, timeout: float = 20) -> tuple[str, str, float]:
    sent = time.monotonic()
    os.killpg(proc.pid, signum)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the crawl hung after {signal.Signals(signum).name}")
    return out, err, time.monotonic() - sent


def _clean(err: str) -> None:
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and "Aborted" not in err, err[-3000:]


@pytest.fixture
def slow_site():
    with SiteServer() as server:
        server.delay = 0.4
        yield server


def test_sigint_mid_crawl_stops_commits_and_exits_130(slow_site, tmp_path):
    for n in range(LOOPS):
        db = tmp_path / f"news{n}.db"
        proc = _start(slow_site.url("/"), db)
        _wait_for_python(proc)
        if n % 2:
            _wait_for_run(db, proc)  # mid-crawl
        time.sleep(random.uniform(0.2, 1.5))  # or any moment, start-up included
        out, err, took = _stop(proc, signal.SIGINT)
        _clean(err)
        assert proc.returncode == 130, (n, out, err[-2000:])
        assert took < 10, f"stopping took {took:.1f} s"
        runs = _runs(db)
        if runs:  # the run had begun: its row is closed and the summary printed
            assert [(r[2], r[3]) for r in runs] == [("shutdown", 1)] and runs[0][1], runs
            assert "Crawl run:" in out and "Crawl stopped by SIGINT" in err, (out, err)


def test_sigterm_exits_143_with_the_run_closed(slow_site, tmp_path):
    db = tmp_path / "news.db"
    proc = _start(slow_site.url("/"), db)
    _wait_for_run(db, proc)
    out, err, _ = _stop(proc, signal.SIGTERM)
    _clean(err)
    assert proc.returncode == 143, err[-2000:]
    assert [r[2] for r in _runs(db)] == ["shutdown"]
    assert "Pages fetched:" in out


def test_pages_in_flight_are_abandoned_after_the_grace_period(tmp_path):
    with SiteServer() as server:
        server.delay = 20  # every response hangs far longer than the grace period
        db = tmp_path / "news.db"
        proc = _start(server.url("/"), db, "-s", "CRAWL_SHUTDOWN_SECONDS=1")
        _wait_for_run(db, proc)
        time.sleep(0.3)
        out, err, took = _stop(proc, signal.SIGINT)
    _clean(err)
    assert proc.returncode == 130 and "abandoned" in err, err[-2000:]
    assert took < 8, f"stopping took {took:.1f} s"  # 1 s of grace, then at once (bounds for a loaded machine)
    assert [r[2] for r in _runs(db)] == ["shutdown"]


def test_second_signal_exits_at_once_and_the_next_run_closes_the_row_as_killed(slow_site, tmp_path):
    db = tmp_path / "news.db"
    slow_site.delay = 20  # the first signal waits for pages in flight: the second comes meanwhile
    proc = _start(slow_site.url("/"), db)
    _wait_for_run(db, proc)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.3)
    out, err, took = _stop(proc, signal.SIGINT)
    _clean(err)
    assert proc.returncode == 130 and took < 5, (took, err[-2000:])
    assert [r[2] for r in _runs(db)] == [None]  # left open: the process quit at once

    slow_site.delay = 0
    result = run_newsmill("crawl", slow_site.url("/"), "--db", str(db), "-s", "AUTOTHROTTLE_ENABLED=False",
                          "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=1",
                          "--max-pages", "3", timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    runs = _runs(db)
    assert [(r[2], r[3]) for r in runs][0] == ("killed", 1) and runs[0][1] and runs[1][3] == 0, runs
    stats = run_newsmill("stats", "--db", str(db), timeout=60)
    assert "killed 1" in stats.stdout


def test_extraction_workers_ignore_sigint():
    from crawler.worker import ExtractionPool

    pool = ExtractionPool(1)
    try:
        pool.start()
        pid = pool._pings[0].result(timeout=60)
        os.kill(pid, signal.SIGINT)
        time.sleep(0.3)
        os.kill(pid, 0)  # still there
        assert pool._executor.submit(os.getpid).result(timeout=10) == pid
    finally:
        pool.kill()
