"""The cleaners, in the order they run. One name per cleaner everywhere (module, setting, --explain)."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from .context import Removal, TokenMatcher
from . import adblock, ads, authorbio, breadcrumbs, bylines, comments, cookies, endmatter, newsletter, promo, related, share, sidebars, tags, teasers, toc

# Tree cleaners run on the parsed page before trafilatura.
TREE_CLEANERS = {m.NAME: m.clean for m in (
    adblock, cookies, ads, breadcrumbs, comments, toc, related, teasers, newsletter, share, authorbio, tags, sidebars)}
# Text cleaners run on the extracted paragraphs.
TEXT_CLEANERS = {m.NAME: m.clean_paragraphs for m in (promo, bylines, endmatter)}
ALL = tuple(TREE_CLEANERS) + tuple(TEXT_CLEANERS)


def run_tree_cleaners(ctx, disabled=()) -> None:
    ctx.narrow(_union_of_patterns())
    for name, clean in TREE_CLEANERS.items():
        if name not in disabled:
            clean(ctx)


@lru_cache(maxsize=1)
def _union_of_patterns() -> TokenMatcher:
    """One regex matching whatever any tree cleaner's class/id pattern matches (a prefilter), per token."""
    modules = [sys.modules[clean.__module__] for clean in TREE_CLEANERS.values()]
    return TokenMatcher(re.compile("|".join(f"(?:{m._ATTR.pattern})" for m in modules if hasattr(m, "_ATTR"))))


def run_text_cleaners(paragraphs: list[str], ctx, disabled=()) -> list[str]:
    for name, clean in TEXT_CLEANERS.items():
        if name in disabled:
            continue
        paragraphs, removed = clean(paragraphs)
        ctx.removals += [Removal(name, "line", text[:80]) for text in removed]
    return paragraphs
