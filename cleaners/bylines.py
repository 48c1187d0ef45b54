"""Byline, dateline, photo-credit and video-duration lines left in the extracted text.

The byline itself is read into `authors` before cleaning; as body text it is noise. So is a line that is
only a date or time ("23.10.2018", "mercredi 11 septembre 2019", "Erstellt am: 01.11.2023") at the start
or end of the text: the date is read into `published`. Inside the story such a line may be a heading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import phrases
from .parse import EMAIL, caseless, folded

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
    while start < end and _date_line(kept[start]):
        start += 1
    while end > start and _date_line(kept[end - 1]):
        end -= 1
    if end == start:
        return kept, removed  # nothing but dates: not ours to judge
    dropped = kept[:start] + kept[end:]
    kept = kept[start:end]
    if start == 0 and len(kept) > 2 and _heading_like(kept[0]) and _date_line(kept[1]):
        dropped.append(kept.pop(1))  # the headline, then its date line: the story starts after both
    return kept, removed + dropped


def _heading_like(para: str) -> bool:
    line = para.strip()
    return 0 < len(line) <= _MAX_HEADING and line[-1] not in ".!?:;,"


_MAX_HEADING = 150


_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s*\|\s*")
_MAX_META_PARTS, _MIN_DATE_PART, _MAX_META_DATE_WORDS = 4, 6, 7  # "January 13, 2020 at 08:45 AM"


def _date_line(para: str) -> bool:
    """A date-only line, or a post's meta line led by its date: "January 13, 2020 at 08:45 AM |
    categories: Python | View Comments" (a date, then the author, categories or a comment link)."""
    if _date_only(para):
        return True
    parts = [p for p in _SEPARATOR.split(para.strip()) if p]
    return (len(para) < _MAX_LEN and 2 <= len(parts) <= _MAX_META_PARTS and len(parts[0]) >= _MIN_DATE_PART
            and _date_only(parts[0], _MAX_META_DATE_WORDS))


def _date_only(para: str, max_words: int = _MAX_DATE_WORDS) -> bool:
    """A short line that parses as a date or time as a whole ("12. November 2015 / 13:48"), or whose dates, in
    a language the parser is not asked to read, leave no more than a label's letters ("Minggu, 3 Maret 2024
    19:15 WIB", "입력 2024.03.03 19:15 수정 2024.03.05 10:00")."""
    line = para.strip()
    words = len(line.split())
    if not (len(line) <= _MAX_DATE_LEN and words <= max_words + 1 and any(c.isdigit() for c in line)):
        return False
    # the pattern first: dateparser tries ten languages on a line it cannot read (tens of ms)
    return _dates_and_labels(line) or words <= max_words and _parse_date(line) is not None


_DATE_LABEL_LETTERS = 12  # "Опубликовано": a label's letters, in two words at most; a sentence around a date has more


def _dates_and_labels(line: str) -> bool:
    from .fields.datetext import VISIBLE, is_month  # noqa: PLC0415 (with the date parser: not in the crawl's process)

    matches = [m for m in VISIBLE.finditer(line) if is_month(m)]
    if not matches:
        return False
    rest = line
    for m in reversed(matches):
        rest = rest[:m.start()] + " " + rest[m.end():]
    words = [w for w in rest.split() if any(ch.isalpha() for ch in w)]
    return len(words) <= 2 and sum(ch.isalpha() for ch in rest) <= _DATE_LABEL_LETTERS


def _parse_date(text: str):
    # Imported on first use: the crawl's process imports the cleaner registry (for the cleaner plan) but
    # never cleans; importing the date parser there loaded trafilatura and htmldate with it (7.5 MB).
    from .fields.dates import parse_date

    return parse_date(text)


def without_byline_lines(paragraphs: list[str], names: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed): among the first paragraphs, a short line that is the byline of the page's author, in
    whatever form ("By Jane Doe, Senior Reporter", "Von Jane Doe | 3. Mai 2024", "Por Jane Doe / EFE", "Text:
    Jane Doe"): the author's full name and a few words besides it (a label, a role, a date, an agency); among
    the last ones, the same line as the story's signature ("Story by Jane Doe", "— Jane Doe", "Autorin: Jane Doe")."""
    keys = full_name_keys(names)
    if not keys:
        return paragraphs, []
    ends = paragraphs[:_FIRST] + paragraphs[max(_FIRST, len(paragraphs) - _LAST):]
    removed = [p for p in ends if _byline_of(p, keys)]
    if len(removed) == len(paragraphs):
        return paragraphs, []  # nothing but the name: not ours to judge
    return [p for p in paragraphs if p not in removed], removed


def full_name_keys(names: list[str]) -> list[str]:
    """The authors' full names, whitespace collapsed and case folded: what a line is searched for. Two words or
    more; or, in a script without case, one word of two letters or more (王小明, 홍길동), written without spaces."""
    return [folded(n) for n in names if len(n.split()) >= 2 or _unspaced(n)]


def _unspaced(name: str) -> bool:
    return len(name) >= 2 and all(map(caseless, name))


def _byline_of(para: str, keys: list[str]) -> bool:
    line = folded(para)
    if len(line) > _MAX_BYLINE or not any(k in line for k in keys):
        return False
    if any(_unspaced(k) and k in line for k in keys):
        # a sentence in such a script is one or two "words": what is left must be a label ("记者", "文", "기자")
        left = EMAIL.sub(" ", line)
        for key in keys:
            left = left.replace(key, " ")
        return len(_LETTERS.sub("", left)) <= _LABEL_LETTERS
    for key in keys:
        line = line.replace(key, " ")
    rest = _WORD.findall(line)
    return len(rest) <= _BYLINE_WORDS and (len(rest) <= 2 or not para.rstrip().endswith((".", "!", "?")))


_LETTERS = re.compile(r"[\W\d_]+")
_LABEL_LETTERS = 4  # "记者", "撰文", "기자", "특파원"


_FIRST = 3  # paragraphs at the start of the body
_LAST = 3  # and at its end
_MAX_BYLINE = 150  # characters
_BYLINE_WORDS = 6  # words besides the names: "Senior Reporter", "3. Mai 2024, 10:15", "Posted by … on"
_WORD = re.compile(r"\w+")
