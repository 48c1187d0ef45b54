"""Language, section, tags, canonical URL, site name, lead image, description."""

from __future__ import annotations

import re

from ..parse import text_of
from .jsonld import article_objects, first_value, types_of
from .meta import TITLE_SEPARATORS, archived_url, as_text, meta_value, meta_values, split_url, web_url

# Elements whose class holds "breadcrumb", aria-label is (B|b)readcrumb or itemtype a BreadcrumbList, in
# document order: asked of the three attributes (one pass each), not of every element with five tests.
_BREADCRUMB_XPATH = (
    '//@class[contains(., "breadcrumb")]/.. | //@aria-label[.="breadcrumb" or .="Breadcrumb"]/..'
    ' | //@itemtype[.="https://schema.org/BreadcrumbList" or .="http://schema.org/BreadcrumbList"]/..'
)


def extract_section(tree, jsonld: list[dict], url: str) -> str | None:
    """The first of the declared section, the section metas and the breadcrumb's second step that reads as a
    section's name; else the URL's first path segment."""
    for source in (lambda: as_text(first_value(article_objects(jsonld), "articleSection")),
                   lambda: meta_value(tree, "article:section", "section", "parsely-section"),
                   lambda: _breadcrumb_section(tree, jsonld)):
        section = _section_name(source())
        if section:
            return section
    return _url_section(url)


_MAX_SECTION_WORDS = 6  # "Housing and Homelessness", "Wirtschaft & Finanzen": a label, not a headline
# words that name a site's stories as such, and its home page: no section's name
_STORY_WORDS = {"article", "articles", "artikel", "post", "posts", "story", "stories", "content"}
_NOT_A_SECTION = _STORY_WORDS | {"home", "startseite", "inicio", "accueil", "index", "homepage", "start"}


def _section_name(value: str | None) -> str | None:
    """A section's name from a declared value: the first of a comma-joined list of categories ("Brooklyn,
    Government,Housing and Homelessness"); nothing for a headline put there, or the home page's name."""
    if not value:
        return None
    value = " ".join(value.split())
    first = value.split(",")[0].strip() if "," in value else value
    if not first or len(first.split()) > _MAX_SECTION_WORDS or first.lower() in _NOT_A_SECTION:
        return None
    return first


def _breadcrumb_section(tree, jsonld) -> str | None:
    for obj in jsonld:
        if "breadcrumblist" in types_of(obj):
            items = obj.get("itemListElement") or []
            items = items if isinstance(items, list) else [items]  # one item, or a page's odd value
            names = [as_text(i.get("name") or i.get("item")) for i in items if isinstance(i, dict)]
            names = [n for n in names if n and not n.startswith("http")]
            if len(names) >= 2:
                return names[1]
    for crumb in tree.xpath(_BREADCRUMB_XPATH)[:1]:
        links = [text_of(a) for a in crumb.iter("a")]
        links = [t for t in links if t]
        if len(links) >= 2:
            return links[1]
    return None


_LANGUAGE = re.compile(r"[a-z]{2}(?:[-_][a-z]{2})?", re.I)
# path words that hold a site's stories without naming a section
_CONTAINERS = _STORY_WORDS | {"contents", "p", "a", "s", "amp", "www", "index", "html", "shareddocs", "detail",
                              "details", "item", "items", "node", "view", "page", "pages", "doc", "docs", "web", "site",
                              "sites", "home", "public"}


def _url_section(url: str) -> str | None:
    """The first path segment before the story's own that names a section: not a language code ("/de/"),
    not a container word ("/article/", "/SharedDocs/"), not a number or a date; a Wayback copy's path is
    the archived page's."""
    path = split_url(archived_url(url or "")).path
    parts = [p for p in path.split("/") if p][:-1]  # the last is the story's own slug
    for part in parts:
        if _LANGUAGE.fullmatch(part) or part.lower() in _CONTAINERS:
            continue
        return part if re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", part) and len(part) <= 30 else None
    return None


def extract_tags(tree, jsonld: list[dict]) -> list[str]:
    tags = meta_values(tree, "article:tag")
    keywords = first_value(article_objects(jsonld), "keywords")
    if isinstance(keywords, str):
        tags += keywords.split(",")
    elif isinstance(keywords, list):
        tags += [as_text(k) or "" for k in keywords]
    if not tags:
        tags = (meta_value(tree, "keywords", "news_keywords") or "").split(",")
    seen, out = set(), []
    for tag in (" ".join(t.split()) for t in tags):
        if tag and tag.lower() not in seen and len(tag) <= 80:
            seen.add(tag.lower())
            out.append(tag)
    return out


def extract_canonical(tree, url: str) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            return web_url(url, link.get("href"))
    og = meta_value(tree, "og:url")
    return web_url(url, og) if og else None


def extract_site_name(tree, jsonld: list[dict]) -> str | None:
    """og:site_name (or application-name), else the JSON-LD publisher's name. A CMS that fills og:site_name
    with the page's title ("Cup-Vorschau: Beim BSV Stans … - Handball Schweiz") names the site in its last
    segment."""
    name = meta_value(tree, "og:site_name", "application-name")
    publisher = None
    for obj in article_objects(jsonld):
        value = obj.get("publisher")
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and value.get("name"):
            publisher = as_text(value["name"])
            break
    if name and re.match(r"https?://", name):
        name = re.sub(r"^https?://(?:www\.)?", "", name).rstrip("/") or None  # "https://www.fr.de": the host
    if name and len(name.split()) > _MAX_SITE_WORDS:
        parts = TITLE_SEPARATORS.split(name)
        name = parts[-1] if len(parts) > 1 and len(parts[-1].split()) <= _MAX_SITE_WORDS else None
    return name or publisher


_MAX_SITE_WORDS = 8  # "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung" is a site's name


def extract_image(tree, jsonld: list[dict], url: str) -> str | None:
    image = meta_value(tree, "og:image", "twitter:image")
    if not image:
        value = first_value(article_objects(jsonld), "image")
        if isinstance(value, list):
            value = value[0] if value else None
        image = value.get("url") if isinstance(value, dict) else value
    return web_url(url, image) if isinstance(image, str) and image else None


def extract_description(tree) -> str | None:
    return meta_value(tree, "description", "og:description", "twitter:description")
