"""offstory: the page's longest block is set aside when it stands outside the headline's container and names
none of the headline's words, where that container's text names them (cleaners/offstory.py)."""

import pytest

from cleaners import explain_article
from test_fallback import _THREAD as THREAD, PARAS

_HEADLINE = "Terminal opening delayed by crane strike"
_STORY = PARAS + [
    "Dock workers said they had been told of the delay only on Thursday evening, after the supplier wrote to "
    "the authority that the walkout would last at least another three weeks.",
]
_THREAD = "".join(f"<p>{t}</p>" for t in THREAD)


def _page(story_markup: str) -> str:
    # class names hashed, as CSS-in-JS builds write them: no name says "comments"
    return (f"<html><head><title>{_HEADLINE} | Port News</title></head><body><div class='x9f2'>"
            f"<h1>{_HEADLINE}</h1>{story_markup}</div><div class='k3a1'><h3>120</h3>{_THREAD}</div></body></html>")


@pytest.mark.parametrize("story_markup", [
    "".join(f"<div class='t7'>{p}</div>" for p in _STORY),  # written without <p>s
    "".join(f"<div class='q{k}'><p>{p}</p></div>" for k, p in enumerate(_STORY)),  # one block per paragraph
    f"<div class='a1'><p>{_STORY[0]}</p><p>{_STORY[1]}</p></div><div class='a2'><p>{_STORY[2]}</p><p>{_STORY[3]}</p></div>",
])
def test_an_unnamed_thread_outweighing_a_story_in_small_blocks_is_set_aside(story_markup):
    # The thread is the page's one block of story length; the story, under its headline, is in blocks of a
    # paragraph or two or in no <p> at all. Left in, trafilatura takes the thread for the story.
    article, removals = explain_article(_page(story_markup), "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in _STORY)
    assert "reading this blog" not in article.body
    assert [r.cleaner for r in removals if r.cleaner == "offstory" and not r.kept] == ["offstory"]


def test_a_story_outside_the_header_that_names_a_headline_word_is_no_rival():
    # The header (headline, a standfirst of 300 characters that names the headline's words) is the headline's
    # nearest container with text; the story, beside it, is the longest block and names one of the headline's
    # words: it stays the story.
    standfirst = ("A strike at the crane maker has delayed the opening of the terminal, which was meant to double "
                  "the port's capacity for refrigerated containers; the authority now expects to open it in "
                  "the spring, after the first two cranes have been shipped and tested on the new quay. Lorries keep "
                  "to the old access road until then.")
    headline = f"{_HEADLINE} at northern harbour"  # seven words of four letters or more
    story = [p.replace("cranes", "machines").replace("strike", "stoppage").replace("delay ", "wait ")
             .replace("harbour", "port") for p in _STORY] * 2  # names "terminal" only: one in seven
    html = (f"<html><head><title>{headline}</title></head><body><header class='h'><h1>{headline}</h1>"
            f"<p>{standfirst}</p></header><div class='b'>{''.join(f'<p>{p}</p>' for p in story)}</div></body></html>")
    article, removals = explain_article(html, "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in story)
    assert not [r for r in removals if r.cleaner == "offstory"]


@pytest.mark.parametrize("wrapper", ["nav", "aside"])
def test_the_one_h1_the_title_shows_is_the_headline_even_in_a_nav_or_an_aside(wrapper):
    # A template wraps the article in a <nav> or an <aside>; its h1, the <title> word for word, still heads the
    # story, and the unnamed thread after it is no rival of the headline's.
    story = "".join(f"<div class='q{k}'><p>{p}</p></div>" for k, p in enumerate(_STORY))
    html = (f"<html><head><title>{_HEADLINE} | Port News</title></head><body><{wrapper} class='w1'><div class='x9f2'>"
            f"<h1>{_HEADLINE}</h1>{story}</div></{wrapper}><div class='k3a1'><h3>120</h3>{_THREAD}</div></body></html>")
    article, _ = explain_article(html, "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in _STORY)
    assert "reading this blog" not in article.body


def test_of_two_h1s_the_title_shows_the_longer_is_the_headline():
    # "Headline – Site name": the <title> shows both h1s, the site's and the story's; the site's name is the
    # shorter. The story under the other one stands, the unnamed thread after it is set aside.
    site, headline = "Port News of the Coast", f"{_HEADLINE} at the northern harbour"
    story = "".join(f"<div class='q{k}'><p>{p}</p></div>" for k, p in enumerate(_STORY))
    html = (f"<html><head><title>{headline} – {site}</title></head><body><div class='s1'><h1>{site}</h1></div>"
            f"<div class='x9f2'><h1>{headline}</h1>{story}</div><div class='k3a1'><h3>120</h3>{_THREAD}</div>"
            f"</body></html>")
    article, _ = explain_article(html, "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in _STORY)
    assert "reading this blog" not in article.body


def test_a_headline_word_is_named_in_any_inflection_that_keeps_its_first_five_letters():
    # Polish, Finnish, Czech... decline their nouns: the story names "Sejmie" under a headline's "Sejm"
    from cleaners.context import headline_words, named, speaks_of

    words = headline_words('Unijne fundusze coraz bliżej. Sejm zagłosował "za"')
    text = "Po głosowaniach w Sejmie posłowie zagłosowali za ratyfikacją; pieniądze z funduszy trafią do regionów."
    assert named(text, words) == {"sejm", "fundusze", "zagłosował"}
    assert speaks_of(text, words, inflected=True) and not speaks_of(text, words)  # the fallbacks' exact test
    assert not speaks_of("Entry 4 of the weekly archive, filed under the roundup.", words, inflected=True)
