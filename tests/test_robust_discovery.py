"""Hostile sitemaps and robots.txt (issue 19): gzip bombs, huge sitemaps, huge robots.txt; memory and time
measured on real crawls of a local server (127.0.0.1, ephemeral port)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time

import pytest
from sqlite_utils import Database

from faultserver import MiB, FaultServer, article_html, crawl_settings, sitemap_bomb

from conftest import ROOT

_MEASURE = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:]).returncode\n"
            "print('PEAK_KIB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(code)\n")


def measured_crawl(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float, float]:
    """(result, peak MiB of the largest process of the crawl's tree, seconds) of `newsmill crawl ARGS`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "crawler.cli", "crawl", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.monotonic() - started
    peak = next(int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("PEAK_KIB"))
    return result, peak / 1024, seconds


def _send(body: bytes, ctype: str):
    return lambda h, query, count: h.send(200, body, ctype)


def test_gzip_bomb_sitemap_is_dropped_as_too_large_in_bounded_memory(tmp_path):
    """256 MiB of XML in 255 KB of gzip, served without Content-Encoding: the crawl reads 1 MiB of it."""
    db = tmp_path / "bomb.db"
    with FaultServer(maxsize=MiB) as server:
        server.routes["/sitemap.xml.gz"] = _send(sitemap_bomb(256 * MiB), "application/x-gzip")
        server.routes["/bomb.xml"] = _send(sitemap_bomb(256 * MiB), "application/xml")
        result, peak, seconds = measured_crawl(server.url("/sitemap.xml.gz"), server.url("/bomb.xml"), "--db",
                                               str(db), *crawl_settings(server), "-s", "EXTRACT_WORKERS=1")
    print(f"gzip bomb sitemaps: peak {peak:.0f} MiB, {seconds:.1f} s")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {r["url"].rsplit("/", 1)[1]: r for r in Database(db).query("SELECT url, outcome, reason FROM pages")}
    assert {k: (r["outcome"], r["reason"]) for k, r in rows.items()} == {
        "sitemap.xml.gz": ("failed", "too_large"), "bomb.xml": ("failed", "too_large")}
    assert peak < 250, f"peak {peak:.0f} MiB"  # the old code inflated the whole bomb: 600+ MiB
    assert seconds < 30
