"""`make stress`: crawl the whole fault server (tests/faultserver.py) and say what survived.

Prints every fault with what the crawl made of it, then: faults tried and survived, articles
expected vs stored, rows lost (an expected article missing: must be 0), whether the crawl hung (did
not finish within --timeout seconds), peak memory of the crawl and of its extraction workers, and
`PRAGMA integrity_check`. The last line reads:

    stress: faults N/M survived, rows lost L, hung no|yes
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from faultserver import FAULTS, FaultServer, crawl_settings, expected_articles, judge, outcomes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=600, help="seconds before the crawl counts as hung")
    parser.add_argument("--db", help="database to crawl into (default: a temporary file)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db_path = Path(args.db or Path(tmp.name) / "stress.db")

    from sqlite_utils import Database

    with FaultServer() as server:
        command = [sys.executable, "-m", "crawler.cli", "crawl", server.url("/"), "--db", str(db_path),
                   *crawl_settings(server), "-s", "EXTRACT_WORKERS=2"]
        started = time.monotonic()
        proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        hung = False
        try:
            out, err = proc.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            hung = True
            proc.kill()
            out, err = proc.communicate()
        elapsed = time.monotonic() - started
        peak_children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        db = Database(db_path)
        pages = outcomes(db)
        print(f"{'fault':24} {'ok':3} {'expected':28} got")
        survived = 0
        for fault in FAULTS:
            ok, got = judge(fault, pages, server)
            survived += ok
            print(f"{fault.name:24} {'yes' if ok else 'NO':3} {fault.expect:28} {got}")
        stored_paths = {p for p, r in pages.items() if r["article_url"] and r["outcome"] not in ("skipped", "failed")}
        expected = expected_articles(pages)
        lost = [p for p in expected if p not in stored_paths]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        calendar = sum(1 for p in server.requests if p.startswith("/faults/calendar/"))
        sessions = server.hits("/faults/session/")
        grow = sum(1 for p in server.requests if p.startswith("/faults/grow/"))

    print()
    print(f"crawl exit status:   {proc.returncode}   ({elapsed:.1f} s)")
    print(f"faults tried:        {len(FAULTS)}")
    print(f"faults survived:     {survived}")
    print(f"articles expected:   {len(expected)}")
    print(f"articles stored:     {db['articles'].count}  (expected ones stored: {len(expected) - len(lost)})")
    print(f"rows lost:           {len(lost)} {' '.join(lost)}")
    print(f"spider traps:        calendar pages {calendar}, session page fetches {sessions}, growing query {grow}")
    print(f"integrity_check:     {integrity}")
    print(f"peak memory:         {peak_children_mb:.0f} MiB (largest process: crawl or an extraction worker)")
    print(f"hung:                {'yes' if hung else 'no'}")
    if proc.returncode not in (0, None) and not hung:
        print(err[-2000:], file=sys.stderr)
    print(f"stress: faults {survived}/{len(FAULTS)} survived, rows lost {len(lost)}, hung {'yes' if hung else 'no'}")
    return 0 if survived == len(FAULTS) and not lost and not hung and integrity == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
