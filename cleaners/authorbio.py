"""Author bio boxes ("About the author", "Über die Autorin") and press-contact cards (the spokesperson's
name, phone and e-mail under a press release)."""

import re

from .context import all_languages, phrases

NAME = "authorbio"
_ATTR = re.compile(r"author[_-]?bio|author[_-]?box|about[_-]?(?:the[_-]?)?author|author[_-]?info|author[_-]?card|bio[_-]?box"
                   r"|author[_-]?description|autor(?:en)?[_-]?(?:info|box)|(?:^|[\s_-])bio(?:[\s_-]|$)"
                   r"|press[_-]?(?:contact|officer)|presse[_-]?kontakt|media[_-]?contact")


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    return sum(ctx.remove(el, NAME) for el in blocks)
