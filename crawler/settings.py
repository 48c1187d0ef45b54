"""Scrapy settings for newsmill: only what we set, one comment each. Override with -s NAME=VALUE."""

from scrapy.settings import default_settings as _scrapy_defaults

from crawler import compat as _compat

BOT_NAME = "newsmill"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves and be polite.
USER_AGENT = "newsmill/0.1 (+https://github.com/newsmill/newsmill; news archiving bot)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True  # adapt the delay to each server's latency
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0  # average parallel requests per remote site
DOWNLOAD_DELAY = 0.25  # the floor AutoThrottle never goes below
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many tasks for the output of every response, however short: our callbacks yield
# a few requests and at most one item, and the pipelines do not wait. 100 (the default) cost about a
# sixth of the reactor's time on a fast local crawl.
CONCURRENT_ITEMS = 8

# Scrapy's defaults allow 1 GiB responses and 180 s timeouts: far too much for news pages.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_FAIL_ON_DATALOSS = True  # a body shorter than its Content-Length is a failed fetch, not a page
DNS_TIMEOUT = 15  # Scrapy waits 60 s for a name server by default
RETRY_TIMES = 2  # 3 attempts in all for timeouts, resets and RETRY_HTTP_CODES
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10  # Scrapy allows 20; longer chains and loops are recorded as too_many_redirects
URLLENGTH_LIMIT = 1024  # longer URLs (ever-growing query strings) are not followed
MEMUSAGE_ENABLED = True  # the crawl process watches its own memory (Linux) ...
MEMUSAGE_WARNING_MB = 1536  # ... warns at this resident size ...
MEMUSAGE_LIMIT_MB = 3072  # ... and closes the spider cleanly (finish reason memusage_exceeded) at this one
MEMUSAGE_CHECK_INTERVAL_SECONDS = 10.0
DEPTH_LIMIT = 5  # in-site link hops from a start URL; --depth changes it
CRAWL_FOLLOW_LINKS = True  # False (--depth 0): links in pages are not followed; sitemaps and feeds still are
DEPTH_PRIORITY = 1  # breadth-first: front pages and sections before deep archives
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DOWNLOADER_MIDDLEWARES = {
    # First: nothing, not even robots.txt, is requested from a private address a link points to.
    "crawler.middlewares.addressguard.AddressGuardMiddleware": 50,
    # Before RobotsTxtMiddleware (100): once the page budget is spent, robots.txt is not even asked.
    "crawler.middlewares.pagebudget.PageBudgetGateMiddleware": 90,
    # After RobotsTxtMiddleware (100): pages robots.txt refuses do not use up the budget.
    "crawler.middlewares.pagebudget.PageBudgetMiddleware": 110,
    # Sees robots.txt responses before their readers (RobotsTxtMiddleware's fetch, CrawlDelay at 120).
    "crawler.middlewares.robotssize.RobotsTxtSizeMiddleware": 130,
    "crawler.middlewares.crawldelay.CrawlDelayMiddleware": 120,  # robots.txt Crawl-delay
    # Scrapy's lets requests through unchecked while robots.txt is fetched: ours, in its place.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.compat.RobotsTxtMiddleware": 100,
    # Between the retries (550) and the robots.txt parser: a robots.txt still failing disallows the site.
    "crawler.middlewares.robotsunreachable.RobotsUnreachableMiddleware": 125,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,  # replaced by ours, in its place:
    "crawler.middlewares.retryafter.RetryAfterMiddleware": 550,  # retries that honour Retry-After
    "crawler.middlewares.redirectloop.RedirectLoopMiddleware": 610,  # sees a 3xx before RedirectMiddleware (600)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,  # replaced by ours, in its place:
    "crawler.middlewares.metarefresh.MetaRefreshMiddleware": 580,  # reads the head, not the whole page
    # Around HttpCompressionMiddleware (590): a compressed page cut short is retried, then recorded as `truncated`.
    "crawler.middlewares.truncatedbody.CompressedBodyMiddleware": 595,
    # Scrapy's, in its place: a body its Content-Encoding cannot decode is recorded as `bad_content_encoding`.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.truncatedbody.ContentDecodingMiddleware": 590,
    "crawler.middlewares.truncatedbody.TruncatedBodyMiddleware": 585,
    # Scrapy's cookie jar grows without limit: ours, in its place, bounded (COOKIES_MAX_*).
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.middlewares.cookielimit.BoundedCookiesMiddleware": 700,
}

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.sqlite.SqlitePipeline": 300,
}

# newsmill's own settings.
CRAWL_INCREMENTAL = False  # skip stored articles unless a sitemap/feed dates them newer (nightly turns it on)
CRAWL_MAX_AGE_DAYS = 0  # articles published longer ago are not fetched from sitemaps nor stored; 0 = any age
CRAWL_SITE = ""  # the site's name in crawl_runs (nightly sets it from sites.toml)
CRAWL_MAX_PAGES = 0  # stop after fetching this many pages (robots.txt not counted); 0 = no limit
# URLs from sitemaps, feeds and links queued at most, as built Requests (~0.7 KB each; 5,000 keep 32 downloads
# busy many times over); the rest wait, unparsed, ...
CRAWL_MAX_FRONTIER = 5_000
CRAWL_MAX_BACKLOG_MB = 64  # ... in a backlog of at most this many MiB of sitemaps and link lists (more: dropped)
CRAWL_MAX_PAGES_PER_SITE = 50_000  # fetch at most this many pages from one site per crawl (spider traps); 0 = no limit
ADDRESSGUARD_ENABLED = True  # refuse links and redirects into private, loopback or link-local addresses
ADDRESSGUARD_ALLOWED = []  # hosts or networks that are allowed anyway, e.g. ["10.0.0.0/8", "intranet.example"]
ADDRESSGUARD_RESOLVE = ""  # the function resolving names for the guard and the connections; "" = getaddrinfo
# Connections go to the addresses the guard checked (no second lookup a rebinding DNS could answer differently).
# Scrapy 2.19 names the setting TWISTED_DNS_RESOLVER, older versions DNS_RESOLVER: crawler/compat.py knows which.
globals()[_compat.DNS_RESOLVER_SETTING] = "crawler.middlewares.addressguard.PinnedResolver"
RETRYAFTER_ENABLED = True  # wait as long as a 429/503 Retry-After asks before retrying ...
RETRYAFTER_MAX_DELAY = 120.0  # ... up to this many seconds; a longer wait gives that page up
ROBOTSTXT_MAX_BYTES = 500 * 1024  # robots.txt is read up to this size (Google's limit), the rest ignored
CRAWLDELAY_ENABLED = True  # honour robots.txt Crawl-delay ...
CRAWLDELAY_MAX = 60.0  # ... capped at this many seconds between requests to one site
COOKIES_MAX_BYTES = 4096  # a cookie larger than this (name and value) is not kept, as browsers do (RFC 6265 6.1) ...
COOKIES_MAX_PER_DOMAIN = 180  # ... nor more than this many per domain (Chrome's figure), the least recently used first ...
COOKIES_MAX_TOTAL = 3000  # ... nor more than this many in all (0 turns a bound off; newsmill/cookies_dropped)
SQLITE_PATH = "output/news.db"  # the database every run writes to
SQLITE_BATCH_SIZE = 50  # articles per transaction (each holds its page's HTML until written; 8 MiB of it at most)
SQLITE_FLUSH_SECONDS = 5.0  # commit at least this often while a crawl runs
SQLITE_STORE_HTML = True  # keep each article page's HTML, compressed, for `newsmill reextract`
SQLITE_HTML_ZSTD_LEVEL = 3  # zstd level of that HTML: 3 is barely slower than 1 and smaller (make bench)
EXTRACT_WORKERS = 0  # extraction processes; 0 = one per CPU core
EXTRACT_TIMEOUT = 30.0  # seconds one page may take in a worker before the worker is killed (extraction_timeout)
CLEANERS = {}  # {"name": order} over the built-in order (cleaners/registry.py BASE_ORDER); None turns one off
CLEAN_DISABLED = []  # cleaner names to switch off, e.g. ["related"]
CLEAN_SITE_RULES = ""  # TOML file of per-site drop/keep selectors (see cleaners/overrides.py); "" = none
CLEAN_MIN_BODY_CHARS = 200  # an article with less body text is not stored
REDIS_URL = ""  # redis://host:6379/0 makes this crawl a worker of a distributed run (--redis); "" = local
REDIS_CRAWL = ""  # the run's key prefix newsmill:<name>: (--redis sets it from --site-name or the start URLs)
REDIS_STREAM = "newsmill:records"  # the Redis Stream workers send records to and `newsmill ingest` drains
REDIS_IDLE_SECONDS = 5.0  # a worker leaves once the frontier is empty and no worker was busy for this long
REDIS_HEARTBEAT = 0.5  # seconds between a worker's busy/idle beats (and its checks of the shared frontier)

EXTENSIONS = {"crawler.extensions.progress.Progress": 500}
# Scrapy 2.19's remote control: a local HTTP server in every crawl that runs the Python code sent to it.
# newsmill does not use it, a nightly job should not open one, and it loads aiohttp (~20 MiB). Left out
# of Scrapy's own list rather than set to None in EXTENSIONS, which would still import it.
EXTENSIONS_BASE = {path: order for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if path != "scrapy.extensions.remote_control.RemoteControl"}
REMOTE_CONTROL_ENABLED = False  # the same, should a run bring it back
PROGRESS_ENABLED = True  # a live status line on a terminal, a log line every PROGRESS_INTERVAL otherwise
PROGRESS_INTERVAL = 30.0

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
# `newsmill crawl -o FILE`: each article as `newsmill export` writes it (crawler/feeditems.py), not the item's repr.
FEED_EXPORTERS = {f"newsmill-{fmt}": f"crawler.feeditems.{cls}" for fmt, cls in (
    ("jsonlines", "JsonLinesFeed"), ("json", "JsonFeed"), ("csv", "CsvFeed"), ("xml", "XmlFeed"))}
