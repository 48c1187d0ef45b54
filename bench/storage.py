"""`make bench-storage`: database bytes per article, and what raw_pages' per-site zstd dictionaries save.

    python -m bench.storage [--sites 20] [--pages 40] [--trained 12] [--keep DIR] [--no-doc]

1. Compression of real pages, per page (zstd level 3, as raw_pages stored them before) against a dictionary
   of the same site's pages (pipelines/rawdict.py: raw content), and against zstd's trained dictionaries
   (train_dictionary, 112 KiB):
   - realworld, near pairs: the corpus's pages of one site at most 90 days apart, the later one compressed
     with the earlier as dictionary (the closest the corpus comes to one site's pages of a crawl);
   - realworld, all pairs: every page of a site with two or more, against the site's other pages (pages up
     to three years apart: the template has often changed, so this is a floor);
   - mirror copies: copies of one real page (bench/mirror.py: the same text with a word of their own every
     4 words), the 11th and 12th against the first (raw content) or the first 10 (trained). Near-identical
     pages: a ceiling, not a forecast.
2. Two databases built from the same mirror pages through the store path a crawl uses
   (pipelines.sqlite.store_items, the items an extraction worker makes): --sites sites of --pages pages,
   each site one real template (its own host, as real sites have one template). One without dictionaries
   (before), one with. Per table and index: bytes per article, from SQLite's dbstat.

The database figures use mirror copies, so the raw_pages share of "with dictionaries" is the optimistic
one; the line "projected" adds the realworld near-pair size per page to the rest of the database instead.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import zstandard

from .mirror import CORPUS, Mirror, load_templates

KIB = 1024
TRAINED_SIZE = 112640  # zstd's default dictionary size


def realworld_sites() -> dict[str, list[tuple[datetime.date, bytes]]]:
    sites: dict[str, list[tuple[datetime.date, bytes]]] = collections.defaultdict(list)
    for path in sorted((CORPUS / "realworld").glob("*.html.gz")):
        m = re.match(r"(.+)_(\d{4})_(\d\d)_(\d\d)\.html\.gz$", path.name)
        if m:
            date = datetime.date(int(m[2]), int(m[3]), int(m[4]))
            sites[m[1]].append((date, gzip.decompress(path.read_bytes())))
    for pages in sites.values():
        pages.sort(key=lambda p: p[0])
    return sites


def site_dict(pages: list[bytes]) -> zstandard.ZstdCompressor:
    """A compressor as pipelines/rawdict.py makes one: the pages as raw content, its level."""
    from pipelines import rawdict

    content = b"".join(pages)[-rawdict.MAX_BYTES:]
    dictionary = zstandard.ZstdCompressionDict(content, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    return zstandard.ZstdCompressor(level=rawdict.LEVEL, dict_data=dictionary)


def trained_dict(pages: list[bytes]) -> zstandard.ZstdCompressionDict | None:
    """zstd's trained dictionary; pages cut into 4 KiB samples when too few for the trainer (None: it refused)."""
    try:
        return zstandard.train_dictionary(TRAINED_SIZE, pages, level=3, threads=1)
    except zstandard.ZstdError:
        samples = [p[i:i + 4096] for p in pages for i in range(0, len(p), 4096)]
        try:
            return zstandard.train_dictionary(TRAINED_SIZE, samples, level=3, threads=1)
        except zstandard.ZstdError:
            return None


class Tally:
    """Compressed bytes and seconds per method over the same pages."""

    def __init__(self):
        self.pages = 0
        self.raw = 0
        self.size: collections.Counter = collections.Counter()
        self.each: dict[str, list[int]] = collections.defaultdict(list)
        self.seconds: collections.Counter = collections.Counter()

    def add(self, method: str, compressor: zstandard.ZstdCompressor, page: bytes) -> None:
        start = time.perf_counter()
        n = len(compressor.compress(page))
        self.seconds[method] += time.perf_counter() - start
        self.size[method] += n
        self.each[method].append(n)

    def line(self, label: str) -> str:
        parts = [f"{m} {self.size[m] / self.pages / KIB:.1f} KiB/page (median {statistics.median(self.each[m]) / KIB:.1f}, "
                 f"{self.seconds[m] / self.pages * 1000:.2f} ms)" for m in self.size]
        return f"{label:<20}{self.pages} pages of {self.raw / self.pages / KIB:.0f} KiB: " + "; ".join(parts)


def compression_report(trained_templates: int) -> dict:
    plain = zstandard.ZstdCompressor(level=3)
    sites = realworld_sites()
    near, every = Tally(), Tally()
    for pages in sites.values():
        for (d0, a), (d1, b) in zip(pages, pages[1:]):
            if (d1 - d0).days <= 90:
                near.pages += 1
                near.raw += len(b)
                near.add("zstd-3", plain, b)
                near.add("site-dict", site_dict([a]), b)
        if len(pages) < 2:
            continue
        for i, (_, page) in enumerate(pages):
            others = [p for j, (_, p) in enumerate(pages) if j != i]
            every.pages += 1
            every.raw += len(page)
            every.add("zstd-3", plain, page)
            every.add("site-dict", site_dict(others), page)
            trained = trained_dict(others)  # when the trainer refuses, the page counts as plain zstd-3
            every.add("trained", zstandard.ZstdCompressor(level=3, dict_data=trained) if trained else plain, page)
    lines = [near.line("realworld near:"), every.line("realworld all:")]
    print(*lines, sep="\n", flush=True)

    templates = load_templates()
    copies = Tally()
    train_seconds = 0.0
    step = max(1, len(templates) // max(1, trained_templates))
    for t in templates[::step][:trained_templates]:
        mirror = Mirror([t], 12, "http://bench.invalid")
        pages = [mirror.article(k) for k in range(12)]
        start = time.perf_counter()
        trained = trained_dict(pages[:10])
        train_seconds += time.perf_counter() - start
        for page in pages[10:]:
            copies.pages += 1
            copies.raw += len(page)
            copies.add("zstd-3", plain, page)
            copies.add("site-dict", site_dict(pages[:1]), page)
            copies.add("trained", zstandard.ZstdCompressor(level=3, dict_data=trained) if trained else plain, page)
    if copies.pages:  # --trained 0 skips the mirror comparison
        lines.append(copies.line("mirror copies:") + f"; training {train_seconds / max(1, copies.pages // 2):.1f} s a site")
        print(lines[-1], flush=True)
    return {"lines": lines, "near_plain": near.size["zstd-3"] / near.pages, "near_dict": near.size["site-dict"] / near.pages,
            "near_dict_median": statistics.median(near.each["site-dict"])}


def mirror_items(sites: int, pages: int) -> tuple[list, dict[str, bytes]]:
    """ArticleItems as a crawl's extraction workers make them: sites hosts, one real template each; and
    each page's bytes as served, by fetched URL, to read the stored copies back against."""
    from bench.run import usable_templates
    from crawler.worker import analyse_page
    from newsmill.records import ArticleItem

    templates, _ = usable_templates()
    step = max(1, len(templates) // sites)
    items, served = [], {}
    for t in templates[::step][:sites]:
        mirror = Mirror([t], pages, f"http://{t.slug}.bench.invalid")
        for k in range(pages):
            page, url = mirror.article(k), mirror.article_url(k)
            result = analyse_page(page, url, raw_level=3)
            if result.article is None:
                continue
            served[url] = page
            items.append(ArticleItem(
                article=result.article, fetched_url=url, fetched_at=f"2026-01-01T00:{k // 60:02d}:{k % 60:02d}+00:00",
                status=200, content_type="text/html; charset=utf-8", encoding=result.encoding,
                raw_compressed=result.raw_compressed, raw_bytes=len(page), simhash=result.simhash))
    # Sites interleaved, as a crawl of several sites stores them.
    items.sort(key=lambda i: (i.fetched_at, i.fetched_url))
    return items, served


def build_db(path: Path, items: list, dictionaries: bool, served: dict[str, bytes]) -> dict:
    from pipelines import rawdict
    from pipelines.schema import open_db
    from pipelines.sqlite import store_items

    saved = rawdict.TRAIN_PAGES
    rawdict.TRAIN_PAGES = rawdict.TRAIN_PAGES if dictionaries else 10**9  # never trained: as before
    try:
        db = open_db(path)
        start = time.perf_counter()
        for i in range(0, len(items), 50):
            with db.atomic():
                store_items(db, items[i:i + 50], None)
        seconds = time.perf_counter() - start
        db.conn.close()
    finally:
        rawdict.TRAIN_PAGES = saved
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("VACUUM")
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    sizes = dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    raw_payload = con.execute("SELECT sum(length(html)) FROM raw_pages").fetchone()[0] or 0
    dict_payload = con.execute("SELECT coalesce(sum(length(data)), 0), count(*) FROM zstd_dictionaries").fetchone()
    con.close()
    same, total = read_back(path, served)
    return {"articles": articles, "file": path.stat().st_size, "sizes": sizes, "seconds": seconds,
            "raw_payload": raw_payload, "dict_payload": dict_payload[0], "dictionaries": dict_payload[1],
            "same": same, "stored": total}


def read_back(path: Path, served: dict[str, bytes]) -> tuple[int, int]:
    """(pages whose stored copy reads back byte-identical to what was served, pages stored): what
    `newsmill reextract` reads, through pipelines/rawdict.py, dictionaries included."""
    from pipelines import rawdict
    from pipelines.schema import open_db

    db = open_db(path)
    try:
        rows = list(db.query("SELECT fetched_url, html, compression, dictionary_id FROM raw_pages"))
        same = sum(rawdict.decompress(db, r["html"], r["compression"], r["dictionary_id"]) == served.get(r["fetched_url"])
                   for r in rows)
    finally:
        db.conn.close()
    return same, len(rows)


def group(name: str) -> str:
    """A dbstat object's line in the report: indexes and FTS shadow tables under what they serve."""
    if name.startswith("articles_fts"):
        return "articles_fts (index)"
    if name.startswith("sqlite_autoindex_"):
        return name[len("sqlite_autoindex_"):].rsplit("_", 1)[0] + " (key)"
    if name.startswith("idx_"):
        return "indexes"
    return name


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="newsmill database bytes per article (issue 22 item 3)")
    p.add_argument("--sites", type=int, default=20, help="mirror sites, one real template each (20)")
    p.add_argument("--pages", type=int, default=40, help="pages per site (40)")
    p.add_argument("--trained", type=int, default=12, help="templates to train zstd dictionaries on (12; 2 s each; 0 skips the mirror comparison)")
    p.add_argument("--keep", help="keep the two databases in this directory")
    p.add_argument("--no-doc", action="store_true", help="do not rewrite the storage section of docs/performance.md")
    args = p.parse_args(argv)

    print("compression: per page zstd-3 vs a dictionary of the site's pages (raw content, level 6) vs zstd's trained one (level 3)",
          flush=True)
    near = compression_report(args.trained)
    compression_lines = near.pop("lines")

    print(f"databases: {args.sites} sites x {args.pages} mirror pages, extracted as a crawl's workers do ...", flush=True)
    items, served = mirror_items(args.sites, args.pages)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newsmill-storage-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        before = build_db(tmp / "before.db", items, dictionaries=False, served=served)
        after = build_db(tmp / "after.db", items, dictionaries=True, served=served)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    n = before["articles"]
    report: list[str] = []

    def say(line: str) -> None:
        print(line)
        report.append(line)

    say(f"\n--- database, bytes per article ({n} articles; after VACUUM; dbstat pages incl. free space in them) ---")
    rows: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for i, rep in enumerate((before, after)):
        for name, size in rep["sizes"].items():
            rows[group(name)][i] += size
    for name, (b, a) in sorted(rows.items(), key=lambda kv: -kv[1][0]):
        if max(b, a) / n / KIB >= 0.05:  # the tables a crawl of articles alone leaves empty are left out
            say(f"  {name:<28}{b / n / KIB:8.1f} KiB{a / n / KIB:10.1f} KiB")
    rest = sum(size for name, size in after["sizes"].items() if name not in ("raw_pages", "zstd_dictionaries"))
    say(f"  {'file':<28}{before['file'] / n / KIB:8.1f} KiB{after['file'] / n / KIB:10.1f} KiB   (before, after)")
    say(f"raw HTML payload:   before {before['raw_payload'] / n / KIB:.1f} KiB/article; after "
          f"{after['raw_payload'] / n / KIB:.1f} KiB/article + {after['dictionaries']} dictionaries "
          f"{after['dict_payload'] / n / KIB:.1f} KiB/article")
    say(f"store time:         before {before['seconds'] / n * 1000:.1f} ms/article, after "
          f"{after['seconds'] / n * 1000:.1f} ms/article (the writer recompresses against the site's dictionary)")
    projected = rest + n * near["near_dict"]
    say(f"projected:          the rest of the database {rest / n / KIB:.1f} KiB/article + realworld near-pair "
          f"raw HTML {near['near_dict'] / KIB:.1f} KiB (median {near['near_dict_median'] / KIB:.1f}) = "
          f"{projected / n / KIB:.1f} KiB/article")
    goal = after["file"] / n / KIB
    say(f"read back:          {after['same']} of {after['stored']} stored pages byte-identical to what was served "
        f"(before: {before['same']} of {before['stored']})")
    identical = after["same"] == after["stored"] == n and before["same"] == before["stored"]
    say(f"goals:              <= 25 KiB/article with raw HTML: {'met' if goal <= 25 else 'NOT met'} on the mirror "
        f"({goal:.1f}); projected with realworld near pairs {projected / n / KIB:.1f} "
        f"({'met' if projected / n / KIB <= 25 else 'NOT met'}); every stored page read back byte-identical: "
        f"{'yes' if identical else 'NO'}")
    say(f"bench: storage {before['file'] / n / KIB:.1f} KiB/article before, {goal:.1f} after "
          f"(projected {projected / n / KIB:.1f}), raw HTML per page zstd-3 {near['near_plain'] / KIB:.1f} KiB vs "
          f"site dictionary {near['near_dict'] / KIB:.1f} KiB on realworld near pairs")
    if not args.no_doc:
        from .report import machine_line, replace_section

        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        replace_section("storage", [
            f"`make bench-storage` ({stamp}; {machine_line()}; `python -m bench.storage --sites {args.sites} "
            f"--pages {args.pages}`): raw HTML compressed per page (zstd level 3, as before) against a dictionary of "
            "the site's own pages (pipelines/rawdict.py), on realworld pages of one site at most 90 days apart and on "
            "mirror copies; then two databases stored through the crawl's store path from the same mirror pages, "
            "without and with dictionaries.",
            "",
            "    " + "\n    ".join(compression_lines + [line.strip("\n") for line in report]),
        ])
        print("bench: wrote the storage section of docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
