"""Rows another program wrote (invalid JSON, BLOBs, numbers where text belongs, times Python cannot hold)
and an --out that names the database: `export`, `search` and `stats` give valid output or one line, never
a traceback, and never write over the database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from newsmill.records import Article, Author, Faq
from pipelines.schema import open_db
from pipelines.sqlite import finish_run
from pipelines.store import store_article

BODY = "The harbour council met again on Tuesday to vote on the budget for the bridge. " * 4
FIRST = "https://a.example/first/"


@pytest.fixture
def db(tmp_path) -> Path:
    """Two articles with an author, tags and a FAQ, and one finished crawl run."""
    path = tmp_path / "news.db"
    database = open_db(path)
    with database.atomic():
        for url, published in [(FIRST, "2025-01-02T10:00:00+00:00"), ("https://a.example/second/", "2025-01-01")]:
            store_article(database, Article(url=url, title="Harbour " + url, body=BODY, published=published,
                                            authors=[Author("Ana Silva", "Reporter")], tags=["harbour", "budget"],
                                            faqs=[Faq("Was the bridge funded?", "Not yet.")], word_count=60),
                          url, "2025-01-03T00:00:00+00:00")
        run_id = database["crawl_runs"].insert({"started": "2025-01-03T00:00:00+00:00", "site": "a.example"}).last_pk
    finish_run(database, run_id, "finished")
    database.close()
    return path


def corrupt(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (
        f"{args}: {type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in result.output
    return result


def one_line_error(result, status: int = 1) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == status and len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def article_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


# --- 1. an export never replaces the database it reads -------------------------------------------------------

@pytest.mark.parametrize("name", ["news.db", "link.db", "news.db-wal", "news.db-shm", "news.db-journal"])
def test_export_refuses_to_write_over_the_database(db, name):
    (db.parent / "link.db").symlink_to(db)
    before = db.read_bytes()
    line = one_line_error(run("export", "--db", str(db), "--format", "jsonl", "--out", str(db.parent / name)))
    assert "is the" in line and "database" in line, line
    assert db.read_bytes() == before and article_count(db) == 2


def test_export_refuses_the_database_named_through_a_link_to_it(db):
    link = db.parent / "link.db"
    link.symlink_to(db)
    one_line_error(run("export", "--db", str(link), "--format", "csv", "--out", str(db)))
    assert article_count(db) == 2
    assert run("export", "--db", str(link), "--out", str(db.parent / "fine.jsonl")).exit_code == 0


# --- 2. tags that are not a JSON list of strings -------------------------------------------------------------

@pytest.mark.parametrize("stored, tags", [("[bad", ["[bad"]), ("5", ["5"]), ('{"a":1}', ['{"a":1}']),
                                          ("[1,2,null]", ["1", "2"]), ('"solo"', ["solo"]), ("", [])])
def test_unreadable_tags_are_kept_as_text(db, stored, tags):
    corrupt(db, f"UPDATE articles SET tags = '{stored}' WHERE url = '{FIRST}'")
    result = run("export", "--db", str(db), "--out", "-", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = {r["url"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records[FIRST]["tags"] == tags
    assert [r["tags"] for u, r in records.items() if u != FIRST] == [["harbour", "budget"]]


# --- 3. BLOBs where text belongs -----------------------------------------------------------------------------

BLOBS = (f"UPDATE articles SET published = X'00ff', title = X'414243', last_seen = X'00' WHERE url = '{FIRST}'",
         "UPDATE faqs SET answer = X'00'", "UPDATE article_authors SET role = X'00'",
         "UPDATE crawl_runs SET finish_reason = X'00', site = X'ff'")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_blobs_export_as_text(db, fmt):
    corrupt(db, *BLOBS)
    result = run("export", "--db", str(db), "--out", "-", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "csv":
        records = list(csv.DictReader(io.StringIO(result.stdout)))
        first = next(r for r in records if r["url"] == FIRST)
        assert json.loads(first["faqs"])[0]["answer"] == "\x00"
    else:
        records = [json.loads(line) for line in result.stdout.splitlines()] if fmt == "jsonl" else json.loads(result.stdout)
        first = next(r for r in records if r["url"] == FIRST)
        assert first["authors"][0]["role"] == "\x00" and first["last_seen"] == "\x00"
    assert len(records) == 2
    assert first["title"] == "ABC" and first["published"] == "\x00\\xff"  # undecodable bytes as \xNN


def test_blobs_in_search_and_stats_json(db):
    corrupt(db, *BLOBS, "UPDATE authors SET name = X'00ff'")
    result = run("search", "harbour", "--json", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and {h["title"] for h in hits} == {"ABC", "Harbour https://a.example/second/"}
    assert hits[0]["authors"] == ["00FF"]  # a BLOB author name in hex
    result = run("stats", "--json", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["runs_by_finish_reason"] == {"\x00": 1} and stats["last_runs"][0]["site"] == "\\xff"


# --- 4. Parquet: values its typed columns cannot hold --------------------------------------------------------

def test_parquet_makes_unreadable_values_null(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    corrupt(db, f"UPDATE articles SET published = '0001-01-01T00:00:00+05:00', modified = '9999-12-31T23:00:00-05:00', "
                f"tags = '[1,2,null]', word_count = 'many', is_paywalled = 'x', title = 7 WHERE url = '{FIRST}'",
            f"UPDATE articles SET published = X'00ff', tags = '{{\"a\":1}}' WHERE url != '{FIRST}'")
    out = tmp_path / "a.parquet"
    result = run("export", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    rows = {r["url"]: r for r in pq.read_table(out).to_pylist()}
    first = rows[FIRST]
    assert first["published"] is None and first["modified"] is None and first["word_count"] is None
    assert first["is_paywalled"] is None and first["title"] == "7" and first["tags"] == ["1", "2"]
    other = rows["https://a.example/second/"]
    assert other["published"] is None and other["tags"] == ['{"a":1}'] and other["word_count"] == 60


# --- 5. stats: NULL sites and runs of the wrong types ---------------------------------------------------------

def test_stats_reads_null_sites_and_odd_runs(db):
    corrupt(db, f"UPDATE articles SET site = NULL WHERE url = '{FIRST}'",
            "UPDATE crawl_runs SET started = 12345, finish_reason = X'00', site = 5, pages = 'many'")
    result = run("stats", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert "  -    " in result.stdout  # the article without a site
    run_line = next(line for line in result.stdout.splitlines() if line.startswith("  #1 "))
    assert "12345" in run_line and "\\x00" in run_line and "many pages" in run_line
    assert "\x00" not in result.stdout  # control characters escaped, as search does
    result = run("stats", "--json", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["last_runs"][0]["finish_reason"] == "\x00"


# --- text that is not UTF-8 ----------------------------------------------------------------------------------

def test_text_that_is_not_utf8_reads_with_escapes(db, tmp_path):
    """A TEXT cell of bytes that are not UTF-8 stopped every export and every search reaching its row
    ("Could not decode to UTF-8 column 'title'")."""
    corrupt(db, f"UPDATE articles SET title = CAST(X'41ff42' AS TEXT) WHERE url = '{FIRST}'")
    result = run("export", "--out", "-", "--format", "jsonl", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    titles = {json.loads(line)["title"] for line in result.stdout.splitlines()}
    assert "A\\xffB" in titles and len(titles) == 2
    result = run("search", "harbour", "--json", "--db", str(db))
    assert result.exit_code == 0 and {h["title"] for h in json.loads(result.stdout)} >= {"A\\xffB"}
