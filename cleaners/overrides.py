"""Per-site overrides: CSS selectors to drop, and selectors no cleaner may remove.

For the rare theme that fools the generic cleaners. Written in a TOML file:

    [sites.taz]
    domains = ["taz.de"]
    clean_drop = ["div.tzi-bottom-container"]   # a donation box inside the article
    clean_keep = ["div.factbox"]                # a fact box that is part of the story
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

from .errors import ExtractionError


@dataclass(frozen=True)
class SiteRules:
    drop: tuple[str, ...] = ()  # XPath, compiled from the CSS selectors
    keep: tuple[str, ...] = ()

    @classmethod
    def from_css(cls, drop=(), keep=()) -> "SiteRules":
        return cls(tuple(_xpath(s) for s in drop), tuple(_xpath(s) for s in keep))


def _xpath(selector: str) -> str:
    try:
        return GenericTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        raise ExtractionError(f"bad CSS selector {selector!r}: {exc}") from exc


def load_site_rules(path: str | Path) -> dict[str, SiteRules]:
    """domain -> rules, from the [sites.*] tables of a TOML file. Raises ExtractionError with the reason."""
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ExtractionError(f"{path}: {exc}") from exc
    table: dict[str, SiteRules] = {}
    for name, site in (data.get("sites") or {}).items():
        drop, keep = site.get("clean_drop", []), site.get("clean_keep", [])
        if not (drop or keep):
            continue
        domains = site.get("domains") or []
        if not domains:
            raise ExtractionError(f"{path}: site {name!r} has clean_drop/clean_keep but no domains")
        rules = SiteRules.from_css(drop, keep)
        for domain in domains:
            table[domain.lower().removeprefix("www.")] = rules
    return table


def rules_for(url: str, table: dict[str, SiteRules]) -> SiteRules | None:
    """The rules of the most specific domain the URL's host belongs to."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    while host:
        if host in table:
            return table[host]
        host = host.partition(".")[2]
    return None
