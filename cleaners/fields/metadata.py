"""Language, section, tags, canonical URL, site name, lead image, description."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from ..parse import text_of
from .jsonld import article_objects, first_value, types_of
from .meta import as_text, meta_value, meta_values

# Elements whose class holds "breadcrumb", aria-label is (B|b)readcrumb or itemtype a BreadcrumbList, in
# document order: asked of the three attributes (one pass each), not of every element with five tests.
_BREADCRUMB_XPATH = (
    '//@class[contains(., "breadcrumb")]/.. | //@aria-label[.="breadcrumb" or .="Breadcrumb"]/..'
    ' | //@itemtype[.="https://schema.org/BreadcrumbList" or .="http://schema.org/BreadcrumbList"]/..'
)


def extract_section(tree, jsonld: list[dict], url: str) -> str | None:
    section = as_text(first_value(article_objects(jsonld), "articleSection"))
    section = section or meta_value(tree, "article:section", "section", "parsely-section")
    section = section or _breadcrumb_section(tree, jsonld)
    return " ".join(section.split()) if section else _url_section(url)


def _breadcrumb_section(tree, jsonld) -> str | None:
    for obj in jsonld:
        if "breadcrumblist" in types_of(obj):
            items = obj.get("itemListElement") or []
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


def _url_section(url: str) -> str | None:
    parts = [p for p in urlsplit(url or "").path.split("/") if p]
    if len(parts) >= 2 and parts[0].isalpha() and len(parts[0]) <= 30:
        return parts[0]
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
            return urljoin(url, link.get("href").strip())
    og = meta_value(tree, "og:url")
    return urljoin(url, og) if og else None


def extract_site_name(tree, jsonld: list[dict]) -> str | None:
    name = meta_value(tree, "og:site_name", "application-name")
    if name:
        return name
    for obj in article_objects(jsonld):
        publisher = obj.get("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, dict) and publisher.get("name"):
            return as_text(publisher["name"])
    return None


def extract_image(tree, jsonld: list[dict], url: str) -> str | None:
    image = meta_value(tree, "og:image", "twitter:image")
    if not image:
        value = first_value(article_objects(jsonld), "image")
        if isinstance(value, list):
            value = value[0] if value else None
        image = value.get("url") if isinstance(value, dict) else value
    return urljoin(url, image) if isinstance(image, str) and image else None


def extract_description(tree) -> str | None:
    return meta_value(tree, "description", "og:description", "twitter:description")
