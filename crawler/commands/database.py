"""Commands that read or maintain the database: stats, search, export, reextract, browse."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .common import (DEFAULT_DB, SINCE_HELP, SITE_HELP, BadInput, check_filters, open_existing, site_rules,
                     warn_if_no_site)

UNTIL_HELP = "Only articles published on or before this date (the whole day) or ISO time."


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@click.option("--runs", type=click.IntRange(0, 2**63 - 1), default=10, show_default=True, help="How many of the last runs to list.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def stats(as_json, runs, db):
    """Print what the database holds: rows per table and per site, the last crawl runs (when, how they
    ended, errors) and the runs with no finish recorded (still running, or killed).

    \b
    Examples:
        newsmill stats --db output/news.db
        newsmill stats --json | jq '.last_runs[0].finish_reason'
    """
    from pipelines.stats import database_stats, stats_lines

    found = database_stats(open_existing(db), db, last_runs=runs)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for line in stats_lines(found):
        click.echo(line)


@click.command()
@click.argument("query")
@click.option("--site", help=SITE_HELP)
@click.option("--since", help=SINCE_HELP)
@click.option("--until", help=UNTIL_HELP)
@click.option("--author", help="Only articles by an author whose name contains this.")
@click.option("--language", help="Only articles in this language (ISO 639-1 code: en; en,de for several).")
@click.option("--limit", type=click.IntRange(1, 2**63 - 1), default=20, show_default=True, help="Most results to print.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON list of hits (url, title, site, published, authors, snippet, rank).")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def search(query, site, since, until, author, language, limit, as_json, db):
    """Full-text search over titles, bodies and FAQs; best matches first, hits [highlighted].

    QUERY is SQLite FTS5 syntax: words, "exact phrases", OR, NOT, prefix*.

    \b
    Examples:
        newsmill search drone
        newsmill search '"central bank" OR fed' --site example.com --since 2025-01-01
        newsmill search sanctions --author "Jane Doe" --limit 5
        newsmill search drone --json | jq -r '.[].url'
    """
    from pipelines.query import HIT_END, HIT_START, QueryError, search as run_search
    from pipelines.textsafety import for_terminal

    check_filters(site, since, until, language)
    database = open_existing(db)
    try:
        hits = run_search(database, query, site=site, since=since, author=author, limit=limit, until=until,
                          language=language)
    except QueryError as exc:
        raise click.ClickException(str(exc))
    if as_json:  # hits marked [like this] in the snippet; rank: bm25, lower is better
        click.echo(json.dumps([search_record(hit) for hit in hits], ensure_ascii=False, indent=2))
        if not hits:
            warn_if_no_site(database, site)
        return
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # https://no-color.org
    start, end = ("\x1b[1;33m", "\x1b[0m") if colour else ("[", "]")
    for n, hit in enumerate(hits, 1):  # stored text printed escaped: no terminal control sequence gets through
        hit = dict(hit, snippet=" ".join((hit["snippet"] or "").split()))  # on one line, before newlines are escaped
        hit = {k: for_terminal(v, keep=HIT_START + HIT_END if k == "snippet" else "") for k, v in hit.items()}
        click.echo(f"{n}. {hit['title']}")
        click.echo(f"   {hit['url']}")
        click.echo(f"   {hit['site']} · {hit['published'] or 'undated'} · {hit['authors'] or 'no author'}")
        snippet = hit["snippet"].replace(HIT_START, start).replace(HIT_END, end)
        click.echo(f"   {snippet}")
    if not hits:
        warn_if_no_site(database, site)
    click.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''}", err=True)


def search_record(hit: dict) -> dict:
    """One hit for --json: authors as a list, the snippet on one line with its hits in [brackets]."""
    from pipelines.query import HIT_END, HIT_START

    snippet = " ".join((hit["snippet"] or "").split()).replace(HIT_START, "[").replace(HIT_END, "]")
    return {"url": hit["url"], "title": hit["title"], "site": hit["site"], "published": hit["published"],
            "authors": json.loads(hit["author_list"] or "[]"), "snippet": snippet, "rank": hit["rank"]}


@click.command()
@click.option("--out", metavar="FILE",
              help="File to write, any path (its folder must exist); its extension sets the format "
                   "(.csv, .jsonl/.ndjson, .json, .parquet); - writes to stdout  "
                   "[default: OUTPUT_DIR/articles.FORMAT].")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "json", "parquet"]),
              help="File format, when --out's extension does not say it (stdout: jsonl unless given); "
                   "parquet needs the parquet extra.")
@click.option("--since", help=SINCE_HELP)
@click.option("--until", help=UNTIL_HELP)
@click.option("--site", help=SITE_HELP)
@click.option("--author", help="Only articles by an author whose name contains this (case-insensitive).")
@click.option("--language", help="Only articles in this language (ISO 639-1 code: en; en,de for several).")
@click.option("--limit", type=click.IntRange(1), help="At most this many articles (the newest).")
@click.option("--excel", is_flag=True,
              help="CSV for spreadsheets: a UTF-8 byte order mark (Excel then reads accents right) and cells "
                   "cut to Excel's 32,767 characters.")
@click.option("--keep-formulas", is_flag=True,
              help="CSV: write cells starting with = + - @ as they are (by default they get a leading ', "
                   "so that a spreadsheet does not run them as formulas).")
@click.option("--output-dir", default="output", show_default=True, envvar="NEWSMILL_OUTPUT_DIR",
              help="Folder of the default file, when --out is not given.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def export(out, fmt, since, until, site, author, language, limit, excel, keep_formulas, output_dir, db):
    """Export articles (with authors, tags and FAQs) as CSV, JSON Lines, JSON or Parquet.

    \b
    Examples:
        newsmill export --out january.csv --since 2025-01-01 --until 2025-01-31
        newsmill export --out news.parquet --site example.com --language en
        newsmill export --out - --author "Jane Doe" --limit 10 | jq .title
        newsmill export --out sheet.csv --excel --since 2025-06-01

    The format follows --out's extension. Articles come newest first; --since and --until
    compare with the publication time and include their bounds (a date: that whole day).
    """
    import os

    from pipelines.export import ExportError, choose_format, export_target, write_export
    from pipelines.query import QueryError, export_records

    if excel and not fmt and (not out or out == "-"):
        fmt = "csv"  # --excel alone says what it wants
    try:
        fmt = choose_format(out, fmt)
    except ExportError as exc:
        raise BadInput(str(exc))
    if excel and fmt != "csv":
        raise BadInput(f"--excel is for CSV, not {fmt}", param_hint="--excel")
    check_filters(site, since, until, language)
    if out == "-" and fmt == "parquet" and sys.stdout.isatty():
        raise BadInput("Parquet is binary: redirect stdout to a file or a program, or name a file", param_hint="--out -")
    try:
        database = open_existing(db)
        records = export_records(database, site=site, since=since, author=author, until=until,
                                 language=language, limit=limit)
        target = export_target(out, output_dir, fmt, database=db)
        stream = sys.stdout.buffer if target is None else target
        count = write_export(records, stream, fmt, keep_formulas=keep_formulas, excel=excel)
    except (ExportError, QueryError) as exc:
        raise click.ClickException(str(exc))
    except BrokenPipeError:  # `| head`: the reader has what it wanted; nothing more goes to the pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    if target is None:
        sys.stdout.flush()
    if not count:
        warn_if_no_site(database, site)
    where = "stdout" if target is None else os.path.abspath(target)
    click.echo(f"Exported {count} article{'s' if count != 1 else ''} to {where}", err=True)


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
    from collections import Counter

    from pipelines.query import QueryError
    from pipelines.reextract import reextract as run_reextract

    from ..runner import project_settings
    from .common import check_settings

    check_filters(site, since)
    config = project_settings(check_settings(settings))
    from ..lock import RunLock, RunLocked

    from cleaners.registry import plan as cleaner_plan

    rules = site_rules(config.get("CLEAN_SITE_RULES"))
    database = open_existing(db)
    started = time.monotonic()
    why_failed: Counter = Counter()
    try:
        with RunLock(db):  # it writes: one writer at a time, as crawl, demo and nightly
            counts = run_reextract(database, site=site, since=since,
                                   disabled=cleaner_plan(config.getdict("CLEANERS"), config.getlist("CLEAN_DISABLED")),
                                   min_body_chars=config.getint("CLEAN_MIN_BODY_CHARS"), site_rules=rules,
                                   why_failed=why_failed)
    except (QueryError, RunLocked) as exc:
        raise click.ClickException(str(exc))
    if not sum(counts.values()):
        warn_if_no_site(database, site)
    click.echo(f"Pages re-extracted: {sum(counts.values())}")
    for outcome in ("changed", "refreshed", "unchanged", "failed"):
        click.echo(f"  {outcome:10} {counts.get(outcome, 0)}")
    for why, n in why_failed.most_common():
        click.echo(f"    {why}: {n}")
    click.echo(f"Time taken:      {time.monotonic() - started:.1f} s")


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to browse.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True,
              help="Port for Datasette on 127.0.0.1 (a busy one is refused).")
@click.option("--open", "open_browser", is_flag=True, help="Also open it in a web browser.")
@click.option("--allow-sql", is_flag=True,
              help="Let anyone who reaches the port run their own read-only SQL (raw HTML included); "
                   "off by default: tables, filters and the canned queries only.")
def browse(db, port, open_browser, allow_sql):
    """Browse the database in Datasette: latest articles and a search box first, facets, charts,
    each article as readable text, table descriptions and canned queries.

    Needs the datasette extra: pip install 'newsmill[datasette]'.

    \b
    Example:
        newsmill browse --db output/news.db --port 8001 --open
    """
    import importlib.util
    import signal
    import subprocess
    import tempfile

    from pipelines.datasette import datasette_metadata, serve_options

    if importlib.util.find_spec("datasette") is None:
        raise click.ClickException("Datasette is not installed: pip install 'newsmill[datasette]'")
    open_existing(db).close()  # create missing tables and views first
    _check_port_free(port)  # else the URL line came first, then uvicorn's error and exit status 3
    with tempfile.TemporaryDirectory() as tmp:
        metadata = Path(tmp) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(db)), "utf-8")
        command = [sys.executable, "-m", "datasette", "serve", db, "--metadata", str(metadata), *serve_options(),
                   "--host", "127.0.0.1", "--port", str(port), "--setting", "sql_time_limit_ms", "10000",
                   "--setting", "default_allow_sql", "on" if allow_sql else "off"]
        if open_browser:
            command.append("--open")
        click.echo(f"Datasette: http://127.0.0.1:{port}/  (Ctrl-C stops it)")

        # Datasette dies with us, even by SIGKILL, and has a process group of its own: a terminal's Ctrl-C
        # reaches this process only, which passes it on once, as it passes SIGINT and SIGTERM sent to this
        # process alone (`kill -INT PID`, a service manager), which Datasette otherwise never saw.
        from ..parentdeath import preexec_die_with_parent  # imported here: the child should import nothing

        def own_group_dying_with_us() -> None:  # in the child, before exec
            preexec_die_with_parent()
            os.setpgid(0, 0)

        # The handlers are ours from before Datasette starts (a Ctrl-C while it started was a KeyboardInterrupt
        # and a traceback, Datasette left running) until it has ended, then the caller's again.
        children: list[subprocess.Popen] = []
        early: list[int] = []  # a signal before there was a child to pass it to

        def forward(signum, frame):
            if not children:
                early.append(signum)
            elif children[0].poll() is None:
                children[0].send_signal(signum)

        saved = {signum: signal.signal(signum, forward) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            children.append(subprocess.Popen(command, preexec_fn=own_group_dying_with_us))
            if early:
                children[0].send_signal(early[0])
            code = children[0].wait()
        finally:
            for signum, handler in saved.items():
                signal.signal(signum, signal.SIG_DFL if handler is None else handler)  # None: not set from Python
        sys.exit(code)


def _check_port_free(port: int) -> None:
    """`port` on 127.0.0.1 free for Datasette (uvicorn binds with SO_REUSEADDR, as this check does)."""
    import errno
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise click.ClickException(f"port {port} is in use (try --port)") from None
            raise click.ClickException(f"port {port}: {exc.strerror or exc} (try --port)") from None
