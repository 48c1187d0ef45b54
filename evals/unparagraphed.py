"""make eval-unparagraphed: does the story survive markup without <p>s?

    python -m evals.unparagraphed [--set NAME] [--half tuned|held] [--jobs N] [--json PATH]

Old table layouts and some CMSs write no <p>: the story is text in <div>s or lines between <br>s.
newsmill's guards find the story by its paragraphs, so this takes every page of trafilatura-eval and
realworld and rewrites it two ways:

- `div`: every <p> of the page becomes a <div>;
- `br`: the paragraphs of the story's block (the element holding the most paragraph text) become text
  runs separated by two <br>s, the rest of the page keeping its <p>s (a comment thread or a teaser
  list in <p>s beside a story without them).

Each version is extracted by newsmill and by bare trafilatura and scored as `make eval` scores it
(snippets for trafilatura-eval, 4-gram P/R/F1 against the expected body for realworld). A report, not
a test: it exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from cleaners import extract_article
from evals.body import _raw, corpus_score, much_worse, score_page
from evals.corpus import load_pages, load_snippet_pages
from evals.renamed import story_block

MODES = ("div", "br")


def rewrite(html: str | bytes, mode: str) -> str:
    """The page without <p>s (`div`), or with the story block's paragraphs as <br> lines (`br`)."""
    tree = lxml_html.document_fromstring(html)
    if mode == "div":
        for p in tree.iter("p"):
            p.tag = "div"
    else:
        block = story_block(tree)
        for p in [c for c in block if c.tag == "p"] if block is not None else ():
            at = block.index(p)
            p.tag = "span"
            p.attrib.clear()
            block.insert(at + 1, lxml_html.Element("br"))
            block.insert(at + 2, lxml_html.Element("br"))
    return lxml_html.tostring(tree, encoding="unicode")


def _scores(page) -> dict:
    raw = _raw(page)
    out = {}
    for mode in ("plain", *MODES):
        html = raw if mode == "plain" else rewrite(raw, mode)
        ours = extract_article(html, page.url).body or ""
        theirs = trafilatura.extract(html, url=page.url, include_comments=False) or ""
        out[mode] = {"newsmill": score_page(page, ours), "trafilatura": score_page(page, theirs)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.unparagraphed", description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="only_set", choices=("trafilatura-eval", "realworld"), help="one corpus only")
    ap.add_argument("--half", choices=("tuned", "held"), help="only the sites of one half of the split")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write every page's scores as JSON")
    args = ap.parse_args(argv)
    corpora = {"trafilatura-eval": load_snippet_pages(), "realworld": [p for p in load_pages() if p.set == "realworld"]}
    pages = [(name, p) for name, group in corpora.items() if args.only_set in (None, name) for p in group
             if args.half in (None, p.half)]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(_scores, [p for _, p in pages], chunksize=4))
    rows = [{"corpus": name, "half": p.half, "page": p.id, **r} for (name, p), r in zip(pages, results)]
    print(f"{'corpus':17}{'half':6}{'pages':>6}  {'markup':7}{'newsmill P/R/F1':>22}{'trafilatura P/R/F1':>22}"
          f"{'diff':>8}{'much worse':>12}")
    for corpus in corpora:
        for half in ("tuned", "held", "all"):
            mine = [r for r in rows if r["corpus"] == corpus and half in ("all", r["half"])]
            if not mine:
                continue
            for mode in ("plain", *MODES):
                ours = corpus_score([r[mode]["newsmill"] for r in mine])
                theirs = corpus_score([r[mode]["trafilatura"] for r in mine])
                worse = sum(much_worse(r[mode]["newsmill"], r[mode]["trafilatura"]) for r in mine)
                print(f"{corpus:17}{half:6}{len(mine):6d}  {mode:7}{'/'.join(f'{x:.3f}' for x in ours):>22}"
                      f"{'/'.join(f'{x:.3f}' for x in theirs):>22}{ours[2] - theirs[2]:+8.3f}{worse:12d}")
    print("plain: the page as it is; div: every <p> a <div>; br: the story block's paragraphs as <br> lines")
    print("much worse: page F1 more than 0.2 below trafilatura's, or empty where it is not")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
