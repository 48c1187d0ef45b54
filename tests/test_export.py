"""newsmill export: the files hold exactly the selected rows, in the format --out names, anywhere or to stdout."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli import cli
from demo_db import copy_of_demo_db
from pipelines.export import TIME_COLUMNS, parquet_time
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
    result = export(db_path, "--since", SINCE, "--out", "output/sel.parquet")
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
    for row, record in zip(table.to_pylist(), expected):
        for column in TIME_COLUMNS:  # typed: the same instant as the text
            record[column] = parquet_time(record[column])
        assert row == record


def test_filters_by_site_and_everything_by_default(db_path, in_tmp):
    assert export(db_path, "--format", "jsonl", "--site", "nowhere.example").exit_code == 0
    assert (in_tmp / "output" / "articles.jsonl").read_text() == ""
    assert export(db_path, "--out", "all.jsonl").exit_code == 0  # beside us: --out is read from the current folder
    assert len((in_tmp / "all.jsonl").read_text().splitlines()) == 7


@pytest.mark.parametrize("out", ["../x.csv", "elsewhere/x.csv", "ABSOLUTE/x.csv"])
def test_writes_any_path_the_user_names(db_path, in_tmp, out):
    """A CLI writes where its user says: outside output/, up a folder, an absolute path."""
    (in_tmp / "elsewhere").mkdir(exist_ok=True)
    absolute = in_tmp.parent / "absolute-target"
    absolute.mkdir(exist_ok=True)
    out = out.replace("ABSOLUTE", str(absolute))
    result = export(db_path, "--out", out)
    assert result.exit_code == 0, result.output
    path = Path(out) if Path(out).is_absolute() else in_tmp / out
    assert len(list(csv.DictReader(path.open(encoding="utf-8", newline="")))) == 7
    assert not (in_tmp / "output").exists()


def test_a_missing_folder_or_a_folder_as_out_is_a_clear_error(db_path, in_tmp):
    result = export(db_path, "--out", "no/such/folder/x.csv")
    assert result.exit_code == 1 and "no folder no/such/folder" in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    (in_tmp / "adir.csv").mkdir()
    result = export(db_path, "--out", "adir.csv")
    assert result.exit_code == 1 and "is a folder" in result.output


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


# --- format inference -------------------------------------------------------------------------------

def _read(path: Path, fmt: str) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "json":
        return json.loads(path.read_text("utf-8"))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("name,fmt", [("a.csv", "csv"), ("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"),
                                      ("a.json", "json"), ("a.parquet", "parquet"), ("A.CSV", "csv")])
def test_the_format_follows_the_extension(db_path, in_tmp, name, fmt):
    result = export(db_path, "--out", name, "--since", SINCE)
    assert result.exit_code == 0, result.output
    records = _read(in_tmp / name, fmt)
    assert [r["url"] for r in records] == selected(db_path)
    if fmt != "parquet":  # a parquet file read as text would fail above; the text formats are not each other
        text = (in_tmp / name).read_text("utf-8")
        assert text.startswith({"csv": "url,", "jsonl": '{"url"', "json": '[\n{"url"'}[fmt])


@pytest.mark.parametrize("args,message", [
    (["--format", "jsonl", "--out", "x.csv"], "--format jsonl contradicts --out x.csv"),
    (["--format", "csv", "--out", "x.parquet"], "--format csv contradicts --out x.parquet"),
    (["--out", "x.txt"], "cannot tell the format of 'x.txt'"),
    (["--out", "x.xlsx"], "does not write .xlsx files: use --excel with a .csv file"),
    (["--out", "x.jsonl", "--excel"], "--excel is for CSV"),
])
def test_a_contradiction_or_an_unknown_extension_is_refused_in_one_line(db_path, in_tmp, args, message):
    result = CliRunner().invoke(cli, ["export", "--db", db_path, *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert list(in_tmp.iterdir()) == []  # nothing written, not even a partial file


def test_format_given_for_a_name_without_extension(db_path, in_tmp):
    assert export(db_path, "--out", "dump", "--format", "csv").exit_code == 0
    assert len(_read(in_tmp / "dump", "csv")) == 7


# --- stdout -----------------------------------------------------------------------------------------

def test_out_dash_writes_to_stdout_and_the_count_to_stderr(db_path, in_tmp):
    result = CliRunner().invoke(cli, ["export", "--db", db_path, "--out", "-", "--since", SINCE])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == selected(db_path)
    assert "Exported" in result.stderr and "Exported" not in result.stdout
    assert not (in_tmp / "-").exists() and list(in_tmp.iterdir()) == []
    as_csv = CliRunner().invoke(cli, ["export", "--db", db_path, "--out", "-", "--format", "csv"])
    assert [r["url"] for r in csv.DictReader(io.StringIO(as_csv.stdout))] == selected(db_path, since="0")


def test_parquet_to_stdout_is_a_readable_file(db_path, in_tmp):
    pq = pytest.importorskip("pyarrow.parquet")
    result = CliRunner().invoke(cli, ["export", "--db", db_path, "--out", "-", "--format", "parquet"])
    assert result.exit_code == 0, result.stderr
    assert pq.read_table(io.BytesIO(result.stdout_bytes)).num_rows == 7


# --- filters ----------------------------------------------------------------------------------------

@pytest.fixture
def dated_db(tmp_path):
    """Five articles around 31 January 2025: a day-precision one, times at the day's edges, a German one."""
    from newsmill.records import Article, Author
    from pipelines.schema import open_db
    from pipelines.store import store_article

    db = open_db(tmp_path / "dated.db")
    body = "The harbour council met again on Tuesday to vote on the budget for the bridge. " * 4
    stories = [("https://a.example/dec/", "2024-12-31T23:59:59+00:00", "Ana Silva", "en"),
               ("https://a.example/jan1/", "2025-01-01T00:00:00+00:00", "Bo Chen", "en"),
               ("https://www.b.example/day/", "2025-01-31", "Ana Silva", "de"),
               ("https://b.example/late/", "2025-01-31T23:59:59+00:00", "Cy Wu", "en-GB"),
               ("https://b.example/feb/", "2025-02-01T00:00:00+00:00", "Cy Wu", "en"),
               ("https://b.example/undated/", None, "Di Ng", "en")]
    with db.atomic():
        for url, published, author, language in stories:
            precision = None if not published else "day" if len(published) == 10 else "second"
            store_article(db, Article(url=url, title="Harbour " + url, body=body, published=published,
                                      published_precision=precision, language=language, authors=[Author(author)]),
                          url, "2025-02-02T00:00:00+00:00")
    db.close()
    return str(tmp_path / "dated.db")


def _exported(db: str, *args) -> list[str]:
    result = CliRunner().invoke(cli, ["export", "--db", db, "--out", "-", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line)["url"].split("/")[-2] for line in result.stdout.splitlines()]


def test_since_and_until_include_their_bounds_and_a_date_its_whole_day(dated_db):
    assert _exported(dated_db, "--since", "2025-01-01", "--until", "2025-01-31") == ["late", "day", "jan1"]
    assert _exported(dated_db, "--until", "2024-12-31") == ["dec"]
    assert _exported(dated_db, "--since", "2025-02-01") == ["feb"]
    # a timestamp bound includes that instant, an offset is turned into UTC first
    assert _exported(dated_db, "--since", "2025-01-01T00:00:00Z", "--until", "2025-01-01T00:00:00Z") == ["jan1"]
    assert _exported(dated_db, "--until", "2025-01-01T00:59:59+01:00") == ["dec"]
    # undated articles come last when no date filter applies
    assert _exported(dated_db)[-1] == "undated" and len(_exported(dated_db)) == 6


def test_site_author_language_and_limit_narrow_the_export(dated_db):
    assert _exported(dated_db, "--site", "b.example") == ["feb", "late", "day", "undated"]  # www. too
    assert _exported(dated_db, "--author", "ana silva") == ["day", "dec"]
    assert _exported(dated_db, "--author", "Silva", "--site", "a.example") == ["dec"]
    assert _exported(dated_db, "--language", "de") == ["day"]
    assert _exported(dated_db, "--language", "en", "--site", "b.example") == ["feb", "late", "undated"]  # en-GB
    assert _exported(dated_db, "--language", "de,en", "--until", "2025-01-31", "--since", "2025-01-31") == ["late", "day"]
    assert _exported(dated_db, "--limit", "2") == ["feb", "late"]
    assert _exported(dated_db, "--limit", "1", "--author", "cy wu", "--until", "2025-01-31") == ["late"]


@pytest.mark.parametrize("args,message", [
    (["--until", "soon"], "--until wants a date"),
    (["--since", "2025-02-01", "--until", "2025-01-31"], "--until 2025-01-31 is before --since"),
    (["--limit", "0"], "--limit"),
])
def test_bad_filters_are_one_line_errors(dated_db, tmp_path, args, message):
    result = CliRunner().invoke(cli, ["export", "--db", dated_db, "--out", str(tmp_path / "x.csv"), *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output  # bad arguments
    assert not (tmp_path / "x.csv").exists()


# --- spreadsheets and types -------------------------------------------------------------------------

def test_excel_csv_has_a_bom_and_crlf_lines(db_path, in_tmp):
    assert export(db_path, "--out", "plain.csv").exit_code == 0
    assert export(db_path, "--out", "sheet.csv", "--excel").exit_code == 0
    sheet = (in_tmp / "sheet.csv").read_bytes()
    assert sheet.startswith(b"\xef\xbb\xbfurl,") and not (in_tmp / "plain.csv").read_bytes().startswith(b"\xef")
    assert sheet.split(b"\n", 1)[0].endswith(b"\r")  # the header row ends in CRLF
    rows = list(csv.DictReader(io.StringIO(sheet.decode("utf-8-sig"), newline="")))
    assert [r["url"] for r in rows] == selected(db_path, since="0")
    alone = CliRunner().invoke(cli, ["export", "--db", db_path, "--out", "-", "--excel"])  # --excel alone: CSV
    assert alone.exit_code == 0 and alone.stdout_bytes.startswith(b"\xef\xbb\xbfurl,")


def test_excel_cuts_cells_to_excels_limit(tmp_path):
    from pipelines.export import EXCEL_CELL_LIMIT, write_export

    record = {c: None for c in EXPORT_COLUMNS} | {"body": "x" * 40000, "authors": [], "tags": [], "faqs": []}
    write_export([record], tmp_path / "a.csv", "csv", excel=True)
    (row,) = csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8-sig", newline=""))
    assert len(row["body"]) == EXCEL_CELL_LIMIT


def test_parquet_timestamps_are_typed_and_a_day_stays_its_day(dated_db, tmp_path, monkeypatch):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import time
    from datetime import datetime, timezone

    monkeypatch.setenv("TZ", "America/Los_Angeles")  # a local zone must not shift a date-only value
    time.tzset()
    try:
        out = tmp_path / "t.parquet"
        assert CliRunner().invoke(cli, ["export", "--db", dated_db, "--out", str(out)]).exit_code == 0
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    table = pq.read_table(out)
    for column in TIME_COLUMNS:
        assert pa.types.is_timestamp(table.schema.field(column).type), column
        assert table.schema.field(column).type.tz == "UTC"
    rows = {r["url"].split("/")[-2]: r for r in table.to_pylist()}
    assert rows["day"]["published"] == datetime(2025, 1, 31, tzinfo=timezone.utc)
    assert rows["day"]["published_precision"] == "day"
    assert rows["late"]["published"] == datetime(2025, 1, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert rows["undated"]["published"] is None
    assert rows["late"]["first_seen"] == datetime(2025, 2, 2, tzinfo=timezone.utc)


def test_parquet_time_reads_every_stored_form():
    from datetime import datetime, timezone

    assert parquet_time("2025-01-31") == datetime(2025, 1, 31, tzinfo=timezone.utc)
    assert parquet_time("2025-01-31T10:00:00+02:00") == datetime(2025, 1, 31, 8, tzinfo=timezone.utc)
    assert parquet_time("2025-01-31T10:00:00") == datetime(2025, 1, 31, 10, tzinfo=timezone.utc)  # no zone: as UTC
    assert parquet_time(None) is None and parquet_time("not a date") is None


# --- streaming --------------------------------------------------------------------------------------

class _Sink(io.RawIOBase):
    """A binary stream that counts what it is given and keeps none of it."""

    def __init__(self):
        self.written = 0

    def writable(self):
        return True

    def write(self, data):
        self.written += len(data)
        return len(data)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    from bench.export_memory import build_database

    return build_database(tmp_path_factory.mktemp("big") / "big.db", 3000, body_chars=1500)


def test_export_memory_does_not_grow_with_the_rows(big_db):
    """Python's peak allocation exporting 3,000 articles is that of 500: rows are read in batches and
    written as they come (a list of all records would take 16 MB here)."""
    import tracemalloc

    from pipelines.export import write_export
    from pipelines.query import export_records
    from pipelines.schema import open_db

    peaks = {}
    for n in (500, 3000):
        db = open_db(big_db)
        tracemalloc.start()
        try:
            assert write_export(export_records(db, limit=n), _Sink(), "jsonl") == n
            peaks[n] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            db.close()
    assert peaks[3000] - peaks[500] < 1_000_000, peaks


def test_every_writer_writes_while_records_still_come(big_db):
    """The first bytes reach the file before the last record is read (Parquet: one row group at a time)."""
    pytest.importorskip("pyarrow")
    from pipelines.export import FORMATS, write_export
    from pipelines.query import export_records
    from pipelines.schema import open_db

    db = open_db(big_db)
    for fmt in FORMATS:
        sink, seen = _Sink(), []

        def records():
            for n, record in enumerate(export_records(db, limit=2500)):
                seen.append(sink.written)
                yield record

        assert write_export(records(), sink, fmt) == 2500
        assert seen[-1] > seen[0], fmt  # written during the loop, not only at the end
    queries = []
    db.conn.set_trace_callback(queries.append)
    assert sum(1 for _ in export_records(db, batch_rows=100)) == 3000
    assert sum(q.lstrip().startswith("SELECT a.url") for q in queries) >= 30  # 100 articles a query


def test_parquet_row_groups_are_bounded(big_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from pipelines.export import write_export
    from pipelines.query import export_records
    from pipelines.schema import open_db

    write_export(export_records(open_db(big_db)), tmp_path / "b.parquet", "parquet")
    meta = pq.ParquetFile(tmp_path / "b.parquet").metadata
    assert meta.num_rows == 3000 and meta.num_row_groups >= 3
    assert all(meta.row_group(i).num_rows <= 1000 for i in range(meta.num_row_groups))


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(tmp_path):
    from pipelines.export import write_export

    target = tmp_path / "a.jsonl"
    target.write_text("the previous export\n")

    def records():
        yield {c: None for c in EXPORT_COLUMNS}
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_export(records(), target, "jsonl")
    assert target.read_text() == "the previous export\n" and sorted(tmp_path.iterdir()) == [target]
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    assert write_export(iter([{c: None for c in EXPORT_COLUMNS}]), link, "jsonl") == 1
    assert link.is_symlink() and json.loads(target.read_text())["url"] is None  # written through the link


def test_a_reader_that_stops_early_ends_the_export_quietly(big_db):
    """`newsmill export --out - | head -1`: the closed pipe ends it with status 0 and no traceback."""
    import subprocess
    import sys

    from conftest import ROOT

    child = subprocess.Popen([sys.executable, "-m", "crawler.cli", "export", "--db", str(big_db), "--out", "-"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()  # as head does after its line
    _, err = child.communicate(timeout=60)
    assert json.loads(first)["url"] and child.returncode == 0, err.decode()[-2000:]
    assert b"Traceback" not in err and b"Exception ignored" not in err
