"""Sitemaps, news sitemaps, sitemap indexes, RSS, Atom and robots.txt, parsed without a network."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings, strategies as st

from crawler.discovery import Entry, TooLarge, iter_xml_source, parse_xml_source, robots_sitemaps

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://n.example/a/1</loc><news:news><news:publication>
   <news:name>N</news:name><news:language>en</news:language></news:publication>
   <news:publication_date>2025-10-14T11:30:00+02:00</news:publication_date><news:title>One</news:title></news:news></url>
 <url><loc>https://n.example/a/2</loc><lastmod>2025-10-13</lastmod></url>
</urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>https://n.example/sitemap-1.xml</loc><lastmod>2025-10-14T00:00:00Z</lastmod></sitemap></sitemapindex>"""
RSS = b"""<rss version="2.0"><channel><title>N</title>
 <item><title>One</title><link>https://n.example/a/1</link><pubDate>Tue, 14 Oct 2025 09:30:00 GMT</pubDate></item>
</channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>N</title>
 <entry><title>One</title><link rel="alternate" href="https://n.example/a/1"/><link rel="edit" href="https://n.example/edit/1"/>
 <updated>2025-10-14T09:30:00Z</updated></entry></feed>"""


def test_news_sitemap_gives_publication_dates_in_utc():
    assert parse_xml_source(NEWS_SITEMAP) == [
        Entry("https://n.example/a/1", "2025-10-14T09:30:00+00:00"),
        Entry("https://n.example/a/2", "2025-10-13T00:00:00+00:00"),
    ]


def test_sitemap_index_lists_sitemaps():
    assert parse_xml_source(INDEX) == [Entry("https://n.example/sitemap-1.xml", "2025-10-14T00:00:00+00:00", True)]


def test_gzipped_sitemap():
    assert parse_xml_source(gzip.compress(NEWS_SITEMAP))[0].url == "https://n.example/a/1"


def test_rss_and_atom():
    assert parse_xml_source(RSS) == [Entry("https://n.example/a/1", "2025-10-14T09:30:00+00:00")]
    assert parse_xml_source(ATOM) == [Entry("https://n.example/a/1", "2025-10-14T09:30:00+00:00")]


def test_robots_sitemap_lines():
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://n.example/news.xml\nsitemap:https://n.example/atom.xml\n"
    assert robots_sitemaps(robots) == ["https://n.example/news.xml", "https://n.example/atom.xml"]


def test_html_and_garbage_give_nothing():
    assert parse_xml_source(b"<html><body><a href='/x'>x</a></body></html>") == []
    assert parse_xml_source(b"\x1f\x8b not gzip") == []
    assert parse_xml_source(b"") == []


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_bytes(body):
    assert isinstance(parse_xml_source(body), list)


def test_gzip_is_inflated_only_up_to_the_limit():
    """A gzip bomb (64 MiB of XML in 64 KB) raises TooLarge once 1 MiB is out, instead of inflating it all."""
    head = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    bomb = gzip.compress(head + b" " * (64 << 20))
    with pytest.raises(TooLarge):
        iter_xml_source(bomb, 1 << 20)
    assert parse_xml_source(bomb, 1 << 20) == []
    small = gzip.compress(NEWS_SITEMAP)
    assert [e.url for e in iter_xml_source(small, 1 << 20)] == ["https://n.example/a/1", "https://n.example/a/2"]


def test_a_feed_with_a_dtd_keeps_its_items_and_reads_nothing_outside():
    """Entities of the document's own DTD are expanded; external ones never are; a billion laughs stays small."""
    feed = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY site "https://n.example">]>\n<rss version="2.0"><channel>'
            b'<title>N &amp; M</title><item><title>A</title><link>&site;/a/1</link></item>'
            b'<item><link>&site;/a/2</link></item></channel></rss>')
    assert [e.url for e in parse_xml_source(feed)] == ["https://n.example/a/1", "https://n.example/a/2"]
    external = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                b"<rss><channel><item><link>https://x.example/&x;</link></item></channel></rss>")
    assert [e.url for e in parse_xml_source(external)] == ["https://x.example/"]
    laughs = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10) for i in range(9)
    ) + b"]><rss><channel><item><link>https://x.example/&j;</link></item></channel></rss>"
    assert all(len(e.url) < 100 for e in parse_xml_source(laughs))  # 10^10 bytes refused by libxml2


def test_a_date_python_cannot_hold_leaves_the_entry_undated():
    """Before year 1 once in UTC, after 9999, a zone past a C int: OverflowError, not ValueError."""
    body = (b'<urlset><url><loc>http://a.example/1</loc><lastmod>0001-01-01T00:00:00+01:00</lastmod></url>'
            b'<url><loc>http://a.example/2</loc><lastmod>9999-12-31T23:00:00-05:00</lastmod></url></urlset>')
    assert parse_xml_source(body) == [Entry("http://a.example/1", None), Entry("http://a.example/2", None)]
    rss = (b"<rss><channel><item><link>http://a.example/3</link>"
           b"<pubDate>Mon, 01 Jan 2024 00:00:00 +999999999999999999999</pubDate></item></channel></rss>")
    assert parse_xml_source(rss) == [Entry("http://a.example/3", None)]


def test_an_rss_items_atom_link_does_not_hide_its_link():
    rss = (b'<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><item>'
           b'<atom:link href="http://a.example/feed" rel="self"/><link>http://a.example/story</link>'
           b"</item></channel></rss>")
    assert [e.url for e in parse_xml_source(rss)] == ["http://a.example/story"]


def test_atom_links_are_resolved_against_xml_base():
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.example/news/">'
            b'<entry><link href="story-1"/></entry><entry><link href="http://b.example/x"/></entry></feed>')
    assert [e.url for e in parse_xml_source(atom)] == ["http://a.example/news/story-1", "http://b.example/x"]


def test_a_sitemap_or_feed_cut_short_as_plain_xml_gives_its_whole_entries_and_says_so():
    """A server that stops writing a sitemap (no compression, the HTTP transfer whole) left its root element
    open: the entry the cut falls in was read as a URL cut short and followed, and nothing said so."""
    urls = "".join(f"<url><loc>https://news.example/{n}/story-about-the-vote/</loc></url>" for n in range(20))
    sitemap = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    items = "".join(f"<item><title>Story {n}</title><link>https://news.example/{n}/story/</link></item>" for n in range(9))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    for document in (sitemap, feed):
        whole = iter_xml_source(document.encode())
        assert len(list(whole)) in (20, 9) and not whole.truncated and whole.cut is None
        cut = iter_xml_source(document.encode()[: len(document) * 6 // 10])
        read = list(cut)
        assert cut.truncated and cut.cut == "document" and 0 < len(read) < 20
        assert all(e.url.endswith(("/story-about-the-vote/", "/story/")) for e in read)  # no URL cut short
    other = iter_xml_source(b'<?xml version="1.0"?><catalog><book/>')  # not a sitemap or feed: nothing to say
    assert list(other) == [] and not other.truncated


def test_broken_tag_names_are_no_error():
    # lxml's recovering parser names "<:" ':' (etree.QName raised ValueError on it; found by the property test)
    assert parse_xml_source(b"<:") == []
    assert parse_xml_source(b"<urlset><:x/><url><loc>https://a.test/x</loc></url></urlset>") == \
        [Entry(url="https://a.test/x", date=None, is_index=False)]


def test_a_sitemap_with_an_undeclared_prefix_is_read():
    body = b"<sm:urlset><sm:url><sm:loc>https://a.test/x</sm:loc></sm:url></sm:urlset>"
    assert [e.url for e in parse_xml_source(body)] == ["https://a.test/x"]
