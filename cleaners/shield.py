"""Keep trafilatura's name-based pruning off the story's own containers.

trafilatura deletes elements whose class or id reads like boilerplate ("sidebar", "footer", "comments",
"teaser", "hidden", "banner", "share"...). The story's wrappers carry such names often enough: layout
classes ("content-sidebar-wrap", "has-sidebar"), page-builder widgets ("elementor-widget"), CMS
components. Its only guard keeps the page from losing nearly all its text (more than 6/7), so a story
beside a long teaser list or a comment thread goes, and another text takes its place.

The story's block (CleanContext.anchor: the most paragraph text) and its ancestors hold the story by
what they contain, which outweighs what they are called. Here they lose only the names trafilatura
would delete them for, before trafilatura runs again; the other names (its positive "entry-content"
and the like) stay. A class name the story wears is no boilerplate name on that page: it comes off every
element that has it (a page builder's text widgets all share the story's "elementor-widget"; unnamed on
the story alone, the others would be pruned now that the story no longer holds the pruning back).
Each change is recorded for --explain.
"""

from __future__ import annotations

from lxml import etree

from .compat import pruned_by_name
from .context import CleanContext, Removal, describe, link_share

_TESTED = ("class", "id", "style", "role", "aria-hidden", "data-component", "data-lp-replacement-content")
_MIN_STORY = 1000  # characters of paragraph text in the story's block: less may be a footer or a teaser
_MAX_LINKS = 0.3  # a block mostly of links is navigation, whatever it holds


def shield_story(ctx: CleanContext) -> bool:
    """True when some of the story's containers had names taken off."""
    anchor = ctx.anchor()
    if ctx.paragraph_chars < _MIN_STORY or anchor is ctx.tree or link_share(anchor) >= _MAX_LINKS \
            or ctx.text_block() is not None:
        return False
    taken: set[str] = set()
    changed = False
    for el in (anchor, *anchor.iterancestors()):
        attributes = _attributes(el)
        if not attributes or not pruned_by_name(el.tag, attributes):
            continue
        before = describe(el)
        tokens = _unname(el, attributes)
        taken |= tokens
        gone = [f"{name}={value!r}" for name, value in attributes if el.get(name) is None] + sorted(tokens)
        ctx.removals.append(Removal("shield", before, element=el, story_chars=ctx.paragraph_chars,
                                    kept="holds the story: taken off, as trafilatura prunes by them: " + ", ".join(gone)))
        changed = True
    if taken:
        for el in anchor.getroottree().iter(etree.Element):
            cls = el.get("class")
            if cls and not taken.isdisjoint(tokens := cls.split()):
                el.set("class", " ".join(t for t in tokens if t not in taken))
    return changed


def _attributes(el) -> tuple[tuple[str, str], ...]:
    return tuple((name, value) for name in _TESTED if (value := el.get(name)) is not None)


def _unname(el, attributes: tuple[tuple[str, str], ...]) -> set[str]:
    """Take off the class tokens and the attributes the pruning matches on their own; then, if the element
    still matches (a pattern spanning two class tokens), the whole class. The class tokens taken off."""
    taken: set[str] = set()
    for name, value in attributes:
        if name == "class":
            tokens = value.split()
            taken.update(t for t in tokens if pruned_by_name(el.tag, (("class", t),)))
            el.set("class", " ".join(t for t in tokens if t not in taken))
        elif pruned_by_name(el.tag, ((name, value),)):
            del el.attrib[name]
    if pruned_by_name(el.tag, _attributes(el)) and el.get("class") is not None:
        del el.attrib["class"]
    return taken
