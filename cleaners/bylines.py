"""Byline, dateline, photo-credit and video-duration lines left in the extracted text.

The byline itself is read into `authors` before cleaning; as body text it is noise. So is a line that is
only a date or time ("23.10.2018", "mercredi 11 septembre 2019", "Erstellt am: 01.11.2023") at the start
or end of the text: the date is read into `published`. Inside the story such a line may be a heading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import phrases
from .fields.dates import parse_date

NAME = "bylines"
_MAX_LEN = 120  # a byline or dateline is one short line
_MAX_DATE_LEN, _MAX_DATE_WORDS = 40, 5


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in phrases(NAME)["lines"]["all"]))


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    kept, removed = [], []
    for para in paragraphs:
        is_byline = len(para) < _MAX_LEN and bool(_pattern().search(para.strip()))
        (removed if is_byline else kept).append(para)
    start, end = 0, len(kept)
    while start < end and _date_only(kept[start]):
        start += 1
    while end > start and _date_only(kept[end - 1]):
        end -= 1
    if end == start:
        return kept, removed  # nothing but dates: not ours to judge
    return kept[start:end], removed + kept[:start] + kept[end:]


def _date_only(para: str) -> bool:
    """A short line that parses as a date or time as a whole ("12. November 2015 / 13:48")."""
    line = para.strip()
    return (len(line) <= _MAX_DATE_LEN and len(line.split()) <= _MAX_DATE_WORDS and any(c.isdigit() for c in line)
            and parse_date(line) is not None)
