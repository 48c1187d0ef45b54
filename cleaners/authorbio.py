"""Author bio boxes ("About the author", "Über die Autorin")."""

import re

from lxml import etree

from .bylines import full_name_keys
from .context import all_languages, phrases
from .parse import text_of

NAME = "authorbio"
_ATTR = re.compile(r"author[_-]?bio|author[_-]?box|about[_-]?(?:the[_-]?)?author|author[_-]?info|author[_-]?card|bio[_-]?box"
                   r"|author[_-]?description|autor(?:en)?[_-]?(?:info|box)|(?:^|[\s_-])bio(?:[\s_-]|$)"
                   # the plugins' own names: Simple Author Box, PublishPress Authors, About Author Box, Starbox,
                   # Fanciest Author Box, Gutenberg's Post Author block
                   r"|saboxplugin|pp-multiple-authors-box|abh_box|(?<![a-z])starbox|ts-fab-|wp-block-post-author")


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"])) + described_authors(ctx.tree)
    return sum(ctx.remove(el, NAME) for el in blocks)


def described_authors(tree) -> list:
    """The author marked up as a schema.org Person with a description: a bio box whatever its class names
    (a CSS-in-JS build hashes them). A byline's Person holds a name, perhaps a job title, not a paragraph."""
    found = []
    for el in _AUTHOR_PROPS(tree):  # the attribute asked for, not every element's: a third of the time
        if el.get("itemscope") is None or "author" not in el.get("itemprop").split():
            continue
        described = el.xpath(".//*[@itemprop='description'] | .//p")
        if any(len(text_of(d)) >= _BIO_CHARS for d in described):
            found.append(el)
    return found


_BIO_CHARS = 60
_AUTHOR_PROPS = etree.XPath("//@itemprop[contains(., 'author')]/..")


def without_bio_lines(paragraphs: list[str], names: list[str]) -> tuple[list[str], list[str]]:
    """(kept, removed): among the last paragraphs, a short one that opens with one of the page's authors and
    says who they are ("Morgan Vale is a reporter covering …", "Anna Svensson ist Redakteurin …"): the bio a
    box shows, left as a line once its box has no name to go by."""
    keys = full_name_keys(names)
    if not keys or not paragraphs:
        return paragraphs, []
    start = max(0, len(paragraphs) - _LAST)
    removed = [p for p in paragraphs[start:] if len(p) <= _BIO_LINE and _opens_with_bio(p, keys)]
    return [p for p in paragraphs if p not in removed], removed


def _opens_with_bio(paragraph: str, keys: list[str]) -> bool:
    text = paragraph.lstrip("*_–—- ").casefold()
    return any(text.startswith(key) and _COPULA.match(text[len(key):]) for key in keys)


_LAST = 3  # paragraphs at the end of the body
_BIO_LINE = 400  # characters: a bio is two or three sentences
_COPULA = re.compile(r",?\s+(?:is|was|has been|works|writes|covers|reports|ist|war|arbeitet|schreibt|berichtet|es|fue|est|"
                     r"était|è|é|foi|jest|är|er|on|werkt)\b")
