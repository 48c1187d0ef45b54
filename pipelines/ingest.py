"""`newsmill ingest`: the one writer of a distributed crawl, from a Redis Stream into SQLite.

Delivery is at least once, storage idempotent:

* records are read with a consumer group (XREADGROUP) in batches; a batch is stored in one
  transaction with the same code as a local crawl (pipelines.sqlite.store_items), and only after
  the commit are its entries acknowledged (XACK) and deleted from the stream (XDEL);
* on start, entries delivered to a consumer that died (SIGKILL mid-batch) are claimed (XAUTOCLAIM)
  and stored again: the rolled-back batch is not lost;
* a record whose fetch is already stored (its pages row has the same URL, run and fetch time: the
  writer died after the commit, before the XACK) is skipped, so a replay changes nothing.

The writer also publishes what workers need for incremental runs: every stored article's URLs with
last_seen and HTTP validators, into the hash `newsmill:known` (read by crawler.distributed.RedisCrawlState),
at start and after each batch for the articles it stored.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from dataclasses import dataclass, field

from crawler.distributed import KNOWN_KEY, KNOWN_READY_KEY
from crawler.items import ArticleItem

from .redisqueue import decode_item
from .dedupe import RecentArticles
from .sqlite import finish_run, store_items
from .store import utc_now

logger = logging.getLogger(__name__)

GROUP = "newsmill-writer"


@dataclass
class IngestCounts:
    records: int = 0
    batches: int = 0
    reclaimed: int = 0
    replayed: int = 0  # records already stored (a previous writer died before acknowledging them)
    runs_finished: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def known_rows(db, urls: list[str] | None = None):
    """(url, [last_seen, etag, last_modified]) as CrawlState.article() would answer for each URL."""
    where_a, where_p, params = "", "", []
    if urls is not None:
        marks = ",".join("?" * len(urls))
        where_a, where_p, params = f"WHERE url IN ({marks})", f"AND p.url IN ({marks})", list(urls)
    for url, last_seen in db.execute(f"SELECT url, last_seen FROM articles {where_a}", params):
        if last_seen:
            yield url, [last_seen, None, None]
    for url, last_seen, etag, modified in db.execute(
            "SELECT p.url, a.last_seen, p.etag, p.last_modified FROM pages p JOIN articles a ON a.url = p.article_url "
            f"WHERE a.last_seen IS NOT NULL {where_p}", params):
        yield url, [last_seen, etag, modified]  # a pages row answers first, as in CrawlState


def publish_known(db, redis, urls: list[str] | None = None, chunk: int = 5000) -> int:
    """Write known_rows to the `newsmill:known` hash (all of them when urls is None)."""
    pipe, n = redis.pipeline(transaction=False), 0
    for url, value in known_rows(db, urls):
        pipe.hset(KNOWN_KEY, url, json.dumps(value))
        n += 1
        if n % chunk == 0:
            pipe.execute()
    if urls is None:
        pipe.set(KNOWN_READY_KEY, utc_now())
    pipe.execute()
    return n


class Ingest:
    def __init__(self, db, redis, stream: str, group: str = GROUP, batch: int = 100, store_raw_html: bool = True,
                 consumer: str | None = None, item_delay: float = 0.0):
        self.db = db
        self.redis = redis
        self.stream = stream
        self.group = group
        self.batch = batch
        self.store_raw_html = store_raw_html
        self.consumer = consumer or f"{socket.gethostname()}:{os.getpid()}"
        self.item_delay = item_delay  # test hook: slows each record inside the transaction
        self.counts = IngestCounts()
        self._runs: dict[str, int] = {}
        self.recent = RecentArticles.load(db)  # the near-duplicate window, in memory (pipelines/dedupe.py)

    def start(self) -> None:
        """Create the group (reading the stream from its start), take over dead consumers' entries."""
        import redis as redis_lib

        try:
            self.redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis_lib.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self.counts.reclaimed = self.reclaim()

    def reclaim(self) -> int:
        """XAUTOCLAIM every pending entry of the group for this consumer, then drop the old consumers.

        The caller holds the database's RunLock: no other writer of this database is alive, so every
        other consumer's pending entries belong to a writer that died before acknowledging them.
        """
        claimed, cursor = 0, "0-0"
        while True:
            # (redis-py drops the cursor from a JUSTID reply, so the entries come along)
            reply = self.redis.xautoclaim(self.stream, self.group, self.consumer, min_idle_time=0,
                                          start_id=cursor, count=200)
            cursor, entries = reply[0], reply[1]
            claimed += len(entries)
            if cursor in (b"0-0", "0-0"):
                break
        for consumer in self.redis.xinfo_consumers(self.stream, self.group):
            name = consumer["name"].decode() if isinstance(consumer["name"], bytes) else consumer["name"]
            if name != self.consumer and not consumer["pending"]:
                self.redis.xgroup_delconsumer(self.stream, self.group, name)
        if claimed:
            logger.info("claimed %d unacknowledged records of a writer that stopped", claimed)
        return claimed

    def read(self, block_ms: int = 1000) -> list:
        """The next batch: first this consumer's own unacknowledged entries, then new ones."""
        for start in ("0", ">"):
            reply = self.redis.xreadgroup(self.group, self.consumer, {self.stream: start}, count=self.batch,
                                          block=None if start == "0" else block_ms)
            entries = reply[0][1] if reply else []
            entries = [(i, f) for i, f in entries if f]  # a pending entry deleted meanwhile comes back empty
            if entries:
                return entries
        return []

    def run(self, until_idle: float | None = None, stop=lambda: False) -> IngestCounts:
        self.start()
        idle_since = time.monotonic()
        while not stop():
            entries = self.read()
            if entries:
                self.write(entries)
                idle_since = time.monotonic()
            elif until_idle is not None and time.monotonic() - idle_since >= until_idle:
                break
        return self.counts

    # -- storing ------------------------------------------------------------------------------------

    def write(self, entries: list) -> None:
        """Store one batch in one transaction; acknowledge it only once committed."""
        stored_urls: list[str] = []
        runs = dict(self._runs)
        try:
            self._store(entries, stored_urls)
        except BaseException:
            self._runs = runs  # run rows created in the rolled-back transaction are gone
            raise
        ids = [entry_id for entry_id, _ in entries]
        pipe = self.redis.pipeline(transaction=True)
        pipe.xack(self.stream, self.group, *ids)
        pipe.xdel(self.stream, *ids)
        pipe.execute()
        if stored_urls:
            publish_known(self.db, self.redis, sorted(set(stored_urls)))
        self.counts.records += len(entries)
        self.counts.batches += 1

    def _store(self, entries: list, stored_urls: list[str]) -> None:
        with self.db.atomic():
            for _, fields in entries:
                kind = _text(fields.get(b"kind"))
                run = _text(fields.get(b"run"))
                data = fields.get(b"data", b"{}")
                if kind == "run_started":
                    self._run_id(run, _text(fields.get(b"crawl")), json.loads(data))
                elif kind == "run_finished":
                    info = json.loads(data)
                    finish_run(self.db, self._run_id(run, _text(fields.get(b"crawl"))), info.get("reason", "finished"),
                               int(info.get("errors") or 0))
                    self.counts.runs_finished += 1
                elif kind in ("article", "page"):
                    item = decode_item(kind, data)
                    run_id = self._run_id(run, _text(fields.get(b"crawl")))
                    if self._already_stored(item, run_id):
                        self.counts.replayed += 1
                        continue
                    for outcome in store_items(self.db, [item], run_id, self.store_raw_html, self.recent):
                        self.counts.outcomes[outcome] = self.counts.outcomes.get(outcome, 0) + 1
                    if isinstance(item, ArticleItem):
                        stored_urls += [item.fetched_url, item.article.url]
                    if self.item_delay:
                        time.sleep(self.item_delay)
                else:
                    logger.warning("unknown record kind %r in %s: skipped", kind, self.stream)

    def _already_stored(self, item, run_id: int) -> bool:
        url = item.fetched_url if isinstance(item, ArticleItem) else item.url
        return self.db.execute("SELECT 1 FROM pages WHERE url = ? AND run_id = ? AND fetched_at = ?",
                               [url, run_id, item.fetched_at]).fetchone() is not None

    def _run_id(self, token: str, crawl: str, started: dict | None = None) -> int:
        """The crawl_runs row of a run token, created on its first record (inside the batch's transaction)."""
        if token in self._runs:
            return self._runs[token]
        row = self.db.execute("SELECT id FROM crawl_runs WHERE json_extract(arguments, '$.redis_run') = ?",
                              [token]).fetchone()
        if row:
            run_id = row[0]
        else:
            started = started or {}
            arguments = started.get("arguments") or {"redis_run": token, "redis_crawl": crawl}
            run_id = self.db["crawl_runs"].insert({
                "started": started.get("started") or utc_now(), "site": started.get("site"),
                "arguments": json.dumps(arguments, ensure_ascii=False),
            }).last_pk
        self._runs[token] = run_id
        return run_id


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else (value or "")
