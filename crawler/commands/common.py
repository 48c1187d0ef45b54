"""What the newsmill commands share: defaults, database opening, site rules."""

from __future__ import annotations

import os
from pathlib import Path

import click

DEFAULT_DB = "output/news.db"
SINCE_HELP = "Only articles published on or after this date (2025-01-31) or ISO time."
SITE_HELP = ("Only this site (host name; example.com also matches www.example.com, and a host without a port "
             "every port of it: 127.0.0.1 matches 127.0.0.1:8642).")


def site_rules(path: str | None) -> dict:
    """The per-site rules of a sites file (crawler/sites.py, seeds optional); one clear error if it is bad."""
    from ..sites import SitesError, load_site_rules

    if not path:
        return {}
    try:
        return load_site_rules(path)
    except SitesError as exc:
        raise click.ClickException(f"site rules: {exc}")


def open_existing(db: str):
    from pipelines.schema import NotNewsmillDatabase, open_db

    import sqlite3

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `newsmill crawl` or `newsmill demo` first")
    if Path(db).is_dir():
        raise click.ClickException(f"{db} is a folder, not a database")
    try:
        return open_db(db)
    except NotNewsmillDatabase as exc:
        raise click.ClickException(f"{db}: {exc}") from None
    except sqlite3.OperationalError as exc:
        if not os.access(Path(db).resolve().parent, os.W_OK):
            return _open_in_read_only_folder(db)
        if "locked" in str(exc):
            raise click.ClickException(f"{db}: {exc}: another process holds it (still after 10 s)") from None
        raise click.ClickException(f"{db}: {exc} (not a newsmill database?)") from None
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{db}: {exc} (not a newsmill database?)") from None


def _open_in_read_only_folder(db: str):
    """A database in a folder this process cannot write: SQLite cannot make the WAL's shared-memory file
    there, so it is read as immutable (nobody can be writing it beside us without that file)."""
    import sqlite3

    from pipelines.schema import NotNewsmillDatabase, check_ours, migrations
    from pipelines.sqlitedb import NewsmillDatabase

    try:
        conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        check_ours(conn)  # an empty file passes: it has no migrations table, so it needs upgrading below
        handle = NewsmillDatabase(conn)
        if "_sqlite_migrations" not in handle.table_names() or migrations.pending(handle):
            raise click.ClickException(f"{db}: its schema needs upgrading, which its read-only folder does not allow")
    except NotNewsmillDatabase as exc:
        raise click.ClickException(f"{db}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{db}: {exc} (in a read-only folder)") from None
    return handle


# ---------------------------------------------------------------------- checking inputs before a run
class BadInput(click.UsageError):
    """A bad argument or option: one line (`Error: OPTION: what is wrong`), exit status 2."""

    def __init__(self, message: str, param_hint: str | None = None):
        super().__init__(f"{param_hint}: {message}" if param_hint else message)

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True, file=file)


# Settings scrapy-redis reads (distributed runs) that neither Scrapy's defaults nor ours list.
_REDIS_SETTINGS = ("SCHEDULER_PERSIST", "SCHEDULER_QUEUE_CLASS", "SCHEDULER_QUEUE_KEY", "SCHEDULER_DUPEFILTER_KEY",
                   "SCHEDULER_IDLE_BEFORE_CLOSE", "SCHEDULER_FLUSH_ON_START", "REDIS_HOST", "REDIS_PORT",
                   "REDIS_PARAMS", "REDIS_ENCODING", "REDIS_START_URLS_KEY", "DUPEFILTER_KEY")
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG", "NOTSET")
_BOOLS = ("0", "1", "True", "False", "true", "false")


def known_settings() -> dict:
    """Every setting name a crawl understands, with its default: Scrapy's, newsmill's, scrapy-redis's."""
    from ..runner import EXTRA_SETTINGS, project_settings

    settings = project_settings()
    known = {name: settings[name] for name in settings}
    known.update(EXTRA_SETTINGS)
    known.update({name: None for name in _REDIS_SETTINGS})
    return known


def check_settings(pairs) -> dict:
    """-s NAME=VALUE pairs, checked before anything starts: a known name (else the closest ones are
    suggested) and a value of its setting's type. click.BadParameter (exit status 2) otherwise."""
    import difflib

    from ..runner import parse_overrides

    try:
        overrides = parse_overrides(pairs)
    except ValueError as exc:
        raise BadInput(str(exc), param_hint="-s")
    if not overrides:
        return overrides
    known = known_settings()
    for name, value in overrides.items():
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=2, cutoff=0.75)
            hint = f" (did you mean {' or '.join(close)}?)" if close else " (see crawler/settings.py and Scrapy's settings)"
            raise BadInput(f"unknown setting {name}{hint}", param_hint="-s")
        problem = _value_problem(name, value, known[name])
        if problem:
            raise BadInput(f"{name}={value}: {problem}", param_hint="-s")
    return overrides


def _value_problem(name: str, value: str, default) -> str | None:
    if name in ("CLEANERS", "CLEAN_DISABLED"):
        return _cleaners_problem(name, value)
    if name == "JOBDIR":
        return _jobdir_problem(value)
    if name == "LOG_LEVEL":
        return None if value.upper() in _LOG_LEVELS or value.isdigit() else f"use one of {', '.join(_LOG_LEVELS)}"
    if isinstance(default, bool):
        return None if value in _BOOLS else "use True or False (or 1/0)"
    if isinstance(default, (int, float)):
        try:
            number = float(value)
        except ValueError:
            return "expected a number" if isinstance(default, float) else "expected a whole number"
        if number != number or number in (float("inf"), float("-inf")):
            return "expected a finite number"
        floats_read = isinstance(default, float) or name.endswith(("TIMEOUT", "DELAY", "SECONDS", "INTERVAL"))
        if not floats_read and not value.strip().lstrip("+-").isdigit():
            return "expected a whole number"
    return None


def _jobdir_problem(value: str) -> str | None:
    """JOBDIR: a folder this process can create and write. Scrapy makes it once the crawl has started,
    where a failure is a traceback; one made here to try is removed again (the crawl makes it for real)."""
    import tempfile

    if not value:  # Scrapy reads an empty JOBDIR as none
        return None
    path = Path(value)
    try:
        missing = [p for p in (path, *path.parents) if not p.exists()]  # deepest first, for the rmdir below
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        return f"not a usable folder ({exc})"
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except (OSError, ValueError) as exc:
        return f"not a folder this process can create and write ({getattr(exc, 'strerror', None) or exc})"
    finally:
        for folder in missing:
            try:
                folder.rmdir()
            except OSError:  # never made (mkdir failed below it), or filled meanwhile: left as it is
                pass
    return None


def _cleaners_problem(name: str, value: str) -> str | None:
    """CLEANERS as a JSON object of name -> order or null; CLEAN_DISABLED as names; every name known."""
    from scrapy.settings import BaseSettings

    from cleaners.registry import CleanerError, plan

    given = BaseSettings({name: value})
    try:
        cleaners = given.getdict("CLEANERS") if name == "CLEANERS" else {}
    except (ValueError, TypeError) as exc:  # not JSON, or JSON that is not an object
        return f'expected a JSON object such as {{"related": null, "promo": 50}} ({exc})'
    try:
        plan(cleaners, given.getlist("CLEAN_DISABLED"))
    except CleanerError as exc:
        return str(exc).removeprefix(f"{name}: ")
    return None


class Seconds(click.ParamType):
    """A duration option: a finite number of seconds from 0 to `most` (float() takes "nan" and "inf",
    which would make a wait that never ends)."""

    name = "seconds"

    def __init__(self, most: float):
        self.most = most

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not 0 <= number <= self.most:  # NaN fails every comparison, so it lands here too
            self.fail(f"{value!r}: use a number of seconds from 0 to {self.most:.0f}", param, ctx)
        return number


def check_filters(site=None, since=None, until=None, language=None) -> None:
    """--since, --until, --language of search, export and reextract: refused as bad arguments (exit 2)
    before the database is opened, as pipelines.query.filters would refuse them."""
    from pipelines.query import QueryError, filters

    try:
        filters(site, since, until=until, language=language)
    except QueryError as exc:
        raise BadInput(str(exc)) from None


def warn_if_no_site(database, site: str | None) -> None:
    """After a search, export or reextract that found nothing: say so on stderr when --site matches no stored
    site at all (a sites.toml name, a typo), naming a few stored ones."""
    from pipelines.query import matches_no_site
    from pipelines.textsafety import for_terminal

    if not site:
        return
    stored = matches_no_site(database, site)
    if stored is not None:
        names = ", ".join(for_terminal(str(s)) for s in stored) or "none: the database holds no article"
        click.echo(f"Warning: --site {for_terminal(site)} matches no stored site (sites are host names, with "
                   f"the port when not 80/443; stored: {names})", err=True)


def check_urls(urls, option: str = "URL") -> None:
    """Start URLs, sitemaps and feeds: http(s) with a host and a valid port (urls.start_url_problem)."""
    from ..urls import start_url_problem

    for url in urls:
        problem = start_url_problem(url)
        if problem:
            raise BadInput(problem, param_hint=option)


def check_regexes(patterns, option: str) -> None:
    import re

    for pattern in patterns:
        try:
            re.compile(pattern)
        except (re.error, OverflowError) as exc:  # OverflowError: a repeat count past a C int
            raise BadInput(f"{pattern!r} is not a valid regular expression: {exc}", param_hint=option)


def check_redis_url(url: str | None) -> None:
    if not url:
        return
    try:
        from redis.connection import parse_url
    except ImportError:  # the redis extra is not installed: the run says so itself
        return
    try:
        parse_url(url)
    except (ValueError, TypeError) as exc:
        raise BadInput(f"{url!r}: {exc}", param_hint="--redis")


def check_database(db: str) -> None:
    """Before a run that writes `db`: a database (or nothing yet) that this process may write."""
    import os
    import sqlite3

    path = Path(db)
    if path.is_dir():
        raise click.ClickException(f"{db} is a folder, not a database")
    if path.exists():
        from pipelines.schema import NotNewsmillDatabase, check_ours

        try:
            conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
            try:
                check_ours(conn)
            finally:
                conn.close()
        except NotNewsmillDatabase as exc:
            raise click.ClickException(f"{db}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{db}: {exc} (not a newsmill database?)") from None
        if not os.access(path, os.W_OK):
            raise click.ClickException(f"{db} is read-only")
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise click.ClickException(f"cannot create {db}: {folder} is not writable")
