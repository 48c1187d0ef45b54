"""Run the news spider in this process and return its stats (used by the CLI and tests)."""

from __future__ import annotations

import os
import time

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def project_settings(overrides: dict | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(start_urls: list[str], overrides: dict | None = None, **spider_args) -> dict:
    """Crawl and block until done. One call per process: Twisted's reactor cannot restart.

    spider_args go to the news spider: sitemaps, feeds, allow, deny (lists), discover (bool).
    """
    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler("news")
    started = time.monotonic()
    process.crawl(crawler, start_urls=list(start_urls), **spider_args)
    process.start()
    stats = dict(crawler.stats.get_stats())
    stats["elapsed_seconds"] = round(time.monotonic() - started, 2)
    return stats


def parse_overrides(pairs: tuple[str, ...]) -> dict:
    """-s NAME=VALUE pairs, as scrapy crawl takes them."""
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"expected NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides
