"""Issue 23: images with captions and credits, body_markdown, the paywall/access flag."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt

from cleaners import extract_article
from cleaners.fields.images import _srcset
from cleaners.parse import decode_html
from pipelines.schema import open_db
from pipelines.store import store_article

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "realworld"
TEXT = ("The harbour authority said on Monday that dredging of the northern channel would start in spring, "
        "after two years of delays caused by a dispute over the disposal of the silt. ")

# The markup shapes of real pages: a WordPress figure with a credit span, a <picture> with webp sources
# (Funke), lazy data-src with a noscript copy (El Diario), a JSON-LD ImageObject with a caption (BBC, DW).
PAGE = f"""<html lang="en"><head><title>Harbour dredging to start in spring</title>
<meta property="og:image" content="https://cdn.example.com/img/lead-hero-1200x630.jpg">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour dredging to start in spring", "isAccessibleForFree": "False", "wordCount": 140,
 "image": {{"@type": "ImageObject", "url": "https://cdn.example.com/img/lead-hero.jpg", "width": 2400,
            "caption": "The northern channel at low tide", "creditText": "Ana Silva/Harbour Photos"}}}}</script>
</head><body>
<header class="site-header"><img src="/static/logo.png" class="site-logo" alt="Example News"></header>
<article>
 <h1>Harbour dredging to start in spring</h1>
 <figure class="wp-block-image">
  <picture>
   <source type="image/webp" srcset="https://cdn.example.com/img/lead-hero-640x360.webp 640w, https://cdn.example.com/img/lead-hero-1600x900.webp 1600w">
   <img src="https://cdn.example.com/img/lead-hero-640x360.jpg" alt="Cranes over the harbour" width="640" height="360">
  </picture>
  <figcaption>Cranes over the harbour on Monday. <span class="credit">Photo: Ana Silva/Harbour Photos</span></figcaption>
 </figure>
 <div class="article-body">
  <p>{TEXT}</p>
  <p>{TEXT} The port's director welcomed the decision.</p>
  <h2>What changes for ferries</h2>
  <p>{TEXT} Ferries will use the southern berth.</p>
  <figure>
   <img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/dredger.jpg"
        data-srcset="/img/dredger,w_480.jpg 480w, /img/dredger,w_1280.jpg 1280w" alt="A dredger">
   <noscript><img src="/img/dredger.jpg" alt="A dredger"></noscript>
   <figcaption>The dredger Zeeland arrived last week. Foto: Port Authority</figcaption>
  </figure>
  <ul><li>Work starts in March</li><li>Night work is not allowed</li></ul>
  <blockquote><p>We have waited long enough for this channel to be deep again.</p></blockquote>
  <table><tr><th>Phase</th><th>Months</th></tr><tr><td>Northern channel</td><td>4</td></tr>
   <tr><td>Southern berth</td><td>2</td></tr></table>
  <p>{TEXT} The council will vote on the budget in May.</p>
  <div class="author-box"><img src="/img/authors/ana-silva.jpg" class="author-avatar" alt="Ana Silva"></div>
 </div>
 <div class="paywall">Subscribe to continue reading this article and support local journalism.</div>
</article>
<aside class="related"><img src="/img/other-story.jpg" alt="Other story"></aside>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return extract_article(PAGE, "https://news.example.com/harbour/dredging")


def test_images_are_the_articles_own_with_caption_credit_and_largest_variant(article):
    urls = [im.url for im in article.images]
    assert urls == ["https://cdn.example.com/img/lead-hero-1600x900.webp",
                    "https://news.example.com/img/dredger,w_1280.jpg"]  # a comma inside a srcset URL
    lead, dredger = article.images
    assert lead.is_lead and not dredger.is_lead
    assert (lead.caption, lead.credit, lead.alt, lead.width) == (
        "Cranes over the harbour on Monday.", "Ana Silva/Harbour Photos", "Cranes over the harbour", 1600)
    assert lead.paragraph == 0  # above the text
    assert (dredger.caption, dredger.credit) == ("The dredger Zeeland arrived last week.", "Port Authority")
    assert dredger.paragraph == 4  # after the lead-in, two paragraphs, the heading and one more
    assert article.body.split("\n\n")[dredger.paragraph - 1].endswith("Ferries will use the southern berth.")


def test_declared_lead_not_shown_is_stored_from_jsonld():
    page = PAGE.replace('<figure class="wp-block-image">', '<figure class="wp-block-image" hidden>').split("<figure class")[0] \
        + PAGE.split("</figure>", 1)[1]
    images = extract_article(page, "https://news.example.com/harbour/dredging").images
    lead = images[0]
    assert lead.is_lead and lead.paragraph is None
    assert (lead.url, lead.caption, lead.credit, lead.width) == (
        "https://cdn.example.com/img/lead-hero-1200x630.jpg", "The northern channel at low tide",
        "Ana Silva/Harbour Photos", 2400)
    assert sum(im.is_lead for im in images) == 1


def _story_page(head: str, inside: str) -> str:
    story = "".join(f"<p>Paragraph {i} of the story about the harbour dredging, long enough to be read.</p>"
                    for i in range(6))
    return (f"<html><head>{head}</head><body><article><h1>Harbour dredging starts</h1>{inside}{story}"
            "</article></body></html>")


@pytest.mark.parametrize("declared", ["https://example.com/images/logo-opengraph.png",
                                      "https://example.com/wp-content/cleo/images/favicon_150x150.png",
                                      "https://secure.gravatar.com/blavatar/67b14216068c8ca65?s=200",
                                      "https://example.com/assets/logos/origin.png",
                                      "https://example.com/img/social_placeholder.png"])
def test_a_sites_logo_or_default_card_is_no_lead_image(declared):
    article = extract_article(_story_page(f'<meta property="og:image" content="{declared}">', ""),
                              "https://example.com/harbour/dredging")
    assert article.image_url is None and article.images == []


def test_a_pages_controls_are_no_images_but_a_vector_chart_is():
    inside = ('<img src="/static/images/icons/calendar.svg" width="300" height="300">'
              '<img src="/theme/images/button_circle_left.png" width="300" height="300">'
              '<img src="/files/loading.gif" width="300" height="300">'
              '<figure><img src="/images/graphs/memory-by-tuples-and-lists.svg" width="600" height="400">'
              '<figcaption>Memory taken by tuples and lists</figcaption></figure>')
    images = extract_article(_story_page("", inside), "https://example.com/harbour/dredging").images
    assert [urlsplit(i.url).path for i in images] == ["/images/graphs/memory-by-tuples-and-lists.svg"]


def test_srcset_parsing_keeps_commas_inside_urls():
    assert list(_srcset("a.jpg 1x, https://c.example/f_auto,w_800/b.jpg 2x")) == [
        ("a.jpg", None, 1.0), ("https://c.example/f_auto,w_800/b.jpg", None, 2.0)]
    assert list(_srcset(" x.jpg, y.jpg 300w,")) == [("x.jpg", None, 1.0), ("y.jpg", 300, 1.0)]
    assert list(_srcset("x.jpg,y.jpg 300w")) == [("x.jpg,y.jpg", 300, 1.0)]  # the standard: a comma inside is the URL's


_MD = MarkdownIt("commonmark").enable("table")


def _alnum(text: str) -> str:
    return re.sub(r"[^\w]+", "", text).casefold()


def test_body_markdown_round_trips_headings_lists_quotes_tables(article):
    tokens = _MD.parse(article.body_markdown)
    kinds = [t.type for t in tokens if t.type.endswith("_open")]
    assert "heading_open" in kinds and "bullet_list_open" in kinds and "blockquote_open" in kinds
    assert "table_open" in kinds and kinds.count("th_open") == 2 and kinds.count("tr_open") == 3
    assert kinds.count("list_item_open") == 2 and kinds.count("bullet_list_open") == 1  # one list, not two
    heading = next(tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open")
    assert heading == "What changes for ferries"
    # The same paragraphs as the plain body: the rendered text reads the same, letter for letter.
    rendered = "".join(t.content for t in tokens if t.type == "inline")
    plain = "".join(re.sub(r"^- ", "", p) for p in article.body.split("\n\n") if not re.match(r"^\|[-|]+\|$", p))
    assert _alnum(rendered) == _alnum(plain)


def test_markdown_escapes_what_is_no_structure():
    page = f"<html><body><article><p>1. FC Köln won *again* 2:1 at home. {TEXT}</p><p># not a heading {TEXT}</p></article></body></html>"
    article = extract_article(page, "https://news.example.com/sport/1")
    assert [t.type for t in _MD.parse(article.body_markdown) if t.type.endswith("_open")] == ["paragraph_open"] * 2
    assert "*again*" in _MD.render(article.body_markdown).replace("\\", "")


def test_realworld_lead_captions_and_credits():
    """Hand-checked against the pages: DW's lead figure, El País's in-body gallery caption."""
    dw = _realworld("DW_2024_01_30.html.gz", "https://www.dw.com/de/x/a-68118591")
    lead = next(im for im in dw.images if im.is_lead)
    assert lead.url == "https://static.dw.com/image/68059583_1004.webp"
    assert lead.caption.startswith("Gilt als einziger Antikriegskandidat")
    assert lead.credit == "Mikhail Sinitsyn/TASS/dpa/picture alliance"
    assert all("${" not in im.url for im in dw.images)  # script templates are no URL


def _realworld(name: str, url: str):
    html = decode_html(gzip.decompress((CORPUS / name).read_bytes()))[0]
    return extract_article(html, url)


def test_paywall_declared_marker_and_free():
    walled = extract_article(PAGE, "https://news.example.com/harbour/dredging")
    assert (walled.access, walled.is_paywalled) == ("subscription", True)
    assert "isAccessibleForFree=false" in walled.paywall_evidence and "paywall" in walled.paywall_evidence
    free = extract_article(PAGE.replace('"False"', "true"), "https://news.example.com/harbour/dredging")
    assert (free.access, free.is_paywalled) == ("free", False)  # declared free wins over an empty wall box
    microdata = PAGE.replace('"isAccessibleForFree": "False", ', "").replace(
        "<article>", '<article itemscope itemtype="https://schema.org/NewsArticle">'
        '<meta itemprop="isAccessibleForFree" content="false">')
    assert extract_article(microdata, "https://x.example/a").is_paywalled
    plain = re.sub(r'<div class="paywall">.*?</div>', "", PAGE.replace('"isAccessibleForFree": "False", ', ""))
    assert (extract_article(plain, "https://x.example/a").access, extract_article(plain, "https://x.example/a").is_paywalled) \
        == (None, False)
    registration = plain.replace("<article>", '<article><div class="regwall">Register for free to read on, it takes a minute.</div>')
    assert extract_article(registration, "https://x.example/a").access == "registration"


def test_stored_images_and_columns_and_refresh(tmp_path):
    db = open_db(tmp_path / "n.db")
    a = extract_article(PAGE, "https://news.example.com/harbour/dredging")
    with db.atomic():
        assert store_article(db, a, a.url, "2026-01-01T00:00:00+00:00") == "new"
    rows = list(db.query("SELECT position, url, is_lead, paragraph FROM images ORDER BY position"))
    assert [(r["position"], r["is_lead"], r["paragraph"]) for r in rows] == [(0, 1, 0), (1, 0, 4)]
    row = db["articles"].get(a.url)
    assert row["body_markdown"] == a.body_markdown and row["is_paywalled"] == 1 and row["access"] == "subscription"
    a2 = extract_article(PAGE.replace("Foto: Port Authority", "Foto: Harbour Board"), a.url)
    with db.atomic():
        assert store_article(db, a2, a.url, "2026-01-02T00:00:00+00:00") == "refreshed"  # a credit changed
    assert db.execute("SELECT credit FROM images WHERE position = 1").fetchone()[0] == "Harbour Board"
    with db.atomic():
        assert store_article(db, a2, a.url, "2026-01-03T00:00:00+00:00") == "unchanged"


def test_migration_keeps_existing_rows(tmp_path):
    from pipelines.schema import apply_migrations
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    old = Database(path)
    apply_migrations(old, stop_before="add_images_markdown_access")
    old["articles"].insert({"url": "https://a.example/1", "title": "Harbour", "body": "Text.", "word_count": 1})
    old.close()
    db = open_db(path)
    row = db["articles"].get("https://a.example/1")
    assert (row["title"], row["body"], row["body_markdown"], row["is_paywalled"]) == ("Harbour", "Text.", None, None)
    assert db["images"].count == 0 and "is_lead" in db["images"].columns_dict


from hypothesis import example, given, settings, strategies as st  # noqa: E402

from cleaners.markdown import Structure, to_markdown  # noqa: E402

_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).map(
    lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6))
@example(["AT&amp;T &#38; *bold* _x_ [link](http://x) <b>tag</b> `code`", "1. not a list", "# no heading", "> no quote"])
def test_any_plain_paragraphs_render_as_themselves(paragraphs):
    """Text the XML gave no structure to (a lead, a recovered paragraph) renders as the text itself:
    no stray emphasis, heading, list, quote, code or link, whatever characters it holds."""
    paragraphs = [p for p in paragraphs if not re.match(r"^\|[-|:\s]+\|$", p)]
    markdown = to_markdown(paragraphs, Structure())
    tokens = _MD.parse(markdown)
    assert {t.type for t in tokens if t.type.endswith("_open")} <= {"paragraph_open"}
    rendered = "".join(c.content for t in tokens if t.type == "inline" for c in t.children or [])
    assert _alnum(rendered) == _alnum("".join(paragraphs))
