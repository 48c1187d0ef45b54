"""A hostile news site on 127.0.0.1 for the robustness tests and `make stress` (stdlib only, in a thread).

    with FaultServer() as server:
        server.url("/faults/empty/")

Every fault lives at its own path and is listed in FAULTS with what the crawl must make of it: the
article stored (`stored`), a `pages` row whose reason starts with a given word (`skipped:REASON`,
`failed:REASON`), or the URL never fetched (`not_fetched`). The index page links every fault and
every good article, so one crawl from "/" meets all of them.
"""

from __future__ import annotations

import gzip
import random
import socket
import struct
import threading
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import brotli

HTML = "text/html; charset=utf-8"
MiB = 1024 * 1024

_WORDS = ("harbour council budget river bridge minister storm school railway court farmers election museum "
          "hospital vaccine orchestra mayor drought festival airport reporter library union energy tunnel "
          "forest glacier senator market opera ferry lighthouse volcano vineyard miners pilots nurses").split()


def article_html(n: int, *, title: str | None = None, extra: str = "", edit: str = "", charset: str = "utf-8",
                 lead: str = "") -> str:
    """A plain news article page with a JSON-LD NewsArticle; its text is unique to n."""
    title = title or f"Story number {n}: the {_WORDS[n % len(_WORDS)]} report"
    paragraphs, rng = [], random.Random(n)
    for p in range(7):
        words = rng.choices(_WORDS, k=38)
        paragraphs.append(f"Paragraph {p} of story {n} says the " + " ".join(words) + " met again on Tuesday.")
    if edit:
        paragraphs[3] = edit
    body = "".join(f"<p>{t}</p>" for t in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title} - Fault Times</title>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "%s", '
        '"datePublished": "2025-03-0%dT08:00:00Z", "author": {"@type": "Person", "name": "Ada Reporter"}}</script>'
        '</head><body><header><a href="/">Fault Times</a></header><main><article>'
        f'<h1>{title}</h1>{lead}{body}{extra}</article></main><footer>Fault Times, 1 Fault Street</footer></body></html>'
    ) % (title, n % 9 + 1)


@dataclass(frozen=True)
class Fault:
    name: str
    path: str
    expect: str  # stored | skipped:REASON | failed:REASON | not_fetched
    note: str = ""


GOOD = [f"/news/good-{n}/" for n in range(1, 13)]  # plain articles that must all be stored

FAULTS = [
    Fault("malformed", "/faults/malformed/", "stored", "unclosed and misnested tags around a real article"),
    Fault("truncated", "/faults/truncated/", "stored", "the document stops mid-tag after the article text"),
    Fault("dataloss", "/faults/dataloss/", "failed:error", "Content-Length promises more than is sent"),
    Fault("empty", "/faults/empty/", "skipped:unparsable", "200 with an empty body"),
    Fault("scripts_only", "/faults/scripts-only/", "skipped:not_article", "a page of only <script> elements"),
    Fault("no_article", "/faults/no-article/", "skipped:not_article", "a page with a few words and links"),
    Fault("binary", "/faults/binary/", "skipped:unparsable", "random bytes served as text/html"),
    Fault("pdf", "/faults/pdf/", "skipped:unparsable", "a PDF served as text/html"),
    Fault("image", "/faults/image/", "skipped:unparsable", "a PNG served as text/html"),
    Fault("charset_wrong", "/faults/charset-wrong/", "stored", "header says ISO-8859-1, body is UTF-8"),
    Fault("charset_missing", "/faults/charset-missing/", "stored", "windows-1252 body, no charset anywhere"),
    Fault("charset_conflict", "/faults/charset-conflict/", "stored", "header UTF-8, meta and body windows-1251"),
    Fault("mojibake", "/faults/mojibake/", "stored", "double-encoded UTF-8 text, stored verbatim"),
    Fault("too_large", "/faults/too-large/", "failed:too_large", "body over DOWNLOAD_MAXSIZE, with Content-Length"),
    Fault("too_large_chunked", "/faults/too-large-stream/", "failed:too_large", "over the limit, no Content-Length"),
    Fault("deep_nesting", "/faults/deep/", "stored", "article inside 10,000 nested <div>s"),
    Fault("gzip_bomb", "/faults/bomb-gzip/", "failed:too_large", "small gzip body, huge when decompressed"),
    Fault("deflate_bomb", "/faults/bomb-deflate/", "failed:too_large", "small deflate body, huge when decompressed"),
    Fault("brotli_bomb", "/faults/bomb-br/", "failed:too_large", "small brotli body, huge when decompressed"),
    Fault("truncated_gzip", "/faults/cut-gzip/", "failed:truncated",
          "a gzip stream that ends 60 % into the page, with a Content-Length that matches what is sent"),
    Fault("truncated_brotli", "/faults/cut-br/", "failed:truncated", "the same with Content-Encoding: br"),
    Fault("gzip_no_trailer", "/faults/gzip-no-trailer/", "stored", "a whole gzip page missing its 8-byte trailer"),
    Fault("truncated_gzip_brotli", "/faults/cut-gzip-br/", "failed:truncated",
          "Content-Encoding: gzip, br (two codings), the brotli stream cut 60 % into the page"),
    Fault("bad_gzip", "/faults/bad-gzip/", "failed:bad_content_encoding", "Content-Encoding: gzip over a body "
          "that is not gzip from its first byte"),
    Fault("truncated_sitemap", "/faults/cut-sitemap.xml", "skipped:sitemap_or_feed:truncated",
          "a gzip sitemap without Content-Encoding (sitemap.xml.gz style) cut 60 % in: retried, then the entries "
          "before the cut followed"),
    Fault("truncated_feed", "/faults/cut-feed/", "skipped:sitemap_or_feed:truncated",
          "an RSS feed sent with Content-Encoding: br, cut 60 % in: the same"),
    Fault("sitemap_gzip_bomb", "/faults/sitemap-bomb.xml", "failed:too_large",
          "gzip bytes without Content-Encoding (sitemap.xml.gz style), huge when decompressed"),
    Fault("slow_headers", "/faults/slow-headers/", "failed:error", "no response line before the timeout"),
    Fault("slow_body", "/faults/slow-body/", "failed:error", "the body trickles slower than the timeout"),
    Fault("reset", "/faults/reset/", "failed:error", "the connection is reset without a response"),
    Fault("rate_limited", "/faults/429/", "stored", "429 with Retry-After: 1, then the article"),
    Fault("unavailable", "/faults/503/", "stored", "503 with Retry-After: 1, then the article"),
    Fault("retry_after_too_long", "/faults/503-long/", "skipped:http_503", "Retry-After: 3600 is not waited for"),
    Fault("flaky", "/faults/flaky/", "stored", "500 twice, then the article"),
    Fault("redirect_loop", "/faults/redirect-loop/", "failed:redirect_loop", "redirects to itself"),
    Fault("redirect_cycle", "/faults/cycle-a/", "failed:redirect_loop", "a -> b -> a"),
    Fault("redirect_chain", "/faults/chain/40/", "failed:too_many_redirects", "40 redirects in a row"),
    Fault("short_chain", "/faults/chain/3/", "stored", "3 redirects, then an article"),
    Fault("calendar_trap", "/faults/calendar/2025/01/", "skipped:not_article", "each month links the next, forever"),
    Fault("session_ids", "/faults/session/", "skipped:not_article", "links carry a new session id each time"),
    Fault("growing_query", "/faults/grow/?q=a", "skipped:not_article", "each page links a longer query"),
    Fault("duplicate", "/faults/dup-b/", "skipped:duplicate_of", "the same article as /faults/dup-a/ (either "
          "one is stored, the other points to it)"),
    Fault("near_duplicate", "/faults/near-dup/", "skipped:near_duplicate_of", "dup-a with one sentence edited, "
          "served a second later"),
    Fault("redirect_to_private", "/faults/to-private/", "failed:private_address", "302 to 127.0.0.2"),
    Fault("redirect_to_10", "/faults/to-10/", "failed:private_address", "302 to 10.1.2.3"),
    Fault("redirect_to_other_port", "/faults/to-other-port/", "failed:private_address",
          "302 to the start host (127.0.0.1, trusted) on another port"),
    Fault("robots_disallowed", "/private/secret/", "not_fetched", "robots.txt Disallow: /private/"),
    Fault("hostile_content", "/faults/hostile/", "stored", "scripts, on* attributes and SQL-looking text"),
]
STORED_PATHS = ["/faults/dup-a/"]  # linked from the index too: the original of the duplicates

SQL_TEXT = "Robert'); DROP TABLE articles;-- said \"1\" OR \"1\"=\"1\" in his statement to the court."


class FaultServer:
    def __init__(self, port: int = 0, *, maxsize: int = MiB, crawl_delay: float | None = None,
                 slow_seconds: float = 4.0):
        self.maxsize = maxsize  # what "too large" and the bombs must exceed (the crawl's DOWNLOAD_MAXSIZE)
        self.crawl_delay = crawl_delay
        self.slow_seconds = slow_seconds
        self.requests: Counter[str] = Counter()  # path?query -> times requested
        self.times: dict[str, list[float]] = defaultdict(list)  # path -> monotonic times of each request
        self.redirect_targets: dict[str, str] = {}  # extra redirects a test adds: path -> location
        self.routes: dict = {}  # extra pages a test adds: path -> handler(h, query, count)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def hits(self, path: str) -> int:
        return sum(n for p, n in self.requests.items() if urlsplit(p).path == path)

    def start(self) -> "FaultServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ pages
    def index(self) -> bytes:
        links = [*GOOD, *(f.path for f in FAULTS), *STORED_PATHS]
        items = "".join(f'<li><a href="{p}">{p}</a></li>' for p in links)
        return f"<html><head><title>Fault Times</title></head><body><ul>{items}</ul></body></html>".encode()

    def robots(self) -> bytes:
        delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay is not None else ""
        return f"User-agent: *\nDisallow: /private/\n{delay}".encode()

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (stdlib name)
                parts = urlsplit(self.path)
                with server._lock:
                    server.requests[self.path] += 1
                    server.times[parts.path].append(time.monotonic())
                    count = server.hits(parts.path)
                try:
                    server.route(self, parts.path, dict(parse_qsl(parts.query)), count)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

            def send(self, status: int, body: bytes, ctype: str | None = HTML, headers: dict | None = None,
                     length: int | None = None):
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def route(self, h, path: str, query: dict, count: int) -> None:  # noqa: C901, PLR0912 (a table of cases)
        if path in self.routes:
            return self.routes[path](h, query, count)
        if path == "/":
            return h.send(200, self.index())
        if path == "/robots.txt":
            return h.send(200, self.robots(), "text/plain")
        if path in self.redirect_targets:
            return h.send(302, b"", headers={"Location": self.redirect_targets[path]})
        if path.startswith("/news/good-"):
            n = int(path.rstrip("/").rsplit("-", 1)[1])
            return h.send(200, article_html(n).encode())
        name = path.removeprefix("/faults/").strip("/")
        good = article_html(100 + (sum(map(ord, name)) % 900)).encode()
        if name == "malformed":
            page = article_html(201).replace("</p>", "", 3).replace("<article>", "<article><div><span><b>")
            return h.send(200, (page.replace("</main>", "</div></table></li>") + "<p <<>> </i>").encode())
        if name == "truncated":
            page = article_html(202)
            return h.send(200, page[: page.index("</article>") + 5].encode())
        if name == "dataloss":
            body = article_html(203).encode()
            h.send(200, body[:2000], length=len(body))
            h.wfile.flush()
            h.close_connection = True
            return None
        if name == "empty":
            return h.send(200, b"")
        if name == "scripts-only":
            return h.send(200, b"<html><head>" + b"<script>var x = 1;" * 50 + b"</script></head><body>"
                          + b"<script>document.write('hello')</script>" * 30 + b"</body></html>")
        if name == "no-article":
            return h.send(200, b"<html><body><h1>Welcome</h1><p>Nothing to read here.</p>"
                          b'<a href="/">Home</a></body></html>')
        if name == "binary":
            return h.send(200, bytes((i * 7919 + 13) % 256 for i in range(6000)))
        if name == "pdf":
            return h.send(200, _pdf())
        if name == "image":
            return h.send(200, _png())
        if name == "charset-wrong":
            page = article_html(204, title="Café society: the naïve façade").replace('<meta charset="utf-8">', "")
            return h.send(200, page.encode("utf-8"), "text/html; charset=iso-8859-1")
        if name == "charset-missing":
            page = article_html(205, title="Café prices rise in Zürich").replace('<meta charset="utf-8">', "")
            page = page.replace("met again", "met again at the café in Zürich")
            return h.send(200, page.encode("cp1252"), "text/html")
        if name == "charset-conflict":
            page = article_html(206, title="Новости дня: мэр открыл мост", charset="windows-1251")
            page = page.replace("met again", "встретились снова в городе")
            return h.send(200, page.encode("cp1251"), HTML)
        if name == "mojibake":
            title = "CafÃ© owners meet the mayor"  # double-encoded on the site itself
            return h.send(200, article_html(207, title=title).encode("utf-8"))
        if name == "too-large":
            return h.send(200, _filler(self.maxsize * 2))
        if name == "too-large-stream":
            h.send_response(200)
            h.send_header("Content-Type", HTML)
            h.send_header("Connection", "close")
            h.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            for _ in range(self.maxsize * 2 // len(chunk) + 1):
                h.wfile.write(chunk)
            h.close_connection = True
            return None
        if name == "deep":
            return h.send(200, _deep_page(10_000))
        if name in ("cut-gzip", "cut-br", "gzip-no-trailer"):
            page = article_html({"cut-gzip": 231, "cut-br": 233, "gzip-no-trailer": 232}[name]).encode()
            stream = brotli.compress(page) if name == "cut-br" else gzip.compress(page, 6)
            stream = stream[:-8] if name == "gzip-no-trailer" else stream[: len(stream) * 6 // 10]
            return h.send(200, stream, headers={"Content-Encoding": "br" if name == "cut-br" else "gzip"})
        if name == "cut-gzip-br":
            stream = brotli.compress(gzip.compress(article_html(234).encode(), 6))
            return h.send(200, stream[: len(stream) * 6 // 10], headers={"Content-Encoding": "gzip, br"})
        if name == "bad-gzip":
            return h.send(200, b"<html><body>not gzip at all</body></html>" * 20, headers={"Content-Encoding": "gzip"})
        if name == "cut-sitemap.xml":
            return h.send(200, cut_source("sitemap", self.base_url), "application/xml")
        if name == "cut-feed":
            return h.send(200, cut_source("feed", self.base_url), "application/rss+xml", headers={"Content-Encoding": "br"})
        if name.startswith("listed/"):  # a sitemap's or feed's entry: a small page, cheap to crawl
            return h.send(200, f"<html><body><h1>Listed {name.split('/')[1]}</h1></body></html>".encode())
        if name == "sitemap-bomb.xml":
            return h.send(200, sitemap_bomb(self.maxsize * 8), "application/xml")
        if name.startswith("bomb-"):
            encoding = {"bomb-gzip": "gzip", "bomb-deflate": "deflate", "bomb-br": "br"}[name]
            return h.send(200, _bomb(encoding, self.maxsize * 8), headers={"Content-Encoding": encoding})
        if name == "slow-headers":
            time.sleep(self.slow_seconds)
            return h.send(200, good)
        if name == "slow-body":
            h.send_response(200)
            h.send_header("Content-Type", HTML)
            h.send_header("Content-Length", str(len(good)))
            h.end_headers()
            for i in range(0, len(good), 200):
                h.wfile.write(good[i: i + 200])
                h.wfile.flush()
                time.sleep(self.slow_seconds / 4)
            return None
        if name == "reset":
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.close_connection = True
            return None
        if name in ("429", "503"):
            if count == 1:
                return h.send(int(name), b"busy", headers={"Retry-After": "1"})
            return h.send(200, good)
        if name == "503-long":
            return h.send(503, b"down for maintenance", headers={"Retry-After": "3600"})
        if name == "flaky":
            if count <= 2:
                return h.send(500, b"oops")
            return h.send(200, good)
        if name == "redirect-loop":
            return h.send(302, b"", headers={"Location": "/faults/redirect-loop/"})
        if name in ("cycle-a", "cycle-b"):
            return h.send(302, b"", headers={"Location": "/faults/cycle-" + ("b/" if name == "cycle-a" else "a/")})
        if name.startswith("chain/"):
            left = int(name.split("/")[1])
            if left == 0:
                return h.send(200, article_html(208).encode())
            return h.send(301, b"", headers={"Location": f"/faults/chain/{left - 1}/"})
        if name.startswith("calendar/"):
            year, month = (int(x) for x in name.split("/")[1:3])
            nxt = (year + month // 12, month % 12 + 1)
            prev = (year - (month == 1), (month - 2) % 12 + 1)
            return h.send(200, (f"<html><body><h1>Events {year}-{month:02d}</h1>"
                                f'<a href="/faults/calendar/{nxt[0]}/{nxt[1]:02d}/">next</a> '
                                f'<a href="/faults/calendar/{prev[0]}/{prev[1]:02d}/">previous</a>'
                                "</body></html>").encode())
        if name == "session" or name.startswith("session"):
            sid = f"{time.monotonic_ns():x}"
            return h.send(200, (
                f'<html><body><a href="/faults/session/?sid={sid}">again</a>'
                f'<a href="/faults/session/?PHPSESSID={sid}&amp;x=1">x</a>'
                f'<a href="/faults/session-page;jsessionid={sid}">page</a>'
                f'<a href="/faults/session-page?sessionid={sid}">page</a></body></html>').encode())
        if name == "grow":
            q = query.get("q", "a")
            return h.send(200, f'<html><body><a href="/faults/grow/?q={q}a">more</a></body></html>'.encode())
        if name in ("dup-a", "dup-b"):
            return h.send(200, article_html(209).encode())
        if name == "near-dup":
            time.sleep(1.0)  # after dup-a and dup-b: the near-duplicate is the later copy
            page = article_html(209).replace("met again on Tuesday.</p><p>Paragraph 3",
                                             "met again on Wednesday, the ministry said.</p><p>Paragraph 3")
            return h.send(200, page.encode())
        if name == "to-private":
            return h.send(302, b"", headers={"Location": f"http://127.0.0.2:{self.port}/news/good-1/"})
        if name == "to-other-port":
            return h.send(302, b"", headers={"Location": f"http://127.0.0.1:{self.port ^ 1}/news/good-1/"})
        if name == "to-10":
            return h.send(302, b"", headers={"Location": "http://10.1.2.3/news/"})
        if name == "hostile":
            return h.send(200, hostile_html().encode())
        return h.send(404, b"<html><body>Not found</body></html>")


def hostile_html() -> str:
    extra = ('<script>document.cookie="stolen=1"; alert("xss-script")</script>'
             '<p onclick="alert(\'xss-onclick\')">Witnesses described the scene in detail to reporters '
             f'gathered outside the court building. {SQL_TEXT}</p>'
             '<img src="x.png" onerror="alert(\'xss-onerror\')">'
             '<p>The defendant <a href="javascript:alert(\'xss-href\')">smiled</a> and '
             '<span onmouseover="steal()">waved</span> at the cameras.</p>'
             '<noscript><iframe src="https://evil.example/"></iframe></noscript>'
             '<style>p { display: none }</style>')
    return article_html(210, extra=extra)


def _filler(size: int) -> bytes:
    return (b"<html><body>" + b"<p>filler text</p>" * (size // 18 + 1))[:size]


@lru_cache(maxsize=8)
def _bomb(encoding: str, size: int) -> bytes:
    data = b"<html><body>" + b"\0" * size
    if encoding == "gzip":
        return gzip.compress(data, 9)
    if encoding == "deflate":
        return zlib.compress(data, 9)
    return brotli.compress(data, quality=9)


def listed_path(n: int) -> str:
    """The path of listed article n: a slug of words, as a news site's (and as hard to compress)."""
    rng = random.Random(n)
    return f"/faults/listed/{n}/" + "-".join(rng.choices(_WORDS, k=6)) + f"-{rng.getrandbits(32):08x}"


def listed_source(kind: str, base: str) -> bytes:
    """A whole sitemap (12 pages at /faults/listed/N/...) or RSS feed (12 more, from N = 100)."""
    if kind == "sitemap":
        urls = "".join(f"<url><loc>{base}{listed_path(n)}</loc><lastmod>2025-03-{n % 28 + 1:02d}</lastmod></url>"
                       for n in range(12))
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()
    items = "".join(f"<item><title>Story {n}</title><link>{base}{listed_path(n)}</link></item>" for n in range(100, 112))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fault Times</title>{items}</channel></rss>'.encode()


def cut_source(kind: str, base: str) -> bytes:
    """listed_source compressed (sitemap: gzip, feed: brotli), cut 60 % into the stream."""
    source = listed_source(kind, base)
    stream = gzip.compress(source, 6) if kind == "sitemap" else brotli.compress(source)
    return stream[: len(stream) * 6 // 10]


@lru_cache(maxsize=4)
def sitemap_bomb(size: int) -> bytes:
    """A sitemap's start, then `size` bytes of spaces, gzipped: about 1,000 times smaller than it inflates."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
    chunk, parts = b" " * MiB, [compressor.compress(head)]
    for _ in range(size // MiB):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return b"".join(parts)


@lru_cache(maxsize=2)
def _deep_page(levels: int) -> bytes:
    page = article_html(211)
    head, rest = page.split("<article>", 1)
    inner, tail = rest.split("</article>", 1)
    return (head + "<article>" + "<div>" * levels + inner + "</div>" * levels + "</article>" + tail).encode()


def _pdf() -> bytes:
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nstream\n" + bytes(range(256)) * 8
            + b"\nendstream\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _png() -> bytes:
    raw = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(64)) for y in range(64))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------- what a crawl made of it
def crawl_settings(server: "FaultServer", timeout: float = 2.0) -> list[str]:
    """-s options for a fast crawl of the fault server: limits small enough to meet every fault quickly."""
    return ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
            "-s", f"DOWNLOAD_MAXSIZE={server.maxsize}", "-s", f"DOWNLOAD_WARNSIZE={server.maxsize}",
            "-s", f"DOWNLOAD_TIMEOUT={timeout}", "-s", "CRAWL_MAX_PAGES_PER_SITE=300", "--depth", "3"]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def outcomes(db) -> dict[str, dict]:
    """pages rows of the fault server by path (with query)."""
    return {_path(r["url"]): r for r in db.query("SELECT * FROM pages WHERE url LIKE 'http://127.0.0.1:%'")}


_STORED = ("new", "changed", "refreshed", "unchanged")


def judge(fault: Fault, pages: dict[str, dict], server: "FaultServer") -> tuple[bool, str]:
    """(survived, what happened) for one fault."""
    if fault.expect == "not_fetched":
        hits = server.hits(fault.path)
        return hits == 0, f"requested {hits} times"
    if fault.name in ("duplicate", "near_duplicate"):
        return _judge_duplicates(fault, pages)
    row = pages.get("/faults/chain/0/" if fault.name == "short_chain" else fault.path)
    if row is None:
        return False, "no pages row"
    got = f"{row['outcome']}:{row['reason'] or ''}"
    if fault.expect == "stored":
        return row["outcome"] in _STORED and bool(row["article_url"]), got
    kind, reason = fault.expect.split(":", 1)
    return row["outcome"] == kind and (row["reason"] or "").startswith(reason), got


def _judge_duplicates(fault: Fault, pages: dict[str, dict]) -> tuple[bool, str]:
    """dup-a and dup-b: one stored, the other duplicate_of it; near-dup: near_duplicate_of that one."""
    rows = [pages.get(p) for p in ("/faults/dup-a/", "/faults/dup-b/")]
    if None in rows:
        return False, "no pages row"
    stored = [r for r in rows if r["outcome"] in _STORED]
    copy = [r for r in rows if r["outcome"] not in _STORED]
    if len(stored) != 1:
        how = ", ".join(f"{r['outcome']}:{r['reason'] or ''}" for r in rows)
        return False, f"{len(stored)} of dup-a, dup-b stored ({how})"
    if fault.name == "duplicate":
        row = copy[0]
    else:
        row = pages.get(fault.path)
        if row is None:
            return False, "no pages row"
    got = f"{row['outcome']}:{row['reason'] or ''} -> {row['article_url']}"
    reason = fault.expect.split(":", 1)[1]
    return row["reason"] == reason and row["article_url"] == stored[0]["article_url"], got


def expected_articles(pages: dict[str, dict]) -> list[str]:
    """Paths whose article must be in the database after a crawl of the whole fault server."""
    stored = [f.path for f in FAULTS if f.expect == "stored" and f.name != "short_chain"]
    dups = ["/faults/dup-a/", "/faults/dup-b/"]
    original = next((p for p in dups if (pages.get(p) or {}).get("outcome") in _STORED), dups[0])
    return [*GOOD, *stored, "/faults/chain/0/", original]


def stuck_analyse(html: str, url: str, **options):
    """An analysis function for ExtractionPool tests: pages asking for it hang like a stuck parser."""
    if "STUCK" in html:
        while True:
            time.sleep(1)
    from crawler.worker import analyse_page

    return analyse_page(html, url, **options)


def gc_threshold_analyse(html: str, url: str, **options):
    """An analysis function for ExtractionPool tests: what the worker's garbage collector is set to."""
    import gc

    return gc.get_threshold()
