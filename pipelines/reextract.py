"""Re-run the current extraction over stored raw HTML: a better cleaner improves old rows too.

No network: the HTML comes from raw_pages. A row whose extraction changed gets a revision (cause
`reextract`) exactly as a re-crawl would make one; last_seen does not move, nothing was fetched.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from .compat import Database

from cleaners import extract_article
from cleaners.overrides import rules_for

from .query import filters
from .store import read_raw, store_article


def reextract(db: Database, site=None, since=None, disabled: tuple[str, ...] = (), min_body_chars: int = 200,
              batch_size: int = 100, site_rules: dict | None = None, why_failed: Counter | None = None) -> Counter:
    """Counts of outcomes: new/changed/refreshed/unchanged, and failed (extraction raised or now
    yields no title or too short a body: the stored row is kept as it is). `why_failed` counts the
    failures by reason."""
    where, params = filters(site, since)
    urls = [r[0] for r in db.execute(
        f"SELECT a.url FROM raw_pages r JOIN articles a ON a.url = r.article_url WHERE {where} ORDER BY a.url",
        params)]
    counts: Counter = Counter()
    for start in range(0, len(urls), batch_size):
        # Extraction first, outside any transaction; then one short write transaction per batch, so a
        # crawl writing the same database waits milliseconds for the lock, not the batch's extraction.
        done = [_reextract_one(db, url, disabled, min_body_chars, site_rules or {})
                for url in urls[start:start + batch_size]]
        with db.atomic():
            for outcome in done:
                if isinstance(outcome, str):
                    counts["failed"] += 1
                    if why_failed is not None:
                        why_failed[outcome] += 1
                else:
                    counts[store_article(db, *outcome, None, cause="reextract")] += 1
    return counts


def _reextract_one(db: Database, url: str, disabled, min_body_chars: int, site_rules: dict):
    """Why it failed (a short text), or (article, fetched URL) to store."""
    raw = next(db.query("SELECT * FROM raw_pages WHERE article_url = ?", [url]))
    try:
        html = read_raw(raw, db)
    except Exception:  # a damaged row, a missing dictionary: the page's bytes are gone, not the run
        return "stored HTML unreadable"
    try:
        fetched_at = datetime.fromisoformat(raw["fetched_at"]) if isinstance(raw["fetched_at"], str) else None
        # The crawl-time clock, so relative dates ("3 hours ago") resolve as they did then.
        page_url = raw["fetched_url"] or url
        article = extract_article(html, page_url, disabled=disabled, now=fetched_at,
                                  rules=rules_for(page_url, site_rules))
    except Exception as exc:  # one bad page must not stop a re-extraction of thousands
        return f"extraction error ({type(exc).__name__})"
    if not article.title:
        return "no title"
    if len(article.body) < min_body_chars:
        return f"body under {min_body_chars} characters"
    article.url = url  # the row's key stays, even if the page's canonical link reads differently now
    return article, raw["fetched_url"] or url
