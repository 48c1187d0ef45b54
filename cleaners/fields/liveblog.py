"""Live blogs: a page that is a stream of timestamped updates, read as a list of Updates.

A pure function of the parsed tree and its JSON-LD (no Scrapy, no storage). Sources, first that finds
at least MIN_UPDATES wins:

- schema.org ``LiveBlogPosting`` with ``liveBlogUpdate`` in JSON-LD (headline, articleBody, datePublished,
  @id/url);
- the same in microdata (``itemprop="liveBlogUpdate"`` items, as The Guardian-style block feeds and
  Drupal/WordPress themes write it);
- CMS markup: Automattic's WordPress Liveblog (``.liveblog-entry``, ``#liveblog-entry-N``,
  ``data-timestamp``), Easy Liveblogs (``li.elb-liveblog-post``, ``data-elb-post-id``), and a feed
  container whose children are ``<article>`` elements that each carry a ``<time datetime>``.

Each update gets a stable key: the id the page gives it (element id, data attribute, JSON-LD @id or url)
or, without one, a hash of its time and text, so a re-crawl adds the entries it has not stored yet.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

from newsmill.records import Update

from ..parse import folded
from .dates import parse_date
from .jsonld import types_of

MIN_UPDATES = 2  # one timestamped block is an article with a dateline, not a stream
_MAX_UPDATES = 2000  # hostile pages: a bound on the work, far above any real live blog page


def extract_updates(tree, jsonld: list[dict], now: datetime | None = None) -> tuple[list[Update], list]:
    """(updates, their elements in the tree): newest first as the page lists them. The elements are
    empty for JSON-LD updates unless the markup names the same entries."""
    now = now or datetime.now(timezone.utc)
    if tree.xpath(_MARKUP_HINT):  # most pages have neither: one pass over the tree instead of three
        from_markup = _from_microdata(tree, now) or _from_cms_markup(tree, now)
    else:
        from_markup = _from_article_feed(tree, now)
    from_ld = _from_jsonld(jsonld, now)
    if len(from_ld) >= MIN_UPDATES:
        return from_ld, [el for _, el in from_markup]
    if len(from_markup) >= MIN_UPDATES:
        return [u for u, _ in from_markup], [el for _, el in from_markup]
    return [], []


def body_without_updates(paragraphs: list[str], updates: list[Update], min_chars: int,
                         elements: list | tuple = ()) -> list[str]:
    """The live blog's standing text: the body's paragraphs that are no part of an update (its text, its
    title, any line of its element: time, byline), so that a new entry does not rewrite the body. Too
    little left (a one-line summary): the earliest updates' paragraphs are kept too, until min_chars, as
    those stay put while new ones are added on top."""
    aligned = len(elements) == len(updates)
    pools = []
    for i, update in enumerate(updates):
        lines = [update.text, update.title or ""]
        if aligned:
            lines.append(_text(elements[i]))
        pools.append(_pool(lines))
    extra = _pool([] if aligned else [_text(el) for el in elements])
    owner: list[int | None] = []
    for paragraph in paragraphs:
        key = folded(paragraph.lstrip("-*• "))
        found = next((i for i, pool in enumerate(pools) if _part_of(key, pool)), None)
        if found is None and _part_of(key, extra):
            found = -1
        owner.append(found)
    for i, paragraph in enumerate(paragraphs):  # "09:12" above an entry whose text the page repeats
        if owner[i] is None and _CLOCK.match(paragraph.strip()) and None not in (owner[i + 1:i + 2] or [None]):
            owner[i] = -1
    standing = [p for p, o in zip(paragraphs, owner) if o is None]
    total = sum(len(p) for p in standing)
    if total >= min_chars:
        return standing
    keep: set[int] = set()
    for i in sorted(range(len(updates)), key=lambda i: (updates[i].published or "", -i)):
        if total >= min_chars:
            break
        keep.add(i)
        total += sum(len(p) for p, o in zip(paragraphs, owner) if o == i)
    return [p for p, o in zip(paragraphs, owner) if o is None or o in keep]


_CLOCK = re.compile(r"^\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[A-Z]{2,4})?$", re.I)


def _pool(texts: list[str]) -> tuple[str, set[str]]:
    """An update's text folded whole, and its lines one by one."""
    lines = {folded(line) for text in texts for line in (text or "").split("\n")}
    return folded("\n".join(texts)), lines - {""}


def _part_of(key: str, pool: tuple[str, set[str]]) -> bool:
    """A paragraph is an update's when the update's text holds it whole (short ones: as a whole line)."""
    if not key:
        return False
    return key in pool[0] if len(key) >= 20 else key in pool[1]


def _from_jsonld(objects: list[dict], now) -> list[Update]:
    found: list[Update] = []
    for obj in objects:
        if "liveblogposting" not in types_of(obj):
            continue
        entries = obj.get("liveBlogUpdate")
        entries = entries if isinstance(entries, list) else [entries]
        for entry in entries[:_MAX_UPDATES]:
            if not isinstance(entry, dict):
                continue
            text = _plain(entry.get("articleBody") or entry.get("text") or entry.get("description"))
            title = _plain(entry.get("headline") or entry.get("name"))
            if not (text or title):
                continue
            published = _date(entry.get("datePublished") or entry.get("dateCreated"), now)
            ident = entry.get("@id") or entry.get("url")
            found.append(Update(_key(ident if isinstance(ident, str) else None, published, title, text),
                                published, title or None, text))
    return found


def _from_microdata(tree, now) -> list[tuple[Update, object]]:
    found = []
    for el in tree.xpath('//*[contains(@itemprop, "liveBlogUpdate") and '
                         'contains(concat(" ", normalize-space(@itemprop), " "), " liveBlogUpdate ")]')[:_MAX_UPDATES]:
        title_el = _first(el, './/*[@itemprop="headline"]')
        body_el = _first(el, './/*[@itemprop="articleBody"]')
        if title_el is None:  # a block's own heading outside its articleBody
            title_el = next((h for h in el.xpath('.//*[self::h2 or self::h3 or self::h4]')
                             if body_el is None or body_el not in h.iterancestors()), None)
        time_el = _first(el, './/*[@itemprop="datePublished"]')
        time_el = time_el if time_el is not None else _first(el, ".//time[@datetime]")
        title = _prop_text(title_el)
        text = _text(body_el) if body_el is not None else _text(el, skip=(title_el, time_el))
        raw = _prop_value(time_el) if time_el is not None else None
        ident = el.get("id") or el.get("data-entry-id") or _prop_value(_first(el, './/*[@itemprop="url"]'))
        if text or title:
            published = _date(raw, now)
            found.append((Update(_key(ident, published, title, text), published, title or None, text), el))
    return found


# Automattic Liveblog: the entry text is .liveblog-entry-text (classic) or .liveblog-entry-content (cards).
# Each XPath tests the raw attribute first (a plain substring, cheap), so that the token test, which
# normalizes every element's class, only runs on the few that can match: the same elements either way.
_CMS = (
    ('//*[contains(@class, "liveblog-entry") and '
     'contains(concat(" ", normalize-space(@class), " "), " liveblog-entry ")]',
     ('liveblog-entry-text', 'liveblog-entry-content'), ("data-entry-id", "id")),
    ('//*[contains(@class, "elb-liveblog-post") and '
     'contains(concat(" ", normalize-space(@class), " "), " elb-liveblog-post ")]',
     ('elb-liveblog-post-content',), ("data-elb-post-id", "id")),
)


# The attribute values _from_microdata's and _CMS's XPaths need (each contains() test of theirs on its own);
# without one, both find nothing and _from_cms_markup ends in _from_article_feed.
_MARKUP_HINT = ('//@itemprop[contains(., "liveBlogUpdate")] | '
                '//@class[contains(., "liveblog-entry") or contains(., "elb-liveblog-post")]')


def _from_cms_markup(tree, now) -> list[tuple[Update, object]]:
    for xpath, text_classes, id_attrs in _CMS:
        found = []
        for el in tree.xpath(xpath)[:_MAX_UPDATES]:
            body_el = next((b for c in text_classes for b in el.xpath(
                f'.//*[contains(concat(" ", normalize-space(@class), " "), " {c} ")]')), None)
            title_el = _first(el, './/*[self::h2 or self::h3 or self::h4]')
            if title_el is not None and body_el is not None and body_el in title_el.iterancestors():
                title_el = None
            if title_el is not None and body_el is not None and title_el in body_el.iterdescendants():
                title_el = None
            time_el = _first(el, ".//time[@datetime]")
            raw = time_el.get("datetime") if time_el is not None else _unix(el.get("data-timestamp"))
            title = _text(title_el) if title_el is not None else ""
            text = _text(body_el) if body_el is not None else ""
            ident = next((el.get(a) for a in id_attrs if el.get(a)), None)
            if text or title:
                published = _date(raw, now)
                found.append((Update(_key(ident, published, title, text), published, title or None, text), el))
        if len(found) >= MIN_UPDATES:
            return found
    return _from_article_feed(tree, now)


def _from_article_feed(tree, now) -> list[tuple[Update, object]]:
    """A container that says it is live (class or id with live/ticker, or aria-live) whose <article>
    children each carry a <time datetime> and are no teasers: the largest such run. Teaser lists (related
    stories, most read) look the same but their items' headings link to other pages."""
    best: list[tuple[Update, object]] = []
    for parent in {a.getparent() for a in tree.iter("article") if a.getparent() is not None}:
        items = [a for a in parent if a.tag == "article"]
        if len(items) < 3 or len(items) <= len(best) or not _says_live(parent):
            continue
        found: list[tuple[Update, object]] = []
        for el in items[:_MAX_UPDATES]:
            time_el = _first(el, ".//time[@datetime]")
            if time_el is None or _is_teaser(el):
                found = []
                break
            title_el = _first(el, './/*[self::h2 or self::h3 or self::h4]')
            title = _text(title_el) if title_el is not None else ""
            text = _text(el, skip=(title_el, time_el, *el.xpath(".//header | .//footer")))
            published = _date(time_el.get("datetime"), now)
            found.append((Update(_key(el.get("id"), published, title, text), published, title or None, text), el))
        if len(found) > len(best):
            best = found
    return best


_LIVE = re.compile(r"live|ticker|minute-by-minute|timeline", re.I)


def _says_live(el) -> bool:
    for node in (el, *el.iterancestors()):
        if node.get("aria-live") or _LIVE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def _is_teaser(el) -> bool:
    """An item whose heading is a link to another page, or most of whose text is link text."""
    text = len(" ".join(el.text_content().split()))
    linked = 0
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "?")):
            if a.xpath("ancestor::h2 | ancestor::h3 | ancestor::h4 | .//h2 | .//h3 | .//h4"):
                return True
            linked += len(" ".join(a.text_content().split()))
    return text == 0 or linked > text / 2


def _first(el, xpath: str):
    if el is None:
        return None
    hits = el.xpath(xpath)
    return hits[0] if hits else None


def _prop_value(el) -> str | None:
    if el is None:
        return None
    return el.get("content") or el.get("datetime") or el.get("href") or _text(el) or None


def _prop_text(el) -> str:
    if el is None:
        return ""
    return " ".join((el.get("content") or el.text_content()).split())


def _text(el, skip=()) -> str:
    """Visible text of el as paragraphs (block children one a line), without the elements in skip."""
    skip = {s for s in skip if s is not None}
    parts: list[str] = []
    blocks = {"p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "div", "figcaption", "pre", "tr"}

    def walk(node) -> None:
        if node in skip or not isinstance(node.tag, str) or node.tag in ("script", "style", "button"):
            return
        if node.tag in blocks:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in blocks:
            parts.append("\n")

    walk(el)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _plain(value) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if isinstance(v, str))
    if not isinstance(value, str):
        return ""
    if "<" in value:  # some CMSs put the entry's HTML in articleBody
        from lxml import html as lxml_html

        try:
            return _text(lxml_html.fragment_fromstring(value, create_parent="div"))
        except Exception:  # lxml raises several types on broken fragments; the text is then kept as is
            pass
    return "\n\n".join(" ".join(p.split()) for p in value.split("\n\n") if p.strip())


def _date(raw, now) -> str | None:
    return parse_date(raw, now) if isinstance(raw, str) and raw.strip() else None


def _unix(value: str | None) -> str | None:
    """Automattic Liveblog's data-timestamp: seconds since the epoch, as ISO text."""
    if value and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 11:  # not "²"
        return datetime.fromtimestamp(int(value), timezone.utc).isoformat()
    return None


def _key(ident: str | None, published: str | None, title: str, text: str) -> str:
    if ident and ident.strip():
        return "id:" + ident.strip()[:200]
    digest = hashlib.sha1("\x1f".join((published or "", folded(title), folded(text))).encode()).hexdigest()
    return "h:" + digest[:16]

