"""Is the article behind a paywall or a registration wall? Read from what the page says, never worked around.

Evidence, strongest first: schema.org isAccessibleForFree (JSON-LD, its hasPart sections, microdata) as
publishers declare it for search engines; an element named for a wall (class/id tokens such as paywall,
regwall, subscriber-only, metered-content) that shows a wall's message; such a name beside a body cut short
against the word count the page declares. Empty or hidden wall containers alone are recorded as evidence but
flag nothing: free articles of metered sites carry them too. A declared isAccessibleForFree=true wins.
"""

from __future__ import annotations

import re

from .jsonld import article_objects

# Tokens of class/id names that mean a wall, not a subscription offer in a side box ('premium' alone is
# also a product name, 'subscribe' a newsletter button): matched on whole tokens or their parts.
_WALL = re.compile(r"(?:^|[-_])(?:pay-?wall(?:ed)?|reg-?wall|registration-?wall|subscriber-?only|subscribers-?only|"
                   r"premium-?(?:content|wall|lock|teaser)|metered-?(?:content|wall)|piano-?(?:wall|offer)|"
                   r"plus-?paywall|article-?locked|locked-?content|content-?locked|hard-?wall|login-?wall)(?:$|[-_])",
                   re.I)
# Tokens that style or decorate around a wall, or name cards of other articles: no evidence of one here.
_DECORATION = re.compile(r"success|logo|icon|loader|thumbnail|taboola|card|label|padlock|header|stylemodifier|"
                         r"log(?:g)?edin|user|gradient|counter|below|gam/", re.I)
_MIN_WALL_TEXT = 30  # characters: a wall that shows says something ("Subscribe to continue reading")
_MAX_WALL_TEXT = 1500  # more is the story the wall's container wraps
_HIDDEN = re.compile(r"(?:^|\s)(?:hide|hidden|is-hidden|d-none|invisible)(?:\s|$)")
_REGISTRATION = re.compile(r"reg-?wall|registration|login-?wall", re.I)
_PARTS = re.compile("wall|subscriber|premium|metered|locked|piano")  # every _WALL alternative holds one
_CUT_SHORT = 0.5  # a body under half the declared word count was cut off by the wall


def wall_markers(attributed) -> list[str]:
    """The wall-named class/id tokens on the page, read before the cleaners take boxes out; a token is
    starred ('*paywall') when its element shows text, the wall itself rather than its empty container."""
    found: list[str] = []
    named = [(el, attrs) for el, attrs in attributed if _PARTS.search(attrs)]  # most pages name no wall
    for el, attrs in named:  # the cleaners' one scan of class/id/role names (CleanContext.attributed)
        for token in attrs.split():
            token = token.lower()
            if not _WALL.search(token) or _DECORATION.search(token) or token in found or "*" + token in found:
                continue
            shows = _shows_wall(el)
            found.append("*" + token if shows else token)
        if len(found) >= 5:
            break
    return found


def _shows_wall(el) -> bool:
    """A wall's own message: some text, but not the article it wraps ("metered-content" around the story),
    and not a template the page hides until a script shows it."""
    for node in (el, *list(el.iterancestors())[:8]):  # a template's parts are hidden with it
        if _HIDDEN.search((node.get("class") or "").lower()) or node.get("hidden") is not None \
                or "display:none" in (node.get("style") or "").replace(" ", ""):
            return False
    chars = 0
    for text in el.itertext():  # counted up to the limit: a wall name on <body> must not cost the page's text
        chars += len(text.strip())
        if chars > _MAX_WALL_TEXT:
            return False
    return chars >= _MIN_WALL_TEXT


def judge_access(tree, jsonld: list[dict], markers: list[str], word_count: int) -> tuple[str | None, bool, str | None]:
    """(access: 'free'/'subscription'/'registration'/None, is_paywalled, evidence text or None)."""
    declared = _declared_free(tree, jsonld)
    evidence: list[str] = []
    if declared is not None:
        evidence.append(f"isAccessibleForFree={'true' if declared else 'false'}")
    declared_words = _declared_word_count(jsonld)
    short = bool(declared_words and word_count < _CUT_SHORT * declared_words and declared_words >= 150)
    if short:
        evidence.append(f"body {word_count} of {declared_words} declared words")
    if markers:
        evidence.append("class:" + ",".join(markers[:3]))
    registration = any(_REGISTRATION.search(m) for m in markers)
    if declared is True:
        return "free", False, "; ".join(evidence)
    # Undeclared: a wall that shows text, or a wall's name beside a body cut short. An empty container
    # alone is what free articles of metered sites carry too.
    shown = any(m.startswith("*") for m in markers)
    if declared is False or shown or (markers and short):
        return ("registration" if registration else "subscription"), True, "; ".join(evidence)
    return None, False, "; ".join(evidence) or None


def _declared_free(tree, jsonld: list[dict]) -> bool | None:
    """isAccessibleForFree of the article (JSON-LD, a hasPart section saying false, or microdata)."""
    for obj in article_objects(jsonld):
        value = _boolean(obj.get("isAccessibleForFree"))
        parts = obj.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and _boolean(part.get("isAccessibleForFree")) is False:
                return False  # a section behind the wall makes the article paywalled
        if value is not None:
            return value
    for el in tree.xpath('//@itemprop[.="isAccessibleForFree"]/..'):  # the attribute asked for, not every element
        value = _boolean(el.get("content") or el.get("value") or el.text_content())
        if value is not None:
            return value
    return None


def _boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower().rsplit("/", 1)[-1]  # "https://schema.org/False"
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
    return None


# ASCII digits only: str.isdigit() is true for "²", which int() refuses; and a bounded count of them
_DIGITS = re.compile(r"[0-9]{1,9}")


def _declared_word_count(jsonld: list[dict]) -> int | None:
    for obj in article_objects(jsonld):
        value = obj.get("wordCount") or obj.get("wordcount")
        if isinstance(value, int) and value > 0:
            return value
        if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
            return int(value.strip())
    return None
