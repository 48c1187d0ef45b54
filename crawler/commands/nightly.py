"""Commands for scheduled and distributed runs: sites, nightly, ingest, schedule."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import DEFAULT_DB, Seconds

# The longest --until-idle: past a month of silence "idle" means nothing (no limit: leave the option out).
MAX_IDLE_SECONDS = 30 * 24 * 3600


def sites_problem(path: str, exc: Exception) -> click.ClickException:
    """Every problem of the sites file, one a line; a single one on the error's own line."""
    problems = str(exc).splitlines()
    if len(problems) == 1:
        return click.ClickException(problems[0])
    return click.ClickException(f"{path} has {len(problems)} problems:\n" + "\n".join(problems))


@click.group()
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
    from ..sites import SitesError, load_sites

    try:
        found = load_sites(sites_path)
    except SitesError as exc:
        raise sites_problem(sites_path, exc)
    for site in found:
        click.echo(f"{site.name}: {len(site.seeds)} seed(s), up to {site.max_pages} pages, depth {site.depth}")
    click.echo(f"{sites_path}: {len(found)} site(s), ok")


@click.command()
@click.option("--sites", "sites_path", default="sites.toml", show_default=True, help="The sites file.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--logs", "log_dir", default="output/logs", show_default=True, help="Folder for per-site logs.")
@click.option("--only", multiple=True, metavar="NAME", help="Crawl only these sites of the file.")
@click.option("--redis", "redis_url", metavar="URL",
              help="Crawl each site as a worker of a distributed run (the database is written by `newsmill ingest`).")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting for every site.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the night's summary as one JSON document (per site: status, counts, flags).")
@click.option("--on-alert", "on_alert", metavar="CMD",
              help="Shell command run for each alert (failed site, fields or articles gone), the alert as JSON on stdin.")
@click.option("--alert-webhook", metavar="URL", help="POST each alert as JSON to this URL (redirects not followed).")
def nightly(sites_path, db, log_dir, only, redis_url, settings, as_json, on_alert, alert_webhook):
    """Crawl every site of the sites file incrementally; exit 1 if a site failed.

    Each site gets a crawl_runs row and a log file; sites whose extraction suddenly got worse
    (many more articles without authors, dates or body than before) are flagged. Alerts (a failed site,
    such a jump, far fewer articles than usual) go to the alerts table and to the hooks; thresholds are
    the ALERT_* settings (-s ALERT_COUNT_DROP=0.3; crawler/alerts.py).

    \b
    Examples:
        newsmill nightly --sites sites.toml
        newsmill nightly --sites sites.toml --only demo --db output/news.db
        newsmill nightly --sites sites.toml --json > output/logs/night.json
        newsmill nightly --sites sites.toml --on-alert 'mail -s "newsmill alert" ops@example.org'
        newsmill nightly --sites sites.toml --alert-webhook https://hooks.example.org/newsmill
        newsmill nightly --sites sites.toml --redis redis://10.0.0.5:6379/0   # on each worker machine
    """
    from ..lock import RunLock, RunLocked
    from ..nightly import run_sites, summary_lines
    from ..sites import SitesError, load_sites
    from .common import BadInput, check_database, check_redis_url, check_settings

    check_settings(settings)
    check_redis_url(redis_url)
    if redis_url and as_json:
        raise BadInput("a worker has no run rows to summarise (`newsmill ingest` writes them; "
                       "`newsmill stats --json` reads them)", param_hint="--json with --redis")
    if redis_url and (on_alert or alert_webhook):
        raise BadInput("alerts are judged where the run rows are: the `newsmill ingest` machine's database",
                       param_hint="--on-alert/--alert-webhook with --redis")
    from ..alerts import Thresholds, alert_night, check_webhook

    if alert_webhook and (problem := check_webhook(alert_webhook)):
        raise BadInput(problem, param_hint="--alert-webhook")
    if not redis_url:
        check_database(db)

    try:
        every = load_sites(sites_path)
    except SitesError as exc:
        raise sites_problem(sites_path, exc)
    unknown = [name for name in only if name not in {s.name for s in every}]
    if unknown:  # a typo in --only would crawl fewer sites than asked, or none
        names = ", ".join(s.name for s in every[:10]) + (", …" if len(every) > 10 else "")
        raise BadInput(f"no site named {', '.join(unknown)} in {sites_path} (its sites: {names or 'none'})",
                       param_hint="--only")
    chosen = [s for s in every if not only or s.name in only]
    if not chosen:
        raise click.ClickException(f"{sites_path} lists no site")
    if redis_url:
        from ..distributed import run_sites_as_worker

        sys.exit(run_sites_as_worker(chosen, redis_url, Path(log_dir), tuple(settings), click.echo))
    from ..nightly import MAX_FAILED_SHARE, _Stop
    from ..runner import SIGNAL_EXIT, parse_overrides

    try:
        max_failed = float(parse_overrides(settings).get("NIGHTLY_MAX_FAILED_SHARE", MAX_FAILED_SHARE))
        thresholds = Thresholds.from_settings(parse_overrides(settings))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-s")
    try:
        with RunLock(db), _Stop() as stop:
            results = run_sites(chosen, db, Path(log_dir), tuple(settings), stop=stop, max_failed_share=max_failed)
            alerts = alert_night(db, results, thresholds, on_alert, alert_webhook, lambda m: click.echo(m, err=True))
    except RunLocked as exc:
        raise click.ClickException(str(exc))
    import signal

    skipped = [s.name for s in chosen[len(results):]]
    stopped_by = signal.Signals(stop.signum).name if stop.signum is not None else None
    status = SIGNAL_EXIT[stop.signum] if stop.signum is not None else (1 if any(r.failed for r in results) else 0)
    if as_json:
        import json

        from ..nightly import summary_record

        summary = {**summary_record(results), "logs": str(log_dir), "stopped_by": stopped_by,
                   "not_crawled": skipped, "exit_status": status,
                   "alerts": [a.payload(db) for a in alerts]}
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for line in summary_lines(results):
            click.echo(line)
        click.echo(f"Logs: {log_dir}/")
        if alerts:
            click.echo(f"Alerts: {len(alerts)} ({', '.join(sorted({a.kind for a in alerts}))}), in the alerts table")
    if stopped_by:
        click.echo(f"Stopped by {stopped_by}" + (f"; not crawled: {', '.join(skipped)}" if skipped else ""), err=True)
    sys.exit(status)


@click.command()
@click.option("--redis", "redis_url", required=True, metavar="URL", help="The Redis server workers send to.")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--batch", type=click.IntRange(1), default=100, show_default=True, help="Records per transaction.")
@click.option("--until-idle", type=Seconds(MAX_IDLE_SECONDS), default=None, metavar="SECONDS",
              help="Stop once no record came for this long (default: run until Ctrl-C or SIGTERM).")
@click.option("--item-delay", type=Seconds(60), default=0.0, hidden=True)  # tests: a slow batch to kill mid-way
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
    from ..distributed import run_ingest
    from ..lock import RunLocked
    from .common import check_redis_url, check_settings

    check_redis_url(redis_url)
    overrides = check_settings(settings)
    try:
        run_ingest(redis_url, db, batch, until_idle, overrides, click.echo, item_delay=item_delay)
    except RunLocked as exc:
        raise click.ClickException(str(exc))


@click.command()
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
    from .. import schedule as sched
    from ..sites import SitesError, load_sites
    from .common import BadInput

    try:
        hour, minute = (int(x) for x in at.split(":"))
        assert 0 <= hour < 24 and 0 <= minute < 60
    except (ValueError, AssertionError):
        raise click.BadParameter("use HH:MM, e.g. 02:30", param_hint="--at")
    for hint, value in (("--sites", sites_path), ("--db", db), (None, Path.cwd())):
        try:  # before anything reads them: a NUL stops pathlib with a ValueError
            sched.check_path(value)
        except sched.UnsafePath as exc:  # the working folder (no option) is where the schedule runs
            raise BadInput(str(exc), param_hint=hint) if hint else click.ClickException(f"working folder {exc}")
    try:  # `sites check` first: a schedule for a file that is missing or wrong fails every night
        found = load_sites(sites_path)
    except SitesError as exc:
        raise sites_problem(sites_path, exc)
    click.echo(f"{sites_path}: {len(found)} site(s), ok", err=True)
    project, sites_abs, db_abs = Path.cwd(), Path(sites_path).resolve(), Path(db).resolve()
    try:
        if systemd:
            units = sched.systemd_units(project, sites_abs, db_abs, hour, minute)
            for name, text in units.items():
                click.echo(f"# {name}\n{text}")
            click.echo(f"# {sched.LINGER_NOTE}")
            if install:
                click.echo(sched.install_systemd(units, Path.home() / ".config" / "systemd" / "user"))
        else:
            line = sched.crontab_line(project, sites_abs, db_abs, hour, minute)
            click.echo(line)
            if install:
                click.echo(sched.install_crontab(line))
    except (RuntimeError, sched.UnsafePath) as exc:  # UnsafePath: a quote in the venv's path (systemd)
        raise click.ClickException(str(exc))
