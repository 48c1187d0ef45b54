"""Throughput of a distributed crawl on one machine: 1 vs 2 (or more) worker processes.

    .venv/bin/python -m bench.distributed [--pages 1000] [--workers 1,2] [--extract-workers 1]

Serves the benchmark mirror (bench/server.py), starts a throwaway redis-server, runs N `newsmill crawl
--redis` workers (each with EXTRACT_WORKERS extraction processes) until the run is done, then one
`newsmill ingest` writer. Worker throughput is pages recorded / (time of the last record's stream entry -
start), so the workers' idle wait before leaving is not counted; the writer's is records / its wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from redisserver import RedisServer  # noqa: E402

STREAM = "newsmill:records"


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run(pages: int, workers: int, extract_workers: int) -> dict:
    import redis

    server = subprocess.Popen([sys.executable, "-m", "bench.server", "--pages", str(pages)], cwd=ROOT, env=_env(),
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[1])
        with RedisServer() as rs, tempfile.TemporaryDirectory() as tmp:
            r = redis.Redis.from_url(rs.url)
            cmd = [sys.executable, "-m", "crawler.cli", "crawl", f"http://127.0.0.1:{port}/", "--redis", rs.url,
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
                   "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "-s", "CRAWL_MAX_PAGES_PER_SITE=0",
                   "-s", f"EXTRACT_WORKERS={extract_workers}", "-s", "PROGRESS_ENABLED=False",
                   "-s", "REDIS_IDLE_SECONDS=2"]
            started = time.time()
            procs = [subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for _ in range(workers)]
            outs = [p.communicate(timeout=3600) for p in procs]
            assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
            entries = r.xrange(STREAM)
            records = [e for e in entries if e[1][b"kind"] in (b"article", b"page")]
            last = int(records[-1][0].split(b"-")[0]) / 1000
            worker_seconds = last - started
            db = Path(tmp) / "news.db"
            t0 = time.monotonic()
            writer = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--redis", rs.url, "--db", str(db),
                                     "--until-idle", "0.5"], cwd=ROOT, env=_env(), capture_output=True, text=True)
            assert writer.returncode == 0, writer.stderr[-2000:]
            writer_seconds = time.monotonic() - t0
            import sqlite3

            articles = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
        return {"workers": workers, "extract_workers_each": extract_workers, "pages": len(records),
                "articles": articles, "worker_seconds": round(worker_seconds, 1),
                "pages_per_second": round(len(records) / worker_seconds, 1),
                "writer_records_per_second": round(len(entries) / writer_seconds, 1)}
    finally:
        server.terminate()
        server.wait()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=1000)
    p.add_argument("--workers", default="1,2")
    p.add_argument("--extract-workers", type=int, default=1)
    args = p.parse_args(argv)
    results = [run(args.pages, int(n), args.extract_workers) for n in args.workers.split(",")]
    for result in results:
        print(json.dumps(result))
    if len(results) >= 2:
        print(f"ratio {results[-1]['workers']} vs {results[0]['workers']} workers: "
              f"{results[-1]['pages_per_second'] / results[0]['pages_per_second']:.2f}x  (cores: {os.cpu_count()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
