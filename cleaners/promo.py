"""Promo and call-to-action lines ("Explore more ...", "Follow us on ...") and link labels left alone on a line
("Read more", "Weiterlesen"), matched on extracted paragraphs."""

from __future__ import annotations

import re
from functools import lru_cache

from .context import all_languages, partition, phrases

NAME = "promo"
_MAX_LEN = 300  # a promo line is short; a long paragraph that starts alike is article text


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern | None, re.Pattern | None]:
    """(phrases anchored at the line's start, tried with match; the others, tried with search).

    Searching an alternation of 70 anchored phrases tries every one at every character; matching
    tries them once.
    """
    lines = all_languages(phrases(NAME)["lines"])
    anchored = [p[1:] for p in lines if p.startswith("^")]
    loose = [p for p in lines if not p.startswith("^")]
    join = lambda ps: re.compile("|".join(f"(?:{p})" for p in ps), re.I) if ps else None  # noqa: E731
    return join(anchored), join(loose)


@lru_cache(maxsize=1)
def _label() -> re.Pattern:
    """A link's or button's label alone on its line, perhaps twice (a desktop and a mobile copy), perhaps
    after a close sign or before an arrow."""
    label = "|".join(all_languages(phrases(NAME)["labels"]))
    return re.compile(rf"(?:[×✕]\s*)?(?:{label})(?:\s*(?:{label}))?[\s.…:：。!！»›→>+\-↑▲^]*", re.I)


def is_promo(paragraph: str) -> bool:
    if len(paragraph) >= _MAX_LEN:
        return False
    line = _ONE_CELL.sub(r"\1", paragraph.strip())  # "| Weitere Artikel zum Thema |": a layout table's one cell
    if _disguised(paragraph) or _label().fullmatch(line) or _toolbar(paragraph):
        return True
    anchored, loose = _patterns()
    return bool((anchored and anchored.match(line)) or (loose and loose.search(line)))


_ONE_CELL = re.compile(r"^\|\s*([^|]+?)\s*\|$")


@lru_cache(maxsize=1)
def _continue_at_end() -> re.Pattern:
    words = "|".join(all_languages(phrases(NAME)["continue"]))
    return re.compile(rf"[\s,;:]*(?:{words})[\s.…:!»›→>+\-]*$", re.I)


def without_continue_link(text: str | None) -> str | None:
    """An excerpt without the "read on" link it ends with ("… Weiterlesen →", "kennen,...Read More"); the
    excerpt's own ellipsis ("…", "[…]") stays: it says the text is cut."""
    if not text:
        return text
    return _continue_at_end().sub("", text).rstrip() or text


_WORD = re.compile(r"[^\W\d_][\w-]*")
_TOOLBAR_MIN = 3  # action words; fewer is a sentence's ("share the link")
_TOOLBAR_MAX_WORDS = 12


@lru_cache(maxsize=1)
def _actions() -> frozenset[str]:
    return frozenset(all_languages(phrases(NAME)["toolbar"]))


_GLUED = re.compile(r"(?<=[a-zà-öø-ÿß])(?=[A-ZÀ-ÖØ-Þ])")  # "KommentareDruckenTeilen": the buttons' labels run together


def _toolbar(paragraph: str) -> bool:
    """A page's action bar left as a line: "12.11.2021 red Artikel: Download PDF Drucken Feedback"."""
    words = [w.lower() for w in _WORD.findall(_GLUED.sub(" ", paragraph))]
    if not _TOOLBAR_MIN <= len(words) <= _TOOLBAR_MAX_WORDS:
        return False
    known = sum(w in _actions() for w in words)
    return known >= _TOOLBAR_MIN and len(words) - known <= known // 2


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _disguised(paragraph: str) -> bool:
    """Words spelt with Cyrillic look-alikes among Latin letters ("Аdvеrtіѕе wіth uѕ"): an ad written to
    get past filters; no language writes its words that way."""
    if not _CYRILLIC.search(paragraph):
        return False
    words = paragraph.split()
    mixed = sum(1 for w in words if _LATIN.search(w) and _CYRILLIC.search(w))
    return mixed >= 3 and mixed >= 0.2 * len(words)


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed)."""
    return partition(paragraphs, is_promo)
