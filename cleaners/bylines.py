"""Byline, dateline, photo-credit and video-duration lines left in the extracted text.

The byline itself is read into `authors` before cleaning; as body text it is noise.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import phrases

NAME = "bylines"
_MAX_LEN = 120  # a byline or dateline is one short line


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in phrases(NAME)["lines"]["all"]))


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    kept, removed = [], []
    for para in paragraphs:
        is_byline = len(para) < _MAX_LEN and bool(_pattern().search(para.strip()))
        (removed if is_byline else kept).append(para)
    return kept, removed
