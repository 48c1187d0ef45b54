"""make eval-ablate-authors: what each author reader is worth, on the half we tuned on and on the half we did not.

    python -m evals.ablate_authors [--finders NAME,NAME] [--json PATH] [--jobs N]

`cleaners.fields.authors.FINDERS` are the readers the author extraction tries in order (JSON-LD, meta tags,
the byline, labels, credits lists, signatures, ...). This scores the authors of every corpus as `make
eval-fields` does, with all readers on and then with each turned off in turn, and prints per corpus and
half the author F1 the reader adds (all on minus it off). A reader that adds on the tuned half and takes away
on the held half was fitted to the pages we looked at. `_from_visible` (the byline near the headline) is not
turned off: the others consult it. A report: exits 0.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cleaners.fields.authors as authors
from evals import fields

KEYS = ("realworld/tuned", "realworld/held", "trafilatura-eval/tuned", "trafilatura-eval/held")
_NOT_ABLATED = {"_from_visible"}


def _nobody(*_args, **_kwargs) -> list:
    return []


def _author_f1(finder: str | None) -> tuple[str | None, dict]:
    """Author F1 per corpus half with `finder` turned off (None: all on), in this process."""
    saved = getattr(authors, finder) if finder else None
    if finder:
        setattr(authors, finder, _nobody)
    try:
        summary = fields.run(jobs=1, out=io.StringIO())
    finally:
        if finder:
            setattr(authors, finder, saved)
    return finder, {k: summary[k]["newsmill"]["author_f1"] for k in KEYS if k in summary}


def run(finders: list[str], jobs: int, json_path: str | None = None, out=sys.stdout) -> dict:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = dict(pool.map(_author_f1, [None, *finders]))
    report = {"finders": table("author reader ablation: author F1 that each reader adds (all on minus it off)",
                               "author F1", results, finders, out)}
    report["base"] = report["finders"].pop(None)
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


def main(argv: list[str] | None = None) -> int:
    ablatable = [n for n in authors.FINDERS if n not in _NOT_ABLATED]
    ap = argparse.ArgumentParser(prog="python -m evals.ablate_authors", description=__doc__.splitlines()[0])
    ap.add_argument("--finders", metavar="NAMES", help=f"comma-separated, of: {', '.join(ablatable)} (default: all)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write the figures as JSON")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    args = ap.parse_args(argv)
    names = args.finders.split(",") if args.finders else ablatable
    unknown = [n for n in names if n not in ablatable]
    if unknown:
        print(f"evals.ablate_authors: unknown reader {', '.join(unknown)} (known: {', '.join(ablatable)})",
              file=sys.stderr)
        return 2
    run(names, args.jobs, args.json_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
