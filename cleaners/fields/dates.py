"""Published and modified dates: structured sources first, dateparser for human text.

A parsed value is ISO 8601, converted to UTC when the page gives a zone; the page's own
text is kept beside it. A date in the future (past fetch time plus a day) is refused.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .jsonld import article_objects
from .labels import labelled_values
from .meta import as_text, meta_value

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date",
    "publication_date", "cxenseparse:recs:publishtime",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|\b)")


def extract_dates(tree, jsonld: list[dict], url: str, now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    published_raw = _first_raw(tree, jsonld, "datePublished", _PUBLISHED_META, time_class="published")
    modified_raw = _first_raw(tree, jsonld, "dateModified", _MODIFIED_META, time_class="updated")
    published = parse_date(published_raw, now) if published_raw else None
    if published is None:
        match = _URL_DATE.search(url or "")
        if match:
            published_raw = match.group(0).strip("/-")
            published = parse_date("-".join(match.groups()), now)
    modified = parse_date(modified_raw, now) if modified_raw else None
    return {
        "published": published,
        "published_raw": published_raw if published else None,
        "modified": modified,
        "modified_raw": modified_raw if modified else None,
    }


def _first_raw(tree, jsonld, ld_key: str, meta_keys, time_class: str) -> str | None:
    for obj in article_objects(jsonld):
        value = as_text(obj.get(ld_key))
        if value:
            return value
    value = meta_value(tree, *meta_keys)
    if value:
        return value
    times = tree.xpath(f'//time[@datetime][contains(@class, "{time_class}") or @itemprop="{ld_key}"]')
    times = times or (tree.xpath("//article//time[@datetime]") if time_class == "published" else [])
    if times:
        return times[0].get("datetime").strip() or None
    if time_class == "published":
        values = labelled_values(tree, "published", max_len=40)
        if values:
            return values[0]
        for time_el in tree.xpath("//body//time[@datetime]"):
            if not any(a.tag in ("a", "nav", "aside", "footer") for a in time_el.iterancestors()):
                return time_el.get("datetime").strip() or None
    return None


def parse_date(raw: str, now: datetime | None = None, languages: list[str] | None = None) -> str | None:
    """ISO 8601 text for raw, in UTC when it carries a zone; None if unparsable or in the future."""
    now = now or datetime.now(timezone.utc)
    value = _parse_iso(raw) or _parse_human(raw, now, languages)
    if value is None:
        return None
    if value.tzinfo is not None:
        try:
            value = value.astimezone(timezone.utc)
        except OverflowError:  # year 1 or 9999 pushed past datetime's range by the offset
            return None
        if value > now + timedelta(days=1):
            return None
    elif value > now.replace(tzinfo=None) + timedelta(days=1):
        return None
    if value.year < 1990:
        return None
    return value.replace(microsecond=0).isoformat()


def _parse_iso(raw: str) -> datetime | None:
    text = raw.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00").replace(" ", "T", 1))
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


_RELATIVE = re.compile(r"\b(?:ago|vor|hace|il y a|fa|há|sedan|önce|geleden|temu)\b", re.I)
_ZONE_AT_END = re.compile(r"(?:[+-]\d{2}:?\d{2}|\b(?:UTC|GMT|Z|[A-Z]{2,3}[DS]?T|CES?T|MES?Z|BST|IST|JST|KST))\s*\)?$")
_LABEL = re.compile(r"^\s*[^\W\d]{2,20}(?:\s[^\W\d]{2,12})?\s*:\s*(?=\S)")


def _parse_human(raw: str, now: datetime, languages: list[str] | None) -> datetime | None:
    import dateparser  # imported lazily: it costs ~0.3 s and most pages carry ISO dates

    text = _LABEL.sub("", raw.strip())[:100]  # "Posted: 10/14/2025"
    settings = {"RELATIVE_BASE": now.astimezone(timezone.utc).replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        value = dateparser.parse(text, languages=languages, settings=settings)
        digit = re.search(r"\d", text)
        if value is None and digit and digit.start() > 0:  # "Veröffentlicht am 14.10.2025, 11:30 Uhr"
            text = text[digit.start():]
            value = dateparser.parse(text, languages=languages, settings=settings)
        if value is not None and _RELATIVE.search(text):
            return value.replace(tzinfo=timezone.utc)  # "vor 3 Stunden": relative to the fetch time, in UTC
        if value is not None and _ZONE_AT_END.search(text):
            # dateparser drops explicit zones when asked for naive values; re-parse keeping them.
            aware = dateparser.parse(text, languages=languages, settings={**settings, "RETURN_AS_TIMEZONE_AWARE": True})
            return aware or value
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    return value
