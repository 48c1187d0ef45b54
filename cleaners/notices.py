"""Notices a page's scripts and templates leave for the browser as a line of text: a spinner's "Loading…",
"[object Object]", "Please enable JavaScript", "You are using an outdated browser", a print view's "please
wait", matched on extracted paragraphs.

A notice opens its paragraph (after an optional "Note:") and is short: a story sentence about browsers or
JavaScript does not open that way, and a long paragraph that does is the story's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import all_languages, partition, phrases

NAME = "notices"
_MAX_LEN = 250


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    family = phrases(NAME)
    whole = "|".join(family["whole"])
    lines = "|".join(all_languages(family["lines"]))
    label = r"(?:(?:hinweis|note|nota|remarque|achtung|attention|wichtig|important)\s*[:!]\s*)?"
    return (re.compile(rf"(?:{whole})[\s.…]*", re.I), re.compile(rf"{label}(?:{lines})", re.I))


def is_notice(paragraph: str) -> bool:
    if len(paragraph) >= _MAX_LEN:
        return False
    line = paragraph.strip()
    whole, opening = _patterns()
    return bool(whole.fullmatch(line) or opening.match(line))


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    return partition(paragraphs, is_notice)
