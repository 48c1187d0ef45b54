"""Write selected articles as CSV, JSON Lines or Parquet, only ever inside the output folder."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path

from .query import EXPORT_COLUMNS

FORMATS = ("csv", "jsonl", "parquet")
_LIST_COLUMNS = ("authors", "tags", "faqs")


class ExportError(ValueError):
    """An export that must not or cannot be written; the message says why."""


def export_path(out: str | None, output_dir: str | Path, fmt: str) -> Path:
    """Where to write. A relative --out is read from the current folder (output/x.csv) or else from
    the output folder (x.csv); the file, symlinks followed, must lie inside the output folder."""
    lexical_base = Path(os.path.abspath(output_dir))
    base = lexical_base.resolve()
    if not out:
        return base / f"articles.{fmt}"
    given = Path(out).expanduser()
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, lexical_base / given]
    for candidate in candidates:
        lexical = Path(os.path.abspath(candidate))
        if base in lexical.resolve().parents:
            return lexical.resolve()
        if lexical_base in lexical.parents:
            break  # names a file in the output folder, but a symlink leads out of it
    raise ExportError(f"refusing to write {out}: exports go inside the output folder {base} "
                      f"(e.g. --out {Path(output_dir) / ('articles.' + fmt)})")


def write_export(records: Iterable[dict], path: Path, fmt: str, keep_formulas: bool = False) -> int:
    """Write records to path in fmt; return how many were written.

    CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
    return: text from the pages, which anyone can write) get a leading ' unless keep_formulas."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return _write_csv(records, path, neutralise=not keep_formulas)
    writer = {"jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    return writer(records, path)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell a spreadsheet would read as a formula, prefixed with ' (OWASP's CSV injection advice)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _write_jsonl(records, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _write_csv(records, path: Path, neutralise: bool = True) -> int:
    """Lists (authors, tags, FAQs) become JSON text in their cell."""
    n = 0
    cell = neutralise_formula if neutralise else (lambda v: v)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow({k: cell(json.dumps(v, ensure_ascii=False) if k in _LIST_COLUMNS else v)
                             for k, v in record.items()})
            n += 1
    return n


def parquet_schema():
    import pyarrow as pa

    person = pa.struct([("name", pa.string()), ("role", pa.string())])
    faq = pa.struct([("question", pa.string()), ("answer", pa.string())])
    types = {"authors": pa.list_(person), "tags": pa.list_(pa.string()), "faqs": pa.list_(faq),
             "word_count": pa.int64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in EXPORT_COLUMNS])


def _write_parquet(records, path: Path, batch_size: int = 1000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'newsmill[parquet]'") from None
    schema = parquet_schema()
    n, batch = 0, []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
