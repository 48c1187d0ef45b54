"""make eval: body-text quality of newsmill vs bare trafilatura on the fixture corpus.

    python -m evals.body [--only-baseline] [--set NAME] [--json PATH] [--worst N]

Scores every page that has an expected body with the 4-gram shingle metric in
evals/metrics.py, for newsmill's ``extract_article(html, url).body`` and for
``trafilatura.extract(html, url=url, include_comments=False)`` in the same run. It reports;
it is not a test, and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback

import trafilatura

from evals.corpus import load_pages
from evals.metrics import body_scores, boilerplate_left, corpus_f1, page_f1

BELOW_MARGIN = 0.02


def _fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:.3f}"


def _load_newsmill():
    try:
        from cleaners import extract_article  # noqa: PLC0415
    except Exception as exc:  # ImportError, or a half-written module
        return None, f"{type(exc).__name__}: {exc}"
    return extract_article, None


def run(only_baseline: bool = False, only_set: str | None = None, json_path: str | None = None,
        worst: int = 10, out=sys.stdout) -> int:
    extract_article = None
    if not only_baseline:
        extract_article, err = _load_newsmill()
        if extract_article is None:
            print(f"WARNING: cannot import cleaners.extract_article ({err}); "
                  "scoring the trafilatura baseline only", file=sys.stderr)
            only_baseline = True

    pages = [p for p in load_pages(only_set=only_set) if (p.expected.get("body") or "").strip()]
    systems = ["trafilatura"] if only_baseline else ["newsmill", "trafilatura"]
    rows = []
    errors = {s: 0 for s in systems}
    timing = {s: 0.0 for s in systems}

    for page in pages:
        truth = page.expected["body"]
        bp = page.expected.get("boilerplate") or []
        row = {"id": page.id, "set": page.set, "language": page.language, "url": page.url}
        for system in systems:
            t0 = time.perf_counter()
            try:
                if system == "newsmill":
                    body = extract_article(page.html, page.url).body or ""
                else:
                    body = trafilatura.extract(page.html, url=page.url, include_comments=False) or ""
                error = None
            except Exception as exc:  # a crash scores as an empty prediction
                body, error = "", f"{type(exc).__name__}: {exc}"
                errors[system] += 1
                if system == "newsmill":
                    traceback.print_exc(file=sys.stderr)
            timing[system] += time.perf_counter() - t0
            p, r = body_scores(body, truth)
            row[system] = {
                "precision": p, "recall": r, "f1": page_f1(p, r),
                "chars": len(body), "error": error,
                "boilerplate_left": boilerplate_left(body, bp) if bp else None,
            }
        rows.append(row)

    summary = {}
    for system in systems:
        score = corpus_f1((r[system]["precision"], r[system]["recall"]) for r in rows)
        bp_pages = [r for r in rows if r[system]["boilerplate_left"] is not None]
        bp_dirty = sum(1 for r in bp_pages if r[system]["boilerplate_left"])
        summary[system] = {
            "score": score, "bp_pages": len(bp_pages), "bp_dirty": bp_dirty,
            "bp_rate": bp_dirty / len(bp_pages) if bp_pages else None,
        }

    below = None
    if "newsmill" in systems:
        for r in rows:
            r["delta"] = (r["newsmill"]["f1"] or 0.0) - (r["trafilatura"]["f1"] or 0.0)
        below = sum(1 for r in rows if r["delta"] < -BELOW_MARGIN)

    # ------------------------------------------------------------------ report
    sets = sorted({p.set for p in pages})
    print(f"body eval: {len(pages)} pages with an expected body, sets: {', '.join(sets) or '-'}"
          f"{'  (baseline only)' if only_baseline else ''}", file=out)
    print("metric: 4-gram shingle multiset overlap; P averaged over pages with a prediction, "
          "R over pages with an expected body, F1 = harmonic mean of the means", file=out)
    print(file=out)
    print(f"{'system':12} {'P':>6} {'R':>6} {'F1':>6} {'pages':>6} {'boilerplate':>12} {'errors':>7} {'secs':>6}", file=out)
    for system in ["newsmill", "trafilatura"]:
        if system not in summary:
            print(f"{system:12} {'n/a':>6} {'n/a':>6} {'n/a':>6} {'-':>6} {'-':>12} {'-':>7} {'-':>6}", file=out)
            continue
        s = summary[system]
        sc = s["score"]
        bp = f"{_fmt(s['bp_rate'])} ({s['bp_dirty']}/{s['bp_pages']})" if s["bp_pages"] else "n/a"
        print(f"{system:12} {_fmt(sc.precision):>6} {_fmt(sc.recall):>6} {_fmt(sc.f1):>6} {sc.pages:>6} "
              f"{bp:>12} {errors[system]:>7} {timing[system]:>6.1f}", file=out)
    print(file=out)

    if "newsmill" in systems:
        print(f"pages where newsmill is more than {BELOW_MARGIN} below trafilatura's page F1: {below}", file=out)
        print(file=out)
        print(f"worst {min(worst, len(rows))} newsmill pages:", file=out)
        print(f"  {'id':45} {'newsmill':>8} {'trafil.':>8} {'delta':>7}", file=out)
        key = lambda r: (r["newsmill"]["f1"] or 0.0, r["delta"])  # noqa: E731
        for r in sorted(rows, key=key)[:worst]:
            print(f"  {r['id']:45} {_fmt(r['newsmill']['f1']):>8} {_fmt(r['trafilatura']['f1']):>8} "
                  f"{r['delta']:+7.3f}", file=out)
    else:
        print(f"worst {min(worst, len(rows))} trafilatura pages:", file=out)
        print(f"  {'id':45} {'P':>6} {'R':>6} {'F1':>6}", file=out)
        for r in sorted(rows, key=lambda r: r["trafilatura"]["f1"] or 0.0)[:worst]:
            t = r["trafilatura"]
            print(f"  {r['id']:45} {_fmt(t['precision']):>6} {_fmt(t['recall']):>6} {_fmt(t['f1']):>6}", file=out)
    for system in systems:
        for r in rows:
            if r[system]["boilerplate_left"]:
                print(f"  boilerplate left by {system} in {r['id']}: {r[system]['boilerplate_left']}", file=out)
    print(file=out)

    if json_path:
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False, indent=1)

    t = summary["trafilatura"]["score"]
    if "newsmill" in summary:
        n = summary["newsmill"]["score"]
        nm = f"newsmill F1 {_fmt(n.f1)} (P {_fmt(n.precision)} R {_fmt(n.recall)})"
        tail = f"below-baseline {below}, boilerplate-left {summary['newsmill']['bp_dirty']}"
    else:
        nm = "newsmill F1 n/a (P n/a R n/a)"
        tail = "below-baseline n/a, boilerplate-left n/a"
    print(f"eval: {nm}, trafilatura F1 {_fmt(t.f1)} (P {_fmt(t.precision)} R {_fmt(t.recall)}), "
          f"pages {len(rows)}, {tail}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.body", description=__doc__.splitlines()[0])
    ap.add_argument("--only-baseline", action="store_true", help="score bare trafilatura only")
    ap.add_argument("--set", dest="only_set", metavar="NAME", help="only pages of these corpus sets (comma-separated)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write per-page rows as JSON")
    ap.add_argument("--worst", type=int, default=10, metavar="N", help="per-page rows to show (10)")
    args = ap.parse_args(argv)
    run(args.only_baseline, args.only_set, args.json_path, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
