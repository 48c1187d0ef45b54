"""Screenshots of `newsmill browse` in headless Chromium: the landing page, one article's page and the charts.

Marked `browser`: plain `make test` leaves them out (pyproject's addopts); `make test-browser` installs Debian's
chromium (scripts/chromium.sh) and runs `pytest -m browser`. Written to output/screenshots/; the copies the
README shows are in docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from demo_db import CHANGED_PATH, copy_of_demo_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "output" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--virtual-time-budget=8000"]  # time for the charts' scripts to draw before the picture is taken


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`newsmill browse` on the demo database, on a free loopback port: (base URL, database path)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: `make test-browser` installs it (scripts/chromium.sh)")
    pytest.importorskip("datasette")
    db = copy_of_demo_db(tmp_path_factory.mktemp("browser"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "browse", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"newsmill browse did not answer: {proc.stderr.read() if proc.stderr else ''}")
                time.sleep(0.2)
        yield base, db
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _screenshot(url: str, name: str, width: int, height: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / name
    out.unlink(missing_ok=True)
    profile = tempfile.mkdtemp(prefix="newsmill-chromium-")
    try:
        subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}",
                        f"--window-size={width},{height}", url],
                       capture_output=True, timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert out.exists(), f"chromium wrote no screenshot of {url}"
    assert _png_size(out) == (width, height)
    # A blank or error page compresses to a few KB; a page of text and tables does not.
    assert out.stat().st_size > 30_000, f"{name} looks empty ({out.stat().st_size} bytes)"
    return out


def test_landing_page_screenshot(served):
    base, _ = served
    html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    assert "Latest articles" in html and 'name="_search"' in html
    _screenshot(base + "/", "landing.png", 1280, 1000)


def test_article_page_screenshot(served):
    base, db = served
    with sqlite3.connect(db) as con:
        url = con.execute("SELECT url FROM articles WHERE url LIKE ?", [f"%{CHANGED_PATH}"]).fetchone()[0]
    from datasette.utils import tilde_encode

    page = f"{base}/news/articles/{tilde_encode(url)}"
    html = urllib.request.urlopen(page, timeout=10).read().decode()
    assert '<article class="newsmill-article">' in html and '<dl class="faq">' in html
    _screenshot(page, "article.png", 1280, 1300)


def test_charts_screenshot(served):
    base, _ = served
    _screenshot(base + "/-/dashboards/newsmill", "charts.png", 1280, 1100)
