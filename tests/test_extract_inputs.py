"""`newsmill extract` on inputs found by fuzzing: files that are no regular files or too large (E1), file
names that are not UTF-8 (E3), --url values that are no http(s) URL or name several pages (E6)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS, ROOT
from crawler import cli as cli_module
from crawler.settings import DOWNLOAD_MAXSIZE

SEED = CORPUS / "seed" / "wordpress.html"


def _newsmill(*args, timeout: float = 60, memory: int = 2 << 30) -> subprocess.CompletedProcess:
    """The command in a process with bytes in and out, its address space capped: a read without a limit
    fails here with MemoryError instead of filling the machine's memory."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "crawler.cli", "extract", *args], cwd=ROOT, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=timeout, preexec_fn=cap)


def _one_error_line(result, name: str) -> str:
    lines = result.stderr.decode("utf-8").splitlines()
    assert result.returncode == 1 and result.stdout == b"", result.stderr
    assert len(lines) == 1 and lines[0].startswith(f"newsmill extract: {name}: "), lines
    return lines[0]


# E1: a source that is no regular file is refused at once, naming it; a regular one is read to DOWNLOAD_MAXSIZE.

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused_not_read():
    line = _one_error_line(_newsmill("/dev/zero"), "/dev/zero")
    assert "not a regular file but a character device" in line


def test_a_fifo_without_a_writer_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    line = _one_error_line(_newsmill(str(fifo), timeout=30), str(fifo))  # before: blocked until the timeout
    assert "not a regular file but a named pipe (FIFO)" in line


def test_a_folder_is_refused(tmp_path):
    line = _one_error_line(_newsmill(str(tmp_path)), str(tmp_path))
    assert "not a regular file but a folder" in line


def test_a_file_past_download_maxsize_is_refused(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(DOWNLOAD_MAXSIZE + 1)  # sparse: no disk used
    line = _one_error_line(_newsmill(str(big)), str(big))
    assert "larger than 16 MiB (DOWNLOAD_MAXSIZE)" in line


def test_a_page_of_exactly_download_maxsize_is_read(tmp_path):
    page = tmp_path / "page.html"
    html = SEED.read_bytes()
    page.write_bytes(html.replace(b"</html>", b" " * (DOWNLOAD_MAXSIZE - len(html)) + b"</html>"))
    assert page.stat().st_size == DOWNLOAD_MAXSIZE
    result = _newsmill(str(page), timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["authors"] == [{"name": "James Carter", "role": "Senior News Editor"}]


def test_a_small_gzip_still_stops_at_64_mib_inflated(tmp_path):
    import gzip

    bomb = tmp_path / "page.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b" " * (65 * 1024 * 1024), compresslevel=9))
    assert bomb.stat().st_size < DOWNLOAD_MAXSIZE
    assert "inflates past 64 MiB: not a page" in _one_error_line(_newsmill(str(bomb)), str(bomb))


class _Big(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = b"<html><body>" + b" " * DOWNLOAD_MAXSIZE + b"</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_url_past_download_maxsize_is_refused_not_cut_short(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):  # straight to our loopback server
        monkeypatch.delenv(name, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Big)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/page.html"
        result = CliRunner().invoke(cli_module.cli, ["extract", url])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == f"newsmill extract: {url}: larger than 16 MiB (DOWNLOAD_MAXSIZE): not a page"


# E3: a file name that is not UTF-8 is written with \xNN escapes: the output stays valid UTF-8 JSON.

def test_a_file_name_that_is_not_utf8_keeps_the_output_valid_utf8(tmp_path):
    bad = os.path.join(os.fsencode(tmp_path), b"bad\xff\xfe.html")
    with open(bad, "wb") as f:
        f.write(SEED.read_bytes())
    result = _newsmill(bad)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.decode("utf-8"))  # strict: raised on the raw \xff\xfe before
    assert record["source"] == f"{tmp_path}/bad\\xff\\xfe.html"
    assert record["url"] == f"{tmp_path.as_uri()}/bad%FF%FE.html"
    assert record["title"]


def test_an_unreadable_name_with_a_newline_is_still_one_error_line(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"two\nlines\xff.html")
    result = _newsmill(name)
    line = _one_error_line(result, f"{tmp_path}/two\\x0alines\\xff.html")
    assert "No such file or directory" in line


# E6: --url takes one http(s) URL, for one SOURCE.

@pytest.mark.parametrize("url, problem", [
    ("javascript:alert(1)", "is not an http:// or https:// URL"),
    ("ftp://news.example/a", "is not an http:// or https:// URL"),
    ("https://news.example/a\nInjected: yes", "has no valid host name"),
    ("https://news example/a", "has no valid host name"),
    ("", "is not an http:// or https:// URL"),  # before: an empty --url fell back to the file:// URL silently
])
def test_url_must_be_http_or_https(url, problem):
    result = CliRunner().invoke(cli_module.cli, ["extract", str(SEED), "--url", url])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and result.stdout == "", (result.exit_code, result.output)
    assert len(lines) == 1 and lines[0].startswith("Error: --url: ") and problem in lines[0], lines


def test_url_with_several_sources_is_refused(tmp_path):
    result = CliRunner().invoke(cli_module.cli, ["extract", str(SEED), str(SEED), "--url", "https://news.example/a"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "Error: --url: names the page of one SOURCE, not of 2"


def test_a_good_url_names_the_page():
    result = CliRunner().invoke(cli_module.cli, ["extract", str(SEED), "--url", "https://news.example/world/x/"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["url"] == "https://news.example/world/x/"
