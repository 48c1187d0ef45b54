"""robots.txt is obeyed by every request, even those waiting while it is fetched; a robots.txt the crawl
cannot read disallows the site (RFC 9309), a missing one (4xx) allows it.

Real crawls of local servers (127.0.0.1, ephemeral port).
"""

from __future__ import annotations

import socket
import struct

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from conftest import crawl, run_newsmill
from crawler.siteserver import DEMO_SITE, SiteServer
from crawler.middlewares.robotsunreachable import RobotsUnreachableMiddleware
from faultserver import FaultServer, crawl_settings


def test_start_urls_waiting_for_robots_txt_are_checked_against_it(tmp_path):
    """Scrapy's middleware checked only the first request waiting for robots.txt; the others went through."""
    with SiteServer(DEMO_SITE) as site:
        paths = ("/world/", "/europe/", "/private/internal-memo/", "/tech/", "/private/internal-memo/?page=2")
        crawl(site.url(paths[0]), tmp_path / "news.db", *[site.url(p) for p in paths[1:]])
        requests = dict(site.requests)
    assert requests.get("/private/internal-memo/", 0) == 0, requests
    assert requests["/robots.txt"] == 1 and requests["/tech/"] == 1


def _status(code: int):
    return lambda h, query, count: h.send(code, b"<html><body>error</body></html>")


def _reset(h, query, count):
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.close_connection = True


def _crawl(server: FaultServer, tmp_path, code: int = 0):
    links = "".join(f'<a href="/news/good-{n}/">story {n}</a>' for n in range(1, 4))
    server.routes["/"] = lambda h, query, count: h.send(200, f"<html><body>{links}</body></html>".encode())
    result = run_newsmill("crawl", server.url("/"), "--db", str(tmp_path / "news.db"), *crawl_settings(server),
                          "-s", "EXTRACT_WORKERS=1", "-s", "RETRY_TIMES=1")
    assert result.returncode == code, result.stderr[-3000:]
    return result, {p for p in server.requests if p != "/robots.txt"}


@pytest.mark.parametrize("robots", [_status(500), _reset], ids=["500", "connection-reset"])
def test_a_robots_txt_that_fails_keeps_the_crawler_off_the_site(tmp_path, robots):
    with FaultServer() as server:
        server.routes["/robots.txt"] = robots
        result, fetched = _crawl(server, tmp_path, code=1)
    assert fetched == set(), fetched
    assert server.requests["/robots.txt"] == 2  # RETRY_TIMES=1: asked twice, then the site is left alone
    host = server.url("/")[7:-1]
    assert f"robots.txt of {host} could not be read" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"Error: no start URL answered (robots.txt of {host}: ")
    assert "Traceback" not in result.stderr


def test_a_missing_robots_txt_allows_the_site(tmp_path):
    with FaultServer() as server:
        server.routes["/robots.txt"] = _status(404)
        result, fetched = _crawl(server, tmp_path)
    assert fetched == {"/", "/news/good-1/", "/news/good-2/", "/news/good-3/"}
    assert "could not be read" not in result.stderr


def test_only_the_robots_parsers_own_request_is_replaced():
    mw = RobotsUnreachableMiddleware()
    own = Request("http://a.example/robots.txt", meta={"dont_obey_robotstxt": True})
    spiders = Request("http://a.example/robots.txt")  # --discover reads Sitemap lines: its errors are its own
    page = Request("http://a.example/news/", meta={"dont_obey_robotstxt": True})
    down = Response(own.url, status=502)
    assert b"Disallow: /" in mw.process_response(own, down).body
    assert b"Disallow: /" in mw.process_response(own, Response(own.url, status=429)).body  # Google counts it a 5xx
    assert mw.process_response(own, Response(own.url, status=403)).status == 403  # 4xx: no robots.txt, allowed
    assert mw.process_response(spiders, down) is down
    assert mw.process_response(page, Response(page.url, status=502)).status == 502
    ok = Response(own.url, status=200, body=b"User-agent: *\nAllow: /\n")
    assert mw.process_response(own, ok) is ok
    assert mw.process_exception(own, TimeoutError()) is not None
    assert mw.process_exception(own, IgnoreRequest()) is None  # refused by us (page budget): nothing was asked
    assert mw.process_exception(spiders, TimeoutError()) is None
