"""Authors as {name, role}: JSON-LD Person first, then meta tags, then byline markup."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..article import Author
from ..parse import text_of
from .jsonld import article_objects, types_of
from .labels import labelled_values
from .meta import meta_values

# "/" splits only with spaces around it: "srf/hosb" is one (agency/initials) credit.
_SPLIT = re.compile(r"\s*[,;]\s*|\s+/\s+")
_CONJUNCTION = re.compile(r"\s*&\s*|\s+(?:and|und|y|et|e|og|och)\s+", re.I)
_COLLECTIVE = {"staff", "desk", "team", "newsroom", "redaktion", "redacción", "rédaction", "redazione", "agencies"}
_BYLINE_XPATH = (
    '//*[@rel="author" or @itemprop="author" or '
    'contains(concat(" ", normalize-space(@class), " "), " byline ") or '
    'contains(concat(" ", normalize-space(@class), " "), " author ") or '
    'contains(concat(" ", normalize-space(@class), " "), " fn ")]'
)
_WEBBY = re.compile(r"https?:|www\.|@|\.(?:com|org|net|de|co\.uk)\b", re.I)
_ROLE_SIBLING_CLASSES = ("author-role", "author-title", "byline-role", "author-job", "job-title", "jobtitle")


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return json.loads(resources.files("cleaners.phrases").joinpath("roles.json").read_text("utf-8"))


def extract_authors(tree, jsonld: list[dict]) -> list[Author]:
    for finder in (_from_jsonld, _from_meta, _from_byline, _from_byline_text, _from_labels, _organisation_author):
        authors = _dedupe(finder(tree, jsonld))
        if authors:
            return authors
    return []


def _organisation_author(tree, jsonld) -> list[Author]:
    """No person anywhere: the organisation the page names as author ("BBC News", an agency)."""
    for obj in article_objects(jsonld):
        value = obj.get("author")
        for org in value if isinstance(value, list) else [value]:
            if isinstance(org, dict) and isinstance(org.get("name"), str) and org["name"].strip():
                return [Author(" ".join(org["name"].split()))]
    return []


def _from_jsonld(tree, jsonld) -> list[Author]:
    found = []
    for obj in article_objects(jsonld):
        value = obj.get("author") or obj.get("creator")
        for person in value if isinstance(value, list) else [value]:
            found.extend(_person(person))
        if found:
            break
    return found


def _person(person) -> list[Author]:
    if isinstance(person, str):
        return [a for a in (parse_byline(p) for p in split_names(person)) if a]
    if not isinstance(person, dict):
        return []
    if types_of(person) & {"organization", "newsmediaorganization"}:
        return []
    name = person.get("name")
    if isinstance(name, list):
        name = name[0] if name else None
    if not isinstance(name, str):
        return []
    role = person.get("jobTitle")
    if isinstance(role, list):
        role = ", ".join(str(r) for r in role)
    authors = [a for a in (parse_byline(n) for n in split_names(name)) if a]
    if role and len(authors) == 1:
        authors[0].role = " ".join(str(role).split())
    return authors


def _from_meta(tree, _jsonld) -> list[Author]:
    found = []
    for value in meta_values(tree, "author", "article:author", "articleauthor", "dc.creator", "parsely-author", "sailthru.author"):
        if value.startswith(("http://", "https://", "/")):
            continue
        found.extend(a for a in (parse_byline(n) for n in split_names(value)) if a)
    return found


def _from_byline(tree, _jsonld) -> list[Author]:
    for el in tree.xpath(_BYLINE_XPATH):
        text = text_of(el)
        if not text or len(text) > 120:
            continue
        role = _role_beside(el)
        authors = [a for a in (parse_byline(n) for n in split_names(_strip_prefix(text))) if a]
        if authors:
            if role and len(authors) == 1 and not authors[0].role:
                authors[0].role = role
            return authors
    return []


def _from_byline_text(tree, _jsonld) -> list[Author]:
    """A short line that reads as a byline ("by Lena Fischer Senior Business Reporter", "Por A y B")."""
    prefixes = tuple(p for p in _vocab()["byline_prefixes"] if not p.endswith(":"))
    body = tree.find("body")
    if body is None:
        return []
    for el in body.iter("p", "div", "span", "address", "li", "small"):
        text = text_of(el)
        if not (4 < len(text) <= 100) or len(el) > 4:
            continue
        low = text.lower()
        prefix = next((p for p in prefixes if low.startswith(p + " ")), None)
        if prefix is None or not text[len(prefix) + 1:][:1].isupper():
            continue
        if any(a.tag in ("nav", "footer", "aside", "a", "figcaption", "blockquote") for a in el.iterancestors()):
            continue
        authors = [a for a in (parse_byline(n) for n in split_names(text)) if a]
        if authors and all(len(a.name.split()) >= 2 for a in authors):
            return authors
    return []


def _from_labels(tree, _jsonld) -> list[Author]:
    for value in labelled_values(tree, "author"):
        authors = [a for a in (parse_byline(n) for n in split_names(value)) if a]
        if authors:
            return authors
    return []


def _role_beside(el) -> str | None:
    for sib in list(el.itersiblings())[:3] + list(el.itersiblings(preceding=True))[:1]:
        cls = (sib.get("class") or "").lower()
        if any(c in cls for c in _ROLE_SIBLING_CLASSES):
            return text_of(sib) or None
    return None


def split_names(text: str) -> list[str]:
    """'A, B & C' -> three names; a piece made only of role words stays with the name before it."""
    pieces = [p.strip() for p in _SPLIT.split(_strip_prefix(text)) if p and p.strip()]
    pieces = [part for piece in pieces for part in _split_conjunction(piece)]
    names: list[str] = []
    for piece in pieces:
        if names and _is_role(piece):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def _split_conjunction(piece: str) -> list[str]:
    """'Jane Doe and John Roe' -> two people; 'Le Figaro et AFP' stays one credit (not two full names)."""
    parts = [p.strip() for p in _CONJUNCTION.split(piece) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [piece]


def _is_role(text: str) -> bool:
    """'Senior Reporter', 'Climate Correspondent', 'corresponsal en Caracas': a job title, not a name."""
    words = text.lower().split()
    nouns = set(_vocab()["role_nouns"])
    return 0 < len(words) <= 6 and (words[0] in nouns or words[0] in _vocab()["role_words"] or
                                      (len(words) <= 4 and words[-1] in nouns))


def _strip_prefix(text: str) -> str:
    text = " ".join(text.split())
    low = text.lower()
    for prefix in sorted(_vocab()["byline_prefixes"], key=len, reverse=True):
        if low == prefix.rstrip(":"):
            return ""
        if low.startswith(prefix + " ") or (prefix.endswith(":") and low.startswith(prefix)):
            return text[len(prefix):].strip(" :")
    return text


def parse_byline(text: str) -> Author | None:
    """'James Carter Senior News Editor' -> Author('James Carter', 'Senior News Editor')."""
    text = _strip_prefix(text).strip(" ,;|-–—·")
    if not text or _WEBBY.search(text) or any(ch.isdigit() for ch in text):
        return None
    name, role = _split_role(text)
    if not name or name.lower() in _vocab()["not_a_person"] or len(name.split()) > 5:
        return None
    if (name.isupper() and len(name) > 4) or (name.islower() and " " in name):
        name = name.title()  # "AFP" stays an acronym, "kesm" stays a set of initials
    return Author(name=name, role=role)


def _split_role(text: str) -> tuple[str, str | None]:
    for sep in (" | ", ", ", " – ", " — ", " - "):
        if sep in text:
            name, _, role = text.partition(sep)
            return name.strip(), role.strip() or None
    words = text.split()
    if any(w.lower() in _COLLECTIVE for w in words):
        return text, None  # "Guardian staff reporter" credits a newsroom, not a person with a role
    for i in range(2, len(words)):
        if _is_role(" ".join(words[i:])) and any(w.lower() in _vocab()["role_nouns"] for w in words[i:]):
            return " ".join(words[:i]), " ".join(words[i:])
    return text, None


def _dedupe(authors: list[Author]) -> list[Author]:
    seen, out = set(), []
    for a in authors:
        key = normalise_name(a.name)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def normalise_name(name: str) -> str:
    """The key one person has across articles: case-folded, single spaces."""
    return " ".join(name.casefold().split())
