"""The sites file (sites.toml): what a nightly run crawls, validated with line, field and reason.

    [sites.demo]
    start_urls = ["https://news.example/"]
    sitemaps = ["https://news.example/news-sitemap.xml"]   # optional: robots.txt ones are found too
    feeds = ["https://news.example/feed.xml"]              # optional
    allow = ["/world/", "/business/"]                      # URL regexes a page must match (optional)
    deny = ["/tag/", "/login"]                             # URL regexes never followed (optional)
    max_pages = 500                                        # fetched pages per run
    max_age_days = 30                                      # older articles are not stored
    depth = 3                                              # in-site link hops
    clean_drop = ["div.promo"]                             # per-site cleaner overrides (optional)
    clean_keep = ["div.factbox"]
    clean_function = "siterules.py:demo"                   # demo(tree) -> elements to drop (optional)
    clean_soup_function = "siterules.py:demo_soup"         # demo_soup(soup) -> tags to drop (optional)
    domains = ["news.example"]                             # where the clean_* rules apply (default: the seeds' hosts)

The one loader and schema of this file: `newsmill sites check`, nightly, and the per-site rules of a crawl,
reextract and extract (-s CLEAN_SITE_RULES=, --rules: the same file; there the seeds are optional).
A file.py in a function's spec is relative to this file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cleaners.errors import ExtractionError
from cleaners.overrides import SiteRules, resolve, selector_problem
from newsmill.age import MAX_AGE_DAYS

from .urls import start_url_problem

_FIELDS = {
    "start_urls": list, "sitemaps": list, "feeds": list, "allow": list, "deny": list, "max_pages": int,
    "max_age_days": int, "depth": int, "clean_drop": list, "clean_keep": list, "domains": list,
    "clean_function": str, "clean_soup_function": str,
}
_RULES = ("clean_drop", "clean_keep", "clean_function", "clean_soup_function")


@dataclass
class Site:
    name: str
    start_urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    max_pages: int = 1000
    max_age_days: int = 0  # 0: no limit
    depth: int = 3
    clean_drop: list[str] = field(default_factory=list)
    clean_keep: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    clean_function: str | None = None  # "module:function" or an absolute "/path/file.py:function"
    clean_soup_function: str | None = None
    source: Path | None = None  # the sites file it was read from (a crawl reads its rules from there)

    @property
    def seeds(self) -> list[str]:
        return self.start_urls + self.sitemaps + self.feeds

    @property
    def rule_domains(self) -> list[str]:
        """Where this site's clean_* rules apply: its domains, else its seeds' hosts."""
        return self.domains or sorted({(urlsplit(u).hostname or "") for u in self.seeds} - {""})

    def rules(self) -> SiteRules | None:
        if not any(getattr(self, key) for key in _RULES):
            return None
        return SiteRules.from_css(self.clean_drop, self.clean_keep, self.clean_function, self.clean_soup_function)


class SitesError(ValueError):
    """A problem in the sites file; str() is 'FILE:LINE: sites.NAME.FIELD: why'."""


def load_sites(path: str | Path, require_seeds: bool = True) -> list[Site]:
    """All sites of the file, or SitesError listing every problem found. `require_seeds`: each site says
    where to start (a crawl's list); without it, a file of per-site rules only is fine too."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise SitesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SitesError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SitesError(f"{path}: {exc}") from exc
    except RecursionError:
        raise SitesError(f"{path}: nested deeper than TOML can be read") from None
    problems: list[str] = []
    sites = []
    table = data.get("sites")
    if not isinstance(table, dict) or not table:
        raise SitesError(f"{path}:1: no [sites.NAME] tables: add at least one site")
    for name, raw in table.items():
        site = _site(name, raw, path.parent, require_seeds, lambda fld, why: problems.append(f"{path}:{_line_of(text, name, fld)}: "
                                                                f"sites.{_shown(name)}{'.' + fld if fld else ''}: {why}"))
        if site:
            site.source = path.resolve()
            sites.append(site)
    if problems:
        raise SitesError("\n".join(problems))
    return sites


def load_site_rules(path: str | Path) -> dict[str, SiteRules]:
    """domain -> rules, for the sites of the file that have clean_* rules; SitesError as load_sites."""
    return site_rules(load_sites(path, require_seeds=False))


def site_rules(sites: list[Site]) -> dict[str, SiteRules]:
    table: dict[str, SiteRules] = {}
    for site in sites:
        rules = site.rules()
        for domain in site.rule_domains if rules else ():
            table[domain.lower().removeprefix("www.")] = rules
    return table


def _shown(name: str) -> str:
    """A site's name as a message can print it: quoted when empty or holding control characters."""
    return name if _SITE_NAME.fullmatch(name) else repr(name)


# A site's name names its crawl_runs rows and nightly's log file (LOGS/DAY-NAME.log)
_SITE_NAME = re.compile(r"[^\x00-\x1f\x7f/\\]{1,100}")


def _site(name: str, raw, base: Path, require_seeds: bool, problem) -> Site | None:
    if not isinstance(raw, dict):
        problem("", "must be a table ([sites.NAME])")
        return None
    ok = True
    if not _SITE_NAME.fullmatch(name) or name.strip() in ("", ".", ".."):
        problem("", "the name must be 1 to 100 characters, not only spaces or dots, without '/', '\\' or "
                    "control characters (it names the site's runs and its log file)")
        ok = False
    for key, value in list(raw.items()):
        if key not in _FIELDS:
            problem(key, f"unknown field (known: {', '.join(sorted(_FIELDS))})")
        elif not isinstance(value, _FIELDS[key]) or isinstance(value, bool):
            problem(key, f"must be {_KINDS[_FIELDS[key]]}")
        elif _FIELDS[key] is list and not all(isinstance(v, str) and v for v in value):
            problem(key, "must be a list of non-empty strings")
        else:
            continue
        ok = False
        del raw[key]  # reported; the checks below look at the well-typed fields only
    seeded = raw.get("start_urls") or raw.get("sitemaps") or raw.get("feeds")
    if require_seeds and not seeded:
        problem("start_urls", "give at least one of start_urls, sitemaps, feeds")
        ok = False
    if any(raw.get(key) for key in _RULES) and not raw.get("domains") and not seeded:
        problem("domains", "give the domains its clean_* rules apply to (or a start URL)")
        ok = False
    for key in ("clean_function", "clean_soup_function"):
        if raw.get(key):
            spec = _spec_beside(raw[key], base)
            try:
                resolve(spec)
            except ExtractionError as exc:
                problem(key, str(exc).removeprefix("site rule function "))
                ok = False
            raw[key] = spec
    for key in ("start_urls", "sitemaps", "feeds"):
        for url in raw.get(key, []):
            why = start_url_problem(url)
            if why:
                problem(key, why)
                ok = False
    for key in ("allow", "deny"):
        for pattern in raw.get(key, []):
            try:
                re.compile(pattern)
            except (re.error, OverflowError) as exc:  # OverflowError: a repeat count past a C int
                problem(key, f"{pattern!r} is not a regular expression: {exc}")
                ok = False
    for key in ("clean_drop", "clean_keep"):
        for selector in raw.get(key, []):
            why = selector_problem(selector)
            if why:
                problem(key, f"{selector[:200]!r} is not a CSS selector to use: {why}")
                ok = False
    for key in ("max_pages", "depth", "max_age_days"):
        if key in raw and raw[key] < 0:
            problem(key, "must not be negative")
            ok = False
    if raw.get("max_age_days", 0) > MAX_AGE_DAYS:
        problem("max_age_days", f"must be at most {MAX_AGE_DAYS}")
        ok = False
    return Site(name=name, **raw) if ok else None


_KINDS = {list: "a list", int: "a whole number", str: "a string"}


def _spec_beside(spec: str, base: Path) -> str:
    """A "file.py:function" spec with the file made absolute (relative to the sites file)."""
    where, sep, name = spec.rpartition(":")
    if sep and where.endswith(".py") and not Path(where).is_absolute():
        return f"{(base / where).resolve()}:{name}"
    return spec


def _line_of(text: str, site: str, fld: str) -> int:
    """The line of `fld` inside [sites.SITE] (or of the table header), for error messages."""
    lines = text.splitlines()
    header = re.compile(rf"^\s*\[\s*sites\s*\.\s*\"?{re.escape(site)}\"?\s*\]")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return 1
    if fld:
        for i in range(start + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if re.match(rf"^\s*{re.escape(fld)}\s*=", lines[i]):
                return i + 1
    return start + 1
