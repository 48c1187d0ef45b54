"""Is this page an article? Section fronts, tag pages and login pages are not."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from cleaners.fields.jsonld import article_objects, types_of
from cleaners.fields.meta import meta_value

_NOT_ARTICLE_PATH = re.compile(
    r"/(?:tags?|topics?|category|categories|author|authors|autor|autoren|search|suche|buscar|login|signin|sign-in|"
    r"register|account|subscribe|newsletter|archive|archiv|page|feed|rss|wp-login\.php|wp-admin)(?:/|$|\.)",
    re.I,
)
_LISTING_TYPES = {"collectionpage", "itempage", "searchresultspage", "profilepage", "webpage", "website"}


def classify(tree, url: str, jsonld: list[dict]) -> tuple[bool, str]:
    """(is_article, reason). Cheap signals only: it runs before the costly extraction."""
    path = urlsplit(url).path
    if path in ("", "/") or _NOT_ARTICLE_PATH.search(path):
        return False, "listing_url"
    # A page that declares itself an article is one, even with a community sign-in box on it.
    if article_objects(jsonld):
        return True, "jsonld_article"
    og_type = (meta_value(tree, "og:type") or "").lower()
    if og_type == "article" or meta_value(tree, "article:published_time"):
        return True, "og_article"
    if _login_form_is_the_page(tree):
        return False, "login_page"
    if og_type in ("website", "profile") or any(types_of(o) & _LISTING_TYPES for o in jsonld):
        return False, "listing_page"
    if len(tree.xpath("//article")) > 2:
        return False, "listing_page"
    # No declaration either way: decide on the amount of running text.
    text = sum(len(p.text_content()) for p in tree.iter("p"))
    return (True, "long_text") if text >= 1500 else (False, "too_little_text")


def _login_form_is_the_page(tree) -> bool:
    """A password field outside the page chrome (header, navigation, modals): a sign-in page.

    Runs after the article declarations: many news sites carry a login box on every article.
    """
    return any(not _in_chrome(f) for f in tree.xpath('//input[@type="password"]'))


_CHROME_WORDS = ("modal", "overlay", "popup", "header", "login-box", "dropdown")


def _in_chrome(el) -> bool:
    return any(a.tag in ("header", "nav", "footer", "aside", "dialog")
               or any(w in f"{a.get('class', '')} {a.get('id', '')}".lower() for w in _CHROME_WORDS)
               for a in el.iterancestors())
