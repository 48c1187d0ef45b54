"""Tag and topic lists ("Tags: Politics, Budget", "Etiketler :", "Schlagwörter")."""

import re

from .context import all_languages, phrases

NAME = "tags"
_ATTR = re.compile(r"(?:^|[\s_-])(?:post-|entry-|article-)?tags?(?:-?list|-?links|-?cloud)?(?:[\s_-]|$)|tagcloud|keywords-?list|schlagworte")


def clean(ctx) -> int:
    blocks = [el for el in ctx.by_attr(_ATTR) if el.tag not in ("body", "article")]
    blocks += ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    return sum(ctx.remove(el, NAME) for el in blocks)
