"""make eval-renamed: does the story survive a boilerplate name on its own container?

    python -m evals.renamed [--pages N] [--jobs N] [--json PATH]

Real sites give the story's wrappers names that read like boilerplate: a live ticker under
"comments", a layout row "has-sidebar", page-builder "widget"s, a CMS "teaser" text component. This
takes N pages of each corpus (trafilatura-eval and realworld, a fixed sample from each half of the
site split), adds one such name at a time to the class of the story's block (the element holding
the most paragraph text) and to its parent, and extracts each renamed page with newsmill, with
newsmill without its shield (cleaners/shield.py), and with bare trafilatura. Each variant is scored
against the same extractor's body of the unrenamed page: the share of that body's word 4-grams still
there. A neutral name (`xq-7`) is the control. A report, not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from cleaners import extract_article
from cleaners.parse import word_grams
from evals.corpus import load_pages, load_snippet_pages

NAMES = ("comments", "comment-body", "sidebar", "has-sidebar", "related-content", "newsletter", "share-bar",
         "teaser", "footer", "caption", "cookie-consent", "ad-container", "tag-list", "widget", "banner",
         "hide-print", "paywall", "kommentare", "anzeige", "verwandte-artikel", "comentarios", "xq-7")
WHERE = ("block", "parent")
KEPT = 0.8  # a variant keeps the story when this share of the unrenamed body's 4-grams is still there
LOST = 0.5  # and has lost it below this share
EXTRACTORS = ("newsmill", "no-shield", "trafilatura")
SEED = 20261206


def story_block(tree):
    """The element holding the most paragraph text (None without paragraphs)."""
    totals: dict = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + len(p.text_content())
    return max(totals, key=totals.get) if totals else None


def body_of(extractor: str, html: str, url: str) -> str:
    """The body of one extractor: "newsmill", "no-shield" (newsmill without its shield) or "trafilatura"."""
    if extractor == "trafilatura":
        return trafilatura.extract(html, url=url, include_comments=False) or ""
    disabled = ("shield",) if extractor == "no-shield" else ()
    return extract_article(html, url, disabled=disabled).body


def _share(base: set, body: str) -> float:
    return len(base & word_grams(body)) / len(base)


def score_page(job: tuple) -> list[dict] | None:
    """Rows (where, name, extractor, share kept) for one page; None when it has no story block."""
    html, url = job
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    block = story_block(tree)
    if block is None or block.getparent() is None:
        return None
    path = tree.getroottree().getpath(block)
    plain = lxml_html.tostring(tree, encoding="unicode")
    bases = {e: word_grams(body_of(e, plain, url)) for e in EXTRACTORS}
    if any(len(b) < 20 for b in bases.values()):
        return None  # nothing to lose
    rows = []
    for where in WHERE:
        for name in NAMES:
            copy = lxml_html.document_fromstring(plain)
            el = copy.getroottree().xpath(path)[0]
            el = el.getparent() if where == "parent" else el
            if el.tag in ("body", "html"):
                continue
            el.set("class", f"{el.get('class') or ''} {name}".strip())
            renamed = lxml_html.tostring(copy, encoding="unicode")
            for e in EXTRACTORS:
                rows.append({"where": where, "name": name, "extractor": e,
                             "kept": round(_share(bases[e], body_of(e, renamed, url)), 3)})
    return rows


def sample(per_half: int) -> list:
    rng = random.Random(SEED)
    out = []
    for corpus, pages in (("trafilatura-eval", load_snippet_pages()),
                          ("realworld", [p for p in load_pages() if p.set == "realworld"])):
        for half in ("tuned", "held"):
            group = sorted((p for p in pages if p.half == half), key=lambda p: p.id)
            out += [(corpus, half, p) for p in rng.sample(group, min(per_half, len(group)))]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.renamed", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=25, metavar="N", help="pages per corpus and half (25)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write every variant's score as JSON")
    args = ap.parse_args(argv)
    picked = sample(args.pages)
    jobs = [(p.html if isinstance(p.html, str) else p.html.decode("utf-8", "replace"), p.url) for _, _, p in picked]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(score_page, jobs, chunksize=1))
    rows = [{"corpus": c, "half": h, "page": p.id, **r}
            for (c, h, p), page_rows in zip(picked, results) if page_rows for r in page_rows]
    print(f"{'corpus':17}{'half':7}{'variants':>9}  " + "".join(f"{e + ' kept/lost':>24}" for e in EXTRACTORS))
    for corpus in ("trafilatura-eval", "realworld"):
        for half in ("tuned", "held", "all"):
            mine = [r for r in rows if r["corpus"] == corpus and half in ("all", r["half"]) and r["name"] != "xq-7"]
            n = len(mine) // len(EXTRACTORS)
            cells = []
            for e in EXTRACTORS:
                kept = [r["kept"] for r in mine if r["extractor"] == e]
                cells.append(f"{sum(k >= KEPT for k in kept) / max(1, n):.1%} / {sum(k < LOST for k in kept):4d}")
            print(f"{corpus:17}{half:7}{n:9d}  " + "".join(f"{c:>24}" for c in cells))
    control = [r for r in rows if r["name"] == "xq-7" and r["extractor"] == "newsmill"]
    print(f"control name xq-7: newsmill kept the story in {sum(r['kept'] >= KEPT for r in control)} of {len(control)}")
    print("kept: share of variants with >= 80 % of the unrenamed body's 4-grams; lost: variants under 50 %")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
