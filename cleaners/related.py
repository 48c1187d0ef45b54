"""Related / recommended / "you may also like" / "read also" / most-read blocks."""

import re

from .context import all_languages, link_share, phrases

NAME = "related"
_ATTR = re.compile(
    r"related|recommend|you-?may-?also|also-?like|more-?stories|more-?from|most-?(?:read|popular|viewed)"
    r"|read-?(?:also|more|next)|outbrain|taboola|trending|popular-?posts|yarpp|jp-relatedposts|teaser-?list"
)


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    blocks += _trailing_teaser_lists(ctx)
    return sum(ctx.remove(el, NAME) for el in blocks)


def _trailing_teaser_lists(ctx) -> list:
    """Lists of links to other posts after the story's last paragraph ("teasers appended to a short post")."""
    paragraphs = [p for p in ctx.anchor() if isinstance(p.tag, str) and p.tag == "p"]
    if not paragraphs:
        return []
    return [lst for lst in paragraphs[-1].xpath("following::ul|following::ol")
            if len(lst.findall("li")) >= 3 and link_share(lst) >= 0.8]
