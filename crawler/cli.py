"""The `newsmill` command."""

from __future__ import annotations

import signal
import sys


def _interrupted_while_starting(signum, frame):
    raise SystemExit(130)  # Ctrl-C while the modules load: no KeyboardInterrupt traceback from an import


# Run as a program (not imported by a test): until a command starts, Ctrl-C exits 130 quietly.
_AS_PROGRAM = __name__ == "__main__" or sys.argv[0].endswith("newsmill")
if _AS_PROGRAM:
    signal.signal(signal.SIGINT, _interrupted_while_starting)

import json  # noqa: E402 (after the handler: these imports take a while)
import stat  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

from newsmill.age import MAX_AGE_DAYS  # noqa: E402

from .commands.common import DEFAULT_DB, BadInput as _BadInput, site_rules  # noqa: E402

DEMO_PORT = 8642


def _usage_error_line(self, file=None) -> None:
    """Every usage error on one line, with where to read more (exit status 2, as click gives)."""
    hint = f" (see: {self.ctx.command_path} --help)" if self.ctx is not None and not isinstance(
        self, _BadInput) else ""
    click.echo(f"Error: {self.format_message()}{hint}", err=True, file=file)


click.UsageError.show = _usage_error_line


class _Commands(click.Group):
    """The group: Ctrl-C before a command took over its signals exits 130, not 'Aborted!' and 1."""

    def invoke(self, ctx):
        import sqlite3

        if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)  # commands see KeyboardInterrupt
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # from here on another Ctrl-C exits 130 too, not a KeyboardInterrupt past click ("Aborted!", -2)
            signal.signal(signal.SIGINT, _interrupted_while_starting)
            click.echo("newsmill: interrupted", err=True)
            sys.exit(130)
        except sqlite3.Error as exc:  # the database: not one, read-only, locked, disk full
            raise click.ClickException(f"database: {exc}") from None
        except OSError as exc:  # the file system or the network: one line, not a traceback
            import errno

            if exc.errno == errno.EPIPE:  # `newsmill … | head`: click leaves quietly
                raise
            where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
            raise click.ClickException(f"{exc.strerror or exc}{where}") from None
        except UnicodeEncodeError as exc:  # an argument of bytes the locale cannot decode ($'\xff')
            raw = exc.object[exc.start:exc.end].encode("utf-8", "surrogateescape")
            raise click.ClickException(f"not UTF-8 text: {raw!r} in an argument or a file name") from None
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own ends (--help, Ctrl-C at a prompt): RuntimeErrors since click 8.2
        except RuntimeError as exc:  # pathlib: a symlink loop, "~user" of no such user
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Commands)
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
    from .commands.common import check_settings

    overrides = {"SQLITE_PATH": db}
    if max_pages:
        overrides["CRAWL_MAX_PAGES"] = max_pages
    if depth == 0:  # Scrapy reads DEPTH_LIMIT 0 as "no limit": here it means the start URLs only
        overrides["CRAWL_FOLLOW_LINKS"] = False
    elif depth is not None:
        overrides["DEPTH_LIMIT"] = depth
    overrides.update(check_settings(settings))
    if overrides.get("CLEAN_SITE_RULES"):
        site_rules(overrides["CLEAN_SITE_RULES"])  # a bad file stops here, before the crawl starts
    return overrides


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--max-pages", type=int, default=0, help="Stop after fetching this many pages (0: no limit).")
@click.option("--depth", type=click.IntRange(min=0), default=None,
              help="Follow in-site links this many hops (default 5; 0: fetch only the start URLs and the pages "
                   "their sitemaps and feeds list).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="A sitemap or sitemap index to read.")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed to read.")
@click.option("--discover", is_flag=True, help="Also read the sitemaps named in each site's robots.txt.")
@click.option("--allow", multiple=True, metavar="REGEX", help="Follow only links matching one of these.")
@click.option("--deny", multiple=True, metavar="REGEX", help="Never follow links matching one of these.")
@click.option("--incremental", is_flag=True,
              help="Skip stored articles unless a sitemap or feed dates them newer (as nightly runs do).")
@click.option("--max-age-days", type=click.IntRange(0, MAX_AGE_DAYS), default=0,
              help="Neither fetch nor store older articles (0: any age).")
@click.option("--site-name", default="", help="Name the run's crawl_runs row (nightly passes the site's name).")
@click.option("--no-lock", is_flag=True, hidden=True)  # nightly holds the database lock for its children
@click.option("--redis", "redis_url", metavar="URL",
              help="Be a worker of a distributed crawl: shared frontier in Redis, records to `newsmill ingest`.")
@click.option("-o", "--output", "feed", metavar="FILE",
              help="Also append every stored article to FILE (.jsonl, .json, .csv or .xml), one record each as "
                   "`newsmill export` writes it; a .json or .xml file that already holds a document is refused "
                   "(a second document would make it unreadable): use -O or .jsonl.")
@click.option("-O", "--overwrite-output", "feed_new", metavar="FILE",
              help="As -o, but FILE is written afresh, replacing what it held.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def crawl(urls, db, max_pages, depth, sitemaps, feeds, discover, allow, deny, incremental, max_age_days, site_name,
          no_lock, redis_url, feed, feed_new, settings):
    """Crawl sites from start URLs (pages, sitemaps or feeds) into the database.

    \b
    Examples:
        newsmill crawl https://example.com/
        newsmill crawl https://example.com/sitemap.xml --max-pages 500 --db output/example.db
        newsmill crawl https://example.com/ --discover --incremental --deny /tag/ --deny /author/
        newsmill crawl http://127.0.0.1:8000/ -s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0
        newsmill crawl https://example.com/ --redis redis://10.0.0.5:6379/0   # one worker of many

    The log goes to stderr: on a terminal warnings and errors only, beside the live status line; elsewhere
    (cron, a log file, a pipe) Scrapy's INFO lines too, as in a file named by -s LOG_FILE=PATH.
    -s LOG_LEVEL=INFO (or DEBUG, WARNING) sets it.
    """
    from .lock import RunLocked
    from .runner import run_crawl

    from .commands.common import BadInput, check_database, check_redis_url, check_regexes, check_urls

    if not (urls or sitemaps or feeds):
        raise click.UsageError("give at least one URL, --sitemap or --feed")
    check_urls(urls)
    check_urls(sitemaps, "--sitemap")
    check_urls(feeds, "--feed")
    check_regexes(allow, "--allow")
    check_regexes(deny, "--deny")
    check_redis_url(redis_url)
    if not redis_url:  # a worker never opens the database
        check_database(db)
    overrides = _common_crawl_overrides(db, max_pages, depth, settings)
    if "LOG_LEVEL" not in overrides and not overrides.get("LOG_FILE") and _stderr_is_a_terminal():
        overrides["LOG_LEVEL"] = "WARNING"  # Scrapy's ~100 INFO lines buried the status line and the summary
    if feed and feed_new:
        raise BadInput("give one of them: -o appends, -O overwrites", param_hint="-o with -O")
    if feed or feed_new:
        overrides["FEEDS"] = _feed(feed or feed_new, overwrite=bool(feed_new))
    overrides.update({k: v for k, v in (("CRAWL_INCREMENTAL", incremental), ("CRAWL_MAX_AGE_DAYS", max_age_days),
                                        ("CRAWL_SITE", site_name)) if v})
    args = {"sitemaps": list(sitemaps), "feeds": list(feeds), "allow": list(allow), "deny": list(deny),
            "discover": discover}
    if redis_url:
        from .distributed import run_worker

        from .runner import SIGNAL_EXIT, Shutdown

        code = run_worker(redis_url, list(urls) + list(sitemaps) + list(feeds), overrides, args, click.echo)
        sys.exit(SIGNAL_EXIT[Shutdown.received] if Shutdown.received else code)
    try:
        with _maybe_lock(db, no_lock):
            stats = run_crawl(list(urls), overrides, **args)
    except RunLocked as exc:
        raise click.ClickException(str(exc))
    _print_summary(stats, db)


def _stderr_is_a_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


# Every format writes the record `newsmill export` writes (crawler/feeditems.py, FEED_EXPORTERS in settings.py).
_FEED_FORMATS = {".jsonl": "newsmill-jsonlines", ".jl": "newsmill-jsonlines", ".json": "newsmill-json",
                 ".csv": "newsmill-csv", ".xml": "newsmill-xml"}


def _feed(path: str, overwrite: bool = False) -> dict:
    """FEEDS for -o FILE (appended to) or -O FILE (written afresh): articles only (not the pages rows), in the
    format its suffix names. JSON and XML hold one document: appending a second one made the file unreadable."""
    import os

    from .commands.common import BadInput

    option = "-O" if overwrite else "-o"
    suffix = Path(path).suffix.lower()
    fmt = _FEED_FORMATS.get(suffix)
    if fmt is None:
        raise BadInput(f"{path}: name a .jsonl, .json, .csv or .xml file", param_hint=option)
    folder = Path(path).resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise BadInput(f"{path}: its folder {folder} does not exist or is not writable", param_hint=option)
    if not overwrite and suffix in (".json", ".xml") and _non_empty(path):
        raise BadInput(f"{path} already holds a {suffix[1:].upper()} document, and a second one appended would make "
                       "it unreadable: use -O to overwrite it, or a .jsonl file to append to", param_hint="-o")
    return {str(Path(path).resolve()): {"format": fmt, "item_classes": ["newsmill.records.ArticleItem"],
                                        "encoding": "utf-8", "overwrite": overwrite}}


def _non_empty(path: str) -> bool:
    try:
        return Path(path).stat().st_size > 0
    except OSError:
        return False


def _maybe_lock(db: str, no_lock: bool):
    import contextlib

    from .lock import RunLock

    return contextlib.nullcontext() if no_lock else RunLock(db)


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEMO_PORT, show_default=True,
              help="Port for the demo site (0: any free port). Rows are stored under the site 127.0.0.1:PORT, so "
                   "the same port each run updates the same rows; a busy port is refused.")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def demo(db, port, settings):
    """Serve the bundled demo news site on 127.0.0.1 and crawl it.

    \b
    Example:
        newsmill demo --db output/news.db
    """
    from .runner import run_crawl

    from .commands.common import check_database

    overrides = _common_crawl_overrides(db, 0, None, settings)
    check_database(db)
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
    """A fixed port keeps article URLs (and so rows) the same from one demo run to the next: a busy one is
    refused, not swapped for another (whose run stored every article again under a second site)."""
    from .siteserver import SiteServer

    try:
        return SiteServer(port=port)
    except OSError as exc:
        raise click.ClickException(f"port {port} on 127.0.0.1: {exc.strerror or exc}; give another with --port N "
                                   "(the same N each run updates the same rows; 0: any free port)") from None


def _print_summary(stats: dict, db: str) -> None:
    """What this run did, read back from its crawl_runs row (the database is the record)."""
    from pipelines.schema import open_db
    from newsmill.reasons import OK_FINISH_REASONS, FinishReason

    run_id = stats.get("sqlite/run_id")
    if run_id is None and stats.get("newsmill/signal"):
        _exit_on_signal(stats)  # stopped before the run began
    if stats.get("sqlite/error"):
        raise click.ClickException(f"database {db}: {stats['sqlite/error']} (the crawl stopped; "
                                   "what was committed before is kept)")
    if run_id is None:
        raise click.ClickException("the crawl did not open the database (is SQLITE_PATH set?)")
    database = open_db(db)
    run = database["crawl_runs"].get(run_id)
    if run["finish_reason"] == FinishReason.NO_ANSWER and not stats.get("newsmill/signal"):
        # A start URL's failure before a robots.txt's: a missing robots.txt (404) is normal, not the cause
        first = database.execute("SELECT url, coalesce(reason, 'http_' || status) FROM pages WHERE run_id = ? "
                                 "ORDER BY coalesce(status BETWEEN 200 AND 299 OR status = 304, 0), "
                                 "url LIKE '%/robots.txt', rowid LIMIT 1", [run_id]).fetchone()
        database.close()
        unreadable = [(k.rsplit("/", 1)[1], v) for k, v in stats.items() if k.startswith("robotstxt/unreachable/")]
        if unreadable:
            raise click.ClickException(f"no start URL answered (robots.txt of {unreadable[0][0]}: {unreadable[0][1]}; "
                                       "nothing is fetched from a site whose robots.txt cannot be read, RFC 9309); "
                                       f"nothing stored (crawl run {run_id})")
        raise click.ClickException("no start URL answered" + (f" ({first[0]}: {first[1]})" if first else "")
                                   + f"; nothing stored (crawl run {run_id})")
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
    if stats.get("newsmill/signal"):
        _exit_on_signal(stats)
    if run["finish_reason"] not in OK_FINISH_REASONS:
        click.echo(f"Crawl ended early: {run['finish_reason']}", err=True)
        sys.exit(1)


def _exit_on_signal(stats: dict) -> None:
    """A crawl stopped by SIGINT/SIGTERM exits 130/143, as a shell reports a process the signal killed."""
    import os
    import signal

    from .runner import SIGNAL_EXIT

    signum = stats["newsmill/signal"]
    click.echo(f"Crawl stopped by {signal.Signals(signum).name}: what was fetched is stored; "
               "run the same command again to go on", err=True)
    if stats.get("newsmill/abandoned"):  # a thread of an abandoned page must not hold the exit up
        import threading

        watchdog = threading.Timer(5.0, os._exit, (SIGNAL_EXIT[signum],))
        watchdog.daemon = True
        watchdog.start()
    sys.exit(SIGNAL_EXIT[signum])


def _sqlite_utils() -> str:
    """sqlite-utils comes with newsmill; name the venv's copy when it is not on PATH."""
    import shutil

    beside = Path(sys.executable).parent / "sqlite-utils"
    return "sqlite-utils" if shutil.which("sqlite-utils") or not beside.exists() else str(beside)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--url", "page_url", metavar="URL", help="The page's http(s) URL, when SOURCE is a file (one SOURCE only).")
@click.option("--explain", is_flag=True, help="Also list what each cleaner removed and why.")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False),
              help="TOML file of per-site drop/keep selectors (as CLEAN_SITE_RULES for crawls).")
def extract(sources, page_url, explain, rules_path):
    """Extract articles from HTML files or URLs; print one JSON record per page.

    A file must be a regular file of at most 16 MiB (DOWNLOAD_MAXSIZE; a .gz file at most 64 MiB inflated).

    \b
    Examples:
        newsmill extract page.html --url https://example.com/news/1
        newsmill extract saved/*.html.gz > articles.jsonl
        newsmill extract page.html --explain | jq .explain
    """
    from cleaners import ExtractionError, explain_article
    from cleaners.overrides import rules_for

    from .commands.common import BadInput
    from .urls import start_url_problem

    if page_url is not None:
        problem = start_url_problem(page_url)
        if problem:
            raise BadInput(problem, param_hint="--url")
        if len(sources) > 1:  # one URL for many pages would store them all under it
            raise BadInput(f"names the page of one SOURCE, not of {len(sources)}", param_hint="--url")
    table = site_rules(rules_path)

    failed = 0
    for source in sources:
        try:
            html, url = _read_source(source, page_url)
            article, removals = explain_article(html, url, rules=rules_for(url, table))
        except (OSError, ExtractionError, ValueError) as exc:
            click.echo(f"newsmill extract: {_shown(source)}: {_one_line(exc)}", err=True)
            failed += 1
            continue
        except Exception as exc:  # a bug on a hostile page: one line, not a traceback
            click.echo(f"newsmill extract: {_shown(source)}: internal error {type(exc).__name__}: {_one_line(exc)}",
                       err=True)
            failed += 1
            continue
        record = {"source": _shown(source, escape=False), **article.to_dict()}
        if explain:
            record["explain"] = [_explained(r) for r in removals]
        click.echo(json.dumps(record, ensure_ascii=False))
    sys.exit(1 if failed else 0)


def _shown(source: str, escape: bool = True) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 (held as surrogates) as \\xNN, so the JSON
    stays UTF-8; `escape`: control characters too (a newline in a name would split the one-line error)."""
    import os

    from pipelines.textsafety import for_terminal

    text = os.fsencode(source).decode("utf-8", "backslashreplace")
    return for_terminal(text) if escape else text


def _one_line(exc: BaseException) -> str:
    from pipelines.textsafety import for_terminal

    return for_terminal(str(exc))


def _explained(removal) -> dict:
    """One --explain entry: what a cleaner removed (or a guard kept, and why) and the evidence."""
    entry = {"cleaner": removal.cleaner, "target": removal.target, "text": removal.text}
    if removal.kept:
        entry["kept"] = removal.kept
    evidence = removal.evidence()
    if evidence:
        entry["evidence"] = evidence
    return entry


def _read_source(source: str, page_url: str | None) -> tuple[str, str]:
    """(page text, page URL). Bytes are decoded as a crawl decodes them: BOM, UTF-8, the declared
    charset, the page's <meta charset>, then detection (cleaners.parse.decode_html)."""
    from cleaners.parse import decode_html

    from .settings import DOWNLOAD_MAXSIZE

    if source.startswith(("http://", "https://")):
        from .runner import project_settings

        agent = project_settings().get("USER_AGENT")
        request = urllib.request.Request(source, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=30) as response:
            data = _at_most(response.read(DOWNLOAD_MAXSIZE + 1))  # refused, not cut short, past the crawl's limit
            charset = response.headers.get_content_charset()
        return decode_html(data, charset)[0], page_url or source
    path = Path(source)
    data = _read_file(path)
    if path.suffix == ".gz":
        from .compat import DecompressedTooLarge, gunzip_bounded

        try:  # bounded, as a crawl's DOWNLOAD_MAXSIZE: a small .gz can inflate to gigabytes
            data = gunzip_bounded(data, 64 * 1024 * 1024)
        except DecompressedTooLarge:
            raise ValueError("inflates past 64 MiB: not a page") from None
        except (OSError, EOFError) as exc:
            raise ValueError(f"not a readable gzip file: {exc}") from exc
    return decode_html(data)[0], page_url or path.resolve().as_uri()


_FILE_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
               stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}


def _read_file(path: Path) -> bytes:
    """A regular file's bytes, at most DOWNLOAD_MAXSIZE: /dev/zero grew memory without end, a FIFO with no
    writer blocked for ever. O_NONBLOCK: opening a FIFO returns at once, so fstat can refuse it."""
    import os

    from .settings import DOWNLOAD_MAXSIZE

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(f"not a regular file but {_FILE_KINDS.get(stat.S_IFMT(mode), 'a special file')}")
        with open(fd, "rb", closefd=False) as f:
            return _at_most(f.read(DOWNLOAD_MAXSIZE + 1))
    finally:
        os.close(fd)


def _at_most(data: bytes) -> bytes:
    """`data`, read as DOWNLOAD_MAXSIZE + 1 bytes at most: one byte more means the page is too large."""
    from .settings import DOWNLOAD_MAXSIZE

    if len(data) > DOWNLOAD_MAXSIZE:
        raise ValueError(f"larger than {DOWNLOAD_MAXSIZE // (1024 * 1024)} MiB (DOWNLOAD_MAXSIZE): not a page")
    return data


from .commands import database as _database, nightly as _nightly  # noqa: E402 (the group must exist first)

for _command in (_database.stats, _database.search, _database.export, _database.reextract, _database.browse,
                 _nightly.sites, _nightly.nightly, _nightly.ingest, _nightly.schedule):
    cli.add_command(_command)


if __name__ == "__main__":
    cli()
