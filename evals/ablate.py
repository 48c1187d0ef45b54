"""make eval-ablate: what each cleaner is worth, on the half we tuned on and on the half we did not.

    python -m evals.ablate [--cleaners NAME,NAME] [--json PATH] [--jobs N]

Scores the bodies of every corpus (as `make eval` does) with all cleaners on, then once more with each
cleaner turned off in turn, and prints per corpus and half the F1 that the cleaner adds (all on minus
that one off) and the pages it moves by more than 0.05 either way. A cleaner that adds on the tuned half
and nothing or less on the held half was fitted to the pages we looked at; one that takes away on both
is doing harm. Takes one body eval per cleaner (about 20 s each on two cores). A report: exits 0.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from cleaners.registry import ALL
from evals.ablation import cli
from evals.body import SNIPPET_SET, _newsmill, _probes, _raw, corpus_score, score_page
from evals.corpus import load_pages, load_snippet_pages
from evals.fields import corpus_of

MOVED = 0.05  # page F1 change that counts a page as moved


def _scores(pages, raws, probes, off: tuple[str, ...], jobs: int) -> dict:
    with ProcessPoolExecutor(jobs) as pool:
        rows = pool.map(_newsmill, [(p.id, raws[p.id], p.url, probes[p.id], off) for p in pages], chunksize=4)
        bodies = {row["id"]: row["body"] for row in rows}
    return {p.id: score_page(p, bodies[p.id]) for p in pages}


def run(cleaners: list[str], jobs: int, json_path: str | None = None, out=sys.stdout) -> dict:
    pages = [p for p in load_pages() if (p.expected.get("body") or "").strip()] + load_snippet_pages()
    raws = {p.id: _raw(p) for p in pages}
    probes = {p.id: _probes(p) for p in pages}
    groups = {}
    for p in pages:
        for half in (p.half, "all"):
            groups.setdefault(f"{corpus_of(p)}/{half}", []).append(p)
    keys = sorted(groups, key=lambda k: (k.startswith("own"), k.split("/")[0], k.split("/")[1] == "all",
                                         k.split("/")[1] == "held"))

    t0 = time.perf_counter()
    base = _scores(pages, raws, probes, (), jobs)
    base_f1 = {k: corpus_score([base[p.id] for p in groups[k]])[2] for k in keys}
    print(f"cleaner ablation: {len(pages)} pages; F1 that each cleaner adds (all on minus it off), and pages it "
          f"moves by more than {MOVED} (+better / -worse with it on)\n", file=out)
    short = {k: k.replace(SNIPPET_SET, "te").replace("realworld", "rw").replace("own fixtures", "own") for k in keys}
    print(f"{'':14}" + "".join(f"{short[k]:>18}" for k in keys), file=out)
    print(f"{'all on (F1)':14}" + "".join(f"{base_f1[k]:>18.4f}" for k in keys), file=out)
    result = {"base": base_f1, "cleaners": {}}
    for name in cleaners:
        scores = _scores(pages, raws, probes, (name,), jobs)
        cells, entry = [], {}
        for k in keys:
            f1 = corpus_score([scores[p.id] for p in groups[k]])[2]
            up = sum(base[p.id]["f1"] - scores[p.id]["f1"] > MOVED for p in groups[k])
            down = sum(scores[p.id]["f1"] - base[p.id]["f1"] > MOVED for p in groups[k])
            entry[k] = {"adds": base_f1[k] - f1, "pages_better": up, "pages_worse": down}
            cells.append(f"{base_f1[k] - f1:+.4f} +{up}/-{down}")
        result["cleaners"][name] = entry
        print(f"{name:14}" + "".join(f"{c:>18}" for c in cells), file=out, flush=True)
    print(f"\n{time.perf_counter() - t0:.0f} s", file=out)
    if json_path:
        Path(json_path).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    return cli("evals.ablate", __doc__, argv, list(ALL), "--cleaners", "cleaner", run)


if __name__ == "__main__":
    sys.exit(main())
