"""make eval-fields: metadata fields of newsmill vs bare trafilatura on the fixture corpus.

    python -m evals.fields [--only-baseline] [--set NAME] [--json PATH] [--worst N]

Per page with expected values, for newsmill's ``extract_article(html, url)`` and for
``trafilatura.bare_extraction(html, url=url, with_metadata=True)`` in the same run:

- title: exact match after whitespace normalisation (pages with an expected title);
- authors (pages with expected authors): names compared case-insensitively after whitespace
  normalisation. "author P/R/F1" pool the distinct names over all pages (micro: shared /
  predicted, shared / expected, harmonic mean); "author F1 (page)" is the mean of per-page
  set F1; "exact set" is the share of pages whose name set matches exactly. trafilatura's
  ``author`` string is split on ``;``;
- roles: share of expected (name, role) pairs matched exactly (pages whose expected authors
  carry roles; trafilatura has no roles);
- date: same calendar day as the expected ``published``, in the expected value's own offset;
- FAQ: pooled pair precision/recall, exact after whitespace normalisation. Recall over pages
  with expected FAQs; precision over every page, so FAQs predicted on a page that has none
  are false positives. Bare trafilatura extracts no FAQs.

It reports; it is not a test, and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import defaultdict
from dataclasses import dataclass, field

import trafilatura

from evals.corpus import Page, load_pages
from evals.metrics import (
    author_counts,
    author_set_scores,
    date_day_match,
    faq_counts,
    norm_ws,
    role_matches,
    title_match,
)


@dataclass
class Pred:
    title: str | None = None
    authors: list[tuple[str, str | None]] = field(default_factory=list)
    published: str | None = None
    faqs: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _short(x, n: int = 70) -> str:
    s = x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
    s = norm_ws(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def predict_newsmill(extract_article, page: Page) -> Pred:
    try:
        a = extract_article(page.html, page.url)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return Pred(error=f"{type(exc).__name__}: {exc}")
    return Pred(
        title=a.title,
        authors=[(au.name, au.role) for au in a.authors or []],
        published=a.published,
        faqs=[(f.question, f.answer) for f in a.faqs or []],
    )


def predict_trafilatura(page: Page) -> Pred:
    try:
        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    except Exception as exc:
        return Pred(error=f"{type(exc).__name__}: {exc}")
    if doc is None:
        return Pred()
    names = [n.strip() for n in (doc.author or "").split(";") if n.strip()]
    return Pred(title=doc.title, authors=[(n, None) for n in names], published=doc.date)


def score_page(page: Page, pred: Pred) -> dict:
    """Per-page field results; a field the page has no expected value for is absent."""
    e = page.expected
    out: dict = {"wrong": []}
    if e.get("title"):
        ok = title_match(pred.title, e["title"])
        out["title"] = ok
        if not ok:
            out["wrong"].append(("title", e["title"], pred.title))
    exp_authors = e.get("authors") or []
    if exp_authors:
        names = [a["name"] for a in exp_authors]
        p, r, f1, exact = author_set_scores([n for n, _ in pred.authors], names)
        shared, npred, ngold = author_counts([n for n, _ in pred.authors], names)
        out["author"] = {"precision": p, "recall": r, "f1": f1, "exact": exact,
                         "shared": shared, "predicted": npred, "expected": ngold}
        if not exact:
            out["wrong"].append(("authors", names, [n for n, _ in pred.authors]))
        if any(a.get("role") for a in exp_authors):
            matched, total = role_matches(pred.authors, [(a["name"], a.get("role")) for a in exp_authors])
            out["roles"] = (matched, total)
            if matched < total:
                out["wrong"].append(("roles", [[a["name"], a.get("role")] for a in exp_authors],
                                     [list(x) for x in pred.authors]))
    if e.get("published"):
        ok = date_day_match(pred.published, e["published"])
        out["date"] = ok
        if not ok:
            out["wrong"].append(("published", e["published"], pred.published))
    exp_faqs = [(f["question"], f["answer"]) for f in e.get("faqs") or []]
    matched, npred, ngold = faq_counts(pred.faqs, exp_faqs)
    out["faq"] = (matched, npred, ngold)
    if matched < npred or matched < ngold:
        out["wrong"].append(("faqs", f"{ngold} pairs", f"{npred} pairs, {matched} matching"))
    if pred.error:
        out["wrong"].insert(0, ("error", "", pred.error))
    return out


def aggregate(results: list[dict]) -> dict:
    titles = [r["title"] for r in results if "title" in r]
    authors = [r["author"] for r in results if "author" in r]
    roles = [r["roles"] for r in results if "roles" in r]
    dates = [r["date"] for r in results if "date" in r]
    faq_m = sum(r["faq"][0] for r in results)
    faq_p = sum(r["faq"][1] for r in results)
    faq_g = sum(r["faq"][2] for r in results)
    shared = sum(a["shared"] for a in authors)
    author_p = _ratio(shared, sum(a["predicted"] for a in authors))
    author_r = _ratio(shared, sum(a["expected"] for a in authors))
    author_f1 = None
    if author_p is not None and author_r is not None:
        author_f1 = 2 * author_p * author_r / (author_p + author_r) if author_p + author_r else 0.0
    elif authors:
        author_f1 = 0.0
    return {
        "title": _mean([float(t) for t in titles]), "title_n": len(titles),
        "author_p": author_p, "author_r": author_r, "author_f1": author_f1,
        "author_page_f1": _mean([a["f1"] for a in authors]),
        "author_exact": _mean([float(a["exact"]) for a in authors]), "author_n": len(authors),
        "roles": _ratio(sum(m for m, _ in roles), sum(t for _, t in roles)),
        "roles_n": sum(t for _, t in roles),
        "date": _mean([float(d) for d in dates]), "date_n": len(dates),
        "faq_p": _ratio(faq_m, faq_p), "faq_r": _ratio(faq_m, faq_g),
        "faq_pred": faq_p, "faq_gold": faq_g,
    }


ROWS = [
    ("title (exact)", "title", "title_n"),
    ("author P", "author_p", "author_n"),
    ("author R", "author_r", "author_n"),
    ("author F1", "author_f1", "author_n"),
    ("author F1 (page)", "author_page_f1", "author_n"),
    ("author exact set", "author_exact", "author_n"),
    ("role accuracy", "roles", "roles_n"),
    ("date (day)", "date", "date_n"),
    ("faq precision", "faq_p", "faq_pred"),
    ("faq recall", "faq_r", "faq_gold"),
]


def run(only_baseline: bool = False, only_set: str | None = None, json_path: str | None = None,
        worst: int = 20, out=sys.stdout) -> int:
    extract_article = None
    if not only_baseline:
        try:
            from cleaners import extract_article  # noqa: PLC0415
        except Exception as exc:
            print(f"WARNING: cannot import cleaners.extract_article ({type(exc).__name__}: {exc}); "
                  "scoring the trafilatura baseline only", file=sys.stderr)
            only_baseline = True

    pages = [p for p in load_pages(only_set=only_set)
             if any(p.expected.get(k) for k in ("title", "authors", "published", "faqs"))]
    systems = ["trafilatura"] if only_baseline else ["newsmill", "trafilatura"]
    primary = systems[0]
    rows = []
    for page in pages:
        row = {"id": page.id, "set": page.set, "language": page.language or "?"}
        for system in systems:
            pred = predict_newsmill(extract_article, page) if system == "newsmill" else predict_trafilatura(page)
            row[system] = score_page(page, pred)
            row[system]["pred"] = {"title": pred.title, "authors": pred.authors,
                                   "published": pred.published, "faqs": len(pred.faqs),
                                   "error": pred.error}
        rows.append(row)

    agg = {s: aggregate([r[s] for r in rows]) for s in systems}

    # ------------------------------------------------------------------ report
    sets = sorted({p.set for p in pages})
    print(f"fields eval: {len(pages)} pages with expected values, sets: {', '.join(sets) or '-'}"
          f"{'  (baseline only)' if only_baseline else ''}", file=out)
    print(file=out)
    print(f"{'field':18} {'newsmill':>9} {'trafilat.':>9} {'n':>5}", file=out)
    for label, key, nkey in ROWS:
        nm = _fmt(agg["newsmill"][key]) if "newsmill" in agg else "n/a"
        tr = _fmt(agg["trafilatura"][key])
        n = agg[primary][nkey]
        print(f"{label:18} {nm:>9} {tr:>9} {n:>5}", file=out)
    if "newsmill" in agg:
        print(f"(faq n: newsmill predicted {agg['newsmill']['faq_pred']} pairs, expected {agg['newsmill']['faq_gold']})", file=out)
    print(file=out)

    by_lang: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_lang[r["language"]].append(r)
    print("per language (newsmill/trafilatura):", file=out)
    print(f"  {'lang':5} {'pages':>5} {'title':>13} {'author F1':>13} {'date':>13}", file=out)
    for lang in sorted(by_lang, key=lambda k: (-len(by_lang[k]), k)):
        a = {s: aggregate([r[s] for r in by_lang[lang]]) for s in systems}
        def pair(key):
            nm = _fmt(a["newsmill"][key]) if "newsmill" in a else "n/a"
            return f"{nm}/{_fmt(a['trafilatura'][key])}"
        print(f"  {lang:5} {len(by_lang[lang]):>5} {pair('title'):>13} {pair('author_f1'):>13} {pair('date'):>13}", file=out)
    print(file=out)

    bad = [r for r in rows if r[primary]["wrong"]]
    bad.sort(key=lambda r: (-len(r[primary]["wrong"]), r["id"]))
    print(f"{primary}: {len(bad)} pages with a wrong field; worst {min(worst, len(bad))}:", file=out)
    for r in bad[:worst]:
        for fld, exp, got in r[primary]["wrong"]:
            print(f"  {r['id']:40} {fld:9} expected {_short(exp)}", file=out)
            print(f"  {'':40} {'':9} got      {_short(got)}", file=out)
    print(file=out)

    if json_path:
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump({"summary": agg, "pages": rows}, fh, ensure_ascii=False, indent=1, default=list)

    def both(key):
        nm = _fmt(agg["newsmill"][key]) if "newsmill" in agg else "n/a"
        return f"{nm}/{_fmt(agg['trafilatura'][key])}"

    nm_faq = (f"{_fmt(agg['newsmill']['faq_p'])}/{_fmt(agg['newsmill']['faq_r'])}"
              if "newsmill" in agg else "n/a/n/a")
    tr_faq = f"{_fmt(agg['trafilatura']['faq_p'])}/{_fmt(agg['trafilatura']['faq_r'])}"
    print(f"eval-fields: title {both('title')}, author F1 {both('author_f1')}, date {both('date')}, "
          f"faq P/R {nm_faq} {tr_faq} (newsmill/trafilatura)", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.fields", description=__doc__.splitlines()[0])
    ap.add_argument("--only-baseline", action="store_true", help="score bare trafilatura only")
    ap.add_argument("--set", dest="only_set", metavar="NAME", help="only pages of these corpus sets (comma-separated)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write per-page rows as JSON")
    ap.add_argument("--worst", type=int, default=20, metavar="N", help="pages with wrong fields to list (20)")
    args = ap.parse_args(argv)
    run(args.only_baseline, args.only_set, args.json_path, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
