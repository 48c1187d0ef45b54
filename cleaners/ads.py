"""Ad slots and their "Advertisement" / "Anzeige" labels."""

import re

from .context import all_languages, phrases
from .parse import text_of

NAME = "ads"
# "(?:^|[-_ ])ad" keeps "lead", "head", "load" out; sponsor boxes are ads too.
_ATTR = re.compile(
    r"(?:^|[\s_-])(?:ads?|advert|advertisement|adslot|ad-?slot|ad-?unit|ad-?container|ad-?wrapper|ad-?banner)(?:[\s_-]|$)"
    r"|dfp-|gpt-ad|google_ads|adsbygoogle|(?:^|[\s_-])sponsored(?:[\s_-]|$)|outstream|teads"
    # ad managers' and networks' own names: AdSense auto ads, Advanced Ads, WP Quads, AdAce, the Newspaper
    # theme's slots, AdThrive/Raptive, Mediavine, Publift, Snigel, Ad Inserter's numbered blocks
    r"|google-auto-placed|advads-|quads-(?:location|ad)|adace-|td-a-rec|adthrive|raptive|mv-ad-|(?<![a-z])mediavine"
    r"|publift|snigel|adngin|(?<![\w-])code-block-\d+(?![\w-])"
    # the word in the site's language, as a whole name ("anzeige", "publicidad", "reklama", "iklan")
    r"|(?:^|[\s_-])(?:anzeige|werbung|publicidad|publicite|pubblicita|publicidade|reklama|reklam|advertentie|"
    r"annons|annonse|mainos|hirdetes|iklan|quangcao)(?:[\s_-]|$)"
)


def clean(ctx) -> int:
    words = frozenset(all_languages(phrases(NAME)["labels"]))
    blocks = ctx.by_attr(_ATTR) + ctx.scan().ad_inserts
    removed = sum(ctx.remove(el, NAME) for el in blocks)
    for label in ctx.labels(words):
        # The box a label opens, or the label alone when that box is the article itself.
        removed += ctx.remove(_slot_of(label), NAME) or ctx.remove(label, NAME)
    return removed


def _slot_of(label):
    """A label that opens a small box labels that box: the box is the ad."""
    parent = label.getparent()
    if parent is not None and label.getprevious() is None and len(text_of(parent)) <= 600:
        return parent
    return label
