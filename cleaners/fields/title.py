"""The on-page headline, without the site name."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..parse import TYPOGRAPHY, text_of
from .jsonld import article_objects
from .meta import SPACED_COLON, TITLE_SEPARATORS, as_text, host_label, meta_value, page_host, squashed, url_host



def extract_title(tree, jsonld: list[dict], site_name: str | None, url: str | None = None) -> str | None:
    """The story's visible headline, chosen by evidence and stored exactly as the page writes it.

    The h1 of the story (not one in a nav, aside, footer, list item or link, nor the site's name) is
    the headline. Its kicker (overline) goes unless the page's declared titles keep it; when the
    JSON-LD headline and og:title agree on the h1 with a kicker before it, that declared title wins.
    Without a story h1: the declared titles (JSON-LD headline, og:title, <title>) without the site's
    name, an h2 that says the same verbatim. `url`: the page's address, whose host names the site when
    the page states no canonical link or og:url.
    """
    headline, social = as_text(_headline(jsonld)), meta_value(tree, "og:title", "twitter:title")
    document = _document_title(tree)
    declared = [t for t in (headline, social, document) if t]
    agreed = _agreed_headline(headline, social, site_name)
    host = page_host(tree) or url_host(url)
    label = host_label(host)
    h1 = _story_h1(tree, declared, site_name, label)
    if h1 is not None:
        full, bare = text_of(h1), headline_text(h1)
        keys = {_key(d) for d in declared} | {_key(strip_site_name(d, site_name)) for d in declared}
        if headline and _key(headline) in (_key(full), _key(bare)) and headline not in (full, bare):
            return headline  # the same words as the h1: the publisher's declared spelling of them
        named = strip_site_name(full, site_name, guess=False, host=label)
        if named != full and _key(named) in keys and _key(named) in {_key(headline), _key(social)}:
            return named  # "… | Umweltbundesamt" in the h1 as in <title>; og:title says it without
        if _key(full) in keys or _key(bare) not in keys and len(bare) < 3:
            return full
        if _key(bare) in keys:
            return bare
        sure = {_key(d) for d in declared} | {_key(strip_site_name(d, site_name, False, label)) for d in declared}
        part = _declared_part(h1, sure)
        if part:
            return part  # the h1 holds a kicker, subtitle, date or site name besides what the page declares
        for d in (headline, social):
            d = strip_site_name(d, site_name, guess=False) if d else None
            if d and (agreed and _key(d) == _key(agreed) and _kicked(d, bare) or _kicked(bare, d)):
                # "Nach Gaetz-Rückzug: Trump-Anwältin …" declared over the h1 "Trump-Anwältin …", or the
                # h1's unmarked kicker over a declared "Klimavorreiter Oberland?": the declared form
                return d
        return _declared_h2(tree, bare, (headline, social), site_name, label) or bare
    if agreed:
        return agreed
    classed = _named_headline(tree, declared, site_name, label)
    if classed:
        return classed
    home = None
    for candidate in declared:
        if home is None and TITLE_SEPARATORS.search(candidate):
            home = home_names(tree, host)
        # "… | Our Little Lakeside Cottage Diary" where the logo linking home says so: too long for a guess
        named = _without_home_name(candidate, home) if home else candidate
        stripped = strip_site_name(named, site_name, guess=candidate is not headline and named == candidate, host=label)
        stripped = _without_section(_without_site_label(stripped, site_name, label), url)
        if stripped:
            return _kicker_kept(tree, stripped, declared, site_name, label) or _same_h2(tree, stripped) or stripped
    h1s = _h1_texts(tree)
    return h1s[0] if h1s else None


def _without_site_label(title: str, site_name: str | None, label: str) -> str:
    """ "Daily Planet: Council fails to agree budget": the site's name set before the title with a colon."""
    head, colon, rest = title.partition(": ")
    if colon and rest.strip() and len(head.split()) <= 4 and (
            site_name and _key(head) == _key(site_name) or label and _names_host(head, label)):
        return rest.strip()
    return title


def _without_section(title: str, url: str | None) -> str:
    """ "… - Politics" left after the site's name: a last segment the page's address files it under
    (/politics/…) is the section, not the headline."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2 or not url or len(parts[-1].split()) > 3:
        return title
    path = {squashed(_key(p)) for p in urlsplit(url).path.split("/")[:-1]}  # "world-news" and "World News" alike
    if squashed(_key(parts[-1])) in path - {""}:
        return _segments_span(title, parts[:-1])
    return title


def _kicker_kept(tree, title: str, declared: list[str], site_name: str | None, label: str) -> str | None:
    """Another declared title that is `title` with its kicker ("Nutzerbasierte Abrechnung: Musik-Stars …"),
    when a heading on the page shows it so: the page keeps the kicker, so the title does."""
    kicked = [f for f in (strip_site_name(d, site_name, guess=False, host=label) for d in declared)
              if f and _kicked(f, title)]
    if not kicked:
        return None  # the common case: the page's headings are not read
    shown = {_colon_key(t) for t in (*_story_h2s(tree), *_h1_texts(tree))}
    return next((f for f in kicked if _colon_key(f) in shown), None)


def _colon_key(text: str) -> str:
    return SPACED_COLON.sub(":", _key(text))


def _segments(h1) -> list[str]:
    """The h1's text in the pieces its markup and separators make: its own text, each child's, tails."""
    pieces = [h1.text or ""]
    for child in h1:
        if isinstance(child.tag, str):
            pieces.append(child.text_content())
        pieces.append(child.tail or "")
    out = []
    for piece in pieces:
        out.extend(p for p in (" ".join(x.split()) for x in TITLE_SEPARATORS.split(piece)) if p)
    return out


def _declared_part(h1, keys: set[str]) -> str | None:
    """A run of the h1's pieces that a declared title says whole, in the h1's spelling."""
    pieces = _segments(h1)
    if not 1 < len(pieces) <= 12:
        return None
    for size in range(len(pieces) - 1, 0, -1):
        for start in range(len(pieces) - size + 1):
            text = " ".join(pieces[start:start + size])
            if len(text.split()) >= 2 and _key(text) in keys:
                return text
    return None


_KICKER_SEP = re.compile(r"[:|–—-]\s+$")


def _kicked(longer: str, shorter: str) -> bool:
    """longer is shorter with a kicker before it ("Kicker: shorter", "Kicker – shorter")."""
    a, b = _key(longer), _key(shorter)
    return len(b) > 10 and a != b and a.endswith(b) and bool(_KICKER_SEP.search(a[: len(a) - len(b)]))
_NOT_STORY = {"nav", "aside", "footer", "li", "a", "form", "button", "label", "figcaption"}


def _key(text: str | None) -> str:
    """For comparison only: case, quotes, dashes, soft hyphens and spacing folded."""
    return " ".join((text or "").translate(TYPOGRAPHY).casefold().split())


def _story_h1(tree, declared: list[str], site_name: str | None, label: str = ""):
    """The h1 that is the story's headline: outside navigation and lists, not the site's name; among
    several, one the declared titles agree with, else the first inside the article."""
    site = _key(site_name)
    candidates = []
    for h in tree.iter("h1"):
        text = text_of(h)
        if not 3 <= len(text) <= 400 or _key(text) == site:
            continue
        if any(a.tag in _NOT_STORY for a in h.iterancestors()) or _unseen(h):
            continue
        if _links_home(h) or _is_site_segment(text, declared, label) or not any(ch.isalnum() for ch in text):
            continue  # "ICON Magazine" above a story whose <title> ends in "| ICON Magazine": the site's name
        if label and _site_name_h1(text, label) and not any(_key(text) == _key(d) for d in declared):
            continue  # "Bundeskriminalamt (BKA)" on bka.de, "ICON Magazine" on iconmagazine.de
        candidates.append(h)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    for h in candidates:
        if _agrees(text_of(h), declared) or _agrees(headline_text(h), declared):
            return h
    inside = [h for h in candidates if any(a.tag == "article" for a in h.iterancestors())]
    if len(inside) == 1:
        return inside[0]
    stripped = [_key(strip_site_name(d, site_name, False, label)) for d in declared]
    if len(stripped) - len(set(stripped)) >= 1:
        return None  # several h1s, none the title that two declared sources agree on: none is the story's
    for h in candidates:
        if any(a.tag in ("article", "main") for a in h.iterancestors()):
            return h
    return candidates[0]


def _unseen(h) -> bool:
    """A heading for screen readers only (sr-only, visually-hidden, screen-reader-text) or hidden outright:
    not the story's visible headline, whatever its words."""
    style = (h.get("style") or "").replace(" ", "").lower()
    return _HIDDEN.search(h.get("class") or "") is not None or h.get("hidden") is not None \
        or h.get("aria-hidden") == "true" or "display:none" in style


_HEADLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:headline|(?:entry|post|article|story|news)[_-]?title)(?=$|[\s_-])",
                             re.I)


def _named_headline(tree, declared: list[str], site_name: str | None, label: str) -> str | None:
    """With no story h1: the one element whose class names the headline ("entry-title", "itc-headline",
    "news-title"), outside navigation, lists and links, when no declared title is already shown on the page
    (then that one decides). A site's <title> often says only its section ("site | Gaspreise")."""
    found = []
    for el in tree.xpath("//body//*[@class]"):
        if not _HEADLINE_CLASS.search(el.get("class") or "") or el.tag in ("a", "li", "img", "meta", "link"):
            continue
        text = text_of(el)
        if not 10 <= len(text) <= 300 or _key(text) == _key(site_name) or _is_site_segment(text, declared, label):
            continue
        if any(a.tag in _NOT_STORY for a in el.iterancestors()) or next(el.iter("a"), None) is not None:
            continue
        if any(a in found for a in el.iterancestors()):
            continue  # the same headline's inner element
        found.append(el)
    if len(found) != 1:
        return None
    text = text_of(found[0])
    keys = {_key(strip_site_name(d, site_name, False, label)) for d in declared} | {_key(d) for d in declared}
    if _key(text) in keys:
        return None  # a declared title says it: the usual path returns it as the page declares it
    if any(k and _shown_as_heading(tree, k) for k in keys):
        return None
    return text


def _shown_as_heading(tree, key: str) -> bool:
    return any(_key(text_of(h)) == key for h in tree.iter("h2", "h3", "h4", "h5", "h6"))


_HOME = re.compile(r"(?:^|://[^/?#]+)/?(?:index\.\w+)?$")


def _links_home(h1) -> bool:
    """The h1 is one link to the site's home page: the site's logo or name, not a story's headline."""
    links = h1.findall(".//a")
    return len(links) == 1 and _HOME.search((links[0].get("href") or "").strip()) is not None \
        and _key(text_of(links[0])) == _key(text_of(h1))


def _site_name_h1(text: str, label: str) -> bool:
    """A short heading that is the site's name: it names the host as a whole, at its start or end, or
    in two words ("Bundeskriminalamt (BKA)"), not as one word inside a phrase ("Unsere MinusL Joghurts")."""
    words = text.split()
    if len(words) > 4 or not _names_host(text, label):
        return False
    name = squashed(_key(text))
    return len(words) <= 2 or name.startswith(label) or name.endswith(label) or label not in name


def _is_site_segment(text: str, declared: list[str], label: str = "") -> bool:
    """text is a short outer segment of a declared title naming the site: the last ("… | DimidoBlog"), or
    the first when it names the host ("L-Mag - …"). A first segment is usually the headline itself."""
    key = _key(text)
    for d in declared:
        parts = [_key(p) for p in TITLE_SEPARATORS.split(d)]
        if len(parts) < 2 or len(key) >= max(len(p) for p in parts):
            continue
        if key == parts[-1] or key == parts[0] and label and _names_host(text, label):
            return True
    return False


def _names_host(text: str, label: str) -> bool:
    """text names the site whose host label is `label` ("Four Years Remaining" on fouryears.eu)."""
    key = _key(text)
    name, words = squashed(key), [squashed(w) for w in key.split()]
    return bool(name) and (len(label) >= 3 and (label in name or label in words)
                           or len(name) >= 4 and name in label
                           or len(words) > 1 and "".join(w[:1] for w in words) == label)


_GENERIC_SEGMENTS = {"blog archive", "blog archiv", "home", "startseite", "news", "blog", "aktuelles", "archive",
                     "archiv", "accueil", "inicio", "noticias", "nachrichten", "eintrag"}


def _same_h2(tree, title: str) -> str | None:
    """An h2 that says the declared title, in the page's own spelling, or holds it whole ("… – worauf
    wartet die Politik?" beside a <title> cut before the dash): the visible headline of a page without one h1."""
    key = _key(title)
    parts = TITLE_SEPARATORS.split(title)
    # "Villa Galaxy" of "Villa Galaxy - Ferienvilla …", "Mercurial's Journey …" of "Gregory Szorc's Digital Home | …"
    leads = {_key(" - ".join(parts[:n])) for n in range(1, len(parts))} | {_key(" - ".join(parts[n:]))
                                                                              for n in range(1, len(parts))}
    for text in _story_h2s(tree):
        if _key(text) == key or (len(key) > 15 and _key(text).startswith(key)):
            return text
        if _key(text) in leads and len(text.split()) >= 2:
            return text
    return None


def _story_h2s(tree):
    """The text of each h2 outside navigation, lists, links and forms, in document order."""
    for h in tree.iter("h2"):
        text = text_of(h)
        if text and len(text) <= 300 and not any(a.tag in _NOT_STORY for a in h.iterancestors()):
            yield text


def _declared_h2(tree, h1_text: str, strong: tuple, site_name: str | None, label: str) -> str | None:
    """An h2 that is the opening or closing segments of og:title or the JSON-LD headline, on a page whose
    h1 neither of them holds: the section's name in the h1 ("Literatur") over the story's h2 ("30.11. |
    Buch der Woche", og:title "30.11. | Buch der Woche - Nikole …")."""
    strong = tuple(d for d in strong if d)
    if not strong or any(_key(h1_text) in _key(d) for d in strong):
        return None
    splits = [[_key(p) for p in TITLE_SEPARATORS.split(d)] for d in strong]
    for text in _story_h2s(tree):
        if len(text.split()) < 2:
            continue
        if _key(text) == _key(site_name) or label and _names_host(text, label) and len(text.split()) <= 3:
            continue  # the site's name, which declared titles open or close with too
        parts = [_key(p) for p in TITLE_SEPARATORS.split(text)]
        if any(parts == s[:len(parts)] or parts == s[-len(parts):] for s in splits):
            return text
    return None


def declared_titles(tree, jsonld: list[dict]) -> list[str]:
    """The headline the page declares (JSON-LD headline, og:title or twitter:title), as written."""
    return [t for t in (as_text(_headline(jsonld)), meta_value(tree, "og:title", "twitter:title")) if t]


def _headline(jsonld):
    for obj in article_objects(jsonld):
        if obj.get("headline"):
            return obj["headline"]
    return None


def _document_title(tree) -> str | None:
    el = tree.find(".//title")
    return text_of(el) if el is not None else None


_KICKER = re.compile(r"overline|kicker|dachzeile|topline|eyebrow|supertitle|spitzmarke|antetitulo|surtitre|occhiello", re.I)


def _h1_texts(tree) -> list[str]:
    """Each h1's full text, then its text without the kicker when that differs."""
    texts = []
    for h in tree.iter("h1"):
        for text in dict.fromkeys((text_of(h), headline_text(h))):
            if 3 <= len(text) <= 400:
                texts.append(text)
    return texts


def headline_text(h1) -> str:
    """The h1's text without its kicker ("Minderheit in Syrien - …") or hidden separators."""
    parts = [h1.text or ""]
    label = _leading_label(h1)
    for child in h1:
        if isinstance(child.tag, str) and not _is_kicker(child) and child is not label:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split()).lstrip(_LEAD_SEPARATORS)


def _is_kicker(el) -> bool:
    return bool(_KICKER.search(el.get("class", "")) or _HIDDEN.search(el.get("class", ""))) \
        or el.get("aria-hidden") == "true"


_LEAD_SEPARATORS = ":–—-| "  # left between a dropped kicker and the headline ("Kicker: Headline")
_HIDDEN = re.compile(r"(?<![\w-])(?:sr-only|visually-hidden|screen-reader-text|invisible)(?![\w-])", re.I)


def _leading_label(h1):
    """The h1's first child when it is a label set apart before the headline, whatever its class says: an
    element of its own (a <div>, <p>, <small>, or a <span> with a class) of a few words, opening the h1, with
    a headline of three words or more after it that starts anew (a capital, a quote, a separator)."""
    if (h1.text or "").strip():
        return None
    children = [c for c in h1 if isinstance(c.tag, str)]
    if not children:
        return None
    first = children[0]
    if first.tag not in ("div", "p", "small", "span") or first.tag == "span" and not first.get("class"):
        return None
    label = text_of(first)
    rest = " ".join(" ".join([first.tail or ""] + [c.text_content() + " " + (c.tail or "") for c in children[1:]
                                                   if not _HIDDEN.search(c.get("class", ""))]).split())
    rest = rest.lstrip(_LEAD_SEPARATORS)
    if not label or len(label.split()) > 6 or len(rest.split()) < 3:
        return None
    return first if rest[:1].isupper() or rest[:1] in "\"'„“«‚‘" else None


def _matching_h1(tree, declared: list[str]) -> str | None:
    """An h1 that the page's declared titles agree with is the on-page headline."""
    lowered = [d.lower() for d in declared]
    texts = _h1_texts(tree)
    for text in texts:  # exact agreement first: keeps a kicker the page itself puts in its title
        if text.lower() in lowered:
            return text
    for text in texts:
        if _agrees(text, declared):
            return text
    return None


def _agrees(text: str, declared: list[str | None]) -> bool:
    """The same title, or one holding the other (a kicker or a site name around it)."""
    low = text.lower()
    return any(d and ((low == d.lower()) or (len(low) > 15 and low in d.lower()) or (len(d) > 15 and d.lower() in low))
               for d in declared)


def _agreed_headline(headline: str | None, social: str | None, site_name: str | None) -> str | None:
    """The JSON-LD headline when og:title (or twitter:title) says the same, site name aside."""
    if not headline or not social:
        return None
    # Only a segment that is the site's name goes: a headline's own "… – ”kritiskt”" is no site name.
    a, b = strip_site_name(headline, site_name, guess=False), strip_site_name(social, site_name, guess=False)
    return a if a and " ".join(a.lower().split()) == " ".join(b.lower().split()) else None


def strip_site_name(title: str, site_name: str | None, guess: bool = True, host: str = "") -> str:
    """The title without a segment naming the site; with `guess`, also without a short trailing segment
    when no segment is the site's name ("… - World Today News"). `host`: the host's label, so that a
    segment naming it ("… | petri-heil.ch", "Four Years Remaining » Blog Archive » …") goes too."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title.strip()
    if site_name:
        site = site_name.lower()
        kept = [p for p in parts if p.strip().lower() != site]
        if len(kept) < len(parts):
            return " - ".join(kept).strip() if len(kept) > 1 else kept[0].strip()
    if host:
        kept = [p for p in parts if not (_names_host(p, host) and len(p.split()) <= 5)
                and _key(p) not in _GENERIC_SEGMENTS]
        if kept and len(kept) < len(parts):
            return _segments_span(title, kept)
    # Without a known site name, drop a short trailing segment ("… - World Today News").
    if guess and len(parts[-1].split()) <= 4 and len(" ".join(parts[:-1])) > len(parts[-1]):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»｜_－").strip()
    return title.strip()


def home_names(tree, host: str) -> frozenset[str]:
    """What the page calls its site where it links to the site's home page ("/", or this host's root): the
    links' text, title and logo alt."""
    host = host.removeprefix("www.")
    names = set()
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or not _HOME.search(href):
            continue
        if "://" in href and url_host(href).removeprefix("www.") != host:
            continue  # another site's home page: a partner's or a theme maker's link
        for value in (text_of(a), a.get("title"), *(img.get("alt") for img in a.iter("img"))):
            if value and value.strip() and len(value.split()) <= 8:
                names.add(_key(value))
    return frozenset(names - _GENERIC_SEGMENTS)


def _without_home_name(title: str, names: frozenset[str]) -> str:
    """The title without its first or last segment when the page's home links name the site so."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    for kept, gone in ((parts[:-1], parts[-1]), (parts[1:], parts[0])):
        if _key(gone) in names:
            return _segments_span(title, kept)
    return title


def _segments_span(title: str, kept: list[str]) -> str:
    """The title from the first of the kept segments to the last, separators between them as written."""
    if len(kept) == 1:
        return kept[0].strip()
    return title[title.find(kept[0]):title.rfind(kept[-1]) + len(kept[-1])].strip()
