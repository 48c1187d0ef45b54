"""The standfirst (lead) that trafilatura often drops: the page's description, when shown on the page."""

from __future__ import annotations

from .parse import word_grams

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
    # look at their element and a few ancestors: an element-by-element scan costs ~6 ms a page.
    word = next((w for w in desc.split() if len(w) >= 4), desc.split()[0])
    limit = int(len(desc) * 1.3 + 20)
    found = None
    for node in body.xpath(".//text()[contains(., $w)]", w=word):
        el = node.getparent()
        for candidate in (el, *list(el.iterancestors())[:3]):
            if candidate.tag in ("script", "style", "noscript") or not isinstance(candidate.tag, str):
                break
            text = _text_up_to(candidate, limit)
            if text.startswith(prefix):
                if len(text) <= limit and not _in_teaser(candidate):
                    found = text  # the last match in page order wins, as the deepest one did before
                break
    return found


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
    return [lead, *paragraphs]

