"""The `newsmill` command."""

from __future__ import annotations

import gzip
import json
import sys
import urllib.request
from pathlib import Path

import click

DEFAULT_DB = "output/news.db"
DEMO_PORT = 8642


@click.group()
@click.version_option(package_name="newsmill")
def cli():
    """Turn news websites into a clean, queryable SQLite database.

    \b
    Examples:
        newsmill demo                              # crawl the bundled offline demo site
        newsmill crawl https://example.com/ --max-pages 200
        newsmill extract page.html --url https://example.com/news/1
        newsmill nightly --sites sites.toml                # every site, incrementally (cron: newsmill schedule)
        newsmill search "drone strike" --since 2025-10-01
        newsmill export --format csv --site example.com
        newsmill browse                                    # Datasette on 127.0.0.1
        newsmill stats
    """


def _common_crawl_overrides(db, max_pages, depth, settings) -> dict:
    from .runner import parse_overrides

    overrides = {"SQLITE_PATH": db}
    if max_pages:
        overrides["CRAWL_MAX_PAGES"] = max_pages
    if depth is not None:
        overrides["DEPTH_LIMIT"] = depth
    try:
        overrides.update(parse_overrides(settings))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-s")
    if overrides.get("CLEAN_SITE_RULES"):
        _site_rules(overrides["CLEAN_SITE_RULES"])  # a bad file stops here, before the crawl starts
    return overrides


def _site_rules(path: str | None) -> dict:
    from cleaners import ExtractionError
    from cleaners.overrides import load_site_rules

    if not path:
        return {}
    try:
        return load_site_rules(path)
    except ExtractionError as exc:
        raise click.ClickException(f"site rules: {exc}")


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--max-pages", type=int, default=0, help="Stop after fetching this many pages (0: no limit).")
@click.option("--depth", type=int, default=None, help="Follow in-site links this many hops (default 5).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="A sitemap or sitemap index to read.")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed to read.")
@click.option("--discover", is_flag=True, help="Also read the sitemaps named in each site's robots.txt.")
@click.option("--allow", multiple=True, metavar="REGEX", help="Follow only links matching one of these.")
@click.option("--deny", multiple=True, metavar="REGEX", help="Never follow links matching one of these.")
@click.option("--incremental", is_flag=True,
              help="Skip stored articles unless a sitemap or feed dates them newer (as nightly runs do).")
@click.option("--max-age-days", type=int, default=0, help="Neither fetch nor store older articles (0: any age).")
@click.option("--site-name", default="", help="Name the run's crawl_runs row (nightly passes the site's name).")
@click.option("--no-lock", is_flag=True, hidden=True)  # nightly holds the database lock for its children
@click.option("--redis", "redis_url", metavar="URL",
              help="Be a worker of a distributed crawl: shared frontier in Redis, records to `newsmill ingest`.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def crawl(urls, db, max_pages, depth, sitemaps, feeds, discover, allow, deny, incremental, max_age_days, site_name,
          no_lock, redis_url, settings):
    """Crawl sites from start URLs (pages, sitemaps or feeds) into the database.

    \b
    Examples:
        newsmill crawl https://example.com/
        newsmill crawl https://example.com/sitemap.xml --max-pages 500 --db output/example.db
        newsmill crawl https://example.com/ --discover --incremental --deny /tag/ --deny /author/
        newsmill crawl http://127.0.0.1:8000/ -s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0
        newsmill crawl https://example.com/ --redis redis://10.0.0.5:6379/0   # one worker of many
    """
    from .lock import RunLocked
    from .runner import run_crawl

    if not (urls or sitemaps or feeds):
        raise click.UsageError("give at least one URL, --sitemap or --feed")
    overrides = _common_crawl_overrides(db, max_pages, depth, settings)
    overrides.update({k: v for k, v in (("CRAWL_INCREMENTAL", incremental), ("CRAWL_MAX_AGE_DAYS", max_age_days),
                                        ("CRAWL_SITE", site_name)) if v})
    args = {"sitemaps": list(sitemaps), "feeds": list(feeds), "allow": list(allow), "deny": list(deny),
            "discover": discover}
    if redis_url:
        from .distributed import run_worker

        sys.exit(run_worker(redis_url, list(urls) + list(sitemaps) + list(feeds), overrides, args, click.echo))
    try:
        with _maybe_lock(db, no_lock):
            stats = run_crawl(list(urls), overrides, **args)
    except RunLocked as exc:
        raise click.ClickException(str(exc))
    _print_summary(stats, db)


def _maybe_lock(db: str, no_lock: bool):
    import contextlib

    from .lock import RunLock

    return contextlib.nullcontext() if no_lock else RunLock(db)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--port", type=int, default=DEMO_PORT, show_default=True,
              help="Port for the demo site; a busy port falls back to any free one (0: any free port).")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def demo(db, port, settings):
    """Serve the bundled demo news site on 127.0.0.1 and crawl it.

    \b
    Example:
        newsmill demo --db output/news.db
    """
    from .runner import run_crawl

    overrides = _common_crawl_overrides(db, 0, None, settings)
    # A local site needs no politeness delay; keep the log to warnings so the summary stands out.
    overrides = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "LOG_LEVEL": "WARNING", **overrides}
    from .lock import RunLocked

    try:
        with _maybe_lock(db, False), _demo_server(port) as server:
            click.echo(f"Demo site: {server.base_url}/")
            stats = run_crawl([server.base_url + "/"], overrides)
    except RunLocked as exc:
        raise click.ClickException(str(exc))
    _print_summary(stats, db)


def _demo_server(port: int):
    """A fixed port keeps article URLs (and so rows) the same from one demo run to the next."""
    from .siteserver import SiteServer

    try:
        return SiteServer(port=port)
    except OSError:
        return SiteServer(port=0)


def _print_summary(stats: dict, db: str) -> None:
    """What this run did, read back from its crawl_runs row (the database is the record)."""
    from pipelines.schema import open_db
    from pipelines.sqlite import OK_FINISH_REASONS

    run_id = stats.get("sqlite/run_id")
    if stats.get("sqlite/error"):
        raise click.ClickException(f"database {db}: {stats['sqlite/error']} (the crawl stopped; "
                                   "what was committed before is kept)")
    if run_id is None:
        raise click.ClickException("the crawl did not open the database (is SQLITE_PATH set?)")
    database = open_db(db)
    run = database["crawl_runs"].get(run_id)
    database.close()
    stored = sum(run[f"articles_{o}"] or 0 for o in ("new", "changed", "refreshed", "unchanged"))
    click.echo(f"Crawl run:       {run_id}")
    click.echo(f"Pages fetched:   {run['pages']}")
    click.echo(f"Articles stored: {stored} (new {run['articles_new']}, changed {run['articles_changed']}, "
               f"refreshed {run['articles_refreshed']}, unchanged {run['articles_unchanged']})")
    click.echo(f"FAQs stored:     {run['faqs']}")
    skipped = json.loads(run["counts"] or "{}")
    if skipped:
        click.echo("Not stored:      " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    click.echo(f"Time taken:      {stats.get('elapsed_seconds', 0):.1f} s")
    click.echo(f"Database:        {db}")
    click.echo("Try:")
    click.echo(f"  {_sqlite_utils()} {db} --table \"SELECT a.title, group_concat(au.name) AS authors, a.published FROM articles a "
               "LEFT JOIN article_authors aa ON aa.article_url = a.url LEFT JOIN authors au ON au.id = aa.author_id "
               "GROUP BY a.url ORDER BY a.published DESC LIMIT 10\"")
    click.echo("  newsmill search \"QUERY\" --db " + db)
    if run["finish_reason"] not in OK_FINISH_REASONS:
        click.echo(f"Crawl ended early: {run['finish_reason']}", err=True)
        sys.exit(1)


def _sqlite_utils() -> str:
    """sqlite-utils comes with newsmill; name the venv's copy when it is not on PATH."""
    import shutil

    beside = Path(sys.executable).parent / "sqlite-utils"
    return "sqlite-utils" if shutil.which("sqlite-utils") or not beside.exists() else str(beside)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--url", "page_url", help="The page's URL, when SOURCE is a file (one file).")
@click.option("--explain", is_flag=True, help="Also list what each cleaner removed and why.")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False),
              help="TOML file of per-site drop/keep selectors (as CLEAN_SITE_RULES for crawls).")
def extract(sources, page_url, explain, rules_path):
    """Extract articles from HTML files or URLs; print one JSON record per page.

    \b
    Examples:
        newsmill extract page.html --url https://example.com/news/1
        newsmill extract saved/*.html.gz > articles.jsonl
        newsmill extract page.html --explain | jq .explain
    """
    from cleaners import ExtractionError, explain_article
    from cleaners.overrides import rules_for

    table = _site_rules(rules_path)

    failed = 0
    for source in sources:
        try:
            html, url = _read_source(source, page_url)
            article, removals = explain_article(html, url, rules=rules_for(url, table))
        except (OSError, ExtractionError, ValueError) as exc:
            click.echo(f"newsmill extract: {source}: {exc}", err=True)
            failed += 1
            continue
        except Exception as exc:  # a bug on a hostile page: one line, not a traceback
            click.echo(f"newsmill extract: {source}: internal error {type(exc).__name__}: {exc}", err=True)
            failed += 1
            continue
        record = {"source": source, **article.to_dict()}
        if explain:
            record["explain"] = [{"cleaner": r.cleaner, "target": r.target, "text": r.text} for r in removals]
        click.echo(json.dumps(record, ensure_ascii=False))
    sys.exit(1 if failed else 0)


def _read_source(source: str, page_url: str | None) -> tuple[str, str]:
    """(page text, page URL). Bytes are decoded as a crawl decodes them: BOM, UTF-8, the declared
    charset, the page's <meta charset>, then detection (cleaners.parse.decode_html)."""
    from cleaners.parse import decode_html

    if source.startswith(("http://", "https://")):
        from .runner import project_settings

        agent = project_settings().get("USER_AGENT")
        request = urllib.request.Request(source, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read(16 * 1024 * 1024)
            charset = response.headers.get_content_charset()
        return decode_html(data, charset)[0], page_url or source
    path = Path(source)
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ValueError(f"not a readable gzip file: {exc}") from exc
    return decode_html(data)[0], page_url or path.resolve().as_uri()


def _open_existing(db: str):
    from pipelines.schema import open_db

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `newsmill crawl` or `newsmill demo` first")
    return open_db(db)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def stats(db):
    """Print what the database holds.

    \b
    Example:
        newsmill stats --db output/news.db
    """
    from pipelines.schema import schema_version

    database = _open_existing(db)
    click.echo(f"Schema version: {schema_version(database)}")
    for table in ("articles", "authors", "article_authors", "faqs", "tags", "article_revisions", "pages",
                  "crawl_runs", "raw_pages"):
        click.echo(f"{table:16} {database[table].count:>8}")
    click.echo("By site:")
    for row in database.query(
        "SELECT site, count(*) AS n, max(published) AS newest FROM articles GROUP BY site ORDER BY n DESC"
    ):
        click.echo(f"  {row['site']:40} {row['n']:>6}  newest {row['newest'] or '-'}")
    click.echo(f"Size: {Path(db).stat().st_size / 1024:.0f} KiB")


_SINCE_HELP = "Only articles published on or after this date (2025-01-31) or ISO time."
_SITE_HELP = "Only this site (host name; example.com also matches www.example.com)."


@cli.command()
@click.argument("query")
@click.option("--site", help=_SITE_HELP)
@click.option("--since", help=_SINCE_HELP)
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

    database = _open_existing(db)
    try:
        hits = run_search(database, query, site=site, since=since, author=author, limit=limit)
    except QueryError as exc:
        raise click.ClickException(str(exc))
    colour = sys.stdout.isatty()
    start, end = ("\x1b[1;33m", "\x1b[0m") if colour else ("[", "]")
    for n, hit in enumerate(hits, 1):
        click.echo(f"{n}. {hit['title']}")
        click.echo(f"   {hit['url']}")
        click.echo(f"   {hit['site']} · {hit['published'] or 'undated'} · {hit['authors'] or 'no author'}")
        snippet = " ".join((hit["snippet"] or "").split()).replace(HIT_START, start).replace(HIT_END, end)
        click.echo(f"   {snippet}")
    click.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''}", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="jsonl",
              show_default=True, help="File format (parquet needs the parquet extra).")
@click.option("--site", help=_SITE_HELP)
@click.option("--since", help=_SINCE_HELP)
@click.option("--author", help="Only articles by an author whose name contains this.")
@click.option("--out", help="File to write, inside the output folder [default: OUTPUT_DIR/articles.FORMAT].")
@click.option("--output-dir", default="output", show_default=True, envvar="NEWSMILL_OUTPUT_DIR",
              help="The output folder; --out may not point outside it.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def export(fmt, site, since, author, out, output_dir, db):
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
        database = _open_existing(db)
        count = write_export(export_records(database, site=site, since=since, author=author), path, fmt)
    except (ExportError, QueryError) as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Exported {count} article{'s' if count != 1 else ''} to {path}")


@cli.command()
@click.option("--site", help=_SITE_HELP)
@click.option("--since", help=_SINCE_HELP)
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

    from .runner import parse_overrides, project_settings

    try:
        config = project_settings(parse_overrides(settings))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-s")
    database = _open_existing(db)
    started = time.monotonic()
    try:
        counts = run_reextract(database, site=site, since=since,
                               disabled=tuple(config.getlist("CLEAN_DISABLED")),
                               min_body_chars=config.getint("CLEAN_MIN_BODY_CHARS"),
                               site_rules=_site_rules(config.get("CLEAN_SITE_RULES")))
    except QueryError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"Pages re-extracted: {sum(counts.values())}")
    for outcome in ("changed", "refreshed", "unchanged", "failed"):
        click.echo(f"  {outcome:10} {counts.get(outcome, 0)}")
    click.echo(f"Time taken:      {time.monotonic() - started:.1f} s")


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to browse.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port for Datasette on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Also open it in a web browser.")
def browse(db, port, open_browser):
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
    _open_existing(db).close()  # create missing tables and views first
    with tempfile.TemporaryDirectory() as tmp:
        metadata = Path(tmp) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(db)), "utf-8")
        command = [sys.executable, "-m", "datasette", "serve", db, "--metadata", str(metadata),
                   "--host", "127.0.0.1", "--port", str(port), "--setting", "sql_time_limit_ms", "10000"]
        if open_browser:
            command.append("--open")
        click.echo(f"Datasette: http://127.0.0.1:{port}/{Path(db).stem}  (Ctrl-C stops it)")
        child = subprocess.Popen(command)
        # Stopping `newsmill browse` (SIGTERM from a service manager or a test) stops Datasette too.
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            sys.exit(child.wait())
        except KeyboardInterrupt:  # Ctrl-C reaches Datasette too: it is in our process group
            sys.exit(child.wait())


@cli.group()
def sites():
    """Work with the sites file (sites.toml) that nightly runs crawl.

    \b
    Example:
        newsmill sites check --sites sites.toml
    """


@sites.command("check")
@click.option("--sites", "sites_path", default="sites.toml", show_default=True, help="The sites file.")
def sites_check(sites_path):
    """Validate the sites file: every problem with its line, field and reason.

    \b
    Example:
        newsmill sites check --sites sites.toml
    """
    from .sites import SitesError, load_sites

    try:
        found = load_sites(sites_path)
    except SitesError as exc:
        raise click.ClickException(f"{sites_path} has problems:\n{exc}")
    for site in found:
        click.echo(f"{site.name}: {len(site.seeds)} seed(s), up to {site.max_pages} pages, depth {site.depth}")
    click.echo(f"{sites_path}: {len(found)} site(s), ok")


@cli.command()
@click.option("--sites", "sites_path", default="sites.toml", show_default=True, help="The sites file.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--logs", "log_dir", default="output/logs", show_default=True, help="Folder for per-site logs.")
@click.option("--only", multiple=True, metavar="NAME", help="Crawl only these sites of the file.")
@click.option("--redis", "redis_url", metavar="URL",
              help="Crawl each site as a worker of a distributed run (the database is written by `newsmill ingest`).")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting for every site.")
def nightly(sites_path, db, log_dir, only, redis_url, settings):
    """Crawl every site of the sites file incrementally; exit 1 if a site failed.

    Each site gets a crawl_runs row and a log file; sites whose extraction suddenly got worse
    (many more articles without authors, dates or body than before) are flagged.

    \b
    Examples:
        newsmill nightly --sites sites.toml
        newsmill nightly --sites sites.toml --only demo --db output/news.db
        newsmill nightly --sites sites.toml --redis redis://10.0.0.5:6379/0   # on each worker machine
    """
    from .lock import RunLock, RunLocked
    from .nightly import run_sites, summary_lines
    from .sites import SitesError, load_sites

    try:
        chosen = [s for s in load_sites(sites_path) if not only or s.name in only]
    except SitesError as exc:
        raise click.ClickException(f"{sites_path} has problems:\n{exc}")
    if not chosen:
        raise click.ClickException(f"no site named {', '.join(only)} in {sites_path}")
    if redis_url:
        from .distributed import run_sites_as_worker

        sys.exit(run_sites_as_worker(chosen, redis_url, Path(log_dir), tuple(settings), click.echo))
    try:
        with RunLock(db):
            results = run_sites(chosen, db, Path(log_dir), tuple(settings))
    except RunLocked as exc:
        raise click.ClickException(str(exc))
    for line in summary_lines(results):
        click.echo(line)
    click.echo(f"Logs: {log_dir}/")
    sys.exit(1 if any(r.failed for r in results) else 0)


@cli.command()
@click.option("--redis", "redis_url", required=True, metavar="URL", help="The Redis server workers send to.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--batch", type=click.IntRange(1), default=100, show_default=True, help="Records per transaction.")
@click.option("--until-idle", type=float, default=None, metavar="SECONDS",
              help="Stop once no record came for this long (default: run until Ctrl-C or SIGTERM).")
@click.option("--item-delay", type=float, default=0.0, hidden=True)  # tests: a slow batch to kill mid-way
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a setting (REDIS_STREAM, ...).")
def ingest(redis_url, db, batch, until_idle, item_delay, settings):
    """The one writer of a distributed crawl: store the workers' records from Redis into the database.

    Publishes what incremental workers need (stored URLs, last seen, validators) to Redis first, then
    stores records in batches with the same code as a local crawl, acknowledging each batch only after
    its transaction committed. Holds the database lock. Start it before the workers.

    \b
    Examples:
        newsmill ingest --redis redis://10.0.0.5:6379/0 --db output/news.db
        newsmill ingest --redis redis://127.0.0.1:6379/0 --until-idle 30 --batch 200
    """
    from .distributed import run_ingest
    from .lock import RunLocked
    from .runner import parse_overrides

    try:
        overrides = parse_overrides(settings)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-s")
    try:
        run_ingest(redis_url, db, batch, until_idle, overrides, click.echo, item_delay=item_delay)
    except RunLocked as exc:
        raise click.ClickException(str(exc))


@cli.command()
@click.option("--sites", "sites_path", default="sites.toml", show_default=True, help="The sites file.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database the nightly run writes.")
@click.option("--at", "at", default="02:30", show_default=True, help="Time of day to run, HH:MM (local time).")
@click.option("--systemd", is_flag=True, help="A systemd service+timer pair instead of a crontab line.")
@click.option("--install", is_flag=True, help="Install it (crontab, or ~/.config/systemd/user/).")
def schedule(sites_path, db, at, systemd, install):
    """Print (or install) a crontab line or systemd timer for the nightly run.

    \b
    Examples:
        newsmill schedule --sites sites.toml --at 03:15
        newsmill schedule --systemd --install
    """
    from . import schedule as sched

    try:
        hour, minute = (int(x) for x in at.split(":"))
        assert 0 <= hour < 24 and 0 <= minute < 60
    except (ValueError, AssertionError):
        raise click.BadParameter("use HH:MM, e.g. 02:30", param_hint="--at")
    project, sites_abs, db_abs = Path.cwd(), Path(sites_path).resolve(), Path(db).resolve()
    try:
        if systemd:
            units = sched.systemd_units(project, sites_abs, db_abs, hour, minute)
            for name, text in units.items():
                click.echo(f"# {name}\n{text}")
            if install:
                click.echo(sched.install_systemd(units, Path.home() / ".config" / "systemd" / "user"))
        else:
            line = sched.crontab_line(project, sites_abs, db_abs, hour, minute)
            click.echo(line)
            if install:
                click.echo(sched.install_crontab(line))
    except RuntimeError as exc:
        raise click.ClickException(str(exc))


if __name__ == "__main__":
    cli()
