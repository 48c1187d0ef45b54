"""What earlier runs stored, read from the database itself (no side file that can drift).

Incremental runs ask, per discovered URL, whether it is a stored article, when it was last seen,
and which HTTP validators its server gave: one primary-key lookup each, read-only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Known:
    last_seen: str
    etag: str | None = None
    last_modified: str | None = None


class CrawlState:
    def __init__(self, db_path: str | Path):
        self._conn = None
        if Path(db_path).exists():
            self._conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
            self._conn.execute("PRAGMA busy_timeout = 10000")

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

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def crawl_state(settings):
    """The incremental state a spider reads: the database, or Redis for a worker of a distributed run.

    Here, not in crawler/distributed.py: importing that loads scrapy-redis and redis (about 20 MiB),
    which a local crawl does not need.
    """
    if not settings.getbool("CRAWL_INCREMENTAL"):
        return None
    if settings.get("REDIS_URL"):
        from .distributed import RedisCrawlState

        return RedisCrawlState(settings.get("REDIS_URL"))
    return CrawlState(settings.get("SQLITE_PATH"))
