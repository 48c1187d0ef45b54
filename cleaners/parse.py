"""Parse a page once with lxml; every cleaner and trafilatura share this tree.

Input hardening lives here, before any cleaner sees the page: bytes are decoded with the charset
that actually fits them (`decode_html`), binary files served as HTML (PDF, images, archives) are
refused with a reason, and nesting deeper than libxml2's limit is flattened instead of cut off.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from lxml import etree, html as lxml_html
from w3lib.encoding import resolve_encoding

from .errors import ExtractionError

# lxml.html picks a Python class per tag (FormElement, InputElement, ...) by calling back into Python
# for every element proxy it creates: about 5,000 calls a page between our code and trafilatura.
# Nothing here uses the form API, so the C-level lookup by node type does the same job.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
)
# Pages are handed to libxml2 as UTF-8, which it reads natively (a str it would convert first).
# huge_tree: lxml otherwise silently drops content nested deeper than 256 levels.
_UTF8_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
    huge_tree=True, encoding="utf-8",
)
_UTF8_PARSER.set_element_class_lookup(_LOOKUP)

# Even with huge_tree libxml2 stops at 2048 levels and drops the rest of the page; deeper
# documents are flattened to this depth first (the text stays, only wrapper tags go).
MAX_DEPTH = 512

_MAGIC = (  # file signatures of what is not HTML, as they start a decoded page
    ("%PDF-", "PDF"), ("\x89PNG", "PNG image"), ("GIF87a", "GIF image"), ("GIF89a", "GIF image"),
    ("\xff\xd8\xff", "JPEG image"), ("\ufffd\ufffd\ufffd", "binary data"), ("PK\x03\x04", "ZIP archive"),
    ("\x1f\x8b", "gzip data"), ("RIFF", "RIFF media"), ("\x00\x00\x00", "binary data"),
    ("OggS", "Ogg media"), ("ID3", "MP3 audio"), ("wOFF", "font"), ("wOF2", "font"),
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>")
# Characters XML (and so lxml's API) refuses: a later `el.text = ...` with one of them raises ValueError.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # _NOT_XML's ASCII part
# Leading whitespace as str.lstrip() sees it (\s is str.isspace()): matched, the page is not copied to strip it.
_LEADING_SPACE = re.compile(r"\s*")
_XML_DECLARATION = re.compile(r"\s*<\?xml")
_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # U+FFFD and control characters other than \t \n \f \r
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a page's bytes.

    Order: a byte-order mark; strict UTF-8 (bytes that decode as UTF-8 almost never are anything
    else, so a wrong "ISO-8859-1" header loses); the charset the server declared, then the page's
    own <meta>, when the bytes decode under it; a page declared UTF-8 with a few bad bytes as UTF-8
    (detection would guess a legacy code page for the whole page); charset detection;
    windows-1252, as browsers do. Labels are read as the HTML standard maps them (w3lib, as Scrapy
    does): "iso-8859-1" and "latin1" mean windows-1252.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:4096])
    labels = [_codec(name) for name in (declared, meta.group(1).decode("ascii", "ignore") if meta else None)]
    for encoding in labels:
        if encoding and encoding != "utf-8":
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    if "utf-8" in labels:
        return data.decode("utf-8", errors="replace"), "utf-8"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # detection is a best effort; a bug there must not cost the page
        best = None
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def _codec(name: str | None) -> str | None:
    """The Python codec for a charset label, as the HTML standard maps labels (None if unknown)."""
    if not name:
        return None
    encoding = resolve_encoding(name.strip().strip("\"'"))
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def binary_kind(page: str) -> str | None:
    """What a decoded page is when it is plainly not text (a PDF, an image, ...), else None."""
    leading = _LEADING_SPACE.match(page)  # always matches (maybe empty)
    start = leading.end() if leading else 0
    head = page[start:start + 16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    sample = page[:4096]
    if "\x00" in sample[:2048]:
        return "binary data"
    if sample:
        odd = len(_ODD.findall(sample))
        if odd > len(sample) * 0.1:
            return "binary data"
    return None


def flatten_nesting(page: str, max_depth: int = MAX_DEPTH) -> str:
    """The page with element tags deeper than max_depth removed (their text kept). A script's or style's
    content is not text: a too-deep one goes whole, and what a kept one holds is not read as tags."""
    out, stack, last, pos = [], [], 0, 0  # stack: (tag name, kept?)
    while (m := _TAG.search(page, pos)) is not None:
        pos = m.end()
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        keep = True
        if closing:
            if any(n == name for n, _ in stack):
                while stack:
                    n, kept = stack.pop()
                    if n == name:
                        keep = kept
                        break
        elif name not in _VOID and not rest.rstrip().endswith("/"):
            keep = len(stack) < max_depth
            if name in _RAW_TEXT:
                end = _raw_text_end(page, name, m.end())
                if not keep:  # the element whole, its closing tag with it
                    out.append(page[last:m.start()])
                    last = pos = end[1]
                    continue
                pos = end[0]  # on to its closing tag
            stack.append((name, keep))
        if not keep:
            out.append(page[last:m.start()])
            last = m.end()
    out.append(page[last:])
    return "".join(out)


_RAW_TEXT = frozenset(("script", "style"))


def _raw_text_end(page: str, name: str, start: int) -> tuple[int, int]:
    """Where a script's or style's content ends (its closing tag's start) and where that tag ends; the
    page's end when it is not closed."""
    close = re.compile(rf"</{name}\b[^>]*>", re.I).search(page, start)
    return (close.start(), close.end()) if close else (len(page), len(page))


def utf8_source(data: bytes, encoding: str, text: str) -> bytes | None:
    """`data` when it is exactly `text` (what decode_html made of it) encoded as UTF-8, which
    parse_html can then hand to libxml2 without encoding the text again; else None.

    That holds when it was read as UTF-8 without a byte-order mark to strip and nothing had to be
    replaced (a lenient decode marks what it replaced with U+FFFD).
    """
    if encoding != "utf-8" or data.startswith(codecs.BOM_UTF8) or "\ufffd" in text:
        return None
    return data


def checked_utf8(data: bytes) -> bytes | None:
    """`data` when decode_html reads it as UTF-8 and html_source would hand libxml2 these very bytes, found
    without decoding the page whole: its text is a str of up to 4 bytes a character (one emoji makes every
    character 4) and widening it to that costs a copy. None: the page takes the text path (decode_html,
    then html_source), as does any page this reading of the bytes cannot vouch for."""
    if data.startswith(_BOM_PREFIXES) or not _is_utf8(data):
        return None
    first = _NOT_ASCII_SPACE.search(data, 0, 1025)
    if first is None or data[first.start()] >= 0x80:
        return None  # empty, long leading space, or a non-ASCII character first (it may be space)
    # What html_source reads of the text itself (binary_kind, the XML declaration) lies in its first 4,096
    # characters and in the 16 after the leading spaces: these bytes hold both, at most 4 a character
    # (the decoder holds back a character cut in two).
    head = codecs.getincrementaldecoder("utf-8")().decode(data[:first.start() + 16_384])
    if binary_kind(head) or _XML_DECLARATION.match(head):
        return None
    if _holds_not_xml(data):
        return None  # html_source removes them from the text
    return data


def _is_utf8(data: bytes) -> bool:
    """data.decode("utf-8") would succeed; decoded a slice at a time, so no str of the whole page is made."""
    decoder, view = codecs.getincrementaldecoder("utf-8")(), memoryview(data)
    try:
        for i in range(0, len(data), _SLICE):
            decoder.decode(view[i:i + _SLICE])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


def _holds_not_xml(data: bytes) -> bool:
    """The UTF-8 `data` holds a character _NOT_XML matches (lone surrogates cannot be valid UTF-8): its
    ASCII ones looked for a slice at a time, so no copy of the whole page is made."""
    return (any(len(chunk.translate(None, _CONTROL_BYTES)) != len(chunk)
                for chunk in (data[i:i + _SLICE] for i in range(0, len(data), _SLICE)))
            or _NONCHARACTERS.search(data) is not None)


_SLICE = 1 << 18
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_NOT_ASCII_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c\x1c-\x1f]")  # str.strip()'s ASCII whitespace
_NONCHARACTERS = re.compile(b"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF in UTF-8 (a regex finds them faster than `in`)


def parse_html(page: str | bytes, utf8: bytes | None = None) -> lxml_html.HtmlElement:
    """Return the document root; raise ExtractionError on empty or non-HTML input.

    `utf8`: utf8_source() of the bytes `page` was decoded from, if any (saves encoding it again).
    """
    if isinstance(page, bytes):
        return parse_source(bytes_source(page)[0])
    return parse_source(html_source(page, utf8))


def bytes_source(data: bytes, declared: str | None = None) -> tuple[bytes, str]:
    """(html_source of a page's bytes, the encoding they were read in): a UTF-8 page is checked on its bytes
    (checked_utf8); another is decoded (decode_html, `declared`: the server's charset) and its text let go
    before the tree is built: up to 4 bytes a character (see html_source)."""
    source = checked_utf8(data)
    if source is not None:
        return source, "utf-8"
    text, encoding = decode_html(data, declared)
    return html_source(text, utf8_source(data, encoding, text)), encoding


def html_source(page: str, utf8: bytes | None = None) -> bytes:
    """The page as the UTF-8 bytes parse_source hands to libxml2 (`utf8` itself when it can be);
    ExtractionError on empty or non-HTML input.

    Split from parse_html so a caller can let go of the text before the tree is built: a str takes up
    to 4 bytes a character (one emoji in a page makes every character 4), the tree comes on top.
    """
    if not page or page.isspace():
        raise ExtractionError("empty page")
    kind = binary_kind(page)
    if kind:
        raise ExtractionError(f"binary content ({kind}), not HTML")
    # lxml refuses str input that carries an XML encoding declaration.
    if _XML_DECLARATION.match(page):
        page = page.split("?>", 1)[-1]
        utf8 = None
    data = _clean_utf8(page, utf8)
    if data is None:
        page = _NOT_XML.sub("", page)  # stray control characters deeper in the page
        data = page.encode("utf-8")
    return data


def parse_source(source: bytes) -> lxml_html.HtmlElement:
    """The document root of html_source's bytes; ExtractionError when libxml2 cannot parse them."""
    parser = _UTF8_PARSER
    root = _parse(source, parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # too deep: libxml2 dropped the rest (the source is the text html_source checked, as UTF-8)
        root = _parse(flatten_nesting(source.decode("utf-8")).encode("utf-8"), parser)
    return root


def _clean_utf8(page: str, utf8: bytes | None = None) -> bytes | None:
    """The page as UTF-8 when it holds nothing _NOT_XML removes (the common case: no regex pass), else None."""
    try:
        data = utf8 if utf8 is not None else page.encode("utf-8")  # fails on lone surrogates
    except UnicodeEncodeError:
        return None
    if _holds_not_xml(data):
        return None
    return data


def _parse(data: bytes, parser) -> lxml_html.HtmlElement:
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, RecursionError, MemoryError) as exc:
        raise ExtractionError(f"unparsable HTML: {type(exc).__name__}: {exc}") from exc
    if root is None:
        raise ExtractionError("unparsable HTML")
    return root


def drop_inert(tree) -> None:
    """Remove scripts (JSON-LD excepted), styles, SVG drawings and <template>s (markup a script copies into
    the page later, never shown as it is), once the structured data is read.

    No reader sees their text, they are most of a page's bytes, and trafilatura drops them too: every
    later step (cleaners, trafilatura's own copies of the tree) then walks a smaller tree, and text
    lengths the cleaners compare are the visible text's.
    """
    for el in list(tree.iter("script", "style", "svg", "template")):
        if el.tag == "script" and "json" in (el.get("type") or "").lower():
            continue
        el.drop_tree()


INLINE_FIXES = ("br", "rt", "rp", "rtc", "rb", "q", "time")  # the elements the four functions below mend


def by_tag(tree, tags: tuple[str, ...] = INLINE_FIXES) -> dict[str, list]:
    """The tree's elements of each tag, in one walk: each walk costs as much as the next (0.2 ms a page)."""
    found: dict[str, list] = {tag: [] for tag in tags}
    for el in tree.iter(*tags):
        found[el.tag].append(el)
    return found


def space_breaks(tree, brs: list | None = None) -> None:
    """A <br> is a line break, so the text after it starts a new word: lxml's text_content() joins
    "Council fails<br>to agree" as "failsto" and a byline "By Jane Doe<br>Senior Reporter" as "Jane DoeSenior".
    Each <br> whose tail does not start with whitespace gets a space there (a space, not a newline: lines stay
    as trafilatura breaks them), so every reader of the tree's text, trafilatura included, sees two words.
    `brs`: the tree's <br>s when the caller has them (by_tag)."""
    for br in tree.iter("br") if brs is None else brs:
        tail = br.tail
        if not tail or not tail[0].isspace():
            br.tail = " " + (tail or "")


def drop_ruby_readings(tree, found: dict[str, list] | None = None) -> None:
    """Keep a ruby annotation's base text and drop its reading (<rt>, <rtc>) and fallback parentheses (<rp>):
    a headline "子<rt>こ</rt>ども" reads 子ども, where text_content() gives "子こども", a word no search for
    子ども finds; trafilatura drops them too. The base's own <rb> is unwrapped: trafilatura, not knowing
    the tag, puts it on a line of its own and breaks the sentence in three."""
    ruby = list(tree.iter("rt", "rp", "rtc", "rb")) if found is None else \
        [el for tag in ("rt", "rp", "rtc", "rb") for el in found[tag]]
    for el in ruby:
        if el.getparent() is None:
            continue
        if el.tag == "rb":
            el.drop_tag()
        else:
            el.drop_tree()


_TEXT_BLOCKS = frozenset(("p", "li", "td", "dd", "h2", "h3", "h4"))


def unwrap_inline_quotes(tree, qs: list | None = None) -> None:
    """Unwrap <q> inside a paragraph, keeping its text: trafilatura reads <q> as a block quote and
    breaks the sentence around it into lines ("„", the quote, "“ sagt BKA-Präsident ...")."""
    for q in list(tree.iter("q")) if qs is None else qs:
        if any(a.tag in _TEXT_BLOCKS for a in q.iterancestors()):
            q.drop_tag()


def unwrap_times_in_sentences(tree, times: list | None = None) -> None:
    """Unwrap a <time> inside running text, keeping its words: trafilatura deletes every <time> with its text
    (a byline's date is not body), so "The vote on <time>3 March</time> was close" lost its date. Running
    text: the paragraph holds a sentence's worth of words besides the date, which a byline or a dateline's
    own line does not."""
    for el in list(tree.iter("time")) if times is None else times:
        block = next((a for a in el.iterancestors() if a.tag in _SENTENCE_BLOCKS), None)
        if block is None:
            continue
        own = len(" ".join(el.itertext()))
        if len(" ".join(block.itertext())) - own >= _SENTENCE_CHARS:
            el.drop_tag()


_SENTENCE_BLOCKS = frozenset(("p", "li", "dd", "blockquote"))
_SENTENCE_CHARS = 60


# What a link tells screen readers and shows no one: "(opens in a new tab)", which WordPress's editor adds to
# every link set to open in a new tab, and its translations
_LINK_HINT = re.compile(
    r"\(?\s*(?:link\s+)?(?:opens?|öffnet|s'ouvre|ouvre|se abre|abre|si apre|apre|opent|otwiera się|öppnas|åbner|åpnes)"
    r"\b.{0,30}?\b(?:tab|window|fenster|onglet|fenêtre|ventana|pestaña|finestra|scheda|venster|tabblad|janela|aba|"
    r"oknie|karcie|fönster|flik|vindue|fane|vindu)\s*\)?\.?", re.I)


def drop_link_hints(tree) -> None:
    """Remove the elements inside links whose whole text is a screen-reader hint that the link opens a new
    window: read as text it lands mid-sentence ("… published its report (opens in a new tab) on Monday")."""
    for a in tree.iter("a"):
        for el in list(a.iterdescendants(etree.Element)):
            text = el.text_content().strip()
            if text and len(text) <= 60 and _LINK_HINT.fullmatch(text):
                el.drop_tree()  # its tail, the link's words after it, stays


_DROP_CAP = re.compile(r"initial|drop-?cap|first-?letter|lettrine|versal", re.I)
# letters that are words of their own in our languages ("A man", "I think", "Y luego", "W domu"): kept apart
_LETTER_WORDS = frozenset("AEIOUYWZVKSÀÁÉÓÅÖ")
_PROSE_OPENING = 40  # characters of the block the letter opens: a paragraph, not a name


def join_drop_caps(tree) -> None:
    """A story's first letter set apart as a drop cap (an element named for it: "initial-letter", "dropcap")
    and written with a space after it ("<span class=initial>N</span> a endlich!"): the space goes, so the
    word is one ("Na endlich!"), unless the letter is a word of its own."""
    for node in tree.xpath("//body//text()[string-length(normalize-space(.)) = 1]"):  # text nodes: cheap
        letter, el = node.strip(), node.getparent()
        if not node.is_text or not letter.isupper() or letter in _LETTER_WORDS or len(el) \
                or not _DROP_CAP.search(el.get("class") or ""):
            continue
        while (up := el.getparent()) is not None and up.text_content().strip() == letter:
            el = up  # the outermost wrapper of the letter alone
        if up is None or len(up.text_content()) < _PROSE_OPENING:
            continue  # an avatar's initial beside a name, not the first letter of a paragraph
        tail, following = el.tail or "", el.getnext()
        if tail.strip():  # the word goes on in the letter's own tail: "N</span> a endlich"
            if tail.lstrip()[:1].islower():
                el.tail = tail.lstrip()
        elif following is not None and following.text_content().lstrip()[:1].islower():
            el.tail = ""  # ... or in the next element: "N</span> <span>a endlich"
            if following.text:
                following.text = following.text.lstrip()


def next_element(el):
    """The next sibling that is an element (comments and processing instructions skipped), or None."""
    sib = el.getnext()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getnext()
    return sib


def previous_element(el):
    """The previous sibling that is an element (comments and processing instructions skipped), or None."""
    sib = el.getprevious()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getprevious()
    return sib


# HTML's phrasing elements: text and inline markup of one line, inside a paragraph or a block of text
INLINE_TAGS = frozenset(("a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em", "font",
                         "i", "img", "ins", "kbd", "mark", "nobr", "q", "s", "samp", "small", "span", "strike",
                         "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"))


def text_of(el) -> str:
    """Visible text of an element with whitespace collapsed."""
    return " ".join(el.text_content().split())


_WORD = re.compile(r"\w+")


def word_key(text: str) -> str:
    """For matching a line across its renderings: its word characters alone, case folded."""
    return "".join(_WORD.findall(text)).casefold()


def isearch(pattern: re.Pattern, text: str) -> re.Match | None:
    """pattern.search(text) for a re.I pattern whose letters are all lowercase: ASCII text (class and id
    names, nearly always) is lowercased and searched without re.I, the same match at the same place (its
    group() in lowercase) several times faster. Other text gets the re.I search."""
    if text.isascii():
        return _case_sensitive(pattern).search(text.lower())
    return pattern.search(text)


@lru_cache(maxsize=64)
def _case_sensitive(pattern: re.Pattern) -> re.Pattern:
    return re.compile(pattern.pattern, pattern.flags & ~re.I)


# Typography a headline and its declared forms differ in: curly or straight quotes and apostrophes
# (primes, backticks, acute accents as apostrophes), dashes and the minus sign, soft hyphens, no-break spaces.
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                            "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                            "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2013": "-", "\u2014": "-",
                            "\u2212": "-", "\u00ad": None, "\u00a0": " "})


def caseless(ch: str) -> bool:
    """A letter of a script without upper and lower case (Chinese, Japanese, Korean, Arabic, Hebrew, …)."""
    return ch.isalpha() and ch.lower() == ch.upper()


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # an e-mail address in a line of text


def folded(text: str | None) -> str:
    """For comparing texts: case folded, whitespace runs as one space."""
    return " ".join((text or "").split()).casefold()


def word_grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """The set of lowercased word n-grams: how repair steps tell whether a text is already present."""
    words = _WORD.findall(text.lower())
    return set(zip(*[words[i:] for i in range(n)]))  # the n-word windows, built in C
