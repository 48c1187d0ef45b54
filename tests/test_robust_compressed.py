"""Compressed bodies at their edges (crawler/middlewares/truncatedbody.py): two codings, a coding Scrapy
does not know, garbage under a known one, an empty body, a 304, a sitemap sent with Content-Encoding and
cut, a page cut on one night and whole on the next, a sitemap with no Content-Type cut, a cut page
not retried when retries are off. The fault server's crawl (tests/test_robust_faults.py)
has the common cases."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler
from sqlite_utils import Database

from conftest import crawl
from crawler.discovery import iter_xml_source
from crawler.middlewares.truncatedbody import META_KEY, TRUNCATED_KEY, TruncatedBody, TruncatedBodyMiddleware
from crawler.streams import streams_end
from faultserver import FaultServer, article_html, crawl_settings, listed_source, outcomes

STORED = ("new", "changed", "refreshed", "unchanged")


@settings(max_examples=40, deadline=None)
@given(page=st.binary(min_size=1, max_size=5000), cut=st.floats(0, 1))
def test_two_codings_are_whole_only_when_both_streams_end(page, cut):
    stream = brotli.compress(gzip.compress(page))  # Content-Encoding: gzip, br
    assert streams_end(stream, (b"gzip", b"br"))
    assert not streams_end(stream[: int((len(stream) - 1) * cut)], (b"gzip", b"br"))
    inner_cut = gzip.compress(page)[:-3]
    assert not streams_end(brotli.compress(inner_cut), (b"gzip", b"br"))  # a whole br of a cut gzip


def test_a_gzip_of_two_members_is_whole_only_when_the_second_ends():
    first, second = gzip.compress(b"<p>one</p>" * 500), gzip.compress(b"<p>two</p>" * 500)
    assert streams_end(first + second, (b"gzip",))
    assert not streams_end(first + second[: len(second) // 2], (b"gzip",))


def _routes(server: FaultServer) -> dict:
    def page(body: bytes, coding: str):
        return lambda h, q, c: h.send(200, body, headers={"Content-Encoding": coding})

    def two_whole(h, q, c):
        stream = brotli.compress(gzip.compress(article_html(241).encode()))
        h.send(200, stream, headers={"Content-Encoding": "gzip, br"})

    def n304(h, q, c):
        if h.headers.get("If-None-Match") == '"v1"':  # a 304 that still names the coding, without a body
            return h.send(304, b"", None, headers={"Content-Encoding": "gzip", "ETag": '"v1"'})
        h.send(200, gzip.compress(article_html(243).encode()), headers={"Content-Encoding": "gzip", "ETag": '"v1"'})

    def nightly(h, q, c):  # cut on the first night's three attempts, whole afterwards
        stream = gzip.compress(article_html(244).encode())
        h.send(200, stream if c > 3 else stream[: len(stream) // 2], headers={"Content-Encoding": "gzip"})

    def sitemap_ce(h, q, c):  # a sitemap sent with Content-Encoding: gzip, cut
        stream = gzip.compress(listed_source("sitemap", server.base_url), 6)
        h.send(200, stream[: len(stream) * 6 // 10], "application/xml", headers={"Content-Encoding": "gzip"})

    def sitemap_header_only(h, q, c):  # a sitemap.xml.gz cut inside its gzip header: nothing to read
        h.send(200, gzip.compress(listed_source("sitemap", server.base_url))[:6], "application/x-gzip")

    routes = {
        "/edge/two-whole/": two_whole,
        "/edge/identity/": page(article_html(242).encode(), "identity"),
        "/edge/empty-gzip/": page(b"", "gzip"),
        "/edge/garbage-br/": page(b"<html>not brotli</html>" * 40, "br"),
        "/edge/garbage-zstd/": page(b"<html>not zstd</html>" * 40, "zstd"),
        "/edge/garbage-deflate/": page(b"<html>not deflate</html>" * 40, "deflate"),
        "/edge/n304/": n304,
        "/edge/nightly/": nightly,
        "/edge/sitemap.xml": sitemap_ce,
        "/edge/header-only.xml.gz": sitemap_header_only,
    }
    links = "".join(f'<a href="{p}">{p}</a>' for p in routes if not p.endswith((".xml", ".gz")))
    routes["/edge/"] = lambda h, q, c: h.send(200, f"<html><body>{links}</body></html>".encode())
    return routes


def test_compressed_edges_end_as_recorded(tmp_path):
    with FaultServer() as server:
        server.routes.update(_routes(server))
        db_path = tmp_path / "edges.db"
        args = (*crawl_settings(server), "--sitemap", server.url("/edge/sitemap.xml"),
                "--sitemap", server.url("/edge/header-only.xml.gz"))
        first = crawl(server.url("/edge/"), db_path, *args)
        pages = outcomes(Database(db_path))
        got = {p: f"{r['outcome']}:{r['reason'] or ''}" for p, r in pages.items() if p.startswith("/edge/")}
        assert pages["/edge/two-whole/"]["outcome"] in STORED, got
        assert pages["/edge/identity/"]["outcome"] in STORED, got  # a coding Scrapy leaves: the body as sent
        assert got["/edge/empty-gzip/"].startswith("skipped:unparsable"), got
        for name in ("garbage-br", "garbage-zstd", "garbage-deflate"):
            assert got[f"/edge/{name}/"] == "failed:bad_content_encoding", got
            assert server.hits(f"/edge/{name}/") == 1  # a server's mistake, not a hiccup: not retried
        assert got["/edge/nightly/"] == "failed:truncated" and server.hits("/edge/nightly/") == 3, got
        for path in ("/edge/sitemap.xml", "/edge/header-only.xml.gz"):
            assert got[path] == "skipped:sitemap_or_feed:truncated", got
            assert server.hits(path) == 3
        listed = [p for p in server.requests if p.startswith("/faults/listed/")]
        assert len(listed) >= 3, listed  # the entries before the cut, fetched
        assert "Traceback" not in first.stderr

        second = crawl(server.url("/edge/"), db_path, *args)  # the next night: the page is whole
        pages = outcomes(Database(db_path))
        assert pages["/edge/nightly/"]["outcome"] == "new", pages["/edge/nightly/"]
        assert pages["/edge/n304/"]["reason"] == "not_modified", pages["/edge/n304/"]
        assert "Traceback" not in second.stderr


def test_the_entry_a_cut_falls_in_is_not_read_as_a_url():
    urls = [f"https://news.example/2025/03/story-{n}-about-the-vote/" for n in range(40)]
    doc = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>").encode()
    for cut in range(len(doc) // 3, len(doc) - 10, 13):
        got = [e.url for e in iter_xml_source(doc[:cut], truncated=True)]
        assert got == urls[: len(got)] and len(got) >= 10, (cut, got[-1:])
        stream = gzip.compress(doc)
        got = [e.url for e in iter_xml_source(stream[: cut * len(stream) // len(doc)])]  # its own gzip: cut found
        assert got == urls[: len(got)], (cut, got[-1:])


def test_garbage_from_the_first_byte_is_not_a_stream():
    assert not streams_end(b"\x1f\x8b not really gzip" * 20, (b"gzip",))
    assert not streams_end(b"plain text" * 20, (b"deflate",))
    assert streams_end(zlib.compress(b"x" * 100), (b"deflate",))
    assert streams_end(zstandard.ZstdCompressor().compress(b"x" * 100), (b"zstd",))


def test_a_cut_sitemap_with_no_content_type_is_followed_as_far_as_it_goes(tmp_path):
    """The spider reads a body starting `<?xml` as a sitemap whatever its type, or none: the middleware too."""
    with FaultServer() as server:
        def bare(h, q, c):  # Content-Encoding: gzip, no Content-Type, cut 60 % in
            stream = gzip.compress(listed_source("sitemap", server.base_url), 6)
            h.send(200, stream[: len(stream) * 6 // 10], None, headers={"Content-Encoding": "gzip"})

        server.routes["/edge/bare-sitemap"] = bare
        server.routes["/edge/start/"] = lambda h, q, c: h.send(200, b"<html><body>start</body></html>")
        db_path = tmp_path / "bare.db"
        result = crawl(server.url("/edge/start/"), db_path, *crawl_settings(server),
                       "--sitemap", server.url("/edge/bare-sitemap"))
        pages = outcomes(Database(db_path))
        row = pages["/edge/bare-sitemap"]
        assert f"{row['outcome']}:{row['reason']}" == "skipped:sitemap_or_feed:truncated", row
        assert server.hits("/edge/bare-sitemap") == 3
        listed = [p for p in server.requests if p.startswith("/faults/listed/")]
        assert len(listed) >= 3, listed  # the entries before the cut, fetched
        assert "Traceback" not in result.stderr


def _cut_gzip(doc: bytes) -> tuple[bytes, bytes]:
    """A gzip stream of `doc` cut in half, and what Scrapy inflates of it."""
    stream = gzip.compress(doc)
    cut = stream[: len(stream) // 2]
    return cut, zlib.decompressobj(31).decompress(cut)


def _judge(settings: dict, meta: dict, response_class=HtmlResponse, doc: bytes | None = None):
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("t")
    middleware = TruncatedBodyMiddleware.from_crawler(crawler)
    doc = doc or b"<html><body>" + b"<p>A story of the council's vote on the budget.</p>" * 400 + b"</body></html>"
    cut, body = _cut_gzip(doc)
    request = Request("http://127.0.0.1:1/news/story/", meta={**meta, META_KEY: ((b"gzip",), cut)})
    ctype = "text/html" if response_class is HtmlResponse else "application/xml"
    response = response_class(request.url, body=body, headers={"Content-Type": ctype}, request=request)
    return middleware.process_response(request, response), request


@pytest.mark.parametrize("settings, meta", [({"RETRY_ENABLED": False}, {}), ({}, {"dont_retry": True})],
                         ids=["RETRY_ENABLED=False", "dont_retry"])
def test_a_cut_page_is_not_retried_when_retries_are_off(settings, meta):
    with pytest.raises(TruncatedBody):
        _judge(settings, meta)
    doc = listed_source("sitemap", "http://127.0.0.1:1")
    got, request = _judge(settings, meta, XmlResponse, doc)  # a sitemap: passed on, its entries followed
    assert isinstance(got, XmlResponse) and request.meta[TRUNCATED_KEY] == "gzip"


def test_a_cut_page_is_retried_by_default():
    got, _ = _judge({}, {})
    assert isinstance(got, Request) and got.meta["retry_times"] == 1
