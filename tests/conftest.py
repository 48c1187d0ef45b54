"""Shared fixtures: the demo site on an ephemeral loopback port, corpus pages, a crawl runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.siteserver import DEMO_SITE, SiteServer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture
def demo_site():
    """The bundled demo site, served on 127.0.0.1 for one test."""
    with SiteServer(DEMO_SITE) as server:
        yield server


@pytest.fixture(scope="session")
def site_expected() -> dict:
    return json.loads((DEMO_SITE / "expected.json").read_text())


@pytest.fixture(scope="session")
def seed() -> tuple[str, dict]:
    html = (CORPUS / "seed" / "wordpress.html").read_text("utf-8")
    return html, json.loads((CORPUS / "seed" / "wordpress.expected.json").read_text("utf-8"))


def run_newsmill(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run the `newsmill` command as a user would, in a subprocess (Twisted's reactor cannot restart)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )


def crawl(url: str, db: Path, *extra: str) -> subprocess.CompletedProcess:
    """A fast, quiet crawl of a local site: no politeness delay against our own server."""
    result = run_newsmill(
        "crawl", url, "--db", str(db), "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=2", *extra,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def on_a_terminal(args: list[str], stream: str = "stdout", env: dict | None = None,
                  timeout: float = 60) -> tuple[int, str]:
    """(exit status, what it wrote) of `newsmill ARGS` whose stdout or stderr is a terminal (a pty); the other
    stream is discarded."""
    import pty

    leader, follower = pty.openpty()
    streams = {"stdout": follower, "stderr": subprocess.DEVNULL} if stream == "stdout" else \
        {"stdout": subprocess.DEVNULL, "stderr": follower}
    with subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, **streams,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the command closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        status = proc.wait(timeout=timeout)
    os.close(leader)
    return status, b"".join(chunks).decode("utf-8", "replace")
