"""The same story across outlets: wire copy and syndicated articles grouped into story clusters.

Two articles of different sites are the same story when their bodies' 3-word shingles overlap: the
stored 64-bit simhash (articles.simhash, pipelines/fingerprint.py) picks candidates within CANDIDATE_BITS,
and the shingle sets confirm when the smaller one is at least SAME_STORY_CONTAINMENT inside the other.

Simhash rather than MinHash: every article already has one (no new column, no backfill, nothing more for
the workers to compute), and one vectorised XOR-popcount over a week of articles is cheap. Containment
rather than Jaccard: a partner that cuts the wire story short or adds its own boilerplate keeps most of
its text inside the original, while its Jaccard falls with every paragraph cut. `make eval-fields`
measures both thresholds on a labelled set (evals/stories.py).

Incremental: each crawl's end takes the articles stored since the last pass (story_runs.last_rowid) that
are in no cluster, compares each with the articles of the last WINDOW_DAYS, and joins it to the cluster of a
matching article (single link) or opens a cluster with a matching article of another site that is in none.
Two articles that were both checked in earlier passes are not compared again. Clusters are never merged;
a story is one cluster from its first match.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from .compat import Database

from .fingerprint import shingles

CANDIDATE_BITS = 22  # simhash distance (of 64) below which two bodies are compared shingle by shingle
SAME_STORY_CONTAINMENT = 0.5  # share of the smaller body's 3-word shingles found in the other
MAX_COMPARED = 5  # closest candidates compared word by word per article (20 took 28 ms an article at 20,000 in the window; 5 keeps the labelled set's recall, 3 does not)
_CACHE = 5000  # shingle sets kept in memory while a run's articles are compared
WINDOW_DAYS = 7  # syndicated copies appear within days; older articles are not compared again
_MASK = (1 << 64) - 1


def containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def update_story_clusters(db: Database, now: str | None = None) -> dict:
    """Join the articles stored since the last pass (and not in a cluster) to story clusters, comparing each
    with the window's articles; return counts (checked, joined, created). Call outside a transaction."""
    anchor = datetime.fromisoformat(now) if now else datetime.now(timezone.utc)
    since = (anchor - timedelta(days=WINDOW_DAYS)).isoformat(timespec="seconds")
    seen_at = anchor.isoformat(timespec="seconds")
    # rowid, not first_seen: a distributed worker's article can be stored after a pass with an older fetch time
    start = db.execute("SELECT coalesce(max(last_rowid), 0) FROM story_runs").fetchone()[0]
    end = db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
    rows = db.execute(
        "SELECT a.url, a.site, a.simhash, a.first_seen, m.cluster_id, a.rowid FROM articles a "
        "LEFT JOIN story_members m ON m.article_url = a.url WHERE a.first_seen >= ? AND typeof(a.simhash) = 'integer' "
        "AND a.rowid <= ? ORDER BY a.first_seen, a.url", [since, end]).fetchall()
    fresh = [i for i, r in enumerate(rows) if r[5] > start and r[4] is None]
    counts = _cluster(db, rows, fresh, seen_at) if fresh and len(rows) >= 2 else {"joined": 0, "created": 0}
    counts = {"checked": len(fresh), **counts}
    with db.atomic():
        db.table("story_runs").insert({"at": seen_at, "last_rowid": end, **counts})
    return counts


def _cluster(db: Database, rows: list, fresh: list[int], seen_at: str) -> dict:
    """Each fresh row (index into rows) joins the cluster of, or opens one with, the closest matching row."""
    import numpy as np  # here, not at import: the crawl's process loads numpy only once it clusters
    urls = [r[0] for r in rows]
    sites = np.array([r[1] or "" for r in rows], dtype=object)
    hashes = np.array([r[2] & _MASK for r in rows], dtype=np.uint64)
    cluster = [r[4] for r in rows]
    grams_cache: dict[int, set[str]] = {}

    def grams(i: int) -> set[str]:
        if i not in grams_cache:
            body = db.execute("SELECT body FROM articles WHERE url = ?", [urls[i]]).fetchone()
            grams_cache[i] = set(shingles(body[0] if body and isinstance(body[0], str) else ""))
        return grams_cache[i]

    joined = created = 0
    touched: set[int] = set()
    with db.atomic():
        for i in fresh:
            if cluster[i] is not None:  # joined as the partner of an earlier fresh article
                continue
            bits = np.bitwise_count(np.bitwise_xor(hashes, hashes[i]))
            hits = np.flatnonzero((bits <= CANDIDATE_BITS) & (sites != sites[i]))
            if len(grams_cache) > _CACHE:
                grams_cache.clear()
            closest = sorted((int(j) for j in hits), key=lambda j: bits[j])[:MAX_COMPARED]
            matches = [(k, score) for k in closest if (score := containment(grams(i), grams(k))) >= SAME_STORY_CONTAINMENT]
            if not matches:
                continue
            # The cluster of the best clustered match, else a new one; the other unclustered matches join it too
            # (an older article checked before its partners arrived is pulled in here, not compared again).
            clustered = [(k, score) for k, score in matches if cluster[k] is not None]
            j, score = max(clustered or matches, key=lambda m: m[1])
            if cluster[j] is None:
                cluster[j] = db.table("story_clusters").insert({"updated": seen_at}).last_pk
                _member(db, urls[j], cluster[j], rows[j][1], seen_at, None)
                created += 1
            cluster[i] = cluster[j]
            _member(db, urls[i], cluster[i], rows[i][1], seen_at, round(score, 3))
            joined += 1
            for k, other in matches:
                if cluster[k] is None:
                    cluster[k] = cluster[i]
                    _member(db, urls[k], cluster[k], rows[k][1], seen_at, round(other, 3))
                    joined += 1
            touched.add(cluster[i])
        for cluster_id in touched:
            refresh_cluster(db, cluster_id, seen_at)
    return {"joined": joined, "created": created}


def _member(db: Database, url: str, cluster_id: int, site: str, seen_at: str, similarity: float | None) -> None:
    db.execute("INSERT OR IGNORE INTO story_members (article_url, cluster_id, site, joined, similarity) "
               "VALUES (?, ?, ?, ?, ?)", [url, cluster_id, site, seen_at, similarity])


def refresh_cluster(db: Database, cluster_id: int, seen_at: str) -> None:
    """A cluster's summary from its members: first seen, earliest publisher, its outlets in order of publication.
    Two first seen in the same second (first_seen is to the second) are in the order they were stored."""
    members = db.execute(
        "SELECT a.url, a.site, a.title, coalesce(a.published, a.first_seen) AS at, a.first_seen FROM story_members m "
        "JOIN articles a ON a.url = m.article_url WHERE m.cluster_id = ? ORDER BY at, a.first_seen, a.rowid",
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
