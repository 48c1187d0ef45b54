"""Hostile sitemaps and robots.txt (issue 19): gzip bombs, huge sitemaps, huge robots.txt; memory and time
measured on real crawls of a local server (127.0.0.1, ephemeral port)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import zlib

import pytest
from sqlite_utils import Database

from faultserver import MiB, FaultServer, crawl_settings, sitemap_bomb

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


def big_sitemap(base_url: str, count: int) -> bytes:
    """A gzipped sitemap of `count` URLs (/0, /1 ... on the server, 404s: cheap to fetch), under 50 MiB of XML."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [compressor.compress(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')]
    step = 50_000
    for start in range(0, count, step):
        chunk = "".join(f"<url><loc>{base_url}/{n}</loc></url>" for n in range(start, min(count, start + step)))
        parts.append(compressor.compress(chunk.encode()))
    parts.append(compressor.compress(b"</urlset>") + compressor.flush())
    return b"".join(parts)


@pytest.mark.parametrize("count", [int(os.environ.get("NEWSMILL_BIG_SITEMAP", 1_000_000))])
def test_huge_sitemap_in_a_small_crawl_builds_only_the_requests_the_budget_allows(tmp_path, count):
    """A 1,000,000-URL gzipped sitemap and --max-pages 200: 200 pages fetched, quickly, in little memory."""
    db = tmp_path / "big.db"
    with FaultServer(maxsize=64 * MiB) as server:
        body = big_sitemap(server.base_url, count)
        server.routes["/sitemap.xml.gz"] = _send(body, "application/xml")
        result, peak, seconds = measured_crawl(server.url("/sitemap.xml.gz"), "--db", str(db), "--max-pages", "200",
                                               *crawl_settings(server), "-s", "EXTRACT_WORKERS=1",
                                               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", timeout=300)
        fetched = sum(n for path, n in server.requests.items() if path[1:].isdigit())
    print(f"{count:,}-URL sitemap ({len(body) / MiB:.1f} MiB gzipped), --max-pages 200: "
          f"peak {peak:.0f} MiB, {seconds:.1f} s, {fetched} pages fetched")
    assert result.returncode == 0, result.stderr[-3000:]
    assert 190 <= fetched <= 199  # the budget counts the sitemap too (and a retried request twice)
    assert seconds < 60
    assert peak < 400


def test_a_sitemap_past_the_frontier_bound_is_read_on_as_the_frontier_drains(tmp_path):
    """No page budget, CRAWL_MAX_FRONTIER 40: all 300 URLs are fetched, 40 at most waiting at a time."""
    db = tmp_path / "frontier.db"
    with FaultServer() as server:
        server.routes["/sitemap.xml"] = _send(gzip.decompress(big_sitemap(server.base_url, 300)), "application/xml")
        result, _, seconds = measured_crawl(server.url("/sitemap.xml"), "--db", str(db), *crawl_settings(server),
                                            "-s", "EXTRACT_WORKERS=1", "-s", "CRAWL_MAX_FRONTIER=40", "-s", "CRAWL_MAX_PAGES_PER_SITE=0",
                                            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO")
        fetched = sorted(int(path[1:]) for path in server.requests if path[1:].isdigit())
    assert result.returncode == 0, result.stderr[-3000:]
    assert fetched == list(range(300)), (len(fetched), result.stderr[-3000:])
    assert "'newsmill/discovery/deferred'" in result.stderr  # the bound was met, and the backlog read on
    assert seconds < 60


def huge_robots(rules: int) -> bytes:
    """A robots.txt of `rules` wildcard Disallow lines (30 bytes each) that match none of the articles."""
    return ("User-agent: *\n" + "".join(f"Disallow: /*query{n:07d}*zz$\n" for n in range(rules))).encode()


@pytest.mark.parametrize("rules", [int(os.environ.get("NEWSMILL_BIG_ROBOTS", 400_000))])
def test_huge_robots_txt_is_read_up_to_500_kib_and_the_budget_is_checked_first(tmp_path, rules):
    """A 12 MB robots.txt (400,000 wildcard rules) and a 20-page crawl of a page of 60 links: under 30 s."""
    db = tmp_path / "robots.db"
    links = "".join(f'<a href="/news/good-{n}/">{n}</a>' for n in range(1, 61))
    with FaultServer(maxsize=16 * MiB) as server:
        robots = huge_robots(rules)
        server.routes["/robots.txt"] = _send(robots, "text/plain")
        server.routes["/"] = _send(f"<html><body>{links}</body></html>".encode(), "text/html")
        result, peak, seconds = measured_crawl(server.url("/"), "--db", str(db), "--max-pages", "20",
                                               *crawl_settings(server), "-s", "EXTRACT_WORKERS=1",
                                               "-s", "LOG_LEVEL=INFO", timeout=600)
        fetched = sum(n for path, n in server.requests.items() if path.startswith("/news/good-"))
    print(f"robots.txt of {len(robots) / MiB:.1f} MiB, --max-pages 20: peak {peak:.0f} MiB, {seconds:.1f} s, "
          f"{fetched} pages fetched")
    assert result.returncode == 0, result.stderr[-3000:]
    assert fetched == 19  # the budget counts the start page
    assert seconds < 30
    assert "'robotstxt/truncated': 1" in result.stderr


def test_an_unreadable_entry_costs_that_entry_not_its_sitemap_nor_the_page_being_read(tmp_path):
    """A lastmod before year 1 in UTC, a port past 65535, an unclosed IPv6 host: each raised out of the
    spider, so the sitemap's other entries were never fetched, and with the frontier bound (entries read
    on as it drains) the raise came while another page was processed, which was then not recorded."""
    db = tmp_path / "bad.db"
    with FaultServer() as server:
        good = [f"<url><loc>{server.url(f'/{n}')}</loc></url>" for n in range(10)]
        bad = ["<url><loc>http://[::1/x</loc></url>", f"<url><loc>{server.base_url}:99999/y</loc></url>",
               f"<url><loc>{server.url('/10')}</loc><lastmod>0001-01-01T00:00:00+01:00</lastmod></url>",
               f"<url><loc>{server.url('/11')}</loc><lastmod>9999-12-31T23:00:00-05:00</lastmod></url>"]
        entries = good[:5] + bad + good[5:]
        sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(entries)}</urlset>'
        server.routes["/sitemap.xml"] = _send(sitemap.encode(), "application/xml")
        server.routes["/robots.txt"] = _send(f"Sitemap: http://[::1/a.xml\nSitemap: {server.url('/sitemap.xml')}\n"
                                             .encode(), "text/plain")
        result, _, _ = measured_crawl(server.url("/"), "--discover", "--db", str(db), *crawl_settings(server),
                                      "-s", "EXTRACT_WORKERS=1", "-s", "CRAWL_MAX_FRONTIER=3",
                                      "-s", "CRAWL_MAX_PAGES_PER_SITE=0")
        fetched = sorted(int(path[1:]) for path in server.requests if path[1:].isdigit())
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Spider error" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert fetched == list(range(12))
    recorded = {r["url"].rsplit("/", 1)[1] for r in Database(db).query("SELECT url FROM pages")}
    assert {str(n) for n in range(12)} <= recorded
