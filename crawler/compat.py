"""What the crawl relies on in Scrapy (and the standard library) beyond the documented API, in one place.

pyproject.toml pins scrapy>=2.14,<3. Each helper here says what it depends on and the versions it was
checked against (Scrapy 2.14 to 2.19, Python 3.11); an upgrade that moves one of them fails at import or in
tests/test_compat.py, not in the middle of a nightly run. trafilatura's and jusText's internals used by the
extraction are in cleaners/compat.py (cleaners/ import nothing from crawler/).
"""

from __future__ import annotations

import scrapy
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as _RobotsTxtMiddleware
from scrapy.http.cookies import potential_domain_matches
from scrapy.resolver import CachingThreadedResolver  # noqa: F401 (the base of addressguard.PinnedResolver)
from scrapy.settings import default_settings as _defaults
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.gz import gunzip as _gunzip
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

SCRAPY_VERSION = tuple(int(p) for p in scrapy.__version__.split(".")[:2] if p.isdigit())
if not (2, 14) <= SCRAPY_VERSION < (3, 0):
    raise ImportError(f"newsmill needs Scrapy >=2.14,<3 (crawler/compat.py), found {scrapy.__version__}")


class DecompressedTooLarge(ValueError):
    """A compressed body whose decompressed size would pass the limit (recorded as `too_large`)."""


def gunzip_bounded(data: bytes, max_size: int) -> bytes:
    """The gzip body `data` decompressed, at most `max_size` bytes of it (0: no limit).

    scrapy.utils.gz.gunzip reads 64 KiB at a time and raises its private _DecompressionMaxSizeExceeded
    (a ValueError) past max_size (keyword since Scrapy 2.11); a truncated or corrupt stream gives what
    was read before the damage, or OSError/EOFError when nothing was.
    """
    try:
        return _gunzip(data, max_size=max_size)
    except ValueError as exc:
        if "exceeded" in str(exc) or type(exc).__name__ == "_DecompressionMaxSizeExceeded":
            raise DecompressedTooLarge(f"decompressed body over {max_size} bytes") from exc
        raise OSError(str(exc)) from exc


def frontier_size(crawler) -> int:
    """Requests waiting in the crawl's scheduler (0 before the engine runs).

    ExecutionEngine.scheduler is a property since Scrapy 2.14 (the slot holds it before); every
    scheduler newsmill uses (Scrapy's, scrapy-redis's) has __len__.
    """
    engine = getattr(crawler, "engine", None)
    scheduler = getattr(engine, "scheduler", None)
    if scheduler is None:
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
        scheduler = getattr(slot, "scheduler", None)
    try:
        return len(scheduler) if scheduler is not None else 0
    except TypeError:  # a scheduler without __len__
        return 0


def schedule(crawler, request) -> None:
    """Hand a request to the scheduler outside a callback (ExecutionEngine.crawl; no spider argument since
    Scrapy 2.13). Spider middlewares do not see it: the caller sets its depth and priority."""
    crawler.engine.crawl(request)


# The setting naming the reactor's DNS resolver: TWISTED_DNS_RESOLVER in recent Scrapy (DNS_RESOLVER,
# deprecated there, before).
DNS_RESOLVER_SETTING = "TWISTED_DNS_RESOLVER" if hasattr(_defaults, "TWISTED_DNS_RESOLVER") else "DNS_RESOLVER"


def engine_started(crawler) -> bool:
    """Whether the crawl's engine exists yet. Crawler.engine raises before the crawl starts, so this reads
    Crawler._engine (None until then; checked with Scrapy 2.14 to 2.19)."""
    return getattr(crawler, "_engine", None) is not None


def shorten_idle_poll(engine, seconds: float) -> None:
    """Have an idle engine ask its scheduler for work every `seconds` at most (5 s by default).

    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL, a class attribute read when the slot's heartbeat starts;
    checked with Scrapy 2.14 to 2.19.
    """
    engine._SLOT_HEARTBEAT_INTERVAL = min(engine._SLOT_HEARTBEAT_INTERVAL, seconds)


def retry(middleware, request, reason: str):
    """The retry of `request` that RetryMiddleware would schedule (None once its retries are spent).

    RetryMiddleware._retry(request, reason) applies the request's meta and the middleware's settings
    (max_retry_times, priority_adjust, give-up log level) and counts the stats; checked with Scrapy
    2.14 to 2.19.
    """
    return middleware._retry(request, reason)


def pool_processes(executor) -> list:
    """The worker processes of a concurrent.futures.ProcessPoolExecutor ([] when it has none or is None).

    ProcessPoolExecutor._processes, a dict pid -> Process (None once shut down); checked with Python
    3.11 to 3.13. The executor has no public way to kill a worker stuck in a page.
    """
    return list((getattr(executor, "_processes", None) or {}).values())


def guard_pool_wakeup() -> None:
    """Serialise ProcessPoolExecutor's wake-up pipe writes with its closing (CPython gh-125451).

    At interpreter exit concurrent.futures' `_python_exit` writes to every executor's `_ThreadWakeup` while
    the executor's manager thread may be closing that pipe: a crawl that shut its pool down just before
    ending printed "OSError: [Errno 9] Bad file descriptor" with a traceback, now and then. CPython 3.12.8
    and 3.13.1 give `_ThreadWakeup` a lock for this; before them (3.11 here), this does the same. Checked
    with Python 3.11; where `wakeup` already takes a lock, nothing is changed.
    """
    import threading
    from concurrent.futures import process

    cls = process._ThreadWakeup
    if "_lock" in cls.wakeup.__code__.co_names or getattr(cls, "_newsmill_guarded", False):
        return
    lock = threading.Lock()  # one for all wake-ups: each write is a few bytes, each close once
    wakeup, close = cls.wakeup, cls.close

    def guarded_wakeup(self):
        with lock:
            wakeup(self)

    def guarded_close(self):
        with lock:
            close(self)

    cls.wakeup, cls.close, cls._newsmill_guarded = guarded_wakeup, guarded_close, True


def set_slot_delay(crawler, request, delay: float) -> None:
    """At least `delay` seconds between requests to `request`'s download slot, without jitter: for the slot
    now and for one Scrapy creates later (it drops idle slots).

    Downloader.get_slot_key(), .slots (key -> Slot with .delay and .jitter) and .per_slot_settings (the
    DOWNLOAD_SLOTS values new slots start from); checked with Scrapy 2.14 to 2.19.
    """
    downloader = getattr(getattr(crawler, "engine", None), "downloader", None)
    if downloader is None:
        return
    key = downloader.get_slot_key(request)
    downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0)
    slot = downloader.slots.get(key)
    if slot is not None and (slot.delay < delay or slot.jitter):
        slot.delay, slot.jitter = max(slot.delay, delay), 0


class RobotsTxtMiddleware(_RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with every request that waits for a robots.txt checked against it.

    While robots.txt is being fetched, RobotsTxtMiddleware keeps a Deferred in `_parsers[netloc]` and each
    request for that host awaits it through maybe_deferred_to_future(). On the asyncio reactor that is
    Deferred.asFuture(), whose callback returns None: the first waiter gets the parser, every later one
    gets None and is let through unchecked (two start URLs on one host, or a worker taking several
    requests from a shared frontier, fetched pages robots.txt disallows). Here each waiter gets its own
    Deferred that passes the parser on. Relies on `_parsers` (netloc -> parser, None or that Deferred) and
    an async robot_parser(); checked with Scrapy 2.19 (tests/test_compat.py reads the installed source).
    """

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred = Deferred()

        def relay(parser):
            mine.callback(parser)
            return parser  # kept for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)


def offline_public_suffixes() -> None:
    """Scrapy's cookie middleware asks tldextract whether a cookie's domain is a public suffix; tldextract's
    default fetches the Public Suffix List from publicsuffix.org (then GitHub) on first use, so the first
    Set-Cookie of a crawl reached public hosts (a traceback per attempt where there is no network).
    The same splitter over tldextract's bundled snapshot instead: never a request, no cache written.

    Replaces scrapy.downloadermiddlewares.cookies._split_domain (a module global, Scrapy 2.14 to 2.19;
    tldextract 5). Idempotent."""
    import scrapy.downloadermiddlewares.cookies as cookies

    current = getattr(cookies, "_split_domain", None)
    if current is None or getattr(current, "offline", False):
        return
    # tldextract.TLDExtract, the class of Scrapy's own (reached through it: Scrapy's dependency, not ours)
    splitter = type(current)(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True,
                             include_psl_private_domains=True)
    splitter.offline = True
    cookies._split_domain = splitter


HEADER_LINE_BYTES = 64 * 1024


def longer_header_lines() -> None:
    """Twisted's HTTP client reads a response's header lines as a LineReceiver of MAX_LENGTH 16,384 bytes and
    drops the connection past it: a page with one 17 KB header (a long Content-Security-Policy) was lost as
    "Connection was closed cleanly" after its retries. Browsers take far longer lines; 64 KiB here.

    Sets twisted.web._newclient.HTTPParser.MAX_LENGTH (a class attribute; Twisted 22 to 26). Idempotent."""
    from twisted.web._newclient import HTTPParser

    if getattr(HTTPParser, "MAX_LENGTH", 0) < HEADER_LINE_BYTES:
        HTTPParser.MAX_LENGTH = HEADER_LINE_BYTES


offline_public_suffixes()  # at import: settings.py imports this module before any crawl starts
longer_header_lines()


def cookie_jar(middleware, request):
    """The http.cookiejar.CookieJar that Scrapy's CookiesMiddleware `middleware` keeps `request`'s cookies in.

    CookiesMiddleware.jars (meta "cookiejar" -> scrapy.http.cookies.CookieJar, a defaultdict) and that
    wrapper's .jar (the standard library's CookieJar, whose public iteration and clear() are all newsmill
    uses); checked with Scrapy 2.14 to 2.19.
    """
    return middleware.jars[request.meta.get("cookiejar")].jar


def sent_cookies(middleware, request) -> list:
    """The cookies (http.cookiejar.Cookie) of `request`'s jar that its Cookie header carries, once Scrapy's
    CookiesMiddleware `middleware` has set that header.

    Looks the request's host and its parent domains up in the standard library CookieJar's `_cookies`
    (domain -> path -> name -> Cookie; Python 3.11 to 3.13), as scrapy.http.cookies.CookieJar.
    add_cookie_header does (Scrapy 2.14 to 2.19), and keeps the cookies whose `name=value` is in the header:
    a cookie of the same name and value on another path counts as sent too. [] without a Cookie header.
    """
    header = request.headers.get("Cookie")
    host = urlparse_cached(request).hostname
    if not header or not host:
        return []
    pairs = {part.strip() for part in header.decode("latin-1").split(";")}
    stored = cookie_jar(middleware, request)._cookies
    domains = {host, "." + host, *potential_domain_matches(host)}
    if "." not in host:
        domains.update(potential_domain_matches(host + ".local"))
    return [cookie for domain in domains for by_name in stored.get(domain, {}).values()
            for cookie in by_name.values()
            if (cookie.name if cookie.value is None else f"{cookie.name}={cookie.value}") in pairs]
