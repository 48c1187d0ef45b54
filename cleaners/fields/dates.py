"""Published and modified dates: structured sources first, then a date the page shows beside its
headline (dateparser, in the page's language, on that short string only), then the URL.

A parsed value is ISO 8601, converted to UTC when the page gives a zone; the page's own text is
kept beside it. Precision is data: a value that states only a day (``2024-03-03``, "3. März 2024",
a local midnight ``T00:00:00+01:00`` that CMSs write for a date) is stored as the ISO date alone
with ``published_precision = 'day'``, never as a fake midnight. A date in the future (past fetch
time plus a day) is refused.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from itertools import islice

from ..compat import htmldate_find_date
from ..parse import text_of
from .datetext import (CJK_DATE, MODIFIED_AFTER, MODIFIED_WORDS, PUBLISHED_AFTER, PUBLISHED_LABEL, STEM_LANGUAGES,
                       VISIBLE, is_month)
from .jsonld import article_objects
from .labels import labelled_values
from .language import declared_language, detect_language
from .meta import as_text, meta_value, meta_values, story_begun

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date",
    "publication_date", "cxenseparse:recs:publishtime",
    "dcterms.issued", "citation_publication_date", "citation_date", "article.published", "published_time",
)
# Generic "date" metas: many CMSs (TYPO3, Drupal, journal platforms) fill them with the day the page was
# generated or last edited. Taken only when the page shows no other date beside its headline.
_WEAK_META = ("date", "dc.date", "dc:date", "dcterms.date")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|\b)")

# ------------------------------------------------------------------ visible dates
_SKIP_TAGS = {"nav", "footer", "aside", "script", "style", "noscript", "template", "select", "option",
              "button", "figcaption", "blockquote"}
# "has-sidebar", "has-double-sidebar", "no-sidebar": a layout modifier on the main column, not a sidebar
_SKIP_CLASS = re.compile(r"comment|footer|(?<!has-)(?<!with-)(?<!no-)(?<!double-)sidebar|related|"
                         r"(?<![a-z])nav(?!i?gation__)|menu|recommend|newsletter|cookie|copyright", re.I)
_SKIP_CLASS_LABELLED = re.compile(r"comment|(?<!has-)(?<!with-)(?<!no-)(?<!double-)sidebar|related|"
                                  r"(?<![a-z])nav(?!i?gation__)|menu|recommend|newsletter|cookie", re.I)
# German puts the verb after the date: "… wurde am 19. Mai 2010 um 23:03 Uhr gepostet und unter … abgelegt".
_PASSIVE_BEFORE = re.compile(r"(?:^|\s)wurde\s+am\s*$", re.I)
_PASSIVE_AFTER = re.compile(r"^[^.!?]{0,30}?\s(?:gepostet|veröffentlicht|publiziert|geschrieben)\b", re.I)
_QUICK = re.compile(r"(?:19|20)\d\d|\d[./]\s?\d")  # what every visible date holds: a year or d.m / m/d
_MAX_TEXT = 90  # characters of the element holding a visible date: a line, not a paragraph
_AFTER_H1 = 150  # elements from an h1 that may still hold its date line
_DATELINE = 20  # elements after the headline in which a paragraph may open with the date
_HINT = re.compile(r"date|time|meta|byline|author|info|publi|posted|datum|fecha|data|zeit|stamp|submitted|"
                   r"created|dateline|header|subline|entry|post-|article__", re.I)


def extract_dates(tree, jsonld: list[dict], url: str, now: datetime | None = None,
                  language: str | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    language = language or declared_language(tree, jsonld)
    # dateparser told no language tries all 200 it knows, and keeps them all loaded (30 MB a process)
    languages = [language] if language else _detected(tree)
    published_raw = _first_raw(tree, jsonld, "datePublished", _PUBLISHED_META, time_class="published")
    modified_raw = _first_raw(tree, jsonld, "dateModified", _MODIFIED_META, time_class="updated")
    weak = None
    if published_raw is None:
        weak = meta_value(tree, *_WEAK_META)
        published_raw = _weak_or_shown(tree, weak, now, languages) if weak else None
    published, precision = parse_date_precision(published_raw, now, languages) if published_raw else (None, None)
    if published is not None and published_raw != weak:
        confirmed = _confirmed(tree, jsonld, published_raw, languages)
        if confirmed != published_raw:
            published_raw = confirmed
            published, precision = parse_date_precision(published_raw, now, languages)
    if published is not None and _UTC_END.search(published_raw or ""):
        published_raw = _local_form(tree, published_raw)
    if published is None:
        for raw in visible_dates(tree):
            published, precision = parse_date_precision(raw, now, languages)
            if published:
                published_raw = raw
                break
    if published is None:
        match = _URL_DATE.search(url or "")
        if match:
            published_raw = match.group(0).strip("/-")
            published, precision = parse_date_precision("-".join(match.groups()), now, languages)
    guessed = published is None
    if guessed:
        published_raw = _htmldate(tree, url, now, languages)
        published, precision = parse_date_precision(published_raw, now, languages) if published_raw else (None, None)
        if published and published[8:10] == "01" and not _states_first(tree, url, published[:10], now, languages):
            published = None
    modified = parse_date(modified_raw, now, languages) if modified_raw else None
    if guessed and published and modified and published[:10] == modified[:10]:
        published = None  # htmldate's one date is the page's stated modification: no publication date is stated
    return {
        "published": published,
        "published_raw": published_raw if published else None,
        "published_precision": precision if published else None,
        "modified": modified,
        "modified_raw": modified_raw if modified else None,
    }


def _weak_or_shown(tree, weak: str, now: datetime, languages) -> str:
    """A generic "date" meta, unless the date shown beside the headline is another day: then that."""
    day = (parse_date(weak, now, languages) or "")[:10]
    shown = [(value, (parse_date(value, now, languages) or "")[:10]) for value in visible_dates(tree)]
    if not day or any(shown_day == day for _, shown_day in shown):
        return weak
    return next((value for value, shown_day in shown if shown_day), weak)


def _confirmed(tree, jsonld, first: str, languages: list[str] | None) -> str:
    """When the page's structured dates disagree on the day (JSON-LD against article:published_time, several
    <time class=published>), the one the date shown beside the headline confirms; else the first."""
    declared = [as_text(obj.get("datePublished")) for obj in article_objects(jsonld)]
    declared = [d for d in declared if d] + meta_values(tree, *_PUBLISHED_META, *_WEAK_META)
    candidates = [first, *declared]
    candidates += [t.get("datetime") for t in tree.xpath('//time[@datetime][contains(@class, "published") or '
                                                          '@itemprop="datePublished"]')[:5]]
    days = {}
    timed = len((first or "").strip()) > 10
    for raw in candidates:
        day = _iso_day(raw)
        if day and (len(raw.strip()) > 10 or not timed):  # a bare day never replaces a stated time
            days.setdefault(day, raw)
    if len(days) < 2:
        return first
    for shown in visible_dates(tree):
        value = _DOTTED.match(shown)
        day = (f"{value.group(3)}-{int(value.group(2)):02d}-{int(value.group(1)):02d}" if value
               else (parse_date(shown, None, languages) or "")[:10])
        if day in days:
            return days[day]
    if first not in declared:
        shown = visible_dates(tree, limit=1)
        if shown:  # only <time> elements, disagreeing, none of them shown by the headline: what is shown
            return shown[0]
    return first


_UTC_END = re.compile(r"(?:Z|[+-]00:?00)\s*$")
_LOCAL_END = re.compile(r"[+-](?!00:?00)[01]\d:?[0-5]\d\s*$")


def _local_form(tree, raw: str) -> str:
    """The same instant as `raw` (stated in UTC) where the page also states it at its own offset (a "date"
    meta's "Sat, 19 Oct 2019 00:04:00 +0200", a <time datetime="…-04:00">): that text, whose wall clock
    and day are the publisher's. The instant stored does not change; the raw text tells the local day."""
    instant = _parse_iso(raw)
    if instant is None or instant.tzinfo is None:
        return raw
    values = [v for v in tree.xpath("//head/meta/@content")[:200] if _LOCAL_END.search(v) and _QUICK.search(v)]
    values += [v for v in tree.xpath("//time/@datetime")[:20] if _LOCAL_END.search(v)]
    for value in values:
        stated = _parse_iso(value) or _parse_rfc2822(value)
        if stated is not None and stated.tzinfo is not None and abs((stated - instant).total_seconds()) < 60:
            return value.strip()
    return raw


def _parse_rfc2822(raw: str) -> datetime | None:
    try:
        return parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None


def _iso_day(raw: str | None) -> str | None:
    """The day an ISO value states, as written (before any conversion to UTC)."""
    match = re.match(r"^\s*(\d{4}-\d{2}-\d{2})", raw or "")
    return match.group(1) if match else None


def _htmldate(tree, url: str, now: datetime, languages: list[str] | None) -> str | None:
    """Last resort, on a page that states no date we could read: htmldate's extensive search (markup and
    text patterns, on a copy of the tree; about 1 ms CPU on an average page, tens of ms on a page without
    any date markup, which is why it runs only here). Its value is the raw text we keep."""
    try:
        return htmldate_find_date(tree, _with_english(languages), url=url, extensive_search=True, original_date=True,
                         max_date=now.astimezone(timezone.utc).strftime("%Y-%m-%d"))
    except Exception:  # htmldate raises on odd trees; a date is optional
        return None


def _states_first(tree, url: str, day: str, now: datetime, languages: list[str] | None) -> bool:
    """Whether the page states `day`, a 1st of the month from htmldate: it gives January 1st for a year alone
    ("© 2016" in the footer) and the 1st for a month alone, days the page does not state."""
    year, month = day[:4], int(day[5:7])
    text = " ".join([url or "", *tree.xpath("//@content | //@datetime"),
                     *tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")])
    numeric = (rf"(?<!\d){year}[-/.]0?{month}[-/.]0?1(?!\d)|(?<!\d)0?1[./-]\s?0?{month}[./-]\s?{year}(?!\d)|"
               rf"(?<!\d)0?{month}/0?1/{year}(?!\d)")
    if re.search(numeric, text):
        return True
    worded = rf"(?<!\d)0?1(?:\.|st|er|º)?\s+(?:de\s+)?[^\W\d_]{{3,12}}\.?,?\s+(?:de\s+)?{year}|" \
             rf"[^\W\d_]{{3,12}}\.?\s+0?1(?:st)?,?\s+{year}"
    return any((parse_date(m.group(0), now, languages) or "")[:10] == day for m in re.finditer(worded, text))


def _detected(tree) -> list[str] | None:
    """The language of the page's text, for a page that declares none."""
    code = detect_language(text_of(tree)[:5000])
    return [code] if code else None


def _with_english(languages: list[str] | None) -> tuple[str, ...]:
    """The page's language and English (a page may quote an English date); () when it states none."""
    return tuple(dict.fromkeys([*languages, "en"])) if languages else ()


def _first_raw(tree, jsonld, ld_key: str, meta_keys, time_class: str) -> str | None:
    for obj in article_objects(jsonld):
        value = as_text(obj.get(ld_key))
        if value:
            return value
    value = meta_value(tree, *meta_keys)
    if value:
        return value
    times = tree.xpath(f'//time[@datetime][contains(@class, "{time_class}") or @itemprop="{ld_key}"]')
    named = bool(times)
    times = times or (tree.xpath("//article//time[@datetime]") if time_class == "published" else [])
    times = [t for t in times if not _in_comments(t)]
    if times and not named:
        times = _before_story(tree, times)
    if times:
        return times[0].get("datetime").strip() or None
    if time_class == "published":
        values = labelled_values(tree, "published", max_len=40)
        if values:
            return values[0]
        times = [t for t in tree.xpath("//body//time[@datetime]")
                 if not any(a.tag in ("a", "nav", "aside", "footer") for a in t.iterancestors())
                 and not _in_comments(t) and not _skipped(t)]
        if times:
            times = _before_story(tree, times)
            return (times[0].get("datetime").strip() or None) if times else None
    return None


def _before_story(tree, times: list) -> list:
    """The <time>s, named for nothing, that come before the story under the headline has begun: one
    after it is a comment's or a teaser's when no class says so (hashed names, a theme's own words)."""
    h1 = next(tree.iter("h1"), None)
    begun = story_begun(h1) if h1 is not None else None
    if begun is None:
        return times
    wanted = {id(t) for t in times}
    kept = []
    for el in tree.iter():
        if el is begun:
            break
        if id(el) in wanted:
            kept.append(el)
    return kept


_COMMENTS = re.compile(r"(?<![a-z])comment(?!s?-(?:count|link|number))", re.I)


def _in_comments(el) -> bool:
    """Inside a reader comment (WordPress writes each as an <article class="comment-body"> with its own <time>)."""
    return any(_COMMENTS.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in el.iterancestors())


def visible_dates(tree, limit: int = 3) -> list[str]:
    """Dates the page shows as a short line near a headline ("14.01.2022 um 09:25", "| 30 septembre 2018",
    "Published Mar 3, 2024 7:15 PM EST") or at the start of the paragraph after it (a dateline), best
    first: a date its line labels as published ("Veröffentlicht am …"), then a line named as metadata
    (date, time, meta, byline, …; not a link in a list of links) before one that is not, then the
    nearest to an h1 (one before an h1 counts double the distance). Dates in an <article> other than the
    headline's are left out. Only the matched date (with its time and zone, or the datetime of the <time>
    element showing it) is returned, so dateparser parses a few characters.
    """
    body = tree.find("body")
    if body is None:
        return []
    found: list[tuple[tuple[bool, bool, int, str, bool], object]] = []
    h1s: list[int] = []
    index = 0
    for el in body.iter():
        index += 1
        if el.tag == "h1":
            h1s.append(index)
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            if text and owner is not None and _QUICK.search(text):
                found.extend((c, owner) for c in _candidate(text, owner, index))
    # When the headline is inside an <article>, a date in an <article> without one is another story's
    # (a teaser, the next story in a list).
    headed = {a for h1 in body.iter("h1") for a in h1.iterancestors("article")}
    if headed:
        found = [(c, owner) for c, owner in found if _story(owner) in headed or _story(owner) is None]

    ranked = []
    for (labelled, hinted, at, value, short), owner in found:
        if hinted and not labelled and _in_link_list(owner):
            hinted = False  # a date on a link in a list of links is another document's
        if not h1s:
            ranked.append(((not labelled, not hinted, at), value))
            continue
        distance = min(at - h if at > h else 2 * (h - at) for h in h1s)
        if distance <= (_AFTER_H1 if short or labelled else _DATELINE):
            ranked.append(((not labelled, not hinted, distance), value))
    ranked.sort(key=lambda c: c[0])
    return list(dict.fromkeys(v for _, v in ranked))[:limit]


def _in_link_list(el) -> bool:
    """el is a link (or inside one) in an item of a list of three or more items."""
    link = el if el.tag == "a" else next(el.iterancestors("a"), None)
    item = next(link.iterancestors("li"), None) if link is not None else None
    return item is not None and item.getparent() is not None and len(item.getparent()) >= 3


def _story(el):
    """The nearest <article> holding el, or None."""
    return next(el.iterancestors("article"), None) if el.tag != "article" else el


def _candidate(text: str, owner, index: int) -> list[tuple[bool, bool, int, str, bool]]:
    """(labelled as the publication date, named as metadata, position, the date's text, on a short line)
    for each date in text (up to three: "Updated 6 Oct 2023 · Published 5 Oct 2023" holds two). A date its
    own line labels as published ("Erschienen am: 01.11.2023" after a "Letzte Änderung" line) counts
    wherever the line sits, even in a box whose class says footer."""
    if not isinstance(owner.tag, str):
        return []
    found = []
    whole = hinted = None
    for match in islice(VISIBLE.finditer(text), 3):
        if not is_month(match):
            continue
        labelled = bool(PUBLISHED_LABEL.search(text[: match.start()])) or bool(
            _PASSIVE_BEFORE.search(text[: match.start()]) and _PASSIVE_AFTER.search(text[match.end():])) \
            or bool(PUBLISHED_AFTER.match(text, match.end()))
        if not labelled and MODIFIED_AFTER.match(text, match.end()):
            continue
        if _skipped(owner, _SKIP_CLASS_LABELLED if labelled else _SKIP_CLASS):
            continue
        whole = text_of(owner) if whole is None else whole
        at = whole.find(match.group(0).strip())
        if not labelled and len(whole) > _MAX_TEXT and not 0 <= at <= 30:
            continue
        if not labelled and MODIFIED_WORDS.search(whole[: max(0, at)]):
            continue
        if not labelled and _in_sentence(whole, at, len(match.group(0).strip())):
            continue  # "Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr … statt.": an event's date
        if hinted is None:  # the owner's names, the same for each date in its text
            hinted = any(_HINT.search(f"{n.get('class') or ''} {n.get('id') or ''}")
                         for n in (owner, *list(owner.iterancestors())[:3]))
        value = match.group(0).strip(" ,|·•-–")
        stamp = (owner.get("datetime") or "").strip() if owner.tag == "time" else ""
        if len(stamp) > 10 and _parse_iso(stamp) is not None and text.strip() == whole:
            value = stamp  # the instant the markup gives for the date it shows: its time of day and zone
        found.append((labelled, hinted, index, value, len(whole) <= _MAX_TEXT))
    return found


_WORD = re.compile(r"[^\W\d_]{2,}")


def _in_sentence(line: str, at: int, length: int) -> bool:
    """A date inside a sentence of the story, not on a date line: words before it and after it, and the line
    ending as a sentence ends. A byline's or a label's words before a date end with the date or its time."""
    if at < 0 or not line.rstrip().endswith((".", "!", "?")):
        return False
    before, after = line[:at], line[at + length:]
    return len(_WORD.findall(before)) >= 3 and len(_WORD.findall(after)) >= 3


def _skipped(el, skip_class=_SKIP_CLASS) -> bool:
    for depth, node in enumerate((el, *el.iterancestors())):
        if node.tag in _SKIP_TAGS:
            return True
        if node.tag in ("body", "main", "article") or depth > 6:
            return False
        cls = node.get("class") or ""
        ident = node.get("id") or ""
        if (cls or ident) and skip_class.search(f"{cls} {ident}"):
            return True
    return False


# ------------------------------------------------------------------ parsing

_HAS_TIME = re.compile(r"(?<![\d.:])[0-2]?\d(?::|h|\.(?=\d\d(?![\d.])))[0-5]\d(?![\d.])|\d\s*[AaPp]\.?[Mm]\b|\b(?:ago|vor|hace|il y a|fa|há|sedan|önce|geleden|temu)\b")


def parse_date(raw: str, now: datetime | None = None, languages: list[str] | None = None) -> str | None:
    """ISO 8601 text for raw, in UTC when it carries a zone, the ISO date alone when it states only a day;
    None if unparsable or in the future."""
    return parse_date_precision(raw, now, languages)[0]


def parse_date_precision(raw: str, now: datetime | None = None,
                         languages: list[str] | None = None) -> tuple[str | None, str | None]:
    """(ISO 8601 text, precision): precision 'day', 'minute' or 'second'; (None, None) if unusable."""
    now = now or datetime.now(timezone.utc)
    iso = _parse_iso(raw)
    value = iso or _parse_human(raw, now, languages)
    if value is None:
        return None, None
    if iso is not None:
        day_only = len(raw.strip()) <= 10 or (value.hour == value.minute == value.second == value.microsecond == 0)
    else:
        day_only = not _HAS_TIME.search(_LABEL.sub("", raw.strip()))
    if day_only:
        day = value.date()
        if value.year < 1990 or day > (now.astimezone(timezone.utc) + timedelta(days=1)).date():
            return None, None
        return day.isoformat(), "day"
    if value.tzinfo is not None:
        try:
            value = value.astimezone(timezone.utc)
        except OverflowError:  # year 1 or 9999 pushed past datetime's range by the offset
            return None, None
        if value > now + timedelta(days=1):
            return None, None
    elif value > now.replace(tzinfo=None) + timedelta(days=1):
        return None, None
    if value.year < 1990:
        return None, None
    precision = "second" if value.second or value.microsecond else "minute"
    return value.replace(microsecond=0).isoformat(), precision


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
_H_TIME = re.compile(r"(?<![\w.:])([0-2]?\d)h([0-5]\d)(?!\w)")
# "2:00 a. m.", "10:15 p.\u00a0m.": Spanish style's spaced meridiem after a clock time, which dateparser misses
_MERIDIEM = re.compile(r"(\d[:.]\d\d)\s*([ap])\.\s?m\.", re.I)
_CLOCK_WORD = re.compile(r"\s(?:kl|klo)\.?\s(?=[0-2]?\d[:.][0-5]\d)", re.I)  # sv, no, da, fi
_DOTTED = re.compile(r"^([0-3]?\d)\.\s?([01]?\d)\.\s?((?:19|20)\d\d)$")


def _parse_human(raw: str, now: datetime, languages: list[str] | None) -> datetime | None:
    text = _LABEL.sub("", raw.strip())[:100]  # "Posted: 10/14/2025"
    text = _H_TIME.sub(r"\1:\2", text)  # "a las 22h03", "à 14h30": a clock time dateparser reads
    text = _CLOCK_WORD.sub(" ", text)  # "3 mars 2024 kl. 19.15": the word for o'clock stops dateparser's Swedish
    text = _MERIDIEM.sub(r"\1 \2m", text)
    text = CJK_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    dotted = _DOTTED.match(text)
    if dotted:  # "14.01.2022": day first everywhere it is written with dots; no dateparser needed
        try:
            return datetime(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
        except ValueError:
            return None
    import dateparser  # imported lazily: it costs ~0.3 s and most pages carry ISO dates

    settings = {"RELATIVE_BASE": now.astimezone(timezone.utc).replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        value = _dateparse(dateparser, text, languages, settings)
        digit = re.search(r"\d", text)
        if value is None and digit and digit.start() > 0:  # "Veröffentlicht am 14.10.2025, 11:30 Uhr"
            text = text[digit.start():]
            value = _dateparse(dateparser, text, languages, settings)
        if value is not None and _RELATIVE.search(text):
            return value.replace(tzinfo=timezone.utc)  # "vor 3 Stunden": relative to the fetch time, in UTC
        if value is not None and not _states_year(text, value.year):
            return None  # dateparser fell back on the fetch time: a date the text does not state
        if value is not None and _ZONE_AT_END.search(text):
            # dateparser drops explicit zones when asked for naive values; re-parse keeping them.
            aware = _dateparse(dateparser, text, languages, {**settings, "RETURN_AS_TIMEZONE_AWARE": True})
            return aware or value
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    return value


def _states_year(text: str, year: int) -> bool:
    return bool(re.search(rf"(?<!\d)(?:{year}|{year % 100:02d})(?!\d)", text))


_DATEPARSER_CODES = {"no": "nb"}  # Norwegian pages declare "no"; dateparser knows Bokmål as "nb"


def _dateparse(dateparser, text: str, languages: list[str] | None, settings: dict):
    """dateparser in the page's language, then in those of MONTH_STEMS (a page may quote an English date;
    a template may declare one language and the text be in another). Not in all 200 dateparser knows: a
    string none of them reads would load every one of them, 30 MB a process, for no date."""
    value = None
    languages = [_DATEPARSER_CODES.get(lang, lang) for lang in languages] if languages else languages
    if languages:
        try:
            value = dateparser.parse(text, languages=languages, settings=settings)
        except ValueError:  # a language dateparser does not know
            value = None
    others = [lang for lang in STEM_LANGUAGES if lang not in (languages or ())]
    if value is None and others:
        value = dateparser.parse(text, languages=others, settings=settings)
    return value
