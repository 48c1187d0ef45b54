"""Datasette metadata for a newsmill database: table and column descriptions, canned queries."""

from __future__ import annotations

import json
from pathlib import Path

METADATA_FILE = Path(__file__).with_name("datasette_metadata.json")


def datasette_metadata(db_path: str | Path) -> dict:
    """The metadata Datasette wants, keyed by the database's name (its file name without .db)."""
    template = json.loads(METADATA_FILE.read_text("utf-8"))
    database = template.pop("database")
    return {**template, "databases": {Path(db_path).stem: database}}
