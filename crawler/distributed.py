"""Distributed crawling: scrapy-redis's shared frontier and duplicate filter, one run in Redis.

    newsmill ingest --redis redis://host:6379/0 --db output/news.db     # the one writer
    newsmill crawl https://example.com/ --redis redis://host:6379/0     # any number of workers

Every key of a crawl starts with `newsmill:<name>:`, the name being `--site-name` (nightly sets it per
site) or, without one, a digest of the start URLs, so workers given the same arguments share a run
and different sites never collide:

    <prefix>:requests    the frontier (scrapy-redis PriorityQueue, a sorted set)
    <prefix>:dupefilter  fingerprints of every request queued in this run (a set)
    <prefix>:run         this run's token; set once (SET NX) by the worker that seeds the start URLs
    <prefix>:workers     worker id -> "busy|idle <unix time>", refreshed every REDIS_HEARTBEAT seconds
    <prefix>:errors      worker id -> its ERROR log count

The run ends when the frontier is empty and no live worker is busy for REDIS_IDLE_SECONDS: the worker
that deletes `<prefix>:run` first sends `run_finished` to the stream and clears the run's keys, so the
next run seeds again. A run whose workers all died keeps its keys: workers started again resume it.

Workers never open the database: records go to the Redis Stream (pipelines/redisqueue.py), and what
incremental runs need to know comes from a hash the writer publishes (RedisCrawlState).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
import time
import uuid
from dataclasses import dataclass

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.scheduler import Scheduler

from newsmill.records import Known
from newsmill.reasons import OK_FINISH_REASONS, FinishReason
from pipelines.redisqueue import KNOWN_KEY, KNOWN_READY_KEY, ROOT_KEY, push_record, redis_client

from .compat import shorten_idle_poll

logger = logging.getLogger(__name__)



def crawl_name(start_urls: list[str], site: str = "") -> str:
    """The key prefix's name: the site's name, or a digest of what is crawled."""
    if site:
        return re.sub(r"[^A-Za-z0-9._-]", "_", site)[:80]
    return "urls-" + hashlib.sha1("\n".join(sorted(start_urls)).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Keys:
    prefix: str

    @classmethod
    def of(cls, name: str) -> "Keys":
        return cls(f"{ROOT_KEY}:{name}")

    def __getattr__(self, part: str) -> str:  # keys.requests -> "newsmill:<name>:requests"
        if part.startswith("_"):
            raise AttributeError(part)
        return f"{self.prefix}:{part}"


def worker_settings(url: str, name: str) -> dict:
    """Setting overrides that make `newsmill crawl` a worker of the run `name`."""
    keys = Keys.of(name)
    from .runner import project_settings

    pipelines = dict(project_settings().getdict("ITEM_PIPELINES"))
    pipelines.pop("pipelines.sqlite.SqlitePipeline", None)
    pipelines["pipelines.redisqueue.RedisStreamPipeline"] = 300
    return {
        "REDIS_URL": url,
        "REDIS_CRAWL": name,
        "SCHEDULER": "crawler.distributed.RedisScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "SCHEDULER_PERSIST": True,  # a worker that leaves must not clear the shared frontier
        "ITEM_PIPELINES": pipelines,
        "SPIDER_MIDDLEWARES": {"crawler.distributed.RedisWorker": 10},
    }


class RedisScheduler(Scheduler):
    """scrapy-redis's Scheduler, adapted to Scrapy >= 2.14.

    scrapy-redis 0.9.1 passes `spider=` to the stats collector (deprecated since Scrapy 2.14: a warning
    per request) and clears the queue and fingerprints when a worker closes unless SCHEDULER_PERSIST;
    here a worker never clears them (the run's last worker does, see RedisWorker).
    """

    def enqueue_request(self, request):
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop(self.idle_before_close)
        if request and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason):
        return None


class RedisWorker:
    """Spider middleware and signal handlers of one worker: seeds once, stays while others work.

    Seeding: `process_start` lets the spider's start requests through only in the worker that set the
    run token (SET NX); later workers start with an empty start() and take work from the frontier.
    Staying: when this worker is idle, it stays while the frontier has requests or another live worker
    is busy (it may still queue links), and leaves after REDIS_IDLE_SECONDS of the whole run idle.
    """

    def __init__(self, crawler, url: str, name: str, idle_seconds: float = 5.0, heartbeat: float = 0.5):
        self.crawler = crawler
        self.redis = redis_client(url)
        self.name = name
        self.keys = Keys.of(name)
        self.idle_seconds = idle_seconds
        self.heartbeat = heartbeat
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.run: str | None = None
        self.seeder = False
        self._idle_since: float | None = None
        self._task = None
        self._stream = crawler.settings.get("REDIS_STREAM")

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        worker = cls(crawler, s.get("REDIS_URL"), s.get("REDIS_CRAWL") or "default",
                     s.getfloat("REDIS_IDLE_SECONDS"), s.getfloat("REDIS_HEARTBEAT"))
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.spider_closed, signal=signals.spider_closed)
        return worker

    # -- the run ------------------------------------------------------------------------------------

    def join(self) -> str:
        """This run's token; the first worker creates it (and so seeds) and announces the run."""
        if self.run is not None:
            return self.run
        token = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        if self.redis.set(self.keys.run, token, nx=True):
            self.seeder = True
            from pipelines.sqlite import _arguments  # sqlite_utils: loaded by the seeding worker only
            from pipelines.store import utc_now

            push_record(self.redis, self._stream, "run_started", token, self.name, {
                "started": utc_now(), "site": self.crawler.settings.get("CRAWL_SITE") or None,
                "arguments": {**_arguments(self.crawler), "redis_run": token, "redis_crawl": self.name},
            })
        else:
            token = (self.redis.get(self.keys.run) or b"").decode() or token
        self.run = token
        self.crawler.stats.set_value("redis/run", token)
        self.crawler.stats.set_value("redis/seeder", self.seeder)
        return token

    def spider_opened(self, spider=None):
        self.join()
        engine = self.crawler.engine
        # Scrapy asks an idle scheduler for work every 5 s; other workers fill the frontier meanwhile.
        shorten_idle_poll(engine, self.heartbeat)
        self._beat(busy=True)
        import asyncio

        try:
            self._task = asyncio.get_running_loop().create_task(self._beating())
        except RuntimeError:  # not on the asyncio reactor: beats only come from the idle signal
            self._task = None

    async def _beating(self):
        import asyncio

        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                engine = self.crawler.engine
                self._beat(busy=engine is not None and engine._slot is not None and not engine.spider_is_idle())
            except Exception as exc:  # a Redis hiccup must not stop the crawl; the next beat retries
                logger.warning("redis heartbeat failed: %s", exc)

    def _beat(self, busy: bool) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.hset(self.keys.workers, self.worker_id, f"{'busy' if busy else 'idle'} {time.time():.3f}")
        pipe.hset(self.keys.errors, self.worker_id, self.crawler.stats.get_value("log_count/ERROR", 0))
        pipe.execute()

    def others_busy(self) -> bool:
        """Another worker that beat recently says it is busy."""
        stale = time.time() - max(10 * self.heartbeat, 10.0)
        for worker, value in self.redis.hgetall(self.keys.workers).items():
            if worker.decode() == self.worker_id:
                continue
            state, _, when = value.decode().partition(" ")
            if state == "busy" and float(when or 0) >= stale:
                return True
        return False

    def live_others(self) -> int:
        stale = time.time() - max(10 * self.heartbeat, 10.0)
        return sum(1 for w, v in self.redis.hgetall(self.keys.workers).items()
                   if w.decode() != self.worker_id and float(v.decode().partition(" ")[2] or 0) >= stale)

    def spider_idle(self, spider=None):
        self._beat(busy=False)
        if self.redis.zcard(self.keys.requests) or self.others_busy():
            self._idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.idle_seconds:
            raise DontCloseSpider

    def spider_closed(self, spider=None, reason: str = FinishReason.FINISHED):
        if self._task is not None:
            self._task.cancel()
        self._beat(busy=False)
        self.redis.hdel(self.keys.workers, self.worker_id)
        if reason in OK_FINISH_REASONS and (reason != FinishReason.FINISHED or not self.redis.zcard(self.keys.requests)) \
                and not self.live_others() and self.redis.delete(self.keys.run):
            self.finish_run(reason)

    def finish_run(self, reason: str) -> None:
        """The last worker out: tell the writer, then clear the run so the next one seeds again."""
        errors = sum(int(v) for v in self.redis.hvals(self.keys.errors))
        push_record(self.redis, self._stream, "run_finished", self.run, self.name,
                    {"reason": reason, "errors": errors})
        self.redis.delete(self.keys.requests, self.keys.dupefilter, self.keys.workers, self.keys.errors)
        self.crawler.stats.set_value("redis/run_finished", True)
        logger.info("run %s of %s finished (%s): frontier cleared", self.run, self.name, reason)

    # -- spider middleware --------------------------------------------------------------------------

    async def process_start(self, start):
        self.join()
        if not self.seeder:
            logger.info("joined run %s of %s: taking requests from the shared frontier", self.run, self.name)
            return
        async for item_or_request in start:
            yield item_or_request


class RedisCrawlState:
    """CrawlState's interface over the hash the writer publishes (`newsmill ingest`), one HGET a URL."""

    def __init__(self, url: str):
        self.redis = redis_client(url)
        if not self.redis.exists(KNOWN_READY_KEY):
            logger.warning("no writer has published the stored articles to %s yet (start `newsmill ingest` "
                           "first): this worker treats every article as new", KNOWN_KEY)

    def article(self, url: str) -> Known | None:
        value = self.redis.hget(KNOWN_KEY, url)
        if not value:
            return None
        last_seen, etag, last_modified = json.loads(value)
        return Known(last_seen, etag, last_modified)

    def close(self) -> None:
        self.redis.close()


# -- the commands (crawler/cli.py) -----------------------------------------------------------------

def _reachable(url: str) -> None:
    import click
    import redis

    try:
        redis_client(url).ping()
    except redis.RedisError as exc:
        raise click.ClickException(f"cannot reach Redis at {url}: {exc}")


def run_worker(url: str, seeds: list[str], overrides: dict, spider_args: dict, echo) -> int:
    """`newsmill crawl --redis`: crawl as one worker of the run; returns the exit status."""
    from .runner import run_crawl

    _reachable(url)
    name = crawl_name(seeds, overrides.get("CRAWL_SITE") or "")
    settings = {**overrides, **worker_settings(url, name)}
    start_urls = [u for u in seeds if u not in spider_args["sitemaps"] + spider_args["feeds"]]
    stats = run_crawl(start_urls, settings, **spider_args)
    reason = stats.get("finish_reason", "unknown")
    records = sum(v for k, v in stats.items() if k.startswith("redis/records/"))
    echo(f"Worker of run:   {stats.get('redis/run')} ({Keys.of(name).prefix}:*)"
         f"{', seeded it' if stats.get('redis/seeder') else ', joined it'}")
    echo(f"Pages fetched:   {stats.get('downloader/response_count', 0)}")
    echo(f"Records sent:    {records} (articles {stats.get('redis/records/article', 0)}) to {settings.get('REDIS_STREAM') or 'newsmill:records'}")
    echo(f"Finish reason:   {reason}{' (last worker out: run finished)' if stats.get('redis/run_finished') else ''}")
    echo(f"Time taken:      {stats.get('elapsed_seconds', 0):.1f} s")
    return 0 if reason in OK_FINISH_REASONS else 1


def run_sites_as_worker(sites, url: str, log_dir, extra_settings: tuple[str, ...], echo) -> int:
    """`newsmill nightly --redis`: each site's crawl as a worker (its own key prefix, by site name)."""
    import subprocess
    from datetime import datetime, timezone

    from .nightly import crawl_command

    _reachable(url)
    log_dir.mkdir(parents=True, exist_ok=True)
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    failed = 0
    for site in sites:
        log_file = log_dir / f"{day}-{site.name}.log"
        cmd = crawl_command(site, "output/news.db", log_file, extra_settings) + ["--redis", url]
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
        failed += code != 0
        echo(f"{site.name[:20]:20} {'FAILED' if code else 'ok':7} worker exit {code}, log {log_file}")
    return 1 if failed else 0


def run_ingest(url: str, db_path: str, batch: int, until_idle: float | None, overrides: dict, echo,
               item_delay: float = 0.0) -> None:
    """`newsmill ingest`: hold the database lock, publish the known articles, drain the stream."""
    import signal

    from pipelines.ingest import Ingest, publish_known
    from pipelines.schema import open_db

    from .lock import RunLock
    from .runner import project_settings

    _reachable(url)
    settings = project_settings(overrides)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))  # finish the batch, then stop
    started = time.monotonic()
    with RunLock(db_path):
        db = open_db(db_path)
        redis = redis_client(url)
        known = publish_known(db, redis)
        echo(f"Published {known} known article URLs to {KNOWN_KEY}", err=True)
        ingest = Ingest(db, redis, settings.get("REDIS_STREAM"), batch=batch,
                        store_raw_html=settings.getbool("SQLITE_STORE_HTML"), item_delay=item_delay)
        try:
            counts = ingest.run(until_idle, stop=lambda: bool(stopping))
        except KeyboardInterrupt:  # the batch in progress rolled back and stays pending: nothing lost
            counts = ingest.counts
        db.close()
    echo(f"Records stored:  {counts.records} in {counts.batches} batches "
         f"(claimed from a stopped writer {counts.reclaimed}, already stored {counts.replayed})")
    echo("Articles:        " + ", ".join(f"{k} {v}" for k, v in sorted(counts.outcomes.items())) if counts.outcomes
         else "Articles:        none")
    echo(f"Runs finished:   {counts.runs_finished}")
    echo(f"Time taken:      {time.monotonic() - started:.1f} s")
