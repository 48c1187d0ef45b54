"""What the ablation reports share: a command line that names the parts to turn off, and, for the fields
eval, one part turned off in this process and a table of what each part adds per corpus half."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

KEYS = ("realworld/tuned", "realworld/held", "trafilatura-eval/tuned", "trafilatura-eval/held")


def cli(prog: str, doc: str, argv: list[str] | None, known: list[str], option: str, what: str,
        run: Callable[[list[str], int, str | None], object]) -> int:
    """Parse `option` NAMES (of `known`; default all), --json and --jobs, and run; 2 and one line for an
    unknown name."""
    ap = argparse.ArgumentParser(prog=f"python -m {prog}", description=doc.splitlines()[0])
    ap.add_argument(option, dest="names", metavar="NAMES", help=f"comma-separated, of: {', '.join(known)} (default: all)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write the figures as JSON")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    args = ap.parse_args(argv)
    names = args.names.split(",") if args.names else list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"{prog}: unknown {what} {', '.join(unknown)} (known: {', '.join(known)})", file=sys.stderr)
        return 2
    run(names, args.jobs, args.json_path)
    return 0


def fields_without(module, name: str | None, replacement, metric: str) -> tuple[str | None, dict]:
    """The fields eval's `metric` per corpus half with module.name replaced (None: nothing), in this process."""
    from evals import fields  # noqa: PLC0415

    saved = getattr(module, name) if name else None
    if name:
        setattr(module, name, replacement)
    try:
        summary = fields.run(jobs=1, out=io.StringIO())
    finally:
        if name:
            setattr(module, name, saved)
    return name, {k: summary[k]["newsmill"][metric] for k in KEYS if k in summary}


def fields_report(worker: Callable, names: list[str], jobs: int, heading: str, metric: str, key: str,
                  json_path: str | None, out) -> dict:
    """Run worker(None) and worker(name) for each name in processes, print what each adds, write the JSON."""
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = dict(pool.map(worker, [None, *names]))
    report = {key: table(heading, metric, results, names, out)}
    report["base"] = report[key].pop(None)
    print(f"\n{time.perf_counter() - t0:.0f} s", file=out)
    if json_path:
        Path(json_path).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def table(heading: str, metric: str, results: dict, names: list[str], out) -> dict:
    """Print what each of `names` adds per corpus half (results[None]: all on; results[name]: it off);
    {None: all on, name: adds}."""
    base = results[None]
    print(heading + "\n", file=out)
    short = {k: k.replace("trafilatura-eval", "te").replace("realworld", "rw") for k in KEYS}
    print(f"{'':22}" + "".join(f"{short[k]:>12}" for k in KEYS), file=out)
    print(f"{f'all on ({metric})':22}" + "".join(f"{base[k]:>12.4f}" for k in KEYS), file=out)
    report: dict = {None: base}
    for name in names:
        adds = report[name] = {k: base[k] - results[name][k] for k in KEYS}
        print(f"{name:22}" + "".join(f"{adds[k]:>+12.4f}" for k in KEYS), file=out)
    return report
