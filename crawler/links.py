"""Links to follow, read from the page's already-parsed tree."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from .urls import host_of, is_crawlable, normalise_url


# In-site links read from one page, in page order: an archive or "all stories" page lists thousands (1,000
# dropped the rest without a word); past this a page is more likely a trap. The spider counts pages that reach it.
MAX_LINKS = 5000


def extract_links(tree, base_url: str, limit: int = MAX_LINKS, hosts: frozenset[str] | None = None) -> list[str]:
    """Absolute, normalised http(s) links of <a href>, in page order, without duplicates.

    With `hosts`, only links to those hosts (``www.`` ignored, as host_of does).
    """
    base_url = _base_of(tree, base_url)
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    seen, out = set(), []
    # RSS/Atom feeds the page announces: discovery follows them like links.
    # (//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")], without an XPath pass over the tree)
    feeds = [link for link in tree.iter("link") if link.get("rel") == "alternate"
             and ("rss" in (link.get("type") or "") or "atom" in (link.get("type") or ""))]
    for a in [*feeds, *tree.iter("a")]:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        if "nofollow" in (a.get("rel") or "").lower():
            continue
        if "\\" in href:
            href = _forward_slashes(href)
        url, host = _resolve(_base_for(href, base_url, origin), href, hosts)
        if url is None or url in seen or (hosts is not None and host not in hosts):
            continue
        seen.add(url)
        out.append(url)
        if len(out) >= limit:
            break
    return out


def _base_of(tree, url: str) -> str:
    """The page's <base href>, resolved; `url` when it has none or names no URL Python can read
    ("http://[::1", port 99999)."""
    base = tree.find(".//base")
    if base is None or not base.get("href"):
        return url
    try:
        joined = urljoin(url, base.get("href"))
        urlsplit(joined).port  # noqa: B018 (reading it checks the range)
    except ValueError:
        return url
    return joined


def _forward_slashes(href: str) -> str:
    r"""Backslashes before the query read as slashes, as browsers read an http(s) URL (the URL standard):
    "http:\\host\a\b" is http://host/a/b, not a path on this site."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:cut].replace("\\", "/") + href[cut:]


_PLAIN_HOST = re.compile(r"[a-z0-9.-]+")


def _offsite(href: str, hosts: frozenset[str]) -> bool:
    """An absolute href whose host, plain ASCII, is none of `hosts` (``www.`` ignored): the host that
    normalisation would give it is the same, so the link would be dropped after it."""
    if not href.startswith(("http://", "https://", "//")) or "\\" in href:
        return False
    try:
        host = urlsplit(href if href[0] != "/" else "http:" + href).hostname or ""
    except ValueError:
        return False
    if not _PLAIN_HOST.fullmatch(host):
        return False  # IDNA, odd characters: left to normalise_url and host_of
    return (host[4:] if host.startswith("www.") else host) not in hosts


def _base_for(href: str, base_url: str, origin: str) -> str:
    """The least of the base an href depends on, so that _resolve's cache serves every page of a site."""
    if href.startswith(("http://", "https://")):
        return ""
    if href.startswith("/") and not href.startswith("//"):
        return origin
    return base_url


# Navigation links recur on every page of a site; article links mostly do not. Each worker holds its
# own cache: 16,384 entries hold the bench's sites' recurring links, a smaller one misses them and a
# larger one mostly holds article links once a long crawl fills it (make bench).
@lru_cache(maxsize=1 << 14)
def _resolve(base: str, href: str, hosts: frozenset[str] | None = None) -> tuple[str | None, str]:
    """(normalised absolute URL or None when not crawlable, its host). With `hosts`, (None, "") for a link
    _offsite tells leads elsewhere: most links of a news page do, and are not normalised only to be dropped."""
    if hosts is not None and _offsite(href, hosts):
        return None, ""
    try:
        url = normalise_url(urljoin(base, href) if base else href)
    except ValueError:
        return None, ""
    return (url, host_of(url)) if is_crawlable(url) else (None, "")
