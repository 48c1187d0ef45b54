"""Serve the benchmark mirror on 127.0.0.1 from memory: an asyncio HTTP/1.1 server in its own process.

    python -m bench.server --pages 2000 [--templates A,B,...]

Prints "PORT <n>" on stdout once listening. Keep-alive, GET/HEAD only, no compression. The path
/__bench/stats returns JSON: request count, the monotonic time of every article request (the
clock is system-wide, so the benchmark can compare it with its own) and how many distinct article pages
were served since /__bench/reset (every page fetched, by each crawler in turn).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

from .mirror import Mirror, load_templates

_REASONS = {200: b"OK", 400: b"Bad Request", 404: b"Not Found", 405: b"Method Not Allowed"}


class _Stats:
    def __init__(self):
        self.requests = 0
        self.article_times: list[float] = []
        self.article_paths: set[str] = set()  # distinct article pages served since the last reset


class _HTTP(asyncio.Protocol):
    def __init__(self, mirror: Mirror, stats: _Stats):
        self.mirror = mirror
        self.stats = stats
        self.buffer = b""
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data: bytes):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > 65536:
                    self.transport.close()
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            if not self._respond(head):
                self.transport.close()
                return

    def _respond(self, head: bytes) -> bool:
        lines = head.split(b"\r\n")
        parts = lines[0].split()
        if len(parts) != 3:
            self._send(400, "text/plain", b"bad request", False, True)
            return False
        method, target, version = parts
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        keep = headers.get(b"connection") != b"close" and version == b"HTTP/1.1"
        path = urlsplit(target.decode("latin-1")).path
        self.stats.requests += 1
        if method not in (b"GET", b"HEAD"):
            self._send(405, "text/plain", b"", keep, False)
            return keep
        if path == "/__bench/reset":
            self.stats.article_paths.clear()
            self._send(200, "text/plain", b"ok", keep, method == b"HEAD")
            return keep
        if path == "/__bench/stats":
            body = json.dumps({"requests": self.stats.requests, "article_times": self.stats.article_times,
                               "article_paths": len(self.stats.article_paths)}).encode()
            self._send(200, "application/json", body, keep, method == b"HEAD")
            return keep
        status, ctype, body = self.mirror.get(path)
        if status == 200 and path.startswith("/news/"):
            self.stats.article_times.append(time.monotonic())
            self.stats.article_paths.add(path)
        self._send(status, ctype, body, keep, method == b"HEAD")
        return keep

    def _send(self, status: int, ctype: str, body: bytes, keep: bool, head_only: bool):
        header = (b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: %s\r\n\r\n"
                  % (status, _REASONS[status], ctype.encode(), len(body), b"keep-alive" if keep else b"close"))
        self.transport.write(header if head_only else header + body)


async def _serve(pages: int, names: list[str] | None, port: int):
    loop = asyncio.get_running_loop()
    stats = _Stats()
    templates = load_templates(names)
    holder: dict = {}
    server = await loop.create_server(lambda: _HTTP(holder["mirror"], stats), "127.0.0.1", port, backlog=512)
    bound = server.sockets[0].getsockname()[1]
    holder["mirror"] = Mirror(templates, pages, f"http://127.0.0.1:{bound}")
    print(f"PORT {bound}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=2000)
    p.add_argument("--templates", default="", help="comma-separated template names (default: all)")
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args(argv)
    names = [n for n in args.templates.split(",") if n] or None
    try:
        asyncio.run(_serve(args.pages, names, args.port))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
