"""Write selected articles as CSV, JSON Lines, JSON or Parquet: to a file the user names, or to stdout.

Records stream through: each writer holds one record (Parquet: one row group) at a time, so a
database of any size exports in constant memory. A file is written beside its final name and moved
there when complete: an export that fails half way leaves no truncated file behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from .query import EXPORT_COLUMNS

FORMATS = ("csv", "jsonl", "json", "parquet")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet"}
# Spreadsheets and formats people try that newsmill does not write, with what to use instead.
_NOT_WRITTEN = {".xlsx": "--excel with a .csv file", ".xls": "--excel with a .csv file",
                ".ods": "--excel with a .csv file", ".tsv": "a .csv file", ".xml": "a .json or .jsonl file"}
_LIST_COLUMNS = ("authors", "tags", "faqs")
TIME_COLUMNS = ("published", "modified", "first_seen", "last_seen")  # typed timestamps in Parquet
EXCEL_CELL_LIMIT = 32767  # characters Excel keeps in one cell; a longer one breaks the row in two
# A row group is written when it holds this many articles or this much text, whichever comes first:
# the writer's memory (about ten times the group's text) stays bounded whatever the bodies' length.
PARQUET_ROW_GROUP = 1000
PARQUET_GROUP_CHARS = 2_000_000


class ExportError(ValueError):
    """An export that must not or cannot be written; the message says why."""


def choose_format(out: str | None, fmt: str | None) -> str:
    """The format: --format when given, else the extension of --out; a contradiction is refused.
    Neither (no --out, or --out -) gives JSON Lines."""
    if not out or out == "-":
        return fmt or "jsonl"
    suffix = Path(out).suffix.lower()
    implied = EXTENSIONS.get(suffix)
    if fmt and implied and fmt != implied:
        raise ExportError(f"--format {fmt} contradicts --out {out} (a {implied} file name): "
                          f"drop --format or name a .{fmt} file")
    if fmt:
        return fmt
    if implied:
        return implied
    if suffix in _NOT_WRITTEN:
        raise ExportError(f"newsmill does not write {suffix} files: use {_NOT_WRITTEN[suffix]}")
    known = ", ".join(EXTENSIONS)
    raise ExportError(f"cannot tell the format of {out!r} from its name: end it in {known}, or give --format")


def export_target(out: str | None, default_dir: str | Path, fmt: str,
                  database: str | Path | None = None) -> Path | None:
    """The file to write (None: stdout). Any path the user names; its folder must exist. Without --out,
    DEFAULT_DIR/articles.FORMAT (that folder is created). Never `database` or its journal files."""
    if out == "-":
        return None
    if not out:
        folder = Path(default_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"articles.{fmt}"
    else:
        path = Path(out).expanduser()
        if path.is_dir():
            raise ExportError(f"{out} is a folder: name a file, e.g. {path / ('articles.' + fmt)}")
        if not path.parent.is_dir():
            raise ExportError(f"cannot write {out}: no folder {path.parent} (create it first)")
    if database is not None:
        _refuse_database(path, Path(database).expanduser())
    return path


_DATABASE_FILES = ("", "-wal", "-shm", "-journal")  # SQLite keeps its journals beside the database


def _refuse_database(path: Path, database: Path) -> None:
    """The export is moved over its target: over the database (or a journal of it) it would replace the
    articles it was read from. Compared as resolved paths, and as files when both exist (hard links)."""
    target = os.path.realpath(path)
    for base in {database, Path(os.path.realpath(database))}:  # SQLite puts journals beside the resolved file
        for suffix in _DATABASE_FILES:
            guarded = base.with_name(base.name + suffix)
            same = target == os.path.realpath(guarded)
            if not same and path.exists() and guarded.exists():
                try:
                    same = os.path.samefile(path, guarded)
                except OSError:
                    pass
            if same:
                what = f"the database {database}" if not suffix else f"the {suffix} file of the database {database}"
                raise ExportError(f"cannot export to {path}: it is {what}; name another file")


def write_export(records: Iterable[dict], target: Path | BinaryIO, fmt: str, keep_formulas: bool = False,
                 excel: bool = False) -> int:
    """Write records to target (a path, or a binary stream such as stdout) in fmt; return how many.

    CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
    return: text from the pages, which anyone can write) get a leading ' unless keep_formulas.
    `excel` (CSV only): a UTF-8 byte order mark, so Excel reads the file as UTF-8, and cells cut to
    Excel's 32,767 characters."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise ExportError(f"--excel is for CSV files, not {fmt}")
    if fmt == "parquet":
        _parquet_modules()  # before any file is created
    if not isinstance(target, Path):
        return _write(records, target, fmt, keep_formulas, excel)
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):  # /dev/stdout, a FIFO: write into it
        return _write_in_place(records, target, fmt, keep_formulas, excel)
    target = target.resolve() if target.is_symlink() else target  # a link to a file: replace the file
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        stream = partial.open("wb")
    except OSError as exc:
        if target.is_file() and os.access(target, os.W_OK):  # a writable file in a folder we cannot write
            return _write_in_place(records, target, fmt, keep_formulas, excel)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with stream:
            n = _write(records, stream, fmt, keep_formulas, excel)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return n


def _write_in_place(records, target: Path, fmt: str, keep_formulas: bool, excel: bool) -> int:
    try:
        stream = target.open("wb")
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    with stream:
        return _write(records, stream, fmt, keep_formulas, excel)


def _write(records, stream: BinaryIO, fmt: str, keep_formulas: bool, excel: bool) -> int:
    if fmt == "parquet":
        return _write_parquet(records, stream)
    # newline="": the csv module writes its own line ends (\r\n, as RFC 4180 and spreadsheets expect)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if excel else "utf-8", newline="")
    try:
        if fmt == "csv":
            return _write_csv(records, text, neutralise=not keep_formulas, excel=excel)
        return (_write_jsonl if fmt == "jsonl" else _write_json)(records, text)
    finally:
        text.flush()
        text.detach()  # leave the stream open: it may be stdout


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell a spreadsheet would read as a formula, prefixed with ' (OWASP's CSV injection advice)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _write_jsonl(records, f) -> int:
    n = 0
    for record in records:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_json(records, f) -> int:
    """One JSON array, written one element at a time."""
    n = 0
    f.write("[")
    for record in records:
        f.write(("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False))
        n += 1
    f.write("\n]\n" if n else "]\n")
    return n


def _excel_cell(value):
    return value[:EXCEL_CELL_LIMIT] if isinstance(value, str) else value


def _write_csv(records, f, neutralise: bool = True, excel: bool = False) -> int:
    """Lists (authors, tags, FAQs) become JSON text in their cell."""
    n = 0
    cell = neutralise_formula if neutralise else (lambda v: v)
    if excel:
        plain = cell
        cell = lambda v: _excel_cell(plain(v))  # noqa: E731
    writer = csv.DictWriter(f, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: cell(json.dumps(v, ensure_ascii=False) if k in _LIST_COLUMNS else v)
                         for k, v in record.items()})
        n += 1
    return n


def _parquet_modules():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'newsmill[parquet]'") from None
    return pa, pq


def parquet_schema():
    """Lists as lists of structs; times as UTC timestamps (see parquet_time)."""
    pa, _ = _parquet_modules()
    person = pa.struct([("name", pa.string()), ("role", pa.string())])
    faq = pa.struct([("question", pa.string()), ("answer", pa.string())])
    types = {"authors": pa.list_(person), "tags": pa.list_(pa.string()), "faqs": pa.list_(faq),
             "word_count": pa.int64(), "is_paywalled": pa.int64(), **{c: pa.timestamp("s", tz="UTC") for c in TIME_COLUMNS}}
    return pa.schema([(c, types.get(c, pa.string())) for c in EXPORT_COLUMNS])


def parquet_time(text: str | None) -> datetime | None:
    """A stored time as an aware UTC datetime. A date alone (published_precision 'day') is that day's
    00:00 UTC, never shifted by a local zone; a time the page gave without a zone is read as UTC, as
    --since reads it (the page's own text stays in published_raw). Text that is no ISO time: None."""
    if not text or not isinstance(text, str):  # a number or BLOB another program stored
        return None
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # OverflowError: before year 1 or after 9999 once in UTC
        return None


_INT64 = (-2**63, 2**63 - 1)


def _parquet_int(value) -> int | None:
    """An int64 cell; text such as 'many', a fraction or a number past int64: None."""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return None
    return value if isinstance(value, int) and _INT64[0] <= value <= _INT64[1] else None


def _parquet_text(value) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def _parquet_record(record: dict) -> dict:
    """The record with each value of the type its Parquet column holds: rows another program wrote may
    hold anything; what cannot be read as that type is null, so one row does not fail the export."""
    row: dict = {}
    for column, value in record.items():
        if column in TIME_COLUMNS:
            row[column] = parquet_time(value)
        elif column in ("word_count", "is_paywalled"):
            row[column] = _parquet_int(value)
        elif column == "tags":
            row[column] = [_parquet_text(t) for t in value or []]
        elif column in ("authors", "faqs"):
            row[column] = [{k: _parquet_text(v) for k, v in item.items()} for item in value or []]
        else:
            row[column] = _parquet_text(value)
    return row


def _write_parquet(records, stream: BinaryIO, row_group: int = PARQUET_ROW_GROUP,
                   group_chars: int = PARQUET_GROUP_CHARS) -> int:
    """One row group per `row_group` records (or `group_chars` of body text), written as soon as it is full."""
    pa, pq = _parquet_modules()
    schema = parquet_schema()
    n, batch, chars = 0, [], 0
    with pq.ParquetWriter(stream, schema, compression="zstd") as writer:
        for record in records:
            record = _parquet_record(record)
            batch.append(record)
            chars += len(record["body"] or "")
            if len(batch) >= row_group or chars >= group_chars:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch, chars = n + len(batch), [], 0
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
