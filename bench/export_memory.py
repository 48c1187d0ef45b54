"""Peak memory of `newsmill export` in each format over a large database: it streams, so it stays flat.

    .venv/bin/python -m bench.export_memory [--rows 100000] [--keep]

Builds a database of --rows synthetic articles (the 133 real articles of tests/fixtures/corpus/realworld,
their bodies, titles, authors and languages, under new URLs and dates; every 10th dated to the day
only, every 50th undated, every 5th with two FAQ pairs), then runs `newsmill export` as a user would,
one subprocess per format, and reads each one's peak RSS from the kernel (wait4). Each format runs
three times: 1 article, 10 % of them and all of them; streaming means the three peaks are about equal.
Run by `make bench` (after the crawl benchmark) and `make bench-export`.

Measured 2026-12-04 (100,000 articles, 1,058 MiB database built in 241 s, on 2 busy shared cores):
  csv      all: 64.5 MiB peak, 60.9 s, 622.7 MiB file  (1: 60.9 MiB, 10,000: 61.9 MiB)
  jsonl    all: 64.2 MiB peak, 29.3 s, 664.2 MiB file  (1: 60.7 MiB, 10,000: 62.0 MiB)
  json     all: 64.2 MiB peak, 31.8 s, 664.3 MiB file  (1: 60.7 MiB, 10,000: 61.8 MiB)
  parquet  all: 143.6 MiB peak, 22.2 s, 110.9 MiB file (1: 100.3 MiB, 10,000: 130.9 MiB)
The text formats grow by SQLite's page cache (2 MiB); Parquet by its footer, which holds an entry per
row group until the file is closed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "fixtures" / "corpus" / "realworld" / "manifest.json"
FORMATS = ("csv", "jsonl", "json", "parquet")


def corpus_articles() -> list[dict]:
    return [a for a in json.loads(MANIFEST.read_text("utf-8")) if a.get("body") and a.get("title")]


def build_database(path: str | Path, rows: int, batch: int = 2000, body_chars: int | None = None) -> Path:
    """A newsmill database holding `rows` articles made from the real corpus texts (bodies cut to
    `body_chars` when given: tests build small ones fast)."""
    from pipelines.schema import join_faqs, open_db

    texts = corpus_articles()
    db = open_db(path)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    author_ids: dict[str, int] = {}
    for first in range(0, rows, batch):
        articles, links, faqs = [], [], []
        for i in range(first, min(rows, first + batch)):
            text = texts[i % len(texts)]
            body = text["body"][:body_chars] if body_chars else text["body"]
            url = f"https://news{i % 40}.example/{i // 40}/{text['id']}/"
            moment = start + timedelta(minutes=7 * i)
            if i % 50 == 49:
                published, precision = None, None
            elif i % 10 == 9:
                published, precision = moment.date().isoformat(), "day"
            else:
                published, precision = moment.isoformat(timespec="seconds"), "second"
            pairs = [(f"Question {k} on article {i}?", f"Answer {k}: {text['title']}") for k in (1, 2)] if i % 5 == 0 else []
            faqs += [(url, k, q, a) for k, (q, a) in enumerate(pairs)]
            seen = moment.isoformat(timespec="seconds")
            articles.append((url, url, url, f"news{i % 40}.example", text["title"], body, text.get("language"),
                             json.dumps(["world", f"tag{i % 97}"]), published, published, precision, seen,
                             len(body.split()), "trafilatura", seen, seen, join_faqs(pairs)))
            for position, name in enumerate(text.get("authors") or []):
                links.append((url, name, position))
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO articles (url, canonical_url, fetched_url, site, title, body_text, language, tags, published, "
                "published_raw, published_precision, modified, word_count, extraction_path, first_seen, last_seen, "
                "faq_text) VALUES (" + ",".join("?" * 17) + ")", articles)
            for url, name, position in links:
                if name not in author_ids:
                    db.execute("INSERT OR IGNORE INTO authors (name, name_key) VALUES (?, ?)",
                               [name, " ".join(name.casefold().split())])
                    author_ids[name] = db.execute("SELECT id FROM authors WHERE name_key = ?",
                                                  [" ".join(name.casefold().split())]).fetchone()[0]
            db.conn.executemany("INSERT INTO article_authors (article_url, author_id, position) VALUES (?, ?, ?)",
                                [(url, author_ids[name], position) for url, name, position in links])
            db.conn.executemany("INSERT INTO faqs (article_url, position, question, answer) VALUES (?, ?, ?, ?)", faqs)
    db.close()
    return Path(path)


def peak_rss_kib(command: list[str]) -> tuple[int, float, int]:
    """(peak RSS in KiB, seconds, exit status) of one command: its VmHWM, polled every 10 ms once it runs the
    command. Not the kernel's ru_maxrss: that counts the memory of the process it was forked from (a
    300 MiB bench process made a 48 MiB export read 314 MiB), so it grew with whatever ran before it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    wanted = "\0".join(command).encode()
    peak = 0
    # stderr to a file: a pipe nobody reads while we poll would stop a command that writes much there
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        while child.poll() is None:
            peak = max(peak, _hwm_kib(child.pid, wanted))
            time.sleep(0.01)
        seconds = time.monotonic() - started
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-2000:]}")
    return peak, seconds, child.returncode


def _hwm_kib(pid: int, cmdline: bytes) -> int:
    """The process's peak resident memory so far, once it runs `cmdline` (before exec it is a copy of us)."""
    try:
        if Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0") != cmdline:
            return 0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(db: Path, folder: Path, rows: int) -> list[dict]:
    results = []
    for fmt in FORMATS:
        for limit in (1, max(1, rows // 10), rows):
            out = folder / f"export.{fmt}"
            command = [sys.executable, "-m", "crawler.cli", "export", "--db", str(db), "--out", str(out),
                       "--limit", str(limit)]
            kib, seconds, _ = peak_rss_kib(command)
            results.append({"format": fmt, "articles": limit, "peak_rss_mib": round(kib / 1024, 1),
                            "seconds": round(seconds, 1), "file_mib": round(out.stat().st_size / 2**20, 1)})
            out.unlink()
    return results


def report_lines(results: list[dict], rows: int) -> list[str]:
    lines = [f"export memory ({rows:,} articles in the database; peak RSS of the `newsmill export` process):"]
    for fmt in FORMATS:
        mine = {r["articles"]: r for r in results if r["format"] == fmt}
        full = mine[rows]
        others = ", ".join(f"{n:,}: {r['peak_rss_mib']} MiB" for n, r in sorted(mine.items()) if n != rows)
        lines.append(f"  {fmt:8} all {rows:,}: {full['peak_rss_mib']:6} MiB peak, {full['seconds']:5} s, "
                     f"{full['file_mib']} MiB file  ({others})")
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="peak memory of newsmill export over a large database")
    p.add_argument("--rows", type=int, default=100_000, help="articles in the database (default 100000)")
    p.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="newsmill-export-bench-"))
    try:
        started = time.monotonic()
        db = build_database(folder / "big.db", args.rows)
        print(f"built {args.rows:,} articles in {time.monotonic() - started:.0f} s "
              f"({db.stat().st_size / 2**20:.0f} MiB database)", flush=True)
        for line in report_lines(measure(db, folder, args.rows), args.rows):
            print(line, flush=True)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
