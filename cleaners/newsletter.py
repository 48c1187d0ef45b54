"""Newsletter and subscribe boxes."""

import re

NAME = "newsletter"
_ATTR = re.compile(r"newsletter|subscribe|signup|sign-up|mailchimp|mc4wp|email-?capture|optin")


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.by_attr(_ATTR))
