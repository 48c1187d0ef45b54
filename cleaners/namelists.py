"""Long lists of single names left in the text: members online, tag clouds, user lists
("anna_12, ben_7, carla_301, …"), matched on extracted paragraphs.

A separator after almost every word, over many words: no prose reads so. A list of people's full names
("Anna Berg, Jonas Roth, …", a separator every second word) is left alone: it may be the story's own.
"""

from __future__ import annotations

from .context import LIST_SEPARATORS, partition

NAME = "namelists"
_MIN_WORDS = 100
_SHARE = 0.8  # separators per word


def is_name_list(paragraph: str) -> bool:
    separators = len(LIST_SEPARATORS.findall(paragraph))
    if separators <= _SHARE * _MIN_WORDS:
        return False  # too few for a list of _MIN_WORDS names: most paragraphs stop here
    words = sum(1 for w in paragraph.split() if not LIST_SEPARATORS.fullmatch(w))  # "anna · ben": "·" is no word
    return words >= _MIN_WORDS and separators > _SHARE * words


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    return partition(paragraphs, is_name_list)
