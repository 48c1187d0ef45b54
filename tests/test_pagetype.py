"""Page classification (article or not) and the worker's analyse_page."""

import json
import pathlib

import pytest

from cleaners.fields.jsonld import read_jsonld
from cleaners.parse import parse_html
from crawler.pagetype import classify
from crawler.worker import analyse_page

SEED = pathlib.Path(__file__).parent / "fixtures/corpus/seed/wordpress.html"
SEED_URL = "https://www.example-news.test/world/venezuela-us-military-action/"
URL = "https://news.example.com/world/minister-budget-vote/"

LONG = (
    "The finance minister survived a tense parliamentary vote on Tuesday evening after a marathon debate that "
    "stretched late into the night, with opposition parties accusing the government of hiding the true cost of "
    "its spending plans and of relying on optimistic growth forecasts that independent economists have questioned. "
)
BODY = "".join(f"<p>{LONG}</p>" for _ in range(6))  # ~2000 characters of running text


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def classify_html(html: str, url: str = URL):
    tree = parse_html(html)
    return classify(tree, url, read_jsonld(tree))


def doc(head: str = "", body: str = BODY) -> str:
    return f"<html><head><title>Page</title>{head}</head><body>{body}</body></html>"


LOGIN = doc(body='<form action="/login" method="post"><input name="user"><input type="password" name="pw">'
                 "<button>Sign in</button></form>" + BODY)


def test_login_page_not_article():
    assert classify_html(LOGIN) == (False, "login_page")


def test_jsonld_article_beats_a_sign_in_box():
    """A community sign-in box beside the story does not turn an article into a login page."""
    html = doc(head=ld({"@type": "NewsArticle"}), body='<input type="password">' + BODY)
    assert classify_html(html) == (True, "jsonld_article")


@pytest.mark.parametrize("url", [
    "https://news.example.com/tag/budget/",
    "https://news.example.com/tags/budget",
    "https://news.example.com/category/world/",
    "https://news.example.com/author/jane-doe/",
    "https://news.example.com/world/page/2/",
    "https://news.example.com/search?q=budget",
    "https://news.example.com/",
    "https://news.example.com",
    "https://news.example.com/wp-login.php",
])
def test_listing_urls_not_article(url):
    html = doc(head=ld({"@type": "NewsArticle"}))
    assert classify_html(html, url) == (False, "listing_url")


@pytest.mark.parametrize("url", [
    "https://news.example.com/world/tagged-by-history-the-budget/",
    "https://news.example.com/world/pages-of-history/",
])
def test_article_url_merely_containing_listing_words(url):
    assert classify_html(doc(head=ld({"@type": "NewsArticle"})), url) == (True, "jsonld_article")


@pytest.mark.parametrize("obj", [
    {"@type": "NewsArticle"},
    {"@type": ["NewsArticle", "ReportageNewsArticle"]},
    {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, {"@type": "BlogPosting"}]},
])
def test_jsonld_article_is_article(obj):
    assert classify_html(doc(head=ld(obj), body="<p>Short.</p>")) == (True, "jsonld_article")


def test_og_article_is_article():
    html = doc(head='<meta property="og:type" content="article">', body="<p>Short.</p>")
    assert classify_html(html) == (True, "og_article")


def test_og_website_not_article():
    assert classify_html(doc(head='<meta property="og:type" content="website">')) == (False, "listing_page")


def test_jsonld_collection_page_not_article():
    assert classify_html(doc(head=ld({"@type": "CollectionPage"}))) == (False, "listing_page")


def test_many_article_teasers_not_article():
    teasers = "".join(f'<article class="teaser"><h2><a href="/world/s{i}/">Story {i}</a></h2><p>{LONG}</p></article>'
                      for i in range(8))
    assert classify_html(doc(body=teasers)) == (False, "listing_page")


def test_plain_long_text_is_article():
    assert classify_html(doc()) == (True, "long_text")


def test_plain_short_text_not_article():
    assert classify_html(doc(body="<p>Coming soon.</p>")) == (False, "too_little_text")


# ---------------------------------------------------------------- analyse_page
def test_analyse_seed_page_returns_article_and_links():
    result = analyse_page(SEED.read_text("utf-8"), SEED_URL)
    assert result.skip_reason is None
    a = result.article
    assert a is not None
    assert a.title == "Venezuela: US Considers Military Action vs. Drug Trafficking"
    assert a.url == SEED_URL  # the same-host canonical, normalised
    assert [(x.name, x.role) for x in a.authors] == [("James Carter", "Senior News Editor")]
    assert a.published == "2025-10-14T09:30:00+00:00"
    assert len(a.faqs) == 3
    assert len(a.body) > 2000
    for phrase in ("You may also like", "Leave a Comment", "Adblock Detected", "Explore more insights", "Home \u00bb"):
        assert phrase not in a.body
    assert "https://www.example-news.test/world/" in result.links
    assert "https://www.example-news.test/world/related-0/" in result.links
    assert len(result.links) == len(set(result.links))


def test_analyse_page_reads_bytes_as_the_text_they_decode_to():
    """The worker parses a page's bytes (their UTF-8), not the text it decoded them to for its checks."""
    text = SEED.read_text("utf-8").replace("</h1>", " \U0001F4F0</h1>", 1)  # an emoji: 4 bytes a character in a str
    plain = text.replace(" \U0001F4F0", "")
    for data, declared, encoding, decoded in ((text.encode("utf-8"), None, "utf-8", text),
                                              (plain.encode("cp1252"), "windows-1252", "cp1252", plain)):
        result, expected = analyse_page(data, SEED_URL, declared_encoding=declared), analyse_page(decoded, SEED_URL)
        assert result.encoding == encoding
        assert result.article is not None and result.article == expected.article
        assert result.links == expected.links


def test_analyse_seed_with_tracking_url_stored_under_canonical():
    result = analyse_page(SEED.read_text("utf-8"), SEED_URL + "?utm_source=twitter#comments")
    assert result.article.url == SEED_URL


def test_analyse_login_page_skipped_with_links():
    html = LOGIN.replace("<body>", '<body><a href="/register/">Register</a>')
    result = analyse_page(html, "https://news.example.com/world/members-area/")
    assert result.article is None
    assert result.skip_reason.startswith("not_article")
    assert result.skip_reason == "not_article:login_page"
    assert result.links == ["https://news.example.com/register/"]


def test_analyse_empty_page_is_unparsable():
    result = analyse_page("   ", URL)
    assert result.article is None and result.skip_reason.startswith("unparsable")


def test_analyse_short_article_body_too_short():
    html = doc(head=ld({"@type": "NewsArticle", "headline": "Brief"}), body="<p>Just one line of news.</p>")
    result = analyse_page(html, URL)
    assert result.article is None and result.skip_reason == "body_too_short"


def test_article_with_a_sign_in_box_is_still_an_article():
    from conftest import CORPUS

    """Both Taz pages of the corpus carry a community login form beside the story."""
    import gzip

    from cleaners.fields.jsonld import read_jsonld
    from cleaners.parse import parse_html
    from crawler.pagetype import classify

    for name in ("Taz_2023_04_28", "Taz_2024_10_23"):
        html = gzip.decompress((CORPUS / "realworld" / f"{name}.html.gz").read_bytes()).decode("utf-8")
        tree = parse_html(html)
        assert classify(tree, "https://taz.de/Selbstbestimmungsgesetz/!5928374/", read_jsonld(tree))[0]


def test_login_form_in_the_header_does_not_make_a_login_page():
    from crawler.pagetype import classify
    from cleaners.parse import parse_html

    text = "".join(f"<p>{'Running text of the story goes on here. ' * 12}</p>" for _ in range(5))
    html = (f"<html><body><header><form><input name='u'><input type='password'></form></header>"
            f"<main>{text}</main></body></html>")
    assert classify(parse_html(html), "https://n.example/2025/10/story", [])[0]
