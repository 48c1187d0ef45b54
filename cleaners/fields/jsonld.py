"""Read schema.org JSON-LD blocks into a flat list of typed objects."""

from __future__ import annotations

import json
import re

_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
    "techarticle", "scholarlyarticle", "report", "socialmediaposting",
}


def read_jsonld(tree) -> list[dict]:
    """Every JSON object in the page's ld+json scripts, @graph members flattened."""
    found: list[dict] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        data = _loads(raw)
        _flatten(data, found, depth=0)
    return found


def _loads(raw: str):
    """The script's JSON, or None: a block nested deeper than the parser's recursion limit is unreadable
    like broken JSON, not an error of the page (the rest of it is still read)."""
    try:
        return json.loads(raw)
    except RecursionError:
        return None
    except ValueError:
        pass
    # Common breakage: trailing commas, raw newlines inside strings.
    cleaned = re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " "))
    try:
        return json.loads(cleaned)
    except (ValueError, RecursionError):
        return None


def _flatten(data, out: list[dict], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], out, depth + 1)
        if isinstance(data.get("mainEntity"), (dict, list)):
            _flatten(data["mainEntity"], out, depth + 1)


def types_of(obj: dict) -> set[str]:
    t = obj.get("@type", [])
    names = t if isinstance(t, list) else [t]
    return {str(n).lower() for n in names}


def nodes_by_id(objects: list[dict]) -> dict[str, dict]:
    """The named objects by their @id: what `{"@id": …}` references in a @graph point to (Yoast SEO and
    other WordPress plugins write authors and FAQ questions so)."""
    return {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and o.get("name")}


def article_objects(objects: list[dict]) -> list[dict]:
    return [o for o in objects if types_of(o) & _ARTICLE_TYPES]


def first_value(objects: list[dict], key: str):
    for obj in objects:
        value = obj.get(key)
        if value:
            return value
    return None
