"""Related / recommended / "you may also like" / "read also" / most-read blocks."""

import re

from .context import all_languages, link_share, phrases
from .fields.meta import page_host
from .parse import text_of

NAME = "related"
_ATTR = re.compile(
    r"related|recommend|you-?may-?also|also-?like|more-?stories|more-?from|most-?(?:read|popular|viewed)"
    r"|read-?(?:also|more|next)|outbrain|taboola|trending|popular-?posts|yarpp|jp-relatedposts|teaser-?list"
    r"|(?<![a-z])similar(?![a-z])"
    # plugins' and recommendation networks' own names: Gutenberg's Latest Posts block, Recent Posts Widget
    # Extended, Related Posts for WordPress, Zemanta, MGID, Revcontent, nRelate, LinkWithin
    r"|wp-block-latest-posts|rpwe-|relpost-|zem_rp|wp_rp_|(?<![a-z])ob-widget|(?<![a-z])mgid|revcontent"
    r"|(?<![a-z])rc-widget|nrelate|linkwithin"
    # the word in other languages ("noticias-relacionadas", "verwandte-artikel", "berita-terkait")
    r"|relacionad[oa]s|(?<![a-z])correlat[io](?![a-z])|similaires|gerelateerde?|powiazane|relaterade|relaterte|"
    r"relaterede|verwandte|(?<![a-z])a?e?hnliche-(?:artikel|beitraege|themen)|ilgili-haber|souvisejici|kapcsolodo|"
    r"(?<![a-z])similare|terkait|lien-quan"
)


_PROSE_BLOCK = 300  # characters: a related block this long is mostly links (headlines), not prose
_MIN_LINKS = 0.25


def clean(ctx) -> int:
    # A name ("readmore", "related") on a block of prose is a text expander or the story itself:
    # related blocks are lists of links.
    named = [el for el in ctx.by_attr(_ATTR)
             if len(text_of(el)) < _PROSE_BLOCK or link_share(el) >= _MIN_LINKS or _linked_items(el)]
    blocks = named + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    blocks += _trailing_teaser_lists(ctx)
    return sum(ctx.remove(el, NAME) for el in blocks)


_MIN_ITEMS = 3


def _linked_items(el) -> bool:
    """A list whose every item links to another page: cards whose links wrap the picture and the headline
    while the excerpt stands outside them, so that little of the text is link text."""
    items = list(el.iter("li"))
    return len(items) >= _MIN_ITEMS and all(
        any((a.get("href") or "").strip().startswith(("/", "http")) for a in li.iter("a")) for li in items)


def _trailing_teaser_lists(ctx) -> list:
    """Lists of links to other posts after the story's last paragraph ("teasers appended to a short post").
    Links mostly to other sites are no teasers of this one: a list of recommended books or shop links is a
    post's content."""
    paragraphs = [p for p in ctx.anchor() if isinstance(p.tag, str) and p.tag == "p"]
    if not paragraphs:
        return []
    host = None
    found = []
    for lst in paragraphs[-1].xpath("following::ul|following::ol"):
        if len(lst.findall("li")) < 3 or link_share(lst) < 0.8:
            continue
        if host is None:
            host = page_host(ctx.tree).removeprefix("www.")
        if _mostly_away(lst, host):
            continue
        found.append(lst)
    return found


def _mostly_away(lst, host: str) -> bool:
    hrefs = [(a.get("href") or "").strip() for a in lst.iter("a")]
    away = [h for h in hrefs if h.startswith(("http://", "https://", "//")) and _host_of(h) != host]
    return bool(host) and len(away) * 2 > len(hrefs)


def _host_of(href: str) -> str:
    """The host of an absolute link, without "www.": read off the string (urlsplit costs more, per link)."""
    return href.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].lower().removeprefix("www.")
