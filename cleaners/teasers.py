""""Read also" lines: a paragraph that is one link to another story ("Lea más: <a>Headline</a>"), and
cards: one link wrapping another story's headline and excerpt as blocks (<a><div><p>…</p></div></a>), or a
picture link and a headline link to the same story with the excerpt beside them, set in the running text.

Judged by shape, in any language: a short block whose text is mostly one link with a headline's
length, and at most a short label beside it. Lists of short links (places, names, sources) are
not teasers: their links are many and short. A story's own paragraphs are not inside a link.
"""

from __future__ import annotations

from .parse import text_of

NAME = "teasers"
_TAGS = ("p", "h3", "h4", "h5", "h6")
_MAX_CHARS = 250  # a teaser line is a headline and a label
_MIN_LINK_WORDS = 4  # a headline, not "here" or a place name
_LINK_SHARE = 0.6  # of the line's text inside its longest link
_MAX_LABEL = 30  # characters outside the link ("Lea más:", "Czytaj też", ">> … <<")


_CARD_CHARS = 150  # an excerpt, not a headline (headline-only links are the lines above or link lists)
_CARD_MAX_CHARS = 1200  # longer, or more paragraphs, is story text an unclosed <a> swallowed, not a card
_CARD_MAX_PARAGRAPHS = 3


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in teaser_lines(ctx.tree) + teaser_cards(ctx.tree) + teaser_pairs(ctx.tree))


_PAIR_CLIMB = 5  # levels above a picture link where its headline link may sit
_PAIR_MAX_CHARS = 600  # a headline, a kicker, an excerpt and a label; more is story text
_PAIR_MAX_PARAGRAPHS = 3


def teaser_pairs(tree) -> list:
    """Cards built of a picture link and a headline link to the same other page (the excerpt beside them,
    not inside a link): the smallest block holding both, with the wrappers around it that add no more
    than a label ("Read more", "Related story"), when it sits in running text (_among_prose)."""
    pictures = tree.xpath("//img/ancestor::a[@href][1] | //picture/ancestor::a[@href][1]")
    if not pictures:
        return []
    targets = {_target(a) for a in pictures} - {""}
    headlines: dict = {}  # target -> the links to it with a headline's words
    for a in tree.iter("a"):
        target = _target(a)
        if target in targets and len(text_of(a).split()) >= _MIN_LINK_WORDS:
            headlines.setdefault(target, []).append(a)
    found = []
    for picture in pictures:
        others = [a for a in headlines.get(_target(picture), ()) if a is not picture]
        if not others:
            continue
        levels = list(picture.iterancestors())[:_PAIR_CLIMB]
        depth = {node: k for k, node in enumerate(levels)}
        shared = [next((depth[n] for n in a.iterancestors() if n in depth), None) for a in others]
        shared = [k for k in shared if k is not None]
        if not shared:
            continue
        node = levels[min(shared)]
        if node.tag in ("body", "html") or len(text_of(node)) > _PAIR_MAX_CHARS:
            continue
        card = _with_label(node)
        if len(node.findall(".//p")) <= _PAIR_MAX_PARAGRAPHS and _among_prose(card):
            found.append(card)
    return found


_PROSE = 150  # characters of a story paragraph
_NEAR = 3  # element siblings looked at on each side


def _among_prose(card) -> bool:
    """The card sits in running text: a story paragraph is among its nearest siblings (or its parent's).
    A card among other cards (a product slider, a sidebar list) is not taken: trafilatura leaves those out
    or picks its block by them."""
    node = card
    for _ in range(2):
        for direction in (False, True):
            for k, sibling in enumerate(node.itersiblings(preceding=direction)):
                if k >= _NEAR:
                    break
                if isinstance(sibling.tag, str) and sibling.tag == "p" and len(text_of(sibling)) >= _PROSE:
                    return True
        node = node.getparent()
        if node is None:
            return False
    return False


def _target(a) -> str:
    """The page a link leads to (without its #fragment), or "" for a link that stays on this page."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return ""
    return href.split("#", 1)[0]


def _with_label(card):
    """The card with the wrappers around it that add at most a label's length of text."""
    size = len(text_of(card))
    for _ in range(_PAIR_CLIMB):
        parent = card.getparent()
        if parent is None or parent.tag in ("body", "html") or len(text_of(parent)) - size > _MAX_LABEL:
            break
        card = parent
    return card


def teaser_cards(tree) -> list:
    """Links that hold paragraphs of text: a card leading to another story."""
    return [a for a in tree.xpath("//a[@href][.//p]")
            if _links_away([a]) and _CARD_CHARS <= len(text_of(a)) <= _CARD_MAX_CHARS
            and len(a.findall(".//p")) <= _CARD_MAX_PARAGRAPHS]


def teaser_lines(tree) -> list:
    found = []
    for el in tree.iter(_TAGS):
        links = el.findall(".//a")
        if not links or len(links) > 2:
            continue
        text = text_of(el)
        if not text or len(text) > _MAX_CHARS:
            continue
        longest = max((text_of(a) for a in links), key=len)
        if (len(longest.split()) >= _MIN_LINK_WORDS and len(longest) >= _LINK_SHARE * len(text)
                and len(text) - len(longest) <= _MAX_LABEL and _links_away(links)):
            found.append(el)
    return found


def _links_away(links) -> bool:
    """The links lead to another page (not an anchor on this one, not a script or mail)."""
    for a in links:
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return True
    return False
