"""A static site server on 127.0.0.1 for the demo and the tests (stdlib only, in a thread).

    with SiteServer(Path("tests/fixtures/site")) as server:
        print(server.base_url)   # http://127.0.0.1:54321

Rules: "/" and "…/" serve index.html; a missing file is a 404 with 404.html's body; in .xml
and .txt files the placeholder __BASE__ becomes the server's base URL.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEMO_SITE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "site"
_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8"}


class PortOutOfRange(ValueError, RuntimeError):
    """A port no socket can have. A RuntimeError too: the newsmill command shows those as one line
    (and its demo retries a busy port on any free one, catching OSError, which this is not)."""


class SiteServer:
    def __init__(self, root: Path = DEMO_SITE, port: int = 0):
        self.root = Path(root).resolve()
        self.requests: Counter[str] = Counter()  # path -> times requested, for tests
        self.user_agents: set[str] = set()
        self.not_modified: Counter[str] = Counter()  # path -> 304 answers to a conditional GET
        self.overrides: dict[str, bytes] = {}  # path -> body served instead of the file
        self.delay = 0.0  # seconds to wait before each response: a slow site, for crash and lock tests
        try:
            self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        except OverflowError:  # bind() on a port past 65535 or below 0: not an OSError
            raise PortOutOfRange(f"port {port}: use 0-65535 (0: any free port)") from None
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> "SiteServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def resolve(self, path: str) -> Path | None:
        """The file a URL path maps to, or None; never a file outside the site root."""
        rel = unquote(urlsplit(path).path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = (self.root / rel).resolve()
        if self.root not in target.parents or not target.is_file():
            return None
        return target

    def body_for(self, path: str) -> tuple[int, str, bytes]:
        clean_path = urlsplit(path).path
        if clean_path in self.overrides:
            return 200, _TYPES[".html"], self.overrides[clean_path]
        target = self.resolve(path)
        if target is None:
            missing = self.root / "404.html"
            return 404, _TYPES[".html"], missing.read_bytes() if missing.is_file() else b"Not found"
        data = target.read_bytes()
        if target.suffix in (".xml", ".txt"):
            data = data.replace(b"__BASE__", self.base_url.encode())
        return 200, _TYPES.get(target.suffix, "application/octet-stream"), data

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (stdlib name)
                time.sleep(server.delay)
                server.requests[urlsplit(self.path).path] += 1
                server.user_agents.add(self.headers.get("User-Agent", ""))
                status, ctype, data = server.body_for(self.path)
                etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    server.not_modified[urlsplit(self.path).path] += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                if status == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet: the crawl logs what matters
                pass

        return Handler
