"""Share and social-media bars."""

import re

NAME = "share"
_ATTR = re.compile(r"(?:^|[\s_-])share|sharing|social-?(?:links|icons|share|buttons|media)|sharedaddy|addtoany|a2a_kit|shariff")


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.by_attr(_ATTR))
