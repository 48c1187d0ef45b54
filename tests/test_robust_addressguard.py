"""The address guard in real crawls of local servers (127.0.0.1 only; names answered by tests/fakedns.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlite_utils import Database

from conftest import ROOT
from faultserver import FaultServer, article_html, crawl_settings

HERE = os.path.dirname(os.path.abspath(__file__))


def crawl(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), HERE])}
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", *args, "-s", "EXTRACT_WORKERS=1",
                             "-s", "ADDRESSGUARD_RESOLVE=fakedns.resolve"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _send(body: bytes, ctype: str = "text/html"):
    return lambda h, query, count: h.send(200, body, ctype)


def test_no_request_reaches_loopback_through_a_failed_lookup_or_another_port(tmp_path):
    db = tmp_path / "guard.db"
    with FaultServer() as site, FaultServer() as canary:
        canary.routes["/canary"] = _send(article_html(1).encode())
        site.routes["/"] = _send(b'<html><body><a href="/to-localhost/">a</a><a href="/to-other-port/">b</a>'
                                 b'<a href="/news/good-1/">c</a></body></html>')
        # A name whose first lookup fails and whose next answer is loopback; the start host on another port.
        site.redirect_targets["/to-localhost/"] = f"http://localhost:{canary.port}/canary"
        site.redirect_targets["/to-other-port/"] = canary.url("/canary")
        crawl(site.url("/"), "--db", str(db), *crawl_settings(site))
        assert canary.hits("/canary") == 0
    rows = {r["url"]: (r["outcome"], r["reason"]) for r in Database(db).query("SELECT * FROM pages")}
    assert rows[site.url("/to-localhost/")] == ("failed", "private_address"), rows
    assert rows[site.url("/to-other-port/")] == ("failed", "private_address")
    assert rows[site.url("/news/good-1/")][0] == "new"


def test_sitemap_and_feed_seeds_are_trusted(tmp_path):
    db = tmp_path / "seeds.db"
    with FaultServer() as site:
        urls = "".join(f"<url><loc>{site.url(f'/news/good-{n}/')}</loc></url>" for n in (1, 2))
        site.routes["/sitemap.xml"] = _send(f"<urlset>{urls}</urlset>".encode(), "application/xml")
        crawl("--sitemap", site.url("/sitemap.xml"), "--db", str(db), *crawl_settings(site), "--depth", "1")
    assert Database(db)["articles"].count == 2
