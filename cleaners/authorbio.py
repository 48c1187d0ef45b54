"""Author bio boxes ("About the author", "Über die Autorin")."""

import re

from .context import all_languages, phrases

NAME = "authorbio"
_ATTR = re.compile(r"author[_-]?bio|author[_-]?box|about[_-]?(?:the[_-]?)?author|author[_-]?info|author[_-]?card|bio[_-]?box"
                   r"|author[_-]?description|autor(?:en)?[_-]?(?:info|box)|(?:^|[\s_-])bio(?:[\s_-]|$)"
                   # the plugins' own names: Simple Author Box, PublishPress Authors, About Author Box, Starbox,
                   # Fanciest Author Box, Gutenberg's Post Author block
                   r"|saboxplugin|pp-multiple-authors-box|abh_box|(?<![a-z])starbox|ts-fab-|wp-block-post-author")


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    return sum(ctx.remove(el, NAME) for el in blocks)
