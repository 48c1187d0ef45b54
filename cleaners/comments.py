"""Comment sections and forms (WordPress, Disqus, Facebook, Coral, generic #comments) and anti-spam notices."""

import re

from .context import all_languages, phrases

NAME = "comments"
_ATTR = re.compile(
    r"(?:^|[\s_-])comments?(?:[\s_-]|$)|comment-(?:respond|form|list|area|section)|commentform|\brespond\b"
    r"|disqus|fb-comments|coral|akismet|comment_form|reply-title|discussion-?(?:area|thread)"
    # the classic WordPress list and the comment systems' own names: wpDiscuz, Hyvor Talk, Isso, utterances,
    # giscus, OpenWeb (Spot.IM), Remark42, Commento, Coral Talk, Livefyre, Viafoura
    r"|commentlist|wpdiscuz|wpd-thread|wpdcom|hyvor-talk|isso-thread|(?<![a-z])utterances|(?<![a-z])giscus"
    r"|spot-?im-|remark42|commento(?![a-z])|talk-embed-stream|livefyre|viafoura"
    # the word in other languages, plural only: a singular "Kommentar", "comentario", "commento" heads an opinion piece
    r"|(?:^|[\s_-])(?:kommentare|kommentarer|kommentit|komentarze|komentare|commentaires|comentarios|commenti|"
    r"comentarii|reacties|yorumlar|hozzaszolasok|sxolia|binh-luan)(?:[\s_-]|$)"
)


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    blocks += ctx.form_blocks(with_textarea=True)
    blocks += ctx.scan().comment_embeds  # comment forms, Disqus frames, schema.org Comment microdata
    return sum(ctx.remove(el, NAME) for el in blocks)
