"""Scrapy's feed exports hold every article: `scrapy crawl news -O items.jsonl` (items carried bytes the
JSON encoder refused) and `newsmill crawl -o FILE` (articles only, each as `newsmill export` writes it)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from conftest import ROOT, crawl, run_newsmill
from crawler.siteserver import SiteServer
from pipelines.query import EXPORT_COLUMNS


def test_scrapy_crawl_dash_o_writes_every_article(demo_site, tmp_path, site_expected):
    out = tmp_path / "items.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_urls={demo_site.url('/')}",
         "-s", f"SQLITE_PATH={tmp_path / 'news.db'}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
         "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=2", "-O", str(out)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    articles = [r for r in records if "article" in r]
    assert len(articles) == len(site_expected["articles"]), result.stderr[-2000:]
    assert all(a["article"]["title"] and a["article"]["body"] and a["raw"] is None for a in articles)


def test_newsmill_crawl_dash_o_writes_articles_only(demo_site, tmp_path, site_expected):
    out = tmp_path / "articles.jsonl"
    crawl(demo_site.url("/"), tmp_path / "news.db", "-o", str(out))
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    # The export record, not the ArticleItem: {"title": ...}, not {"article": {"title": ...}, "raw": null, ...}
    assert len(records) == len(site_expected["articles"])
    assert all(list(r) == list(EXPORT_COLUMNS) and r["title"] and r["body"] for r in records)
    assert {urlsplit(r["fetched_url"]).path for r in records} == set(site_expected["articles"])


# A page whose title and author carry terminal escapes (F2) and whose authors and tags are lists (F1).
_TITLE = "ctl\x01\x02\x1b[2J\x7fend"
_AUTHOR = "Ann\x07 Lee\x1b[0m"


@pytest.fixture
def hostile_site(tmp_path):
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    (root / "index.html").write_text('<html><body><a href="/news/council-budget.html">Council</a></body></html>')
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": _TITLE,
          "author": [{"@type": "Person", "name": _AUTHOR}], "datePublished": "2025-03-01T10:00:00Z",
          "keywords": ["council", "=SUM(A1)"]}
    body = "".join(f"<p>Paragraph {i} of the council story: the budget vote was delayed again after a long debate "
                   "about school funding.</p>" for i in range(6))
    (root / "news" / "council-budget.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body><article>'
        f"<h1>ctl&#1;&#2;&#27;[2J&#127;end</h1>{body}</article></body></html>", "utf-8")
    with SiteServer(root) as server:
        yield server


def _read_feed(path: Path) -> list[dict]:
    """The -o file's records as dicts, lists as lists: each format parsed by an ordinary reader."""
    text = path.read_text("utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        return [{k: json.loads(v) if k in ("authors", "tags", "faqs") else v for k, v in r.items()} for r in rows]
    root = etree.fromstring(path.read_bytes())
    assert root.tag == "articles"
    return [{"title": a.findtext("title"), "url": a.findtext("url"), "body": a.findtext("body"),
             "authors": [{"name": v.findtext("name")} for v in a.findall("authors/value")],
             "tags": [v.text for v in a.findall("tags/value")], "published": a.findtext("published"),
             "canonical_url": a.findtext("canonical_url")} for a in root.findall("article")]


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".xml"])
def test_crawl_dash_o_writes_the_cleaned_export_record_in_every_format(hostile_site, tmp_path, suffix):
    """F1: CSV and XML held `Article(url=..., authors=[Author(...)])`, a repr no tool reads. F2: the feed kept
    the escapes the articles row had lost. Every format now holds the stored row's fields, as export writes them."""
    out, db = tmp_path / f"articles{suffix}", tmp_path / "news.db"
    crawl(hostile_site.url("/"), db, "-o", str(out))
    [record] = _read_feed(out)
    assert record["title"] == "ctl[2Jend"  # the escapes gone, the printable rest kept
    assert record["authors"] == [{"name": "Ann Lee[0m"}] if suffix == ".xml" else [{"name": "Ann Lee[0m", "role": None}]
    assert record["tags"] == ["council", "=SUM(A1)"]  # in a CSV cell as JSON text, which starts with [
    assert record["canonical_url"] in (None, "")  # a null: empty in CSV, absent in XML, never the text "None"
    stored = sqlite3.connect(db).execute(
        "SELECT a.title, au.name FROM articles a JOIN article_authors aa ON aa.article_url = a.url "
        "JOIN authors au ON au.id = aa.author_id").fetchall()
    assert stored == [(record["title"], record["authors"][0]["name"])]
    if suffix != ".xml":  # the same record `newsmill export` writes from the database, but first_seen
        exported = tmp_path / f"export{suffix}"
        result = run_newsmill("export", "--db", str(db), "--out", str(exported))
        assert result.returncode == 0, result.stderr
        [expected] = _read_feed(exported)
        assert list(record) == list(expected) == list(EXPORT_COLUMNS)
        differ = {k for k in record if record[k] != expected[k]}
        assert differ == {"first_seen"}, {k: (record[k], expected[k]) for k in differ}


def test_crawl_dash_o_appends_csv_rows_under_one_header(hostile_site, tmp_path):
    out = tmp_path / "articles.csv"
    for n in range(2):  # a database each: a second crawl of one gets 304 Not Modified, so no article to append
        crawl(hostile_site.url("/"), tmp_path / f"news{n}.db", "-o", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert rows[0] == list(EXPORT_COLUMNS) and len(rows) == 3 and rows[1][0] == rows[2][0] != "url"


def test_crawl_dash_capital_o_overwrites_a_json_file_that_dash_o_refuses_to_append_to(hostile_site, tmp_path):
    """-o appended a second JSON document to the first: invalid JSON. -o now refuses (tests/test_bad_inputs.py),
    -O writes the file afresh."""
    out = tmp_path / "articles.json"
    out.write_text('[{"title": "from an earlier run"}]\n')
    crawl(hostile_site.url("/"), tmp_path / "news.db", "-O", str(out))
    [record] = json.loads(out.read_text("utf-8"))
    assert record["title"] == "ctl[2Jend"
