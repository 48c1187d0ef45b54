"""Put back article paragraphs trafilatura dropped from the middle of the story.

trafilatura discards link-dense paragraphs ("Miyazaki: <a>Takanabe</a>, <a>Shintomi</a>") even
inside the article body. A paragraph of the body container that sits between two paragraphs
trafilatura kept is part of the story; one at the head or the tail may be a teaser, so it stays out.
"""

from __future__ import annotations

import re

from .parse import text_of, word_grams

_MIN_SHARED = 0.5  # share of a paragraph's 4-grams found in an extracted one to count as "kept"


def recover_interior(anchor, paragraphs: list[str], source: list[str] | None = None) -> tuple[list[str], int]:
    """(paragraphs with dropped interior ones restored in page order, how many were restored).

    `source`: dense_paragraphs(anchor), when the caller has it already.
    """
    if anchor is None or len(paragraphs) < 2:
        return paragraphs, 0
    source = dense_paragraphs(anchor) if source is None else source
    grams = [word_grams(p) for p in paragraphs]
    positions = [_position(text, paragraphs, grams) for text in source]
    out = list(paragraphs)
    inserted = 0
    for k, pos in enumerate(positions):
        if pos is not None:
            continue
        before = next((positions[i] for i in range(k - 1, -1, -1) if positions[i] is not None), None)
        after = next((positions[i] for i in range(k + 1, len(positions)) if positions[i] is not None), None)
        if before is None or after is None or after <= before:
            continue  # head or tail of the container: not ours to decide
        out.insert(before + 1 + inserted, source[k])
        inserted += 1
    return out, inserted


_CAPTION = re.compile(r"caption|credit|copyright|byline|meta|date|author|source", re.I)
_CREDIT_TEXT = re.compile(r"\b(?:Foto|Photo|Bild|Image|Imagen|Credit|Crédit|Getty|Reuters|AP Photo|dpa|AFP)\b\s*[:/]")


def _caption(p) -> bool:
    """Captions, credits and meta lines are not story paragraphs, even between two of them."""
    if _CAPTION.search(p.get("class") or ""):
        return True
    return any(_CAPTION.search(el.get("class") or "") for el in p.iter() if el is not p) or bool(
        _CREDIT_TEXT.search(text_of(p)))


def dense_paragraphs(anchor) -> list[str]:
    """The readability-style fallback: the paragraphs of the block with the most paragraph text."""
    if anchor is None:
        return []
    return [t for t in (text_of(p) for p in anchor if isinstance(p.tag, str) and p.tag == "p" and not _caption(p)) if t]


def _position(text: str, paragraphs: list[str], grams: list[set]) -> int | None:
    mine = word_grams(text)
    for i, para in enumerate(paragraphs):
        if text == para or (mine and len(mine & grams[i]) >= _MIN_SHARED * len(mine)):
            return i
        if not mine and text in para:
            return i
    return None



def restore_kept(kept: list, paragraphs: list[str]) -> list[str]:
    """Make sure the text of elements a site keeps is in the body, after the paragraph before it."""
    out = list(paragraphs)
    for el in kept:
        text = text_of(el)
        grams = [word_grams(p) for p in out]
        if not text or _position(text, out, grams) is not None:
            continue
        where = 0
        for previous in reversed(el.xpath("preceding::p")):
            pos = _position(text_of(previous), out, grams)
            if pos is not None:
                where = pos + 1
                break
        out.insert(where, text)
    return out
