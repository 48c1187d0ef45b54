"""Issue 19 item 8, the smaller holes: --since with an offset, LIKE wildcards in --site/--author, CSV
formulas, credentials in URLs, javascript: URLs stored as links, Datasette's arbitrary SQL."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from newsmill.records import Article, Author
from conftest import ROOT
from crawler.urls import normalise_url
from pipelines.export import write_export
from pipelines.query import export_records, search
from pipelines.schema import open_db
from pipelines.store import article_row, store_article

BODY = "The harbour council met again on Tuesday to vote on the budget for the bridge. " * 4


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "small.db")
    stories = [("https://a.example/late/", "2025-01-01T23:30:00+00:00", "Ana Silva", "=HYPERLINK(\"http://evil/\")"),
               ("https://b.example/early/", "2025-01-01T20:00:00+00:00", "Bo Chen", "-5 degrees in the harbour"),
               ("https://c_d.example/x/", "2025-01-01T10:00:00+00:00", "Cy 100% Sure", "@harbour news")]
    with db.atomic():
        for url, published, author, title in stories:
            store_article(db, Article(url=url, title=title, body=BODY, published=published,
                                      authors=[Author(author)]), url, "2025-01-02T00:00:00+00:00")
    return db


def _urls(records) -> set[str]:
    return {r["url"] for r in records}


def test_since_with_an_offset_is_compared_in_utc(db):
    # 2025-01-02T00:00+02:00 is 2025-01-01T22:00Z: the 23:30Z story is after it, the 20:00Z one before.
    assert _urls(export_records(db, since="2025-01-02T00:00:00+02:00")) == {"https://a.example/late/"}
    # 2025-01-01T12:00-10:00 is 22:00Z as well.
    assert _urls(export_records(db, since="2025-01-01T12:00:00-10:00")) == {"https://a.example/late/"}


def test_like_wildcards_in_site_and_author_are_literal(db):
    assert _urls(export_records(db, site="%")) == set()
    assert _urls(export_records(db, site="_.example")) == set()
    assert _urls(export_records(db, author="_")) == set()
    assert _urls(export_records(db, author="%")) == {"https://c_d.example/x/"}  # the one name with a % in it
    assert _urls(export_records(db, site="c_d.example")) == {"https://c_d.example/x/"}
    assert len(search(db, "harbour", site="%")) == 0


def test_csv_cells_that_would_be_formulas_get_a_leading_quote(db, tmp_path):
    path = tmp_path / "out.csv"
    write_export(export_records(db), path, "csv")
    titles = sorted(row["title"] for row in csv.DictReader(path.open(encoding="utf-8")))
    assert titles == ["'-5 degrees in the harbour", "'=HYPERLINK(\"http://evil/\")", "'@harbour news"]
    write_export(export_records(db), path, "csv", keep_formulas=True)
    assert "=HYPERLINK" in {row["title"][:10] for row in csv.DictReader(path.open(encoding="utf-8"))}


def test_credentials_in_links_are_neither_sent_nor_stored():
    assert normalise_url("http://user:secret@News.example/a?b=1") == "http://news.example/a?b=1"
    assert normalise_url("https://token@news.example:8443/") == "https://news.example:8443/"


def test_javascript_urls_are_not_stored_as_links():
    article = Article(url="https://a.example/1/", title="T", body=BODY, image_url="javascript:alert(1)",
                      canonical_url=" JavaScript:alert(2)")
    row = article_row(article, article.url)
    assert row["image_url"] is None and row["canonical_url"] is None
    kept = article_row(Article(url="https://a.example/2/", title="T", body=BODY,
                               image_url="https://a.example/i.jpg"), "https://a.example/2/")
    assert kept["image_url"] == "https://a.example/i.jpg"


def test_browse_serves_no_arbitrary_sql_unless_asked(db, tmp_path):
    pytest.importorskip("datasette")
    path = str(db.conn.execute("PRAGMA database_list").fetchone()[2])
    db.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "browse", "--db", path, "--port", str(port)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/small"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/articles.json?_shape=array", timeout=2) as response:
                    assert len(json.loads(response.read())) == 3
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + ".json?sql=select+html+from+raw_pages", timeout=5)
        assert refused.value.code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_stored_and_received_html_is_never_inflated_past_its_bound():
    """A raw_pages row or a distributed worker's record that inflates without end raises, in bounded memory."""
    import zlib

    import zstandard

    from pipelines import rawhtml

    zeros = b"\0" * (8 << 20)
    for codec, blob in (("zlib", zlib.compress(zeros, 9)), ("zstd", zstandard.ZstdCompressor(level=3).compress(zeros))):
        with pytest.raises(ValueError):
            rawhtml.decompress(blob, codec, max_size=1 << 20)
        assert rawhtml.decompress(blob, codec) == zeros
    liar = zstandard.ZstdCompressor(level=3).compress(b"<html></html>")
    assert rawhtml.decompress(liar, "zstd") == b"<html></html>"


def test_extract_of_a_gzip_bomb_is_a_one_line_error(tmp_path):
    import zlib

    from conftest import run_newsmill

    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(b"".join([compressor.compress(b"<html>"), *(compressor.compress(b" " * (1 << 20)) for _ in range(80)),
                              compressor.flush()]))
    result = run_newsmill("extract", str(path), timeout=60)
    assert result.returncode == 1 and "inflates past 64 MiB" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
