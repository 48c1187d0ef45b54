"""The benchmark's local mirror: real pages replicated under distinct URLs, linked to each other.

Nothing is written to disk: every page is rendered on request from a handful of templates (the real
pages of tests/fixtures/corpus), by joining pre-split byte strings. Layout of a mirror of N articles:

    /robots.txt            allows everything
    /                      links to every section page
    /sections/NNN          links to 100 articles (and the previous/next section)
    /news/KKKKK-<source>   copy K of a real page, source = templates[K % len(templates)]

Each copy gets, inside <head>, a self-referencing <link rel=canonical> (the page's own canonical link
and og:url are removed, so copies never collapse into one row) and a <base href> pointing at the
page's original site (its relative links then resolve off the mirror, as they would on the real site,
instead of producing thousands of 404s on 127.0.0.1); before </body>, a <nav> with links to three
other copies.

Copies must stay distinct articles for newsmill's duplicate detection (pipelines/dedupe.py: same
content hash, or a 3-word-shingle Jaccard >= 0.8 within a site), so each copy also carries a word of
its own ("zq<k in base 36>") after every 4th word of the page's text (outside scripts and styles;
every 10 characters in runs of text without spaces, as in Japanese): most of a copy's body
shingles are its own. Measured over 3 copies of each page: Jaccard <= 0.62, simhash distance median
22 bits (2% of pairs within 12 bits, which newsmill then confirms with Jaccard and keeps apart).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PER_SECTION = 100

_CANONICAL = re.compile(rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.I)
_OG_URL = re.compile(rb"<meta\b[^>]*\bproperty\s*=\s*[\"']?og:url\b[^>]*>", re.I)
_HEAD = re.compile(rb"<head\b[^>]*>", re.I)
_HTML = re.compile(rb"<html\b[^>]*>", re.I)
_BODY_END = re.compile(rb"</body\s*>", re.I)
_RAW_TEXT = re.compile(r"<(script|style|textarea|template|title)\b.*?</\1\s*>", re.I | re.S)
_TEXT = re.compile(r">([^<]+)<")
_WORD_END = re.compile(r"\S+")
_RUN = 10  # characters between two inserted words in a run without spaces
_EVERY = 4  # words between two of a copy's own words


@dataclass
class Template:
    name: str  # file stem, e.g. "BBC_2024_08_01"
    slug: str  # "bbc-2024-08-01"
    origin: str  # the page's original URL (for <base href>)
    head: bytes  # bytes up to and including <head>
    middle: list[bytes]  # after <head> up to </body>, cut where a copy inserts its own word
    tail: bytes  # from </body> on

    @classmethod
    def from_bytes(cls, name: str, origin: str, page: bytes) -> "Template":
        page = _OG_URL.sub(b"", _CANONICAL.sub(b"", page))
        m = _HEAD.search(page) or _HTML.search(page)
        cut = m.end() if m else 0
        ends = list(_BODY_END.finditer(page))
        end = ends[-1].start() if ends else len(page)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        return cls(name, slug, origin, page[:cut], _cut_points(page[cut:end]), page[end:])


def _cut_points(middle: bytes) -> list[bytes]:
    """middle split after every _EVERY-th word of its text (and inside long runs without spaces)."""
    text = middle.decode("utf-8")
    skip = [(m.start(), m.end()) for m in _RAW_TEXT.finditer(text)]
    cuts, i = [], 0
    for chunk in _TEXT.finditer(text):
        while i < len(skip) and skip[i][1] <= chunk.start(1):
            i += 1
        if i < len(skip) and skip[i][0] < chunk.end(1):
            continue  # inside a script or style
        for n, word in enumerate(_WORD_END.finditer(chunk.group(1)), 1):
            start, end = chunk.start(1) + word.start(), chunk.start(1) + word.end()
            if end - start > 2 * _RUN and "&" not in word.group():
                cuts += range(start + _RUN, end - _RUN // 2, _RUN)
            if n % _EVERY == 0:
                cuts.append(end)
    pieces, prev = [], 0
    for c in sorted(cuts):
        pieces.append(text[prev:c].encode("utf-8"))
        prev = c
    pieces.append(text[prev:].encode("utf-8"))
    return pieces


def _base36(k: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        k, r = divmod(k, 36)
        out = digits[r] + out
        if not k:
            return out


def load_templates(names: list[str] | None = None) -> list[Template]:
    """The real pages: realworld/*.html.gz, seed/wordpress.html, themed/*.html (in that order)."""
    manifest = json.loads((CORPUS / "realworld" / "manifest.json").read_text())
    origins = {m["file"]: m["url"] for m in manifest}
    found: list[Template] = []
    for path in sorted((CORPUS / "realworld").glob("*.html.gz")):
        origin = origins.get(path.name, "https://realworld.invalid/")
        found.append(Template.from_bytes(path.name[: -len(".html.gz")], origin, gzip.decompress(path.read_bytes())))
    for path in [CORPUS / "seed" / "wordpress.html", *sorted((CORPUS / "themed").glob("*.html"))]:
        found.append(Template.from_bytes(path.stem, "https://themed.invalid/", path.read_bytes()))
    if names is not None:
        wanted = set(names)
        found = [t for t in found if t.name in wanted]
    return found


class Mirror:
    """Renders the pages of a mirror of `pages` article copies served at `base` (no trailing slash)."""

    def __init__(self, templates: list[Template], pages: int, base: str):
        self.templates = templates
        self.pages = pages
        self.base = base
        self.sections = (pages + PER_SECTION - 1) // PER_SECTION

    def article_path(self, k: int) -> str:
        return f"/news/{k:05d}-{self.templates[k % len(self.templates)].slug}"

    def article_url(self, k: int) -> str:
        return self.base + self.article_path(k)

    def article_id(self, path: str) -> int | None:
        if not path.startswith("/news/"):
            return None
        head = path[6:11]
        if not head.isdigit():
            return None
        k = int(head)
        return k if k < self.pages and path == self.article_path(k) else None

    def related(self, k: int) -> list[int]:
        n = self.pages
        return [j for j in dict.fromkeys(((k + 1) % n, (k * 7 + 3) % n, (k + n // 2) % n)) if j != k]

    def article(self, k: int) -> bytes:
        t = self.templates[k % len(self.templates)]
        own = self.article_url(k)
        head = (f'\n<base href="{_attr(t.origin)}">\n<link rel="canonical" href="{own}">\n').encode()
        links = "".join(f'<li><a href="{self.article_url(j)}">More news {j}</a></li>' for j in self.related(k))
        nav = f'\n<nav class="bench-related"><ul>{links}</ul></nav>\n'.encode()
        own_word = f" zq{_base36(k)}".encode()
        return b"".join((t.head, head, own_word.join(t.middle), nav, t.tail))

    def index(self) -> bytes:
        items = "".join(f'<li><a href="{self.base}/sections/{j:03d}">Section {j}</a></li>'
                        for j in range(self.sections))
        return _listing("Bench mirror", items)

    def section(self, j: int) -> bytes | None:
        if not 0 <= j < self.sections:
            return None
        ks = range(j * PER_SECTION, min(self.pages, (j + 1) * PER_SECTION))
        items = "".join(f'<li><a href="{self.article_url(k)}">Story {k}</a></li>' for k in ks)
        if j > 0:
            items += f'<li><a href="{self.base}/sections/{j - 1:03d}">Previous</a></li>'
        if j + 1 < self.sections:
            items += f'<li><a href="{self.base}/sections/{j + 1:03d}">Next</a></li>'
        return _listing(f"Section {j}", items)

    def get(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path."""
        k = self.article_id(path)
        if k is not None:
            return 200, "text/html; charset=utf-8", self.article(k)  # every template is UTF-8
        if path == "/":
            return 200, "text/html; charset=utf-8", self.index()
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", b"User-agent: *\nDisallow:\n"
        if path.startswith("/sections/") and path[10:].isdigit():
            body = self.section(int(path[10:]))
            if body is not None:
                return 200, "text/html; charset=utf-8", body
        return 404, "text/html; charset=utf-8", b"<!doctype html><title>Not found</title><h1>Not found</h1>"


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _listing(title: str, items: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><h1>{title}</h1><ul>{items}</ul></body></html>').encode()
