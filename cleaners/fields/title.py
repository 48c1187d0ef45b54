"""The on-page headline, without the site name."""

from __future__ import annotations

import re

from ..parse import text_of
from .jsonld import article_objects
from .meta import as_text, meta_value

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")


def extract_title(tree, jsonld: list[dict], site_name: str | None) -> str | None:
    declared = [t for t in (
        as_text(_headline(jsonld)),
        meta_value(tree, "og:title", "twitter:title"),
        _document_title(tree),
    ) if t]
    h1 = _matching_h1(tree, declared)
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
        low = text.lower()
        if any((len(low) > 15 and low in d) or (len(d) > 15 and d in low) for d in lowered):
            return text
    return None


def strip_site_name(title: str, site_name: str | None) -> str:
    parts = _SEPARATORS.split(title)
    if len(parts) == 1:
        return title.strip()
    if site_name:
        site = site_name.lower()
        kept = [p for p in parts if p.strip().lower() != site]
        if len(kept) < len(parts):
            return " - ".join(kept).strip() if len(kept) > 1 else kept[0].strip()
    # Without a known site name, drop a short trailing segment ("… - World Today News").
    if len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1])) > len(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»").strip()
    return title.strip()
