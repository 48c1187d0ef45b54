"""Scrapy's feed exports hold every article: `scrapy crawl news -O items.jsonl` (items carried bytes the
JSON encoder refused) and `newsmill crawl -o FILE` (articles only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, crawl


def test_scrapy_crawl_dash_o_writes_every_article(demo_site, tmp_path, site_expected):
    out = tmp_path / "items.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_urls={demo_site.url('/')}",
         "-s", f"SQLITE_PATH={tmp_path / 'news.db'}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
         "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=2", "-O", str(out)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    articles = [r for r in records if "article" in r]
    assert len(articles) == len(site_expected["articles"]), result.stderr[-2000:]
    assert all(a["article"]["title"] and a["article"]["body"] and a["raw"] is None for a in articles)


def test_newsmill_crawl_dash_o_writes_articles_only(demo_site, tmp_path, site_expected):
    out = tmp_path / "articles.jsonl"
    crawl(demo_site.url("/"), tmp_path / "news.db", "-o", str(out))
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == len(site_expected["articles"]) and all("article" in r for r in records)
