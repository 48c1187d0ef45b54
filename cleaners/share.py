"""Share and social-media bars."""

import re

NAME = "share"
# the plugins' own names too: Social Warfare, Simple Share Buttons Adder, MashShare, Easy Social Share Buttons,
# Novashare, AddThis, Sassy Social Share
_ATTR = re.compile(r"(?:^|[\s_-])share|sharing|social-?(?:links|icons|share|buttons|media)|sharedaddy|addtoany|a2a_kit|shariff"
                   r"|swp_social|social-warfare|(?<![a-z])ssba|mashsb|essb_|novashare|addthis|sassy-social")


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.by_attr(_ATTR))
