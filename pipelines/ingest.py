"""`newsmill ingest`: the one writer of a distributed crawl, from a Redis Stream into SQLite.

Delivery is at least once, storage idempotent:

* records are read with a consumer group (XREADGROUP) in batches; a batch is stored in one
  transaction with the same code as a local crawl (pipelines.sqlite.store_items), and only after
  the commit are its entries acknowledged (XACK) and deleted from the stream (XDEL);
* on start, entries delivered to a consumer that died (SIGKILL mid-batch) are claimed (XAUTOCLAIM)
  and stored again: the rolled-back batch is not lost;
* a record whose fetch is already stored (its pages row has the same URL, run and fetch time: the
  writer died after the commit, before the XACK) is skipped, so a replay changes nothing;
* a malformed record (one that does not decode, or whose values SQLite refuses) is rolled back alone,
  logged, kept as a skipped pages row (reason `malformed_record:<exception>`, under its URL or else
  its stream id) and acknowledged with its batch: it would fail again on every retry.

The writer also publishes what workers need for incremental runs: every stored article's URLs with
last_seen and HTTP validators, into the hash `newsmill:known` (read by crawler.distributed.RedisCrawlState),
at start and after each batch for the articles it stored.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import time
import zlib
from datetime import datetime
from dataclasses import dataclass, field

import zstandard

from cleaners.fields.meta import split_url
from newsmill.records import ArticleItem, PageItem

from .redisqueue import KNOWN_KEY, KNOWN_READY_KEY, decode_item
from .dedupe import RecentArticles
from .sqlite import finish_run, store_items
from .stories import cluster_after_run
from .store import store_page, utc_now

logger = logging.getLogger(__name__)

GROUP = "newsmill-writer"

# What a record's own content can raise: these skip the record, anything else stops the batch.
# Decoding is pure Python (no SQLite, no Redis), so there they can only come from the record: bad JSON,
# base64 or UTF-8 (ValueError), missing or unexpected keys and wrong types (KeyError, TypeError,
# AttributeError), bad zlib/zstd data, JSON nested too deep (RecursionError). Storing a decoded record
# can still meet values the code or the schema refuse: a URL urlsplit rejects, an integer past 64 bits
# (OverflowError), a foreign key to no row (IntegrityError), a value too big (DataError).
# Not here, so they propagate and nothing is acknowledged: sqlite3.OperationalError (locked, disk full,
# read-only, I/O), DatabaseError (a corrupt file), ProgrammingError (a closed connection), redis errors
# (the acknowledgement itself), MemoryError: none says anything about the record, and a retry can succeed.
RECORD_ERRORS = (ValueError, TypeError, LookupError, AttributeError, OverflowError, RecursionError, zlib.error,
                 zstandard.ZstdError, sqlite3.IntegrityError, sqlite3.DataError)
# What a run record's data holds (crawler/distributed.py), key -> accepted types
RUN_FIELDS = {
    "run_started": {"started": (str, type(None)), "site": (str, type(None)), "arguments": (dict, type(None))},
    "run_finished": {"reason": (str, type(None)), "errors": (int, type(None))},
}


@dataclass
class IngestCounts:
    records: int = 0
    batches: int = 0
    reclaimed: int = 0
    replayed: int = 0  # records already stored (a previous writer died before acknowledging them)
    runs_finished: int = 0
    malformed: int = 0  # records skipped as malformed_record (acknowledged, kept as skipped pages)
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
        finished = self.counts.runs_finished
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
        if self.counts.runs_finished > finished:  # a worker's crawl ended: its articles join story clusters
            cluster_after_run(self.db)

    def _store(self, entries: list, stored_urls: list[str]) -> None:
        with self.db.atomic():
            for entry_id, fields in entries:
                self._store_record(entry_id, fields, stored_urls)

    def _store_record(self, entry_id, fields: dict, stored_urls: list[str]) -> None:
        """One record in its own savepoint: a malformed one is rolled back alone and kept as a skipped page."""
        runs = dict(self._runs)
        try:
            with self.db.atomic():
                urls = self._apply(*decode_record(fields))
        except RECORD_ERRORS as exc:
            if not self.db.conn.in_transaction:
                raise  # the batch's transaction is gone with it: the rest can not be stored atomically
            self._runs = runs  # a run row created in the rolled-back savepoint is gone
            self._skip(entry_id, fields, exc)
        else:
            stored_urls += urls

    def _apply(self, kind: str, run: str, crawl: str, payload) -> list[str]:
        """Store one decoded record; return the URLs of an article it stored."""
        if kind == "run_started":
            self._run_id(run, crawl, payload)
        elif kind == "run_finished":
            finish_run(self.db, self._run_id(run, crawl), payload.get("reason") or "finished",
                       int(payload.get("errors") or 0))
            self.counts.runs_finished += 1
        else:
            return self._store_item(payload, self._run_id(run, crawl))
        return []

    def _store_item(self, item, run_id: int) -> list[str]:
        urls = [item.fetched_url, item.article.url] if isinstance(item, ArticleItem) else [item.url]
        for url in urls:  # a crawl fetches and stores http(s) pages only; a record may say anything
            if not _is_http(url):
                raise ValueError(f"not an http(s) URL: {url!r:.200}")
        if self._already_stored(item, run_id):
            self.counts.replayed += 1
            return []
        for outcome in store_items(self.db, [item], run_id, self.store_raw_html, self.recent):
            self.counts.outcomes[outcome] = self.counts.outcomes.get(outcome, 0) + 1
        if self.item_delay:
            time.sleep(self.item_delay)
        return [item.fetched_url, item.article.url] if isinstance(item, ArticleItem) else []

    def _skip(self, entry_id, fields: dict, exc: BaseException) -> None:
        """Keep a malformed record as a skipped pages row: under its URL if it still shows one, else its stream id."""
        entry, reason = _text(entry_id), f"malformed_record:{_error_name(exc)}"
        logger.warning("record %s of %s skipped: %s: %.300s", entry, self.stream, reason, exc)
        url, fetched_at = _identity(fields)
        page = PageItem(url=url or f"{self.stream}/{entry}", fetched_at=fetched_at or utc_now(), reason=reason)
        store_page(self.db, page, self._find_run(_lenient_text(fields.get(b"run"))))
        self.counts.malformed += 1

    def _already_stored(self, item, run_id: int) -> bool:
        url = item.fetched_url if isinstance(item, ArticleItem) else item.url
        return self.db.execute("SELECT 1 FROM pages WHERE url = ? AND run_id = ? AND fetched_at = ?",
                               [url, run_id, item.fetched_at]).fetchone() is not None

    def _run_id(self, token: str, crawl: str, started: dict | None = None) -> int:
        """The crawl_runs row of a run token, created on its first record (inside the batch's transaction)."""
        run_id = self._find_run(token)
        if run_id is None:
            started = started or {}
            arguments = started.get("arguments") or {"redis_run": token, "redis_crawl": crawl}
            run_id = self.db["crawl_runs"].insert({
                "started": started.get("started") or utc_now(), "site": started.get("site"),
                "arguments": json.dumps(arguments, ensure_ascii=False),
            }).last_pk
        self._runs[token] = run_id
        return run_id

    def _find_run(self, token: str | None) -> int | None:
        """The crawl_runs row of a run token, if there is one yet."""
        if token is None or token in self._runs:
            return self._runs.get(token)
        row = self.db.execute("SELECT id FROM crawl_runs WHERE json_extract(arguments, '$.redis_run') = ?",
                              [token]).fetchone()
        return row[0] if row else None


def decode_record(fields: dict) -> tuple[str, str, str, object]:
    """(kind, run, crawl, item or run data) of a stream entry; one of RECORD_ERRORS if it is not a record."""
    kind, run, crawl = (_text(fields.get(key)) for key in (b"kind", b"run", b"crawl"))
    data = fields.get(b"data", b"{}")
    if kind in ("article", "page"):
        return kind, run, crawl, decode_item(kind, data)
    if kind in RUN_FIELDS:
        return kind, run, crawl, _run_data(data, RUN_FIELDS[kind])
    raise ValueError(f"unknown record kind {kind!r}")


def _run_data(data, accepted: dict) -> dict:
    info = json.loads(data)
    if not isinstance(info, dict):
        raise TypeError(f"run record data is {type(info).__name__}, not an object")
    for key, types in accepted.items():
        if not isinstance(info.get(key), types):
            raise TypeError(f"run record {key}: {type(info.get(key)).__name__}")
    return info


def _identity(fields: dict) -> tuple[str | None, str | None]:
    """The URL and fetch time a malformed record still shows, if any (its data may be anything)."""
    try:
        data = json.loads(fields.get(b"data") or b"null")
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    url, fetched_at = data.get("fetched_url", data.get("url")), data.get("fetched_at")
    url = _storable(url) if _is_http(url) else None
    try:  # only a time that reads as one: the pages row is ordered and filtered by it
        fetched_at = datetime.fromisoformat(fetched_at).isoformat() if isinstance(fetched_at, str) else None
    except ValueError:
        fetched_at = None
    return url, fetched_at


def _is_http(url) -> bool:
    parts = split_url(url) if isinstance(url, str) else None  # "http://[::1": no address, not an error
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def _storable(text: str) -> str:
    """text with lone surrogates (JSON's "\\ud800") as escapes: SQLite stores UTF-8 only, and a skipped
    record's row that could not be written failed its whole batch, over and over."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _error_name(exc: BaseException) -> str:
    """TypeError, json.JSONDecodeError, binascii.Error: its package says which "Error" it is."""
    package = type(exc).__module__.split(".")[0]
    return type(exc).__name__ if package == "builtins" else f"{package}.{type(exc).__name__}"


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else (value or "")


def _lenient_text(value) -> str | None:
    try:
        return _text(value)
    except ValueError:
        return None
