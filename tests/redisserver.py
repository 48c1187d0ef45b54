"""A throwaway redis-server on a free loopback port, for the distributed-crawl tests.

    with RedisServer() as server:
        server.url   # redis://127.0.0.1:54321/0

No persistence (`--save ''`, no AOF), bound to 127.0.0.1, stopped (by its pid) at the end.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time


class RedisMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, binary: str | None = None):
        self.binary = binary or shutil.which("redis-server")
        if not self.binary:
            raise RedisMissing("redis-server is not installed: `sh scripts/redis.sh` (or apt-get install redis-server)")
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        import redis

        for _ in range(5):  # a port taken between free_port() and the bind: try another
            self.port = free_port()
            self.proc = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--protected-mode", "yes", "--loglevel", "warning"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                    return self
                except redis.ConnectionError:
                    time.sleep(0.05)
            self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
