"""Page analysis that runs in worker processes, off Scrapy's reactor thread.

One parse per page: links, page type, fields and body all come from the same lxml tree.
Everything crossing the process boundary is plain data.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from cleaners import Article, ExtractionError
from cleaners.fields.jsonld import read_jsonld
from cleaners.overrides import SiteRules
from cleaners.parse import bytes_source, html_source, parse_source
from newsmill.reasons import Skip
from pipelines import rawhtml
from pipelines.fingerprint import simhash  # not dedupe: that one loads sqlite-utils

from .links import extract_links
from .memory import release_large_buffers
from .parentdeath import die_with_parent
from .pagetype import classify
from .urls import article_key

logger = logging.getLogger(__name__)

@dataclass
class PageAnalysis:
    links: list[str] = field(default_factory=list)
    article: Article | None = None
    skip_reason: str | None = None  # why the page is not stored, when it is not
    worker_pid: int = field(default_factory=os.getpid)  # shows the work ran off the reactor
    encoding: str | None = None  # how the page's bytes were decoded (when bytes were given)
    simhash: int | None = None  # of the article's body, for near-duplicate search (pipelines/dedupe.py)
    raw_compressed: bytes = b""  # the page's bytes compressed for raw_pages, when asked for (raw_level)


def analyse_page(page: str | bytes, url: str, disabled: tuple[str, ...] = (), min_body_chars: int = 200,
                 rules: SiteRules | None = None, declared_encoding: str | None = None,
                 hosts: frozenset[str] | None = None, raw_level: int | None = None) -> PageAnalysis:
    """Links to follow and, for an article page, the extracted Article.

    `page` is the response body as received (decoded here, off the reactor) or already decoded text.
    `hosts` keeps only links to those hosts (the crawl's own sites). With `raw_level`, an article
    page's bytes come back compressed, ready to store: the worker, not the reactor, pays for it.
    """
    from cleaners.extract import extract_from_tree  # workers only: _warm_up loaded it

    encoding = None
    try:
        if isinstance(page, bytes):
            source, encoding = bytes_source(page, declared_encoding)  # most pages: never decoded whole
        else:
            source = html_source(page)
        tree = parse_source(source)
        del source
    except ExtractionError as exc:
        return PageAnalysis(skip_reason=f"{Skip.UNPARSABLE}: {exc}", encoding=encoding)
    links = extract_links(tree, url, hosts=hosts)
    jsonld = read_jsonld(tree)
    is_article, reason = classify(tree, url, jsonld)
    if not is_article:
        return PageAnalysis(links=links, skip_reason=Skip.NOT_ARTICLE.of(reason), encoding=encoding)
    article, _ = extract_from_tree(tree, url, disabled=disabled, rules=rules, jsonld=jsonld)
    article.url = article_key(url, article.canonical_url)
    if len(article.body) < min_body_chars:
        return PageAnalysis(links=links, skip_reason=Skip.BODY_TOO_SHORT, encoding=encoding)
    raw_compressed = b""
    if raw_level is not None:
        raw_compressed = rawhtml.compress(page if isinstance(page, bytes) else page.encode("utf-8"), raw_level)
    return PageAnalysis(links=links, article=article, encoding=encoding, simhash=simhash(article.body),
                        raw_compressed=raw_compressed)


def _warm_up(board, seats) -> None:
    """Worker start: take a seat on the board and import the heavy modules once, not on the first page.

    Then gc.freeze(): the modules' objects live as long as the worker, and the collector no longer
    walks them on every full collection. And a collection every GC_YOUNG new objects, not 700: a page
    makes and drops hundreds of thousands (its tree's proxies, lists of text); the older generations,
    collected once per ten of the one below, then run a seventh as often.
    """
    global _seat
    # The crawl's process killed by SIGKILL runs no clean-up: the kernel kills this worker then (Linux).
    parent = multiprocessing.parent_process()
    die_with_parent(signal.SIGKILL, parent.pid if parent is not None else None)
    # Ctrl-C reaches the whole process group: the crawl's process handles it and stops the workers.
    # (SIGINT was blocked while this process started, see _SpawnContext; ignored from here on.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])
    with seats.get_lock():
        _seat = (board, seats.value % (len(board) // 2))
        seats.value += 1
    release_large_buffers()  # page-sized buffers go back to the system when freed (crawler/memory.py)
    import dateparser  # noqa: F401 (most pages have a date to parse)

    import cleaners.extract  # noqa: F401

    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


GC_YOUNG = 5000  # analyse_page over the bench mirror: 0.6-1.8 ms a page less CPU than with 700, same peak RSS


# This worker process's seat on its pool's board (set by _warm_up): where it posts the page it works on.
_seat: tuple | None = None


def _run_page(token: int, analyse, page, url: str, options: dict) -> PageAnalysis:
    """Post (token, start time) on the board while the page is worked on: the pool's clock reads it."""
    board, i = _seat
    board[2 * i], board[2 * i + 1] = float(token), time.monotonic()  # CLOCK_MONOTONIC: system-wide on Linux
    try:
        return analyse(page, url, **options)
    finally:
        board[2 * i + 1] = 0.0


def _ready() -> int:
    return os.getpid()


def _quiet_resource_tracker() -> None:
    """A crawl told to stop at once (a second Ctrl-C) exits without its finalizers: multiprocessing's
    resource tracker then removes the pool's semaphores, as it should, but also warns about them on the
    terminal. It takes our -W options when it starts (with the pool's first semaphore)."""
    import sys

    option = "ignore:resource_tracker:UserWarning"
    if option not in sys.warnoptions:
        sys.warnoptions.append(option)


class _WorkerProcess(multiprocessing.get_context("spawn").Process):
    """A spawn process started with SIGINT blocked in the starting thread.

    A blocked signal stays blocked across fork and exec, so a Ctrl-C that comes while a worker
    imports Python (before _warm_up ignores SIGINT) never raises KeyboardInterrupt in it. A SIGINT
    meant for the crawl waits until start() returns (multiprocessing's resource tracker does the same).
    """

    def start(self):
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGINT])
        try:
            super().start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _SpawnContext:
    """The spawn context, starting _WorkerProcess processes."""

    Process = _WorkerProcess

    def __init__(self):
        self._ctx = multiprocessing.get_context("spawn")

    def __getattr__(self, name):
        return getattr(self._ctx, name)


class ExtractionPool:
    """A process pool sized to the cores, awaited from the asyncio reactor.

    Each worker has its next page queued behind the one it works on (`depth` pages per worker in
    flight), so it never waits for the reactor between two pages. Each page gets `timeout` seconds of
    a worker's time, counted from when a worker takes it: workers post the page they work on and
    when they started it on a shared board, which a watchdog reads. A page over its time is recorded
    as `extraction_timeout` and its worker is killed (a process is the only thing that can stop lxml
    or trafilatura mid-call): the pool is replaced, and the other pages that were in it are run again
    in the new one.

    `analyse` is the function each worker runs (module-level, so it pickles): `analyse_page`.
    """

    def __init__(self, workers: int = 0, timeout: float = 0, analyse=None, depth: int = 2):
        self.workers = workers or os.cpu_count() or 1
        self.timeout = timeout or None
        self.depth = max(1, depth)
        self.analyse_function = analyse or analyse_page
        self._executor: ProcessPoolExecutor | None = None
        self._board = None
        self._ready: asyncio.Future | None = None
        self._pings: list | None = None  # one _ready call per worker, submitted by start()
        self._slots: asyncio.Semaphore | None = None
        self._watchdog: asyncio.Task | None = None
        self._tokens = itertools.count(1)
        self._timed_out: set[int] = set()
        self.timeouts = 0
        self.recycled = 0

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            release_large_buffers()  # the crawl's process: response bodies and their pickled copies
            # spawn: each worker is a new interpreter that imports what it needs (_warm_up). It inherits
            # neither the reactor's threads and sockets nor the crawl's memory. A fork server preloading
            # the extraction modules shared them between workers but also kept them mapped in an idle
            # process of its own: spawn held the least memory of the three (make bench, docs/performance.md).
            _quiet_resource_tracker()
            from .compat import guard_pool_wakeup  # the crawl's process only (it loads Scrapy)

            guard_pool_wakeup()
            ctx = _SpawnContext()
            # A seat per worker, and one more per replacement a worker dying by itself may bring.
            self._board = ctx.Array("d", 4 * self.workers, lock=False)
            seats = ctx.Value("i", 0)
            self._executor = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_warm_up,
                                                 initargs=(self._board, seats))
            self._ready = self._pings = None
        return self._executor

    def start(self) -> None:
        """Start the workers now, not on the first page: their imports (~0.3 s) then overlap the
        crawl's own start-up (Scrapy's set-up, the database, robots.txt)."""
        executor = self._pool()
        if self._pings is None:
            self._pings = [executor.submit(_ready) for _ in range(self.workers)]

    async def _started(self) -> None:
        """Wait until the workers have imported their modules: start-up is not a page's time."""
        if self._ready is None:
            self.start()
            self._ready = asyncio.ensure_future(asyncio.gather(*map(asyncio.wrap_future, self._pings)))
        await asyncio.shield(self._ready)

    async def analyse(self, page, url: str, **options) -> PageAnalysis:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers * self.depth)
        if self.timeout and self._watchdog is None:
            self._watchdog = asyncio.ensure_future(self._watch())
        async with self._slots:
            for attempt in (1, 2):
                executor = self._pool()
                token = next(self._tokens)
                try:
                    await self._started()
                    future = executor.submit(_run_page, token, self.analyse_function, page, url, options)
                    return await asyncio.wrap_future(future)
                except BrokenProcessPool:
                    if token in self._timed_out:
                        self._timed_out.discard(token)
                        return PageAnalysis(skip_reason=Skip.EXTRACTION_TIMEOUT)
                    # A worker died: out of memory, a crash in a C extension, or killed because
                    # another page ran over its time. Start a fresh pool and try once more.
                    self._recycle(executor)
                    if attempt == 2:
                        return PageAnalysis(skip_reason=Skip.WORKER_CRASHED)
                except KeyboardInterrupt:  # a worker that got SIGINT anyway: the crawl's process handles it
                    return PageAnalysis(skip_reason=Skip.INTERRUPTED)
                except Exception as exc:  # a bug in extraction must cost one page, not the crawl
                    logger.exception("extraction failed for %s", url)
                    return PageAnalysis(skip_reason=Skip.EXTRACTION_ERROR.of(type(exc).__name__))
        return PageAnalysis(skip_reason=Skip.WORKER_CRASHED)  # not reached

    async def _watch(self) -> None:
        """Every fraction of the timeout: is a worker on one page for longer than that? Stop it."""
        interval = min(1.0, self.timeout / 4)
        while True:
            await asyncio.sleep(interval)
            board, executor = self._board, self._executor
            if board is None or executor is None:
                continue
            now = time.monotonic()
            for i in range(0, len(board), 2):
                token, started = int(board[i]), board[i + 1]
                if started and now - started > self.timeout:
                    self.timeouts += 1
                    self._timed_out.add(token)
                    logger.warning("extraction of a page took over %s s: worker stopped", self.timeout)
                    self._recycle(executor)
                    break

    def _recycle(self, executor: ProcessPoolExecutor) -> None:
        """Kill the workers of `executor` and drop it, unless it was already replaced."""
        if executor is not self._executor:
            return
        self.recycled += 1
        from .compat import pool_processes  # loads Scrapy: here, in the crawl's process, not in each spawned worker

        for process in pool_processes(executor):
            if process.is_alive():
                process.kill()
        self._shutdown()

    def _shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self._board = None
            self._ready = self._pings = None

    def kill(self, shutdown: bool = True) -> None:
        """Stop the workers now, mid-page or not (a crawl told to stop at once, or out of time).
        shutdown=False only kills them: safe in a signal handler, which may interrupt the executor."""
        executor = self._executor
        from .compat import pool_processes  # already loaded by the crawl (importing it in a signal handler is safe)

        for process in pool_processes(executor):
            try:
                process.kill()
            except (OSError, ValueError, AttributeError):
                pass
        if shutdown:
            self._shutdown()

    def close(self) -> None:
        self._shutdown()
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
