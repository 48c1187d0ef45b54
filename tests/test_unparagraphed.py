"""Stories written without <p>s keep their guard (CleanContext.text_block).

The cleaners' guard finds the story by its paragraphs. Old table layouts and some CMSs write none: the
story is text in <div>s or lines between <br>s, and a name on its wrapper ("no-sidebar",
"article-with-rail", "has-paywall") used to delete it. Real trafilatura-eval pages, rewritten as
evals/rewritten.py rewrites them, must keep the story they keep as written."""

import contextlib
from unittest import mock

import pytest

from cleaners import explain_article, extract_article
from cleaners.context import CleanContext
from cleaners.parse import parse_html, word_grams
from evals.corpus import load_snippet_pages
from evals.rewritten import rewrite

# (page, rewrite, guard, story share kept, kept without the guard): the story went without the guard
_TEXT_BLOCK = ("cleaners.context.CleanContext._text_block", lambda self, best: None)
_STORY_NAMED = ("cleaners.context.CleanContext._story_named", lambda self, el: False)  # id="article" + isPaywall
_BR_LINES = ("cleaners.extract.br_lines", lambda block: [])  # lines trafilatura dropped between kept ones
_BLOCK_LINES = ("cleaners.extract.block_lines", lambda block: [])  # the block's lines when trafilatura finds nothing
# the story's size taken from its paragraphs alone (none in the rewrite): every big block "outweighs" it
_STORY_CHARS = ("cleaners.context.CleanContext._story_chars", lambda self: self.paragraph_chars)
# the container of the headline (of two h1s, the one the <title> shows) and the story is never removed
# (CleanContext._holds_headed_story)
_TITLED_H1 = ("cleaners.context._shown_in_title", lambda h1, titles: False)
# the longest <p> block, outside the headline's container and naming none of its words, is set aside (offstory)
_RIVAL = ("cleaners.context.CleanContext._rival_block", lambda self, totals: None)
CASES = [
    ("harrypotter.fandom.com.spell", "div", _TEXT_BLOCK, 0.8, 0.3),
    ("viertausendhertz.de.ddg48", "div", _TEXT_BLOCK, 0.8, 0.3),
    ("piratenpartei-marburg.de.fridays", "div", _TEXT_BLOCK, 0.8, 0.3),
    # achgut.com-coronalage as <br> lines is no longer lost without this guard either: a densest <p> block that
    # trafilatura kept none of, beside a story's worth it kept, does not set the floor (extract._another_block)
    ("uebermedien.de-Israel", "br", _TEXT_BLOCK, 0.8, 0.3),
    ("hpd.de-Homosexuellenhass", "br", (_TEXT_BLOCK, _TITLED_H1, _RIVAL), 0.8, 0.3),  # any of the three keeps it
    ("Volksstimme.ch-loehne", "div", _STORY_NAMED, 0.8, 0.3),
    ("Volksstimme.ch-loehne", "br", _STORY_NAMED, 0.8, 0.3),
    ("seelenradio.de.leo", "div", _STORY_NAMED, 0.8, 0.3),  # id="content" under a comment heading
    # correiobraziliense.com.br-poderes as <br> lines no longer needs _BR_LINES: its empty ad slots between the
    # story's lines ("cb-publicidade-…") go by their Portuguese name now, and trafilatura keeps the lines
    ("tennisnet.com-ueberraschungen", "br", _BR_LINES, 0.9, 0.8),
    ("coopbuddy.de.bee", "br", _BLOCK_LINES, 0.8, 0.3),
    ("battery-news.de.ultium-cells", "br", _STORY_CHARS, 0.8, 0.3),
]


@pytest.fixture(scope="module")
def pages():
    return {p.id: p for p in load_snippet_pages(ids={c[0] for c in CASES})}


def kept(body: str, story: str) -> float:
    wanted = word_grams(story)
    return len(wanted & word_grams(body)) / len(wanted)


@pytest.mark.parametrize("pid,mode,guard,floor,without", CASES)
def test_a_story_without_paragraphs_stays_the_body(pages, pid, mode, guard, floor, without):
    page = pages[pid]
    story = extract_article(page.html, page.url).body
    html = rewrite(page.html, mode)
    assert kept(extract_article(html, page.url).body, story) >= floor
    guards = guard if isinstance(guard[0], tuple) else (guard,)
    with contextlib.ExitStack() as stack:
        for target, replacement in guards:
            stack.enter_context(mock.patch(target, replacement))
        assert kept(extract_article(html, page.url).body, story) < without  # what the guard is for


STORY = " ".join(f"Sentence {i} of the council's budget story tells what the vote decided and why." for i in range(6))
PAGE = f"""<html><body>
<div class="article has-paywall"><h1>Council votes</h1>
  <div class="text">{STORY}<br><br>{STORY}<br><br>{STORY}</div></div>
<div class="comments"><p>First!</p><p>{STORY[:300]}</p></div>
<nav><div>{' '.join(f'<a href="/s/{i}">Section {i} link text</a>' for i in range(80))}</div></nav>
</body></html>"""


def test_the_wrapper_of_br_text_is_kept_and_explained():
    article, removals = explain_article(PAGE, "https://example.org/council")
    assert kept(article.body, STORY) == 1.0
    refused = [r for r in removals if r.target == "div.article.has-paywall"]
    assert refused and refused[0].kept == "holds the page's text without paragraphs"


SHORT = """<html><head><title>Council votes | Example Times</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="article has-paywall"><h1>Council votes on the budget</h1>
<div class="text">The council voted on Tuesday to pass the budget after a long debate about schools and roads.<br><br>
Members argued for three hours over the cost of repairing the bridge on Main Street, which engineers say is unsafe.
<br><br>The mayor said the vote showed the council could still agree on what matters, and promised a review.<br><br>
Opponents said the plan relied on optimistic tax forecasts and would leave the city short if the economy slowed.</div>
</div><div class="comments"><p>First!</p><p>Great article, thanks for writing about the bridge. I drive over it every
day and it shakes.</p></div></body></html>"""


def test_a_short_story_in_br_lines_beats_the_comments_in_paragraphs():
    article = extract_article(SHORT, "https://example.org/council")
    assert article.body.startswith("The council voted on Tuesday") and "First!" not in article.body
    with mock.patch.object(CleanContext, "_text_block", lambda self, best: None), \
            mock.patch.object(CleanContext, "_story_named", lambda self, el: False):  # its class names it too
        assert "First!" in extract_article(SHORT, "https://example.org/council").body  # the wrapper went


def test_the_text_block_is_the_text_not_the_links_nor_a_box():
    ctx = CleanContext(parse_html(PAGE))
    assert ctx.text_block().get("class") == "article has-paywall"  # its <div class=text> is one paragraph
    links_only = PAGE.replace(STORY, "Short.")
    assert CleanContext(parse_html(links_only)).text_block() is None  # 80 links of nav are no prose
    boxed = PAGE.replace('<div class="article has-paywall">', '<aside class="article">').replace(
        "</div></div>\n<div class=\"comments\">", "</div></aside>\n<div class=\"comments\">")
    assert CleanContext(parse_html(boxed)).text_block() is None


def test_an_aside_around_the_headline_and_most_of_the_page_is_layout_not_a_box():
    # an unclosed <aside class="sidebar"> before the content: the parser wraps the story in it
    story = "".join(f"<div>{_part(k)}</div>" for k in range(1, 4))
    page = (f"<html><body><aside class='sidebar'><div class='widget'>Search the archive</div><div class='main'>"
            f"<h1>Council votes</h1><div class='story'>{story}</div></div></aside></body></html>")
    block = CleanContext(parse_html(page)).text_block()
    assert block is not None and block.get("class") == "story"
    assert kept(extract_article(page, "https://example.org/council").body, _part(2)) == 1.0
    beside = (f"<html><body><h1>Council votes</h1><div class='story'><div>{_part(1)}</div></div><aside>"
              f"<div>{_part(2)}</div><div>{_part(3)}</div></aside></body></html>")
    # a box beside the story, the headline outside it, outweighs the story and is still no text block
    assert CleanContext(parse_html(beside)).text_block().get("class") == "story"


def _part(k: int) -> str:
    return " ".join(f"Sentence {i} of part {k} of the council's budget story tells what the vote decided." for i in range(6))


_BOX = " ".join(f"Line {i} of the full transcript of the mayor's speech, read out in the chamber." for i in range(20))
WALLED = f"""<html><body><h1>Council votes</h1>
<div class="story"><div>The council met on Tuesday evening to vote on next year's budget for the city.</div>
<span class="paywall"><div>{_part(1)}</div><div>{_part(2)}</div><div>{_part(3)}</div></span></div></body></html>"""
BOXED = f"""<html><body><h1>Council votes</h1>
<div class="story"><div>{_part(1)}</div><div>{_part(2)}</div><div>{_part(3)}</div>
<div class="factbox"><h2>Full transcript</h2><div class="factbox-content"><div>{_BOX}</div>
<div>{_BOX.replace("Line", "Row")}</div></div></div></div></body></html>"""


def test_a_wrapper_holding_most_of_the_text_block_is_the_story():
    article, removals = explain_article(WALLED, "https://example.org/council")
    assert kept(article.body, _part(2)) == 1.0
    assert [r.kept for r in removals if r.target == "span.paywall"] == ["holds most of the page's text without paragraphs"]
    with mock.patch("cleaners.context.CleanContext._most_of_text_block", lambda self, el: False):
        assert kept(extract_article(WALLED, "https://example.org/council").body, _part(2)) == 0.0


def test_a_fact_box_is_weighed_against_the_story_in_divs():
    body = extract_article(BOXED, "https://example.org/council").body
    assert kept(body, _part(2)) == 1.0 and "transcript" not in body
    with mock.patch(*_STORY_CHARS):  # against no paragraphs at all, the box outweighed the story and stayed
        assert "transcript" in extract_article(BOXED, "https://example.org/council").body


def test_a_story_in_paragraphs_has_no_text_block(pages):
    page = pages["harrypotter.fandom.com.spell"]
    assert CleanContext(parse_html(page.html)).text_block() is None


def test_rewrite_reads_the_page_as_newsmill_decodes_it():
    # UTF-8 bytes without a charset: lxml alone would read them as Latin-1 ("MÃ¼ller"), for both extractors
    page = "<html><body><div class='a b'><p>Jürgen Müller sagte: „Wir bleiben.“</p></div></body></html>".encode()
    for mode in ("div", "br", "unnamed", "html4"):
        assert "Jürgen Müller sagte: „Wir bleiben.“" in rewrite(page, mode)
    assert "class=\"a b\"" not in rewrite(page, "unnamed") and "Müller" in rewrite(page, "unnamed")


def test_html4_rewrite_makes_sectioning_elements_divs_and_keeps_their_names():
    page = ("<html><body><header class='top'>Site</header><main><article class='story'><h1>Head</h1>"
            "<section><p>Text.</p><figure><figcaption>Cap</figcaption></figure></section></article>"
            "<aside id='side'>More</aside></main><footer>Foot</footer></body></html>")
    tree = parse_html(rewrite(page, "html4"))
    tags = {el.tag for el in tree.iter()}
    assert tags.isdisjoint({"header", "main", "article", "section", "figure", "figcaption", "aside", "footer"})
    assert tree.find(".//div[@class='story']/h1").text == "Head" and tree.find(".//div[@id='side']") is not None


def test_br_lines_are_the_runs_between_brs_without_teaser_links():
    from cleaners.recover import br_lines

    block = parse_html("<div>First line of the story, long enough.<br><br><b>Second</b> line of it.<br>"
                       "Lea también: <a href='/x'>Another story with a long headline here</a><br>Last.</div>"
                       ).find(".//div")
    assert br_lines(block) == ["First line of the story, long enough.", "Second line of it.", "Last."]
    assert br_lines(parse_html("<div><div>No br here.</div></div>").find(".//div")) == []
