"""Which of the dates a page states is its published date (cleaners/fields/dates.py)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cleaners import extract_article

NOW = datetime(2025, 10, 20, 12, 0, tzinfo=timezone.utc)
URL = "https://n.example/news/harbour"


def _page(head: str = "", top: str = "", after: str = "") -> str:
    return (f"<html lang='de'><head><title>Hafen wieder offen</title>{head}</head><body><article>"
            f"<h1>Hafen wieder offen</h1>{top}<p>{'Die Schiffe sind nach dem Sturm zurück im Hafen. ' * 8}</p>"
            f"{after}</article></body></html>")


def test_generic_date_meta_gives_way_to_the_date_shown_by_the_headline():
    # <meta name="date"> is often the day the CMS generated or last edited the page
    a = extract_article(_page('<meta name="date" content="2025-10-12T11:02:44+02:00">',
                              '<span class="date">27.09.2025</span>'), URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-27", "day")


def test_generic_date_meta_kept_when_a_shown_date_confirms_it():
    a = extract_article(_page('<meta name="date" content="2025-09-27T11:02:44+02:00">',
                              '<span class="date">27.09.2025</span>'), URL, now=NOW)
    assert a.published == "2025-09-27T09:02:44+00:00"


def test_time_element_in_the_article_before_a_generic_date_meta():
    a = extract_article(_page('<meta name="dcterms.date" content="2025-10-01T09:43+02:00">',
                              after='<div class="article-meta"><time datetime="2025-09-25T08:00:00+02:00">'
                                    '25.09.2025</time></div>'), URL, now=NOW)
    assert a.published == "2025-09-25T06:00:00+00:00"


def test_a_reader_comment_time_is_not_the_published_date():
    comment = ('<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
               '<article class="comment-body"><footer class="comment-meta"><div class="comment-metadata">'
               '<time datetime="2025-10-02T03:36:11+02:00">2. Oktober 2025 um 03:36 Uhr</time></div></footer>'
               '<p>Danke!</p></article></li></ol></div>')
    a = extract_article(_page(top="<p>Veröffentlicht am 16.09.2025</p>", after=comment), URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-16", "day")


def test_a_day_month_year_with_spaces_after_the_dots_is_read_day_first():
    a = extract_article(_page(top='<div class="publish-date">Von Redaktion 4.\u20092.\u20092025.</div>'), URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-02-04", "day")


def test_a_date_in_another_article_element_is_another_storys():
    html = ("<html lang='de'><head><title>Hafen wieder offen</title></head><body>"
            "<article class='detail'><h1>Hafen wieder offen</h1><p class='text-muted'>Redaktion, "
            "<time>02.09.2025</time></p>"
            f"<p>{'Die Schiffe sind nach dem Sturm zurück im Hafen. ' * 8}</p></article>"
            "<div class='nextread'><article class='item'><h3><a href='/b'>Neuer Kai</a></h3>"
            "<small class='news-list-date'>31.08.2025</small></article></div></body></html>")
    a = extract_article(html, URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-02", "day")


def test_a_layout_class_naming_the_sidebar_is_not_a_sidebar():
    html = ("<html lang='de'><head><title>Hafen wieder offen</title></head><body>"
            "<div class='main-content has-double-sidebar'><div class='article-content'>"
            "<h1>Hafen wieder offen</h1><div class='segment'><p>(21. September 2025) "
            f"{'Die Schiffe sind nach dem Sturm zurück im Hafen. ' * 8}</p></div></div></div>"
            "<aside id='sidebar'><span class='date'>29.09.2025</span></aside></body></html>")
    a = extract_article(html, URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-21", "day")


def test_a_line_labelled_as_published_counts_in_a_box_classed_footer():
    footer = ('<div class="review_footer"><p>Letzte Änderung: 30.09.2025 - 14:49:39<br>'
              'Erschienen am: 01.10.2025<br>Lesungen: 61</p></div>')
    a = extract_article(_page(after=footer), URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-10-01", "day")


def test_todays_date_in_the_page_header_is_not_the_published_date():
    html = ("<html lang='de'><head><title>Im Schlepptau</title></head><body>"
            "<header><div class='navtop'><span class='mod_datetime'><time datetime='2025-10-01T13:56:20+02:00'>"
            "Mittwoch, 01. Oktober 2025</time></span></div></header>"
            "<main><h1>Im Schlepptau</h1><p><span class='text_datum'>30. September 2025.</span></p>"
            f"<p>{'Die Schiffe sind nach dem Sturm zurück im Hafen. ' * 8}</p></main></body></html>")
    a = extract_article(html, URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-30", "day")


def test_a_date_on_a_link_in_a_list_of_links_is_another_documents():
    links = "".join(f'<li><a class="Publication" href="/r{n}">Lagebericht Nr. {n} vom {n}. September 2025</a></li>'
                    for n in (8, 5, 3))
    html = ("<html lang='de'><head><title>Lage an der Grenze</title></head><body><div id='content'>"
            "<h1>Lage an der Grenze</h1><p><em>10.09.2025</em></p>"
            f"<p>{'Die Schiffe sind nach dem Sturm zurück im Hafen. ' * 8}</p><ul>{links}</ul></div></body></html>")
    a = extract_article(html, URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-10", "day")


def test_a_shown_date_in_a_time_element_keeps_the_instant_its_datetime_gives():
    html = ("<html lang='de'><head><title>Rute im Test</title></head><body><main><h1>Rute im Test</h1>"
            "<ul class='listInline'><li><a href='/a' class='u-concealed'><time class='u-dt' "
            "datetime='2025-09-21T12:25:31+0200'>21. September 2025</time></a></li></ul>"
            f"<p>{'Die Schiffe sind nach dem Sturm zurück im Hafen. ' * 8}</p></main></body></html>")
    a = extract_article(html, URL, now=NOW)
    assert (a.published, a.published_precision) == ("2025-09-21T10:25:31+00:00", "second")


def test_a_clock_time_written_with_h_is_read_and_never_becomes_the_fetch_day():
    from cleaners.fields.dates import parse_date_precision

    assert parse_date_precision("03/05/2022 a las 22h03", NOW, ["es"]) == ("2022-05-03T22:03:00", "minute")
    assert parse_date_precision("le 3 mai 2022 à 14h30", NOW, ["fr"]) == ("2022-05-03T14:30:00", "minute")
    assert parse_date_precision("12 heures 2022", NOW) == (None, None)  # dateparser answers with the fetch day
    a = extract_article(_page(top='<p class="fecha">Publicado 03/09/2025 a las 22h03</p>'), URL, now=NOW)
    assert a.published == "2025-09-03T22:03:00"


def test_a_time_below_the_story_named_for_nothing_is_not_its_date():
    # hashed class names: nothing says the <time> below the story is a reader's comment, its place does
    story = "<p>" + "Die Schiffe sind nach dem Sturm zurück im Hafen. " * 8 + "</p>"
    comment = '<div class="c1x"><div class="c2y"><time datetime="2025-10-02T21:15:00+02:00">2. Oktober</time> Gut so!</div></div>'
    html = _page(top='<p class="m3z">16.08.2025</p>', after=story + story + comment)
    assert extract_article(html, URL, now=NOW).published == "2025-08-16"


def test_a_time_above_the_story_named_for_nothing_is_its_date():
    story = "<p>" + "Die Schiffe sind nach dem Sturm zurück im Hafen. " * 8 + "</p>"
    html = _page(top='<p class="m3z"><time datetime="2025-08-16T09:30:00+02:00">16.08.2025</time></p>', after=story)
    assert extract_article(html, URL, now=NOW).published == "2025-08-16T07:30:00+00:00"


# East Asian dates: year/month/day characters, and labels on either side of the date
@pytest.mark.parametrize("top,published", [
    ("<p>公開日：2025年10月3日</p>", "2025-10-03"),
    ("<p>2025年10月3日</p>", "2025-10-03"),
    ("<p>2025년 10월 3일</p>", "2025-10-03"),
    ("<p>更新日：2025年10月5日</p><p>公開日：2025年10月3日</p>", "2025-10-03"),
    ("<p>2025年10月5日 更新</p><p>2025年10月3日 公開</p>", "2025-10-03"),
    ("<p>更新时间：2025-10-05 10:00</p><p>发布时间：2025-10-03 19:15</p>", "2025-10-03T19:15:00"),
    ("<p>수정 2025.10.05 10:00 입력 2025.10.03 19:15</p>", "2025-10-03T19:15:00"),
    ("<p>Оновлено: 05.10.2025 10:00</p><p>Опубліковано: 03.10.2025 19:15</p>", "2025-10-03T19:15:00"),
    ("<p>Diperbarui 5 Oktober 2025</p><p>Diterbitkan 3 Oktober 2025</p>", "2025-10-03"),
])
def test_the_published_date_beside_an_update_in_other_languages(top, published):
    assert extract_article(_page(top=top), URL, now=NOW).published == published
