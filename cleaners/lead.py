"""The standfirst (lead) that trafilatura often drops: the page's description, when shown on the page."""

from __future__ import annotations

import re
from functools import lru_cache

from .parse import next_element, text_of, word_grams

_MIN_LEAD = 40  # shorter descriptions are taglines, not leads


def visible_lead(tree, description: str | None) -> str | None:
    """The on-page text of the description, if an element in <body> shows it (read before cleaning)."""
    if not description or len(description) < _MIN_LEAD:
        return None
    desc = " ".join(description.split()).rstrip("…. ")
    prefix = desc[:40]
    body = tree.find("body")
    if body is None:
        return None
    # Start from the text nodes that contain the description's first long word (cheap, in C), and
    # look at their element and a few ancestors: an element-by-element scan is many times slower.
    word = next((w for w in desc.split() if len(w) >= 4), desc.split()[0])
    limit = int(len(desc) * 1.3 + 20)
    found = None
    texts: dict = {}  # candidate -> _text_up_to: the text nodes of one block share their ancestors

    def text_up_to(el) -> str:
        if el not in texts:
            texts[el] = _text_up_to(el, limit)
        return texts[el]

    for node in body.xpath(".//text()[contains(., $w)]", w=word):
        el = node.getparent()
        if node.is_text and el.tag in _LEFT_OPEN and not _in_teaser(el):
            own = " ".join(node.split())
            if own.startswith(prefix) and len(desc) <= 1.25 * len(own) and len(own) <= limit \
                    and len(text_up_to(el)) > limit:
                # the description as the opening text of an element that a missing end tag made hold
                # the story too (an unclosed <h2 class=excerpt>): its own text, not the whole element's
                found = own
                continue
        for candidate in (el, *list(el.iterancestors())[:3]):
            if candidate.tag in ("script", "style", "noscript") or not isinstance(candidate.tag, str):
                break
            text = text_up_to(candidate)
            if text.startswith(prefix):
                if len(text) <= limit and not _in_teaser(candidate):
                    found = _with_dateline(candidate, text, limit) or _continued(candidate, text, desc)
                    # the last match in page order wins
                break
    return found


# "Berlin. ", "NEW YORK – ", "Kiel/Hamburg. ": a place the lead's paragraph opens with, before the words
# the description repeats
_DATELINE = re.compile(r"^[A-ZÀ-Þ][\w./ -]{1,30}?(?:\.|\s[–—-])\s")


def _with_dateline(el, own: str, limit: int) -> str | None:
    """The text of el's parent when it is el's text (`own`) after a dateline (the lead's paragraph, its
    words in a <span> the description matched)."""
    parent = el.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return None
    text = _text_up_to(parent, limit + 40)
    match = _DATELINE.match(text)
    return text if match and text[match.end():] == own and len(text) <= limit + 40 else None


_LEFT_OPEN = frozenset(("p", "h2", "h3", "h4", "h5", "h6"))  # elements that hold no blocks unless left unclosed
_MAX_LEAD_PARTS = 6


def _continued(el, text: str, desc: str) -> str:
    """`text` with the text of the elements after `el` that carry on the description: a lead set as two or
    three paragraphs of the same kind (same tag, same class) shows the description in parts."""
    parts, sibling = [text], el.getnext()
    while sibling is not None and len(parts) < _MAX_LEAD_PARTS and len(" ".join(parts)) < len(desc):
        if sibling.tag != el.tag or sibling.get("class") != el.get("class"):
            break
        more = text_of(sibling)
        if not more or not desc.startswith(" ".join([*parts, more]).rstrip("…. ")):
            break
        parts.append(more)
        sibling = sibling.getnext()
    return " ".join(parts)


# Class names newsrooms give the standfirst: the summary under the headline that trafilatura often
# drops. Whole name parts only ("article-header__lead", "excerpt"), never "leader" or "introduce".
# Searched on the whole class string, whitespace ending a part as a token's end does: one search, not one per token.
_STANDFIRST = re.compile(
    r"(?:^|[-_\s])(?:lead|lede|standfirst|excerpt|intro|summary|deck|dek|hook|sapo|chapo|chapeau|vorspann|entradilla"
    r"|subtitle|sub-?headline|teaser-?text)(?:$|[-_\s])")
_STANDFIRST_TAGS = frozenset(("p", "div", "h2", "span", "section"))
_MAX_LEAD = 600


def standfirst(tree, attributed, story, headline: str | None = None) -> str | None:
    """The element named like a standfirst between the headline (<h1>) and the story's first
    paragraph, holding one or two sentences of prose and no links.

    `attributed`: (element, "class id role aria-label") pairs in page order (CleanContext.attributed());
    `story`: the block holding the story's paragraphs (CleanContext.anchor()).
    """
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return None
    candidates = [el for el, _ in attributed if el.tag in _STANDFIRST_TAGS and _names_standfirst(el.get("class") or "")]
    candidates += _after_headline(h1, headline)
    if not candidates:
        return None
    first_paragraph = story.find(".//p") if story is not None and story.tag != "p" else story
    between = _between(tree, h1, first_paragraph)
    for el in candidates:
        if el not in between:
            continue
        if el.find(".//a") is not None or len(el.findall(".//p")) > 1:
            continue
        text = text_of(el)
        if _MIN_LEAD <= len(text) <= _MAX_LEAD and text != headline and not _in_teaser(el):
            return text
    return None


# A site's class strings recur on every page: each is judged once.
@lru_cache(maxsize=1 << 14)
def _names_standfirst(cls: str) -> bool:
    return _STANDFIRST.search(cls.lower()) is not None


def _between(tree, first, end) -> set:
    """The nodes after `first` and before `end` in document order (all after it when `end` is None or
    not in the tree): the walk stops at `end`."""
    inside, seen = set(), False
    for node in tree.iter():
        if node is end:
            break
        if seen:
            inside.add(node)
        elif node is first:
            seen = True
    return inside


def _after_headline(h1, headline: str | None = None) -> list:
    """The subtitle right under the <h1>: an <h2> or a <p> in a headline group (<hgroup>/<header>), or in
    any block under an <h1> that shows the article's title (not a site name over its tagline)."""
    parent = h1.getparent()
    following = next_element(h1) if parent is not None else None
    if following is None or following.tag not in ("h2", "p"):
        return []
    if parent.tag in ("hgroup", "header"):
        return [following]
    if headline and " ".join(text_of(h1).split()) == " ".join(headline.split()):
        return [following]
    return []


def _text_up_to(el, limit: int) -> str:
    """text_of(el), read only until it is known to be longer than `limit` (then a longer prefix of it).

    The ancestors looked at can be the page's main blocks: their whole text is not needed.
    """
    parts, size = [], 0
    for chunk in el.itertext():
        parts.append(chunk)
        size += len(chunk)
        if size > 2 * limit + 100 and len(" ".join("".join(parts).split())) > limit:
            break
    return " ".join("".join(parts).split())


def _in_teaser(el) -> bool:
    return any(a.tag in ("a", "nav", "footer", "aside") for a in [el, *el.iterancestors()])


def with_lead(paragraphs: list[str], lead: str | None) -> list[str]:
    """Put the lead first unless the body's opening already carries most of it."""
    if not lead:
        return paragraphs
    lead_grams = word_grams(lead)
    opening = word_grams(" ".join(paragraphs[:8]))
    if lead_grams and len(lead_grams & opening) >= 0.6 * len(lead_grams):
        return paragraphs
    # A part of a lead set as several paragraphs may open the body already: the whole lead replaces it.
    start = 0
    while start < min(3, len(paragraphs)) and len(paragraphs[start]) >= _MIN_PART and paragraphs[start] in lead:
        start += 1
    return [lead, *paragraphs[start:]]


_MIN_PART = 20

