"""Property tests: extraction never leaks markup or crashes with anything but ExtractionError,
parse_date never raises, normalise_url is idempotent, the store round-trips text."""

import re
import string
from datetime import datetime, timezone

from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from cleaners import Article, ExtractionError, extract_article
from cleaners.fields.dates import parse_date
from crawler.urls import normalise_url
from pipelines.schema import open_db
from pipelines.store import store_article

URL = "https://news.example.com/world/story/"
NOW = datetime(2025, 10, 20, tzinfo=timezone.utc)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# An HTML tag as it would look if markup leaked into the text.
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:[\s/>]|$)")


def _extract_or_error(html: str):
    try:
        return extract_article(html, URL, now=NOW)
    except ExtractionError:
        return None


# ---------------------------------------------------------------- extract_article on arbitrary text
@FAST
@given(st.text(max_size=400))
@example("<\x7fB<?")  # found by hypothesis: the parser drops "<?", leaving the page's words "<", "B"
def test_extract_arbitrary_text(text):
    # An escaped "&lt;p&gt;" legitimately decodes to "<p>" in the text: only raw input is checked.
    assume("&" not in text)
    # "<" then a character that does not print ("<\x7fB", an unassigned or private-use code point) is text
    # to the parser; trafilatura's text cleaning drops that character (it keeps what isprintable() or
    # isspace()), and the page's own words "<", "B" are left side by side: not markup, only shaped like it.
    dropped = "".join(c for c in text if c.isprintable() or c.isspace())
    # and "<?" opens a processing instruction the parser drops up to the next ">" ("<\x7fB<?": the words "<B")
    assume(not any(TAG.search(t) for t in (dropped, re.sub(r"<\?[^>]*>?", "", dropped))) or TAG.search(text))
    article = _extract_or_error(text)
    if article is not None:
        assert isinstance(article, Article)
        assert not TAG.search(article.body), article.body
        assert article.word_count == len(article.body.split())


@FAST
@given(st.binary(max_size=300))
def test_extract_arbitrary_bytes(data):
    article = _extract_or_error(data)
    assert article is None or isinstance(article, Article)


# ---------------------------------------------------------------- extract_article on random documents
WORDS = st.text(alphabet=string.ascii_letters + string.digits + " .,;:!?'\"-()\u00e9\u00fc\u00f1\u4e2d", min_size=0, max_size=120)
TAGS = ["p", "div", "span", "a", "b", "i", "em", "strong", "h1", "h2", "h3", "ul", "ol", "li", "article", "section",
        "aside", "nav", "header", "footer", "main", "table", "tr", "td", "blockquote", "figure", "figcaption",
        "script", "style", "form", "details", "summary", "time", "br", "img", "ruby", "rb", "rt", "rp", "q"]
ATTRS = st.sampled_from(["", ' class="related"', ' class="share"', ' class="comments"', ' id="onetrust-banner-sdk"',
                         ' class="newsletter"', ' class="breadcrumb"', ' class="paywall"', ' class="entry-content"',
                         ' class="byline"', ' rel="author"', ' href="/x/"', ' datetime="2025-10-14T09:30:00Z"'])
LONG = ("The finance minister survived a tense parliamentary vote on Tuesday evening after a marathon debate "
        "that stretched late into the night and left the coalition visibly strained. ")


def _element(children):
    return st.tuples(st.sampled_from(TAGS), ATTRS, children).map(lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>")


NODES = st.recursive(
    st.one_of(WORDS, st.just(LONG), st.just("<h3>Related</h3>"), st.just("<h2>FAQ</h2>"),
              st.just("<p>Follow us on Twitter.</p>"), st.just("<p>Jane Doe, 01.12.2021</p>"),  # a dated byline
              st.just("<span>Redaktion</span> 1. November 2023 10:29"),
              st.just("<p>A man crosses the bridge. (AP Photo/Jane Doe)</p>")),  # a caption by its credit
    lambda children: _element(st.lists(children, max_size=5)),
    max_leaves=30,
)
HEADS = st.lists(st.sampled_from([
    "<title>Headline - Site</title>",
    '<meta property="og:title" content="Headline">',
    '<meta name="author" content="Jane Doe">',
    '<meta property="article:published_time" content="2025-10-14T09:30:00Z">',
    '<link rel="canonical" href="/world/canonical/">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "A B"}, 3, null]}</script>',
    '<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [{"name": "Q?", '
    '"acceptedAnswer": {"text": "<b>A</b>"}}]}</script>',
    '<script type="application/ld+json">{broken,</script>',
]), max_size=4)


@FAST
@given(HEADS, st.lists(NODES, max_size=6), st.sampled_from(["", ' lang="en-US"', ' lang="??"']))
def test_extract_random_documents(head, nodes, lang):
    html = f"<!DOCTYPE html><html{lang}><head>{''.join(head)}</head><body>{''.join(nodes)}</body></html>"
    article = _extract_or_error(html)
    if article is not None:
        # no text in the generated documents contains "<": any in the body is leaked markup
        assert "<" not in article.body, article.body
        for faq in article.faqs:
            assert not TAG.search(faq.question) and not TAG.search(faq.answer)
        assert all(isinstance(n, int) and n > 0 for n in article.removed.values())


# ---------------------------------------------------------------- bylines
_BYLINE_PIECES = st.sampled_from(["By", "Von", "Por", "Tekst:", "and", "und", "y", ",", ";", "|", "·", "—", "(", ")",
                                  "Jane", "Doe", "PhD", "Jr.", "Senior", "Reporter", "dpa", "utrikesreporter", "3",
                                  "März", "2024,", "19:15", "Uhr", "&", "Foto:", "The", "Post", " ", "\u00ad"])


@FAST
@given(st.one_of(st.text(max_size=120), st.lists(_BYLINE_PIECES, max_size=14).map(" ".join)))
def test_a_byline_line_never_raises_and_names_no_digit(line):
    from cleaners.fields.authors import parse_byline_line

    for author in parse_byline_line(line):
        assert author.name.strip() and not any(ch.isdigit() for ch in author.name), author
        assert "\n" not in author.name and "\u00ad" not in author.name


# ---------------------------------------------------------------- parse_date
@FAST
@given(st.text(max_size=60))
def test_parse_date_never_raises_on_text(raw):
    value = parse_date(raw, now=NOW)
    assert value is None or isinstance(value, str)


@FAST
@example("0001-01-01T00:00:00+01:00")
@given(st.builds(lambda dt, zone: dt.isoformat() + zone, st.datetimes(),
                 st.sampled_from(["", "Z", "+01:00", "-01:00", "+14:00", "-1200"])))
def test_parse_date_never_raises_on_iso_like_text(raw):
    value = parse_date(raw, now=NOW)
    assert value is None or isinstance(value, str)


@FAST
@given(st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2025, 10, 19)),
       st.sampled_from(["", "Z", "+02:00", "-0530", "+00:00"]))
def test_parse_date_iso_roundtrip(dt, zone):
    raw = dt.replace(microsecond=0).isoformat() + zone
    value = parse_date(raw, now=NOW)
    assert value is not None
    if dt.time().replace(microsecond=0) == datetime.min.time():
        # An exact midnight is how CMSs write a date without a time: stored as the day, no fake midnight.
        assert value == dt.date().isoformat()
        return
    parsed = datetime.fromisoformat(value)
    assert (parsed.tzinfo is None) == (zone == "")
    if zone in ("Z", "+00:00"):
        assert parsed.replace(tzinfo=None) == dt.replace(microsecond=0)


# ---------------------------------------------------------------- normalise_url
HOST = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z]{2,6}){1,2}", fullmatch=True)
SEGMENT = st.text(alphabet=string.ascii_letters + string.digits + "-._~%!$'()*+,;=:@ \u00e9", max_size=12)
QUERY_KEY = st.one_of(st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "id", "page", "q", "a"]),
                      st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=6))
QUERY_VAL = st.text(alphabet=string.ascii_letters + string.digits + "-._~%+/ \u00fc", max_size=10)


@st.composite
def http_urls(draw):
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(HOST)
    if draw(st.booleans()):
        host = host.upper()
    path = "/".join(draw(st.lists(SEGMENT, max_size=4)))
    params = draw(st.lists(st.tuples(QUERY_KEY, QUERY_VAL), max_size=4))
    query = "&".join(f"{k}={v}" for k, v in params)
    frag = draw(st.sampled_from(["", "#top", "#comments"]))
    return f"{scheme}://{host}/{path}" + (f"?{query}" if query else "") + frag


@FAST
@given(http_urls())
def test_normalise_url_idempotent(url):
    once = normalise_url(url)
    assert normalise_url(once) == once


@FAST
@given(http_urls())
def test_normalise_url_drops_tracking_and_fragment(url):
    out = normalise_url(url)
    assert "#" not in out
    assert not re.search(r"[?&](?:utm_[a-z]+|fbclid|gclid)=", out)
    host = out.split("://", 1)[1].split("/", 1)[0]
    assert host == host.lower()


# ---------------------------------------------------------------- store round-trip
@FAST
@given(title=st.text(max_size=200), body=st.text(max_size=2000), tags=st.lists(st.text(max_size=20), max_size=4))
def test_store_article_roundtrip(title, body, tags):
    db = open_db(":memory:")
    article = Article(url="https://news.example.com/world/story/", title=title, body=body, tags=tags,
                      word_count=len(body.split()))
    with db.conn:
        store_article(db, article, "https://news.example.com/world/story/?utm_source=x", "2025-10-14T09:30:00+00:00")
    row = db.execute("SELECT title, body, tags, word_count FROM articles WHERE url = ?", [article.url]).fetchone()
    import json

    from pipelines.textsafety import strip_controls

    # Verbatim but for control characters (tab and newline kept): terminal escapes are never stored.
    assert row[0] == strip_controls(title)
    assert row[1] == strip_controls(body)
    assert json.loads(row[2]) == [strip_controls(t) for t in tags]
    assert row[3] == len(body.split())


@given(st.text(alphabet=st.sampled_from(list("ab Çç1_-.\n日本")), max_size=80), st.integers(1, 5))
def test_word_grams_are_the_n_word_windows(text, n):
    from cleaners.parse import word_grams

    words = re.findall(r"\w+", text.lower())
    assert word_grams(text, n) == {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


_PAGE_BYTES = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda head, body, tail: head + body.encode("utf-8", "surrogatepass") + tail,
              st.sampled_from([b"", b"\xef\xbb\xbf", b"<?xml version='1.0'?>", b"<html><body><p>"]),
              st.text(max_size=80), st.sampled_from([b"", b"\xff\xfe", b"\xc3", b"</p>\xe2\x82"])),
)


@given(_PAGE_BYTES)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_parse_html_given_the_source_bytes_builds_the_same_tree(data):
    """The worker hands parse_html the response's bytes when they are the decoded text's UTF-8."""
    from lxml import etree

    from cleaners.parse import decode_html, parse_html, utf8_source

    text, encoding = decode_html(data)
    utf8 = utf8_source(data, encoding, text)
    assert utf8 is None or utf8 == text.encode("utf-8")

    def tree(*args):
        try:
            return etree.tostring(parse_html(*args))
        except ExtractionError as exc:
            return str(exc)

    assert tree(text, utf8) == tree(text)


# ---------------------------------------------------------------- ruby readings
_RUBY = st.recursive(
    st.text(alphabet="子ども体罰ab ", max_size=6),
    lambda children: st.tuples(st.sampled_from(["ruby", "rb", "rt", "rp", "rtc", "span", "b"]),
                               st.lists(children, max_size=4)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=12,
)


def _text_without_readings(el) -> str:
    """The element's text with every reading's subtree left out, its tail kept: what the mend must leave."""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in ("rt", "rp", "rtc"):
            out.append(_text_without_readings(child))
        out.append(child.tail or "")
    return "".join(out)


@FAST
@given(st.lists(_RUBY, max_size=4))
def test_ruby_readings_go_and_every_other_word_stays(parts):
    from cleaners.parse import by_tag, drop_ruby_readings, parse_html

    tree = parse_html(f"<html><body><h1>{''.join(parts)}</h1></body></html>")
    h1 = tree.find(".//h1")
    want = _text_without_readings(h1)
    drop_ruby_readings(tree, by_tag(tree))
    assert h1.text_content() == want
    assert not any(True for _ in h1.iter("rt", "rp", "rtc", "rb"))
