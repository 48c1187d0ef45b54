"""Main text: trafilatura on the cleaned tree, turned into paragraphs separated by blank lines.

trafilatura runs in its fast mode first: its own extractor, without the comparison against
readability and justext (a fifth of trafilatura's time). That comparison only changes the result
when trafilatura's own extractor found too little: then either trafilatura also runs a rescue
stage (a dump of the whole page, or a retry in recall mode), or its result is under half the
paragraph text of the story's block and the blocks beside it (readability joins such siblings and
takes over from a result it finds twice as long). Such a page
is extracted again in full mode; every other page keeps its fast result, which is what full mode
returns for it (tests/test_body_cascade.py holds every corpus page to that).
"""

from __future__ import annotations

import functools
import logging

import justext.core
import trafilatura
import trafilatura.core
from trafilatura.xml import xmltotxt

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# trafilatura 2.3's cascade: stage 3 (`baseline`, a dump of the page) and stage 4 (`_recall_retry`)
# run only when its own extractor under-delivered.
_RESCUE_STAGES = ("baseline", "_recall_retry")


class _RescueCounter:
    """Counts calls of trafilatura's rescue stages: how a fast run tells it needed one."""

    def __init__(self):
        self.calls = 0

    def wrap(self, stage):
        @functools.wraps(stage)
        def counted(*args, **kwargs):
            self.calls += 1
            return stage(*args, **kwargs)
        return counted


def _count_rescues() -> _RescueCounter | None:
    """Wrap the rescue stages once per process; None (full mode always) where they are not found."""
    stages = [getattr(trafilatura.core, name, None) for name in _RESCUE_STAGES]
    if not all(callable(stage) for stage in stages):
        return None
    counter = _RescueCounter()
    for name, stage in zip(_RESCUE_STAGES, stages):
        setattr(trafilatura.core, name, counter.wrap(stage))
    return counter


_RESCUES = _count_rescues()


def _share_stop_words() -> None:
    """One copy of the stop words trafilatura's justext fallback uses, not two.

    trafilatura hands justext the stop words of all its languages (154,000); justext lowercases
    them into a cached set of new strings, 19 MiB beside trafilatura's 14. They are lowercase
    already, so the set can hold trafilatura's strings: same set, same results.
    """
    define = getattr(justext.core, "define_stoplist", None)
    if define is None or getattr(define, "shares_words", False):
        return

    @functools.lru_cache(maxsize=128)
    def define_stoplist(stoplist):
        words = frozenset(stoplist)
        return words if all(word == word.lower() for word in words) else define(stoplist)

    define_stoplist.shares_words = True
    justext.core.define_stoplist = define_stoplist


_share_stop_words()


def extract_paragraphs(tree, url: str, favor_recall: bool = False, page_chars: int = 0) -> list[str]:
    """Paragraphs of the main text; [] when trafilatura finds none. The tree is not modified.

    `page_chars`: the paragraph text of the story's block and the blocks beside it
    (CleanContext.paragraph_chars). A fast result under half of it may be a story split into
    sibling blocks (by ad rows) of which trafilatura kept one: the comparison with readability,
    which joins such siblings, decides then.
    """
    doc = None
    if _RESCUES is not None:
        before = _RESCUES.calls
        doc = _extract(tree, url, favor_recall, fast=True)
        if _RESCUES.calls != before or _SHARE_OF_PAGE * page_chars > _text_chars(doc):
            doc = None  # its own extractor under-delivered: let the comparison decide
    if doc is None:
        doc = _extract(tree, url, favor_recall, fast=False)
    if doc is None or doc.body is None:
        return []
    return _paragraphs(doc.body)


_SHARE_OF_PAGE = 0.5  # readability replaces a result it finds twice as long


def _text_chars(doc) -> int:
    return len(doc.text or "") if doc is not None else 0


def _extract(tree, url: str, favor_recall: bool, fast: bool):
    return trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=True, with_metadata=False,
        favor_recall=favor_recall, deduplicate=False, fast=fast,
    )


def _paragraphs(body) -> list[str]:
    """trafilatura's own text rendering (line breaks, list bullets, table rows), one line a paragraph."""
    return [line for line in (" ".join(raw.split()) for raw in xmltotxt(body, False).split("\n")) if line]


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
