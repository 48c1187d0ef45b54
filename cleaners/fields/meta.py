"""Small readers for <meta> tags and friends, shared by the field extractors."""

from __future__ import annotations

import math
import re
from urllib.parse import SplitResult, urljoin, urlsplit

from ..parse import text_of
from ..sanitize import unescape_twice

# what separates a title's parts ("Headline | Site", "Site - Section - Headline")
# Spaced as Latin titles write them; East Asian titles write theirs unspaced between wide characters
# ("海岛渡轮调整夏季时刻表_新华网", "…時刻表を変更｜島タイムズ")
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+|\s*｜\s*|(?<=[\u3000-\uffef])[_|\-－](?=[\u3000-\uffef])")
# "Abrechnung : Musik-Stars" on the page, "Abrechnung: Musik-Stars" declared: a kicker's spacing, for comparison
SPACED_COLON = re.compile(r"\s+:")


def meta_values(tree, *keys: str) -> list[str]:
    """Contents of <meta> tags whose property, name or itemprop is one of keys (case-insensitive)."""
    wanted = {k.lower() for k in keys}
    values = []
    for meta in tree.iter("meta"):
        if _key(meta) in wanted:
            content = (meta.get("content") or "").strip()
            if content:
                values.append(content)
    return values


def meta_value(tree, *keys: str) -> str | None:
    """The first matching meta content, in the order of keys (earlier keys win)."""
    found = {}
    wanted = [k.lower() for k in keys]
    for meta in tree.iter("meta"):
        key = _key(meta)
        if key in wanted and key not in found:
            content = clean_text(meta.get("content") or "")
            if content:
                found[key] = content
    for key in wanted:
        if key in found:
            return found[key]
    return None


# Microdata items nested under these properties describe another work or a picture: a cited paper's
# authors and year, a photo's photographer, a comment's writer, not the page's.
_OTHER_WORKS = {"citation", "comment", "image", "photo", "video", "associatedmedia", "thumbnail", "isbasedon",
                "mentions", "workexample", "itemlistelement", "relatedlink", "significantlink", "subjectof"}


def _key(meta) -> str:
    """A <meta>'s property, name or microdata itemprop, lowercased; "" for another work's itemprop."""
    key = meta.get("property") or meta.get("name")
    if key:
        return key.lower()
    key = meta.get("itemprop")
    return key.lower() if key and not other_work(meta) else ""


def other_work(el) -> bool:
    """Is el a property of a microdata item that is itself another work's (a citation, a photo, a comment)?"""
    for node in el.iterancestors():
        if node.get("itemscope") is not None:
            return (node.get("itemprop") or "").lower() in _OTHER_WORKS
    return False


def as_text(value) -> str | None:
    """schema.org values come as str, dict with name/@value, or lists of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    if value is None or isinstance(value, (bool, dict, list)) or isinstance(value, float) and not math.isfinite(value):
        return None  # true, NaN, a nested object: no text the page meant ("True", "nan", "{'name': …}")
    return clean_text(str(value))


def clean_text(text: str) -> str | None:
    """Whitespace collapsed; entities left escaped twice by the CMS ("&#8216;") decoded."""
    text = unescape_twice(text)
    text = " ".join(text.split())
    return text or None


def page_host(tree) -> str:
    """The page's host as its canonical link or og:url gives it ("" when it states neither); an archived
    copy's link names the archived page's host."""
    for el in tree.iter("link", "meta"):
        if (el.get("rel") or "").lower() == "canonical" or (el.get("property") or "").lower() == "og:url":
            value = (el.get("href") or el.get("content") or "").strip()
            if value.startswith(("http://", "https://")):
                return url_host(value)
    return ""


_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(?P<url>.+)$", re.I)


_NO_ADDRESS = SplitResult("", "", "", "", "")


def split_url(url: str | None) -> SplitResult:
    """urlsplit, or an empty address for one Python cannot split ("http://[broken"): a page's bad link costs
    that link, not the page."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return _NO_ADDRESS


def join_url(base: str | None, ref: str) -> str | None:
    """urljoin, or None for an address Python cannot read ("http://[broken/logo.png")."""
    try:
        return urljoin(base or "", ref)
    except ValueError:
        return None


def web_url(base: str | None, ref: str) -> str | None:
    """join_url, kept only as an http(s) address of a link's length: a javascript:, data: or 100 KB value a page
    declares for its image or canonical link is no address to keep."""
    joined = join_url(base, ref.strip())
    if joined and _ONE_SLASH.match(joined):  # "http:/host/x", which browsers read as http://host/x
        joined = joined.replace(":/", "://", 1)
    if not joined or len(joined) > 2048 or not joined[:8].lower().startswith(("http://", "https://")):
        return None
    return joined


_ONE_SLASH = re.compile(r"https?:/(?!/)", re.I)


def archived_url(url: str) -> str:
    """The archived page's URL for a Wayback Machine copy; any other URL as it is."""
    wayback = _WAYBACK.match(url)
    if not wayback:
        return url
    url = wayback.group("url")
    return url if "://" in url else "http://" + url


def url_host(url: str | None) -> str:
    """The host of the page's own URL; of the archived page's URL for a Wayback Machine copy."""
    if not url:
        return ""
    return (split_url(archived_url(url)).hostname or "").lower()


def host_label(host: str) -> str:
    """The name part of a host, letters and digits only: www.petri-heil.ch -> petriheil, x.co.uk -> x."""
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    if len(labels) >= 3 and labels[-2] in ("co", "com", "ac", "org", "net", "gov", "or", "ne"):
        name = labels[-3]
    elif len(labels) >= 2:
        name = labels[-2]
    else:
        name = labels[0] if labels else ""
    return squashed(name)


def squashed(text: str) -> str:
    """Lower-case letters and digits only, as a host label writes a name ("iconmagazine" for "icon magazine")."""
    return re.sub(r"[^0-9a-z]", "", text)



STORY_PARAGRAPH = 150  # characters of a paragraph that is the story's text, not a standfirst's line or a caption


def story_begun(h1):
    """The paragraph at which the story under `h1` has begun: the second long one after it (a standfirst may
    come first). Meta lines (byline, date) sit before it; the story, its end matter and comments after.
    None when no such paragraph follows."""
    after, seen = False, 0
    for el in h1.getroottree().getroot().iter("h1", "p"):
        if el is h1:
            after = True
        elif after and el.tag == "p" and len(text_of(el)) >= STORY_PARAGRAPH:
            seen += 1
            if seen == 2:
                return el
    return None
