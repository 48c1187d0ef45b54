"""`make bench-scale`: search, stats, export, the nightly known-URL check and Datasette on big databases.

    .venv/bin/python -m bench.scale [--articles 10000,100000,1000000] [--rebuild] [--no-doc]

For each size, builds (or reuses, from output/bench-scale-<N>.db) a synthetic newsmill database made
from the 133 real articles of tests/fixtures/corpus/realworld, then measures:
  search    10 queries (common to rare words, a phrase, a site and an author filter) through
            pipelines.query.search, 3 passes: median and p95 of the 30 timings, and the first pass alone
  stats     pipelines.stats.database_stats, as `newsmill stats` runs it
  export    `newsmill export --site <one of 50 sites> --since <a year ago>` to JSON Lines in a subprocess:
            peak RSS from the kernel (wait4) and time
  known URL crawler.state.CrawlState.article() over 20,000 URLs (half stored, half not): mean and p99 ms
  datasette /<db>/articles?_facet=site and /<db>/article_list?_facet=site with the test client and
            newsmill's metadata, templates and plugin (3 requests each, median), facets timed out or not
  size      the database file
and rewrites the "scale" section of docs/performance.md (unless --no-doc).

Rows, per article i (deterministic): a corpus text (i mod 133) with its paragraphs rotated by i // 133 and
cut at --body-chars (default 3,000; the corpus's mean is 5.7 KB: the full text at a million rows would
take an hour to build on this machine), plus a word of its own ("zq<i in base 36>"); one of 50 sites;
published over three years (every 10th to the day only, every 50th undated); the text's authors plus one
of 5,000 staff names; two of 400 tags; every 5th two FAQ pairs; every 10th a revision; a pages row per
article (as a crawl leaves, with an ETag); a crawl run per 10,000 articles. No raw_pages: the stored
HTML's cost is `make bench-storage`'s subject and no measured command reads it.

Fast build: the schema comes from pipelines.schema.open_db (every migration); then, with journal and
sync off, the FTS triggers and secondary indexes are dropped, rows go in with executemany, and the
indexes, the FTS index ('rebuild') and the triggers are put back from their own SQL.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipelines.bodytext import plain_of_markdown

from .export_memory import corpus_articles, peak_rss_kib
from .report import machine_line, replace_section

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"
SITES = 50
STAFF = 5000
TAGS = 400
BATCH = 10_000
BROWSE_SETTINGS = {"default_allow_sql": False, "sql_time_limit_ms": 10000}  # as `newsmill browse` serves

QUERIES = [  # (label, query, filters)
    ("common word", "government", {}),
    ("common word", "police", {}),
    ("medium word", "election", {}),
    ("medium word", "climate", {}),
    ("rare word", "vaccine", {}),
    ("two words", "prime minister", {}),
    ("phrase", '"prime minister"', {}),
    ("prefix", "econom*", {}),
    ("word + site", "government", {"site": "news7.example"}),
    ("word + author", "police", {"author": "Staff Reporter 42"}),
]


def _base36(k: int) -> str:
    digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while True:
        k, r = divmod(k, 36)
        out = digits[r] + out
        if not k:
            return out


def db_path(articles: int) -> Path:
    return OUTPUT / f"bench-scale-{articles}.db"


def build(path: Path, articles: int, body_chars: int = 3000) -> float:
    """Write a synthetic database of `articles` rows at `path`; returns the seconds it took."""
    from pipelines.schema import join_faqs, open_db

    started = time.monotonic()
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    tmp = path.with_name(path.name + ".building")
    for p in tmp.parent.glob(tmp.name + "*"):
        p.unlink()
    open_db(tmp).close()
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")  # 256 MiB
    con.execute("PRAGMA foreign_keys = OFF")
    objects = con.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
        "((type = 'index') OR (type = 'trigger' AND tbl_name = 'articles'))").fetchall()
    for kind, name, _ in objects:
        con.execute(f"DROP {kind.upper()} [{name}]")

    texts = corpus_articles()
    paragraphs = [[p for p in t["body"].split("\n") if p.strip()] for t in texts]
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    span = 3 * 365 * 24 * 3600
    rng = random.Random(22)
    author_ids: dict[str, int] = {}
    tag_names = [f"topic-{k}" for k in range(TAGS)]
    con.execute("BEGIN")
    con.executemany("INSERT INTO tags (id, name, name_key) VALUES (?, ?, ?)",
                    [(k + 1, n, n) for k, n in enumerate(tag_names)])
    runs = max(1, articles // 10_000)
    con.executemany(
        "INSERT INTO crawl_runs (id, started, finished, site, pages, articles_new, finish_reason, exit_status) "
        "VALUES (?, ?, ?, ?, ?, ?, 'finished', 0)",
        [(r + 1, (start + timedelta(days=r)).isoformat(), (start + timedelta(days=r, hours=1)).isoformat(),
          f"news{r % SITES}.example", 10_000, 10_000) for r in range(runs)])
    con.execute("COMMIT")

    def author_id(name: str) -> int:
        if name not in author_ids:
            author_ids[name] = len(author_ids) + 1
            new_authors.append((author_ids[name], name, " ".join(name.casefold().split())))
        return author_ids[name]

    for first in range(0, articles, BATCH):
        rows, pages, links, tags, faqs, revisions, new_authors = [], [], [], [], [], [], []
        for i in range(first, min(articles, first + BATCH)):
            t = i % len(texts)
            text, paras = texts[t], paragraphs[t]
            turn = (i // len(texts)) % len(paras)
            body = "\n\n".join(paras[turn:] + paras[:turn])[:body_chars] + f" zq{_base36(i)}"
            # stored as newsmill stores it: the Markdown, and the plain text only where that differs
            stored = None if plain_of_markdown(body) == body else body
            title = f"{text['title']} ({i % 997})" if i % 3 else text["title"]
            site = f"news{i % SITES}.example"
            moment = start + timedelta(seconds=(i * 7919) % span)
            url = f"https://{site}/{moment:%Y/%m/%d}/{text['id']}-{i}"
            if i % 50 == 49:
                published = precision = None
            elif i % 10 == 9:
                published, precision = moment.date().isoformat(), "day"
            else:
                published, precision = moment.isoformat(timespec="seconds"), "second"
            seen = (moment + timedelta(hours=1)).isoformat(timespec="seconds")
            pairs = ([(f"What happened in story {i}?", f"{text['title']}"), (f"Who reported {i}?", site)]
                     if i % 5 == 0 else [])
            faq_text = join_faqs(pairs) if pairs else None
            digest = hashlib.blake2b(f"{i}".encode(), digest_size=16).hexdigest()
            tag_list = [tag_names[i % TAGS], tag_names[(i * 31 + 7) % TAGS]]
            rows.append((url, url, url, site, title, stored, body, text.get("language"), json.dumps(tag_list), published,
                         published, precision, seen, len(body.split()), "trafilatura", seen, seen, faq_text,
                         digest, "bench", rng.getrandbits(63), f"Section {i % 12}"))
            pages.append((url, 1 + (i // 10_000) % runs, 200, "text/html", 20_000 + i % 9000, seen, "new", url,
                          f'"{digest[:12]}"', None))
            names = list(text.get("authors") or []) + [f"Staff Reporter {i % STAFF}"]
            for position, name in enumerate(dict.fromkeys(names)):
                links.append((url, author_id(name), position))
            tags += [(url, tag_names.index(n) + 1, k) for k, n in enumerate(tag_list)]
            faqs += [(url, k, q, a) for k, (q, a) in enumerate(pairs)]
            if i % 10 == 0:
                old = body[: len(body) * 3 // 4]
                revisions.append((url, text["title"], old, None, digest[::-1], "bench", seen, seen, seen, "changed"))
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO articles (url, canonical_url, fetched_url, site, title, body_text, body_markdown, language, "
            "tags, published, published_raw, published_precision, modified, word_count, extraction_path, first_seen, "
            "last_seen, faq_text, content_hash, extractor_version, simhash, section) VALUES (" + ",".join("?" * 22) + ")",
            rows)
        con.executemany("INSERT INTO pages (url, run_id, status, content_type, bytes, fetched_at, outcome, "
                        "article_url, etag, last_modified) VALUES (?,?,?,?,?,?,?,?,?,?)", pages)
        con.executemany("INSERT INTO authors (id, name, name_key) VALUES (?, ?, ?)", new_authors)
        con.executemany("INSERT INTO article_authors (article_url, author_id, position) VALUES (?, ?, ?)", links)
        con.executemany("INSERT INTO article_tags (article_url, tag_id, position) VALUES (?, ?, ?)", tags)
        con.executemany("INSERT INTO faqs (article_url, position, question, answer) VALUES (?, ?, ?, ?)", faqs)
        con.executemany(
            "INSERT INTO article_revisions (article_url, title, body, faq_text, content_hash, extractor_version, "
            "first_seen, last_seen, replaced_at, cause) VALUES (?,?,?,?,?,?,?,?,?,?)", revisions)
        con.execute("COMMIT")
        print(f"  built {min(articles, first + BATCH):,} of {articles:,} articles "
              f"({time.monotonic() - started:.0f} s)", end="\r", flush=True)
    print(f"\n  indexes and full-text index ...", flush=True)
    for kind, _, sql in objects:
        if kind == "index":
            con.execute(sql)
    con.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    for kind, _, sql in objects:
        if kind == "trigger":
            con.execute(sql)
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    tmp.rename(path)
    seconds = time.monotonic() - started
    path.with_suffix(".json").write_text(json.dumps({"articles": articles, "body_chars": body_chars,
                                                     "build_seconds": round(seconds, 1)}))
    return seconds


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure_search(path: Path) -> dict:
    from pipelines.query import search
    from pipelines.schema import open_db

    db = open_db(path, migrate=False)
    timings, first, hits = [], [], {}
    for rep in range(3):
        for label, query, filters in QUERIES:
            t = time.perf_counter()
            found = search(db, query, **filters)
            spent = time.perf_counter() - t
            timings.append(spent)
            if rep == 0:
                first.append(spent)
                hits[f"{label}: {query}{' ' + json.dumps(filters) if filters else ''}"] = (len(found), _ms(spent))
    db.close()
    return {"median_ms": _ms(statistics.median(timings)), "p95_ms": _ms(_pct(timings, 0.95)),
            "first_pass_median_ms": _ms(statistics.median(first)), "first_pass_max_ms": _ms(max(first)),
            "per_query_first_pass": hits}


def measure_stats(path: Path) -> dict:
    from pipelines.schema import open_db
    from pipelines.stats import database_stats

    out = []
    for _ in range(3):
        db = open_db(path, migrate=False)
        t = time.perf_counter()
        database_stats(db, path)
        out.append(time.perf_counter() - t)
        db.close()
    return {"first_ms": _ms(out[0]), "median_ms": _ms(statistics.median(out))}


def measure_export(path: Path, articles: int) -> dict:
    out = path.with_name(path.name + ".export.jsonl")
    since = "2025-01-01"
    command = [sys.executable, "-m", "crawler.cli", "export", "--db", str(path), "--out", str(out),
               "--site", "news3.example", "--since", since]
    kib, seconds, _ = peak_rss_kib(command)
    again, _, _ = peak_rss_kib(command)  # twice: the first run after a build or migration peaked higher
    with open(out, "rb") as f:
        rows = sum(1 for _ in f)
    size = out.stat().st_size
    out.unlink()
    return {"filter": f"--site news3.example --since {since}", "rows": rows, "peak_rss_mib": round(min(kib, again) / 1024, 1),
            "peak_rss_runs_mib": [round(kib / 1024, 1), round(again / 1024, 1)], "seconds": round(seconds, 2), "file_mib": round(size / 2**20, 1)}


def measure_known(path: Path, articles: int) -> dict:
    from crawler.state import CrawlState

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rng = random.Random(7)
    picks = sorted(rng.sample(range(articles), min(10_000, articles)))
    stored = [r[0] for r in con.execute(
        f"SELECT url FROM pages WHERE rowid IN ({','.join(str(k + 1) for k in picks)})")]
    con.close()
    unknown = [u.replace("-", "-new-", 1) for u in stored]
    urls = stored + unknown
    rng.shuffle(urls)
    state = CrawlState(path)
    state.article(urls[0])
    times, found = [], 0
    for url in urls:
        t = time.perf_counter()
        known = state.article(url)
        times.append(time.perf_counter() - t)
        found += known is not None
    state.close()
    return {"lookups": len(urls), "found": found, "stored_asked": len(stored), "mean_ms": round(statistics.mean(times) * 1000, 4),
            "p99_ms": round(_pct(times, 0.99) * 1000, 4)}


def measure_datasette(path: Path) -> dict:
    from datasette.app import Datasette

    from pipelines import datasette as browse

    async def run() -> dict:
        # The settings `newsmill browse` serves with (crawler/commands/database.py, pipelines/datasette.py).
        kwargs = browse.datasette_kwargs(path)
        settings = {**getattr(browse, "SETTINGS", {}), **kwargs.pop("settings", {}), **BROWSE_SETTINGS}
        ds = Datasette(**kwargs, settings=settings)
        name = path.stem
        out = {}
        for table in ("articles", "article_list"):
            timings, status, timed_out = [], None, None
            for _ in range(3):
                t = time.perf_counter()
                resp = await ds.client.get(f"/{name}/{table}?_facet=site")
                timings.append(time.perf_counter() - t)
                status = resp.status_code
            data = (await ds.client.get(f"/{name}/{table}.json?_facet=site&_size=1")).json()
            facets = data.get("facet_results") or {}
            facets = facets.get("results", facets)  # Datasette 1.0 nests them; 0.65 does not
            timed_out = data.get("facets_timed_out") or (data.get("facet_results") or {}).get("timed_out") or []
            sites = len((facets.get("site") or {}).get("results") or [])
            out[table] = {"status": status, "first_ms": _ms(timings[0]), "median_ms": _ms(statistics.median(timings)),
                          "facets_timed_out": timed_out, "site_facet_values": sites}
        return out

    return asyncio.run(run())


def measure(articles: int, rebuild: bool, body_chars: int) -> dict:
    path = db_path(articles)
    meta = path.with_suffix(".json")
    if rebuild or not path.exists() or not meta.exists():
        print(f"scale: building {articles:,} articles into {path.relative_to(ROOT)} ...", flush=True)
        build(path, articles, body_chars)
    info = json.loads(meta.read_text())
    from pipelines.schema import open_db

    t = time.monotonic()  # a cached database gets the migrations added since it was built, as a user's would
    open_db(path).close()
    if time.monotonic() - t > 1:
        print(f"  migrations added since the build applied in {time.monotonic() - t:.0f} s", flush=True)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if not p.name.endswith(".json"))
    print(f"scale: {articles:,} articles ({size / 2**20:,.0f} MiB, built in {info['build_seconds']:.0f} s)", flush=True)
    result = {"articles": articles, "size_mib": round(size / 2**20, 1), "build_seconds": info["build_seconds"],
              "body_chars": info["body_chars"]}
    for name, step in (("search", lambda: measure_search(path)), ("stats", lambda: measure_stats(path)),
                       ("known_url", lambda: measure_known(path, articles)),
                       ("export", lambda: measure_export(path, articles)),
                       ("datasette", lambda: measure_datasette(path))):
        result[name] = step()
        print(f"  {name}: {json.dumps(result[name])}", flush=True)
    return result


def report(results: list[dict]) -> list[str]:
    sizes = [r["articles"] for r in results]
    head = "| | " + " | ".join(f"{n:,} articles" for n in sizes) + " |"
    rows = [head, "|---" * (len(sizes) + 1) + "|"]

    def row(label, fn):
        rows.append(f"| {label} | " + " | ".join(fn(r) for r in results) + " |")

    row("database file", lambda r: f"{r['size_mib']:,.0f} MiB ({r['size_mib'] * 1024 / r['articles']:.1f} KiB/article)")
    row("search median / p95 (10 queries x 3)", lambda r: f"{r['search']['median_ms']:.1f} / {r['search']['p95_ms']:.1f} ms")
    row("search first pass median / max", lambda r: f"{r['search']['first_pass_median_ms']:.1f} / {r['search']['first_pass_max_ms']:.1f} ms")
    row("stats (first / median of 3)", lambda r: f"{r['stats']['first_ms']:.0f} / {r['stats']['median_ms']:.0f} ms")
    row("known-URL check mean / p99", lambda r: f"{r['known_url']['mean_ms']:.3f} / {r['known_url']['p99_ms']:.3f} ms")
    row("filtered export: rows, peak RSS (two runs), time",
        lambda r: f"{r['export']['rows']:,} rows, {' / '.join(map(str, r['export'].get('peak_rss_runs_mib', [])))} MiB, "
                  f"{r['export']['seconds']} s")
    for table in ("articles", "article_list"):
        row(f"Datasette /{table}?_facet=site (first / median)",
            lambda r, t=table: f"{r['datasette'][t]['first_ms']:.0f} / {r['datasette'][t]['median_ms']:.0f} ms"
            + (" (facet timed out)" if r["datasette"][t]["facets_timed_out"] else
               f", {r['datasette'][t]['site_facet_values']} sites in the facet"))
    row("build time", lambda r: f"{r['build_seconds']:.0f} s")
    big = results[-1]
    goals = [
        ("search p95 < 300 ms", big["search"]["p95_ms"] < 300, f"{big['search']['p95_ms']:.0f} ms"),
        ("stats < 2 s", big["stats"]["median_ms"] < 2000, f"{big['stats']['median_ms']:.0f} ms"),
        ("known-URL check < 0.2 ms", big["known_url"]["mean_ms"] < 0.2, f"{big['known_url']['mean_ms']:.3f} ms mean"),
        ("export memory flat", max(r["export"]["peak_rss_mib"] for r in results)
         < 1.25 * min(r["export"]["peak_rss_mib"] for r in results),
         " -> ".join(f"{r['export']['peak_rss_mib']} MiB" for r in results)),
    ]
    lines = rows + ["", f"Goals at {big['articles']:,} articles: " + "; ".join(
        f"{name}: {'met' if ok else 'NOT met'} ({fig})" for name, ok, fig in goals) + "."]
    lines.append("")
    lines.append("Per query, first pass at the largest size (hits, ms): " + "; ".join(
        f"{q} {h} / {ms}" for q, (h, ms) in big["search"]["per_query_first_pass"].items()))
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="newsmill at 10,000 to 1,000,000 articles (issue 22)")
    p.add_argument("--articles", default="10000,100000,1000000",
                   help="comma-separated database sizes (default 10000,100000,1000000)")
    p.add_argument("--body-chars", type=int, default=3000, help="body length cut (default 3000)")
    p.add_argument("--rebuild", action="store_true", help="build the databases anew instead of reusing output/")
    p.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    args = p.parse_args(argv)
    try:
        sizes = sorted({int(n.replace("_", "")) for n in args.articles.split(",") if n.strip()})
    except ValueError:
        raise SystemExit(f"bench-scale: --articles takes numbers separated by commas, not {args.articles!r}")
    if not sizes or min(sizes) < 100:
        raise SystemExit("bench-scale: --articles: each size must be at least 100")
    results = [measure(n, args.rebuild, args.body_chars) for n in sizes]
    lines = report(results)
    print("\n".join(lines))
    out = OUTPUT / "bench-scale.json"
    out.write_text(json.dumps(results, indent=1))
    if not args.no_doc:
        replace_section("scale", [
            f"`make bench-scale` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine_line()}); "
            f"synthetic databases built from the realworld corpus texts (bodies cut at {results[0]['body_chars']:,} "
            "characters, no raw HTML; see bench/scale.py). Raw figures: output/bench-scale.json.", "", *lines])
    return 0


if __name__ == "__main__":
    sys.exit(main())
