"""Per-site rules: CSS selectors to drop, selectors no cleaner may remove, and Python functions that pick
what to drop, for the rare theme that fools the generic cleaners.

The sites file that holds them is read by crawler/sites.py (the one loader and schema); here is what the
rules do to a page:

    [sites.taz]
    domains = ["taz.de"]
    clean_drop = ["div.tzi-bottom-container"]   # a donation box inside the article
    clean_keep = ["div.factbox"]                # a fact box that is part of the story
    clean_function = "siterules.py:taz"         # taz(tree) -> elements to drop (lxml)
    clean_soup_function = "siterules.py:taz_soup"  # taz_soup(soup) -> tags to drop (BeautifulSoup)

A function's elements are removed as clean_drop's are, through CleanContext.remove (never the story's
own block), and listed as `site` in --explain. docs/extending.md has a worked example.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cssselect import GenericTranslator, SelectorError
from lxml import etree
from lxml import html as lxml_html

from .errors import ExtractionError
from .fields.meta import split_url

_MARK = "data-newsmill-i"  # numbers the page's elements while a soup function looks at a copy


@dataclass(frozen=True)
class SiteRules:
    drop: tuple[str, ...] = ()  # XPath, compiled from the CSS selectors
    keep: tuple[str, ...] = ()
    function: str | None = None  # "module:function" or "/path/file.py:function", given the lxml tree
    soup_function: str | None = None  # the same, given a BeautifulSoup of the page

    @classmethod
    def from_css(cls, drop=(), keep=(), function: str | None = None, soup_function: str | None = None) -> SiteRules:
        return cls(tuple(_xpath(s) for s in drop), tuple(_xpath(s) for s in keep), function, soup_function)

    def function_drops(self, tree) -> list:
        """The elements of `tree` the site's functions ask to drop (ExtractionError when one fails)."""
        found = []
        if self.function:
            picked = _call(self.function, tree)
            odd = next((el for el in picked if not isinstance(el, lxml_html.HtmlElement)), None)
            if odd is not None:  # text, an attribute value, a comment: remove() would fail on it, unguarded
                raise ExtractionError(f"site rule function {self.function!r} returned {type(odd).__name__}, "
                                      "not an element of the page")
            found += picked
        if self.soup_function:
            found += _soup_drops(self.soup_function, tree)
        return found


def _xpath(selector: str) -> str:
    problem = selector_problem(selector)
    if problem:
        raise ExtractionError(f"bad CSS selector {selector[:200]!r}: {problem}")
    return GenericTranslator().css_to_xpath(selector)


def selector_problem(selector: str) -> str | None:
    """Why a CSS selector cannot select on a page (None: it can). cssselect recurses on 500 nested descendants,
    and lxml refuses the XPath of 5,000 alternatives, only once it runs: both are tried here, on a tiny page."""
    try:
        etree.XPath(GenericTranslator().css_to_xpath(selector))(lxml_html.fromstring("<p></p>"))
    except SelectorError as exc:
        return str(exc)
    except (RecursionError, etree.XPathError) as exc:
        return f"too complex ({type(exc).__name__}: {exc}); split it into several selectors"
    return None


def resolve(spec: str):
    """The function a "module:function" or "path/to/file.py:function" spec names; ExtractionError if none."""
    return _resolve(spec)


@lru_cache(maxsize=64)
def _resolve(spec: str):
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise ExtractionError(f"site rule function {spec!r}: write it as module:function or file.py:function")
    try:
        if where.endswith(".py"):
            module_spec = importlib.util.spec_from_file_location(f"newsmill_site_rules_{abs(hash(where))}", where)
            if module_spec is None or module_spec.loader is None or not Path(where).is_file():
                raise ExtractionError(f"site rule function {spec!r}: no file {where}")
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(where)
    except ExtractionError:
        raise
    except (Exception, SystemExit) as exc:  # the user's module: any error it raises on import (exit too), as one line
        raise ExtractionError(f"site rule function {spec!r}: cannot load {where}: {type(exc).__name__}: {exc}") from exc
    function = getattr(module, name, None)
    if not callable(function):
        raise ExtractionError(f"site rule function {spec!r}: {where} has no function {name}")
    return function


def _call(spec: str, page) -> list:
    try:
        picked = _resolve(spec)(page)
        return list(picked or ())
    except ExtractionError:
        raise
    except (Exception, SystemExit, GeneratorExit) as exc:  # SystemExit in a worker hung the whole crawl
        raise ExtractionError(f"site rule function {spec!r} failed: {type(exc).__name__}: {exc}") from exc


def _soup_drops(spec: str, tree) -> list:
    """Run a soup function on a BeautifulSoup copy of the page and map the tags it returns back to
    `tree`'s elements (each element is numbered in an attribute while the copy is made)."""
    from bs4 import BeautifulSoup  # only pages of a site with a soup rule load it

    elements = list(tree.iter(etree.Element))
    for i, el in enumerate(elements):
        el.set(_MARK, str(i))
    try:
        soup = BeautifulSoup(lxml_html.tostring(tree, encoding="unicode"), "lxml")
    finally:
        for el in elements:
            el.attrib.pop(_MARK, None)
    found = []
    for tag in _call(spec, soup):
        index = tag.get(_MARK) if hasattr(tag, "get") else None
        if index is None or not index.isdigit() or int(index) >= len(elements):
            raise ExtractionError(f"site rule function {spec!r} returned {type(tag).__name__}, not a tag of the page")
        found.append(elements[int(index)])
    return found


def rules_for(url: str, table: dict[str, SiteRules]) -> SiteRules | None:
    """The rules of the most specific domain the URL's host belongs to."""
    host = (split_url(url).hostname or "").lower().removeprefix("www.")
    while host:
        if host in table:
            return table[host]
        host = host.partition(".")[2]
    return None
