"""What a distributed run costs in Redis memory: measured on a real redis-server, extrapolated per million URLs.

    .venv/bin/python -m bench.redis_memory [--urls 200000]

Pushes N request fingerprints (scrapy-redis RFPDupeFilter, a set) and N queued requests (scrapy-redis
PriorityQueue, a sorted set of pickled request dicts, as a worker encodes them) for news-like URLs,
then N entries of the writer's `newsmill:known` hash, reading `INFO memory` used_memory before and after each.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import scrapy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from redisserver import RedisServer  # noqa: E402


class _Spider(scrapy.Spider):
    name = "news"

    def parse(self, response):
        pass

    def failed(self, failure):
        pass


def _url(i: int) -> str:
    return f"https://www.example-news.com/world/2025/10/{i % 28 + 1:02d}/some-headline-words-of-a-story-{i}/"


def _used(r) -> int:
    return int(r.info("memory")["used_memory"])


def measure(n: int) -> dict:
    import redis
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import PriorityQueue

    with RedisServer() as server:
        r = redis.Redis.from_url(server.url)
        spider = _Spider()
        dupefilter = RFPDupeFilter(r, "newsmill:bench:dupefilter")
        queue = PriorityQueue(r, spider, "newsmill:bench:requests")
        result = {"urls": n}
        base = _used(r)
        pipe = r.pipeline(transaction=False)
        for i in range(n):
            pipe.sadd(dupefilter.key, dupefilter.request_fingerprint(scrapy.Request(_url(i))))
            if i % 10000 == 9999:
                pipe.execute()
        pipe.execute()
        after_fp = _used(r)
        for i in range(n):
            request = scrapy.Request(_url(i), callback=spider.parse, errback=spider.failed, priority=-(i % 5),
                                     meta={"depth": i % 5 + 1})
            pipe.execute_command("ZADD", queue.key, -request.priority, queue._encode_request(request))
            if i % 10000 == 9999:
                pipe.execute()
        pipe.execute()
        after_queue = _used(r)
        for i in range(n):
            pipe.hset("newsmill:known", _url(i), json.dumps(["2025-10-14T09:30:00+00:00", '"5f2a-abc123"',
                                                              "Tue, 14 Oct 2025 09:30:00 GMT"]))
            if i % 10000 == 9999:
                pipe.execute()
        pipe.execute()
        after_known = _used(r)
        per_million = 1_000_000 / n
        result.update({
            "request_bytes": len(queue._encode_request(scrapy.Request(_url(n), callback=spider.parse,
                                                                      errback=spider.failed, meta={"depth": 1}))),
            "fingerprints_mib_per_million": round((after_fp - base) * per_million / 2**20, 1),
            "queue_mib_per_million": round((after_queue - after_fp) * per_million / 2**20, 1),
            "known_mib_per_million": round((after_known - after_queue) * per_million / 2**20, 1),
            "redis_version": r.info("server")["redis_version"],
        })
        return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--urls", type=int, default=200_000)
    print(json.dumps(measure(p.parse_args(argv).urls), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
