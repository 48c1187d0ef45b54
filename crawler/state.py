"""What earlier runs stored, read from the database itself (no side file that can drift).

Incremental runs ask, per discovered URL, whether it is a stored article, when it was last seen,
and which HTTP validators its server gave: one primary-key lookup each, read-only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsmill.reasons import ARTICLE_OUTCOMES, INTERRUPTED
from newsmill.records import Known




class CrawlState:
    """`incremental`: skip stored articles unless a sitemap/feed dates them newer. Either way, a
    stored article is fetched with the validators of its last response, and the articles stored by
    the interrupted runs just before this one (killed, stopped by a signal) are not fetched again."""

    def __init__(self, db_path: str | Path, incremental: bool = True):
        self._conn = None
        self.incremental = incremental
        self.resumed: set[str] = set()  # URLs the interrupted runs before this one stored as articles
        if Path(db_path).exists():
            self._conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self.resumed = self._interrupted_articles()

    def _interrupted_articles(self) -> set[str]:
        """The consecutive runs, newest first, left open or closed as killed/shutdown: a crawl that keeps
        dying at the same point gets further each time instead of fetching the same pages again."""
        try:
            runs = []
            for run_id, finished, reason in self._conn.execute(
                    "SELECT id, finished, finish_reason FROM crawl_runs ORDER BY id DESC LIMIT 50"):
                if finished is not None and reason not in INTERRUPTED:
                    break
                runs.append(run_id)
            if not runs:
                return set()
            marks = ",".join("?" * len(runs))
            rows = self._conn.execute(
                f"SELECT url, article_url FROM pages WHERE run_id IN ({marks}) AND article_url IS NOT NULL "
                f"AND outcome IN ({','.join('?' * len(ARTICLE_OUTCOMES))})", [*runs, *ARTICLE_OUTCOMES]).fetchall()
        except sqlite3.OperationalError:  # an older schema: nothing to resume
            return set()
        return {url for row in rows for url in row}

    def article(self, url: str) -> Known | None:
        """The stored article this URL was fetched as (or is the key of), if any."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute(
                "SELECT a.last_seen, p.etag, p.last_modified FROM pages p JOIN articles a ON a.url = p.article_url "
                "WHERE p.url = ?", [url]).fetchone()
            row = row or self._conn.execute("SELECT last_seen, NULL, NULL FROM articles WHERE url = ?", [url]).fetchone()
        except sqlite3.OperationalError:  # an older schema without these tables: nothing is known
            return None
        return Known(*row) if row and row[0] else None

    def raw(self, url: str) -> tuple[bytes, str | None] | None:
        """The stored HTML (bytes, encoding) of the article this URL was fetched as: a 304's links."""
        if self._conn is None:
            return None
        from pipelines import rawdict

        try:
            row = self._conn.execute(
                "SELECT r.html, r.compression, r.encoding, r.dictionary_id FROM pages p "
                "JOIN raw_pages r ON r.article_url = p.article_url WHERE p.url = ?", [url]).fetchone()
            return (rawdict.decompress(self._conn, row[0], row[1], row[3]), row[2]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def crawl_state(settings):
    """The incremental state a spider reads: the database, or Redis for a worker of a distributed run.

    Here, not in crawler/distributed.py: importing that loads scrapy-redis and redis (about 20 MiB),
    which a local crawl does not need.
    """
    incremental = settings.getbool("CRAWL_INCREMENTAL")
    if settings.get("REDIS_URL"):
        if not incremental:
            return None
        from .distributed import RedisCrawlState

        return RedisCrawlState(settings.get("REDIS_URL"))
    return CrawlState(settings.get("SQLITE_PATH"), incremental=incremental)
