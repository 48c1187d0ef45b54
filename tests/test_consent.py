"""Consent notices without a consent platform's names (cleaners/consent.py and the story block's choice)."""

import pytest

from cleaners import extract_article
from cleaners.consent import is_notice

STORY = ("The harbour authority said on Friday that the new container terminal would open two months late because "
         "cranes ordered from abroad had been held up by a strike at the supplier's factory.")
NOTICE = ("We and our partners use cookies and similar technologies to store and access information on your device. "
          "With your consent we process personal data such as browsing behaviour or unique identifiers for "
          "personalised advertising and content, ad and content measurement, audience research and service "
          "development. You can change your choice at any time under the privacy settings at the bottom of the page.")
URL = "https://port.example/news/terminal-delay"


@pytest.mark.parametrize("line", [
    NOTICE,
    "This website uses cookies to give you the best experience. Read our privacy policy.",
    "Wir verwenden Cookies. Durch Bestätigen des Buttons akzeptieren Sie die Verwendung aller Cookies.",
    "Diese Website nutzt Cookies, um die bestmögliche Funktionalität bieten zu können.",
    "Nous et nos partenaires utilisons des cookies pour mesurer l'audience.",
    "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
    "Questo sito utilizza cookie tecnici e di profilazione.",
    "Ta strona używa plików cookie w celu realizacji usług.",
    "By continuing to browse the site you are agreeing to our use of cookies.",
    "Durch die weitere Nutzung der Seite stimmen Sie der Verwendung von Cookies zu.",
    "Vi anv\u00e4nder cookies f\u00f6r att ge dig en b\u00e4ttre upplevelse.",
    "Vi bruger cookies til at forbedre din oplevelse.",
    "Vi bruker informasjonskapsler for \u00e5 gi deg en bedre opplevelse.",
    "K\u00e4yt\u00e4mme ev\u00e4steit\u00e4 parantaaksemme sivuston toimintaa.",
    "Bu web sitesi \u00e7erezleri kullanmaktad\u0131r.",
    "\u041c\u044b \u0438\u0441\u043f\u043e\u043b\u044c\u0437\u0443\u0435\u043c \u0444\u0430\u0439\u043b\u044b cookie, \u0447\u0442\u043e\u0431\u044b \u0443\u043b\u0443\u0447\u0448\u0438\u0442\u044c \u0440\u0430\u0431\u043e\u0442\u0443 \u0441\u0430\u0439\u0442\u0430.",
    "Pou\u017e\u00edv\u00e1me cookies pro zlep\u0161en\u00ed slu\u017eeb.",
])
def test_notices_are_recognised(line):
    assert is_notice(line)


@pytest.mark.parametrize("line", [
    "Websites use cookies to follow readers from page to page, the regulator said on Tuesday.",
    "Durch die Nutzung der Website wurden 2020 mehr Daten erfasst als je zuvor, sagte er.",
    "“We use cookies only where the law allows it,” the company's data protection officer told the committee.",
    "The court ruled that we use cookies, as the shop had written in its notice, was not consent enough.",
    "We use cookies " + "and other trackers, the report says, on pages that never ask. " * 30,  # a long paragraph
])
def test_story_sentences_about_cookies_stay(line):
    assert not is_notice(line)


@pytest.mark.parametrize("notice", [
    f"<div><p>{NOTICE}</p><button>Accept all</button></div>",  # no name to go by
    f"<div id='consent-banner'><p>{NOTICE}</p><button>Accept all</button></div>",  # named: never the story block
])
def test_a_short_story_keeps_the_notice_out_of_its_body(notice):
    html = f"<html><body><h1>Terminal opening delayed</h1><article><p>{STORY}</p></article>{notice}</body></html>"
    body = extract_article(html, URL).body
    assert STORY in body
    assert "partners use cookies" not in body


def test_a_story_wrapper_named_like_a_consent_box_keeps_the_story():
    """A name is not enough: the box must read as a notice to lose its standing as the story's block."""
    story = "".join(f"<p>{STORY} {k}</p>" for k in range(4))
    html = (f"<html><body><h1>Terminal opening delayed</h1><div class='cmp-consent text'>{story}</div>"
            "<div class='related'><p>Other news of the day, in brief, from around the harbour and the city.</p></div>"
            "</body></html>")
    assert STORY in extract_article(html, URL).body


def test_a_banner_naming_itself_and_its_own_links_leave_together():
    # WordPress.com's cookie widget: a label before the notice, then its links as lines of their own
    from cleaners.consent import clean_paragraphs

    paragraphs = [STORY, "Privacy & Cookies: This site uses cookies. By continuing to use this website, you agree to "
                  "their use.", "To find out more, including how to control cookies, see here:", "Cookie Policy",
                  "Cookies, the regulator added, were not the issue: the strike at the supplier's factory was."]
    kept, removed = clean_paragraphs(paragraphs)
    assert kept == [STORY, paragraphs[-1]]  # a story sentence naming cookies right after the banner stays
    assert removed == paragraphs[1:4]


def test_a_label_before_a_story_sentence_is_no_notice():
    assert not is_notice("Update: Websites use cookies to follow readers from page to page, the regulator said.")
