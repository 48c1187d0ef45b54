"""Load every evaluation page under tests/fixtures/corpus/.

Two layouts are discovered:

(a) ``<set>/manifest.json``: a list of ``{id, file, url, title, authors: [names], published,
    body, language, ...}``; ``file`` is an ``.html`` or ``.html.gz`` beside the manifest.
(b) ``<set>/<name>.expected.json`` with a sibling ``<name>.html`` or ``<name>.html.gz`` (the
    seed format: authors as ``[{name, role}]``, faqs as ``[{question, answer}]``,
    ``boilerplate`` as strings that must not reach the body).

Every page's ``expected`` is normalised to the seed format: ``title``, ``authors`` (list of
``{name, role}``), ``published``, ``section``, ``language``, ``body``, ``faqs`` (list of
``{question, answer}``), ``boilerplate`` (list); other keys are kept as they are. A key the
source does not give is None (``faqs``/``boilerplate``: ``[]``; see ``has_faqs``).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from evals.split import half_of

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SNIPPETS = CORPUS / "trafilatura-eval"



@dataclass
class Page:
    id: str
    set: str
    html: str
    url: str
    expected: dict = field(default_factory=dict)
    path: str = ""
    site: str = ""  # the split key: registrable domain or publisher ("" for our own fixtures)

    @property
    def language(self) -> str | None:
        return self.expected.get("language")

    @property
    def half(self) -> str:
        """'tuned' or 'held' (evals/split.py); our own hand-made fixtures are all 'tuned'."""
        return half_of(self.site) if self.site else "tuned"


def read_html(path: Path) -> str:
    """The page's text, decoded as newsmill decodes what it crawls (cleaners.parse.decode_html)."""
    from cleaners.parse import decode_html

    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return decode_html(raw)[0]


def _author(a) -> dict:
    if isinstance(a, str):
        return {"name": a, "role": None}
    return {"name": a.get("name"), "role": a.get("role")}


def _faq(f) -> dict:
    if isinstance(f, (list, tuple)):
        return {"question": f[0], "answer": f[1]}
    return {"question": f.get("question"), "answer": f.get("answer")}


def normalise_expected(raw: dict) -> dict:
    exp = dict(raw)
    for key in ("title", "published", "section", "language", "body"):
        exp.setdefault(key, None)
    authors = raw.get("authors")
    exp["authors"] = None if authors is None else [_author(a) for a in authors]
    # has_faqs: the source states the page's FAQs (possibly none). Manifest pages do not;
    # they are treated as FAQ-free pages (predicted FAQs there count as false positives).
    exp["has_faqs"] = "faqs" in raw
    exp["faqs"] = [_faq(f) for f in raw.get("faqs") or []]
    exp["boilerplate"] = list(raw.get("boilerplate") or [])
    return exp


def _html_beside(expected_json: Path) -> Path | None:
    stem = expected_json.name[: -len(".expected.json")]
    for suffix in (".html", ".html.gz"):
        candidate = expected_json.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


def _set_name(directory: Path, root: Path) -> str:
    try:
        rel = directory.relative_to(root)
    except ValueError:
        return directory.name
    return rel.as_posix() if rel.parts else "."


def load_pages(root: Path | str = CORPUS, only_set: str | None = None) -> list[Page]:
    root = Path(root)
    pages: list[Page] = []

    for manifest in sorted(root.rglob("manifest.json")):
        set_name = _set_name(manifest.parent, root)
        if only_set and set_name not in only_set.split(","):
            continue
        for entry in json.loads(manifest.read_text(encoding="utf-8")):
            html_path = manifest.parent / entry["file"]
            if not html_path.exists():
                continue
            page_id = entry.get("id") or Path(entry["file"]).name.split(".")[0]
            url = entry.get("url") or f"https://example.test/{set_name}/{page_id}/"
            pages.append(Page(page_id, set_name, read_html(html_path), url,
                              normalise_expected(entry), str(html_path.relative_to(ROOT)
                                                             if html_path.is_relative_to(ROOT) else html_path),
                              site=entry.get("publisher") or ""))

    for exp_path in sorted(root.rglob("*.expected.json")):
        html_path = _html_beside(exp_path)
        if html_path is None:
            continue
        set_name = _set_name(exp_path.parent, root)
        if only_set and set_name not in only_set.split(","):
            continue
        name = exp_path.name[: -len(".expected.json")]
        raw = json.loads(exp_path.read_text(encoding="utf-8"))
        url = raw.get("url") or f"https://example.test/{set_name}/{name}/"
        pages.append(Page(f"{set_name}/{name}", set_name, read_html(html_path), url,
                          normalise_expected(raw), str(html_path.relative_to(ROOT)
                                                       if html_path.is_relative_to(ROOT) else html_path)))
    return pages


def load_snippet_pages(root: Path | str = SNIPPETS, ids: set[str] | None = None) -> list[Page]:
    """The trafilatura-eval pages: expected `with`/`without` snippets, and title/author/date where
    trafilatura's authors annotated them (`authors` split on ';', `published` a bare date).

    Not part of load_pages(): 920 pages are for `make eval`, not for every test that walks the corpus.
    """
    root = Path(root)
    if not (root / "snippets.json").exists():
        return []
    snippets = json.loads((root / "snippets.json").read_text(encoding="utf-8"))
    info = json.loads((root / "pages.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(snippets.items()):
        if ids is not None and page_id not in ids:
            continue
        meta = info.get(page_id, {})
        html_path = root / "html" / f"{page_id}.html.gz"
        if not html_path.exists():
            continue
        author = item.get("author")
        if isinstance(author, str):
            author = author.split(";")
        expected = normalise_expected({
            "title": item.get("title"), "published": item.get("date"), "language": meta.get("lang"),
            "authors": [a.strip() for a in author if a.strip()] if author else None,
        })
        expected["with"] = list(item.get("with") or [])
        expected["without"] = list(item.get("without") or [])
        url = item.get("url") or meta.get("url_hint") or f"https://example.test/trafilatura-eval/{page_id}/"
        pages.append(Page(page_id, "trafilatura-eval", read_html(html_path), url, expected,
                          str(html_path.relative_to(ROOT) if html_path.is_relative_to(ROOT) else html_path),
                          site=meta.get("site") or page_id))
    return pages


def set_names(root: Path | str = CORPUS) -> list[str]:
    return sorted({p.set for p in load_pages(root)})


if __name__ == "__main__":
    for page in load_pages():
        e = page.expected
        print(f"{page.set:12} {page.id:45} {e.get('language') or '-':3} "
              f"body={len(e.get('body') or ''):6} authors={len(e.get('authors') or [])} "
              f"faqs={len(e['faqs'])} {page.url}")
