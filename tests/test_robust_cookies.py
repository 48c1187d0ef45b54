"""A site that sets new cookies on every page: the jar stays bounded as a browser's (RFC 6265 6.1), so the
Cookie header stops growing and the crawl is not refused by the site's header limit (crawler/middlewares/
cookielimit.py)."""

from __future__ import annotations

import re

from sqlite_utils import Database

from conftest import crawl
from faultserver import FaultServer, crawl_settings

PAGES = 120
PER_PAGE = 50


def _flood_server(server: FaultServer, sizes: dict[int, int]) -> None:
    def page(h, query, count):
        n = int(h.path.strip("/").rsplit("/", 1)[1])
        sizes[n] = len(h.headers.get("Cookie") or "")
        links = "".join(f'<a href="/p/{m}/">page {m}</a>' for m in range(n * 4 + 1, n * 4 + 5) if m < PAGES)
        body = f"<html><body>{links}<p>A list page.</p></body></html>".encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        for i in range(PER_PAGE):  # 50 new cookies on every page
            h.send_header("Set-Cookie", f"c{n}_{i}={'v' * 40}; Path=/")
        if n == 0:
            h.send_header("Set-Cookie", f"huge={'x' * 60_000}; Path=/")  # one 60 KB cookie
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    for n in range(PAGES):
        server.routes[f"/p/{n}/"] = page


def test_a_cookie_flood_keeps_the_cookie_header_bounded(tmp_path):
    sizes: dict[int, int] = {}
    with FaultServer() as server:
        _flood_server(server, sizes)
        db_path = tmp_path / "cookies.db"
        result = crawl(server.url("/p/0/"), db_path, *crawl_settings(server), "--depth", "10", "-s", "LOG_LEVEL=INFO")
    assert len(sizes) == PAGES, sorted(set(range(PAGES)) - set(sizes))
    # 180 cookies ("c119_49=" and 40 bytes, separators): one domain's worth, never the whole crawl's (300 KB unbounded)
    assert max(sizes.values()) <= 180 * (len("c119_49=") + 40 + 2), max(sizes.values())
    db = Database(db_path)
    assert not list(db.query("SELECT url, reason FROM pages WHERE reason LIKE 'http_4%'"))
    run = next(db.query("SELECT * FROM crawl_runs"))
    assert run["exit_status"] == 0 and "Traceback" not in result.stderr
    dropped = re.search(r"'newsmill/cookies_dropped': (\d+)", result.stderr)  # Scrapy's stats dump
    assert dropped and int(dropped.group(1)) >= PAGES * PER_PAGE - 180, dropped  # all but one domain's worth
    assert "cookies over the jar's bounds" in result.stderr


def test_the_bounds_drop_the_oldest_and_the_oversized():
    from http.cookiejar import Cookie, CookieJar

    from scrapy.utils.test import get_crawler

    from crawler.middlewares.cookielimit import BoundedCookiesMiddleware

    def cookie(domain, name, value="v"):
        return Cookie(0, name, value, None, False, domain, True, domain.startswith("."), "/", True, False, None,
                      False, None, None, {})

    crawler = get_crawler(settings_dict={"COOKIES_MAX_PER_DOMAIN": 3, "COOKIES_MAX_TOTAL": 5})
    mw = BoundedCookiesMiddleware.from_crawler(crawler)
    jar = CookieJar()
    for i in range(5):
        jar.set_cookie(cookie("a.example", f"a{i}"))
        mw.bound(jar)
    jar.set_cookie(cookie("b.example", "big", "x" * 5000))
    for i in range(3):
        jar.set_cookie(cookie("b.example", f"b{i}"))
    jar.set_cookie(cookie("c.example", "c0"))
    dropped = mw.bound(jar)
    names = sorted(c.name for c in jar)
    assert names == ["a4", "b0", "b1", "b2", "c0"], names  # a0, a1 (3 a domain), big, then a2, a3 (5 in all)
    assert dropped == 3 and crawler.stats.get_value("newsmill/cookies_dropped") == 5



def test_the_least_recently_used_cookies_go_first():
    """Eviction is by last use (RFC 6265 5.3, 5.4), not by when a cookie was set. A session cookie set by the
    first page and sent with each page since stays while every later page sets 20 tracking ids for its own
    path (50 a domain: those of the oldest pages go), and when another site's cookies bring the jar past its
    60 in all. Evicted by the time it was set, the session cookie was gone by the fourth page."""
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.cookielimit import BoundedCookiesMiddleware

    crawler = get_crawler(settings_dict={"COOKIES_MAX_PER_DOMAIN": 50, "COOKIES_MAX_TOTAL": 60})
    mw = BoundedCookiesMiddleware.from_crawler(crawler)

    def fetch(url: str, set_cookies: list[str]) -> list[str]:
        request = Request(url)
        assert mw.process_request(request) is None
        sent = (request.headers.get("Cookie") or b"").decode()
        mw.process_response(request, HtmlResponse(url, headers={"Set-Cookie": set_cookies}, body=b"<p>"))
        return sent.split("; ") if sent else []

    fetch("http://news.example/", ["session=abc; Path=/"])
    for n in range(1, 8):
        sent = fetch(f"http://news.example/p/{n}/", [f"t{n}_{i}=x; Path=/p/{n}/" for i in range(20)])
        assert sent == ["session=abc"], (n, sent)
    names = {c.name for c in cookie_jar_of(mw)}
    assert "session" in names and {f"t7_{i}" for i in range(20)} <= names and "t5_0" not in names, sorted(names)
    # another site: its 30 cookies bring the jar past 60; the session cookie was used last of the first site's
    fetch("http://other.example/", [f"o{i}=y; Path=/" for i in range(30)])
    assert fetch("http://news.example/", []) == ["session=abc"]
    assert len(list(cookie_jar_of(mw))) == 60


def cookie_jar_of(mw):
    return mw.jars[None].jar
