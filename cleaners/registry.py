"""The cleaners, in the order they run, and how a user turns them off, reorders them or adds one.

A cleaner is a module (or any object) with (docs/extending.md):

    NAME      its one name: setting, --explain, articles.removed
    clean(ctx) -> int
              a tree cleaner: runs on the parsed page before trafilatura and removes blocks with
              ctx.remove(element, NAME), which refuses the story's own block; returns how many it removed
    clean_paragraphs(paragraphs) -> (kept, removed)
              or a text cleaner: runs on the extracted paragraphs
    ATTR      a tree cleaner's class/id/role pattern (re.Pattern), the only one it may pass to
              ctx.by_attr (the built-in cleaners name it _ATTR)
    ORDER     where a third-party cleaner runs when the CLEANERS setting does not say (without it, only
              when CLEANERS names it)

Third-party cleaners are found through the entry-point group `newsmill.cleaners`. The CLEANERS setting
({"name": order}, None to turn one off) is merged over the built-in orders below, as Scrapy merges
DOWNLOADER_MIDDLEWARES over its base; tree cleaners run in order, then text cleaners in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points

from . import adblock, ads, authorbio, breadcrumbs, bylines, comments, consent, cookies, dialogs, embeds, endmatter, namelists, newsletter, notices, offstory, promo, related, server_errors, share, sidebars, tags, teasers, toc
from .context import Removal, TokenMatcher

ENTRY_POINT_GROUP = "newsmill.cleaners"

# Tree cleaners run on the parsed page before trafilatura.
TREE_CLEANERS = {m.NAME: m.clean for m in (
    adblock, cookies, ads, breadcrumbs, comments, toc, related, teasers, newsletter, share, authorbio, tags, sidebars,
    server_errors, dialogs, offstory)}  # last: a new cleaner keeps the others' orders (users place theirs between them)
# Text cleaners run on the extracted paragraphs.
TEXT_CLEANERS = {m.NAME: m.clean_paragraphs for m in (
    promo, bylines, endmatter, consent, namelists, embeds, notices)}
ALL = tuple(TREE_CLEANERS) + tuple(TEXT_CLEANERS)
_BUILT_IN = {m.NAME: m for m in (adblock, cookies, ads, breadcrumbs, comments, toc, related, teasers, newsletter, share,
                                 authorbio, tags, sidebars, server_errors, dialogs, offstory, promo, bylines, endmatter, consent, namelists,
                                 embeds, notices)}

# The built-in order, spaced by 100 so that a cleaner can go between two: tree cleaners, then text cleaners.
BASE_ORDER = {name: 100 * (i + 1) for i, name in enumerate(TREE_CLEANERS)} | \
    {name: 2000 + 100 * i for i, name in enumerate(TEXT_CLEANERS)}


class CleanerError(ValueError):
    """A cleaner that cannot run as configured: an unknown name, a malformed third-party cleaner."""


@dataclass(frozen=True)
class CleanerPlan:
    """Which cleaners run, in which order. Names only, so it pickles to the extraction workers, which
    look the cleaners up themselves. Passed where `disabled` goes (extract_article, analyse_page)."""

    tree: tuple[str, ...]
    text: tuple[str, ...]

    def __contains__(self, name: str) -> bool:  # `name in disabled`: turned off
        return name not in self.tree and name not in self.text


_REGISTERED: dict = {}  # register(): this process only


def available() -> dict:
    """name -> cleaner: the built-in ones, every one the `newsmill.cleaners` entry points name, and those
    register() added in this process."""
    return {**_BUILT_IN, **_third_party(), **_REGISTERED}


def register(cleaner) -> None:
    """Make `cleaner` known in this process (a library user's own, or one under test). A crawl's
    extraction workers are new processes: for a crawl, declare it as a `newsmill.cleaners` entry point."""
    check_cleaner(cleaner)
    if cleaner.NAME in _BUILT_IN or cleaner.NAME in _third_party():
        raise CleanerError(f"{cleaner.NAME!r} is already a cleaner's name")
    _REGISTERED[cleaner.NAME] = cleaner
    _default_less.cache_clear()
    _union_of_patterns.cache_clear()


@lru_cache(maxsize=1)
def _third_party() -> dict:
    found = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            cleaner = ep.load()
        except Exception as exc:  # a broken plugin: one line naming it, not a traceback
            raise CleanerError(f"cleaner entry point {ep.name} = {ep.value}: cannot load: {exc}") from exc
        check_cleaner(cleaner, f"entry point {ep.name} = {ep.value}")
        if cleaner.NAME in _BUILT_IN:
            raise CleanerError(f"entry point {ep.name}: {cleaner.NAME!r} is a built-in cleaner's name")
        found[cleaner.NAME] = cleaner
    return found


def check_cleaner(cleaner, where: str = "") -> None:
    """CleanerError unless `cleaner` has the interface above."""
    name = getattr(cleaner, "NAME", None)
    where = where or f"cleaner {name!r}"
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise CleanerError(f"{where}: NAME must be a lowercase name, got {name!r}")
    tree, text = callable(getattr(cleaner, "clean", None)), callable(getattr(cleaner, "clean_paragraphs", None))
    if tree == text:
        raise CleanerError(f"{where}: a cleaner has clean(ctx) or clean_paragraphs(paragraphs), one of the two")
    pattern = _attr_of(cleaner)
    if pattern is not None and not isinstance(pattern, re.Pattern):
        raise CleanerError(f"{where}: ATTR must be a compiled regular expression")


def _attr_of(cleaner):
    return getattr(cleaner, "ATTR", None) or getattr(cleaner, "_ATTR", None)


def plan(cleaners: Mapping[str, int | None] | None = None, disabled: Iterable[str] = ()) -> CleanerPlan:
    """The CLEANERS setting merged over the built-in orders and the third-party cleaners' ORDER, less the
    CLEAN_DISABLED names. CleanerError names an unknown cleaner."""
    known = available()
    order: dict[str, int] = dict(BASE_ORDER)
    order |= {name: c.ORDER for name, c in known.items() if name not in BASE_ORDER and isinstance(getattr(c, "ORDER", None), int)}
    for name, value in (cleaners or {}).items():
        if name not in known:
            raise CleanerError(f"CLEANERS: unknown cleaner {name!r} (known: {', '.join(sorted(known))})")
        if value is None:
            order.pop(name, None)
        elif isinstance(value, int) and not isinstance(value, bool):
            order[name] = value
        else:
            raise CleanerError(f"CLEANERS: {name!r}: the order must be a whole number or None, got {value!r}")
    for name in disabled:
        if name not in known:
            raise CleanerError(f"CLEAN_DISABLED: unknown cleaner {name!r} (known: {', '.join(sorted(known))})")
        order.pop(name, None)
    ranked = sorted(order, key=lambda n: (order[n], n))
    return CleanerPlan(tree=tuple(n for n in ranked if hasattr(known[n], "clean")),
                       text=tuple(n for n in ranked if hasattr(known[n], "clean_paragraphs")))


def _as_plan(disabled) -> CleanerPlan:
    return disabled if isinstance(disabled, CleanerPlan) else _default_less(frozenset(disabled))


@lru_cache(maxsize=32)
def _default_less(disabled: frozenset) -> CleanerPlan:
    """The default plan without `disabled` (names unknown here are ignored, as CLEAN_DISABLED always was)."""
    return plan(disabled=[n for n in disabled if n in available()])


def run_tree_cleaners(ctx, disabled=()) -> None:
    """`disabled`: names to turn off, or a CleanerPlan (plan(CLEANERS, CLEAN_DISABLED))."""
    names = _as_plan(disabled).tree
    known = available()
    ctx.narrow(_union_of_patterns(names))
    for name in names:
        known[name].clean(ctx)


@lru_cache(maxsize=8)
def _union_of_patterns(names: tuple[str, ...] = tuple(TREE_CLEANERS)) -> TokenMatcher:
    """One regex matching whatever any of these tree cleaners' class/id pattern matches (a prefilter), per
    token; it remembers which patterns it stands for, so that ctx.by_attr refuses an undeclared one."""
    known = available()
    patterns = [p for p in (_attr_of(known[n]) for n in names) if p is not None]
    matcher = TokenMatcher(re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or r"(?!)"))
    matcher.declared = frozenset(patterns)
    return matcher


def run_text_cleaners(paragraphs: list[str], ctx, disabled=()) -> list[str]:
    known = available()
    for name in _as_plan(disabled).text:
        paragraphs, removed = known[name].clean_paragraphs(paragraphs)
        ctx.removals += [Removal(name, "line", text[:80]) for text in removed]
    return paragraphs
