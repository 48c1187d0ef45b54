"""Duplicate and near-duplicate articles under different URLs, within one site.

Syndicated copies on other sites are kept: each site is its own record. Exact: the same title, body and FAQ text (`articles.content_hash`, indexed). Near: the same
story with a typo fixed or a sentence edited — an article of the same site whose 64-bit simhash of
the body's 3-word shingles (`articles.simhash`, pipelines/fingerprint.py) is within NEAR_BITS bits (a cheap filter over
integers), confirmed by a Jaccard similarity of the two bodies' shingle sets of at least
NEAR_JACCARD. On the 48 real corpus pages no two unrelated articles come closer than 20 bits. The first URL keeps the article; a later URL gets a `pages` row with reason
`duplicate_of` or `near_duplicate_of` and `article_url` pointing to it. An article already stored
under its own URL is never turned into a duplicate (that is an update, with a revision).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from datetime import datetime, timedelta, timezone

from .compat import Database

from newsmill.reasons import Skip

from .fingerprint import MIN_WORDS, distance, jaccard, shingles, simhash  # noqa: F401 (re-exported)

NEAR_BITS = 12  # simhash distance (of 64) up to which two bodies are compared word by word
NEAR_JACCARD = 0.8  # shared share of 3-word shingles from which two bodies are the same story
NEAR_WINDOW_DAYS = 3  # near-duplicates are looked for among the site's articles first seen this recently


# "+site": look the hash up in its own index. Left to choose, SQLite takes a (site, ...) index and
# reads every article of the site, so each page cost more as the crawl went on.
SAME_HASH_SQL = "SELECT url FROM articles WHERE content_hash = ? AND +site = ? AND url != ? LIMIT 1"


def find_duplicate(db: Database, row: dict, seen_at: str | None = None,
                   recent: "RecentArticles | None" = None) -> tuple[str, str] | None:
    """(reason, stored url) when `row` (an articles row, not yet stored) duplicates a stored article.

    `recent` (a crawl's RecentArticles) answers the near-duplicate candidates from memory; without it
    they are read from the database, with the same result.
    """
    same = db.execute(SAME_HASH_SQL, [row["content_hash"], row["site"], row["url"]]).fetchone()
    if same:
        return Skip.DUPLICATE_OF, same[0]
    if row.get("simhash") is None:
        return None
    # Only the site's recent articles: a near-duplicate is the same story under another URL, seen
    # within days; comparing against the whole archive would make every page cost more as it grows.
    since = window_start(seen_at)
    candidates = recent.candidates(row, since) if recent is not None else stored_candidates(db, row, since)
    own = None
    for url in candidates:
        found = db.execute("SELECT body FROM articles WHERE url = ?", [url]).fetchone()
        if found is None:
            continue  # in memory but not stored: its batch was rolled back
        own = own if own is not None else set(shingles(row["body"]))
        other = set(shingles(found[0]))
        if own and other and len(own & other) / len(own | other) >= NEAR_JACCARD:
            return Skip.NEAR_DUPLICATE_OF, url
    return None


def stored_candidates(db: Database, row: dict, since: str) -> list[str]:
    """Near-duplicate candidates read from the database: the site's articles first seen since `since`,
    of about the same length, within NEAR_BITS. RecentArticles.candidates answers the same from memory."""
    low, high = length_range(row["word_count"])
    found = [(distance(row["simhash"], other), url) for url, other in db.execute(
        "SELECT url, simhash FROM articles WHERE site = ? AND word_count BETWEEN ? AND ? AND first_seen >= ? "
        "AND typeof(simhash) = 'integer' AND url != ?", [row["site"], low, high, since, row["url"]],
    )]
    return [url for bits, url in sorted(found) if bits <= NEAR_BITS]


def window_start(seen_at: str | None) -> str:
    anchor = datetime.fromisoformat(seen_at) if seen_at else datetime.now(timezone.utc)
    return (anchor - timedelta(days=NEAR_WINDOW_DAYS)).isoformat(timespec="seconds")


def length_range(words: int) -> tuple[int, int]:
    """Jaccard >= NEAR_JACCARD needs word counts within that ratio: only stories of about the same length."""
    return int(words * NEAR_JACCARD), int(words / NEAR_JACCARD) + 1


_MASK = (1 << 64) - 1


class _Site:
    """One site's recent articles ordered by length, so that a page's candidates are one slice of them:
    (word count, url, simhash, first_seen) tuples, and each url's current tuple."""

    __slots__ = ("rows", "of")

    def __init__(self):
        self.rows: list[tuple[int, str, int, str]] = []
        self.of: dict[str, tuple[int, str, int, str]] = {}

    def put(self, url: str, value: int, words: int, first_seen: str) -> None:
        old = self.of.get(url)
        if old is not None:  # an update: its length or simhash may have changed
            del self.rows[bisect_left(self.rows, old)]
            first_seen = old[3]
        row = self.of[url] = (words, url, value & _MASK, first_seen)
        insort(self.rows, row)


class RecentArticles:
    """The near-duplicate window of a crawl, in memory: simhash, length and first_seen per recent article.

    A crawl's pipeline loads it once and adds each article it stores, so looking for near-duplicates
    is an XOR and a bit count over the site's recent articles of about the same length, instead of
    reading them from the database for every page (which made each page cost more as the crawl went on).
    Plain Python, so that the crawl's process need not load numpy.
    """

    def __init__(self):
        self.sites: dict[str, _Site] = {}

    @classmethod
    def load(cls, db: Database, now: str | None = None) -> "RecentArticles":
        recent = cls()
        for url, site, value, words, first_seen in db.execute(
            # typeof(): a value some other tool wrote into these columns is skipped, not a failed crawl
            "SELECT url, site, simhash, CASE typeof(word_count) WHEN 'integer' THEN word_count END, first_seen "
            "FROM articles WHERE first_seen >= ? AND typeof(simhash) = 'integer'", [window_start(now)],
        ):
            recent.sites.setdefault(site, _Site()).put(url, value, words or 0, first_seen)
        return recent

    def discard(self, site: str, url: str) -> None:
        """Forget url (its row moved or went)."""
        entries = self.sites.get(site)
        if entries is None:
            return
        old = entries.of.pop(url, None)
        if old is not None:
            del entries.rows[bisect_left(entries.rows, old)]

    def add(self, row: dict) -> None:
        """Record a stored articles row (new, or updated: its simhash and length may have changed)."""
        if row.get("simhash") is not None:
            self.sites.setdefault(row["site"], _Site()).put(
                row["url"], row["simhash"], row["word_count"] or 0, row["first_seen"])

    def candidates(self, row: dict, since: str) -> list[str]:
        """URLs of the site's articles since `since`, of about the same length and within NEAR_BITS, closest first."""
        site = self.sites.get(row["site"])
        if site is None:
            return []
        low, high = length_range(row["word_count"])
        rows = site.rows
        value, own = row["simhash"], row["url"]
        found = []
        for _, url, other, first_seen in rows[bisect_left(rows, (low,)):bisect_left(rows, (high + 1,))]:
            bits = distance(value, other)
            if bits <= NEAR_BITS and first_seen >= since and url != own:
                found.append((bits, url))
        return [url for _, url in sorted(found)]
