"""Tables of contents: a list whose links all jump to anchors on the same page.

Judged by shape: three or more links, all to "#…" fragments, making up most of the block's text.
The headings they point to stay where they are in the story.
"""

from .parse import text_of

NAME = "toc"
_MIN_LINKS = 3
_LINK_SHARE = 0.8


def clean(ctx) -> int:
    return sum(ctx.remove(_with_title(ctx, lst), NAME) for lst in tables_of_contents(ctx.tree))


def tables_of_contents(tree) -> list:
    found = []
    for lst in tree.iter("ul", "ol"):
        if any(a in found for a in lst.iterancestors()):
            continue  # a nested list belongs to the outer one (a story set in a list item is no such list)
        links = lst.findall(".//a")
        if len(links) < _MIN_LINKS or not all((a.get("href") or "").startswith("#") and len(a.get("href")) > 1
                                              for a in links):
            continue
        text = text_of(lst)
        link_text = sum(len(text_of(a)) for a in links)
        if text and link_text >= _LINK_SHARE * len(text):
            found.append(lst)
    return found


def _with_title(ctx, lst):
    """The list's box when the box holds nothing else but a short title ("Contents", "Inhaltsverzeichnis"),
    up to _BOX_LEVELS up: plugins put the title in a box of its own beside the list's <nav>."""
    listed = len(text_of(lst))
    box = lst
    for _ in range(_BOX_LEVELS):
        parent = box.getparent()
        if parent is None or parent.tag not in ("div", "nav", "section", "aside"):
            break
        if len(text_of(parent)) - listed > _TITLE_CHARS:
            break
        box = parent
    return box


_BOX_LEVELS = 2
_TITLE_CHARS = 40
