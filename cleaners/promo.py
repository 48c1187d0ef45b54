"""Promo and call-to-action lines ("Explore more ...", "Follow us on ..."), matched on extracted paragraphs."""

from __future__ import annotations

import re
from functools import lru_cache

from .context import all_languages, phrases

NAME = "promo"
_MAX_LEN = 300  # a promo line is short; a long paragraph that starts alike is article text


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in all_languages(phrases(NAME)["lines"])), re.I)


def is_promo(paragraph: str) -> bool:
    return len(paragraph) < _MAX_LEN and bool(_pattern().search(paragraph.strip()))


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    kept, removed = [], []
    for para in paragraphs:
        (removed if is_promo(para) else kept).append(para)
    return kept, removed
