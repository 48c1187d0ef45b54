""""Read also" lines: a paragraph that is one link to another story ("Lea más: <a>Headline</a>"), and
cards: one link wrapping another story's headline and excerpt as blocks (<a><div><p>…</p></div></a>).

Judged by shape, in any language: a short block whose text is mostly one link with a headline's
length, and at most a short label beside it, or one led by a pointer sign (">>", "►") with a link; and
lists whose every item is such a link to another story of the site; and, after the story, blocks of
three or more headings that are each such a link with at most a short excerpt under it. Lists of short
links (places, names, sources) are not teasers: their links are many and short. A story's own
paragraphs are not inside a link.
"""

from __future__ import annotations

import re
from itertools import islice

from .fields.meta import page_host, url_host
from .parse import text_of

NAME = "teasers"
_TAGS = ("p", "h3", "h4", "h5", "h6")
_MAX_CHARS = 250  # a teaser line is a headline and a label
_MIN_LINK_WORDS = 4  # a headline, not "here" or a place name
_LINK_SHARE = 0.6  # of the line's text inside its longest link
_MAX_LABEL = 30  # characters outside the link ("Lea más:", "Czytaj też", ">> … <<")


_POINTER = re.compile(r"\s*(?:>{2,}|[►▶➤👉])")  # ">> Also read our guide": a line marked as a pointer elsewhere

_CARD_CHARS = 150  # an excerpt, not a headline (headline-only links are the lines above or link lists)
_CARD_MAX_CHARS = 1200  # longer, or more paragraphs, is story text an unclosed <a> swallowed, not a card
_CARD_MAX_PARAGRAPHS = 3


def clean(ctx) -> int:
    found = teaser_lines(ctx.tree) + teaser_cards(ctx.tree) + teaser_lists(ctx.tree) + _after_story(ctx)
    return sum(ctx.remove(el, NAME) for el in found)


def _after_story(ctx) -> list:
    """Rivers of cards after the story's last paragraph and shorter than its text: before it, beside it or
    longer, cards may be what the page is (a digest, a blog's list of posts)."""
    rivers = teaser_rivers(ctx.tree)
    paragraphs = list(ctx.anchor().iter("p")) if rivers else []
    if not paragraphs:
        return []
    after = set(paragraphs[-1].xpath("following::*"))  # its following siblings and everything after them
    return [r for r in rivers if r in after and len(text_of(r)) < ctx.paragraph_chars]


_LIST_MIN_ITEMS = 3
_STORY_PATH = re.compile(r"/[^/?#]*(?:\w+-){3}\w+|\d{6,}")  # a story's slug or id: "/versteckte-drohnen-in-…"
_LIST_MAX_ITEM = 200  # characters: an item is a headline and a label


def teaser_lists(tree) -> list:
    """Lists whose every item is one headline-length link to another page, with at most a short label
    ("<li><strong>Hackerangriffe:</strong> <a>Mit diesen Tricks werden User getäuscht</a></li>"): other
    stories, set between the story's paragraphs."""
    found, host = [], None
    for ul in tree.iter("ul", "ol"):
        items = [li for li in ul if isinstance(li.tag, str)]
        if len(items) < _LIST_MIN_ITEMS or any(li.tag != "li" for li in items):
            continue
        if host is None:
            host = page_host(tree).removeprefix("www.")
        if all(_headline_link_item(li, host) for li in items):
            found.append(ul)
    return found


def _headline_link_item(li, host: str) -> bool:
    """One link to another page of this site, headline-long, with at most a short label. Links to other
    sites (a deals post's shop links, a blog's link roundup) are that post's content."""
    links = li.findall(".//a")
    if len(links) != 1 or not _story_link(links[0], host):
        return False
    text, link = text_of(li), text_of(links[0])
    return (len(text) <= _LIST_MAX_ITEM and _words(link) >= _MIN_LINK_WORDS
            and len(text) - len(link) <= _MAX_LABEL)


def _story_link(a, host: str) -> bool:
    """A link to another story of this site: its address a story's slug or id, on this host."""
    if not _links_away([a]):
        return False
    href = (a.get("href") or "").strip()
    if href.startswith(("http://", "https://", "//")) and (not host or url_host(
            href if not href.startswith("//") else "https:" + href).removeprefix("www.") != host):
        return False
    return _STORY_PATH.search(href) is not None  # not "/s/3", "/docs/report.pdf": a section, a document


_RIVER_HEADS = ("h2", "h3", "h4")
_RIVER_MIN = 3
_DEK_CHARS = 320  # a card's excerpt; a story's paragraphs run longer somewhere


def teaser_rivers(tree) -> list:
    """Blocks of at least three cards, each a heading that is one link to another story of the site with at
    most an excerpt under it: the site's other stories, whatever the block is named."""
    host = None
    heads = []
    for h in tree.iter(_RIVER_HEADS):
        links = h.findall(".//a")
        if host is None:
            host = page_host(tree).removeprefix("www.")
        if len(links) == 1:
            if _headline_link_item(h, host) and len(text_of(h)) - len(text_of(links[0])) <= 2:
                heads.append(h)
        elif not links and _wrapped_headline(h, host):
            heads.append(h)
    if len(heads) < _RIVER_MIN:
        return []
    members: dict = {}  # block -> the card headings inside it, one walk up from each heading
    for h in heads:
        for block in h.iterancestors():
            if block.tag in ("body", "html", "article", "main"):
                break
            members.setdefault(block, []).append(h)
    found: list = []
    for h in heads:
        for block in h.iterancestors():
            if block.tag in ("body", "html", "article", "main"):
                break
            inside = members[block]
            if len(inside) >= _RIVER_MIN:  # the smallest block holding three cards
                if block not in found and _only_cards(block, inside):
                    found.append(block)
                break
    outer = set(found)
    return [b for b in found if not any(a in outer for a in b.iterancestors())]


def _wrapped_headline(h, host: str) -> bool:
    """A heading inside one link with at most a picture beside it (<a><img><h3>Headline</h3></a>): a card's
    headline as themes wrap it, the whole card clickable."""
    link = next((a for a in islice(h.iterancestors(), 2) if a.tag == "a"), None)  # its parent or grandparent
    if link is None or not _story_link(link, host):
        return False
    text = text_of(h)
    return _words(text) >= _MIN_LINK_WORDS and len(text_of(link)) - len(text) <= 2


def _only_cards(block, heads) -> bool:
    """Nothing in block but the cards' headings and excerpts: no paragraph of a story's length, no other
    heading, no more words than the excerpts of that many cards."""
    if any(len(text_of(p)) > _DEK_CHARS for p in block.iter("p")):
        return False
    if sum(1 for x in block.iter("h1", *_RIVER_HEADS)) > len(heads):
        return False
    return len(text_of(block)) <= len(heads) * (_DEK_CHARS + 200)


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
        if _POINTER.match(text) and _links_away(links):
            found.append(el)
            continue
        longest = max((text_of(a) for a in links), key=len)
        if (_words(longest) >= _MIN_LINK_WORDS and len(longest) >= _LINK_SHARE * len(text)
                and len(text) - len(longest) <= _MAX_LABEL and _links_away(links)):
            found.append(el)
    return found


_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _words(text: str) -> int:
    """Words, where Chinese and Japanese write none between spaces: two of their characters count as one."""
    return max(len(text.split()), len(_WIDE.findall(text)) // 2)


def _links_away(links) -> bool:
    """The links lead to another page (not an anchor on this one, not a script or mail)."""
    for a in links:
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return True
    return False
