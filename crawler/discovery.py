"""Read sitemaps, sitemap indexes, Google News sitemaps, RSS and Atom feeds, and robots.txt Sitemap lines.

Pure functions on bytes: the spider routes what they return. Each entry carries the date the
source gives for it (news:publication_date, lastmod, pubDate, updated), so incremental runs can
tell a changed article from one already stored.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from urllib.parse import urljoin

from lxml import etree
from scrapy.http import TextResponse

from .compat import DecompressedTooLarge, gunzip_bounded
from .streams import gzip_whole
from .urls import well_formed

_MAX_XML = 50 * 1024 * 1024  # sitemaps are capped at 50 MB uncompressed by the protocol


@dataclass(frozen=True)
class Entry:
    url: str
    date: str | None = None  # ISO 8601 UTC when the source gives one
    is_index: bool = False  # a sitemap listed in a sitemap index: fetch it as XML, not as a page


# The root elements a sitemap, sitemap index, RSS, RDF or Atom document opens with.
XML_ROOTS = (b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf:rdf")


def is_xml_source(response) -> bool:
    """Whether a text response is read as a sitemap or feed: an XML type (not an HTML page served as one),
    or no HTML type and a body that starts as XML (`<?xml`, whatever its Content-Type, or none).

    The one test: the spider routes by it, and TruncatedBodyMiddleware passes a cut one on with what could be
    read (crawler/middlewares/truncatedbody.py), so a cut source is judged as the spider will read it."""
    if not isinstance(response, TextResponse):
        return False
    ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    if "html" in ctype:
        return False
    if "xml" in ctype:
        # An HTML page served as text/xml (a misconfigured server) was read as a sitemap: its article lost.
        head = response.body[:1024].lower()
        return not (b"<html" in head or b"<!doctype html" in head) or any(root in head for root in XML_ROOTS)
    head = response.text[:500].lstrip().lower()
    return head.startswith("<?xml") and "<html" not in head


def is_gz_url(url: str) -> bool:
    """A URL named as a gzipped sitemap or feed (.xml.gz, .rss.gz, .atom.gz)."""
    return url.lower().split("?", 1)[0].endswith((".xml.gz", ".rss.gz", ".atom.gz")) and well_formed(url)


def is_gzip_source(response) -> bool:
    """gzip bytes the spider reads as a sitemap or feed (sitemap.xml.gz served without Content-Encoding),
    typed as XML, gzip or by the URL's name: the one test of the spider and TruncatedBodyMiddleware."""
    if response.body[:2] != b"\x1f\x8b":
        return False
    ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    return "html" not in ctype and ("xml" in ctype or "gzip" in ctype or is_gz_url(response.url))


class TooLarge(ValueError):
    """A source whose body is over the size limit once decompressed: recorded as `too_large`."""


def parse_xml_source(body: bytes, max_size: int = _MAX_XML) -> list[Entry]:
    """Entries of a sitemap, sitemap index, RSS or Atom document; [] for anything else."""
    try:
        return list(iter_xml_source(body, max_size))
    except TooLarge:
        return []


def iter_xml_source(body: bytes, max_size: int = _MAX_XML, truncated: bool = False) -> Entries:
    """The entries of parse_xml_source one at a time, read as they are needed.

    A gzip body (sitemap.xml.gz served without Content-Encoding) is decompressed here, at once, up to
    max_size bytes (at most the protocol's 50 MB): TooLarge is raised past it, by this call. A gzip stream
    that ends before its end marker, or a document whose root element never closes (a server that stopped
    writing it), gives the entries read before the cut, with `truncated` set (as the caller sets it for a
    document whose Content-Encoding stream was cut); the entry the cut falls in is dropped, not
    read as a URL cut short (".../2025/03/story-ab" for ".../2025/03/story-about-the-vote/"). The document
    is parsed incrementally and each entry's element dropped once read, so a consumer that stops
    early (the page budget is reached) pays for the entries it took, not for the whole sitemap.
    """
    limit = min(max_size, _MAX_XML) if max_size > 0 else _MAX_XML
    if body[:2] == b"\x1f\x8b":
        stream = body
        try:
            body = gunzip_bounded(stream, limit)
        except DecompressedTooLarge as exc:
            raise TooLarge(str(exc)) from None
        except (OSError, EOFError, zlib.error):
            body = b""
        cut = None if gzip_whole(stream, len(body)) else "gzip stream"
    elif len(body) > limit:
        raise TooLarge(f"body of {len(body)} bytes is over {limit}")
    else:
        cut = None
    if cut is None and _ROOT_START.search(body[:_TAIL]) and not _ROOT_END.search(body[-_TAIL:]):
        cut = "document"  # whole as sent, but the server stopped writing it before its root element closed
    truncated = truncated or cut is not None
    if truncated:
        last = None
        for last in _ENTRY_END.finditer(body):  # only for a cut document: the common one is not searched
            pass
        body = body[: last.end()] if last is not None else b""
    return Entries(body, truncated, cut)


# The end of a sitemap's <url> or <sitemap>, an RSS <item> or an Atom <entry> (with a namespace prefix or not).
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:url|sitemap|item|entry)\s*>", re.IGNORECASE)
# The end of the document: its root element closes (a sitemap, a sitemap index, RSS 0.9x-2.0 or RDF, Atom).
_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:urlset|sitemapindex|rss|rdf|feed)\s*>", re.IGNORECASE)
_ROOT_START = re.compile(rb"<(?:[\w.-]+:)?(?:urlset|sitemapindex|rss|rdf|feed)[\s>]", re.IGNORECASE)
_TAIL = 4096  # bytes at the end of a document searched for its root's end


class Entries(Iterator[Entry]):
    """The entries of one document, parsed as they are taken; `size` is the XML's length in bytes, `truncated`
    whether it was cut short (the entries are those before the cut)."""

    def __init__(self, body: bytes, truncated: bool = False, cut: str | None = None):
        self.size = len(body)
        self.truncated = truncated
        self.cut = cut  # what ended early, when this call found it: "gzip stream" or "document"
        self._entries = _stream(body)

    def __next__(self) -> Entry:
        return next(self._entries)


def _stream(body: bytes) -> Iterator[Entry]:
    if not body.strip():
        return
    events = etree.iterparse(io.BytesIO(body), events=("start", "end"), resolve_entities="internal", no_network=True,
                             recover=True, huge_tree=False, remove_comments=True, remove_pis=True)
    kind, depth = None, 0
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if kind is None:
                    if not isinstance(el.tag, str):
                        return
                    kind = _local(el.tag).lower()
                    if kind not in ("urlset", "sitemapindex", "rss", "rdf", "feed"):
                        return
                continue
            depth -= 1
            if not isinstance(el.tag, str):
                continue
            name = _local(el.tag)
            entry = None
            if kind in ("urlset", "sitemapindex") and depth == 1:
                if name == ("sitemap" if kind == "sitemapindex" else "url"):
                    entry = _sitemap_entry(el, kind == "sitemapindex")
            elif kind in ("rss", "rdf") and name == "item":
                entry = _rss_entry(el)
            elif kind == "feed" and depth == 1 and name == "entry":
                entry = _atom_entry(el)
            else:
                continue
            _drop(el)
            if entry is not None:
                yield entry
    except etree.XMLSyntaxError:
        return


def _local(tag: str) -> str:
    """An element's name without its namespace or an undeclared prefix ("sm:url"). Not etree.QName, which
    raises on the names lxml's recovering parser makes of broken markup ("<:" gives a tag ':')."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _drop(el) -> None:
    """Free an element read and the siblings before it (iterparse keeps the tree otherwise)."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _children(el, name: str):
    return [c for c in el if isinstance(c.tag, str) and _local(c.tag) == name]


def _text(el, *path: str) -> str | None:
    """The text of the first element named one of `path` (tried in order) that has text: an RSS item's
    empty <atom:link href=…/> does not hide its <link> (both are "link")."""
    for name in path:
        for d in el.iter():
            if isinstance(d.tag, str) and _local(d.tag) == name and (d.text or "").strip():
                return d.text.strip()
    return None


def _sitemap_entry(item, is_index: bool) -> Entry | None:
    loc = _text(item, "loc")
    if not loc:
        return None
    # A news sitemap's publication date is the article's; lastmod is the page's last change.
    return Entry(loc, _iso(_text(item, "lastmod", "publication_date")), is_index)


def _rss_entry(item) -> Entry | None:
    link = _text(item, "link") or _text(item, "guid")
    if link and link.startswith(("http://", "https://")):
        return Entry(link, _iso(_text(item, "pubDate", "date", "updated")))
    return None


def _atom_entry(entry) -> Entry | None:
    links = _children(entry, "link")
    href = next((l.get("href") for l in links if l.get("rel", "alternate") == "alternate" and l.get("href")), None)
    if not href:
        return None
    try:  # relative to the feed's xml:base, when it sets one (the spider resolves the rest against the feed's URL)
        href = urljoin(entry.base or "", href.strip())
    except ValueError:
        href = href.strip()
    return Entry(href, _iso(_text(entry, "updated", "published")))


def _iso(raw: str | None) -> str | None:
    """W3C datetime (sitemaps, Atom) or RFC 822 (RSS) to ISO 8601 UTC; None if unreadable."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError, OverflowError):  # "+999999999999999999999": no C int
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        return value.astimezone(timezone.utc).isoformat(timespec="seconds")
    except OverflowError:  # "0001-01-01T00:00:00+01:00" is before year 1 in UTC
        return None


def robots_sitemaps(body: bytes) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    urls = []
    for line in body.decode("utf-8", errors="replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            urls.append(value.strip())
    return urls
