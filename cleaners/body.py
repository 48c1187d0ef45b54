"""Main text: trafilatura on the cleaned tree, turned into paragraphs separated by blank lines."""

from __future__ import annotations

import logging

import trafilatura

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_BLOCKS = {"p", "head", "quote", "item", "row", "code", "lb"}


def extract_paragraphs(tree, url: str, favor_recall: bool = False) -> list[str]:
    """Paragraphs of the main text; [] when trafilatura finds none. The tree is not modified."""
    doc = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=True, with_metadata=False,
        favor_recall=favor_recall, deduplicate=False,
    )
    if doc is None or doc.body is None:
        return []
    return _paragraphs(doc.body)


def _paragraphs(body) -> list[str]:
    out: list[str] = []
    for el in body:
        if el.tag == "list":
            out += [_text(item) for item in el.iter("item")]
        elif el.tag == "table":
            out += [" ".join(_text(cell) for cell in row) for row in el.iter("row")]
        else:
            out.append(_text(el))
    return [p for p in out if p]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep the first of exact duplicate paragraphs (trafilatura sometimes emits the body twice)."""
    seen, out = set(), []
    for p in paragraphs:
        key = p if len(p) >= 40 else None  # short lines ("Photo: AP") may repeat legitimately
        if key and key in seen:
            continue
        if key:
            seen.add(key)
        out.append(p)
    return out
