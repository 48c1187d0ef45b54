"""Field extraction: title, authors, dates, FAQ, language/section/tags/canonical."""

import json
from datetime import datetime, timezone

import pytest

from cleaners import Author, extract_article
from cleaners.fields.authors import extract_authors, parse_byline
from cleaners.fields.dates import parse_date
from cleaners.fields.faq import extract_faqs
from cleaners.fields.jsonld import read_jsonld
from cleaners.fields.title import extract_title
from cleaners.parse import parse_html

URL = "https://news.example.com/world/minister-budget-vote/"
NOW = datetime(2025, 10, 20, 12, 0, tzinfo=timezone.utc)

PARAS = [
    "The finance minister survived a tense parliamentary vote on Tuesday evening after a marathon debate that "
    "stretched late into the night, with opposition parties accusing the government of hiding the true cost of "
    "its spending plans and of relying on optimistic growth forecasts that independent economists have questioned.",
    "Officials said the budget would raise spending on hospitals and schools while trimming subsidies for fuel, "
    "a change that the treasury argues will save billions over the next five years. Critics said the savings "
    "would fall hardest on rural households that depend on cars to reach work, shops and medical appointments.",
    "Analysts at several banks said the outcome removed a source of uncertainty for markets, although they "
    "warned that the coalition remains fragile and that a second vote on the tax measures, scheduled for next "
    "month, could still expose the divisions between the governing parties on pensions and regional transfers.",
    "The government now has until the end of the year to pass the detailed legislation. The minister told "
    "reporters that she was confident of winning the remaining votes and that talks with the smaller parties "
    "would continue this week, adding that the country could not afford another year without an approved budget.",
]


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def page(head: str = "", top: str = "", inside: str = "", html_attrs: str = 'lang="en"', title=None) -> str:
    title_tag = f"<title>{title}</title>" if title is not None else ""
    body = "\n".join(f"<p>{p}</p>" for p in PARAS)
    return f"""<!DOCTYPE html><html {html_attrs}><head><meta charset="utf-8">{title_tag}{head}</head>
<body><main><article>{top}<div class="entry-content">
{body}
{inside}
</div></article></main></body></html>"""


def article(**kw):
    url = kw.pop("url", URL)
    return extract_article(page(**kw), url, now=NOW)


# ---------------------------------------------------------------- title
@pytest.mark.parametrize("top", [
    "<h1>Minister survives<br>budget vote</h1>",
    '<h1><a href="/world/minister-budget-vote/">Minister <em>survives</em><br/>budget vote</a></h1>',
])
def test_a_line_break_in_the_headline_is_a_space(top):
    assert article(title="Minister survives budget vote | Daily Planet", top=top).title == "Minister survives budget vote"


@pytest.mark.parametrize("title,head", [
    ("Minister survives budget vote - World - Daily Planet", '<meta property="og:site_name" content="Daily Planet">'),
    ("Daily Planet: Minister survives budget vote", '<meta property="og:site_name" content="Daily Planet">'),
    ("News Example: Minister survives budget vote", ""),  # the host (news.example.com) names the site
])
def test_a_title_without_a_headline_loses_the_site_name_and_the_section(title, head):
    # no h1: the <title> is the headline once the site's name and the section the address files it under go
    assert article(title=title, head=head).title == "Minister survives budget vote"


def test_a_last_segment_the_address_does_not_file_under_stays():
    title = "Minister survives budget vote - Tax Row - Daily Planet"
    head = '<meta property="og:site_name" content="Daily Planet">'
    assert article(title=title, head=head).title == "Minister survives budget vote - Tax Row"


def test_h1_agreeing_with_og_title_wins():
    a = article(title="Minister survives budget vote | Daily Planet",
                head='<meta property="og:title" content="Minister survives budget vote">',
                top="<h1>Minister Survives Budget Vote</h1>")
    assert a.title == "Minister Survives Budget Vote"


def test_h1_not_agreeing_with_declared_titles_loses():
    a = article(title="Minister survives budget vote | Daily Planet",
                head='<meta property="og:title" content="Minister survives budget vote">',
                top="<h1>Daily Planet</h1>")
    assert a.title == "Minister survives budget vote"


def _ld_headline(text: str) -> str:
    return ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "%s"}</script>' % text)


@pytest.mark.parametrize("ld,og,h1,expected", [
    # JSON-LD and og:title agree, the h1 (like the <title>) is another wording: the visible headline is the
    # h1 (preferring the declared pair measured 2 pages worse on the tuned half of trafilatura-eval, 0 better
    # on realworld's tuned half)
    ("Pleads after the attacks – \u201dcritical\u201d", "Pleads after the attacks – \u201dcritical\u201d",
     "Zelensky pleads after new attacks: \u201dCritical that partners understand\u201d",
     "Zelensky pleads after new attacks: \u201dCritical that partners understand\u201d"),
    # they disagree with each other: the h1 the <title> confirms stays
    ("Brace for a sprint to Election Day", "Brace for an intense sprint to Election Day",
     "Brace for an intense sprint to Election Day", "Brace for an intense sprint to Election Day"),
    ("Brace for a sprint", "Warum Putin warnt", "Warum Putin vor einer Zerschlagung warnt",
     "Warum Putin vor einer Zerschlagung warnt"),
])
def test_declared_headline_against_a_display_h1(ld, og, h1, expected):
    a = article(title=h1, head=_ld_headline(ld) + f'<meta property="og:title" content="{og}">', top=f"<h1>{h1}</h1>")
    assert a.title == expected


@pytest.mark.parametrize("raw", [
    "Minister survives budget vote | Daily Planet",
    "Minister survives budget vote - Daily Planet",
    "Minister survives budget vote \u2013 Daily Planet",
])
def test_site_suffix_stripped_from_title_tag(raw):
    assert article(title=raw).title == "Minister survives budget vote"


@pytest.mark.parametrize("raw,site,headline", [
    ("海岛渡轮调整夏季时刻表_新华网", "新华网", "海岛渡轮调整夏季时刻表"),
    ("海岛渡轮调整夏季时刻表-新华网", "", "海岛渡轮调整夏季时刻表"),
    ("海岛渡轮调整夏季时刻表|新浪新闻", "", "海岛渡轮调整夏季时刻表"),
    ("離島フェリー、夏の時刻表を変更｜島タイムズ", "", "離島フェリー、夏の時刻表を変更"),
    ("離島フェリー、夏の時刻表を変更｜島タイムズ", "島タイムズ", "離島フェリー、夏の時刻表を変更"),
    ("섬 여객선, 여름 시간표 바꾼다 - 하버타임스", "", "섬 여객선, 여름 시간표 바꾼다"),
])
def test_an_east_asian_title_loses_its_site_name_written_without_spaces(raw, site, headline):
    head = f'<meta property="og:site_name" content="{site}">' if site else ""
    assert article(title=raw, head=head).title == headline


def test_a_hyphen_inside_a_latin_word_of_an_east_asian_title_stays():
    assert article(title="新型COVID-19疫苗上市").title == "新型COVID-19疫苗上市"


def test_site_name_from_og_site_name_is_stripped_even_when_long():
    raw = "Minister survives budget vote | The Daily Planet News Network Online"
    a = article(title=raw, head='<meta property="og:site_name" content="The Daily Planet News Network Online">')
    assert a.title == "Minister survives budget vote"


def test_title_without_separator_kept_whole():
    assert article(title="Minister survives budget vote").title == "Minister survives budget vote"


def test_jsonld_headline_used_before_title_tag():
    tree = parse_html(page(title="Home | Daily Planet",
                           head=ld({"@type": "NewsArticle", "headline": "Minister survives budget vote"})))
    assert extract_title(tree, read_jsonld(tree), None) == "Minister survives budget vote"


def test_title_headline_not_repeated_as_first_body_line():
    a = article(title="Minister survives budget vote", top="<h1>Minister survives budget vote</h1>")
    assert not a.body.startswith("Minister survives budget vote")


def test_a_kicker_the_page_shows_and_declares_stays_in_the_title():
    """No story h1 (the page's only h1 sits in its breadcrumb); JSON-LD declares the headline without its
    kicker, og:title and the story's h2 with it: the page keeps the kicker, so the title does."""
    head = (ld({"@type": "NewsArticle", "headline": "Musik-Stars fordern neues Streaming-Modell"})
            + '<meta property="og:title" content="Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell">')
    top = ('<nav><ul><li><h1>Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell</h1></li></ul></nav>'
           '<header><h2><span>Nutzerbasierte Abrechnung :</span> <span>Musik-Stars fordern neues Streaming-Modell</span>'
           '</h2></header>')
    assert article(head=head, top=top).title == "Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell"
    plain = top.replace("<span>Nutzerbasierte Abrechnung :</span> ", "").replace(
        "<h1>Nutzerbasierte Abrechnung: Musik-Stars", "<h1>Musik-Stars")
    assert article(head=head, top=plain).title == "Musik-Stars fordern neues Streaming-Modell"


def test_the_declared_headline_is_not_kept_as_the_first_body_line_either():
    """The page's h1 is the title; the body's first line is the headline as JSON-LD declares it, the kicker
    spaced before its colon: the same headline, not story text."""
    head = ld({"@type": "NewsArticle", "headline": "49-Euro-Ticket: Pendler sparen 60 Prozent bei Bus und Bahn"})
    top = ("<h1>49-Euro-Ticket: Pendler zahlen 60 Prozent weniger</h1>"
           "<p>49-Euro-Ticket : Pendler sparen 60 Prozent bei Bus und Bahn</p>")
    a = article(head=head, top=top)
    assert a.title == "49-Euro-Ticket: Pendler zahlen 60 Prozent weniger"
    assert "Pendler sparen" not in a.body and a.body.startswith(PARAS[0][:40])


# ---------------------------------------------------------------- authors
def authors_of(html):
    tree = parse_html(html)
    return extract_authors(tree, read_jsonld(tree))


def test_jsonld_person_with_job_title_gives_role():
    html = page(head=ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "James Carter",
                                                             "jobTitle": "Senior News Editor"}}))
    assert authors_of(html) == [Author("James Carter", "Senior News Editor")]


def test_jsonld_list_of_persons():
    html = page(head=ld({"@type": "NewsArticle", "author": [
        {"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}]}))
    assert authors_of(html) == [Author("Jane Doe"), Author("John Roe")]


def test_microdata_authors_of_cited_works_and_photos_are_not_the_pages():
    """A paper's reference list in microdata: each citation an item with its own author and year."""
    refs = "".join(
        f'<li itemprop="citation" itemscope itemtype="http://schema.org/ScholarlyArticle">'
        f'<meta itemprop="author" content="{names}"/><meta itemprop="datePublished" content="{year}"/>{names} ({year})</li>'
        for names, year in (("NH. Shear, SP. Spielberg, ", "1988"), ("P. Muller, F. Renda, ", "2001")))
    photo = ('<figure itemprop="image" itemscope itemtype="http://schema.org/ImageObject">'
             '<meta itemprop="author" content="Pat Lens"/></figure>')
    html = page(top='<div itemscope itemtype="http://schema.org/ScholarlyArticle">'
                    '<meta itemprop="author" content="Marwan Adwan"/>'
                    '<meta itemprop="datePublished" content="2017-03-02"/>' + photo,
                inside=f"<ol>{refs}</ol></div>")
    assert authors_of(html) == [Author("Marwan Adwan")]
    assert extract_article(html, URL, now=NOW).published.startswith("2017-03-02")


def test_visible_authors_of_cited_works_are_not_the_pages():
    refs = "".join(
        f'<li itemprop="citation" itemscope itemtype="http://schema.org/ScholarlyArticle">'
        f'<span itemprop="author">{name}</span>: <span itemprop="name">On budgets</span> ({year})</li>'
        for name, year in (("Nina Shear", "1988"), ("Paul Muller", "2001")))
    html = page(top='<div itemscope itemtype="http://schema.org/ScholarlyArticle"><h1>Minister survives budget vote</h1>',
                inside=f"<h2>References</h2><ol>{refs}</ol></div>")
    assert authors_of(html) == []


def _yoast_graph(name: str) -> str:
    """Yoast SEO's shape: the article names its author by @id; the Person node elsewhere in the @graph."""
    return ld({"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": "https://n.example/a/#article",
         "author": {"@id": "https://n.example/#/schema/person/ab12"}},
        {"@type": "Person", "@id": "https://n.example/#/schema/person/ab12", "name": name}]})


def test_jsonld_author_given_by_id_is_the_person_the_graph_names():
    html = page(head=_yoast_graph("Doris Keller"), top='<p class="meta">Posted in Gardening, Doris Keller</p>')
    assert authors_of(html) == [Author("Doris Keller")]


def test_jsonld_author_given_by_id_that_the_page_never_shows_is_not_taken():
    """The account a WordPress plugin wires in ('Webteam Keller') when the theme shows no author."""
    assert authors_of(page(head=_yoast_graph("Webteam Keller"))) == []


def test_jsonld_in_graph_is_read():
    html = page(head=ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"},
        {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}]}))
    assert authors_of(html) == [Author("Jane Doe")]


def test_jsonld_organization_author_gives_way_to_a_person():
    html = page(head=ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Planet"}})
                + '<meta name="author" content="Lois Lane">')
    assert authors_of(html) == [Author("Lois Lane")]


def test_jsonld_organization_author_when_no_person_is_named():
    """Agencies and newsrooms ("BBC News", "AP") are the byline when no person is given."""
    html = page(head=ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Planet"}}))
    assert authors_of(html) == [Author("Daily Planet")]


def test_jsonld_organization_falls_back_to_meta():
    html = page(head=ld({"@type": "NewsArticle", "author": {"@type": "NewsMediaOrganization", "name": "Daily Planet"}})
                + '<meta name="author" content="Jane Doe">')
    assert authors_of(html) == [Author("Jane Doe")]


def test_meta_author():
    assert authors_of(page(head='<meta name="author" content="Jane Doe">')) == [Author("Jane Doe")]


@pytest.mark.parametrize("key", ["cXenseParse:author", "shareaholic:article_author_name"])
def test_author_meta_of_analytics_and_sharing_tags(key):
    """Cxense's and Shareaholic's tags name the article's author where no standard meta does."""
    assert authors_of(page(head=f'<meta name="{key}" content="Jane Doe">')) == [Author("Jane Doe")]


def test_meta_author_url_ignored():
    html = page(head='<meta property="article:author" content="https://facebook.com/janedoe">')
    assert authors_of(html) == []


def test_byline_with_two_authors():
    html = page(top='<p class="byline">By Jane Doe and John Roe</p>')
    assert [a.name for a in authors_of(html)] == ["Jane Doe", "John Roe"]


def test_byline_role_from_sibling():
    html = page(top='<div class="meta">by <span class="author"><a href="/a/">James Carter</a></span> '
                    '<span class="author-role">Senior News Editor</span></div>')
    assert authors_of(html) == [Author("James Carter", "Senior News Editor")]


def test_a_desk_credited_in_the_byline_is_stored_as_the_page_gives_it():
    # #17: "Staff", "Redaktion": decide as the page does (both corpora annotate such credits as authors)
    assert authors_of(page(top='<p class="byline">By Staff Writer</p>')) == [Author("Staff Writer")]
    assert authors_of(page(top='<span class="author">Redaktion</span>')) == [Author("Redaktion")]
    assert authors_of(page(top='<p class="byline">By</p>')) == []


def test_duplicate_authors_deduped_case_insensitively():
    html = page(head='<meta name="author" content="Jane Doe"><meta name="author" content="JANE DOE">')
    assert [a.name for a in authors_of(html)] == ["Jane Doe"]


def test_byline_name_comma_role():
    html = page(top='<p class="byline">By Jane Doe, Senior Reporter</p>')
    assert authors_of(html) == [Author("Jane Doe", "Senior Reporter")]


BARE_PREFIX_BUG = "a byline that is only its prefix ('By') is taken as the author name 'By'"


@pytest.mark.parametrize("text", ["By", "Por", "von"])
def test_parse_byline_bare_prefix_is_none(text):
    assert parse_byline(text) is None


def test_byline_prefix_in_own_span_then_author_link():
    html = page(top='<p class="meta"><span class="byline">By</span> <a rel="author" href="/a/jane">Jane Doe</a></p>')
    assert authors_of(html) == [Author("Jane Doe")]


@pytest.mark.parametrize("text,name,role", [
    ("by James Carter Senior News Editor", "James Carter", "Senior News Editor"),
    ("Por Mar\u00eda L\u00f3pez", "Mar\u00eda L\u00f3pez", None),
    ("Von Anna Schmidt", "Anna Schmidt", None),
    ("Jane Doe | Political Correspondent", "Jane Doe", "Political Correspondent"),
    ("JANE DOE", "Jane Doe", None),
    ("Written by Jane Doe", "Jane Doe", None),
])
def test_parse_byline(text, name, role):
    assert parse_byline(text) == Author(name, role)


@pytest.mark.parametrize("text", ["", "admin", "By", "jane@example.com", "https://example.com/jane",
                                  "Updated 14 October 2025", "wordpressadmin", "wp_admin", "Webmaster"])
def test_parse_byline_rejects_non_names(text):
    assert parse_byline(text) is None


@pytest.mark.parametrize("text", ["Badminton Club", "Jane Admin"])
def test_names_holding_admin_are_names(text):
    assert parse_byline(text) == Author(text, None)


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize("raw,expected", [
    ("2025-10-14T11:30:00+02:00", "2025-10-14T09:30:00+00:00"),
    ("2025-10-14T09:30:00Z", "2025-10-14T09:30:00+00:00"),
    ("2025-10-14T04:30:00-0500", "2025-10-14T09:30:00+00:00"),
    ("2025-10-14T09:30:00.123456789Z", "2025-10-14T09:30:00+00:00"),
    ("2025-10-14 09:30:00+00:00", "2025-10-14T09:30:00+00:00"),
    ("2025-10-14T09:30:00", "2025-10-14T09:30:00"),  # naive stays naive
    ("2025-10-14", "2025-10-14"),  # a day stays a day: precision is data, no fake midnight
    ("2025-10-14T00:00:00+02:00", "2025-10-14"),  # a local midnight is how CMSs write a day
])
def test_parse_date_iso(raw, expected):
    assert parse_date(raw, now=NOW) == expected


@pytest.mark.parametrize("raw,expected", [
    ("6 de mayo de 2022 - 2:00 a.\u00a0m.", "2022-05-06T02:00:00"),
    ("6 de mayo de 2022, 10:15 p. m.", "2022-05-06T22:15:00"),
])
def test_a_spaced_meridiem_is_read(raw, expected):
    assert parse_date(raw, now=NOW, languages=["es"]) == expected


def test_parse_date_naive_has_no_offset():
    assert "+" not in parse_date("2025-10-14T09:30:00", now=NOW)


@pytest.mark.parametrize("raw", ["2025-12-01T09:30:00+00:00", "2025-12-01T09:30:00", "2026-01-01"])
def test_parse_date_future_refused(raw):
    assert parse_date(raw, now=NOW) is None


def test_parse_date_within_a_day_of_now_accepted():
    assert parse_date("2025-10-21T06:00:00+00:00", now=NOW) == "2025-10-21T06:00:00+00:00"


@pytest.mark.parametrize("raw,day", [
    ("14 de octubre de 2025", "2025-10-14"),
    ("October 14, 2025", "2025-10-14"),
    ("14. Oktober 2025", "2025-10-14"),
])
def test_parse_date_human_text(raw, day):
    value = parse_date(raw, now=NOW)
    assert value is not None and value.startswith(day)


@pytest.mark.parametrize("raw", ["not a date", "", "   ", "yesterday-ish maybe", "2025-13-45", "1985-01-01"])
def test_parse_date_garbage_is_none(raw):
    assert parse_date(raw, now=NOW) is None


@pytest.mark.parametrize("raw", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_parse_date_out_of_range_offset_is_none(raw):
    assert parse_date(raw, now=NOW) is None


def test_published_from_jsonld_and_raw_kept():
    a = article(head=ld({"@type": "NewsArticle", "datePublished": "2025-10-14T11:30:00+02:00",
                         "dateModified": "2025-10-15T08:00:00Z"}))
    assert a.published == "2025-10-14T09:30:00+00:00"
    assert a.published_raw == "2025-10-14T11:30:00+02:00"
    assert a.modified == "2025-10-15T08:00:00+00:00"


def test_published_from_url_when_page_has_none():
    a = article(url="https://news.example.com/2025/10/14/minister-budget-vote/")
    assert (a.published, a.published_precision) == ("2025-10-14", "day")


def test_future_published_meta_dropped():
    a = article(head='<meta property="article:published_time" content="2030-01-01T00:00:00Z">')
    assert a.published is None and a.published_raw is None


# ---------------------------------------------------------------- FAQ
FAQ_QA = [
    ("What is the fuel subsidy?", "A payment that lowers the price of petrol and diesel at the pump for all drivers."),
    ("When does the change start?", "The subsidy is phased out over two years starting in January of next year."),
]


def headed_faq(heading="Frequently Asked Questions") -> str:
    return f"<h2>{heading}</h2>" + "".join(f"<h3>{q}</h3><p>{a}</p>" for q, a in FAQ_QA)


def faq_ld() -> str:
    return ld({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": f"<p>{a}</p>"}}
        for q, a in FAQ_QA]})


def _assert_faqs(a):
    assert [(f.question, f.answer) for f in a.faqs] == FAQ_QA
    for q, ans in FAQ_QA:
        assert q not in a.body
        assert ans not in a.body
    for p in PARAS:
        assert p in a.body


@pytest.mark.parametrize("heading", ["Frequently Asked Questions", "FAQ", "FAQs", "Preguntas frecuentes",
                                     "H\u00e4ufig gestellte Fragen"])
def test_faq_heading_led_section(heading):
    _assert_faqs(article(inside=headed_faq(heading)))


def test_faq_details_summary():
    inside = "".join(f"<details><summary>{q}</summary><p>{a}</p></details>" for q, a in FAQ_QA)
    _assert_faqs(article(inside=inside))


def test_faq_jsonld_only():
    a = article(head=faq_ld())
    assert [(f.question, f.answer) for f in a.faqs] == FAQ_QA


def test_faq_jsonld_and_visible_one_record_per_question():
    _assert_faqs(article(head=faq_ld(), inside=headed_faq()))


def test_faq_heading_without_questions_is_not_faq():
    tree = parse_html(page(inside="<h2>FAQ</h2><p>We answer readers' questions every Friday.</p>"))
    assert extract_faqs(tree, []) == ([], [])


def test_faq_section_ends_at_same_level_heading():
    inside = headed_faq() + "<h2>What comes next</h2><p>Parliament votes again in November on the tax bill.</p>"
    a = article(inside=inside)
    assert len(a.faqs) == 2
    assert "Parliament votes again in November" in a.body


def test_faq_on_seed_page():
    import pathlib
    html = (pathlib.Path(__file__).parent / "fixtures/corpus/seed/wordpress.html").read_text("utf-8")
    expected = json.loads((pathlib.Path(__file__).parent / "fixtures/corpus/seed/wordpress.expected.json")
                          .read_text("utf-8"))
    a = extract_article(html, "https://www.example-news.test/world/venezuela-us-military-action/", now=NOW)
    assert [{"question": f.question, "answer": f.answer} for f in a.faqs] == expected["faqs"]
    for f in a.faqs:
        assert f.question not in a.body
    assert a.body.rstrip().endswith("increasingly volatile geopolitical landscape.")


# ---------------------------------------------------------------- metadata
@pytest.mark.parametrize("attrs,lang", [('lang="en-US"', "en"), ('lang="de"', "de"), ('lang="pt_BR"', "pt"),
                                        ("", "en"), ('lang="x"', "en")])  # undeclared or bogus: detected
def test_language_from_html_lang(attrs, lang):
    assert article(html_attrs=attrs).language == lang


def test_language_from_og_locale_when_no_lang():
    assert article(html_attrs="", head='<meta property="og:locale" content="es_ES">').language == "es"


def test_section_from_jsonld_article_section():
    a = article(head=ld({"@type": "NewsArticle", "articleSection": "Politics"})
                + '<meta property="article:section" content="World">')
    assert a.section == "Politics"


def test_section_from_meta_then_url():
    assert article(head='<meta property="article:section" content="Business">').section == "Business"
    assert article().section == "world"


def test_tags_from_article_tag_deduped():
    head = "".join(f'<meta property="article:tag" content="{t}">' for t in ["Budget", "Parliament", "budget", " Tax  Law "])
    assert article(head=head).tags == ["Budget", "Parliament", "Tax Law"]


def test_tags_from_jsonld_keywords_string():
    assert article(head=ld({"@type": "NewsArticle", "keywords": "budget, parliament"})).tags == ["budget", "parliament"]


@pytest.mark.parametrize("href,expected", [
    ("/world/minister-budget-vote/", "https://news.example.com/world/minister-budget-vote/"),
    ("minister-budget-vote-2/", "https://news.example.com/world/minister-budget-vote/minister-budget-vote-2/"),
    ("https://www.example.com/x/", "https://www.example.com/x/"),
])
def test_canonical_resolved_against_page_url(href, expected):
    assert article(head=f'<link rel="canonical" href="{href}">').canonical_url == expected


def test_canonical_falls_back_to_og_url():
    assert article(head='<meta property="og:url" content="/world/y/">').canonical_url == "https://news.example.com/world/y/"


def test_image_resolved_and_site_name():
    a = article(head='<meta property="og:image" content="/img/lead.jpg"><meta property="og:site_name" content="Daily Planet">')
    assert a.image_url == "https://news.example.com/img/lead.jpg"
    assert a.site_name == "Daily Planet"


def test_extract_article_survives_out_of_range_published_meta():
    a = article(head='<meta property="article:published_time" content="0001-01-01T00:00:00+01:00">')
    assert a.published is None


# ---------------------------------------------------------------- FAQ formats beyond the seed page
def _faq_page(block: str, head: str = "") -> str:
    return page(head=head, inside=block)


def test_faq_from_definition_list_under_faq_heading():
    html = _faq_page("<h2>Preguntas frecuentes</h2><dl><dt>¿Cuándo empieza?</dt><dd>El lunes.</dd>"
                     "<dt>¿Dónde?</dt><dd>En Madrid.</dd></dl>")
    article = extract_article(html, URL)
    assert [(f.question, f.answer) for f in article.faqs] == [("¿Cuándo empieza?", "El lunes."), ("¿Dónde?", "En Madrid.")]
    assert "En Madrid." not in article.body


def test_glossary_definition_list_is_not_an_faq():
    html = _faq_page("<dl><dt>GDP</dt><dd>Gross domestic product.</dd><dt>CPI</dt><dd>Consumer price index.</dd></dl>")
    assert extract_article(html, URL).faqs == []


def test_faq_from_microdata():
    item = ('<div itemscope itemtype="https://schema.org/Question"><h3 itemprop="name">Wann beginnt es?</h3>'
            '<div itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">'
            '<p itemprop="text">Am Montag um neun Uhr.</p></div></div>')
    html = _faq_page(f'<section itemscope itemtype="https://schema.org/FAQPage">{item}</section>')
    article = extract_article(html, URL)
    assert [(f.question, f.answer) for f in article.faqs] == [("Wann beginnt es?", "Am Montag um neun Uhr.")]
    assert "Am Montag um neun Uhr." not in article.body


def test_faq_in_jsonld_and_visible_dl_is_stored_once():
    ld_block = ld({"@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": "Is it free?", "acceptedAnswer": {"@type": "Answer", "text": "Yes, for residents."}}]})
    html = _faq_page("<h2>FAQ</h2><dl><dt>Is it free?</dt><dd>Yes, for residents.</dd></dl>", head=ld_block)
    article = extract_article(html, URL)
    assert [(f.question, f.answer) for f in article.faqs] == [("Is it free?", "Yes, for residents.")]
    assert "for residents" not in article.body


# ---------------------------------------------------------------- human dates in several languages
FETCHED = datetime(2025, 10, 14, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("raw,expected", [
    ("vor 3 Stunden", "2025-10-14T09:00:00+00:00"),  # relative to fetch time, in UTC
    ("hace 2 días", "2025-10-12T12:00:00+00:00"),
    ("il y a 2 jours", "2025-10-12T12:00:00+00:00"),
    ("October 14, 2025 9:30 AM EDT", "2025-10-14T13:30:00+00:00"),  # zone abbreviation honoured
    ("14.10.2025 11:30 MESZ", "2025-10-14T09:30:00+00:00"),
    ("14 de octubre de 2025, 11:30", "2025-10-14T11:30:00"),  # no zone given: stays naive
    ("Veröffentlicht am 14.10.2025, 11:30 Uhr", "2025-10-14T11:30:00"),
    ("Posted: 10/14/2025", "2025-10-14"),
    ("Publié le 14 octobre 2025 à 11h30", "2025-10-14T11:30:00"),
])
def test_human_dates(raw, expected):
    assert parse_date(raw, FETCHED) == expected


def test_relative_date_in_the_future_is_refused():
    assert parse_date("in 3 days", FETCHED) is None


def test_language_detected_when_the_page_declares_none():
    german = ("Die frühere Ministerin wird neue Generaldirektorin des Wiener Zentrums für Migrationspolitik, "
              "teilte die Organisation am Donnerstag in einer Aussendung mit.")
    html = f"<html><body><article><h1>Neue Chefin</h1><p>{german}</p><p>{german}</p></article></body></html>"
    assert extract_article(html, "https://x.example/politik/neue-chefin").language == "de"


@pytest.mark.parametrize("text,code", [
    ("El Gobierno aprobó este martes la reforma de las pensiones tras una larga negociación con los sindicatos.", "es"),
    ("Le gouvernement a présenté mardi son projet de budget, qui prévoit de nouvelles économies pour l'an prochain.", "fr"),
    ("הממשלה אישרה הערב את התקציב החדש לאחר דיון ארוך בכנסת ובוועדת הכספים של המדינה " * 2, "he"),  # CLD2 says "iw"
    ("a1 b2 c3 " * 12, None),  # no language in there
    ("\ud800" * 100, None),  # text CLD2 cannot read: no guess, no error
])
def test_detect_language(text, code):
    from cleaners.fields.language import detect_language

    assert detect_language(text) == code


def test_declared_language_wins_over_detection():
    html = page(html_attrs='lang="pt-BR"')
    assert extract_article(html, URL).language == "pt"


@pytest.mark.parametrize("byline,names", [
    ("Le Figaro et AFP", ["Le Figaro et AFP"]),  # not two full names: one joint credit
    ("srf/hosb;kesm", ["srf/hosb", "kesm"]),  # initials keep their case, "/" without spaces joins
    ("Guardian staff reporter", ["Guardian staff reporter"]),  # a newsroom credit, not a role split
    ("Von Anna Schmidt und Peter Müller", ["Anna Schmidt", "Peter Müller"]),
    ("Anna von der Leyen und Peter de Vries", ["Anna von der Leyen", "Peter de Vries"]),  # particles are names
    ("Landesamt für Umwelt und Naturschutz - LfU", []),  # an office, not "Naturschutz" with the role "LfU"
])
def test_byline_splitting(byline, names):
    from cleaners.fields.authors import split_names

    assert [a.name for a in (parse_byline(n) for n in split_names(byline)) if a] == names


def test_meta_article_author_is_read():
    html = page(head='<meta name="articleAuthor" content="Anadolu Ajansı">')
    assert [a.name for a in extract_article(html, URL).authors] == ["Anadolu Ajansı"]


def test_a_commenter_or_a_sidebar_teaser_byline_is_not_the_author():
    comment = ('<ol class="commentlist"><li><div class="comment_postinfo"><span class="fn">Trockenduscher</span>'
               '</div><p>Gut gesagt.</p></li></ol>')
    sidebar = ('<aside class="sidebar"><ul><li><a class="post" href="/other/"><span class="author">Kate May</span>'
               '</a></li></ul></aside>')
    assert authors_of(page(inside=comment)) == []
    assert authors_of(page().replace("</main>", "</main>" + sidebar)) == []
    # the story's own footer keeps its byline
    assert authors_of(page(inside='<footer><span class="author">Jane Doe</span></footer>')) == [Author("Jane Doe")]


# ---------------------------------------------------------------- the page's own offset beside a UTC value
def _dated(head: str, body: str = "") -> str:
    story = "".join(f"<p>Paragraph {i} of the story about the budget vote, long enough to be read as text.</p>"
                    for i in range(6))
    return f"<html><head>{head}</head><body><article><h1>Budget vote</h1>{body}{story}</article></body></html>"


@pytest.mark.parametrize("head,body,raw", [
    ('<meta property="article:published_time" content="2019-10-18T22:04:00Z">'
     '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">', "", "Sat, 19 Oct 2019 00:04:00 +0200"),
    ('<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">',
     '<time datetime="2022-05-03T23:37:37-04:00">May 3</time>', "2022-05-03T23:37:37-04:00"),
])
def test_a_utc_value_keeps_the_pages_own_offset_as_its_text(head, body, raw):
    """The instant stored is UTC either way; the raw text is the one at the publisher's offset, whose day is
    the day the page shows."""
    article = extract_article(_dated(head, body), URL)
    assert article.published_raw == raw
    assert article.published == extract_article(_dated(head.split("<meta name")[0]), URL).published


def test_another_instant_at_an_offset_is_not_taken_for_the_local_form():
    head = ('<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">')
    body = '<time datetime="2017-10-12T21:06:39-04:00">Oct 12, 2017</time>'  # another story's date
    article = extract_article(_dated(head, body), URL)
    assert article.published_raw == "2022-05-04T03:37:37+00:00"
    assert article.published == "2022-05-04T03:37:37+00:00"


def test_no_field_keeps_markup_a_cms_escaped_into_its_metas():
    """'&lt;a …&gt;Weiterlesen&lt;/a&gt;' in a description meta reads as '<a …>' once unescaped: it goes."""
    head = ('<meta name="description" content="Der Kicker fordert den DFB auf. &lt;a class=&quot;more&quot; '
            'href=&quot;/a&quot;&gt;Weiterlesen&lt;/a&gt;">'
            '<meta property="article:section" content="&lt;span class=&quot;x&quot;&gt;Sport&lt;/span&gt;">')
    article = extract_article(_dated(head), URL)
    assert article.description == "Der Kicker fordert den DFB auf."
    assert article.section == "Sport"


def test_attribute_text_loses_escaped_tags_and_twice_escaped_entities():
    head = ('<meta name="description" content="Der T\u00fcrsteher wollte es so. &lt;i&gt;Boris blickt zur\u00fcck">'
            '<meta property="article:tag" content="detenci&amp;oacute;n">')
    body = '<figure><img src="/a.jpg" alt="Gesa Quisdorf, Group manager&lt;br /&gt; \u00a9 Nordex"></figure>'
    article = extract_article(_dated(head, body), URL)
    assert article.description == "Der T\u00fcrsteher wollte es so. Boris blickt zur\u00fcck"
    assert article.tags == ["detenci\u00f3n"]
    assert [i.alt for i in article.images] == ["Gesa Quisdorf, Group manager \u00a9 Nordex"]
    assert extract_article(_dated('<meta name="description" content="Wenn x &lt; y gilt">'), URL).description \
        == "Wenn x < y gilt"  # a lone "<" is the writer's


@pytest.mark.parametrize("meta,description", [
    ("Der Kicker fordert den DFB auf. &lt;a href=&quot;/a&quot;&gt;Weiterlesen&lt;/a&gt;", "Der Kicker fordert den DFB auf."),
    ("Die Firma kennen viele bereits,...Read More", "Die Firma kennen viele bereits,..."),
    ("87% an der Wahl … Lesen fortsetzen →", "87% an der Wahl …"),
    ("Read more about the budget in our explainer", "Read more about the budget in our explainer"),
    ("A long excerpt cut here […]", "A long excerpt cut here […]"),
])
def test_a_description_loses_the_read_on_link_it_ends_with(meta, description):
    article = extract_article(_dated(f'<meta name="description" content="{meta}">'), URL)
    assert article.description == description


@pytest.mark.parametrize("head,section", [
    ('<meta property="article:section" content="Brooklyn,Government,Housing and Homelessness">', "Brooklyn"),
    ('<meta property="article:section" content="Business Brief: Nvidia is into nation building and we cool with '
     'that">', "world"),  # a headline is no section's name: the URL's first segment
    ('<meta property="article:section" content="Home">', "world"),
    ('<meta property="article:section" content="Wirtschaft &amp; Finanzen">', "Wirtschaft & Finanzen"),
])
def test_a_section_is_a_short_label(head, section):
    assert extract_article(_dated(head), "https://news.example.com/world/2024/budget-vote/").section == section


@pytest.mark.parametrize("head,site", [
    ('<meta property="og:site_name" content="Cup-Vorschau: Beim BSV Stans freut man sich auf ein Bruderduell und '
     'viele Fans - Handball Schweiz">', "Handball Schweiz"),
    ('<meta property="og:site_name" content="https://www.fr.de">', "fr.de"),
    ('<meta property="og:site_name" content="Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung">',
     "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung"),
])
def test_a_site_name_that_is_a_title_or_an_address(head, site):
    assert extract_article(_dated(head), URL).site_name == site


@pytest.mark.parametrize("url,section", [
    ("https://www.dw.com/de/politik/2023/story-slug/a-123", "politik"),  # past the language code
    ("https://www.jungewelt.de/artikel/473581.html", None),  # a container word, then the story
    ("https://web.archive.org/web/2019/https://www.tv-orange.de/kultur/story-slug", "kultur"),  # the archived path
    ("https://example.com/2021/05/story-slug", None),  # a date names no section
])
def test_a_section_from_the_address(url, section):
    assert extract_article(_dated(""), url).section == section


def test_a_container_word_declared_as_section_is_none():
    head = '<meta property="article:section" content="Articles">'
    assert extract_article(_dated(head), "https://example.com/politics/2021/story-slug").section == "politics"


def test_a_line_break_between_sentences_is_a_space_in_every_reading():
    from cleaners.parse import parse_html, space_breaks, text_of

    tree = parse_html("<html><body><p>First sentence ends.<br>Second<br><b>bold</b> one.<br> spaced</p></body></html>")
    space_breaks(tree)
    assert text_of(tree.find(".//p")) == "First sentence ends. Second bold one. spaced"
    a = article(inside="<p>The vote was close.<br>The minister left the chamber without a word to reporters.</p>")
    assert "The vote was close.\n\nThe minister left" in a.body  # lines stay as trafilatura breaks them


def test_a_ruby_reading_is_not_part_of_the_text():
    # furigana over kanji: the reader sees 子ども with こ above it; the text is 子ども, not 子こども
    top = "<h1><ruby>子<rp>（</rp><rt>こ</rt><rp>）</rp></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律</h1>"
    inside = "".join(f"<p>第{i}段落。<ruby>政府<rt>せいふ</rt></ruby>は<ruby><rb>法律</rb><rp>（</rp><rt>ほうりつ</rt>"
                     "<rp>）</rp></ruby>を改正し、子どもへの体罰を禁止することを決めました。</p>" for i in range(6))
    a = article(title="子どもへの体罰を禁止する法律 | NHK", top=top, inside=inside)
    assert a.title == "子どもへの体罰を禁止する法律"
    assert "第0段落。政府は法律を改正し" in a.body and "せいふ" not in a.body  # an <rb> base stays in its line


def test_a_date_inside_a_sentence_stays_in_the_body():
    # trafilatura deletes every <time> with its words; a byline's own date line still goes
    inside = ('<p class="byline">By Jane Doe, <time datetime="2024-03-05">5 March 2024</time></p>'
              '<p>The vote on <time datetime="2024-03-03">3 March</time> was close, and the minister left the '
              'chamber without a word to the reporters waiting outside.</p>'
              + "".join(f"<p>Paragraph {i} of the story about the budget vote, long enough to be read as text.</p>"
                        for i in range(5)))
    a = article(inside=inside)
    assert "The vote on 3 March was close" in a.body
    assert "5 March 2024" not in a.body


def test_a_page_stating_only_its_modification_has_no_publication_date():
    # htmldate's last resort finds the modified time; the page never says when it was published
    head = '<meta property="article:modified_time" content="2021-03-04T10:00:00+00:00">'
    a = extract_article(_dated(head), "https://example.com/guide/budget-vote")
    assert a.published is None and a.modified.startswith("2021-03-04")
    both = head + '<meta property="article:published_time" content="2021-02-01T09:00:00+00:00">'
    assert extract_article(_dated(both), "https://example.com/guide/budget-vote").published.startswith("2021-02-01")


def test_a_headline_for_screen_readers_only_is_not_the_visible_one():
    top = '<h1 class="sr-only">Daily Planet news</h1><h2 class="entry-title">Minister survives budget vote</h2>'
    a = article(title="Minister survives budget vote | Daily Planet", top=top)
    assert a.title == "Minister survives budget vote"
