"""Cookie and consent banners."""

import re

NAME = "cookies"
# Matched on class/id only: pages about cookies may carry the word in their text. "cmp" alone is
# also Adobe's component prefix (cmp-text, cmp-container): only consent-platform names count.
_ATTR = re.compile(r"cookie-?(?:banner|notice|consent|bar|law|popup)|(?:^|[\s_-])consent|gdpr|cmpbox|cmpwrapper|qc-cmp|cmp-?(?:banner|consent|modal|dialog|overlay|popup|root)|onetrust|didomi|cookiebot|sp_message")


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.by_attr(_ATTR))
