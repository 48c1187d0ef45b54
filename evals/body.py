"""make eval: body-text quality of newsmill against bare trafilatura, every corpus, both halves.

    python -m evals.body [--set NAME] [--half tuned|held] [--json PATH] [--worst N] [--jobs N]

Corpora: every page under tests/fixtures/corpus/ with an expected body (realworld, seed, our own
fixtures), scored with the 4-gram shingle metric of evals/metrics.py, and the trafilatura-eval
pages, scored with their must-contain / must-not-contain snippets (pooled F1, trafilatura's own
metric). Each corpus is split by site (evals/split.py); both halves are reported.

Both extractors get the page's bytes as a crawl would: newsmill's ``extract_article(raw, url)`` and
``trafilatura.extract(raw, url=url, include_comments=False)``. Per corpus and half it prints P/R/F1
of each, the paired difference with a page-bootstrap 95 % interval, the pages where newsmill is much
worse (page F1 more than 0.2 below trafilatura's, or empty where trafilatura is not) or much better,
and the worst pages with the extraction path and the removals that held the missing text.
A report, not a test: it exits 0. trafilatura's bodies are cached under output/.eval-cache/.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura

from evals.corpus import ROOT, Page, load_pages, load_snippet_pages
from evals.metrics import body_scores, norm_ws, page_f1
from evals.split import HALF_GOAL, noise_line, split_noise

MUCH = 0.2  # a page F1 this far below trafilatura's (or empty where it is not) is "much worse"
CACHE = ROOT / "output" / ".eval-cache"
SNIPPET_SET = "trafilatura-eval"
_BOOT = 1000


# --------------------------------------------------------------------------- extraction (workers)

def _raw(page: Page) -> bytes:
    path = ROOT / page.path if page.path else None
    if path is None or not path.exists():
        return page.html.encode("utf-8")
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _newsmill(job: tuple) -> dict:
    """Body, path, and for each removal that held text of the truth, its cleaner and target. job: (id, raw
    HTML, url, probes[, cleaners turned off])."""
    from cleaners import explain_article
    from cleaners.parse import text_of

    page_id, raw, url, probes, *off = job
    t0 = time.process_time()
    try:
        article, removals = explain_article(raw, url, disabled=tuple(off[0]) if off else ())
    except Exception as exc:  # a crash scores as an empty body
        return {"id": page_id, "body": "", "path": f"error: {type(exc).__name__}: {exc}"[:200], "culprits": [],
                "cpu": time.process_time() - t0}
    cpu = time.process_time() - t0
    culprits = []
    body = norm_ws(article.body)
    for r in removals:
        if r.element is None:
            continue
        text = norm_ws(text_of(r.element))
        hits = sum(1 for p in probes if p in text and p not in body)
        if hits:
            culprits.append((hits, f"{r.cleaner}:{r.target}"))
    culprits.sort(reverse=True)
    return {"id": page_id, "body": article.body or "", "path": article.extraction_path or "",
            "culprits": [c for _, c in culprits[:3]], "cpu": cpu}


def _trafilatura(job: tuple[str, bytes, str]) -> dict:
    page_id, raw, url = job
    t0 = time.process_time()
    try:
        body = trafilatura.extract(raw, url=url, include_comments=False) or ""
    except Exception:
        body = ""
    return {"id": page_id, "body": body, "cpu": time.process_time() - t0}


def _probes(page: Page) -> list[str]:
    """Strings whose loss a removal can be blamed for: the 'with' snippets, or the truth's sentences."""
    if page.set == SNIPPET_SET:
        return [norm_ws(s) for s in page.expected.get("with") or []]
    sentences = [norm_ws(s) for s in (page.expected.get("body") or "").split("\n") if len(s.strip()) > 60]
    return [s[:60] for s in sentences[:40]]


def _cache_key(raw: bytes, url: str) -> str:
    h = hashlib.sha1(raw)
    h.update(url.encode())
    return h.hexdigest()


def _trafilatura_bodies(pages: list[Page], raws: dict, jobs: int) -> dict:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"trafilatura-{trafilatura.__version__}.jsonl"
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
                known[row["key"]] = row
            except (ValueError, KeyError):
                continue
    keys = {p.id: _cache_key(raws[p.id], p.url) for p in pages}
    todo = [p for p in pages if keys[p.id] not in known]
    if todo:
        with ProcessPoolExecutor(jobs) as pool, path.open("a", encoding="utf-8") as fh:
            for row in pool.map(_trafilatura, [(p.id, raws[p.id], p.url) for p in todo], chunksize=4):
                row["key"] = keys[row["id"]]
                known[row["key"]] = row
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {p.id: known[keys[p.id]] for p in pages}


# --------------------------------------------------------------------------- scoring

def _nfc(text: str) -> str:
    """The snippet scorer's normalisation (its eval_snippets.py): NFC, whitespace runs as one space."""
    return norm_ws(unicodedata.normalize("NFC", text or ""))


def _snippet_counts(page: Page, body: str) -> dict:
    text = _nfc(body)
    wanted = [s for s in map(_nfc, page.expected.get("with") or []) if s]
    unwanted = [s for s in map(_nfc, page.expected.get("without") or []) if s]
    tp = sum(s in text for s in wanted)
    fp = sum(s in text for s in unwanted)
    return {"tp": tp, "fn": len(wanted) - tp, "fp": fp, "tn": len(unwanted) - fp}


def score_page(page: Page, body: str) -> dict:
    """Per-page score: counts for snippet pages, shingle P/R for the others; f1 always."""
    if page.set == SNIPPET_SET:
        c = _snippet_counts(page, body)
        denom = 2 * c["tp"] + c["fp"] + c["fn"]
        c["f1"] = 2 * c["tp"] / denom if denom else 1.0
        c["empty"] = not body.strip()
        return c
    p, r = body_scores(body, page.expected["body"])
    return {"precision": p, "recall": r, "f1": page_f1(p, r) or 0.0, "empty": not body.strip()}


def corpus_score(rows: list[dict]) -> tuple[float, float, float]:
    """(P, R, F1): pooled snippet counts, or the mean-of-pages shingle metric of evals/metrics.py."""
    if not rows:
        return 0.0, 0.0, 0.0
    if "tp" in rows[0]:
        tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    ps = [r["precision"] for r in rows if r["precision"] is not None]
    rs = [r["recall"] or 0.0 for r in rows if r["recall"] is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def paired_interval(ours: list[dict], theirs: list[dict], seed: int = 0) -> tuple[float, float, float]:
    """(difference, low, high): corpus F1 of ours minus theirs, 95 % page-bootstrap interval."""
    diff = corpus_score(ours)[2] - corpus_score(theirs)[2]
    rng = random.Random(seed)
    n = len(ours)
    diffs = []
    for _ in range(_BOOT):
        idx = [rng.randrange(n) for _ in range(n)]
        diffs.append(corpus_score([ours[i] for i in idx])[2] - corpus_score([theirs[i] for i in idx])[2])
    diffs.sort()
    return diff, diffs[int(0.025 * _BOOT)], diffs[int(0.975 * _BOOT) - 1]


def much_worse(ours: dict, theirs: dict) -> bool:
    return (ours["empty"] and not theirs["empty"]) or ours["f1"] < theirs["f1"] - MUCH


# --------------------------------------------------------------------------- report

def run(only_set: str | None = None, half: str | None = None, json_path: str | None = None, worst: int = 15,
        jobs: int = 2, out=sys.stdout) -> dict:
    pages = [p for p in load_pages(only_set=only_set) if (p.expected.get("body") or "").strip()]
    if only_set is None or SNIPPET_SET in only_set.split(","):
        pages += load_snippet_pages()
    if half:
        pages = [p for p in pages if p.half == half]
    raws = {p.id: _raw(p) for p in pages}
    t0 = time.perf_counter()
    theirs = _trafilatura_bodies(pages, raws, jobs)
    with ProcessPoolExecutor(jobs) as pool:
        ours = {row["id"]: row for row in pool.map(
            _newsmill, [(p.id, raws[p.id], p.url, _probes(p)) for p in pages], chunksize=4)}
    elapsed = time.perf_counter() - t0

    rows = []
    for p in pages:
        rows.append({"id": p.id, "set": p.set, "half": p.half, "site": p.site, "url": p.url, "language": p.language,
                     "markup": markup_of(raws[p.id]), "path": ours[p.id]["path"], "culprits": ours[p.id]["culprits"],
                     "newsmill": score_page(p, ours[p.id]["body"]), "trafilatura": score_page(p, theirs[p.id]["body"]),
                     "chars": (len(ours[p.id]["body"]), len(theirs[p.id]["body"]))})
    cpu_ours = sum(r["cpu"] for r in ours.values())
    cpu_theirs = sum(r["cpu"] for r in theirs.values())

    corpora = sorted({r["set"] if r["set"] in (SNIPPET_SET, "realworld") else "own fixtures" for r in rows},
                     key=lambda s: (s == "own fixtures", s))
    print(f"body eval: {len(rows)} pages, {elapsed:.0f} s; extraction CPU a page: newsmill "
          f"{1000 * cpu_ours / max(1, len(rows)):.1f} ms, trafilatura {1000 * cpu_theirs / max(1, len(rows)):.1f} ms"
          " (trafilatura's may come from the cache)", file=out)
    print("realworld/own fixtures: 4-gram shingle P/R/F1 (means over pages); trafilatura-eval: snippet "
          "P/R/F1 pooled over pages", file=out)
    print(f"much worse: page F1 more than {MUCH} below trafilatura's, or empty where it is not\n", file=out)
    header = (f"{'corpus':16} {'half':6} {'pages':>5}  {'newsmill P/R/F1':>20}  {'trafilatura P/R/F1':>20}  "
              f"{'diff [95% CI]':>24}  {'worse':>10} {'better':>6}")
    print(header, file=out)
    summary = {}
    for corpus in corpora:
        in_corpus = [r for r in rows if (r["set"] if r["set"] in (SNIPPET_SET, "realworld") else "own fixtures") == corpus]
        for h in ("tuned", "held", "all"):
            sel = [r for r in in_corpus if h == "all" or r["half"] == h]
            if not sel:
                continue
            a = corpus_score([r["newsmill"] for r in sel])
            b = corpus_score([r["trafilatura"] for r in sel])
            d, lo, hi = paired_interval([r["newsmill"] for r in sel], [r["trafilatura"] for r in sel])
            nw = sum(much_worse(r["newsmill"], r["trafilatura"]) for r in sel)
            nb = sum(much_worse(r["trafilatura"], r["newsmill"]) for r in sel)
            summary[f"{corpus}/{h}"] = {"pages": len(sel), "newsmill": a, "trafilatura": b, "diff": (d, lo, hi),
                                        "much_worse": nw, "much_better": nb}
            print(f"{corpus:16} {h:6} {len(sel):>5}  {a[0]:.3f}/{a[1]:.3f}/{a[2]:.3f}  "
                  f"{b[0]:>8.3f}/{b[1]:.3f}/{b[2]:.3f}  {d:+.3f} [{lo:+.3f}, {hi:+.3f}]  "
                  f"{nw:>3} ({100 * nw / len(sel):.1f}%) {nb:>5}", file=out)
    print(file=out)

    if half is None:
        print(f"tuned minus held F1, beside {_BOOT} random splits of the same sites into halves (the goal: within "
              f"{HALF_GOAL}; 'as far': share of random splits at least as far apart):", file=out)
        for corpus in corpora:
            in_corpus = [r for r in rows if (r["set"] if r["set"] in (SNIPPET_SET, "realworld") else "own fixtures") == corpus]
            if {r["half"] for r in in_corpus} != {"tuned", "held"}:
                continue
            noise = split_noise(in_corpus, lambda sel, system: corpus_score([r[system] for r in sel])[2], splits=_BOOT)
            summary[f"{corpus}/split-noise"] = noise
            print(f"  {corpus:16} {noise_line(noise)}", file=out)
        print(file=out)

    snippet_rows = [r for r in rows if r["set"] == SNIPPET_SET]
    if half is None and {r["half"] for r in snippet_rows} == {"tuned", "held"}:
        summary[f"{SNIPPET_SET}/by-language"] = by_language(snippet_rows, out)
        summary[f"{SNIPPET_SET}/by-markup"] = by_markup(snippet_rows, out)

    def delta(r):
        return r["newsmill"]["f1"] - r["trafilatura"]["f1"]

    print(f"worst {worst} pages (newsmill page F1 minus trafilatura's):", file=out)
    for r in sorted(rows, key=lambda r: (delta(r), r["id"]))[:worst]:
        print(f"  {delta(r):+.2f} {r['newsmill']['f1']:.2f}/{r['trafilatura']['f1']:.2f} {r['half']:5} "
              f"{r['set'][:10]:10} {r['id'][:36]:36} {r['site'][:22]:22} chars {r['chars'][0]}/{r['chars'][1]} "
              f"path={r['path']} {' '.join(r['culprits'])}", file=out)
    print(file=out)
    if json_path:
        Path(json_path).write_text(json.dumps({"summary": summary, "pages": rows}, ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    for key, s in summary.items():
        if key.endswith("/all"):
            print(f"eval {key[:-4]}: newsmill F1 {s['newsmill'][2]:.3f}, trafilatura F1 {s['trafilatura'][2]:.3f}, "
                  f"diff {s['diff'][0]:+.3f} [{s['diff'][1]:+.3f}, {s['diff'][2]:+.3f}], pages {s['pages']}, "
                  f"much-worse {s['much_worse']}", file=out)
    return summary


def by_language(rows: list[dict], out, min_pages: int = 40) -> dict:
    """Where the halves part: per language (the rest pooled), each half's F1 gain over trafilatura and
    the share of the must-not-contain snippets trafilatura keeps that newsmill removes."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["language"] or "?"] = counts.get(r["language"] or "?", 0) + 1
    common = {lang for lang, n in counts.items() if n >= min_pages and lang != "?"}
    out_rows = {}
    print(f"trafilatura-eval by language (fewer than {min_pages} pages pooled as 'other'): F1 gain over "
          "trafilatura, and of the must-not-contain snippets trafilatura keeps, the share newsmill removes", file=out)
    for lang in sorted(common) + ["other"]:
        parts = []
        for h in ("tuned", "held"):
            sel = [r for r in rows if r["half"] == h
                   and (r["language"] not in common if lang == "other" else r["language"] == lang)]
            gain = _gain(sel)[2]
            kept = sum(r["trafilatura"]["fp"] for r in sel)
            removed = sum(max(0, r["trafilatura"]["fp"] - r["newsmill"]["fp"]) for r in sel)
            out_rows[f"{lang}/{h}"] = {"pages": len(sel), "gain": gain, "kept_by_trafilatura": kept, "removed": removed}
            parts.append(f"{h} {len(sel):>3} pages gain {gain:+.3f}, removes {removed:>2}/{kept:<3} "
                         f"({100 * removed / kept if kept else 0:3.0f}%)")
        print(f"  {lang:6} " + "   ".join(parts), file=out)
    print(file=out)
    return out_rows


def _gain(rows: list[dict]) -> tuple[float, float, float]:
    """newsmill's corpus P, R and F1 minus trafilatura's over these rows."""
    ours, theirs = corpus_score([r["newsmill"] for r in rows]), corpus_score([r["trafilatura"] for r in rows])
    return ours[0] - theirs[0], ours[1] - theirs[1], ours[2] - theirs[2]


_SECTIONING = (b"<article", b"<main", b"<section", b"<header", b"<nav", b"<footer", b"<aside")


def markup_of(raw: bytes) -> str:
    """'html5' when the page uses HTML5's sectioning elements, else 'older' (tables, divs, font tags)."""
    low = raw.lower()
    return "html5" if any(tag in low for tag in _SECTIONING) else "older"


def by_markup(rows: list[dict], out) -> dict:
    """Per kind of markup and half: F1, precision and recall gain over trafilatura. Our cleaners read
    names and structure that older pages lack; this shows what is left of the gain there."""
    out_rows = {}
    print("trafilatura-eval by markup ('older': no article/main/section/header/nav/footer/aside element): "
          "gain over trafilatura in F1 (precision, recall)", file=out)
    for kind in ("html5", "older"):
        parts = []
        for h in ("tuned", "held"):
            sel = [r for r in rows if r["half"] == h and r.get("markup") == kind]
            gain = _gain(sel)
            out_rows[f"{kind}/{h}"] = {"pages": len(sel), "gain": gain[2], "precision_gain": gain[0],
                                       "recall_gain": gain[1]}
            parts.append(f"{h} {len(sel):>3} pages gain {gain[2]:+.3f} ({gain[0]:+.3f}, {gain[1]:+.3f})")
        print(f"  {kind:6} " + "   ".join(parts), file=out)
    print(file=out)
    return out_rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.body", description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="only_set", metavar="NAME",
                    help="only these corpus sets, comma-separated (realworld, trafilatura-eval, seed, faq, themed)")
    ap.add_argument("--half", choices=("tuned", "held"), help="only the sites of one half of the split")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write the summary and per-page rows as JSON")
    ap.add_argument("--worst", type=int, default=15, metavar="N", help="worst pages to list (15)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    args = ap.parse_args(argv)
    run(args.only_set, args.half, args.json_path, args.worst, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
