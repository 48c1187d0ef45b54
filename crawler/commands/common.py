"""What the newsmill commands share: defaults, database opening, site rules."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_DB = "output/news.db"
SINCE_HELP = "Only articles published on or after this date (2025-01-31) or ISO time."
SITE_HELP = "Only this site (host name; example.com also matches www.example.com)."


def site_rules(path: str | None) -> dict:
    from cleaners import ExtractionError
    from cleaners.overrides import load_site_rules

    if not path:
        return {}
    try:
        return load_site_rules(path)
    except ExtractionError as exc:
        raise click.ClickException(f"site rules: {exc}")


def open_existing(db: str):
    from pipelines.schema import open_db

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `newsmill crawl` or `newsmill demo` first")
    return open_db(db)
