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
    return overrides


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--max-pages", type=int, default=0, help="Stop after fetching this many pages (0: no limit).")
@click.option("--depth", type=int, default=None, help="Follow in-site links this many hops (default 5).")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
def crawl(urls, db, max_pages, depth, settings):
    """Crawl sites from start URLs (pages, sitemaps or feeds) into the database.

    \b
    Examples:
        newsmill crawl https://example.com/
        newsmill crawl https://example.com/sitemap.xml --max-pages 500 --db output/example.db
        newsmill crawl http://127.0.0.1:8000/ -s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0
    """
    from .runner import run_crawl

    stats = run_crawl(list(urls), _common_crawl_overrides(db, max_pages, depth, settings))
    _print_summary(stats, db)


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
    with _demo_server(port) as server:
        click.echo(f"Demo site: {server.base_url}/")
        stats = run_crawl([server.base_url + "/"], overrides)
    _print_summary(stats, db)


def _demo_server(port: int):
    """A fixed port keeps article URLs (and so rows) the same from one demo run to the next."""
    from .siteserver import SiteServer

    try:
        return SiteServer(port=port)
    except OSError:
        return SiteServer(port=0)


def _print_summary(stats: dict, db: str) -> None:
    skipped = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("newsmill/skipped/")}
    for key, count in stats.items():
        status = key.rsplit("/", 1)[-1]
        if key.startswith("downloader/response_status_count/") and status[:1] in "45":
            skipped[f"http_{status}"] = count
    click.echo(f"Pages fetched:   {stats.get('response_received_count', 0)}")
    click.echo(f"Articles stored: {stats.get('sqlite/articles_stored', 0)}")
    click.echo(f"FAQs stored:     {stats.get('sqlite/faqs_stored', 0)}")
    if skipped:
        click.echo("Not stored:      " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    click.echo(f"Time taken:      {stats.get('elapsed_seconds', 0):.1f} s")
    click.echo(f"Database:        {db}")
    click.echo("Try:")
    click.echo(f"  {_sqlite_utils()} {db} --table \"SELECT a.title, group_concat(au.name) AS authors, a.published FROM articles a "
               "LEFT JOIN article_authors aa ON aa.article_url = a.url LEFT JOIN authors au ON au.id = aa.author_id "
               "GROUP BY a.url ORDER BY a.published DESC LIMIT 10\"")
    if stats.get("finish_reason") not in (None, "finished", "closespider_pagecount"):
        click.echo(f"Crawl ended early: {stats.get('finish_reason')}", err=True)
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
def extract(sources, page_url, explain):
    """Extract articles from HTML files or URLs; print one JSON record per page.

    \b
    Examples:
        newsmill extract page.html --url https://example.com/news/1
        newsmill extract saved/*.html.gz > articles.jsonl
        newsmill extract page.html --explain | jq .explain
    """
    from cleaners import ExtractionError, explain_article

    failed = 0
    for source in sources:
        try:
            html, url = _read_source(source, page_url)
            article, removals = explain_article(html, url)
        except (OSError, ExtractionError, ValueError) as exc:
            click.echo(f"newsmill extract: {source}: {exc}", err=True)
            failed += 1
            continue
        record = {"source": source, **article.to_dict()}
        if explain:
            record["explain"] = [{"cleaner": r.cleaner, "target": r.target, "text": r.text} for r in removals]
        click.echo(json.dumps(record, ensure_ascii=False))
    sys.exit(1 if failed else 0)


def _read_source(source: str, page_url: str | None) -> tuple[str, str]:
    if source.startswith(("http://", "https://")):
        from .runner import project_settings

        agent = project_settings().get("USER_AGENT")
        request = urllib.request.Request(source, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read(16 * 1024 * 1024)
            charset = response.headers.get_content_charset() or "utf-8"
        return data.decode(charset, errors="replace"), page_url or source
    path = Path(source)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace"), page_url or path.resolve().as_uri()


@cli.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to read.")
def stats(db):
    """Print what the database holds.

    \b
    Example:
        newsmill stats --db output/news.db
    """
    from pipelines.schema import open_db

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `newsmill crawl` or `newsmill demo` first")
    database = open_db(db)
    for table in ("articles", "authors", "article_authors", "faqs"):
        click.echo(f"{table:16} {database[table].count:>8}")
    click.echo("By site:")
    for row in database.query(
        "SELECT site, count(*) AS n, max(published) AS newest FROM articles GROUP BY site ORDER BY n DESC"
    ):
        click.echo(f"  {row['site']:40} {row['n']:>6}  newest {row['newest'] or '-'}")
    click.echo(f"Size: {Path(db).stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    cli()
