"""Comment sections and forms (WordPress, Disqus, Facebook, Coral, generic #comments) and anti-spam notices."""

import re

from .context import all_languages, phrases

NAME = "comments"
_ATTR = re.compile(
    r"(?:^|[\s_-])comments?(?:[\s_-]|$)|comment-(?:respond|form|list|area|section)|commentform|\brespond\b"
    r"|disqus|fb-comments|coral|akismet|comment_form|reply-title|discussion-?(?:area|thread)"
)


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    blocks += ctx.form_blocks(with_textarea=True)
    blocks += ctx.scan().comment_embeds  # comment forms and Disqus frames
    return sum(ctx.remove(el, NAME) for el in blocks)
