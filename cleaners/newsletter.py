"""Newsletter and subscribe boxes."""

import re

from .context import all_languages, phrases

NAME = "newsletter"
_ATTR = re.compile(r"newsletter|subscribe|signup|sign-up|mailchimp|mc4wp|email-?capture|optin")


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    blocks += ctx.form_blocks(with_textarea=False)
    return sum(ctx.remove(el, NAME) for el in blocks)
