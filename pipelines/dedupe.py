"""Duplicate and near-duplicate articles under different URLs, within one site.

Syndicated copies on other sites are kept: each site is its own record. Exact: the same title, body and FAQ text (`articles.content_hash`, indexed). Near: the same
story with a typo fixed or a sentence edited — an article of the same site whose 64-bit simhash of
the body's 3-word shingles (`articles.simhash`) is within NEAR_BITS bits (a cheap filter over
integers), confirmed by a Jaccard similarity of the two bodies' shingle sets of at least
NEAR_JACCARD. On the 48 real corpus pages no two unrelated articles come closer than 20 bits. The first URL keeps the article; a later URL gets a `pages` row with reason
`duplicate_of` or `near_duplicate_of` and `article_url` pointing to it. An article already stored
under its own URL is never turned into a duplicate (that is an update, with a revision).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlite_utils import Database

NEAR_BITS = 12  # simhash distance (of 64) up to which two bodies are compared word by word
NEAR_JACCARD = 0.8  # shared share of 3-word shingles from which two bodies are the same story
MIN_WORDS = 50  # shorter bodies are too small to call near-duplicates
NEAR_WINDOW_DAYS = 3  # near-duplicates are looked for among the site's articles first seen this recently
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, width: int = 3) -> list[str]:
    words = _WORD.findall((text or "").casefold())
    return [" ".join(words[i:i + width]) for i in range(len(words) - width + 1)] if len(words) >= MIN_WORDS else []


def jaccard(a: str, b: str) -> float:
    sa, sb = set(shingles(a)), set(shingles(b))
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def simhash(text: str) -> int | None:
    """Signed 64-bit simhash of the text's word shingles (SQLite INTEGER range); None for short text.

    Bit k is set when most shingle hashes have it set. Counted a byte column at a time (Counter over
    the k-th byte of every digest), which gives the same value as a bit-by-bit loop at a third of the cost.
    """
    grams = shingles(text)
    if not grams:
        return None
    digests = [hashlib.blake2b(gram.encode(), digest_size=8).digest() for gram in grams]
    value = 0
    for i, column in enumerate(zip(*digests)):  # byte i of every digest, most significant first
        counts = Counter(column)
        for bit in range(8):
            if 2 * sum(c for byte, c in counts.items() if byte >> bit & 1) > len(digests):
                value |= 1 << ((7 - i) * 8 + bit)
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & (1 << 64) - 1).bit_count()


def find_duplicate(db: Database, row: dict, seen_at: str | None = None) -> tuple[str, str] | None:
    """(reason, stored url) when `row` (an articles row, not yet stored) duplicates a stored article."""
    same = db.execute("SELECT url FROM articles WHERE content_hash = ? AND site = ? AND url != ? LIMIT 1",
                      [row["content_hash"], row["site"], row["url"]]).fetchone()
    if same:
        return "duplicate_of", same[0]
    if row.get("simhash") is None:
        return None
    # Only the site's recent articles: a near-duplicate is the same story under another URL, seen
    # within days; comparing against the whole archive would make every page cost more as it grows.
    anchor = datetime.fromisoformat(seen_at) if seen_at else datetime.now(timezone.utc)
    since = (anchor - timedelta(days=NEAR_WINDOW_DAYS)).isoformat(timespec="seconds")
    # Jaccard >= NEAR_JACCARD needs lengths within that ratio: the (site, word_count) index narrows
    # the candidates to stories of about the same length.
    words = row["word_count"]
    candidates = [url for url, other in db.execute(
        "SELECT url, simhash FROM articles WHERE site = ? AND word_count BETWEEN ? AND ? AND first_seen >= ? "
        "AND simhash IS NOT NULL AND url != ?",
        [row["site"], int(words * NEAR_JACCARD), int(words / NEAR_JACCARD) + 1, since, row["url"]],
    ) if distance(row["simhash"], other) <= NEAR_BITS]
    for url in candidates:
        body = db.execute("SELECT body FROM articles WHERE url = ?", [url]).fetchone()[0]
        if jaccard(row["body"], body) >= NEAR_JACCARD:
            return "near_duplicate_of", url
    return None
