"""Image captions trafilatura keeps as body text: a <figcaption> outside a <figure> (whose figures it drops
with their captions), or inside one it did not drop, and the caption a CMS writes as a classed paragraph
beside its picture (`<p class="imageCaption">` after the <img>). They describe a picture, not the story."""

from __future__ import annotations

import re

from .context import Removal
from .parse import folded, text_of
from .sanitize import strip_markup

NAME = "captions"


def without_captions(paragraphs: list[str], tree, ctx, elements: list) -> list[str]:
    """The paragraphs less the image captions trafilatura kept as text (a <figcaption> outside a <figure>,
    or inside one it did not drop), and less a short paragraph that ends with a picture's credit ("…, in
    Pittsburgh. (AP Photo/Jane Doe)", "(Foto: Stadt Nordhausen)"): whatever its markup, a caption. A
    caption element's line that is also one of the page's own paragraphs stays (a caption may repeat the
    story's first sentence), and so do all when captions make up much of the text: a gallery's captions are its
    story. `elements` are caption_elements(tree), read before the cleaners and trafilatura took the
    pictures out of the tree."""
    captions = [folded(text_of(c)) for c in elements]
    captions = [c for c in captions if c]
    credited = [p.endswith(")") and len(p) <= _MAX_CREDITED and bool(_CREDIT_END.search(p))
                or len(p) <= _MAX_NUMBERED and bool(_NUMBERED.match(p)) for p in paragraphs]
    if not captions and not any(credited):
        return paragraphs
    whole = set(captions)
    keys = [folded(strip_markup(p)) for p in paragraphs]
    shown = [bool(captions) and (k in whole or len(k) >= _MIN_CAPTION_PART and any(k in c for c in captions))
             for k in keys]
    hits = [a or b for a, b in zip(shown, credited)]
    if not any(hits):
        return paragraphs
    if sum(len(k) for k, hit in zip(keys, hits) if hit) > _GALLERY_SHARE * sum(len(k) for k in keys):
        return paragraphs
    own = _uncaptioned_texts(tree, set(elements)) if any(shown) else set()
    kept = []
    for paragraph, key, in_caption, credit in zip(paragraphs, keys, shown, credited):
        if key not in own if in_caption else credit:
            ctx.removals.append(Removal(NAME, "line", paragraph[:80]))
        else:
            kept.append(paragraph)
    return kept


# A picture's credit in parentheses closing the paragraph: "(AP Photo/Name)", "(Foto: Stadt Nordhausen)",
# "(Picture by Name)", "(REUTERS/Name)".
_CREDIT_END = re.compile(
    r"\((?:(?:AP|AFP|Reuters|REUTERS|EPA|dpa|Getty Images|Xinhua|Bloomberg|PA|Anadolu|Kyodo|CP)\s+)?"
    r"(?i:photo(?:graph)?|foto(?:grafie)?|bild|image|picture|illustration)s?(?:\s*/\s*|\s*:\s*|\s+(?i:by|von|de|par|di)\s+)"
    r"[^()]{2,100}\)$|\((?:REUTERS|Reuters|AFP|EPA|AP)/[^()]{2,60}\)$")
_MAX_CREDITED = 600  # characters: a caption, not a paragraph of the story that cites a picture
# A numbered figure's caption: "Abbildung 4: …", "Fig. 2. …", "Grafico 1 – …" (a table's stays with its table)
_NUMBERED = re.compile(r"(?i:abbildung|abb\.|figure|fig\.|figura|grafik|grafico|gráfico|graphique|schaubild|"
                       r"diagramm|chart|illustration|bild|foto|photo|image|afbeelding|rysunek|ryc\.)\s*\d{1,3}[a-z]?"
                       r"\s*[:.–—-]\s+\S")
_MAX_NUMBERED = 300


_MIN_CAPTION_PART = 20  # characters: a shorter line found inside a caption may be anything
_GALLERY_SHARE = 0.3  # captions over this share of the text: a gallery, the captions stay


_MAX_CLASSED_CAPTION = 600  # characters: a longer classed block is a wrapper, not a caption
_PICTURES = ("img", "picture", "video")
# a caption's other names, as whole class tokens: Italian "didascalia" ("dida"), German "Bildunterschrift"
_CAPTION_TOKENS = frozenset(("dida", "didascalia", "bildunterschrift"))


def caption_elements(tree) -> list:
    """Every <figcaption>; each <p>/<div>/<span> whose class names a caption ("imageCaption",
    "wp-caption-text") when its parent also holds a picture: the class alone may name a wrapper
    ("captioned-image") or a text style, the picture beside it makes it a caption; and a line that carries
    a picture's credit in a classed element (`<p>… <span class="copyright">Name</span></p>`) next to a
    picture, in a box that holds little more than the two."""
    found = list(tree.iter("figcaption"))
    holders: dict = {}  # lines up to three levels above a credit, in the order met
    for el in tree.iter(_CREDIT_TAGS):
        classes = el.get("class")
        if not classes:
            continue
        classes = classes.lower()
        if _credit_named(classes):
            for depth, a in enumerate(el.iterancestors()):
                if depth >= _CREDIT_DEPTH:
                    break
                if a.tag in _LINE_TAGS:
                    holders[a] = None
        if el.tag in _LINE_TAGS and ("caption" in classes or _CAPTION_TOKENS.intersection(classes.split())) \
                and not any(t.startswith("captioned") for t in classes.split()):
            parent = el.getparent()
            if parent is not None and _caption_sized(el) and _holds_picture(parent):
                found.append(el)
    seen = set(found)
    for el in holders:
        if el not in seen and el.getparent() is not None and _caption_sized(el) \
                and _beside_picture(el, len(text_of(el))):
            found.append(el)
    return found


_LINE_TAGS = ("p", "div", "span")
_CREDIT_TAGS = (*_LINE_TAGS, "small", "em", "i", "cite", "strong", "b", "figure", "section")  # what a credit is set in


def _caption_sized(el) -> bool:
    """No paragraph and no picture inside, and a caption's length."""
    return el.find(".//p") is None and el.find(".//img") is None and len(text_of(el)) <= _MAX_CLASSED_CAPTION


# a class token naming a picture's credit: "copyright", "credit", "image-credit", "typo-fotocredit"
_CREDIT_CLASS = re.compile(r"(?:^|[-_])(?:[a-z]*credits?|copyright|bildnachweis)(?:$|[-_])")
_BOX_EXTRA = 200  # characters in the picture's box besides the caption: more is a section holding a picture
_CREDIT_DEPTH = 3  # levels between the credit and the line that holds it


def _credit_named(classes: str) -> bool:
    return ("credit" in classes or "copyright" in classes or "bildnachweis" in classes) and any(
        _CREDIT_CLASS.search(t) for t in classes.split())


def _holds_picture(el) -> bool:
    return any(el.find(".//" + t) is not None for t in _PICTURES)


def _beside_picture(el, chars: int) -> bool:
    """Its parent or grandparent holds a picture and not much text besides the caption's."""
    box = el.getparent()
    for _ in range(2):
        if box is None:
            return False
        if _holds_picture(box):
            return len(text_of(box)) <= chars + _BOX_EXTRA
        box = box.getparent()
    return False


def _uncaptioned_texts(tree, captions: set) -> set[str]:
    """Folded texts of the page's paragraphs, list items and headings that are no caption and lie in none."""
    found = set()
    for el in tree.iter("p", "li", "h2", "h3", "h4", "blockquote"):
        if el not in captions and not any(a.tag == "figcaption" or a in captions for a in el.iterancestors()):
            found.add(folded(text_of(el)))
    return found
