"""newsmill browse: Datasette serves the database with our metadata; each canned query returns rows."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT
from demo_db import copy_of_demo_db
from pipelines.datasette import datasette_metadata
from pipelines.schema import VIEWS

datasette_app = pytest.importorskip("datasette.app")

QUERIES = ("articles_per_site_per_day", "top_authors", "newest_faqs", "changed_articles")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return copy_of_demo_db(tmp_path_factory.mktemp("datasette"))


def _get_all(db_path, paths: list[str]) -> list:
    async def run():
        ds = datasette_app.Datasette(files=[str(db_path)], metadata=datasette_metadata(db_path))
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]
    return asyncio.run(run())


def test_each_canned_query_returns_rows(db_path):
    metadata = datasette_metadata(db_path)
    assert set(metadata["databases"]["news"]["queries"]) == set(QUERIES) == set(VIEWS)
    responses = _get_all(db_path, [f"/news/{q}.json?_shape=array" for q in QUERIES])
    for name, response in zip(QUERIES, responses):
        assert response.status_code == 200, (name, response.text[:300])
        rows = response.json()
        assert rows, f"canned query {name} returned no rows"
    changed = responses[QUERIES.index("changed_articles")].json()
    assert len(changed) == 1 and changed[0]["revisions"] == 1
    authors = responses[QUERIES.index("top_authors")].json()
    assert "James Carter" in {a["name"] for a in authors}


def test_tables_and_columns_are_described(db_path):
    table_page, metadata, html = _get_all(db_path, [
        "/news/articles.json?_shape=array&_size=1", "/-/metadata.json", "/news/articles"])
    assert table_page.status_code == 200 and len(table_page.json()) == 1
    tables = metadata.json()["databases"]["news"]["tables"]
    assert tables["article_revisions"]["columns"]["replaced_at"]
    assert "One row per article" in html.text and "Articles per site per day" in _get_all(
        db_path, ["/news"])[0].text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_browse_command_serves_the_database(db_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "browse", "--db", str(db_path), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, body = time.monotonic() + 30, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/news/changed_articles.json?_shape=array"
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.2)
        assert body and body[0]["revisions"] == 1, proc.stderr.read() if proc.poll() is not None else "no answer"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_search_box_narrows_the_articles(db_path):
    everything, hits, page = _get_all(db_path, ["/news/articles.json?_shape=array",
                                               "/news/articles.json?_shape=array&_search=Venezuela",
                                               "/news/articles"])
    assert 1 <= len(hits.json()) < len(everything.json())
    assert all("venezuela" in (r["title"] + r["body"]).lower() for r in hits.json())
    assert 'name="_search"' in page.text
