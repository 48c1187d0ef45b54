"""Long lists of single names left in the text: members online, tag clouds, user lists
("anna_12, ben_7, carla_301, …"), matched on extracted paragraphs.

A separator after almost every word, over many words: no prose reads so. A list of people's full names
("Anna Berg, Jonas Roth, …", a separator every second word) is left alone: it may be the story's own.
"""

from __future__ import annotations

import re

from .context import partition

NAME = "namelists"
_MIN_WORDS = 100
_SEPARATORS = re.compile(r"[,;·•|/]")
_SHARE = 0.8  # separators per word


def is_name_list(paragraph: str) -> bool:
    if paragraph.count(",") + paragraph.count("·") + paragraph.count("|") + paragraph.count(";") + paragraph.count(
            "•") + paragraph.count("/") <= _SHARE * _MIN_WORDS:
        return False  # too few separators for a list of _MIN_WORDS names: most paragraphs stop here
    words = sum(1 for w in paragraph.split() if not _SEPARATORS.fullmatch(w))  # "anna · ben": "·" is no word
    return words >= _MIN_WORDS and len(_SEPARATORS.findall(paragraph)) > _SHARE * words


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    return partition(paragraphs, is_name_list)
