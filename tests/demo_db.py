"""One demo database for the database tests: the demo site crawled twice, one article changed between.

Built once per test session (two crawls, ~10 s); each test works on its own copy.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from conftest import crawl
from crawler.siteserver import DEMO_SITE, SiteServer

CHANGED_PATH = "/world/venezuela-us-military-action/"
OLD_TEXT = "citing four sources close to the Trump administration"
NEW_TEXT = "citing five sources close to the White House"
FAQ_ONLY_WORD = "undisclosed"  # in the seed page's FAQ answer, not in its title or body

_built: dict = {}


def changed_html() -> bytes:
    original = (DEMO_SITE / CHANGED_PATH.strip("/") / "index.html").read_bytes()
    assert OLD_TEXT.encode() in original
    return original.replace(OLD_TEXT.encode(), NEW_TEXT.encode())


def build() -> dict:
    """{"db": master path, "base_url", "requests": path -> count, "runs": [stdout, stdout]}."""
    if not _built:
        folder = Path(tempfile.mkdtemp(prefix="newsmill-demo-db-"))
        db = folder / "news.db"
        with SiteServer(DEMO_SITE) as server:
            first = crawl(server.url("/"), db)
            server.overrides[CHANGED_PATH] = changed_html()
            second = crawl(server.url("/"), db)
            _built.update(db=db, base_url=server.base_url, requests=dict(server.requests),
                          runs=[first.stdout, second.stdout])
    return _built


def copy_of_demo_db(folder: Path, name: str = "news.db") -> Path:
    """A private copy (sqlite backup API: safe whatever the journal state) of the demo database."""
    target = Path(folder) / name
    source = sqlite3.connect(build()["db"])
    dest = sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()
    return target
