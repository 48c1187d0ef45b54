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
