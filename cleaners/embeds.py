"""Social embeds left as text: the lines an Instagram (or TikTok) embed shows when its script has not run,
"View this post on Instagram" and "A post shared by Name (@handle)", and what a consent tool shows in an
embed's place until the reader agrees ("An dieser Stelle finden Sie externen Inhalt …", "We need your
consent to load the YouTube service"), matched on extracted paragraphs.

Whole lines only: a story sentence about Instagram stays. The credit line must carry the (@handle) the
embed prints, so a sentence that opens alike ("A post shared by the minister drew …") stays too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import all_languages, partition, phrases

NAME = "embeds"
_MAX_LEN = 200  # the credit line: a name, a handle, perhaps a date
_PLACEHOLDER_LEN = 400  # a consent placeholder's two or three sentences
_HANDLE = re.compile(r"\(@[\w.]{1,40}\)")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    family = phrases(NAME)
    view = "|".join(all_languages(family["view"]))
    shared = "|".join(all_languages(family["shared"]))
    placeholder = "|".join(all_languages(family["placeholder"]))
    return (re.compile(rf"(?:{view})[\s.…:!»›→]*", re.I), re.compile(rf"(?:{shared})\b", re.I),
            re.compile(rf"(?:{placeholder})", re.I))


def is_embed_text(paragraph: str) -> bool:
    if len(paragraph) >= _PLACEHOLDER_LEN:
        return False
    line = paragraph.strip()
    view, shared, placeholder = _patterns()
    if placeholder.match(line.rstrip(".:!…")):
        return True
    if len(paragraph) >= _MAX_LEN:
        return False
    return bool(view.fullmatch(line) or shared.match(line) and _HANDLE.search(line))


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    return partition(paragraphs, is_embed_text)
