"""Image captions trafilatura keeps as body text: a <figcaption> outside a <figure> (whose figures it drops
with their captions), or inside one it did not drop. They describe a picture, not the story."""

from __future__ import annotations

from .context import Removal
from .parse import folded, text_of
from .sanitize import strip_markup

NAME = "captions"


def without_captions(paragraphs: list[str], tree, ctx) -> list[str]:
    """The paragraphs less the image captions trafilatura kept as text (a <figcaption> outside a <figure>,
    or inside one it did not drop). A caption line that is also one of the page's own paragraphs stays
    (a caption may repeat the story's first sentence), and so do all when captions make up much of the
    text: a gallery's captions are its story."""
    captions = [folded(text_of(c)) for c in tree.iter("figcaption")]
    captions = [c for c in captions if c]
    if not captions:
        return paragraphs
    whole = set(captions)
    keys = [folded(strip_markup(p)) for p in paragraphs]
    hits = [k in whole or len(k) >= _MIN_CAPTION_PART and any(k in c for c in captions) for k in keys]
    if not any(hits):
        return paragraphs
    if sum(len(k) for k, hit in zip(keys, hits) if hit) > _GALLERY_SHARE * sum(len(k) for k in keys):
        return paragraphs
    own = _uncaptioned_texts(tree)
    kept = []
    for paragraph, key, hit in zip(paragraphs, keys, hits):
        if hit and key not in own:
            ctx.removals.append(Removal(NAME, "line", paragraph[:80]))
        else:
            kept.append(paragraph)
    return kept


_MIN_CAPTION_PART = 20  # characters: a shorter line found inside a caption may be anything
_GALLERY_SHARE = 0.3  # captions over this share of the text: a gallery, the captions stay


def _uncaptioned_texts(tree) -> set[str]:
    """Folded texts of the page's paragraphs, list items and headings outside any <figcaption>."""
    found = set()
    for el in tree.iter("p", "li", "h2", "h3", "h4", "blockquote"):
        if not any(a.tag == "figcaption" for a in el.iterancestors()):
            found.add(folded(text_of(el)))
    return found
