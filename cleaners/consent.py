"""Consent notices left in the text ("We and our partners use cookies ...", "Wir verwenden Cookies ..."),
matched on extracted paragraphs.

The cookies cleaner takes a consent platform's box by its names; a notice without such names, on a page
whose story is short, can be the page's densest text and come out as its body. A notice speaks as the site,
in the first person ("we use cookies", "this website uses cookies"), which a story about cookies rarely does
at the start of a paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import all_languages, partition, phrases

NAME = "consent"
_MAX_LEN = 1000  # a notice is a paragraph or two; a longer one that starts alike is the page's own text


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in all_languages(phrases(NAME)["lines"])), re.I)


def is_notice(paragraph: str) -> bool:
    return len(paragraph) < _MAX_LEN and _pattern().match(paragraph.strip()) is not None


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    return partition(paragraphs, is_notice)
