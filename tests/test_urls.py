"""URL normalisation, crawlability, the article key and link extraction."""

import pytest
from hypothesis import given, settings, strategies as st

from cleaners.parse import parse_html
from crawler.links import extract_links
from crawler.urls import article_key, host_of, is_crawlable, normalise_url

BASE = "https://news.example.com/world/story/"


# ---------------------------------------------------------------- normalise_url
@pytest.mark.parametrize("url,expected", [
    ("https://news.example.com/world/story/#comments", "https://news.example.com/world/story/"),
    ("https://news.example.com/a?utm_source=tw&utm_medium=social&utm_campaign=x", "https://news.example.com/a"),
    ("https://news.example.com/a?fbclid=IwAR0abc", "https://news.example.com/a"),
    ("https://news.example.com/a?gclid=1&UTM_Source=x", "https://news.example.com/a"),
    ("https://news.example.com/a?id=7&utm_source=tw", "https://news.example.com/a?id=7"),
    ("https://news.example.com/a?page=2&id=7", "https://news.example.com/a?id=7&page=2"),
    ("HTTPS://News.Example.COM/a", "https://news.example.com/a"),
    ("https://news.example.com", "https://news.example.com/"),
    ("  https://news.example.com/a  ", "https://news.example.com/a"),
])
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_normalise_url_keeps_path_case():
    assert normalise_url("https://News.Example.com/World/Story-ABC") == "https://news.example.com/World/Story-ABC"


def test_normalise_url_keeps_non_tracking_params_with_values():
    out = normalise_url("https://news.example.com/search?q=budget+vote&lang=en&utm_term=x#top")
    assert out == "https://news.example.com/search?lang=en&q=budget+vote"


def test_normalise_url_same_article_variants_collapse():
    variants = [
        "https://news.example.com/world/story/",
        "https://NEWS.example.com/world/story/#respond",
        "https://news.example.com/world/story/?utm_source=newsletter&fbclid=zz",
    ]
    assert len({normalise_url(v) for v in variants}) == 1


@pytest.mark.parametrize("url", ["https://news.example.com/a?b=1&a=2#x", "http://news.example.com/a%20b/?q=%2F"])
def test_normalise_url_idempotent(url):
    once = normalise_url(url)
    assert normalise_url(once) == once


# ---------------------------------------------------------------- is_crawlable
@pytest.mark.parametrize("url", [
    "https://news.example.com/img/photo.jpg",
    "https://news.example.com/img/PHOTO.JPG",
    "https://news.example.com/files/report.pdf",
    "https://news.example.com/static/app.js",
    "mailto:desk@news.example.com",
    "tel:+123456",
    "ftp://news.example.com/file",
    "javascript:void(0)",
    "/relative/path",
])
def test_is_crawlable_rejects(url):
    assert not is_crawlable(url)


@pytest.mark.parametrize("url", [
    "https://news.example.com/world/story/",
    "http://news.example.com/world/story.html",
    "https://news.example.com/world/story.php?id=3",
    "https://news.example.com/2025/10/14/v1.2-release",
    "https://news.example.com/img.jpg/story",
])
def test_is_crawlable_accepts(url):
    assert is_crawlable(url)


# ---------------------------------------------------------------- article_key
def test_article_key_uses_same_host_canonical():
    assert (article_key("https://news.example.com/world/story/?utm_source=x", "https://news.example.com/world/story-canonical/")
            == "https://news.example.com/world/story-canonical/")


@pytest.mark.parametrize("fetched,canonical", [
    ("https://news.example.com/a/", "https://www.news.example.com/b/"),
    ("https://www.news.example.com/a/", "https://news.example.com/b/"),
])
def test_article_key_www_and_bare_host_are_same_site(fetched, canonical):
    assert article_key(fetched, canonical) == normalise_url(canonical)


@pytest.mark.parametrize("canonical", [
    "https://other-site.example.org/world/story/",
    "https://evil.example.com.attacker.test/world/story/",
    "https://example.com/world/story/",  # parent domain is another host
])
def test_article_key_ignores_canonical_on_other_host(canonical):
    assert article_key("https://news.example.com/world/story/#x", canonical) == "https://news.example.com/world/story/"


@pytest.mark.parametrize("canonical", [None, "", "https://news.example.com/lead.jpg", "mailto:x@news.example.com"])
def test_article_key_ignores_missing_or_uncrawlable_canonical(canonical):
    assert article_key("https://news.example.com/world/story/?fbclid=1", canonical) == "https://news.example.com/world/story/"


def test_article_key_is_normalised():
    assert article_key("https://News.Example.com/a/", "https://NEWS.example.com/b/?utm_medium=x#f") == "https://news.example.com/b/"


def test_host_of_strips_www_and_port():
    assert host_of("https://WWW.News.Example.com:8443/x") == "news.example.com"


# ---------------------------------------------------------------- extract_links
def links(body: str, head: str = "", base_url: str = BASE, **kw):
    tree = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    return extract_links(tree, base_url, **kw)


def test_links_resolve_relative():
    out = links('<a href="/business/">B</a><a href="next/">N</a><a href="../other/">O</a>'
                '<a href="//cdn.example.net/page">P</a>')
    assert out == [
        "https://news.example.com/business/",
        "https://news.example.com/world/story/next/",
        "https://news.example.com/world/other/",
        "https://cdn.example.net/page",
    ]


def test_links_honour_base_href():
    out = links('<a href="story-2/">S</a><a href="/abs/">A</a>', head='<base href="https://mirror.example.com/news/">')
    assert out == ["https://mirror.example.com/news/story-2/", "https://mirror.example.com/abs/"]


def test_links_relative_base_href_resolved_against_page():
    assert links('<a href="x/">X</a>', head='<base href="/archive/">') == ["https://news.example.com/archive/x/"]


@pytest.mark.parametrize("anchor", [
    '<a href="#comments">C</a>',
    '<a href="#">top</a>',
    '<a href="javascript:void(0)">J</a>',
    '<a href=" javascript:share()">J</a>',
    '<a href="mailto:desk@news.example.com">M</a>',
    '<a href="tel:+1555">T</a>',
    '<a href="/login/" rel="nofollow">L</a>',
    '<a href="/sponsored/" rel="sponsored NoFollow noopener">S</a>',
    '<a href="/files/report.pdf">PDF</a>',
    '<a href="/img/photo.JPG">IMG</a>',
    "<a>no href</a>",
    '<a href="">empty</a>',
])
def test_links_skip(anchor):
    assert links(anchor) == []


def test_links_dedupe_after_normalisation_and_keep_order():
    out = links('<a href="/b/">1</a><a href="/a/">2</a><a href="/b/#x">3</a>'
                '<a href="https://NEWS.example.com/b/?utm_source=x">4</a><a href="/a/">5</a>')
    assert out == ["https://news.example.com/b/", "https://news.example.com/a/"]


def test_links_strip_tracking_params():
    assert links('<a href="/a/?id=3&utm_campaign=x&fbclid=y">A</a>') == ["https://news.example.com/a/?id=3"]


def test_links_limit():
    body = "".join(f'<a href="/p{i}/">{i}</a>' for i in range(20))
    assert links(body, limit=5) == [f"https://news.example.com/p{i}/" for i in range(5)]


def test_links_invalid_href_skipped_not_raised():
    out = links('<a href="http://[::1/bad">bad</a><a href="/ok/">ok</a>')
    assert out == ["https://news.example.com/ok/"]


# ---------------------------------------------------------------- the off-site shortcut
_HREF_PARTS = st.tuples(
    st.sampled_from(["http://", "https://", "//", "HTTPS://", "ftp://", "/", ""]),
    st.sampled_from(["", "user:pw@", "news.example.com@"]),
    st.sampled_from(["www.", "WWW.", ""]),
    st.sampled_from(["news.example.com", "News.Example.COM", "example.org", "news.example.com.", "bücher.example",
                     "xn--bcher-kva.example", "news.example.com:8080", "[::1]", "news.example.com\\evil.org", ""]),
    st.sampled_from(["", "/", "/a b", "/path?utm_source=x#frag", "\\x", "?q=1"]),
)


@given(_HREF_PARTS)
@settings(max_examples=400, deadline=None)
def test_the_offsite_shortcut_drops_only_links_normalising_would_drop(parts):
    from crawler.links import _offsite, _resolve

    href = "".join(parts)
    hosts = frozenset({"news.example.com", "xn--bcher-kva.example"})  # as the spider has them: normalised
    if _offsite(href, hosts):
        url, host = _resolve("", href)  # without hosts: the full normalisation
        assert url is None or host not in hosts


def test_an_archive_page_of_thousands_of_links_is_read_past_the_first_thousand():
    """1,000 was the cap: an "all stories" page of 2,500 links lost 1,500 of them without a word (fuzzing)."""
    from lxml import html as lxml_html

    from crawler.links import MAX_LINKS, extract_links

    page = "<html><body>" + "".join(f'<a href="/x/{i}">{i}</a>' for i in range(MAX_LINKS + 10)) + "</body></html>"
    links = extract_links(lxml_html.fromstring(page), "http://a.example/")
    assert len(links) == MAX_LINKS >= 5000 and links[2499] == "http://a.example/x/2499"


def test_backslashes_in_an_href_read_as_slashes_before_its_query():
    """Browsers read "http:\\\\host\\a" as http://host/a; it was fetched as a path of this site (fuzzing)."""
    from lxml import html as lxml_html

    from crawler.links import extract_links

    page = (r'<html><body><a href="http:\\a.example\news\one">1</a><a href="\news\two?q=a\b">2</a>'
            "</body></html>")
    assert extract_links(lxml_html.fromstring(page), "http://a.example/start/") == [
        "http://a.example/news/one", "http://a.example/news/two?q=a%5Cb"]
