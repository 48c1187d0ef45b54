"""A page whose extraction hangs costs that page (extraction_timeout), not the worker or the crawl."""

from __future__ import annotations

import asyncio
import time

from faultserver import article_html, stuck_analyse
from crawler.worker import ExtractionPool


def test_stuck_extraction_is_cut_off_and_the_pool_recovers():
    async def run():
        pool = ExtractionPool(2, timeout=3, analyse=stuck_analyse)
        try:
            first = await pool.analyse(article_html(1), "http://127.0.0.1:1/news/a/")  # workers are warm
            stuck_pids = set((pool._executor._processes or {}).keys())
            started = time.monotonic()
            results = await asyncio.gather(
                pool.analyse("<html><body>STUCK</body></html>", "http://127.0.0.1:1/stuck/"),
                pool.analyse(article_html(2), "http://127.0.0.1:1/news/b/"),
                pool.analyse(article_html(3), "http://127.0.0.1:1/news/c/"),
            )
            elapsed = time.monotonic() - started
            await asyncio.sleep(0.5)
            after = await pool.analyse(article_html(4), "http://127.0.0.1:1/news/d/")
            return first, results, elapsed, stuck_pids, after, pool
        finally:
            pool.close()

    first, (stuck, b, c), elapsed, old_pids, after, pool = asyncio.run(run())
    assert first.article is not None
    assert stuck.article is None and stuck.skip_reason == "extraction_timeout"
    assert b.article is not None and c.article is not None  # pages running beside it are not lost
    assert after.article is not None  # the fresh pool works
    assert 2.5 <= elapsed < 20
    assert pool.timeouts == 1 and pool.recycled >= 1
    for pid in old_pids:  # the stuck worker was killed, not left running
        assert not _is_running(pid), pid


def _is_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] not in ("Z", "X")
    except FileNotFoundError:
        return False


def test_timeout_clock_starts_when_a_worker_takes_the_page():
    """Pages queued behind busy workers are not charged for the wait."""
    async def run():
        pool = ExtractionPool(1, timeout=4)
        try:
            return await asyncio.gather(*(pool.analyse(article_html(n), f"http://127.0.0.1:1/news/{n}/")
                                          for n in range(12)))
        finally:
            pool.close()

    results = asyncio.run(run())
    assert all(r.article is not None for r in results), [r.skip_reason for r in results]


def test_started_workers_are_ready_before_the_first_page_and_serve_it():
    """start() spawns the workers at once: over a network they import while robots.txt and the
    front page are fetched (measured: the front page analysed 5 ms after it arrived, not 300)."""
    import os

    async def run():
        pool = ExtractionPool(2)
        try:
            pool.start()
            spawned = set(pool._executor._processes)
            answered = {ping.result(timeout=120) for ping in pool._pings}  # before any page was sent
            result = await pool.analyse(article_html(1), "http://127.0.0.1:1/news/a/")
            return spawned, answered, result, set(pool._executor._processes)
        finally:
            pool.close()

    spawned, answered, result, serving = asyncio.run(run())
    assert len(spawned) == 2 and os.getpid() not in spawned
    assert answered <= spawned
    assert result.article is not None and result.worker_pid in spawned
    assert serving == spawned  # the first page started no new process


def test_the_spider_starts_its_workers_when_it_is_created(tmp_path):
    from scrapy.utils.test import get_crawler

    from crawler.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"SQLITE_PATH": str(tmp_path / "news.db"), "EXTRACT_WORKERS": 1})
    spider = NewsSpider.from_crawler(crawler, start_urls="http://127.0.0.1:1/")
    try:
        assert spider.pool._pings is not None
        assert len({ping.result(timeout=120) for ping in spider.pool._pings}) == 1
    finally:
        spider.pool.close()


def test_workers_collect_garbage_less_often_than_python_by_default():
    from faultserver import gc_threshold_analyse
    from crawler.worker import GC_YOUNG

    async def run():
        pool = ExtractionPool(1, analyse=gc_threshold_analyse)
        try:
            return await pool.analyse("<html></html>", "http://127.0.0.1:1/")
        finally:
            pool.close()

    young, *older = asyncio.run(run())
    assert young == GC_YOUNG > 700 and older == [10, 10]
