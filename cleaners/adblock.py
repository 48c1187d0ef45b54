"""Ad-blocker nags, paywall overlays and subscription walls."""

import re

from .context import all_languages, phrases

NAME = "adblock"
_ATTR = re.compile(r"(?:^|[\s_-])ad-?block|anti-?adb|adb-|blocker|paywall|piano-|tp-modal|subscribe-wall|regwall|meter-?wall")


def clean(ctx) -> int:
    blocks = ctx.by_attr(_ATTR) + ctx.headed_blocks(all_languages(phrases(NAME)["headings"]))
    return sum(ctx.remove(el, NAME) for el in blocks)
