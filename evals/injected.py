"""make eval-injected: short stories beside the blocks that get taken for them.

    python -m evals.injected [--pages N] [--json PATH]

The failure classes of issue 16 that need a short story to show: a consent notice, a reply thread and a
long list of user names, each the page's densest text once the story is two paragraphs long. This takes
N pages of the tuned half of trafilatura-eval and realworld (a fixed sample), cuts the story's block (the
element with the most paragraph text) to its first two paragraphs, adds one such block in a few markups
(named as the platforms name them, and unnamed), and extracts each page with newsmill and bare trafilatura.
It counts the pages whose body holds the added block's text and the pages whose body lost the longer of the
story's two paragraphs. The added texts are written here for the purpose (no page's text): they say how the pipeline
treats such blocks, not how often real pages carry them. A report, not a test: it exits 0.

Then whole stories beside a block holding more paragraph text than the story (a list of hundreds of short
lines, a thread of comments written as sibling paragraphs), added at the end of the page under a name
trafilatura prunes and unnamed: the densest block is then not the story, and neither the fallback nor the
shield may take it for one.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from cleaners import extract_article
from evals.corpus import load_pages, load_snippet_pages
from evals.renamed import story_block

NOTICE = ("We and our partners use cookies and similar technologies to store and access information on your "
          "device. With your consent we process personal data such as browsing behaviour or unique identifiers for "
          "personalised advertising and content, ad and content measurement and audience research. You can change "
          "your choice at any time under the privacy settings at the bottom of the page.")
REPLIES = ["I have been reading this blog for years and this post is one of the best so far, thank you for writing "
           "it all down so carefully and for sharing the pictures from the trip with us readers.",
           "Great point about the second part. We tried the same thing last summer with the kids and it worked out "
           "much better than expected, although the weather was not on our side for most of the week.",
           "Could you say more about where you found the old maps? My grandmother grew up near there and I would "
           "love to show her how the village looked before the new road was built through the valley."]
_rng = random.Random(7)
NAMES = [f"{_rng.choice(['anna', 'ben', 'carla', 'dirk', 'emil', 'fritz', 'gina'])}_{_rng.randint(10, 9999)}"
         for _ in range(600)]


def _thread(named: bool) -> str:
    items = "".join(f"<div class='{'response' if named else 'r'}'><span>Reader {k}</span><p>{REPLIES[k % 3]} ({k})</p>"
                    f"<a href='#'>Reply</a></div>" for k in range(6))
    return f"<div class='{'responses' if named else 'x'}'><h3>6 Responses</h3>{items}</div>"


# (kind, markup, a phrase of the added text): each added after the story's block
BLOCKS = [
    ("consent", f"<div id='consent-banner'><p>{NOTICE}</p><button>Accept all</button></div>", "partners use cookies"),
    ("consent", f"<div><p>{NOTICE}</p><button>Accept all</button></div>", "partners use cookies"),
    ("replies", _thread(named=True), "reading this blog for years"),
    ("replies", _thread(named=False), "reading this blog for years"),
    ("names", "<div class='online'><h3>Members online</h3><p>" + ", ".join(NAMES) + "</p></div>", NAMES[5]),
    ("names", "<div><p>" + " · ".join(f"<a href='/u/{n}'>{n}</a>" for n in NAMES) + "</p></div>", NAMES[5]),
]


LINES = [f"Entry {k} of the weekly archive, filed under the regional roundup." for k in range(300)]
COMMENTS = [f"{REPLIES[k % 3]} ({k})" for k in range(120)]

# (kind, markup, a phrase of the added text): each added at the end of <body>, the story left whole
LONG_BLOCKS = [
    ("lines", "<div class='menu'>" + "".join(f"<p>{t}</p>" for t in LINES) + "</div>", "weekly archive"),
    ("lines", "<div>" + "".join(f"<p>{t}</p>" for t in LINES) + "</div>", "weekly archive"),
    ("thread", "<div class='comments'><h3>120 Comments</h3>" + "".join(f"<p>{t}</p>" for t in COMMENTS) + "</div>",
     "reading this blog for years"),
    ("thread", "<div><h3>120 Comments</h3>" + "".join(f"<p>{t}</p>" for t in COMMENTS) + "</div>",
     "reading this blog for years"),
    ("thread", "<div id='comments' class='comments-area'><h2>120 thoughts</h2><ol class='comment-list'>" + "".join(
        f"<li class='comment'><article class='comment-body'><footer class='comment-meta'><b>Reader {k}</b></footer>"
        f"<div class='comment-content'><p>{t}</p></div></article></li>" for k, t in enumerate(COMMENTS)) + "</ol></div>",
     "reading this blog for years"),
]


def tuned_sample(n: int, rng: random.Random):
    """(corpus, page, html as text) for n pages of each corpus's tuned half, a fixed sample for a fixed rng."""
    for corpus, pages in (("trafilatura-eval", load_snippet_pages()),
                          ("realworld", [p for p in load_pages() if p.set == "realworld"])):
        tuned = sorted((p for p in pages if p.half == "tuned"), key=lambda p: p.id)
        for p in rng.sample(tuned, min(n, len(tuned))):
            yield corpus, p, p.html if isinstance(p.html, str) else p.html.decode("utf-8", "replace")


def squash(text: str) -> str:
    return " ".join(text.split())


def parsed(html: str):
    try:
        return lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _rows(k: int, kind: str, page: str, url: str, phrase: str, first: str) -> list[dict]:
    """Both extractors' rows for one variant: does the body hold the added phrase, did it lose the story's probe."""
    return [{"block": k, "kind": kind, "extractor": name, "added_in_body": phrase in body,
             "story_lost": bool(first) and first not in squash(body)}
            for name, body in (("newsmill", extract_article(page, url).body),
                               ("trafilatura", trafilatura.extract(page, url=url, include_comments=False) or ""))]


def score_page(html: str, url: str) -> list[dict] | None:
    tree = parsed(html)
    if tree is None:
        return None
    block = story_block(tree)
    paragraphs = [c for c in block if c.tag == "p"] if block is not None else []
    if len(paragraphs) < 3:
        return None
    for p in paragraphs[2:]:
        block.remove(p)
    # the longer of the two: a short first one is often a byline ("Por Agencia EFE") that cleaners take out
    first = max((squash(p.text_content()) for p in paragraphs[:2]), key=len)[:60]
    path, short = tree.getroottree().getpath(block), lxml_html.tostring(tree, encoding="unicode")
    rows = []
    for k, (kind, markup, phrase) in enumerate(BLOCKS):
        copy = lxml_html.document_fromstring(short)
        copy.getroottree().xpath(path)[0].addnext(lxml_html.fragment_fromstring(markup))
        rows += _rows(k, kind, lxml_html.tostring(copy, encoding="unicode"), url, phrase, first)
    return rows


def score_whole_page(html: str, url: str) -> list[dict] | None:
    """LONG_BLOCKS added to the page as it is: rows as score_page's, the story's longest paragraph as probe."""
    tree = parsed(html)
    if tree is None:
        return None
    block = story_block(tree)
    texts = [squash(c.text_content()) for c in block if c.tag == "p"] if block is not None else []
    body = tree.find("body")
    if len(texts) < 3 or body is None:
        return None
    first = max(texts, key=len)[:60]
    plain = lxml_html.tostring(tree, encoding="unicode")
    rows = []
    for k, (kind, markup, phrase) in enumerate(LONG_BLOCKS):
        copy = lxml_html.document_fromstring(plain)
        copy.find("body").append(lxml_html.fragment_fromstring(markup))
        rows += _rows(k, kind, lxml_html.tostring(copy, encoding="unicode"), url, phrase, first)
    return rows


def _report(rows: list[dict], blocks: list) -> None:
    for k, (kind, markup, _) in enumerate(blocks):
        mine = [r for r in rows if r["block"] == k]
        cells = {e: (sum(r["added_in_body"] for r in mine if r["extractor"] == e),
                     sum(r["story_lost"] for r in mine if r["extractor"] == e)) for e in ("newsmill", "trafilatura")}
        print(f"  {kind:8} {markup[:48]:50} {cells['newsmill'][0]:3d} / {cells['trafilatura'][0]:3d}   "
              f"| {cells['newsmill'][1]:3d} / {cells['trafilatura'][1]:3d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.injected", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40, metavar="N", help="pages of each corpus's tuned half (40)")
    ap.add_argument("--json", dest="json_path", metavar="PATH", help="write every row as JSON")
    args = ap.parse_args(argv)
    rows, whole = [], []
    for corpus, p, html in tuned_sample(args.pages, random.Random(20261206)):
        rows += [{"corpus": corpus, "page": p.id, **r} for r in score_page(html, p.url) or []]
        whole += [{"corpus": corpus, "page": p.id, "whole": True, **r} for r in score_whole_page(html, p.url) or []]
    pages = len({(r["corpus"], r["page"]) for r in rows})
    print(f"{pages} pages, story cut to two paragraphs; pages whose body holds the added block | lost the story's "
          "longer paragraph (newsmill / trafilatura)")
    _report(rows, BLOCKS)
    pages = len({(r["corpus"], r["page"]) for r in whole})
    print(f"{pages} pages, story whole, a longer block added at the end; pages whose body holds the added block | "
          "lost the story's longest paragraph (newsmill / trafilatura)")
    _report(whole, LONG_BLOCKS)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows + whole), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
