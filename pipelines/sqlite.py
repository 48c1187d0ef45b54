"""Scrapy pipeline that stores articles and page records in SQLite, batched in transactions.

Each crawl is one `crawl_runs` row: opened when the spider opens, closed with its counts when the
spider closes. Every fetched page becomes a `pages` row: the spider yields a PageItem for pages that
are not articles (and its errback for 4xx/5xx and failed fetches), articles get their row with the
outcome of storing them, and articles the ValidatePipeline drops are recorded from the drop signal.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES

from newsmill.records import ArticleItem
from newsmill.reasons import ARTICLE_OUTCOMES, OK_FINISH_REASONS, FinishReason, Outcome, Skip

from . import rawhtml
from .rawdict import site_of
from .dedupe import RecentArticles
from .schema import open_db
from .stories import cluster_after_run
from .writer import BatchWriter
from .store import article_row, claim_own_url, duplicate_of, store_article, store_page, store_raw, utc_now

logger = logging.getLogger(__name__)

# A batch is handed to the writer once its pages' HTML, uncompressed until the writer compresses it, reaches
# this: what batches hold while they wait stays bounded whatever the pages' size.
MAX_PENDING_RAW = 4 << 20

# A crawl that ended for one of these reasons did its job; any other reason makes exit status 1.


class SqlitePipeline:
    def __init__(self, path: str, batch_size: int = 50, flush_seconds: float = 5.0, stats=None,
                 arguments: dict | None = None, store_raw_html: bool = True, raw_level: int = rawhtml.DEFAULT_LEVEL):
        self.path = path
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.stats = stats
        self.arguments = arguments or {}
        self.store_raw_html = store_raw_html
        self.raw_level = raw_level  # zstd level of a page stored before its site has a dictionary
        self.site = ""  # the site's name from sites.toml (CRAWL_SITE), for crawl_runs
        self.db = None
        self.run_id: int | None = None
        self._pending: list = []
        self._pending_raw = 0  # bytes of uncompressed HTML in _pending (the writer compresses it)
        self.recent: RecentArticles | None = None  # near-duplicate window, loaded when the run opens
        self.writer: BatchWriter | None = None  # commits batches in its own thread
        self._last_flush = time.monotonic()
        self._article_flushed = False  # the first article has been handed to the writer
        self.crawler = None
        self.error: str | None = None  # the database error that stopped the crawl
        self.seeds_answered = 0  # start URLs, sitemaps and feeds given that answered 2xx/304
        self.release_html = True  # drop each page's bytes once stored: no pipeline after this one reads them

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SQLITE_PATH")
        if not path:
            raise NotConfigured("SQLITE_PATH is not set")
        s = crawler.settings
        pipeline = cls(path, s.getint("SQLITE_BATCH_SIZE"), s.getfloat("SQLITE_FLUSH_SECONDS"), crawler.stats,
                       arguments=_arguments(crawler), store_raw_html=s.getbool("SQLITE_STORE_HTML"),
                       raw_level=s.getint("SQLITE_HTML_ZSTD_LEVEL"))
        pipeline.site = s.get("CRAWL_SITE") or ""
        pipeline.crawler = crawler
        pipeline.release_html = _is_last_pipeline(s, cls)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        return pipeline

    def response_received(self, response, request, spider=None):
        """Count the start URLs, sitemaps and feeds given that answered (after redirects): a run where
        none did found no site there (finish reason no_answer)."""
        if not (200 <= response.status < 300 or response.status == 304):
            return
        spider = spider or getattr(self.crawler, "spider", None)
        seeds = set(getattr(spider, "start_urls", []) or []) | set(getattr(spider, "xml_seeds", []) or [])
        if request.meta.get("redirect_urls", [request.url])[0] in seeds:
            self.seeds_answered += 1

    def open_spider(self):
        try:
            self._open_run()
        except sqlite3.Error as exc:  # read-only file or folder, disk full, not a database
            self.db = None
            self._stop(exc)

    def _open_run(self):
        self.db = open_db(self.path, shared=True)
        self.recent = RecentArticles.load(self.db)
        close_killed_runs(self.db)
        with self.db.atomic():
            self.run_id = self.db["crawl_runs"].insert(
                {"started": utc_now(), "arguments": json.dumps(self.arguments, ensure_ascii=False),
                 "site": self.site or None}
            ).last_pk
        if self.stats:
            self.stats.set_value("sqlite/run_id", self.run_id)
        # From here until the spider closes, only the writer thread uses the connection.
        self.writer = BatchWriter(self._write_batch)

    def close_spider(self):
        self.flush()

    def wait(self) -> None:
        """Until every batch handed over so far is committed; then count it and check for an error."""
        if self.writer is not None:
            self.writer.wait()
            self._collect()

    def spider_closed(self, spider=None, reason: str = FinishReason.FINISHED):
        """After the engine stopped: close the run row with counts from the pages table."""
        if self.db is None:
            return
        self.flush()
        if self.writer is not None:
            self.writer.close()
            self._collect()
            self.writer = None
        errors = self.stats.get_value("log_count/ERROR", 0) if self.stats else 0
        queued = self.stats.get_value("scheduler/enqueued", 0) if self.stats else 0
        try:
            spider = spider or getattr(self.crawler, "spider", None)
            has_seeds = bool(getattr(spider, "start_urls", None) or getattr(spider, "xml_seeds", None))
            finish_run(self.db, self.run_id, FinishReason.SQLITE_ERROR if self.error else reason, errors, queued,
                       seeds_answered=self.seeds_answered if has_seeds else None)
        except sqlite3.Error as exc:
            logger.error("could not close crawl run %s in %s: %s", self.run_id, self.path, exc)
        if not self.error:
            cluster_after_run(self.db)  # the same story on other sites (pipelines/stories.py)
        self.db.close()
        self.db = None

    def process_item(self, item):
        self._collect()
        if self.error:
            return item  # the crawl is stopping: nothing more can be stored
        self._pending.append(item)
        self._pending_raw += len(getattr(item, "raw", b""))
        # The run's first article is committed at once: a nightly run shows each site's first article in
        # seconds (issue 22), not after a batch of 50 or SQLITE_FLUSH_SECONDS.
        first = isinstance(item, ArticleItem) and not self._article_flushed
        if (first or len(self._pending) >= self.batch_size or self._pending_raw >= MAX_PENDING_RAW
                or time.monotonic() - self._last_flush >= self.flush_seconds):
            self._article_flushed = self._article_flushed or first
            self.flush()
        return item

    def item_dropped(self, item, response=None, exception=None, spider=None):
        """A dropped article is still a fetched page: record it with the drop reason."""
        if isinstance(item, ArticleItem):
            reason = str(exception).split(":", 1)[0] if exception else "dropped"
            self.process_item(item.page(Outcome.SKIPPED, reason))

    def flush(self) -> None:
        """Hand the pending items to the writer thread (or write them here once it is gone)."""
        if not self._pending or self.db is None or self.error:
            return
        batch, self._pending, self._pending_raw = self._pending, [], 0
        self._last_flush = time.monotonic()
        if self.writer is not None:
            self.writer.submit(batch)
            return
        try:
            self._count(batch, self._write_batch(batch))
        except sqlite3.Error as exc:  # disk full, read-only, I/O error: the batch rolled back
            self._stop(exc)

    def _collect(self) -> None:
        """On the reactor's thread: count what the writer committed; stop the crawl if a write failed."""
        if self.writer is None:
            return
        for batch, outcomes in self.writer.drain():
            self._count(batch, outcomes)
        if self.writer.error is not None and not self.error:
            if not isinstance(self.writer.error, sqlite3.Error):
                logger.error("storing a batch failed", exc_info=self.writer.error)
            self._stop(self.writer.error)

    def _stop(self, exc: Exception) -> None:
        """A write failed: stop the crawl with a clear error. Committed batches stay as they are."""
        self.error = f"{type(exc).__name__}: {exc}"
        self._pending, self._pending_raw = [], 0
        logger.error("database %s: %s; stopping the crawl (everything committed before is kept)",
                     self.path, self.error)
        if self.stats:
            self.stats.set_value("sqlite/error", self.error)
        engine = getattr(self.crawler, "engine", None)
        if engine is not None:
            closing = engine.close_spider_async(reason=FinishReason.SQLITE_ERROR)
            try:
                asyncio.get_running_loop().create_task(closing)  # the asyncio reactor's loop
            except RuntimeError:
                from scrapy.utils.defer import deferred_from_coro

                deferred_from_coro(closing)

    def _write_batch(self, batch: list) -> list[str]:
        with self.db.atomic():  # one transaction; sqlite-utils nests its own writes as savepoints
            return store_items(self.db, batch, self.run_id, self.store_raw_html, self.recent, self.raw_level,
                               release=self.release_html)

    def _count(self, batch: list, outcomes: list[str]) -> None:
        if self.stats:
            for outcome in outcomes:
                self.stats.inc_value(f"sqlite/articles/{outcome}")
            self.stats.inc_value("sqlite/articles_stored", len(outcomes))
            self.stats.inc_value("sqlite/faqs_stored", sum(
                len(i.article.faqs) for i in batch if isinstance(i, ArticleItem)))


def store_items(db, items, run_id: int | None, store_raw_html: bool = True,
                recent: RecentArticles | None = None, raw_level: int = rawhtml.DEFAULT_LEVEL,
                release: bool = False) -> list[str]:
    """Store ArticleItems and PageItems in order; return the articles' outcomes. Call inside a transaction.
    `release`: drop each page's bytes once its rows are written (a crawl's batches: items not used again).

    The one store path of a local crawl (SqlitePipeline) and of `newsmill ingest` (pipelines/ingest.py).
    `recent` is the writer's in-memory near-duplicate window (pipelines/dedupe.py), kept up to date here.
    """
    outcomes = []
    for item in items:
        if not isinstance(item, ArticleItem):
            store_page(db, item, run_id)
            continue
        try:
            with db.atomic():  # a savepoint: a value SQLite refuses costs its article, not the batch and the crawl
                outcome = _store_article_item(db, item, run_id, store_raw_html, recent, raw_level)
        except ITEM_ERRORS as exc:
            if not db.conn.in_transaction:
                raise  # the batch's transaction is gone with it
            logger.warning("%s not stored: %s: %.300s", item.fetched_url, type(exc).__name__, exc)
            if recent is not None:  # it may have learnt the row the savepoint took back
                recent.discard(site_of(item.article.url), item.article.url)
            store_page(db, item.page(Outcome.SKIPPED, Skip.STORE_ERROR.of(type(exc).__name__)), run_id)
            outcome = None
        if outcome is not None:
            outcomes.append(outcome)
        if release:
            item.release_raw()
    return outcomes


# What one article's values can raise in the store (an int past SQLite's, text UTF-8 cannot hold): not a
# database failure. OperationalError (disk full, locked, read-only) still stops the crawl.
ITEM_ERRORS = (ValueError, TypeError, OverflowError, RecursionError, sqlite3.IntegrityError, sqlite3.DataError)


def _store_article_item(db, item, run_id, store_raw_html: bool, recent, raw_level: int) -> str | None:
    """One ArticleItem's rows; its outcome, or None when it is a duplicate of a stored article."""
    row = article_row(item.article, item.fetched_url, item.simhash)
    claim_own_url(db, item.article, item.fetched_url, row, recent)
    dup = duplicate_of(db, item.article, item.fetched_url, row, item.fetched_at, recent)
    if dup:
        page = item.page(Outcome.SKIPPED, dup[0])
        page.article_url = dup[1]  # stored once, under the first URL; this one points there
        store_page(db, page, run_id)
        return None
    outcome = store_article(db, item.article, item.fetched_url, item.fetched_at, row=row, recent=recent)
    if store_raw_html and (item.raw or item.raw_compressed):
        store_raw(db, item.article.url, item, raw_level)
    store_page(db, item.page(outcome), run_id)
    return outcome


def _is_last_pipeline(settings, cls) -> bool:
    """No item pipeline runs after this one (a user's own, added in the settings, may read item.raw)."""
    enabled = {k if isinstance(k, str) else f"{k.__module__}.{k.__qualname__}": v
               for k, v in settings.getwithbase("ITEM_PIPELINES").items() if v is not None}
    name = f"{cls.__module__}.{cls.__qualname__}"
    own = enabled.get(name)
    return own is not None and all(v < own for k, v in enabled.items() if k != name)  # a tie: order unknown


def _arguments(crawler) -> dict:
    """What was asked for: the command line, start URLs and the settings given on it."""
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    overridden = {name: str(crawler.settings[name]) for name in crawler.settings
                  if crawler.settings.getpriority(name) == cmdline}
    return {"argv": sys.argv[1:], "settings": overridden}


def run_summary(db, run_id: int) -> dict:
    """Counts for one crawl run, from its pages rows (indexed on run_id, outcome)."""
    by_outcome = dict(db.execute(
        "SELECT outcome, count(*) FROM pages WHERE run_id = ? GROUP BY outcome", [run_id]).fetchall())
    reasons = {}
    for reason, n in db.execute(
        "SELECT reason, count(*) FROM pages WHERE run_id = ? AND outcome IN ('skipped', 'failed') "
        "GROUP BY reason", [run_id]
    ):
        key = (reason or "unknown").split(":", 1)[0]
        reasons[key] = reasons.get(key, 0) + n
    faqs = db.execute(
        "SELECT count(*) FROM faqs WHERE article_url IN "
        "(SELECT article_url FROM pages WHERE run_id = ? AND article_url IS NOT NULL)", [run_id]).fetchone()[0]
    return {
        "pages": sum(by_outcome.values()),
        **{f"articles_{o}": by_outcome.get(o, 0) for o in ARTICLE_OUTCOMES},
        "pages_skipped": by_outcome.get(Outcome.SKIPPED, 0),
        "pages_failed": by_outcome.get(Outcome.FAILED, 0),
        "faqs": faqs,
        "counts": json.dumps(dict(sorted(reasons.items()))),
    }


def close_killed_runs(db) -> list[int]:
    """Close the run rows a killed process left open (finish reason `killed`), with their counts.
    One writer at a time (the lock): a row still open when a run starts belongs to a dead process.
    Rows of a distributed run (`newsmill ingest`) are left to it."""
    ids = [r[0] for r in db.execute(
        "SELECT id FROM crawl_runs WHERE finished IS NULL AND json_extract(arguments, '$.redis_run') IS NULL")]
    for run_id in ids:
        finish_run(db, run_id, FinishReason.KILLED)
        with db.atomic():  # it ended about when it fetched its last page
            db.execute("UPDATE crawl_runs SET finished = coalesce((SELECT max(fetched_at) FROM pages "
                       "WHERE run_id = ?), started) WHERE id = ?", [run_id, run_id])
    return ids


def finish_run(db, run_id: int, reason: str, errors: int = 0, queued: int | None = None,
               seeds_answered: int | None = None) -> None:
    """Close a run row. A run that ended normally but where none of the start URLs, sitemaps and
    feeds it was given answered (connection refused, a 404 start page, DNS failure) did not do its
    job: finish reason `no_answer`, exit status 1. Only with that count (a local crawl's spider knows its
    seeds; `newsmill ingest` and a pipeline used alone do not)."""
    if reason in OK_FINISH_REASONS and seeds_answered == 0:
        reason = FinishReason.NO_ANSWER
    with db.atomic():
        db["crawl_runs"].update(run_id, {
            **run_summary(db, run_id), "finished": utc_now(), "errors": errors, "finish_reason": reason, "queued": queued,
            "exit_status": 0 if reason in OK_FINISH_REASONS else 1,
        })
