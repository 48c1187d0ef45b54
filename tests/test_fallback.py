"""When trafilatura finds too little, extraction falls back instead of storing an empty article."""

import pytest

from cleaners import extract_article

PARAS = [
    "The harbour authority said on Friday that the new container terminal would open two months late because "
    "cranes ordered from abroad had been held up by a strike at the supplier's factory.",
    "Shipping companies had already moved some of their autumn schedules to the new quay and will now have to "
    "change them again, a spokesperson for the largest operator said in a written statement.",
    "The delay is expected to cost the port about four million euros in lost fees, money the authority had "
    "planned to spend on dredging the approach channel next year.",
]


def test_story_trafilatura_discards_falls_back_to_the_dense_block():
    # trafilatura treats a class="comments" wrapper as comments and keeps nothing from it.
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = f"<html><body><h1>Terminal opening delayed</h1><div class='comments'>{body}</div></body></html>"
    article = extract_article(html, "https://port.example/news/terminal-delay")
    assert article.extraction_path in ("trafilatura-recall", "dense-block")
    for p in PARAS:
        assert p in article.body


def test_normal_page_uses_plain_trafilatura(seed):
    article = extract_article(seed[0], "https://www.example-news.test/world/venezuela-us-military-action/")
    assert article.extraction_path == "trafilatura"


def test_page_without_text_gives_an_empty_body_and_says_so():
    article = extract_article("<html><body><div><img src='/logo.png'></div></body></html>", "https://e.example/")
    assert article.body == "" and article.extraction_path == "none"


_POST = ["„I know I am tired and should perhaps not say this …“", "– „Then do not say it.“", "– „Fine.“"]
_COMMENTS = [f"They should all have gone home and shown the landscapes instead, reader {n} says." for n in range(4)]
_COMMENT = _COMMENTS[0]


def _short_post(description: str) -> str:
    lines = "".join(f"<p>{p}</p>" for p in _POST)
    return (f"<html><head><meta property='og:description' content='{description}'></head><body><h1>Blog</h1>"
            f"<div class='c1'><h2>Doing nothing</h2><div class='c2'>{lines}</div></div>"
            f"<ol class='c3'>{''.join(f'<li><p>{c}</p></li>' for c in _COMMENTS)}</ol></body></html>")


def test_a_short_post_the_description_quotes_wins_over_another_short_block_trafilatura_took(monkeypatch):
    """trafilatura may keep a reader's comment instead of a post of three short lines (as it did on a blog
    whose class names are hashes): when the page's own description is the start of a line of the densest
    block and trafilatura kept none of that block, the block is the body. A description that is no line of
    the block is no evidence, and trafilatura's choice stands."""
    import cleaners.extract as extract

    monkeypatch.setattr(extract, "extract_body_before_escalation", lambda tree, url: (list(_COMMENTS), None, None))
    monkeypatch.setattr(extract, "extract_body", lambda tree, url, favor_recall=False: (list(_COMMENTS), None))
    article = extract_article(_short_post("„I know I am tired and should perhaps not say this …“ – „Then"),
                              "https://blog.example.org/2013/06/14/doing-nothing/")
    assert article.extraction_path == "dense-block" and _POST[0] in article.body and _COMMENT not in article.body
    article = extract_article(_short_post("A blog about films, books and the rest"),
                              "https://blog.example.org/2013/06/14/doing-nothing/")
    assert article.extraction_path == "trafilatura" and _COMMENT in article.body


_THREAD = [f"I have been reading this blog for years and this is one of the best posts so far, thanks for writing "
           f"it all down so carefully ({n})." for n in range(120)]


def _short_story_and_thread(thread_class: str) -> str:
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    thread = "".join(f"<p>{t}</p>" for t in _THREAD)
    return (f"<html><head><title>Terminal opening delayed by crane strike</title></head><body><article>"
            f"<h1>Terminal opening delayed by crane strike</h1>{story}</article>"
            f"<div class='{thread_class}'><h3>120 Comments</h3>{thread}</div></body></html>")


_MORE = ["Dock workers said they had been told of the delay only on Thursday evening, after the crane supplier "
         "wrote to the authority that the strike would last at least another three weeks.",
         "The terminal was planned to double the port's capacity for refrigerated containers, most of them "
         "carrying fruit from South America that now has to be unloaded at the older quays."]


@pytest.mark.parametrize("more", [0, 1, 2])
def test_a_long_thread_under_a_pruned_name_beside_a_short_story_is_not_the_body(more):
    # The thread holds more paragraph text than the story and trafilatura prunes it by its name: neither the
    # densest-block fallback nor the shield may take it for the story trafilatura pruned; the story speaks of
    # its headline, the thread names none of its words.
    story = PARAS + _MORE[:more]
    html = _short_story_and_thread("comments").replace("</article>", "".join(f"<p>{p}</p>" for p in _MORE[:more])
                                                         + "</article>")
    article = extract_article(html, "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in story) and "reading this blog" not in article.body


_LONGER = PARAS + _MORE + [
    "A new opening date will be set once the first two cranes have been shipped, the authority said, and until "
    "then the access road to the terminal stays closed to lorries."]
_HEADLINE = "Terminal opening delayed by crane strike"


@pytest.mark.parametrize("top", [
    f"<header><h1>Port News</h1></header><article><h1>{_HEADLINE}</h1>",  # a logo set as an h1 too
    f"<article><nav><ol><li><h1>{_HEADLINE}</h1></li></ol></nav><h2>{_HEADLINE}</h2>",  # h1 in the breadcrumbs
    # the visible headline words the story otherwise than the <title> does
    "<article><nav><ol><li><h1>Port</h1></li></ol></nav><h2>Strike at crane maker holds up terminal opening</h2>",
])
def test_an_unnamed_thread_longer_than_the_story_does_not_take_the_headlines_place(top):
    # The story is what stands under the headline the page's <title> shows, whichever h1 (or h2) that is;
    # a thread of a hundred comments after it, in a block with no name, holds more paragraph text.
    thread = "".join(f"<p>{t}</p>" for t in _THREAD)
    html = (f"<html><head><title>{_HEADLINE} | Port News</title></head><body>{top}"
            + "".join(f"<p>{p}</p>" for p in _LONGER) + f"</article><div><h3>120 Comments</h3>{thread}</div></body></html>")
    article = extract_article(html, "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in _LONGER) and "reading this blog" not in article.body


def test_trafilaturas_retry_of_a_short_story_does_not_bring_a_long_list_of_another_subject():
    # The story is short and the page long (a 300-line list under a name trafilatura prunes): trafilatura
    # retries in recall mode and with jusText and keeps the longer result, story and list. The list names
    # none of the headline's words, the story does: the story as trafilatura first read it is the body.
    lines = "".join(f"<p>Entry {k} of the weekly archive, filed under the regional roundup.</p>" for k in range(300))
    story = "".join(f"<p>{p}</p>" for p in PARAS + _MORE)
    html = (f"<html><head><title>{_HEADLINE}</title></head><body><article><h1>{_HEADLINE}</h1>{story}</article>"
            f"<div class='menu'>{lines}</div></body></html>")
    article = extract_article(html, "https://port.example/news/terminal-delay")
    assert all(p in article.body for p in PARAS + _MORE) and "weekly archive" not in article.body
