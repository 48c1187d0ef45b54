"""Links to follow, read from the page's already-parsed tree."""

from __future__ import annotations

from urllib.parse import urljoin

from .urls import is_crawlable, normalise_url


def extract_links(tree, base_url: str, limit: int = 1000) -> list[str]:
    """Absolute, normalised http(s) links of <a href>, in page order, without duplicates."""
    base = tree.find(".//base")
    if base is not None and base.get("href"):
        base_url = urljoin(base_url, base.get("href"))
    seen, out = set(), []
    # RSS/Atom feeds the page announces: discovery follows them like links.
    feeds = tree.xpath('//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]')
    for a in [*feeds, *tree.iter("a")]:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        if "nofollow" in (a.get("rel") or "").lower():
            continue
        try:
            url = normalise_url(urljoin(base_url, href))
        except ValueError:
            continue
        if url not in seen and is_crawlable(url):
            seen.add(url)
            out.append(url)
            if len(out) >= limit:
                break
    return out
