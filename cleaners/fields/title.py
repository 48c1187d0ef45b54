"""The on-page headline, without the site name."""

from __future__ import annotations

import re

from ..parse import text_of
from .jsonld import article_objects
from .meta import as_text, meta_value

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")


def extract_title(tree, jsonld: list[dict], site_name: str | None) -> str | None:
    headline, social = as_text(_headline(jsonld)), meta_value(tree, "og:title", "twitter:title")
    declared = [t for t in (headline, social, _document_title(tree)) if t]
    h1 = _matching_h1(tree, declared)
    agreed = _agreed_headline(headline, social, site_name)
    if agreed and (h1 is None or not _agrees(h1, [headline, social])):
        # The article's structured data and its share card name one headline, and the h1 is not it
        # (it matched only the <title>, or nothing): a display variant of the page, not the headline.
        return agreed
    if h1:
        return h1
    for candidate in declared:
        stripped = strip_site_name(candidate, site_name)
        if stripped:
            return stripped
    h1s = _h1_texts(tree)
    return h1s[0] if h1s else None


def _headline(jsonld):
    for obj in article_objects(jsonld):
        if obj.get("headline"):
            return obj["headline"]
    return None


def _document_title(tree) -> str | None:
    el = tree.find(".//title")
    return text_of(el) if el is not None else None


_KICKER = re.compile(r"overline|kicker|dachzeile|topline|eyebrow|supertitle|spitzmarke|antetitulo|surtitre|occhiello", re.I)


def _h1_texts(tree) -> list[str]:
    """Each h1's full text, then its text without the kicker when that differs."""
    texts = []
    for h in tree.iter("h1"):
        for text in dict.fromkeys((text_of(h), headline_text(h))):
            if 3 <= len(text) <= 400:
                texts.append(text)
    return texts


def headline_text(h1) -> str:
    """The h1's text without its kicker ("Minderheit in Syrien - …") or hidden separators."""
    parts = [h1.text or ""]
    for child in h1:
        if isinstance(child.tag, str) and not _is_kicker(child):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _is_kicker(el) -> bool:
    return bool(_KICKER.search(el.get("class", ""))) or el.get("aria-hidden") == "true"


def _matching_h1(tree, declared: list[str]) -> str | None:
    """An h1 that the page's declared titles agree with is the on-page headline."""
    lowered = [d.lower() for d in declared]
    texts = _h1_texts(tree)
    for text in texts:  # exact agreement first: keeps a kicker the page itself puts in its title
        if text.lower() in lowered:
            return text
    for text in texts:
        if _agrees(text, declared):
            return text
    return None


def _agrees(text: str, declared: list[str | None]) -> bool:
    """The same title, or one holding the other (a kicker or a site name around it)."""
    low = text.lower()
    return any(d and ((low == d.lower()) or (len(low) > 15 and low in d.lower()) or (len(d) > 15 and d.lower() in low))
               for d in declared)


def _agreed_headline(headline: str | None, social: str | None, site_name: str | None) -> str | None:
    """The JSON-LD headline when og:title (or twitter:title) says the same, site name aside."""
    if not headline or not social:
        return None
    # Only a segment that is the site's name goes: a headline's own "… – ”kritiskt”" is no site name.
    a, b = strip_site_name(headline, site_name, guess=False), strip_site_name(social, site_name, guess=False)
    return a if a and " ".join(a.lower().split()) == " ".join(b.lower().split()) else None


def strip_site_name(title: str, site_name: str | None, guess: bool = True) -> str:
    """The title without a segment naming the site; with `guess`, also without a short trailing segment
    when no segment is the site's name ("… - World Today News")."""
    parts = _SEPARATORS.split(title)
    if len(parts) == 1:
        return title.strip()
    if site_name:
        site = site_name.lower()
        kept = [p for p in parts if p.strip().lower() != site]
        if len(kept) < len(parts):
            return " - ".join(kept).strip() if len(kept) > 1 else kept[0].strip()
    # Without a known site name, drop a short trailing segment ("… - World Today News").
    if guess and len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1])) > len(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»").strip()
    return title.strip()
