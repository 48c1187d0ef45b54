"""Scrapy settings for newsmill: only what we set, one comment each. Override with -s NAME=VALUE."""

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

# Scrapy's defaults allow 1 GiB responses and 180 s timeouts: far too much for news pages.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
DEPTH_LIMIT = 5  # in-site link hops from a start URL; --depth changes it
DEPTH_PRIORITY = 1  # breadth-first: front pages and sections before deep archives
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DOWNLOADER_MIDDLEWARES = {
    # After RobotsTxtMiddleware (100): pages robots.txt refuses do not use up the budget.
    "crawler.middlewares.pagebudget.PageBudgetMiddleware": 110,
}

ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.sqlite.SqlitePipeline": 300,
}

# newsmill's own settings.
CRAWL_MAX_PAGES = 0  # stop after fetching this many pages (robots.txt not counted); 0 = no limit
SQLITE_PATH = "output/news.db"  # the database every run writes to
SQLITE_BATCH_SIZE = 100  # articles per transaction
SQLITE_FLUSH_SECONDS = 5.0  # commit at least this often while a crawl runs
SQLITE_STORE_HTML = True  # keep each article page's HTML, compressed, for `newsmill reextract`
EXTRACT_WORKERS = 0  # extraction processes; 0 = one per CPU core
CLEAN_DISABLED = []  # cleaner names to switch off, e.g. ["related"]
CLEAN_SITE_RULES = ""  # TOML file of per-site drop/keep selectors (see cleaners/overrides.py); "" = none
CLEAN_MIN_BODY_CHARS = 200  # an article with less body text is not stored

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
