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

from .context import all_languages, phrases

NAME = "consent"
_MAX_LEN = 1000  # a notice is a paragraph or two; a longer one that starts alike is the page's own text


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in all_languages(phrases(NAME)["lines"])), re.I)


# A banner may name itself first ("Privacy & Cookies: This site uses cookies. …", WordPress.com's widget).
_LABEL = re.compile(r"^[^\W\d][^:.!?\n]{0,38}:\s+")
_COOKIE_WORD = re.compile(r"cookie", re.I)
_TAIL_LEN = 200  # the banner's own lines after its notice: "To find out more … see here:", "Cookie Policy"


def is_notice(paragraph: str) -> bool:
    text = paragraph.strip()
    if len(text) >= _MAX_LEN:
        return False
    return _pattern().match(text) is not None or _pattern().match(_LABEL.sub("", text, count=1)) is not None


def _banner_line(paragraph: str) -> bool:
    """A short line naming cookies that is no sentence (it ends in a colon or a link's words, not a full stop)."""
    text = paragraph.strip()
    return len(text) < _TAIL_LEN and _COOKIE_WORD.search(text) is not None and text[-1:] not in '.!?"”»'


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed): each notice, and the short lines naming cookies that follow it (the banner's links),
    not a sentence of the story."""
    kept: list[str] = []
    removed: list[str] = []
    after_notice = False
    for para in paragraphs:
        if is_notice(para) or after_notice and _banner_line(para):
            removed.append(para)
            after_notice = True
        else:
            kept.append(para)
            after_notice = False
    return kept, removed
