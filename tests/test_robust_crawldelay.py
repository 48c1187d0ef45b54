"""robots.txt Crawl-delay is honoured, whatever DOWNLOAD_DELAY and AutoThrottle say."""

from __future__ import annotations

from conftest import crawl
from crawler.middlewares.crawldelay import CrawlDelayMiddleware
from faultserver import FaultServer


def test_crawl_delay_spaces_requests(tmp_path):
    with FaultServer(crawl_delay=1) as server:
        crawl(server.url("/faults/calendar/2025/06/"), tmp_path / "d.db", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
              "--depth", "2", "-s", "DOWNLOAD_TIMEOUT=5")
        times = sorted(t for path, ts in server.times.items() if path != "/robots.txt" for t in ts)
    assert len(times) == 5, times  # June; May and July; April and August
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.9, gaps


def test_crawl_delay_is_read_for_our_agent_and_capped():
    mw = CrawlDelayMiddleware("newsmill/0.1 (+https://github.com/newsmill/newsmill)", max_delay=30)
    assert mw.read_delay(b"User-agent: *\nCrawl-delay: 2.5\n") == 2.5
    assert mw.read_delay(b"User-agent: otherbot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow: /x\n") is None
    assert mw.read_delay(b"\xff\xfe garbage") is None
