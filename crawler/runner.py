"""Run the news spider in this process and return its stats (used by the CLI and tests)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time

from scrapy.utils.project import get_project_settings

from newsmill.reasons import FinishReason

from .alerts import ALERT_SETTINGS
from .compat import engine_started

# Exit statuses of a run stopped by a signal, as a shell reports a process killed by it (128 + number).
SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}
# Settings of newsmill's own that crawler/settings.py does not list, with their defaults.
EXTRA_SETTINGS = {
    "CRAWL_SHUTDOWN_SECONDS": 5.0,  # after a first Ctrl-C/SIGTERM, pages in flight get this long, then are abandoned
    "NIGHTLY_MAX_FAILED_SHARE": 0.5,  # a nightly site FAILED when more of its fetches got no response
    **ALERT_SETTINGS,  # nightly's alert thresholds (crawler/alerts.py)
}


class SettingsError(RuntimeError):
    """SCRAPY_SETTINGS_MODULE or a scrapy.cfg that Scrapy cannot use, named in the message (a RuntimeError:
    the newsmill command shows those as one line)."""


def project_settings(overrides: dict | None = None):
    import configparser

    # Unset or empty: newsmill's own. An empty value is how a shell clears a variable (`VAR= cmd`);
    # Scrapy would read it as "no settings module" and find no spider at all.
    if not os.environ.get("SCRAPY_SETTINGS_MODULE"):
        os.environ["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    try:
        settings = get_project_settings()
    except (configparser.Error, UnicodeDecodeError):  # Scrapy reads every scrapy.cfg up to / first
        raise SettingsError(_scrapy_cfg_problem()) from None
    except Exception as exc:  # the module is missing, or failed as it was imported: any error of its code
        raise SettingsError(f"SCRAPY_SETTINGS_MODULE={os.environ['SCRAPY_SETTINGS_MODULE']}: cannot load it "
                            f"({type(exc).__name__}: {exc})") from None
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def _scrapy_cfg_problem() -> str:
    """Which of the scrapy.cfg files Scrapy reads is broken, and how."""
    import configparser

    from scrapy.utils.conf import get_sources

    for source in get_sources():
        try:
            configparser.ConfigParser().read(source)
        except (configparser.Error, UnicodeDecodeError) as exc:
            reason = " ".join(line.strip() for line in str(exc).splitlines())
            return f"{source}: not a valid scrapy.cfg ({reason}); fix or remove it"
    return "a scrapy.cfg file cannot be read"


def _no_spider():
    raise SettingsError(f"SCRAPY_SETTINGS_MODULE={os.environ['SCRAPY_SETTINGS_MODULE']}: no `news` spider "
                        "there (use crawler.settings, or a module that imports it)") from None


def run_crawl(start_urls: list[str], overrides: dict | None = None, **spider_args) -> dict:
    """Crawl and block until done. One call per process: Twisted's reactor cannot restart.

    spider_args go to the news spider: sitemaps, feeds, allow, deny (lists), discover (bool).
    A first SIGINT/SIGTERM stops the crawl (see Shutdown); the stats then hold `newsmill/signal`.
    """
    shutdown = Shutdown()
    shutdown.install()  # first: a Ctrl-C during Scrapy's set-up is a stop too, not a KeyboardInterrupt
    quiet_network_tracebacks()
    from scrapy.crawler import CrawlerProcess

    settings = project_settings(overrides)
    if not settings.getlist("SPIDER_MODULES"):  # before Scrapy's start-up log: the error stays one line
        _no_spider()
    shutdown.grace = settings.getfloat("CRAWL_SHUTDOWN_SECONDS", EXTRA_SETTINGS["CRAWL_SHUTDOWN_SECONDS"])
    process = CrawlerProcess(settings)
    try:
        crawler = process.create_crawler("news")
    except KeyError:  # SCRAPY_SETTINGS_MODULE names a module without newsmill's SPIDER_MODULES
        _no_spider()
    started = time.monotonic()
    process.crawl(crawler, start_urls=list(start_urls), **spider_args)
    shutdown.attach(crawler)
    process.start(install_signal_handlers=False)  # ours are installed: Scrapy's second signal can hang
    # The spider's read-only view of the database (crawler/state.py): closed here, not left to the garbage
    # collector, else its connection was still open at exit and the -wal and -shm files stayed behind.
    state = getattr(getattr(crawler, "spider", None), "state", None)
    if hasattr(state, "close"):
        state.close()
    stats = dict(crawler.stats.get_stats())
    stats["elapsed_seconds"] = round(time.monotonic() - started, 2)
    if shutdown.signum is not None:
        stats["newsmill/signal"] = shutdown.signum
        stats["newsmill/abandoned"] = shutdown.abandoned
    return stats


def _network_errors() -> tuple[type, ...]:
    from scrapy import exceptions
    from twisted.internet import error

    names = ("DownloadConnectionRefusedError", "CannotResolveHostError", "DownloadTimeoutError",
             "DownloadFailedError", "ResponseDataLossError")
    return (error.ConnectError, error.DNSLookupError, error.TimeoutError, error.ConnectionLost, ConnectionError,
            TimeoutError,
            *(getattr(exceptions, n) for n in names if hasattr(exceptions, n)))


def quiet_network_tracebacks() -> None:
    """A refused connection or a timeout is logged on one line: its traceback says nothing about the
    site and buries the crawl's output (Scrapy's robots.txt middleware logs one per site)."""
    network = _network_errors()
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "newsmill", False):
        return

    def record(name, level, fn, lno, msg, args, exc_info, func=None, sinfo=None, **kwargs):
        if exc_info and isinstance(exc_info, tuple) and isinstance(exc_info[1], network):
            msg, exc_info = f"{msg} ({type(exc_info[1]).__name__})", None
        return make_record(name, level, fn, lno, msg, args, exc_info, func, sinfo, **kwargs)

    record.newsmill = True
    logging.setLogRecordFactory(record)


class Shutdown:
    """SIGINT and SIGTERM for a crawl in this process.

    The first stops scheduling and closes the spider (finish reason `shutdown`): pages in flight get
    `grace` seconds; then they are abandoned: what was extracted is committed, the run row closed,
    the workers killed and the reactor stopped. A second signal exits at once (status 128 + signal),
    leaving the run row for the next run to close as `killed`. Extraction workers never see SIGINT
    (crawler/worker.py): Ctrl-C reaches the whole process group, and this process handles it.
    """

    received: int | None = None  # the signal that stopped this process's crawl, for callers without its stats

    def __init__(self, grace: float = EXTRA_SETTINGS["CRAWL_SHUTDOWN_SECONDS"]):
        self.grace = grace
        self.signum: int | None = None
        self.abandoned = False
        self.crawler = None
        self._reactor_ready = False

    def install(self) -> None:
        for signum in SIGNAL_EXIT:
            signal.signal(signum, self._handle)

    def attach(self, crawler) -> None:
        """The reactor exists now: a signal that came before is acted on once it runs."""
        from twisted.internet import reactor

        self.crawler = crawler
        self._reactor_ready = True
        if self.signum is not None:
            reactor.callFromThread(self._begin)

    def _handle(self, signum, frame) -> None:
        if self.signum is not None:  # the second: at once
            name = signal.Signals(signum).name
            os.write(2, f"newsmill: {name} again: quitting now (the run is closed as 'killed' by the next "
                        "run on this database)\n".encode())
            try:
                self._kill_workers(shutdown=False)
            finally:
                os._exit(SIGNAL_EXIT.get(self.signum, 1))
        self.signum = Shutdown.received = signum
        if self._reactor_ready:
            from twisted.internet import reactor

            reactor.callFromThread(self._begin)

    def _begin(self) -> None:
        """On the reactor: say what happens, stop the crawl, and set the deadline for pages in flight."""
        from twisted.internet import reactor

        name = signal.Signals(self.signum).name
        print(f"newsmill: {name} received: stopping; pages in flight get {self.grace:g} s "
              f"(send {name} again to quit at once)", file=sys.stderr, flush=True)
        self._stop()
        reactor.callLater(self.grace, self._abandon)

    def _stop(self) -> None:
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        crawler = self.crawler
        engine = getattr(crawler, "_engine", None)  # Crawler.engine raises until the crawl starts
        if engine is not None and engine.running:
            deferred_from_coro(crawler.stop_async())
        elif crawler.crawling:  # still setting up: stop once the engine runs
            reactor.callLater(0.05, self._stop)

    def _abandon(self) -> None:
        """The grace period is over: commit what was extracted, close the run row, stop everything."""
        from twisted.internet import reactor

        from pipelines.sqlite import SqlitePipeline

        if not reactor.running:
            return
        self.abandoned = True
        print(f"newsmill: pages still in flight after {self.grace:g} s: abandoned", file=sys.stderr, flush=True)
        pipeline = self.crawler.get_item_pipeline(SqlitePipeline) if engine_started(self.crawler) else None
        if pipeline is not None:
            pipeline.spider_closed(reason=FinishReason.SHUTDOWN)
        self._kill_workers()
        if getattr(reactor, "threadpool", None) is not None:
            reactor.threadpool.stop()  # a shutdown trigger would have; not started again
        reactor.crash()  # no shutdown triggers: they would wait for the pages in flight again

    def _kill_workers(self, shutdown: bool = True) -> None:
        pool = getattr(getattr(self.crawler, "spider", None), "pool", None)
        if pool is not None:
            pool.kill(shutdown)


def parse_overrides(pairs: tuple[str, ...]) -> dict:
    """-s NAME=VALUE pairs, as scrapy crawl takes them."""
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"expected NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides
