"""Datasette setup of `newsmill browse`: the metadata (descriptions, facets, canned queries, charts), the
templates and the plugin module that make the landing page and an article's own page."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
METADATA_FILE = HERE / "datasette_metadata.json"
TEMPLATES_DIR = HERE / "datasette_templates"
PLUGINS_DIR = HERE / "datasette_plugins"


def datasette_metadata(db_path: str | Path) -> dict:
    """The metadata Datasette wants, keyed by the database's name (its file name without .db)."""
    name = Path(db_path).stem
    template = json.loads(METADATA_FILE.read_text("utf-8"))
    database = template.pop("database")
    for board in template.get("plugins", {}).get("datasette-dashboards", {}).values():
        for chart in board.get("charts", {}).values():
            if "db" in chart:
                chart["db"] = name
    return {**template, "databases": {name: database}}


# The facets newsmill configures (site, language, section, authors) need more than Datasette's 200 ms on a
# large database; suggesting facets tries every column of a wide table each page load: off.
SETTINGS = {"facet_time_limit_ms": 1500, "suggest_facets": False}


def serve_options() -> list[str]:
    """`datasette serve` options beside --metadata: newsmill's templates, plugin and settings."""
    options = ["--template-dir", str(TEMPLATES_DIR), "--plugins-dir", str(PLUGINS_DIR)]
    for name, value in SETTINGS.items():
        options += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return options


def datasette_kwargs(db_path: str | Path) -> dict:
    """The same but SETTINGS, as keyword arguments of `datasette.app.Datasette` (tests, Python users): pass
    `settings={**SETTINGS, ...}` beside them."""
    return {"files": [str(db_path)], "metadata": datasette_metadata(db_path),
            "template_dir": str(TEMPLATES_DIR), "plugins_dir": str(PLUGINS_DIR)}
