"""newsmill export: the files hold exactly the selected rows; nothing is written outside output/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli import cli
from demo_db import copy_of_demo_db
from pipelines.query import EXPORT_COLUMNS

SINCE = "2024-10-15"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return str(copy_of_demo_db(tmp_path_factory.mktemp("export")))


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def export(db_path, *args):
    return CliRunner().invoke(cli, ["export", "--db", db_path, *args])


def selected(db_path, since=SINCE) -> list[str]:
    rows = Database(db_path).execute(
        "SELECT url FROM articles WHERE published >= ? ORDER BY published DESC, url", [since]).fetchall()
    return [r[0] for r in rows]


def test_jsonl_holds_exactly_the_selected_rows(db_path, in_tmp):
    want = selected(db_path)
    assert 0 < len(want) < 7, "the filter should select some rows, not all"
    result = export(db_path, "--format", "jsonl", "--since", SINCE)
    assert result.exit_code == 0, result.output
    path = in_tmp / "output" / "articles.jsonl"
    assert f"Exported {len(want)} articles to {path}" in result.output
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [r["url"] for r in records] == want
    db = Database(db_path)
    for record in records:
        assert list(record) == list(EXPORT_COLUMNS)
        row = db["articles"].get(record["url"])
        for column in EXPORT_COLUMNS:
            if column not in ("authors", "faqs", "tags"):
                assert record[column] == row[column], column
        assert record["tags"] == json.loads(row["tags"])
        assert len(record["faqs"]) == db.execute(
            "SELECT count(*) FROM faqs WHERE article_url = ?", [record["url"]]).fetchone()[0]
    seed = next(r for r in records if r["url"].endswith("/world/venezuela-us-military-action/"))
    assert seed["authors"] == [{"name": "James Carter", "role": "Senior News Editor"}]
    assert len(seed["faqs"]) == 3 and set(seed["faqs"][0]) == {"question", "answer"}


def test_csv_and_parquet_hold_the_same_rows(db_path, in_tmp):
    pq = pytest.importorskip("pyarrow.parquet")
    assert export(db_path, "--format", "jsonl", "--since", SINCE).exit_code == 0
    assert export(db_path, "--format", "csv", "--since", SINCE, "--out", "output/sel.csv").exit_code == 0
    result = export(db_path, "--format", "parquet", "--since", SINCE, "--out", "sel.parquet")
    assert result.exit_code == 0, result.output
    expected = [json.loads(line) for line in (in_tmp / "output" / "articles.jsonl").read_text("utf-8").splitlines()]
    with (in_tmp / "output" / "sel.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["url"] for r in rows] == selected(db_path)
    for row, record in zip(rows, expected):
        assert json.loads(row["authors"]) == record["authors"] and json.loads(row["faqs"]) == record["faqs"]
        assert row["body"] == record["body"] and row["word_count"] == str(record["word_count"])
    table = pq.read_table(in_tmp / "output" / "sel.parquet")
    assert table.column_names == list(EXPORT_COLUMNS)
    assert table.to_pylist() == expected


def test_filters_by_site_and_everything_by_default(db_path, in_tmp):
    assert export(db_path, "--format", "jsonl", "--site", "nowhere.example").exit_code == 0
    assert (in_tmp / "output" / "articles.jsonl").read_text() == ""
    assert export(db_path, "--format", "jsonl", "--out", "all.jsonl").exit_code == 0
    assert len((in_tmp / "output" / "all.jsonl").read_text().splitlines()) == 7


@pytest.mark.parametrize("out", ["../x.csv", "output/../../x.csv", "/tmp/newsmill-elsewhere/x.csv"])
def test_refuses_to_write_outside_the_output_folder(db_path, in_tmp, out):
    result = export(db_path, "--format", "csv", "--out", out)
    assert result.exit_code == 1
    assert "refusing to write" in result.output and "output folder" in result.output
    assert "Traceback" not in result.output
    assert not (in_tmp.parent / "x.csv").exists() and not Path("/tmp/newsmill-elsewhere/x.csv").exists()


def test_a_symlink_out_of_the_output_folder_is_refused(db_path, in_tmp, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (in_tmp / "output").mkdir()
    (in_tmp / "output" / "link").symlink_to(elsewhere, target_is_directory=True)
    result = export(db_path, "--format", "csv", "--out", "output/link/x.csv")
    assert result.exit_code == 1 and not (elsewhere / "x.csv").exists()


def test_parquet_without_pyarrow_is_a_clear_error(db_path, in_tmp, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    result = export(db_path, "--format", "parquet")
    assert result.exit_code == 1 and "pip install 'newsmill[parquet]'" in result.output
