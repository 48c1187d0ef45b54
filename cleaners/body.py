"""Main text: trafilatura on the cleaned tree, turned into paragraphs separated by blank lines.

trafilatura runs in full mode: its own extractor, then the comparison with readability and jusText.
Fast mode (the extractor alone) saves about a tenth of a page's extraction time, but on the
trafilatura-eval corpus it kept less than full mode on 5 pages of 920 that no cheap signal picked
out beforehand (measured: see `make eval`), and a body cut short is the failure users notice.
Full mode's readability run is skipped where trafilatura could not keep its result (the page holds too
little text besides what trafilatura found: compat.skip_readability_that_cannot_win); same articles.
"""

from __future__ import annotations

import logging

import trafilatura

from .compat import (compact_justext_stop_words, escalation_trace, linear_justext_revision, render_text,
                     replaced_by_escalation, skip_readability_that_cannot_win, trace_escalation)

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
compact_justext_stop_words()
linear_justext_revision()
skip_readability_that_cannot_win()
trace_escalation()


def extract_paragraphs(tree, url: str, favor_recall: bool = False) -> list[str]:
    """Paragraphs of the main text; [] when trafilatura finds none. The tree is not modified."""
    return extract_body(tree, url, favor_recall)[0]


def extract_body(tree, url: str, favor_recall: bool = False) -> tuple[list[str], object]:
    """(extract_paragraphs' paragraphs, trafilatura's XML body they were rendered from, or None):
    the XML gives body_markdown its structure (cleaners/markdown.py) without a second extraction."""
    doc = _extract(tree, url, favor_recall)
    if doc is None or doc.body is None:
        return [], None
    return _paragraphs(doc.text), doc.body


def extract_body_before_escalation(tree, url: str) -> tuple[list[str], object, tuple[list[str], object] | None]:
    """extract_body's paragraphs and XML, and the (paragraphs, XML) trafilatura's recall escalation replaced
    them with a longer result for (None when it did not): the caller may judge what the escalation added."""
    with escalation_trace() as trace:
        paragraphs, xml = extract_body(tree, url)
    main = replaced_by_escalation(trace, xml) if xml is not None else None
    return paragraphs, xml, ((_paragraphs(render_text(main)), main) if main is not None else None)


def _extract(tree, url: str, favor_recall: bool, fast: bool = False):
    return trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=True, with_metadata=False,
        favor_recall=favor_recall, deduplicate=False, fast=fast,
    )


def _paragraphs(text: str) -> list[str]:
    """trafilatura's own text rendering (line breaks, list bullets, table rows), one line a paragraph.

    `text` is the Document's .text, which bare_extraction renders from .body as compat.render_text does:
    not rendered a second time."""
    return [line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line]


def drop_repeats(paragraphs: list[str], run: int = 4, min_chars: int = 200) -> list[str]:
    """Drop a repeated run of paragraphs (trafilatura sometimes emits the body twice).

    Only runs of `run` or more consecutive paragraphs and `min_chars` of text count: a caption
    or a consent placeholder may legitimately appear twice (once per embed).
    """
    first_at: dict[str, int] = {}
    out: list[str] = []
    i = 0
    while i < len(paragraphs):
        j = first_at.get(paragraphs[i])
        if j is not None:
            length = _common_run(paragraphs, i, out, j)
            if length >= run and sum(len(p) for p in paragraphs[i:i + length]) >= min_chars:
                i += length
                continue
        first_at.setdefault(paragraphs[i], len(out))
        out.append(paragraphs[i])
        i += 1
    return out


def _common_run(paragraphs: list[str], i: int, kept: list[str], j: int) -> int:
    """How many paragraphs from paragraphs[i] repeat kept[j:] in order."""
    n = 0
    while i + n < len(paragraphs) and j + n < len(kept) and paragraphs[i + n] == kept[j + n]:
        n += 1
    return n
