"""Bylines read as a grammar, with roles; dates that only the visible byline states; headlines chosen by
evidence. Each snippet is markup as themes and CMSs render it, and each failed on the extractors before
issue 17 (unrecognised class names, author-archive links, prefixes, roles after separators, dates only in
text, site names as h1)."""

from __future__ import annotations

import pytest

from cleaners import Author, extract_article
from cleaners.fields.authors import parse_byline, parse_byline_line
from test_fields import NOW, URL, article, ld, page


def _h1(text: str = "Minister survives budget vote") -> str:
    return f"<h1>{text}</h1>"


# ---------------------------------------------------------------- bylines: grammar in many languages
@pytest.mark.parametrize("line,expected", [
    ("By Jane Doe and John Roe", [("Jane Doe", None), ("John Roe", None)]),
    ("Por Ana Ruiz, corresponsal en Bogotá", [("Ana Ruiz", "corresponsal en Bogotá")]),
    ("Von Lena Fischer · Senior News Editor", [("Lena Fischer", "Senior News Editor")]),
    ("Par Claire Martin (AFP)", [("Claire Martin", "AFP")]),
    ("Przez Anna Kowalska i Piotr Nowak", [("Anna Kowalska", None), ("Piotr Nowak", None)]),
    ("Av Erik Lund og Sara Berg", [("Erik Lund", None), ("Sara Berg", None)]),
    ("Di Marco Rossi e Giulia Bianchi", [("Marco Rossi", None), ("Giulia Bianchi", None)]),
    ("Door Jan de Vries | Correspondent", [("Jan de Vries", "Correspondent")]),
    ("Veröffentlicht von Lena Fischer am 14.10.2025, 11:30 Uhr", [("Lena Fischer", None)]),
    ("Jane Doe | 3 March 2024", [("Jane Doe", None)]),
    ("Von: Lena Fischer", [("Lena Fischer", None)]),
    ("Por Ana Ruiz y Luis Gómez | 3 de marzo de 2024", [("Ana Ruiz", None), ("Luis Gómez", None)]),
    ("By Michael Hingstonfacebooktwitterwhatsapp", [("Michael Hingston", None)]),  # share labels run in
    ("Carla Chevez | Autor", [("Carla Chevez", None)]),  # the line's label, not a job
    ("Text & Fotos: Ivan Valetny", [("Ivan Valetny", None)]),  # a credit for words and pictures
    ("Text und Bild: Anna Meier", [("Anna Meier", None)]),
    # labels in more languages
    ("Tekst: Anna Nowak, zdjęcia: Piotr Lis", [("Anna Nowak", None)]),  # the photographer is no author
    ("Szerző: Kovács Anna", [("Kovács Anna", None)]),
    ("Yazan: Ayşe Yılmaz", [("Ayşe Yılmaz", None)]),
    ("Kirjoittaja: Matti Virtanen", [("Matti Virtanen", None)]),
    ("Napsal Jan Novák", [("Jan Novák", None)]),
    ("Scris de Ion Popescu", [("Ion Popescu", None)]),
    ("Från TT", [("TT", None)]),
    ("Reporting by Jane Doe; Editing by John Roe", [("Jane Doe", None)]),  # the editor did not write it
])
def test_byline_grammar(line, expected):
    assert [(a.name, a.role) for a in parse_byline_line(line)] == expected


@pytest.mark.parametrize("line,expected", [
    # a role in a language whose job titles are not listed: lowercase after a capitalised name
    ("Av Anna Svensson, utrikesreporter", [("Anna Svensson", "utrikesreporter")]),
    ("Przez Jan Kowalski, dziennikarz", [("Jan Kowalski", "dziennikarz")]),
    # a short lowercase word is an agency's credit, a co-author as the page lists it
    ("Von Felix Berg, Jana Wolf, dpa", [("Felix Berg", None), ("Jana Wolf", None), ("dpa", None)]),
    # each person with a role, the second opened by "and"
    ("By Sarah Lee, Health Reporter, and Tom Brown, Science Editor",
     [("Sarah Lee", "Health Reporter"), ("Tom Brown", "Science Editor")]),
    ("By Jane Smith—Senior Reporter", [("Jane Smith", "Senior Reporter")]),  # an em dash set tight
    # letters after a name are part of it, not another person nor a role
    ("By Dr. Alan Grant, PhD", [("Dr. Alan Grant, PhD", None)]),
    ("By Alan Grant, PhD, Senior Editor", [("Alan Grant, PhD", "Senior Editor")]),
    ("By John Roe, Jr., and Jane Doe", [("John Roe, Jr.", None), ("Jane Doe", None)]),
    ("srf/hosb;kesm", [("srf/hosb", None), ("kesm", None)]),  # all lowercase: initials, not roles
])
def test_byline_grammar_roles_and_post_nominals(line, expected):
    assert [(a.name, a.role) for a in parse_byline_line(line)] == expected


@pytest.mark.parametrize("line,name", [
    ("Von Mat\u00adthi\u00adas Lau\u00aderer", "Matthias Lauerer"),  # soft hyphens a CMS puts in long words
    ("By Anna\u200b Schmidt", "Anna Schmidt"),
])
def test_invisible_characters_inside_a_name(line, name):
    assert [a.name for a in parse_byline_line(line)] == [name]


@pytest.mark.parametrize("line,name", [
    # scripts without capitals: their words count as a name's capitalised ones
    ("\u0628\u0642\u0644\u0645 \u0645\u062d\u0645\u062f \u0643\u0631\u064a\u0645\u064a", "\u0645\u062d\u0645\u062f \u0643\u0631\u064a\u0645\u064a"),
    ("\u05de\u05d0\u05ea \u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9", "\u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9"),
    ("\u0410\u0432\u0442\u043e\u0440: \u0410\u043d\u043d\u0430 \u0418\u0432\u0430\u043d\u043e\u0432\u0430", "\u0410\u043d\u043d\u0430 \u0418\u0432\u0430\u043d\u043e\u0432\u0430"),
    ("Yazar: Ay\u015fe Y\u0131lmaz", "Ay\u015fe Y\u0131lmaz"),
])
def test_bylines_in_arabic_hebrew_russian_turkish(line, name):
    assert [a.name for a in parse_byline_line(line)] == [name]


def test_a_zero_width_non_joiner_that_spells_a_name_stays():
    name = "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627 Karimi"  # Persian writes "Mohammadreza" with one
    assert parse_byline(name).name == name


# Drupal's node template: "Submitted by !username on !datetime", in the core translations' words
@pytest.mark.parametrize("lang,line,name", [
    ("en", 'Submitted by <span class="username">Maria Lopez</span> on Tue, 01/02/2019 - 10:00', "Maria Lopez"),
    ("de", 'Gespeichert von <span><span about="/user/12" typeof="schema:Person" property="schema:name">Hans Weber'
           '</span></span> am <span>Mi., 02.01.2019 - 10:00</span>', "Hans Weber"),
    ("fr", 'Soumis par <a href="/user/3" class="username">Claire Martin</a> le mer 02/01/2019 - 10:00', "Claire Martin"),
    ("es", 'Enviado por <span class="username">Lucía Gómez</span> el Mié, 02/01/2019 - 10:00', "Lucía Gómez"),
])
def test_drupal_submitted_by_line(lang, line, name):
    a = article(top=_h1() + f'<div class="node__submitted">{line}</div>', html_attrs=f'lang="{lang}"')
    assert a.authors == [Author(name)]
    assert a.published.startswith("2019-01-02")  # day first outside English
    assert line.split()[0] not in a.body


def test_byline_with_author_archive_links_and_a_role_after_a_separator():
    top = (_h1() + '<p class="article-byline">Por <a href="/autor/ana-ruiz">Ana Ruiz</a>, corresponsal en Bogotá'
           ' · <time>3 de marzo de 2024</time></p>')
    assert article(top=top, html_attrs='lang="es"').authors == [Author("Ana Ruiz", "corresponsal en Bogotá")]


def test_two_linked_authors_in_a_bem_byline():
    top = (_h1() + '<div class="c-byline"><span class="c-byline__prefix">Von</span> '
           '<a class="c-byline__link" href="/autoren/lena-fischer">Lena Fischer</a> und '
           '<a class="c-byline__link" href="/autoren/jan-berg">Jan Berg</a></div>')
    assert [a.name for a in article(top=top, html_attrs='lang="de"').authors] == ["Lena Fischer", "Jan Berg"]


def test_declared_person_gets_the_role_the_visible_byline_gives():
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Lena Fischer"}})
    top = _h1() + '<div class="article__byline">By Lena Fischer | Senior News Editor</div>'
    assert article(head=head, top=top).authors == [Author("Lena Fischer", "Senior News Editor")]


def test_role_in_parentheses_after_a_rel_author_link():
    top = _h1() + '<div class="meta">Par <a rel="author" href="/auteur/claire-martin">Claire Martin</a> (AFP)</div>'
    assert article(top=top, html_attrs='lang="fr"').authors == [Author("Claire Martin", "AFP")]


def test_site_name_as_meta_author_gives_way_to_the_byline():
    head = '<meta property="og:site_name" content="Daily Planet"><meta name="author" content="Daily Planet">'
    top = _h1() + '<p class="post-meta">By <span class="post-author-name">Jane Doe</span></p>'
    assert article(head=head, top=top).authors == [Author("Jane Doe")]


def test_comment_authors_and_author_list_links_are_not_bylines():
    top = (_h1() + '<nav><a href="/autoren">Autoren</a></nav>'
           '<p class="entry-meta">von <span class="entry-author">Lena Fischer</span></p>')
    inside = '<div class="comments"><span class="comment-author-link">Bob</span></div>'
    assert article(top=top, inside=inside, html_attrs='lang="de"').authors == [Author("Lena Fischer")]


@pytest.mark.parametrize("login,expected", [("c1ph4", [Author("c1ph4")]), ("admin1", []), ("12345", [])])
def test_a_rel_author_link_may_name_a_login(login, expected):
    top = _h1() + f'<div class="post-meta">22. Januar 2020 // Autor: <a rel="author" href="/author/x/">{login}</a></div>'
    assert article(top=top, html_attrs='lang="de"').authors == expected


_REPLIES = ('<ol class="commentlist"><li class="comment odd"><div class="comment-author vcard">'
            '<cite class="fn">Margit Heumann</cite></div><p>Schöner Text!</p></li>'
            '<li class="comment {mark}"><div class="comment-author vcard"><cite class="fn">jancak</cite></div>'
            '<p>Danke!</p></li></ol>')


def test_the_post_authors_own_reply_names_a_blog_post_without_a_byline():
    marked = article(top=_h1(), inside=_REPLIES.format(mark="bypostauthor byuser"), html_attrs='lang="de"')
    unmarked = article(top=_h1(), inside=_REPLIES.format(mark="byuser"), html_attrs='lang="de"')
    assert marked.authors == [Author("jancak")]
    assert unmarked.authors == []  # commenters are no authors


def test_a_byline_wins_over_the_post_authors_reply():
    top = _h1() + '<p class="entry-meta">von <span class="entry-author">Lena Fischer</span></p>'
    assert article(top=top, inside=_REPLIES.format(mark="bypostauthor"), html_attrs='lang="de"').authors \
        == [Author("Lena Fischer")]


@pytest.mark.parametrize("href,expected", [
    ("/members/fri.juli/", [Author("fri.juli")]),  # a community site's member page
    ("/user/4711", [Author("fri.juli")]),
    ("/user/login?next=/post", []),  # the sign-in page is nobody's
    ("/users/sign_out", []),
    ("https://www.youtube.com/user/fri.juli", []),  # a profile on another site: a social link
])
def test_a_link_to_a_members_page_under_the_headline_names_the_author(href, expected):
    top = _h1() + f'<div class="x9"><a href="{href}"><div class="x7">fri.juli</div></a></div>'
    assert article(top=top, html_attrs='lang="de"').authors == expected


def test_photo_credit_is_not_an_author():
    top = _h1() + '<p class="byline-credit">Photograph by Ed Marshall</p>'
    assert article(top=top).authors == []


def test_the_organisation_after_a_photo_credit_is_not_an_author_either():
    top = _h1() + '<div class="img__author">Photograph by <span>Ed Marshall, Island Restoration Programme</span></div>'
    assert article(top=top).authors == []


def test_the_site_domain_beside_a_reporter_is_dropped():
    head = '<meta name="author" content="Jane Doe"><meta name="author" content="planet.example">'
    assert article(head=head).authors == [Author("Jane Doe")]


# ---------------------------------------------------------------- dates only in the visible byline
@pytest.mark.parametrize("line,lang,published,precision", [
    ("Published Mar 3, 2024 7:15 PM EST", "en", "2024-03-04T00:15:00+00:00", "minute"),
    ("Publicado el 3 de marzo de 2024, 19:15", "es", "2024-03-03T19:15:00", "minute"),
    ("03/03/2024 19:15 CET", "fr", "2024-03-03T18:15:00+00:00", "minute"),
    ("14.01.2022 um 09:25", "de", "2022-01-14T09:25:00", "minute"),
    ("Veröffentlicht am 3. März 2024", "de", "2024-03-03", "day"),
    ("| 30 septembre 2018", "fr", "2018-09-30", "day"),
    ("Yayınlanma tarihi: 5 Ekim 2023 14:30", "tr", "2023-10-05T14:30:00", "minute"),
    ("Опубликовано 5 октября 2023, 14:30", "ru", "2023-10-05T14:30:00", "minute"),
    ("Publikováno 5. října 2023", "cs", "2023-10-05", "day"),
    # two dates on one line: the one labelled as published, not the update before it
    ("Uppdaterad 6 oktober 2023 · Publicerad 5 oktober 2023", "sv", "2023-10-05", "day"),
    ("Updated Oct 6, 2023 | Published Oct 5, 2023", "en", "2023-10-05", "day"),
    # the word for o'clock, Norwegian's language code, Dutch "om", Hungarian's year-first dates
    ("Publicerad 3 mars 2024 kl. 19.15", "sv", "2024-03-03T19:15:00", "minute"),
    ("Publisert 3. mars 2024 kl. 19:15", "no", "2024-03-03T19:15:00", "minute"),
    ("Gepubliceerd op 3 maart 2024 om 19:15", "nl", "2024-03-03T19:15:00", "minute"),
    ("Közzétéve: 2024. március 3. 19:15", "hu", "2024-03-03T19:15:00", "minute"),
    ("2024. március 3.", "hu", "2024-03-03", "day"),
])
def test_date_only_in_the_visible_byline(line, lang, published, precision):
    top = _h1() + f'<div class="article-meta"><span class="byline">Jane Doe</span> <span>{line}</span></div>'
    a = article(top=top, html_attrs=f'lang="{lang}"')
    assert (a.published, a.published_precision) == (published, precision)


@pytest.mark.parametrize("line,lang,published", [
    # WordPress's classic theme closes a post with this sentence; the weekday sits between label and date
    ("This entry was posted on Wednesday, May 19th, 2010 at 11:03 pm and is filed under News, Politics and Budget.",
     "en",
     "2010-05-19T23:03:00"),
    ("Dieser Artikel über den Haushalt wurde am 19. Mai 2010 um 23:03 Uhr gepostet und unter Politik abgelegt.",
     "de",
     "2010-05-19T23:03:00"),
])
def test_the_post_metadata_sentence_after_the_story_dates_it(line, lang, published):
    inside = f'<p class="postmetadata alt"><small>{line}</small></p>'
    assert article(top=_h1(), inside=inside, html_attrs=f'lang="{lang}"').published == published


def test_an_event_date_in_a_german_sentence_is_not_read_as_the_posts_date():
    # "wurde am <date>" alone is an event ("… wurde am 3. März 2020 beschlossen"), not the post's date line
    # (htmldate may still find it as a last resort, without the weight of a line near the headline)
    from cleaners.fields.dates import visible_dates
    from cleaners.parse import parse_html

    event = ("Das umstrittene Gesetz zur Reform der Grundsteuer wurde am 3. März 2020 nach langer Debatte "
             "im Bundestag beschlossen.")
    posted = "Dieser Artikel über den Haushalt wurde am 3. März 2020 um 10:00 Uhr gepostet und unter Politik abgelegt."
    for line, found in ((event, []), (posted, ["3. März 2020 um 10:00 Uhr"])):
        tree = parse_html(page(top=_h1(), inside=f"<p><small>{line}</small></p>", html_attrs='lang="de"'))
        assert visible_dates(tree) == found


@pytest.mark.parametrize("line,lang,found", [
    # a short sentence of the story naming an event's date: no date line, however near the headline
    ("Der nächste Stammtisch findet am Mi. 5. Februar 2020 ab 19 Uhr im Cafe Hurricane statt.", "de", []),
    ("The next meeting takes place on March 5, 2024 at the old town hall.", "en", []),
    ("La próxima reunión será el 5 de marzo de 2024 en el ayuntamiento.", "es", []),
    # date lines that end as a sentence ends, or hold words on one side only, are still read
    ("Geschrieben von Max Muster am 3. März 2024.", "de", ["3. März 2024"]),
    ("Erstellt am 3. März 2024 von Max Muster.", "de", ["3. März 2024"]),
    ("Von Max Muster, 14.01.2022 um 09:25", "de", ["14.01.2022 um 09:25"]),
    ("March 5, 2024. Updated with the council's reply.", "en", ["March 5, 2024"]),
])
def test_a_date_inside_a_story_sentence_is_no_date_line(line, lang, found):
    from cleaners.fields.dates import visible_dates
    from cleaners.parse import parse_html

    tree = parse_html(page(top=_h1(), inside=f"<p>{line}</p>", html_attrs=f'lang="{lang}"'))
    assert visible_dates(tree) == found


def test_dates_in_teasers_far_below_are_not_the_article_date():
    top = _h1() + '<p class="meta">Lena Fischer, 14.10.2025</p>'
    inside = '<aside class="related"><ul><li><span>01.01.2020</span> Older story</li></ul></aside>'
    assert article(top=top, inside=inside, html_attrs='lang="de"').published == "2025-10-14"


def test_an_updated_line_is_not_the_publication_date():
    top = _h1() + '<p class="meta">Aktualisiert am 15.10.2025</p><p class="meta">14.10.2025</p>'
    assert article(top=top, html_attrs='lang="de"').published == "2025-10-14"


@pytest.mark.parametrize("footer,published", [
    ("<footer><p>© 2016 Example Theme</p></footer>", None),  # a year alone: no day, and not January 1st
    ("<footer><p>Stand: 1. Januar 2016 · © 2016</p></footer>", "2016-01-01"),  # the day stated
])
def test_a_copyright_year_is_no_publication_day(footer, published):
    html = page(top=_h1(), html_attrs='lang="de"').replace("</main>", "</main>" + footer)
    assert extract_article(html, "https://news.example.com/2015/story/", now=NOW).published == published


def test_a_future_visible_date_is_refused():
    top = _h1() + '<p class="meta">14.10.2030</p>'
    assert article(top=top, html_attrs='lang="de"').published is None


# ---------------------------------------------------------------- headline by evidence
def test_h1_in_a_navigation_teaser_is_not_the_headline():
    head = ld({"@type": "NewsArticle", "headline": "Harbour reopens after the storm"})
    top = '<nav><ul><li><h1>Another story entirely</h1></li></ul></nav>'
    assert article(head=head, top=top, title="Another story entirely").title == "Harbour reopens after the storm"


def test_site_name_h1_gives_way_to_the_declared_title():
    head = '<link rel="canonical" href="https://www.iconmag.example/story/1">'
    top = '<h1>Iconmag</h1>'
    a = article(head=head, top=top, title="Davor und Danach | Iconmag", url="https://www.iconmag.example/story/1")
    assert a.title == "Davor und Danach"


@pytest.mark.parametrize("h1,title", [
    ("Iconmag Magazine", "Davor und Danach"),  # the site's name, at the heading's start
    ("Welcome to Iconmag", "Davor und Danach"),  # and at its end
    ("Unsere Iconmag Joghurts", "Unsere Iconmag Joghurts"),  # a product of the site's brand: a heading
])
def test_a_heading_naming_the_site_inside_a_phrase_is_a_headline(h1, title):
    head = '<link rel="canonical" href="https://www.iconmag.example/story/1">'
    a = article(head=head, top=f"<h1>{h1}</h1>", title="Davor und Danach | Iconmag",
                url="https://www.iconmag.example/story/1")
    assert a.title == title


def test_declared_kicker_with_the_h1_keeps_the_kicker():
    head = (ld({"@type": "NewsArticle", "headline": "After the vote: Minister survives budget"})
            + '<meta property="og:title" content="After the vote: Minister survives budget">')
    assert article(head=head, top="<h1>Minister survives budget</h1>").title == "After the vote: Minister survives budget"


@pytest.mark.parametrize("h1", [
    '<h1><div class="topic-label">After the vote</div> Minister survives budget challenge</h1>',
    '<h1><span class="h1small">After the vote</span> Minister survives budget challenge</h1>',
    '<h1><span class="lead-in">After the vote</span><span class="invisible">: </span>'
    '<span class="headline">Minister survives budget challenge</span></h1>',
])
def test_a_label_set_apart_before_the_headline_is_its_kicker_whatever_its_class(h1):
    assert article(top=h1).title == "Minister survives budget challenge"


@pytest.mark.parametrize("h1,title", [
    # the sentence goes on after the element: one headline, not a label and a headline
    ('<h1><span class="name">Jane Doe</span> says the budget will pass</h1>', "Jane Doe says the budget will pass"),
    ("<h1><em>New</em> Rules For Fuel Subsidies Announced</h1>", "New Rules For Fuel Subsidies Announced"),
])
def test_an_element_opening_the_headline_sentence_stays(h1, title):
    assert article(top=h1).title == title


def test_the_h1_is_stored_as_written_quotes_and_dashes_untouched():
    head = '<meta property="og:title" content="Minister says \'no deal\' - budget passes">'
    top = "<h1>Minister says ‘no deal’ – budget passes</h1>"
    assert article(head=head, top=top).title == "Minister says ‘no deal’ – budget passes"


def test_host_named_title_segments_are_stripped_without_a_site_name():
    head = '<link rel="canonical" href="https://petri-fish.example/de/winterhechte">'
    a = article(title="Bielersee-Winterhechte | petri-fish.example", head=head)
    assert a.title == "Bielersee-Winterhechte"


def test_one_name_per_element_without_separators():
    top = (_h1() + '<div class="article-byline"><div class="article-origins"><span class="simple">Maria Berger</span> '
           '<span class="simple">Tom Keller</span> <span class="simple">Eva Lindner</span></div></div>')
    assert [a.name for a in article(top=top, html_attrs='lang="de"').authors] == ["Maria Berger", "Tom Keller",
                                                                                  "Eva Lindner"]


def test_disagreeing_structured_dates_resolved_by_the_date_shown():
    head = (ld({"@type": "NewsArticle", "datePublished": "2021-12-06T14:36:00+01:00"})
            + '<meta property="article:published_time" content="2022-12-15T09:13:00+01:00">')
    top = _h1() + '<p class="meta">15.12.2022</p>'
    assert article(head=head, top=top, html_attrs='lang="de"').published == "2022-12-15T08:13:00+00:00"


def test_a_bare_day_never_replaces_a_stated_time():
    head = (ld({"@type": "NewsArticle", "datePublished": "2024-04-25T19:30:04+02:00"})
            + '<meta name="date" content="2024-04-26">')
    top = _h1() + '<p class="meta">26.04.2024</p>'  # an edition's date, shown beside the headline
    a = article(head=head, top=top, html_attrs='lang="de"')
    assert (a.published, a.published_precision) == ("2024-04-25T17:30:04+00:00", "second")


def test_without_an_h1_the_h2_holding_the_declared_title_whole():
    top = "<h2>Report on the harbour for 22.04.2020 – what is the council waiting for?</h2>"
    a = article(top=top, title="Report on the harbour for 22.04.2020 - Harbour Blog")
    assert a.title == "Report on the harbour for 22.04.2020 – what is the council waiting for?"


def test_a_phrase_under_a_byline_class_is_no_name():
    top = _h1() + '<p class="post-author">Notizen zur Geschichte des Hafens</p>'
    assert article(top=top, html_attrs='lang="de"').authors == []


# ---------------------------------------------------------------- headline: pieces of the h1, site segments
def test_h1_that_is_the_first_segment_of_the_title_is_the_headline():
    a = article(top="<h1>Faire Lieferketten</h1>", title="Faire Lieferketten - Jugendwerk in Musterstadt - JWM")
    assert a.title == "Faire Lieferketten"


def test_h1_that_is_one_link_to_the_home_page_is_the_site_name():
    top = '<h1><a href="https://www.talks.example/">Talks and more</a></h1>'
    a = article(top=top, title="Talks and more » Harbour reopens after the storm")
    assert a.title != "Talks and more"


@pytest.mark.parametrize("h1,og,expected", [
    # a roofline in its own element before the headline the page declares
    ('<h1><span class="detail__roofline">Food security</span> Minister pledges support to the programme</h1>',
     "Minister pledges support to the programme", "Minister pledges support to the programme"),
    # a subtitle in its own element after it
    ('<h1><span>Fish cakes, hot and fresh</span> <small>Welcome to the flavour capital of the north</small></h1>',
     "Fish cakes, hot and fresh", "Fish cakes, hot and fresh"),
    # a date and categories after a line break
    ('<h1>Spectators return to the clubs<br><small>02.02.2022 • Association, Press</small></h1>',
     "Spectators return to the clubs", "Spectators return to the clubs"),
    # the site's name after a separator, as in <title>
    ("<h1>Taxonomy: gas is not sustainable | Federal Agency</h1>",
     "Taxonomy: gas is not sustainable", "Taxonomy: gas is not sustainable"),
])
def test_the_part_of_the_h1_that_the_page_declares(h1, og, expected):
    head = f'<meta property="og:title" content="{og}"><meta property="og:site_name" content="Federal Agency">'
    assert article(head=head, top=h1, title=f"{og} | Federal Agency").title == expected


def test_a_kicker_declared_by_one_source_only_does_not_replace_the_h1():
    head = '<meta property="og:title" content="Leadership: Why strengths deserve strengthening">'
    a = article(head=head, top="<h1>Why strengths deserve strengthening</h1>")
    assert a.title == "Why strengths deserve strengthening"


def test_several_h1s_none_the_declared_title_give_way_to_it():
    head = (ld({"@type": "BlogPosting", "headline": "The most beautiful end of the world: Montauk"})
            + '<meta property="og:title" content="The most beautiful end of the world: Montauk">')
    top = "<h1>When, if not now...</h1><p>Intro</p><h1>Downtown Montauk</h1>"
    page_ = page(head=head, inside=top)  # both h1s inside the story's text
    assert extract_article(page_, URL, now=NOW).title == "The most beautiful end of the world: Montauk"


def test_without_an_h1_an_h2_saying_the_titles_first_segment():
    a = article(top="<h2>Villa Galaxy</h2>", title="Villa Galaxy - Holiday villa in Florida")
    assert a.title == "Villa Galaxy"


# ---------------------------------------------------------------- bylines as lines of text; organisations declared
@pytest.mark.parametrize("top,expected", [
    ('<h4>By Giovanni Gaggero | 12/10/2020</h4>', ["Giovanni Gaggero"]),
    ('<div class="info"><a href="/team">Von: Götz Warnke</a></div>', ["Götz Warnke"]),
    ('<div class="postdata"><span class="cat">Posted by Konstantin</span></div>', ["Konstantin"]),
    ('<byline>Von David Hutzler, dpa</byline>', ["David Hutzler"]),
])
def test_a_line_that_reads_as_a_byline(top, expected):
    assert [a.name for a in article(top=_h1() + top, html_attrs='lang="de"').authors] == expected


def test_a_declared_name_the_cms_left_entity_escaped_is_decoded_before_it_is_split():
    """"&oacute;" ends in ";", which also separates names: decoded first, it is one name."""
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Redacci&oacute;n Diario Sur"}})
    assert [a.name for a in article(head=head, top=_h1()).authors] == ["Redacción Diario Sur"]


def test_a_label_written_against_the_linked_name_is_still_a_prefix():
    """"Geschrieben von" and the name's link with no space between them (the author page on a sister site)."""
    top = (_h1() + '<div class="contributor-name"><span class="credit-label">Geschrieben von</span>'
           '<a href="https://es.example.org/author/elisa-marvena/" class="url">Elisa Marvena</a></div>')
    assert [a.name for a in article(top=top, html_attrs='lang="de"').authors] == ["Elisa Marvena"]


@pytest.mark.parametrize("text,expected", [
    ("Johanna Kropfitsch Alle Artikel", "Johanna Kropfitsch"),  # the author box's link to their other pieces
    ("Jane Doe All posts", "Jane Doe"),
    ("Dienstag", None), ("Dezember", None), ("Monday", None),  # a weekday or month names nobody
    ("April", "April"), ("Byron Katie", "Byron Katie"),  # a first name that is also a month; "By" in a name
])
def test_link_labels_weekdays_and_months_are_not_names(text, expected):
    author = parse_byline(text)
    assert (author.name if author else None) == expected


def test_a_social_handle_after_the_name_is_not_part_of_it():
    top = _h1() + '<div class="td-post-author-name"><a href="/author/wp/">Williams Perdomo @wperdomod</a></div>'
    assert [a.name for a in article(top=top).authors] == ["Williams Perdomo"]


@pytest.mark.parametrize("meta", [
    '<meta name="author" content="Bund der Leser e.V.">',
    '<meta name="author" content="Harbour Media"><meta name="copyright" content="Harbour Media">',
])
def test_an_organisation_declared_as_author_gives_way_to_the_byline(meta):
    top = _h1() + '<p>Von Lena Fischer</p>'
    assert [a.name for a in article(head=meta, top=top, html_attrs='lang="de"').authors] == ["Lena Fischer"]


def test_an_organisation_declared_as_author_stays_when_no_one_else_is_named():
    meta = '<meta name="author" content="Bund der Leser e.V.">'
    assert [a.name for a in article(head=meta, top=_h1()).authors] == ["Bund der Leser e.V."]


def test_without_an_h1_an_h2_saying_the_titles_last_segment():
    top = '<h2><a href="/2020/01/13/journey.html">Journey to and reflections on Python 3</a></h2>'
    a = article(top=top, title="Jane Roe's Digital Home | Journey to and reflections on Python 3")
    assert a.title == "Journey to and reflections on Python 3"


@pytest.mark.parametrize("og,h2", [
    ("30.11. | Book of the week - Nikole Hannah-Jones (ed.) • 1619", "30.11. | Book of the week"),
    ("mountainlog.ch - Outdoor news - High-resolution snow maps on mountainlog.ch",
     "High-resolution snow maps on mountainlog.ch"),
])
def test_an_h1_the_declared_titles_do_not_hold_gives_way_to_the_h2_they_open_or_close_with(og, h2):
    """The section's name as the h1, the story's headline as an h2 that og:title opens or closes with."""
    top = f"<h1>Literature</h1><h2>{h2}</h2>"
    a = article(head=f'<meta property="og:title" content="{og}">', top=top,
                title="Daily Planet | Culture | Literature | " + og)
    assert a.title == h2


@pytest.mark.parametrize("top", [
    # og:title holds the h1: the h1 stays, whatever h2 shares a segment with og:title
    "<h1>Minister survives budget vote</h1><h2>Minister survives budget vote</h2><h2>Daily Planet</h2>",
    # the h2 that og:title closes with is the site's name, not a headline
    "<h1>Vote on the budget</h1><h2>Daily Planet</h2>",
])
def test_the_h1_stays_when_og_title_holds_it_or_the_h2_is_the_sites_name(top):
    og = '<meta property="og:title" content="Minister survives budget vote - Daily Planet">'
    head = og + '<meta property="og:site_name" content="Daily Planet">'
    h1 = top.split("</h1>")[0].removeprefix("<h1>")
    assert article(head=head, top=top).title == h1


def test_an_author_figure_with_an_address_in_its_caption_is_the_byline():
    """The author's picture and name as a <figure>: its <figcaption> holds an <address>, no photo credit."""
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Hannah Ritzmann"}})
    top = (_h1() + '<figure class="flex"><a class="mr-2" href="/autoren/hannah-ritzmann/"><img src="/a.jpg" alt=""></a>'
           '<figcaption><span>Von </span><address class="not-italic"><a class="hover:underline" '
           'href="/autoren/hannah-ritzmann/">Hannah Ritzmann</a>, Redakteurin für Finanzen</address>'
           '<time>09.09.2025, 15:15 Uhr</time></figcaption></figure>')
    authors = article(head=head, top=top, html_attrs='lang="de"').authors
    assert [(a.name, a.role) for a in authors] == [("Hannah Ritzmann", "Redakteurin für Finanzen")]


@pytest.mark.parametrize("line,expected", [
    ("Von Robin Amberg, Volontär (Sport) 06.11.2025, 21:18 Uhr", [("Robin Amberg", "Volontär (Sport)")]),
    ("Von Christian Unger, Redakteur 09.09.2025, 09:58 Uhr", [("Christian Unger", "Redakteur")]),
])
def test_a_date_after_the_role_ends_the_byline(line, expected):
    assert [(a.name, a.role) for a in parse_byline_line(line)] == expected


def test_a_photo_credit_in_a_figcaption_is_still_no_byline():
    top = _h1() + '<figure><img src="/p.jpg"><figcaption>Photo by <a href="/author/ed-marshall/">Ed Marshall</a></figcaption></figure>'
    assert article(top=top).authors == []


def test_the_visible_byline_completes_a_shorter_declared_list():
    """The CMS declares the first author only; the byline under the headline names both."""
    head = '<meta name="author" content="Lena Fischer">'
    top = _h1() + '<div class="meta-item author"><span class="fn">von Lena Fischer, Jan Berg</span></div>'
    authors = article(head=head, top=top, html_attrs='lang="de"').authors
    assert [a.name for a in authors] == ["Lena Fischer", "Jan Berg"]


def test_a_meta_author_the_page_never_shows_gives_way_to_a_byline_line():
    """<meta name=author> names the site's designer on every page; the story's own line names its writer."""
    head = '<meta name="author" content="Studio Pixelwerk">'
    top = _h1() + '<p>Von Lena Fischer</p>'
    assert [a.name for a in article(head=head, top=top, html_attrs='lang="de"').authors] == ["Lena Fischer"]


def test_a_meta_author_alone_is_kept_even_when_not_shown():
    head = '<meta name="author" content="Lena Fischer">'
    assert [a.name for a in article(head=head, top=_h1(), html_attrs='lang="de"').authors] == ["Lena Fischer"]


@pytest.mark.parametrize("line,expected", [
    ("Richard Roe im Gespräch mit Lena Fischer", [("Richard Roe", None), ("Lena Fischer", None)]),
    ("Jane Doe in conversation with John Roe", [("Jane Doe", None), ("John Roe", None)]),
])
def test_an_interview_credit_names_both_people(line, expected):
    assert [(a.name, a.role) for a in parse_byline_line(line)] == expected


def test_an_archived_copy_strips_the_archived_sites_name_from_its_title():
    """A Wayback Machine copy: its canonical link is the archive's; the archived page's host names the site."""
    html = ('<html lang="de"><head><title>Time Tales » Blog Archiv » Weitere Kinos schließen</title>'
            '<link rel="canonical" href="https://web.archive.org/web/20140226054445/http://www.timetales.com/2013/kinos/">'
            '</head><body><h1>Time Tales</h1><p>Text.</p></body></html>')
    url = "https://web.archive.org/web/20140226054445/http://www.timetales.com/2013/kinos/"
    assert extract_article(html, url, now=NOW).title == "Weitere Kinos schließen"


def test_the_pages_own_host_names_the_site_without_a_canonical_link():
    html = ('<html lang="de"><head><title>Time Tales » Blog Archiv » Weitere Kinos schließen</title></head>'
            '<body><h1>Time Tales</h1><p>Text.</p></body></html>')
    assert extract_article(html, "https://www.timetales.com/2013/kinos/", now=NOW).title == "Weitere Kinos schließen"


def test_a_byline_in_a_footer_classed_row_inside_the_article_is_read():
    """A grid row classed as the article's footer holds its byline, as an <article>'s <footer> may."""
    top = (_h1() + '<div class="grid-row footerRow"><div class="documentByLine"><span class="documentAuthor">'
           'erstellt von <a href="/author/dominique">Dominique</a> —</span> <span>veröffentlicht 28.01.2022</span>'
           '</div></div>')
    assert [a.name for a in article(top=top, html_attrs='lang="de"').authors] == ["Dominique"]



@pytest.mark.parametrize("line", [
    "05.02.2020 - Redaktion: Lena Fischer (Pressesprecherin)",
    "– Redaktion: Lena Fischer (Pressesprecherin)",
])
def test_a_byline_line_after_a_date_or_a_separator(line):
    top = _h1() + f'<div class="news-timedata"><span>{line}</span></div>'
    authors = article(top=top, html_attrs='lang="de"').authors
    assert [(a.name, a.role) for a in authors] == [("Lena Fischer", "Pressesprecherin")]


def test_a_first_name_alone_is_completed_from_its_persons_description():
    head = ld({"@graph": [
        {"@type": "NewsArticle", "headline": "Minister survives budget vote", "author": {"@id": "#p"}},
        {"@type": "Person", "@id": "#p", "name": "Nils",
         "description": "Nils Roeder ist freier Autor und Journalist."}]})
    top = _h1() + '<p class="byline">Von <a href="/author/nils/">Nils</a></p>'
    inside = '<div class="author-bio">Nils Roeder ist freier Autor und Journalist.</div>'
    authors = article(head=head, top=top, inside=inside, html_attrs='lang="de"').authors
    assert [a.name for a in authors] == ["Nils Roeder"]


def test_a_first_name_stays_when_the_page_never_says_the_longer_name():
    head = ld({"@graph": [
        {"@type": "NewsArticle", "headline": "Minister survives budget vote", "author": {"@id": "#p"}},
        {"@type": "Person", "@id": "#p", "name": "Nils", "description": "Nils Fotografie und Text."}]})
    top = _h1() + '<p class="byline">Von <a href="/author/nils/">Nils</a></p>'
    assert [a.name for a in article(head=head, top=top, html_attrs='lang="de"').authors] == ["Nils"]


def _webpage_with_author(name: str) -> str:
    return ld({"@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "Garden Notes"},
        {"@type": "WebPage", "@id": "#page", "name": "Growing a lemon tree from seed", "author": {"@id": "#p"}},
        {"@type": "Person", "@id": "#p", "name": name}]})


def test_the_webpage_author_counts_when_no_article_is_declared_and_the_page_shows_the_name():
    inside = '<div class="author__box"><div>About the Author - <span>Florina Ionescu</span></div></div>'
    authors = article(head=_webpage_with_author("Florina Ionescu"), inside=inside).authors
    assert [a.name for a in authors] == ["Florina Ionescu"]


def test_a_webpage_author_the_page_never_shows_is_not_taken():
    assert [a.name for a in article(head=_webpage_with_author("Site Admin Account")).authors] == []


def test_a_credit_line_whose_label_opens_the_block():
    inside = '<section class="credits"><div class="credits-item">Text: <span class="card__author">Ursula Eggers</span></div></section>'
    assert [a.name for a in article(inside=inside, html_attrs='lang="de"').authors] == ["Ursula Eggers"]


def test_a_sentence_opening_with_a_label_word_is_not_a_credit():
    inside = '<p>Text messages reached <a href="/x">Mary Smith</a> late at night.</p>'
    assert [a.name for a in article(inside=inside).authors] == []


def test_a_byline_in_the_hero_module_that_holds_the_headline():
    top = ('<div class="module module-imageTeaser topArticle"><img src="/a.jpg" alt="">'
           '<h1>Minister survives budget vote</h1>'
           '<div class="metaInfo">Ein Artikel von <strong>Pamela Sladky</strong> | 27.01.2022 - 12:45</div></div>')
    assert [a.name for a in article(top=top, html_attrs='lang="de"').authors] == ["Pamela Sladky"]


def test_a_byline_in_a_teaser_module_without_the_headline_is_another_story():
    top = _h1() + ('<div class="module module-imageTeaser"><img src="/b.jpg" alt=""><h3>Other story</h3>'
                   '<div class="metaInfo">Ein Artikel von <strong>Pamela Sladky</strong></div></div>')
    assert article(top=top, html_attrs='lang="de"').authors == []


def test_a_photo_credit_in_an_author_named_box_is_not_the_byline():
    # an image module names its credit line "…__author"; the caption beside it is no byline either
    top = _h1() + ('<figure class="hero"><img src="/a.jpg" alt=""><div class="hero__text">Ships at anchor in '
                   'the harbour at dawn. <div class="hero__author">Photograph by <span>Tom Reed, Harbour Trust'
                   '</span></div></div></figure>')
    assert article(top=top).authors == []


def test_a_byline_inside_a_teaser_link_belongs_to_that_story():
    inside = ('<div class="more"><a class="card__link" href="/world/another-story/"><span>Ports reopen after the '
              'storm passes</span><span class="card__author">By Dana White on 03.03.2024</span></a></div>')
    assert article(inside=inside).authors == []


def test_a_byline_linking_to_its_own_author_page_stays():
    top = _h1() + '<p class="meta">By <a href="/author/dana-white/">Dana White</a> on 03.03.2024</p>'
    assert [a.name for a in article(top=top).authors] == ["Dana White"]


def test_an_author_link_to_another_site_is_that_works_author():
    # a book widget beside a review: "by …" linking to the author's page on a books site
    inside = ('<div class="widget"><div class="book"><a href="https://books.example.org/author/show/12.Mira_Holt">'
              'by Mira Holt</a></div></div>')
    canonical = f'<link rel="canonical" href="{URL}">'
    assert article(head=canonical, inside=inside).authors == []


def test_an_archived_copys_author_link_leads_to_the_archive_and_is_its_own_sites():
    """In a Wayback Machine copy every link leads to web.archive.org; an author page there, archived from the
    page's own host, is this page's author, not another site's (a book widget's is, as above)."""
    archived = "https://web.archive.org/web/20160820205919/http://www.blog.example.de/"
    head = f'<link rel="canonical" href="{archived}2016/08/stelle/">'
    top = ('<div class="x1"><h1 class="x2">Wir suchen eine Kollegin</h1><span class="x3">by <span class="x4">'
           f'<a class="x5" href="{archived}author/dana/" title="View all posts by Dana White">Dana White</a>'
           '</span></span></div>')
    assert [a.name for a in article(head=head, top=top).authors] == ["Dana White"]
    elsewhere = top.replace(f"{archived}author/dana/",
                            "https://web.archive.org/web/20160820205919/http://books.example.org/author/dana/")
    assert article(head=head, top=elsewhere).authors == []


def test_a_share_kit_holding_the_contributors_is_not_a_share_box():
    top = _h1() + ('<div class="xy-sharekit"><div class="xy-sharekit__contributors--author">By Dana White</div>'
                   '<a href="https://twitter.com/intent/tweet">Tweet</a></div>')
    assert [a.name for a in article(top=top).authors] == ["Dana White"]


# ---------------------------------------------------------------- a name beside the date, no markup
# Class names hashed, as minified and CSS-in-JS builds ship them: only the line's shape says byline.
@pytest.mark.parametrize("line, lang, name", [
    ('<p class="x1a">Janic Cathomen, 01.12.2021</p>', "de", "Janic Cathomen"),
    ('<h5 class="x2b">22.11.2022 <span>Christian Mihatsch</span></h5>', "de", "Christian Mihatsch"),
    ('<div class="x3c"><time>June 19, 2019</time> <a href="/u/amiddleton">Andrea Middleton</a></div>', "en",
     "Andrea Middleton"),
    ('<div><span class="x4d">Redaktion</span> 1. November 2023 10:29</div>', "de", "Redaktion"),
])
def test_a_name_beside_the_date_under_the_headline_is_the_byline(line, lang, name):
    assert article(top=_h1() + line, html_attrs=f'lang="{lang}"').authors == [Author(name)]


@pytest.mark.parametrize("line", [
    '<p class="x1a">Aktuelle Meldung 12.03.2020</p>',  # what kind of piece it is
    '<p class="x1a">Paid Content, 12.03.2020</p>',  # a sponsor label
    '<p class="x1a">Last Updated 12.03.2020</p>',  # the date's own label
    '<p class="x1a">Daily Planet 12.03.2020</p>',  # the site's name
    '<p class="x1a"><a href="/2020/03/">12.03.2020</a> <a href="/kultur/">Kultur</a> <a href="/k/">Reise</a></p>',
    '<p class="x1a">12.03.2020 <a href="/category/deutsche-sprache/">Deutsche Sprache</a></p>',  # a category link
    '<p class="x1a">12.03.2020, 14:00 – 18.03.2020</p>',  # two dates, no name
])
def test_a_label_beside_the_date_is_no_byline(line):
    head = '<meta property="og:site_name" content="Daily Planet">'
    assert article(head=head, top=_h1() + line).authors == []


def test_a_commenter_beside_a_date_below_the_story_is_no_byline():
    comments = '<ul class="x9z"><li><span>Robert Cline</span> 12.03.2020</li></ul>'
    assert article(inside=comments).authors == []


def test_two_names_joined_by_a_dash_are_two_people_not_a_name_and_a_role():
    head = '<meta name="author" content="Matthias Hille - Lukas Balbach">'
    assert article(head=head).authors == [Author("Matthias Hille"), Author("Lukas Balbach")]


def test_a_name_and_a_job_joined_by_a_dash_stay_a_name_and_a_role():
    head = '<meta name="author" content="Matthias Hille - Senior Editor">'
    assert article(head=head).authors == [Author("Matthias Hille", "Senior Editor")]


def test_a_declared_job_title_that_only_says_author_is_no_role():
    head = ld({"@type": "NewsArticle", "headline": "Minister survives budget vote",
               "author": {"@type": "Person", "name": "Carla Chevez", "jobTitle": "author"}})
    assert article(head=head).authors == [Author("Carla Chevez")]


def test_a_title_segment_the_home_link_names_is_the_site_without_an_h1():
    # no h1, no og:site_name, and a site name too long to guess: the logo linking home names it
    logo = '<a href="/"><img src="/logo.png" alt="Recipes From The Old Farmhouse Kitchen"></a>'
    a = article(top=logo, title="Lemon cake with poppy seeds | Recipes From The Old Farmhouse Kitchen")
    assert a.title == "Lemon cake with poppy seeds"
    # a link to another site's home page (a theme maker's credit) names no segment of this one
    credit = '<a href="https://theme.example/">Stories from the lake shore</a>'
    a = article(top=credit, title="Stories from the lake shore | Our little lakeside cottage diary")
    assert a.title == "Stories from the lake shore | Our little lakeside cottage diary"


# ---------------------------------------------------------------- a theme's site-wide meta author
_OWNERS = '<meta name="author" content="Maria Hill - Lukas Berg">'
_BLOGROLL = ('</article><aside><ul class="blogroll"><li><a href="https://mariahill.example/" rel="me">Maria Hill</a>'
             '</li><li><a href="https://lukasberg.example/" rel="me">Lukas Berg</a></li></ul></aside><article>')


@pytest.mark.parametrize("canonical,author_href", [
    ("https://news.example.com/world/minister-budget-vote/", "https://news.example.com/author/fabian/"),
    ("https://news.example.com/world/minister-budget-vote/", "http://www.news.example.com/author/fabian/"),
])
def test_the_posts_author_link_outranks_a_site_wide_meta_author(canonical, author_href):
    """A theme writes the blog owners into every page's <meta name=author> (and a blogroll shows them);
    the post says "Erstellt von <a href=/author/fabian/>Fabian</a>". The link's host may carry www. where
    the canonical does not: the same site."""
    a = article(head=_OWNERS + f'<link rel="canonical" href="{canonical}">',
                top=_h1() + f'<p class="date">Erstellt von <a href="{author_href}">Fabian</a> am 6. Mai 2025</p>',
                inside=_BLOGROLL)
    assert [x.name for x in a.authors] == ["Fabian"]


def test_a_shown_meta_author_stays_against_a_login_link_or_a_link_without_a_known_site():
    """A login links to its archive as a person does; an absolute author link on a page that names no
    canonical host may be any site's (a book widget's)."""
    shown = '<p class="bio">Fabian Weber writes about budgets.</p>'
    login = article(head='<meta name="author" content="Fabian Weber">',
                    top=_h1() + '<p>Von <a href="/author/fweber/">fweber</a></p>', inside=shown)
    unknown = article(head='<meta name="author" content="Fabian Weber">',
                      top=_h1() + '<p>Book of the week, by <a href="https://books.example.org/author/ann-lee/">'
                                  'Ann Lee</a></p>', inside=shown)
    assert [x.name for x in login.authors] == [x.name for x in unknown.authors] == ["Fabian Weber"]


# ---------------------------------------------------------------- Avada's hidden rich-snippet author
_AVADA_META = ('<div class="fusion-meta-info"><div class="fusion-meta-info-wrapper"><span class="vcard rich-snippet-hidden">'
               '<span class="fn"><a href="/author/isabell/" title="Beiträge von Isabell Brandt" rel="author">'
               'Isabell Brandt</a></span></span><span class="updated rich-snippet-hidden">2022-12-07T10:10:52+01:00'
               '</span><span>25. Dezember 2022</span><span class="fusion-inline-sep">|</span>'
               '<a href="/category/kultur/" rel="category tag">Kultur</a></div></div>')


def test_a_byline_the_page_shows_outranks_the_account_avada_hides_in_its_meta_line():
    """Avada puts the WordPress account in a hidden vcard for rich snippets; the story says who wrote it."""
    shown = '<div class="fusion-text"><p><span><strong>Von Matthias Lauer</strong></span></p></div>'
    a = article(head='<meta name="author" content="Isabell Brandt">',
                top=_h1() + _AVADA_META + shown)
    assert [x.name for x in a.authors] == ["Matthias Lauer"]


def test_the_hidden_avada_vcard_names_the_author_when_nothing_shown_does():
    a = article(top=_h1() + _AVADA_META)
    assert [x.name for x in a.authors] == ["Isabell Brandt"]


# ---------------------------------------------------------------- Elementor's Post Info widget
def _post_info(custom: str) -> str:
    return ('<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">'
            '<li class="elementor-icon-list-item elementor-inline-item" itemprop="about"><span class="elementor-icon-list-text '
            'elementor-post-info__item elementor-post-info__item--type-terms"><span class="elementor-post-info__terms-list">'
            '<a href="/kategorie/debatte/" class="elementor-post-info__terms-list-item">Kommentar</a></span></span></li>'
            '<li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished"><a href="/2019/10/19/">'
            '<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">'
            '19. Oktober 2019</span></a></li>'
            '<li class="elementor-icon-list-item elementor-inline-item"><span class="elementor-icon-list-text '
            f'elementor-post-info__item elementor-post-info__item--type-custom">{custom}</span></li></ul>')


@pytest.mark.parametrize("custom,names", [
    ("Boris T. Kaiser", ["Boris T. Kaiser"]),  # the byline written as a custom item, no author class
    ("Von Anna Weber und Jan Roth", ["Anna Weber", "Jan Roth"]),
    ("Lesezeit 4 Minuten", []),  # a custom item that names no one
    ("Gastbeitrag", []),
])
def test_a_custom_item_of_elementors_post_info_that_reads_as_names_is_the_byline(custom, names):
    a = article(head='<meta name="author" content="jungefreiheit.de">', top=_h1() + _post_info(custom))
    assert [x.name for x in a.authors] == names


# ---------------------------------------------------------------- the author box after the story
def _author_box(label: str) -> str:
    return ('</div></article><div class="columns m-4"><div class="author-info">'
            f'<h3 class="widget-title">{label}</h3><h4><a title="Zeige alle Beiträge von Lena Brandt" '
            'href="/author/lena-brandt/">Lena Brandt</a></h4><a href="/author/lena-brandt/"><img alt="Lena Brandt" '
            'src="/avatar.jpg"></a><p>Lena schreibt über Musik und Sport.</p></div></div><article><div>')


@pytest.mark.parametrize("label,names", [
    ("Autor", ["Lena Brandt"]),
    ("Über den Autor", ["Lena Brandt"]),
    ("Beliebte Beiträge", []),  # a box that does not say it is about the post's author
])
def test_the_author_box_after_the_story_names_its_author_when_no_byline_does(label, names):
    a = article(top=_h1(), inside=_author_box(label))
    assert [x.name for x in a.authors] == names


# ---------------------------------------------------------------- "DATE von NAME" in a section heading's meta span
@pytest.mark.parametrize("meta,names", [
    ("06.11.2023 13:30 von Olga", ["Olga"]),  # the date, a byline prefix, one capitalised word: who wrote it
    ("06.11.2023 13:30 Olga", []),  # one word beside a date, no prefix: a place, a section, a name?
    ("06.11.2023 13:30 von admin", []),  # the CMS account
])
def test_a_date_then_a_byline_prefix_then_one_name_in_a_heading_span(meta, names):
    top = ('<h1>Ehezoff eskaliert</h1><img src="/a.jpg" alt="">'
           f'<h2 class="">Stars (1 / 1) <span style="font-size:12px">{meta} </span> '
           '<span style="float:right">Symbolbild imago</span></h2>')
    assert [x.name for x in article(top=top).authors] == names


# ---------------------------------------------------------------- a signed story
@pytest.mark.parametrize("after,names", [
    ('<p class="clearfix"><strong>Marina Mucha</strong></p>', ["Marina Mucha"]),  # the last paragraph, set bold
    ('<p align="right"><em><font size="2">Denis Clerc</font></em></p><p>(1) Ces chiffres viennent de l\'Insee.</p>',
     ["Denis Clerc"]),  # set right, before the footnotes
    ('<p>Marina Mucha</p>', []),  # a plain last line: a signature, or the last words of a list?
    ('<p><strong><a href="/more/">Read More</a></strong></p>', []),  # a link
    ('<p><strong>Marina Mucha</strong></p><p>Die Serie geht nächste Woche weiter.</p>', []),  # not the last
])
def test_a_name_set_apart_after_the_story_signs_it(after, names):
    a = article(top=_h1(), inside=after)
    assert [x.name for x in a.authors] == names


# ---------------------------------------------------------------- a magazine's credits list
def _credits(label: str, value: str) -> str:
    return ('<section class="single-credits"><div class="credits">'
            f'<div class="credits-credit"><div class="credits-credit-label"> {label} </div>'
            f'<div class="credits-credit-text"> {value} </div></div>'
            '<div class="credits-credit"><div class="credits-credit-label">Fotos</div>'
            '<div class="credits-credit-text">Peter Lindbergh</div></div></div></section>')


@pytest.mark.parametrize("label,value,names", [
    ("Interview", "SVEN MICHAELSEN", ["Sven Michaelsen"]),  # the words credited, not the pictures
    ("Text", "Anna Weber und Jan Roth", ["Anna Weber", "Jan Roth"]),
    ("Styling", "Anna Weber", []),  # a credit for something else
])
def test_the_words_credit_of_a_magazines_credits_list_names_the_author(label, value, names):
    a = article(top=_h1(), inside=_credits(label, value))
    assert [x.name for x in a.authors] == names


# ---------------------------------------------------------------- a name beside the date and the update's date
@pytest.mark.parametrize("dates", [
    "05.04.2025 - G&#252;ncelleme : 05.04.2025",  # Turkish "update"
    "05.04.2025 - aktualisiert: 06.04.2025",
])
def test_a_name_beside_the_published_date_when_the_line_also_gives_the_update(dates):
    top = (_h1("Elektrikli araç şarj istasyonu sayısı 11 bini aştı") + '<h4>Bakan Uraloğlu açıkladı.</h4>'
           '<div class="row"><span style="float:left; padding-right: 15px;">Sehernur Karsu &nbsp;|</span> '
           f'<span style="padding-left:0px;" class="tarih">{dates} </span></div>')
    assert [x.name for x in article(top=top).authors] == ["Sehernur Karsu"]


@pytest.mark.parametrize("markup", [
    "<h2>Part {i}</h2><p>Some text {i} here and there.</p>",  # short name-shaped lines, not set apart
    "<p><strong>Anna Berg {i}</strong></p>",  # set apart, each one
])
def test_signature_search_reads_each_paragraph_a_bounded_number_of_times(monkeypatch, markup):
    """The signed-story finder summed the text of every paragraph before each short one: a page of 20,000
    sections took 455 s. Counted, not timed: text reads grow with the paragraphs, not with their square."""
    import cleaners.fields.authors as authors
    from lxml import html as lxml_html

    reads = []
    real = authors.text_of
    monkeypatch.setattr(authors, "text_of", lambda el: reads.append(1) or real(el))
    counts = {}
    for n in (500, 2000):
        reads.clear()
        tree = lxml_html.document_fromstring("<html><body><article><h1>T</h1><p>" + "word " * 300 + "</p>"
                                             + "".join(markup.format(i=i) for i in range(n)) + "</article></body></html>")
        authors._from_signature(tree, [])
        counts[n] = len(reads)
    assert counts[2000] <= 5 * counts[500] + 50, counts  # 4x the paragraphs: about 4x the reads


# ---------------------------------------------------------------- a headline named by its class, no h1
def test_without_an_h1_the_element_its_class_calls_the_headline_is_the_title():
    """A CMS without h1s: the story's headline in <div class="itc-headline">, <title> naming the site and the
    section only ("energie.example | Gaspreise")."""
    a = article(title="energie.example | Gaspreise",
                top='<div class="itc-headline">Energy price crisis: relief and rights at a glance</div>')
    assert a.title == "Energy price crisis: relief and rights at a glance"


@pytest.mark.parametrize("top", [
    '<div class="page-title">Page 1 \\\\ A to Z of energy</div>',  # a page header, not the story's
    '<div class="entry-title"><a href="/other/">Another story of the site</a></div>',  # a teaser's link
    '<h2 class="entry-title">Energy price crisis: relief</h2><div class="news-title">Sidebar story title</div>',
])
def test_a_headline_class_does_not_outrank_what_the_page_declares(top):
    a = article(title="Energy price crisis: relief | energie.example", top=top)
    assert a.title == "Energy price crisis: relief"


def test_a_long_meta_line_is_not_searched_for_an_update_label(monkeypatch):
    """The update-label search ran on a whole meta element before its length was checked, and its pattern
    backtracked over runs of separators: a date then 4,000 "- " took 11 s. Only short lines are searched."""
    import cleaners.fields.authors as authors

    seen = []
    real = authors._before_update
    monkeypatch.setattr(authors, "_before_update", lambda text: seen.append(len(text)) or real(text))
    html = ("<html><body><article><h1>Title of the story here</h1><p class='meta'><span>05.04.2025 " + "- " * 4000
            + "</span></p><p>" + "word " * 300 + "</p></article></body></html>")
    extract_article(html, URL, now=NOW)
    assert all(n <= authors._DATED_MAX + authors._UPDATE_SLACK for n in seen), max(seen)
    assert real("Sehernur Karsu | 05.04.2025 - Güncelleme : 05.04.2025") == "Sehernur Karsu | 05.04.2025"


@pytest.mark.parametrize("byline,expected", [
    ('<span class="name">Jane Doe</span><span class="author-title">Senior Reporter</span>',
     [("Jane Doe", "Senior Reporter")]),
    ('<span class="name">Jane Doe</span><span class="meta">Health Correspondent</span>'
     '<span class="name">John Roe</span>', [("Jane Doe", "Health Correspondent"), ("John Roe", None)]),
    ('<span class="name">Jane Doe</span><span class="name">John Roe</span>', [("Jane Doe", None), ("John Roe", None)]),
])
def test_a_role_in_an_element_of_its_own_is_the_role_of_the_name_before_it(byline, expected):
    """Names and job titles each in an element, no separator written between them: the title was a second author."""
    top = _h1() + f'<div class="byline">{byline}</div>'
    assert [(a.name, a.role) for a in article(top=top).authors] == expected


def test_a_line_break_in_a_byline_separates_the_name_from_the_role():
    """lxml's text_content() joins the text around a <br> ("Jane DoeSenior"): the tree gets a space there."""
    top = _h1() + '<div class="byline">By Jane Doe<br>Senior Reporter</div>'
    assert [(a.name, a.role) for a in article(top=top).authors] == [("Jane Doe", "Senior Reporter")]


# ---------------------------------------------------------------- bylines written without class names
@pytest.mark.parametrize("line", [
    "<div><span>Jane Doe</span><span>March 3, 2024</span></div>",  # minified: no space between the runs
    "<div><span>3. März 2024</span><span>Jane Doe</span></div>",
    "<div><span>Jane Doe</span><time datetime='2024-03-03'>March 3, 2024</time></div>",
])
def test_a_name_beside_the_date_in_runs_side_by_side_is_the_byline(line):
    assert [a.name for a in article(top=_h1() + line).authors] == ["Jane Doe"]


def test_a_section_beside_the_date_is_no_byline():
    assert article(top=_h1() + "<div><span>Politik</span><span>March 3, 2024</span></div>").authors == []


@pytest.mark.parametrize("line", ["— Jane Doe", "– Jane Doe", "(Jane Doe)", "Words: Jane Doe"])
def test_a_signature_set_apart_by_its_marks_names_the_author_and_leaves_the_body(line):
    a = article(top=_h1(), inside=f"<p>{line}</p>")
    assert [x.name for x in a.authors] == ["Jane Doe"] and "Jane Doe" not in a.body


# ---------------------------------------------------------------- bylines in scripts and labels of more languages
STORY_PARAS = "".join(f"<p>Paragraph {i} of the report on the island ferry: the operator changed its timetable this "
                      f"spring and islanders who work on the mainland have had to rearrange their mornings.</p>"
                      for i in range(6))


def _page(lang, before="", after=""):
    return (f"<html lang='{lang}'><head><title>Ferry</title></head><body><article><h1>The island ferry changes its "
            f"timetable</h1>{before}{STORY_PARAS}{after}</article></body></html>")


@pytest.mark.parametrize("lang,line,name,role", [
    ("zh", "记者 王小明", "王小明", None), ("zh", "文/王小明", "王小明", None), ("zh", "作者：王小明", "王小明", None),
    ("ja", "文：山田太郎", "山田太郎", None), ("ja", "記者：山田太郎", "山田太郎", None),
    ("ko", "홍길동 기자", "홍길동", "기자"), ("ko", "홍길동 특파원", "홍길동", "특파원"),
    ("ar", "بقلم: أحمد علي", "أحمد علي", None), ("ar", "كتب: أحمد علي", "أحمد علي", None),
    ("id", "Oleh: Budi Santoso", "Budi Santoso", None), ("id", "Penulis: Budi Santoso", "Budi Santoso", None),
    ("id", "Reporter: Budi Santoso", "Budi Santoso", None), ("tr", "Haber: Ayşe Yılmaz", "Ayşe Yılmaz", None),
    ("el", "Συντάκτης: Γιώργος Παπαδόπουλος", "Γιώργος Παπαδόπουλος", None),
    ("vi", "Tác giả: Nguyễn Văn An", "Nguyễn Văn An", None),
])
def test_a_byline_in_another_script_or_label_names_the_author_and_leaves_the_body(lang, line, name, role):
    a = extract_article(_page(lang, before=f"<p>{line}</p>"), "https://example.test/news/ferry-timetable")
    assert [(x.name, x.role) for x in a.authors] == [(name, role)] and name not in a.body


def test_a_korean_signature_with_the_address_names_the_author_and_leaves_the_body():
    a = extract_article(_page("ko", after="<p>홍길동 기자 hong@example.com</p>"), "https://example.test/news/ferry")
    assert [(x.name, x.role) for x in a.authors] == [("홍길동", "기자")] and "hong@example.com" not in a.body


@pytest.mark.parametrize("lang,byline,sentence", [
    ("zh", "记者 王小明", "王小明说，新的时刻表将于五月生效。"),
    ("ko", "홍길동 기자", "홍길동 기자가 취재한 내용에 따르면 새 시간표는 5월에 시행된다."),
    ("ja", "文：山田太郎", "山田太郎さんは、新しい時刻表は五月から始まると話した。"),
])
def test_a_story_sentence_naming_an_author_in_a_script_without_spaces_stays(lang, byline, sentence):
    a = extract_article(_page(lang, before=f"<p>{byline}</p><p>{sentence}</p>"), "https://example.test/news/ferry")
    assert sentence in a.body


@pytest.mark.parametrize("lang,line,names", [
    ("fi", "Teksti: Matti Virtanen ja Liisa Korhonen", ["Matti Virtanen", "Liisa Korhonen"]),
    ("ru", "Автор: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("uk", "Автор: Олена Коваленко та Петро Шевченко", ["Олена Коваленко", "Петро Шевченко"]),
    ("tr", "Yazar: Ayşe Yılmaz ve Mehmet Demir", ["Ayşe Yılmaz", "Mehmet Demir"]),
    ("cs", "Autor: Jana Nováková a Petr Svoboda", ["Jana Nováková", "Petr Svoboda"]),
    ("hu", "Szerző: Kovács Anna és Nagy Péter", ["Kovács Anna", "Nagy Péter"]),
    ("ro", "Autor: Ion Popescu și Maria Ionescu", ["Ion Popescu", "Maria Ionescu"]),
    ("el", "Συντάκτης: Γιώργος Παπαδόπουλος και Μαρία Νικολάου", ["Γιώργος Παπαδόπουλος", "Μαρία Νικολάου"]),
    ("id", "Penulis: Budi Santoso dan Siti Rahayu", ["Budi Santoso", "Siti Rahayu"]),
    ("ar", "بقلم: أحمد علي و محمد حسن", ["أحمد علي", "محمد حسن"]),
    ("zh", "记者 王小明、李华", ["王小明", "李华"]),
    ("ja", "文：山田太郎、佐藤花子", ["山田太郎", "佐藤花子"]),
])
def test_two_authors_joined_as_their_language_joins_them_are_two_people(lang, line, names):
    a = extract_article(_page(lang, before=f"<p>{line}</p>"), "https://example.test/news/ferry-timetable")
    assert [x.name for x in a.authors] == names and names[0] not in a.body


def test_a_spanish_phrase_with_a_is_not_two_people():
    assert [a.name for a in parse_byline_line("Por Carta abierta a Juan Pérez")] != ["Carta abierta", "Juan Pérez"]


@pytest.mark.parametrize("line", ["Words by Jane Doe. Photos by John Roe.", "Text by Jane Doe. Fotos: John Roe",
                                  "Story by Jane Doe. Photography by John Roe"])
def test_a_picture_credit_after_the_words_credit_is_not_part_of_the_name(line):
    assert [a.name for a in parse_byline_line(line)] == ["Jane Doe"]
