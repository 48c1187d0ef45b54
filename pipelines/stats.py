"""What a database holds, as one dict: `newsmill stats` prints it as text or as JSON."""

from __future__ import annotations

from pathlib import Path

from .compat import Database

from .query import readable
from .schema import schema_version
from .textsafety import for_terminal

TABLES = ("articles", "authors", "article_authors", "faqs", "tags", "article_revisions", "pages", "crawl_runs",
          "raw_pages")
RUN_COLUMNS = ("id", "site", "started", "finished", "finish_reason", "exit_status", "errors", "pages",
               "articles_new", "articles_changed", "pages_failed")


def database_stats(db: Database, path: str | Path, last_runs: int = 10) -> dict:
    """Counts per table and per site, the last runs (newest first) and the runs with no finish recorded:
    still running, or killed (the next crawl on the database closes those as `killed`)."""
    columns = ", ".join(RUN_COLUMNS)
    by_reason: dict = {}
    for reason, n in db.execute(
            "SELECT coalesce(finish_reason, 'unfinished'), count(*) FROM crawl_runs GROUP BY 1 ORDER BY 1"):
        reason = readable(reason)  # a BLOB's text may equal a TEXT reason: one count
        by_reason[reason] = by_reason.get(reason, 0) + n
    return readable({
        "database": str(path),
        "schema_version": schema_version(db),
        "size_bytes": Path(path).stat().st_size,
        "tables": {table: db[table].count for table in TABLES},
        "sites": list(db.query(
            "SELECT site, count(*) AS articles, max(published) AS newest FROM articles "
            "GROUP BY site ORDER BY articles DESC, site")),
        "runs_by_finish_reason": by_reason,
        "last_runs": list(db.query(f"SELECT {columns} FROM crawl_runs ORDER BY id DESC LIMIT ?", [last_runs])),
        "unfinished_runs": list(db.query(
            f"SELECT {columns} FROM crawl_runs WHERE finished IS NULL ORDER BY id DESC")),
    })


def stats_lines(stats: dict) -> list[str]:
    """The text `newsmill stats` prints."""
    lines = [f"Schema version: {stats['schema_version']}"]
    lines += [f"{table:16} {n:>8}" for table, n in stats["tables"].items()]
    lines.append("By site:")
    lines += [f"  {_text(s['site']):40} {s['articles']:>6}  newest {_text(s['newest'])}" for s in stats["sites"]]
    if stats["runs_by_finish_reason"]:
        lines.append("Crawl runs by how they ended: "
                     + ", ".join(f"{_text(k)} {v}" for k, v in stats["runs_by_finish_reason"].items()))
    if stats["last_runs"]:
        lines.append("Last runs (newest first):")
        lines += [_run_line(run) for run in stats["last_runs"]]
    if stats["unfinished_runs"]:
        lines.append("Unfinished runs (no finish recorded: still running, or killed; "
                     "the next crawl closes a killed one as 'killed'):")
        lines += [_run_line(run) for run in stats["unfinished_runs"]]
    lines.append(f"Size: {stats['size_bytes'] / 1024:.0f} KiB")
    return lines


def _run_line(run: dict) -> str:
    started = _text(run["started"], "?")[:19].replace("T", " ")
    counts = (f"{_text(run['pages'], 0)} pages, {_text(run['articles_new'], 0)} new, "
              f"{_text(run['articles_changed'], 0)} changed, {_text(run['errors'], 0)} errors"
              ) if run["finished"] else "no finish recorded"
    return (f"  #{_text(run['id']):<5} {started}  {_text(run['site'])[:16]:16} "
            f"{_text(run['finish_reason'], 'unfinished'):12} {counts}")


def _text(value, empty="-") -> str:
    """A stored value as printable text: rows another program wrote may hold a number where text belongs,
    NULL where a value does, or control characters."""
    return str(empty) if value is None or value == "" else for_terminal(value)
