"""Commands that read or maintain the database: stats, search, export, reextract, browse."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import DEFAULT_DB, SINCE_HELP, SITE_HELP, open_existing, site_rules


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def stats(db):
    """Print what the database holds.

    \b
    Example:
        newsmill stats --db output/news.db
    """
    from pipelines.schema import schema_version

    database = open_existing(db)
    click.echo(f"Schema version: {schema_version(database)}")
    for table in ("articles", "authors", "article_authors", "faqs", "tags", "article_revisions", "pages",
                  "crawl_runs", "raw_pages"):
        click.echo(f"{table:16} {database[table].count:>8}")
    click.echo("By site:")
    for row in database.query(
        "SELECT site, count(*) AS n, max(published) AS newest FROM articles GROUP BY site ORDER BY n DESC"
    ):
        click.echo(f"  {row['site']:40} {row['n']:>6}  newest {row['newest'] or '-'}")
    ended = dict(database.execute(
        "SELECT coalesce(finish_reason, 'running'), count(*) FROM crawl_runs GROUP BY 1").fetchall())
    if ended:
        click.echo("Crawl runs by how they ended: " + ", ".join(f"{k} {v}" for k, v in sorted(ended.items())))
    click.echo(f"Size: {Path(db).stat().st_size / 1024:.0f} KiB")


@click.command()
@click.argument("query")
@click.option("--site", help=SITE_HELP)
@click.option("--since", help=SINCE_HELP)
@click.option("--author", help="Only articles by an author whose name contains this.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Most results to print.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def search(query, site, since, author, limit, db):
    """Full-text search over titles, bodies and FAQs; best matches first, hits [highlighted].

    QUERY is SQLite FTS5 syntax: words, "exact phrases", OR, NOT, prefix*.

    \b
    Examples:
        newsmill search drone
        newsmill search '"central bank" OR fed' --site example.com --since 2025-01-01
        newsmill search sanctions --author "Jane Doe" --limit 5
    """
    from pipelines.query import HIT_END, HIT_START, QueryError, search as run_search
    from pipelines.textsafety import for_terminal

    database = open_existing(db)
    try:
        hits = run_search(database, query, site=site, since=since, author=author, limit=limit)
    except QueryError as exc:
        raise click.ClickException(str(exc))
    colour = sys.stdout.isatty()
    start, end = ("\x1b[1;33m", "\x1b[0m") if colour else ("[", "]")
    for n, hit in enumerate(hits, 1):  # stored text printed escaped: no terminal control sequence gets through
        hit = {k: for_terminal(v, keep=HIT_START + HIT_END if k == "snippet" else "") for k, v in hit.items()}
        click.echo(f"{n}. {hit['title']}")
        click.echo(f"   {hit['url']}")
        click.echo(f"   {hit['site']} · {hit['published'] or 'undated'} · {hit['authors'] or 'no author'}")
        snippet = " ".join((hit["snippet"] or "").split()).replace(HIT_START, start).replace(HIT_END, end)
        click.echo(f"   {snippet}")
    click.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''}", err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="jsonl",
              show_default=True, help="File format (parquet needs the parquet extra).")
@click.option("--site", help=SITE_HELP)
@click.option("--since", help=SINCE_HELP)
@click.option("--author", help="Only articles by an author whose name contains this.")
@click.option("--out", help="File to write, inside the output folder [default: OUTPUT_DIR/articles.FORMAT].")
@click.option("--output-dir", default="output", show_default=True, envvar="NEWSMILL_OUTPUT_DIR",
              help="The output folder; --out may not point outside it.")
@click.option("--keep-formulas", is_flag=True,
              help="CSV: write cells starting with = + - @ as they are (by default they get a leading ', "
                   "so that a spreadsheet does not run them as formulas).")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def export(fmt, site, since, author, out, output_dir, keep_formulas, db):
    """Export articles (with authors, tags and FAQs) as CSV, JSON Lines or Parquet.

    \b
    Examples:
        newsmill export --format csv --since 2025-01-01 --out output/january.csv
        newsmill export --format parquet --site example.com
        newsmill export --format jsonl --out output/all.jsonl
    """
    from pipelines.export import ExportError, export_path, write_export
    from pipelines.query import QueryError, export_records

    try:
        path = export_path(out, output_dir, fmt)
        database = open_existing(db)
        count = write_export(export_records(database, site=site, since=since, author=author), path, fmt,
                             keep_formulas=keep_formulas)
    except (ExportError, QueryError) as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Exported {count} article{'s' if count != 1 else ''} to {path}")


@click.command()
@click.option("--site", help=SITE_HELP)
@click.option("--since", help=SINCE_HELP)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to update.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a setting (CLEAN_DISABLED, CLEAN_MIN_BODY_CHARS).")
def reextract(site, since, db, settings):
    """Re-run the current extraction over the stored raw HTML; no network.

    Rows whose extraction changed are updated and their old text kept in article_revisions.

    \b
    Examples:
        newsmill reextract
        newsmill reextract --site example.com --since 2025-01-01 --db output/example.db
    """
    import time

    from pipelines.query import QueryError
    from pipelines.reextract import reextract as run_reextract

    from ..runner import project_settings
    from .common import check_settings

    config = project_settings(check_settings(settings))
    from ..lock import RunLock, RunLocked

    rules = site_rules(config.get("CLEAN_SITE_RULES"))
    database = open_existing(db)
    started = time.monotonic()
    try:
        with RunLock(db):  # it writes: one writer at a time, as crawl, demo and nightly
            counts = run_reextract(database, site=site, since=since,
                                   disabled=tuple(config.getlist("CLEAN_DISABLED")),
                                   min_body_chars=config.getint("CLEAN_MIN_BODY_CHARS"), site_rules=rules)
    except (QueryError, RunLocked) as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Pages re-extracted: {sum(counts.values())}")
    for outcome in ("changed", "refreshed", "unchanged", "failed"):
        click.echo(f"  {outcome:10} {counts.get(outcome, 0)}")
    click.echo(f"Time taken:      {time.monotonic() - started:.1f} s")


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to browse.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port for Datasette on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Also open it in a web browser.")
@click.option("--allow-sql", is_flag=True,
              help="Let anyone who reaches the port run their own read-only SQL (raw HTML included); "
                   "off by default: tables, filters and the canned queries only.")
def browse(db, port, open_browser, allow_sql):
    """Browse the database in Datasette, with table descriptions and canned queries.

    Needs the datasette extra: pip install 'newsmill[datasette]'.

    \b
    Example:
        newsmill browse --db output/news.db --port 8001 --open
    """
    import importlib.util
    import signal
    import subprocess
    import tempfile

    from pipelines.datasette import datasette_metadata

    if importlib.util.find_spec("datasette") is None:
        raise click.ClickException("Datasette is not installed: pip install 'newsmill[datasette]'")
    open_existing(db).close()  # create missing tables and views first
    with tempfile.TemporaryDirectory() as tmp:
        metadata = Path(tmp) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(db)), "utf-8")
        command = [sys.executable, "-m", "datasette", "serve", db, "--metadata", str(metadata),
                   "--host", "127.0.0.1", "--port", str(port), "--setting", "sql_time_limit_ms", "10000",
                   "--setting", "default_allow_sql", "on" if allow_sql else "off"]
        if open_browser:
            command.append("--open")
        click.echo(f"Datasette: http://127.0.0.1:{port}/{Path(db).stem}  (Ctrl-C stops it)")
        from ..parentdeath import preexec_die_with_parent

        child = subprocess.Popen(command, preexec_fn=preexec_die_with_parent)  # dies with us, even by SIGKILL
        # Stopping `newsmill browse` (SIGTERM from a service manager or a test) stops Datasette too.
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            sys.exit(child.wait())
        except KeyboardInterrupt:  # Ctrl-C reaches Datasette too: it is in our process group
            sys.exit(child.wait())
