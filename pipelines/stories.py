"""The same story across outlets: wire copy and syndicated articles grouped into story clusters.

Two articles of different sites are the same story when their bodies' 3-word shingles overlap: the
stored 64-bit simhash (articles.simhash, pipelines/fingerprint.py) picks candidates within CANDIDATE_BITS,
and the shingle sets confirm when the smaller one is at least SAME_STORY_CONTAINMENT inside the other.

Simhash rather than MinHash: every article already has one (no new column, no backfill, nothing more for
the workers to compute), and one vectorised XOR-popcount over a week of articles is cheap. Containment
rather than Jaccard: a partner that cuts the wire story short or adds its own boilerplate keeps most of
its text inside the original, while its Jaccard falls with every paragraph cut. `make eval-fields`
measures both thresholds on a labelled set (evals/stories.py).

Incremental: each crawl's end takes the articles of the last WINDOW_DAYS not in a cluster yet, joins
each to the cluster of a matching article (single link), or opens a cluster with a matching article of
another site that is in none. Clusters are never merged; a story is one cluster from its first match.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlite_utils import Database

from .fingerprint import shingles

CANDIDATE_BITS = 22  # simhash distance (of 64) below which two bodies are compared shingle by shingle
SAME_STORY_CONTAINMENT = 0.5  # share of the smaller body's 3-word shingles found in the other
MAX_COMPARED = 20  # closest candidates compared word by word per article: a bound on body reads per article
_CACHE = 5000  # shingle sets kept in memory while a run's articles are compared
WINDOW_DAYS = 7  # syndicated copies appear within days; older articles are not compared again
_MASK = (1 << 64) - 1


def containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def update_story_clusters(db: Database, now: str | None = None) -> dict:
    """Join the window's unclustered articles to story clusters; return counts (joined, created).
    Call outside a transaction: it opens its own."""
    anchor = datetime.fromisoformat(now) if now else datetime.now(timezone.utc)
    since = (anchor - timedelta(days=WINDOW_DAYS)).isoformat(timespec="seconds")
    rows = db.execute(
        "SELECT a.url, a.site, a.simhash, a.first_seen, m.cluster_id FROM articles a "
        "LEFT JOIN story_members m ON m.article_url = a.url "
        "WHERE a.first_seen >= ? AND a.simhash IS NOT NULL ORDER BY a.first_seen, a.url", [since]).fetchall()
    if len(rows) < 2:
        return {"joined": 0, "created": 0}
    urls = [r[0] for r in rows]
    sites = np.array([r[1] or "" for r in rows], dtype=object)
    hashes = np.array([r[2] & _MASK for r in rows], dtype=np.uint64)
    cluster = [r[4] for r in rows]
    seen_at = anchor.isoformat(timespec="seconds")
    grams_cache: dict[int, set[str]] = {}

    def grams(i: int) -> set[str]:
        if i not in grams_cache:
            body = db.execute("SELECT body FROM articles WHERE url = ?", [urls[i]]).fetchone()
            grams_cache[i] = set(shingles(body[0] if body else ""))
        return grams_cache[i]

    joined = created = 0
    touched: set[int] = set()
    with db.atomic():
        for i in range(len(rows)):
            if cluster[i] is not None:
                continue
            bits = np.bitwise_count(np.bitwise_xor(hashes, hashes[i]))
            hits = np.flatnonzero((bits <= CANDIDATE_BITS) & (sites != sites[i]))
            if len(grams_cache) > _CACHE:
                grams_cache.clear()
            best = None
            closest = sorted((int(j) for j in hits), key=lambda j: bits[j])[:MAX_COMPARED]
            for k in sorted(closest, key=lambda j: cluster[j] is None):  # a story's cluster before opening one
                score = containment(grams(i), grams(k))
                if score >= SAME_STORY_CONTAINMENT:
                    best = (k, score)
                    break
            if best is None:
                continue
            j, score = best
            if cluster[j] is None:
                cluster[j] = db.table("story_clusters").insert({"updated": seen_at}).last_pk
                _member(db, urls[j], cluster[j], rows[j][1], seen_at, None)
                created += 1
            cluster[i] = cluster[j]
            _member(db, urls[i], cluster[i], rows[i][1], seen_at, round(score, 3))
            joined += 1
            touched.add(cluster[i])
        for cluster_id in touched:
            refresh_cluster(db, cluster_id, seen_at)
    return {"joined": joined, "created": created}


def _member(db: Database, url: str, cluster_id: int, site: str, seen_at: str, similarity: float | None) -> None:
    db.execute("INSERT OR IGNORE INTO story_members (article_url, cluster_id, site, joined, similarity) "
               "VALUES (?, ?, ?, ?, ?)", [url, cluster_id, site, seen_at, similarity])


def refresh_cluster(db: Database, cluster_id: int, seen_at: str) -> None:
    """A cluster's summary from its members: first seen, earliest publisher, its outlets in order of publication."""
    members = db.execute(
        "SELECT a.url, a.site, a.title, coalesce(a.published, a.first_seen) AS at, a.first_seen FROM story_members m "
        "JOIN articles a ON a.url = m.article_url WHERE m.cluster_id = ? ORDER BY at, a.first_seen, a.url",
        [cluster_id]).fetchall()
    if not members:
        return
    outlets = list(dict.fromkeys(m[1] for m in members))
    earliest = members[0]
    db.table("story_clusters").update(cluster_id, {
        "first_seen": min(m[4] for m in members), "earliest_published": earliest[3], "earliest_url": earliest[0],
        "earliest_site": earliest[1], "title": earliest[2], "outlets": json.dumps(outlets), "sites": len(outlets),
        "articles": len(members), "updated": seen_at,
    })


def cluster_after_run(db: Database) -> None:
    """The end of a crawl: new articles joined to story clusters. A failure costs the clusters of this run
    (the next run picks its articles up: they stay in the window), never the crawl."""
    import logging
    import sqlite3

    try:
        counts = update_story_clusters(db)
    except sqlite3.Error as exc:
        logging.getLogger(__name__).warning("story clusters not updated: %s", exc)
        return
    if counts["joined"]:
        logging.getLogger(__name__).info("story clusters: %(joined)d article(s) joined, %(created)d new", counts)
