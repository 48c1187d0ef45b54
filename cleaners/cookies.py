"""Cookie and consent banners."""

from .context import CONSENT_NAMES

NAME = "cookies"
# Matched on class/id only: pages about cookies may carry the word in their text. "cmp" alone is
# also Adobe's component prefix (cmp-text, cmp-container): only consent-platform names count.
_ATTR = CONSENT_NAMES


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.by_attr(_ATTR))
