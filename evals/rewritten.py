"""make eval-unparagraphed, make eval-unnamed: does the story survive other markup?

    python -m evals.rewritten [--modes div,br,unnamed] [--set NAME] [--half tuned|held] [--jobs N] [--json PATH]

Every page of trafilatura-eval and realworld is rewritten, extracted by newsmill and by bare trafilatura,
and scored as `make eval` scores it (snippets for trafilatura-eval, 4-gram P/R/F1 against the expected
body for realworld), beside the page as it is. The rewrites:

- `div` (eval-unparagraphed): every <p> of the page becomes a <div>. Old table layouts and some CMSs
  write no <p>; newsmill's guards find the story by its paragraphs.
- `br` (eval-unparagraphed): the paragraphs of the story's block (the element holding the most
  paragraph text) become text runs separated by two <br>s, the rest of the page keeping its <p>s (a
  comment thread or a teaser list in <p>s beside a story without them).
- `unnamed` (eval-unnamed): every class token and id replaced by a hash of it, as CSS-in-JS and
  minifying builds ship them ("css-1x2y3z"): the cleaners' and trafilatura's name evidence is gone, the
  structure stays.
- `html4` (eval-html4): every HTML5 sectioning element (article, main, section, header, footer, nav,
  aside, figure, figcaption, time) becomes a <div> with its attributes kept, as pages written before
  HTML5 are: the evidence those tags give is gone, the names stay.

A report, not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import html as lxml_html

from cleaners.parse import parse_html
from evals.body import _raw, corpus_score, much_worse, score_page
from evals.corpus import load_pages, load_snippet_pages
from evals.renamed import body_of, story_block

MODES = ("div", "br", "unnamed", "html4")
_HTML5 = frozenset({"article", "main", "section", "header", "footer", "nav", "aside", "figure", "figcaption", "time"})


def rewrite(html: str | bytes, mode: str) -> str:
    """The page without <p>s (`div`), with the story block's paragraphs as <br> lines (`br`), with its
    class tokens and ids hashed (`unnamed`), or with its HTML5 sectioning elements as <div>s (`html4`)."""
    tree = parse_html(html)  # decoded as newsmill decodes a page (lxml alone would guess at bytes without a charset)
    if mode == "div":
        for p in tree.iter("p"):
            p.tag = "div"
    elif mode == "html4":
        for el in tree.iter(*_HTML5):
            el.tag = "div"
    elif mode == "unnamed":
        for el in tree.iter(lxml_html.etree.Element):
            if el.get("class"):
                el.set("class", " ".join(_hashed(t) for t in el.get("class").split()))
            if el.get("id"):
                el.set("id", _hashed(el.get("id")))
    else:
        block = story_block(tree)
        for p in [c for c in block if c.tag == "p"] if block is not None else ():
            at = block.index(p)
            p.tag = "span"
            p.attrib.clear()
            block.insert(at + 1, lxml_html.Element("br"))
            block.insert(at + 2, lxml_html.Element("br"))
    return lxml_html.tostring(tree, encoding="unicode")


def _hashed(name: str) -> str:
    return "c" + hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


def _scores(job: tuple) -> dict:
    page, modes = job
    raw = _raw(page)
    out = {}
    for mode in ("plain", *modes):
        html = raw if mode == "plain" else rewrite(raw, mode)
        out[mode] = {e: score_page(page, body_of(e, html, page.url)) for e in ("newsmill", "trafilatura")}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.rewritten", description=__doc__.splitlines()[0])
    ap.add_argument("--modes", default=",".join(MODES), help="rewrites, comma-separated (div,br,unnamed,html4)")
    ap.add_argument("--set", dest="only_set", choices=("trafilatura-eval", "realworld"), help="one corpus only")
    ap.add_argument("--half", choices=("tuned", "held"), help="only the sites of one half of the split")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes (all cores)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write every page's scores as JSON")
    args = ap.parse_args(argv)
    corpora = {"trafilatura-eval": load_snippet_pages(), "realworld": [p for p in load_pages() if p.set == "realworld"]}
    pages = [(name, p) for name, group in corpora.items() if args.only_set in (None, name) for p in group
             if args.half in (None, p.half)]
    modes = tuple(m for m in args.modes.split(",") if m)
    if not modes or set(modes) - set(MODES):
        ap.error(f"--modes: choose among {', '.join(MODES)}")
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(_scores, [(p, modes) for _, p in pages], chunksize=4))
    rows = [{"corpus": name, "half": p.half, "page": p.id, **r} for (name, p), r in zip(pages, results)]
    print(f"{'corpus':17}{'half':6}{'pages':>6}  {'markup':7}{'newsmill P/R/F1':>22}{'trafilatura P/R/F1':>22}"
          f"{'diff':>8}{'much worse':>12}")
    for corpus in corpora:
        for half in ("tuned", "held", "all"):
            mine = [r for r in rows if r["corpus"] == corpus and half in ("all", r["half"])]
            if not mine:
                continue
            for mode in ("plain", *modes):
                ours = corpus_score([r[mode]["newsmill"] for r in mine])
                theirs = corpus_score([r[mode]["trafilatura"] for r in mine])
                worse = sum(much_worse(r[mode]["newsmill"], r[mode]["trafilatura"]) for r in mine)
                print(f"{corpus:17}{half:6}{len(mine):6d}  {mode:7}{'/'.join(f'{x:.3f}' for x in ours):>22}"
                      f"{'/'.join(f'{x:.3f}' for x in theirs):>22}{ours[2] - theirs[2]:+8.3f}{worse:12d}")
    print("plain: the page as it is; div: every <p> a <div>; br: the story block's paragraphs as <br> lines; "
          "unnamed: class tokens and ids hashed; html4: HTML5 sectioning elements as <div>s")
    print("much worse: page F1 more than 0.2 below trafilatura's, or empty where it is not")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
