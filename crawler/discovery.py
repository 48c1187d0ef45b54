"""Read sitemaps, sitemap indexes, Google News sitemaps, RSS and Atom feeds, and robots.txt Sitemap lines.

Pure functions on bytes: the spider routes what they return. Each entry carries the date the
source gives for it (news:publication_date, lastmod, pubDate, updated), so incremental runs can
tell a changed article from one already stored.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_MAX_XML = 50 * 1024 * 1024  # sitemaps are capped at 50 MB uncompressed by the protocol


@dataclass(frozen=True)
class Entry:
    url: str
    date: str | None = None  # ISO 8601 UTC when the source gives one
    is_index: bool = False  # a sitemap listed in a sitemap index: fetch it as XML, not as a page


def parse_xml_source(body: bytes) -> list[Entry]:
    """Entries of a sitemap, sitemap index, RSS or Atom document; [] for anything else."""
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz served without Content-Encoding
        try:
            body = gzip.decompress(body)[:_MAX_XML]
        except (OSError, EOFError):
            return []
    try:
        root = etree.fromstring(body[:_MAX_XML], parser=_PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None or not isinstance(root.tag, str):
        return []
    kind = etree.QName(root).localname.lower()
    if kind in ("urlset", "sitemapindex"):
        return _sitemap(root, is_index=kind == "sitemapindex")
    if kind in ("rss", "rdf"):
        return _rss(root)
    if kind == "feed":
        return _atom(root)
    return []


def _children(el, name: str):
    return [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _text(el, *path: str) -> str | None:
    for name in path:
        found = next((d for d in el.iter() if isinstance(d.tag, str) and etree.QName(d).localname == name), None)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return None


def _sitemap(root, is_index: bool) -> list[Entry]:
    entries = []
    for item in _children(root, "sitemap" if is_index else "url"):
        loc = _text(item, "loc")
        if loc:
            # A news sitemap's publication date is the article's; lastmod is the page's last change.
            date = _iso(_text(item, "lastmod", "publication_date"))
            entries.append(Entry(loc, date, is_index))
    return entries


def _rss(root) -> list[Entry]:
    entries = []
    for item in root.iter():
        if isinstance(item.tag, str) and etree.QName(item).localname == "item":
            link = _text(item, "link") or _text(item, "guid")
            if link and link.startswith(("http://", "https://")):
                entries.append(Entry(link, _iso(_text(item, "pubDate", "date", "updated"))))
    return entries


def _atom(root) -> list[Entry]:
    entries = []
    for entry in _children(root, "entry"):
        links = _children(entry, "link")
        href = next((l.get("href") for l in links if l.get("rel", "alternate") == "alternate" and l.get("href")), None)
        if href:
            entries.append(Entry(href.strip(), _iso(_text(entry, "updated", "published"))))
    return entries


def _iso(raw: str | None) -> str | None:
    """W3C datetime (sitemaps, Atom) or RFC 822 (RSS) to ISO 8601 UTC; None if unreadable."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def robots_sitemaps(body: bytes) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    urls = []
    for line in body.decode("utf-8", errors="replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            urls.append(value.strip())
    return urls
