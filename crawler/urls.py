"""URL normalisation and the choice of the key an article is stored under."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium", "at_campaign", "__twitter_impression")
# Session ids make every visit a new URL (a spider trap); they never change the page.
_SESSION_PARAMS = {"sid", "sessionid", "session_id", "phpsessid", "jsessionid", "aspsessionid", "sessid", "cfid",
                   "cftoken"}
_SESSION_PATH_PARAM = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*", re.I)
_SKIP_EXTENSIONS = {
    "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "avif", "mp3", "mp4", "m4a", "wav",
    "ogg", "webm", "mov", "avi", "pdf", "zip", "gz", "tar", "rar", "7z", "exe", "dmg", "apk", "css", "js",
    "json", "woff", "woff2", "ttf", "eot", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv",
}


@lru_cache(maxsize=4096)  # the same navigation links recur on every page of a site (links._resolve caches first)
def normalise_url(url: str) -> str:
    """Drop fragments, credentials, tracking and session parameters, canonicalise the rest (sorted query,
    escaping)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING) and k.lower() not in _SESSION_PARAMS]
    path = _SESSION_PATH_PARAM.sub("", parts.path) or "/"
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()  # user:password@ is never sent nor stored
    cleaned = urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
    return canonicalize_url(cleaned)


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _http_parts(url: str):
    """urlsplit(url) of an http(s) URL Python can read, else None: a page or sitemap may name "http://[::1/x"
    or port 99999, which urlsplit or the port refuse with ValueError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks the range)
    except ValueError:
        return None
    return parts if parts.scheme in ("http", "https") and parts.netloc else None


def well_formed(url: str) -> bool:
    return _http_parts(url) is not None


def start_url_problem(url: str) -> str | None:
    """Why `url` cannot start a crawl (a start URL, sitemap or feed, on the command line or in a sites file),
    or None: http(s), a host name, a port in range, no spaces or control characters."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number in range)
    except ValueError as exc:
        return f"{url!r} is not a valid URL: {exc}"
    if parts.scheme not in ("http", "https"):
        hint = f" (did you mean https://{url}?)" if "://" not in url and not parts.netloc else ""
        return f"{url!r} is not an http:// or https:// URL{hint}"
    host = parts.hostname or ""
    if not host or any(c.isspace() or ord(c) < 32 for c in url) or host.startswith(".") or ".." in host:
        return f"{url!r} has no valid host name"
    return None


def is_crawlable(url: str) -> bool:
    parts = _http_parts(url)
    if parts is None:
        return False
    last = parts.path.rsplit("/", 1)[-1]
    return not ("." in last and last.rsplit(".", 1)[-1].lower() in _SKIP_EXTENSIONS)


def article_key(fetched_url: str, canonical_url: str | None) -> str:
    """The URL an article is stored under: its canonical link when it stays on the same site.

    A canonical link to another host or port is not trusted: a page could otherwise overwrite
    another site's article by claiming its URL. Nor one to the site's home page from an article
    elsewhere (a CMS writing og:url = "/" on every page made all its articles one row), nor one
    longer than a URL the crawl would fetch. Two articles claiming one URL: pipelines/store.py.
    """
    canonical = _http_parts(canonical_url) if canonical_url and len(canonical_url) <= MAX_CANONICAL else None
    fetched = _http_parts(fetched_url)
    if canonical is not None and fetched is not None and is_crawlable(canonical_url) \
            and host_of(canonical_url) == host_of(fetched_url) and canonical.port == fetched.port \
            and ((canonical.path or "/") != "/" or (fetched.path or "/") == "/"):
        return normalise_url(canonical_url)
    return normalise_url(fetched_url)


MAX_CANONICAL = 1024  # URLLENGTH_LIMIT (crawler/settings.py): longer links are not followed either

