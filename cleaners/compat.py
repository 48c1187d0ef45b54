"""What the cleaners rely on in trafilatura and jusText beyond their documented API, in one place.

Each helper names the internal it uses and the versions it was checked against. An upgrade that moves
one fails at import here or in tests/test_compat.py, not as quietly different articles.
(Scrapy's and the standard library's internals used by the crawl are in crawler/compat.py.)
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from array import array
from bisect import bisect_left
from importlib.metadata import version

import justext.core
import trafilatura
import trafilatura.external
from justext import get_stoplist, get_stoplists
import lxml.html
from lxml import etree
from trafilatura.xml import xmltotxt as _xmltotxt

# The trafilatura minor version the extraction heuristics and their evals were measured with; pyproject.toml
# pins the same (tests/test_compat.py checks that the pin, this and the installed version agree).
TRAFILATURA_MEASURED = (2, 3)
TRAFILATURA_VERSION = tuple(int(p) for p in version("trafilatura").split(".")[:2])
if TRAFILATURA_VERSION != TRAFILATURA_MEASURED:
    raise ImportError(
        f"newsmill's extraction was measured with trafilatura {'.'.join(map(str, TRAFILATURA_MEASURED))}.x, "
        f"found {trafilatura.__version__} (cleaners/compat.py)")


def render_text(body) -> str:
    """trafilatura's own plain-text rendering of an extracted body (line breaks, list bullets, table rows).

    trafilatura.xml.xmltotxt(tree, include_formatting) is not in trafilatura's documented API; checked
    with trafilatura 2.3.1.
    """
    return _xmltotxt(body, False)


def render_markdown(body) -> str:
    """trafilatura's Markdown rendering of the same extracted body (its output_format="markdown" path).

    Same internal as render_text, with formatting: xmltotxt copies the tree before escaping it, so the
    body is left as it was; checked with trafilatura 2.3.1.
    """
    return _xmltotxt(body, True)


class HashedStopWords:
    """jusText's stop-word test over trafilatura's all-language list, held as the sorted hashes of the words.

    trafilatura gives jusText the stop words of all its languages (154,000) for a page whose language it was
    not told. As strings in a set they take about 20 MB in each worker; as 64-bit hashes in an array, 1.2 MB.
    `in` answers as the set would, barring a hash collision between a stop word and another word (odds of
    about 1e-14 a lookup). jusText runs on a few pages in a hundred, so the slower lookup costs little.
    """

    __slots__ = ("_hashes",)

    def __init__(self, words):
        self._hashes = array("q", sorted({hash(word.lower()) for word in words}))

    def __contains__(self, word) -> bool:
        hashes, key = self._hashes, hash(word)
        i = bisect_left(hashes, key)
        return i < len(hashes) and hashes[i] == key

    def __len__(self) -> int:
        return len(self._hashes)


def _all_stop_words() -> HashedStopWords:
    """trafilatura.external.jt_stoplist_init's list, built lazily (the first page jusText runs on)."""
    words = HashedStopWords(word for language in get_stoplists() for word in get_stoplist(language))
    trafilatura.external.JT_STOPLIST = words  # type: ignore[assignment]  # its tuple, in a compact form
    return words


def compact_justext_stop_words() -> None:
    """trafilatura's all-language stop words as HashedStopWords, and jusText taking them as they are.

    trafilatura.external.try_justext reads the module globals JT_STOPLIST and jt_stoplist_init;
    justext.core.classify_paragraphs passes its stop words through the module global define_stoplist
    (which would copy them into a lowercased set). Neither is documented API: checked with trafilatura 2.3.1
    and jusText 3.0.2. Idempotent.
    """
    define = getattr(justext.core, "define_stoplist", None)
    if define is None or getattr(define, "takes_hashed", False):
        return

    @functools.lru_cache(maxsize=128)
    def define_stoplist(stoplist):
        return stoplist if isinstance(stoplist, HashedStopWords) else define(stoplist)

    define_stoplist.takes_hashed = True
    justext.core.define_stoplist = define_stoplist
    trafilatura.external.jt_stoplist_init = _all_stop_words  # type: ignore[assignment]
    if trafilatura.external.JT_STOPLIST is not None:
        _all_stop_words()


def linear_justext_revision() -> None:
    """jusText's context-sensitive pass (justext.core.revise_paragraph_classification) in linear time.

    For each 'short' paragraph jusText looks for the nearest good or bad paragraph on each side
    (_get_neighbour), scanning the whole run of short ones every time: a page of 10,000 accordion items
    spent 10 s there, 20,000 spent 36 s (bare trafilatura the same). Here those neighbours come from one
    pass each way over a snapshot of the classes (that step reads the classes and changes none until it
    ends); the other steps are jusText's, whose scans are bounded by max_heading_distance characters or by
    runs of 'neargood' headings. tests/test_compat.py checks the result against jusText's own function on
    random paragraph sequences. trafilatura.external imports the function by name, so both names are
    replaced. Not documented API: checked with jusText 3.0.2 and trafilatura 2.3.1. Idempotent.
    """
    current = trafilatura.external.revise_paragraph_classification
    if getattr(current, "linear", False):
        return
    justext.core.revise_paragraph_classification = _revise_paragraph_classification
    trafilatura.external.revise_paragraph_classification = _revise_paragraph_classification


JUSTEXT_REVISE = justext.core.revise_paragraph_classification  # jusText's own, for the equivalence test


def _neighbour_classes(classes: list[str], ignore_neargood: bool) -> tuple[list[str], list[str]]:
    """justext.core.get_prev_neighbour and get_next_neighbour for every index at once."""
    def stops(c: str) -> bool:
        return c in justext.core.GOOD_OR_BAD or (c == "neargood" and not ignore_neargood)

    before, last = [], "bad"
    for c in classes:
        before.append(last)
        last = c if stops(c) else last
    after, last = [], "bad"
    for c in reversed(classes):
        after.append(last)
        last = c if stops(c) else last
    after.reverse()
    return before, after


def _revise_paragraph_classification(paragraphs, max_heading_distance=justext.core.MAX_HEADING_DISTANCE_DEFAULT):
    get_prev, get_next = justext.core.get_prev_neighbour, justext.core.get_next_neighbour

    def good_within_reach(i: int) -> bool:  # a good paragraph at most max_heading_distance characters on
        distance, j = 0, i + 1
        while j < len(paragraphs) and distance <= max_heading_distance:
            if paragraphs[j].class_type == "good":
                return True
            distance += len(paragraphs[j].text)
            j += 1
        return False

    for i, paragraph in enumerate(paragraphs):  # short headings just before good text: neargood
        paragraph.class_type = paragraph.cf_class
        if paragraph.heading and paragraph.class_type == "short" and good_within_reach(i):
            paragraph.class_type = "neargood"

    classes = [p.class_type for p in paragraphs]
    prev_sure, next_sure = _neighbour_classes(classes, ignore_neargood=True)
    prev_any, next_any = _neighbour_classes(classes, ignore_neargood=False)
    for i, c in enumerate(classes):  # short ones take their neighbours' class, read before any changes
        if c != "short":
            continue
        before, after = prev_sure[i], next_sure[i]
        if before == after:
            paragraphs[i].class_type = before
        else:
            near_good = (before == "bad" and prev_any[i] == "neargood") or (after == "bad" and next_any[i] == "neargood")
            paragraphs[i].class_type = "good" if near_good else "bad"

    for i, paragraph in enumerate(paragraphs):
        if paragraph.class_type == "neargood":
            both_bad = get_prev(i, paragraphs, ignore_neargood=True) == get_next(i, paragraphs, ignore_neargood=True) == "bad"
            paragraph.class_type = "bad" if both_bad else "good"

    for i, paragraph in enumerate(paragraphs):  # headings that were not bad by themselves, before good text
        if paragraph.heading and paragraph.class_type == "bad" and paragraph.cf_class != "bad" and good_within_reach(i):
            paragraph.class_type = "good"


_revise_paragraph_classification.linear = True


def skip_readability_that_cannot_win() -> None:
    """trafilatura's full mode runs readability on each page but keeps its result only when trafilatura's own
    text is empty or has no paragraph text or more tables than paragraphs, or (in its default focus) when
    readability's text is over twice as long (trafilatura.external._prefer_readability; also its recall rules,
    left alone here). Readability's text is the page's own text outside script and style ("VIDEO" stands in
    for a video's iframe). Where that whole text is at most twice trafilatura's, readability gets an empty
    page instead, which it answers at once: the same choice, the same article, a readability run saved.

    trafilatura.core.compare_extraction is replaced by a wrapper (not documented API; checked with
    trafilatura 2.3.1). Idempotent.
    """
    import trafilatura.core

    original = trafilatura.core.compare_extraction
    if getattr(original, "skips_readability", False):
        return

    def compare_extraction(cleaned_tree, raw_tree, body, text, options):
        if options.focus != "recall" and text and _readability_cannot_win(raw_tree, body, len(text)):
            raw_tree = lxml.html.Element("div")
        return original(cleaned_tree, raw_tree, body, text, options)

    compare_extraction.skips_readability = True
    compare_extraction.__wrapped__ = original  # bare trafilatura, for measuring it as it ships (bench/run.py)
    trafilatura.core.compare_extraction = compare_extraction


_ESCALATION: contextvars.ContextVar[dict | None] = contextvars.ContextVar("escalation", default=None)


def trace_escalation() -> None:
    """Let escalation_trace() see what trafilatura's recall escalation replaced.

    trafilatura.core.trafilatura_sequence retries a short extraction that covers little of the page (its
    stage 4) in recall mode (core._recall_retry) and with jusText (core.justext_rescue, which core calls
    there only), and keeps a longer result; its main pass is the sequence's first core._extract_and_compare.
    These are wrapped to record their results, which they return unchanged (not documented API; checked
    with trafilatura 2.3.1). Idempotent.
    """
    import trafilatura.core as core

    if getattr(core._extract_and_compare, "traced", False):
        return

    def recording(fn, key: str):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            result = fn(*args, **kwargs)
            trace = _ESCALATION.get()
            if trace is not None:
                trace.setdefault(key, []).append(result)
            return result
        wrapper.traced = True
        return wrapper

    core._extract_and_compare = recording(core._extract_and_compare, "main")
    core._recall_retry = recording(core._recall_retry, "escalated")
    core.justext_rescue = recording(core.justext_rescue, "escalated")


@contextlib.contextmanager
def escalation_trace():
    """Within: a dict that replaced_by_escalation() reads for the one extraction run inside."""
    trace: dict = {}
    token = _ESCALATION.set(trace)
    try:
        yield trace
    finally:
        _ESCALATION.reset(token)


def replaced_by_escalation(trace: dict, body):
    """The main pass's body when the extraction's `body` is the escalation's result; else None."""
    if any(body is result[0] for result in trace.get("escalated", ())) and trace.get("main"):
        return trace["main"][0][0]
    return None


# Elements whose content an HTML parser reads as text: readability serialises its result and parses it
# again, so markup inside one could come back as longer text.
_RAW_TEXT_HOLDING_MARKUP = etree.XPath(
    "//*[self::iframe or self::title or self::textarea or self::xmp or self::plaintext or self::noembed"
    " or self::noframes][*]")


def _readability_cannot_win(raw_tree, body, own_chars: int) -> bool:
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    if not isinstance(raw_tree, lxml.html.HtmlElement):
        return False  # a tree from another parser: let readability run as it would
    most = len(raw_tree.text_content())
    for el in raw_tree.iter("script", "style", "fencedframe"):
        most -= len(el.text_content())
    most += len("VIDEO") * sum(1 for _ in raw_tree.iter("iframe"))
    return most <= 2 * own_chars and not _RAW_TEXT_HOLDING_MARKUP(raw_tree)


def htmldate_find_date(tree, languages: tuple[str, ...], **kwargs):
    """htmldate.find_date whose text dates are read in `languages` only, not in all 200 of dateparser's.

    htmldate's extensive search hands text to one cached dateparser.DateDataParser with languages=None,
    which makes dateparser load and try every locale it has (and it gathers month names from all of them):
    about 30 MB a process for a crawl of many languages, and the CPU of trying them.
    htmldate.extractors.get_external_parser and .month_words (not its documented API; checked with
    htmldate 1.11) are replaced, once, by ones that read the languages of the call in progress (a context
    variable: threads and nested calls each see their own); with none given, htmldate's own.
    """
    from htmldate import find_date

    _install_language_hooks()
    token = _HTMLDATE_LANGUAGES.set(tuple(languages))
    try:
        return find_date(tree, **kwargs)
    finally:
        _HTMLDATE_LANGUAGES.reset(token)


_HTMLDATE_LANGUAGES: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("htmldate_languages",
                                                                                      default=())


@functools.lru_cache(maxsize=1)
def _install_language_hooks() -> None:
    from htmldate import extractors

    own_parser, own_months = extractors.get_external_parser, extractors.month_words

    def get_external_parser():
        languages = _HTMLDATE_LANGUAGES.get()
        return _date_parser(languages) if languages else own_parser()

    def month_words():
        languages = _HTMLDATE_LANGUAGES.get()
        return _month_words(languages) if languages else own_months()

    setattr(extractors, "get_external_parser", get_external_parser)  # setattr: mypy knows them as lru caches
    setattr(extractors, "month_words", month_words)


# The settings htmldate 1.11 gives its own parser (htmldate.extractors.get_external_parser).
_HTMLDATE_SETTINGS = {
    "NORMALIZE": True, "PARSERS": ["custom-formats", "absolute-time"], "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True, "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True,
}


@functools.lru_cache(maxsize=32)
def _date_parser(languages: tuple[str, ...]):
    from dateparser import DateDataParser

    return DateDataParser(languages=list(languages), settings=_HTMLDATE_SETTINGS)


@functools.lru_cache(maxsize=32)
def _month_words(languages: tuple[str, ...]) -> frozenset[str]:
    """htmldate.extractors.month_words over the locales of `languages` only."""
    from dateparser.languages.loader import default_loader
    from htmldate import extractors

    return frozenset(
        extractors._fold_month_name(word)
        for locale in default_loader.get_locales(languages=list(languages))
        for key in extractors.MONTH_KEYS
        for word in locale.info.get(key, [])
        if extractors.WORD.fullmatch(word)
    )


# trafilatura.xpaths' name-based pruning lists (not its documented API; checked with trafilatura 2.3.1):
# the raw-tree prune, the comment prune (comments off), the boilerplate vocabulary, the caption prune
# (images off) and the teaser prune.
def _pruning_lists() -> tuple:
    from trafilatura import xpaths

    return tuple(x for name in ("RAW_TREE_PRUNE_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH", "OVERALL_DISCARD_XPATH",
                                "DISCARD_IMAGE_ELEMENTS", "TEASER_DISCARD_XPATH") for x in getattr(xpaths, name))


_PRUNING = _pruning_lists()
_XML_NAME = re.compile(r"[A-Za-z_][\w.-]*")
_AS_TRAFILATURA_TAG = {"ul": "list", "ol": "list", "dl": "list", "li": "item", "dt": "item", "dd": "item"}


@functools.lru_cache(maxsize=1 << 12)
def pruned_by_name(tag: str, attributes: tuple[tuple[str, str], ...]) -> bool:
    """Would trafilatura's name-based pruning delete an element of this tag with these attributes alone
    (class, id, style, role, aria-hidden: its lists test them and nothing of the element's text)?
    Asked of a bare element without children: conditions on descendants (an h1 inside) read as absent."""
    wrapper = etree.Element("div")
    # An HTML parser's tag may be no XML name ("o:p" from Word): trafilatura's lists name no such tag.
    name = _AS_TRAFILATURA_TAG.get(tag, tag) if _XML_NAME.fullmatch(tag) else "unnamed"
    etree.SubElement(wrapper, name, dict(attributes))
    return any(expression(wrapper) for expression in _PRUNING)
