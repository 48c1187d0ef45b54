"""Related / recommended / "you may also like" / "read also" / most-read blocks."""

import re

from .context import all_languages, phrases

NAME = "related"
_ATTR = re.compile(
    r"related|recommend|you-?may-?also|also-?like|more-?stories|more-?from|most-?(?:read|popular|viewed)"
    r"|read-?(?:also|more|next)|outbrain|taboola|trending|popular-?posts|yarpp|jp-relatedposts|teaser-?list"
)


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    return sum(ctx.remove(el, NAME) for el in blocks)
