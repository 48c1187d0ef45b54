"""End matter: copyright and reprint notices, photo credits, comment counters and follow/subscribe
calls that sites put after the story, matched on the last lines of the extracted text.

Only the last three paragraphs, and only short ones: the same words inside the story ("she posted
it on Facebook") are the story's. A short label ending in a colon that is left last introduces nothing and goes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import all_languages, phrases

NAME = "endmatter"
_TAIL = 3  # paragraphs
_MAX_LEN = 250  # characters: end matter is one short line
_MAX_NOTICE = 500  # a tail paragraph opening with a copyright sign is a notice up to this length
_NOTICE = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4})", re.I)
_MAX_LABEL = 4  # words: a label that introduces what follows ("Read next:", "Sources:"), not a sentence that
# does ("The full paper is here:", whose link a reader may still want named)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    family = phrases(NAME)
    lines = [p.replace("{social}", family["social"]) for p in all_languages(family["lines"])]
    return re.compile("|".join(f"(?:{p})" for p in lines), re.I)


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    start = max(0, len(paragraphs) - _TAIL)
    kept, removed = paragraphs[:start], []
    for para in paragraphs[start:]:
        line = para.strip()
        is_end_matter = (len(para) < _MAX_LEN and bool(_pattern().search(line))
                         or len(para) < _MAX_NOTICE and bool(_NOTICE.match(line)))
        (removed if is_end_matter else kept).append(para)
    while len(kept) > 1 and _orphan_label(kept[-1]):
        removed.append(kept.pop())
    return kept, removed


def _orphan_label(paragraph: str) -> bool:
    """A short line ending in a colon with nothing after it: the label of a list or a link the cleaners or
    trafilatura took away ("Lue seuraavaksi:", "Zu den Autoren:"); it introduces nothing any more."""
    line = paragraph.strip()
    return (line.endswith((":", "：")) and len(line.split()) <= _MAX_LABEL and len(line) <= 20 * _MAX_LABEL
            and not line.startswith(("-", "•", "|")))
