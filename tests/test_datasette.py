"""newsmill browse: a real Datasette (its test client) with newsmill's metadata, templates and plugin: the landing
page, search, facets, an article's page, the charts with arbitrary SQL off, each canned query."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import sqlite3
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT
from demo_db import copy_of_demo_db
from pipelines.datasette import datasette_kwargs, datasette_metadata
from pipelines.schema import VIEWS

datasette_app = pytest.importorskip("datasette.app")
tilde_encode = pytest.importorskip("datasette.utils").tilde_encode

QUERIES = ("articles_per_site_per_day", "top_authors", "newest_faqs", "changed_articles", "extraction_health")


def _sql_off(kwargs: dict) -> dict:
    """As `newsmill browse` serves it by default: arbitrary SQL off."""
    from pipelines.datasette import SETTINGS

    return {**kwargs, "settings": {**SETTINGS, "default_allow_sql": False}}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return copy_of_demo_db(tmp_path_factory.mktemp("datasette"))


def _get_all(db_path, paths: list[str]) -> list:
    async def run():
        ds = datasette_app.Datasette(**_sql_off(datasette_kwargs(db_path)))
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]
    return asyncio.run(run())


def test_each_canned_query_returns_rows(db_path):
    metadata = datasette_metadata(db_path)
    assert set(metadata["databases"]["news"]["queries"]) - {"story_clusters"} == set(QUERIES) == set(VIEWS) | {
        "extraction_health"}  # story_clusters: tests/test_stories.py (the demo site is one outlet)
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
        # SIGINT to `newsmill browse` alone (kill -INT PID): Datasette, which never saw it, kept serving
        # and newsmill waited for it for ever. The signal is passed on: both end.
        os.kill(proc.pid, signal.SIGINT)
        proc.wait(timeout=20)
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)


def test_browse_on_a_busy_port_is_one_line(db_path):
    """The 'Datasette: http://…' line came first, then uvicorn's error, exit status 3."""
    from conftest import run_newsmill

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_newsmill("browse", "--db", str(db_path), "--port", str(port), timeout=60)
    assert result.returncode == 1 and result.stdout == "", result.stdout + result.stderr
    assert result.stderr == f"Error: port {port} is in use (try --port)\n"


def test_search_box_narrows_the_articles(db_path):
    everything, hits, page = _get_all(db_path, ["/news/articles.json?_shape=array",
                                               "/news/articles.json?_shape=array&_search=Venezuela",
                                               "/news/articles"])
    assert 1 <= len(hits.json()) < len(everything.json())
    assert all("venezuela" in (r["title"] + r["body"]).lower() for r in hits.json())
    assert 'name="_search"' in page.text


def _rows(db_path, sql: str, params=()) -> list:
    with sqlite3.connect(db_path) as con:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute(sql, params)]


def _article_path(url: str) -> str:
    return "/news/articles/" + tilde_encode(url)


def test_landing_page_lists_latest_articles_with_a_search_box(db_path):
    page = _get_all(db_path, ["/"])[0]
    assert page.status_code == 200
    html = page.text
    assert '<form class="newsmill-search" action="/news/article_list"' in html and 'name="_search"' in html
    newest = _rows(db_path, "SELECT url, title FROM articles ORDER BY published DESC LIMIT 3")
    positions = [html.index(r["title"].replace('"', "&#34;")) for r in newest]
    assert positions == sorted(positions), "latest articles are not newest first"
    assert f'href="{_article_path(newest[0]["url"])}"' in html
    assert "James Carter" in html and "Latest articles" in html
    assert "/-/dashboards/newsmill" in html  # the charts
    tables = html[html.index('<p class="newsmill-tables">'):]
    assert tables.index('href="/news/articles"') < tables.index('href="/news/authors"')  # articles first, no "…"
    assert 'href="/news/raw_pages"' not in tables


def test_search_narrows_rows_of_the_article_list(db_path):
    everything, hits, page = _get_all(db_path, ["/news/article_list.json?_shape=array",
                                               "/news/article_list.json?_shape=array&_search=Venezuela",
                                               "/news/article_list"])
    assert len(everything.json()) == len(_rows(db_path, "SELECT url FROM articles"))
    assert 1 <= len(hits.json()) < len(everything.json())
    assert any("Venezuela" in r["title"] for r in hits.json())
    assert 'name="_search"' in page.text


def test_facets_answer_site_language_section_and_author(db_path):
    response = _get_all(db_path, ["/news/article_list.json?_size=0"])[0]
    facets = response.json()["facet_results"]
    assert {"site", "language", "section", "authors"} <= set(facets)
    languages = {f["value"]: f["count"] for f in facets["language"]["results"]}
    assert languages == {r["language"]: r["n"] for r in _rows(
        db_path, "SELECT language, count(*) AS n FROM articles GROUP BY language")}
    authors = {f["value"]: f["count"] for f in facets["authors"]["results"]}
    assert authors["James Carter"] == 1
    # A facet value is a working filter.
    toggle = next(f["toggle_url"] for f in facets["authors"]["results"] if f["value"] == "James Carter")
    path = urllib.parse.urlsplit(toggle)
    assert path.path == "/news/article_list.json", toggle
    query = urllib.parse.urlencode([(k, v) for k, v in urllib.parse.parse_qsl(path.query) if k != "_size"])
    narrowed = _get_all(db_path, [f"{path.path}?{query}&_shape=array"])[0]
    assert [r["title"] for r in narrowed.json()] == [r["title"] for r in _rows(
        db_path, "SELECT a.title FROM articles a JOIN article_authors aa ON aa.article_url = a.url"
        " JOIN authors au ON au.id = aa.author_id WHERE au.name = 'James Carter'")]


def test_articles_table_page_leaves_heavy_columns_out_but_the_json_api_keeps_them(db_path):
    page, api, chosen = _get_all(db_path, ["/news/articles", "/news/articles.json?_shape=array",
                                           "/news/articles?_col=title&_col=body"])
    longest_body = max(_rows(db_path, "SELECT body FROM articles"), key=lambda r: len(r["body"]))["body"]
    first_paragraph = longest_body.split("\n\n")[1]
    assert page.status_code == 200 and 'name="_search"' in page.text
    assert first_paragraph not in page.text and 'data-column="body"' not in page.text
    assert 'data-column="title"' in page.text and 'data-column="site"' in page.text
    assert all(r["body"] for r in api.json())  # the JSON API is untouched
    assert 'data-column="body"' in chosen.text  # asking for a column shows it
    assert "/-/newsmill/browse.css" in page.text
    # The column notes stay in each column's menu (data-column-description), not a screen above the rows.
    css = _get_all(db_path, ["/-/newsmill/browse.css"])[0]
    assert css.status_code == 200 and "dl.column-descriptions { display: none; }" in css.text
    assert 'data-column-description="Headline"' in page.text


def test_article_page_reads_as_text(db_path):
    url = _rows(db_path, "SELECT article_url FROM faqs GROUP BY article_url")[0]["article_url"]
    article = _rows(db_path, "SELECT * FROM articles WHERE url = ?", [url])[0]
    faqs = _rows(db_path, "SELECT question FROM faqs WHERE article_url = ?", [url])
    page = _get_all(db_path, [_article_path(url)])[0]
    assert page.status_code == 200
    html = page.text
    body = html[html.index('<div class="body">'):html.index("</div>", html.index('<div class="body">'))]
    paragraphs = [p for p in article["body"].split("\n\n") if p.strip()]
    assert body.count("<p>") == len(paragraphs) > 3
    assert "(Senior News Editor)" in html and "James Carter" in html
    assert '<dl class="faq">' in html and html.count("<dt>") == len(faqs)
    for faq in faqs:
        assert f"<dt>{faq['question']}</dt>" in html.replace("&#39;", "'")


def test_charts_run_their_own_queries_with_sql_off(db_path):
    metadata = datasette_metadata(db_path)
    charts = metadata["plugins"]["datasette-dashboards"]["newsmill"]["charts"]
    chart_urls = ["/news.json?" + urllib.parse.urlencode({"sql": c["query"], "_shape": "objects"})
                  for c in charts.values()]
    board, *answers = _get_all(db_path, ["/-/dashboards/newsmill", *chart_urls,
                                         "/news.json?sql=select+html+from+raw_pages"])
    assert board.status_code == 200 and "vega-lite.min.js" in board.text
    *chart_answers, other_sql = answers
    for answer in chart_answers:
        assert answer.status_code == 200 and answer.json()["rows"], answer.text[:300]
    health = chart_answers[list(charts).index("extraction-health")].json()["rows"]
    assert all(0 <= row[key] <= 1 for row in health for key in ("no_author", "no_date", "empty_body"))
    assert other_sql.status_code == 403  # any other SQL stays refused


def test_index_and_database_pages_show_articles_not_raw_pages(db_path):
    database = _get_all(db_path, ["/news.json"])[0].json()
    visible = {t["name"] for t in database["tables"] if not t["hidden"]}
    assert {"articles", "authors", "faqs"} <= visible and not {"raw_pages", "zstd_dictionaries"} & visible


def test_sqlite_utils_rows_reads_the_database(db_path):
    from click.testing import CliRunner
    from sqlite_utils.cli import cli

    result = CliRunner().invoke(cli, ["rows", str(db_path), "article_list", "--limit", "2", "-c", "title",
                                      "-c", "authors"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 2 and all(r["title"] for r in rows) and all(r["authors"].startswith("[") for r in rows)


def test_a_missing_page_prints_no_traceback(db_path, capfd):
    """With rich installed, Datasette printed a rich traceback with its locals (~180 lines) for each 404."""
    pytest.importorskip("rich")
    responses = _get_all(db_path, ["/nosuch", "/news/nosuchtable", "/news/articles/nosuchrow"])
    assert [r.status_code for r in responses] == [404, 404, 404]
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and len((out + err).splitlines()) < 5, (out + err)[:2000]


def test_browse_forwards_signals_only_while_datasette_runs(db_path, monkeypatch):
    """browse passes SIGINT and SIGTERM to Datasette from before it starts until it has ended, then gives the
    caller's handlers back: they stayed `forward` after the command returned (a later Ctrl-C in the same
    process was passed to a Datasette long gone), and a Ctrl-C while Datasette started was a
    KeyboardInterrupt with a traceback, Datasette left running."""
    from click.testing import CliRunner

    import crawler.cli

    class FakeDatasette:
        signals: list[int] = []

        def __init__(self, command, preexec_fn=None):
            signal.getsignal(signal.SIGINT)(signal.SIGINT, None)  # Ctrl-C while it starts

        def poll(self):
            return None

        def send_signal(self, signum):
            self.signals.append(signum)

        def wait(self):
            assert signal.getsignal(signal.SIGTERM) is signal.getsignal(signal.SIGINT)  # both forwarded
            signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)
            return 0

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(subprocess, "Popen", FakeDatasette)
    result = CliRunner().invoke(crawler.cli.cli, ["browse", "--db", str(db_path), "--port", str(port)])
    assert result.exit_code == 0 and not result.exception, (result.output, result.exception)
    assert FakeDatasette.signals == [signal.SIGINT, signal.SIGTERM]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
