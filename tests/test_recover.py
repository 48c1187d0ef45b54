"""Paragraphs trafilatura drops from the middle of the story come back; head, tail and captions do not."""

from cleaners.recover import recover_interior
from cleaners.parse import parse_html

KEPT = ["First paragraph of the story tells what happened in the city on Monday night.",
        "Second paragraph adds what the mayor said about the damage to the old bridge.",
        "Third paragraph explains when the repairs will start and who will pay for them."]


def _anchor(paragraphs_html: str):
    return parse_html(f"<html><body><div id='a'>{paragraphs_html}</div></body></html>").xpath("//div[@id='a']")[0]


def test_link_dense_paragraph_between_kept_ones_is_restored():
    places = "<p>Districts: <a href='/1'>Northgate</a>, <a href='/2'>Riverside</a>, <a href='/3'>Old Town</a></p>"
    anchor = _anchor(f"<p>{KEPT[0]}</p>{places}<p>{KEPT[1]}</p><p>{KEPT[2]}</p>")
    out, n = recover_interior(anchor, list(KEPT))
    assert n == 1
    assert out[1].startswith("Districts:") and "Riverside" in out[1]
    assert out[0] == KEPT[0] and out[2:] == KEPT[1:]


def test_head_and_tail_paragraphs_stay_out():
    anchor = _anchor(f"<p>Teaser line before the story</p><p>{KEPT[0]}</p><p>{KEPT[1]}</p><p>More from us</p>")
    out, n = recover_interior(anchor, KEPT[:2])
    assert n == 0 and out == KEPT[:2]


def test_captions_between_paragraphs_stay_out():
    caption = "<p class='caption'>The old bridge on Tuesday morning <span class='credit'>Foto: J. Doe</span></p>"
    anchor = _anchor(f"<p>{KEPT[0]}</p>{caption}<p>{KEPT[1]}</p>")
    out, n = recover_interior(anchor, KEPT[:2])
    assert n == 0


def test_a_subhead_between_kept_paragraphs_is_restored():
    from cleaners.recover import recover_subheads

    anchor = _anchor(f'<p>{KEPT[0]}</p><h2>"Who will pay for the bridge"</h2><p>{KEPT[1]}</p><p>{KEPT[2]}</p>')
    out, n = recover_subheads(anchor, list(KEPT))
    assert n == 1 and out == [KEPT[0], '"Who will pay for the bridge"', *KEPT[1:]]


def test_a_heading_with_a_link_or_before_a_dropped_paragraph_stays_out():
    from cleaners.recover import recover_subheads

    anchor = _anchor(f'<p>{KEPT[0]}</p><h2><a href="/x">Read also: the other bridge</a></h2><p>{KEPT[1]}</p>'
                     f'<h3>More from us</h3><p>Teaser line of another story</p><p>{KEPT[2]}</p>')
    out, n = recover_subheads(anchor, list(KEPT))
    assert n == 0 and out == KEPT


def test_paragraphs_already_kept_are_not_duplicated():
    anchor = _anchor("".join(f"<p>{k}</p>" for k in KEPT))
    out, n = recover_interior(anchor, list(KEPT))
    assert n == 0 and out == KEPT



# --- sibling modules: a story cut into same-named blocks, of which trafilatura kept one -------------------

_Q_AND_A = [
    "Mrs Doe, what was your first thought when you woke up in the hospital after the long operation? " * 3,
    "That I had to learn everything again, from walking to reading, and that nobody would wait for me. " * 3,
    "Did the years that followed change how you choose the roles you accept, and the people you trust? " * 3,
]


def _modules(sidebar: str = "", between: str = "") -> str:
    mods = "".join(f'<div class="module module--text"><div class="text"><p>{t}</p></div></div>'
                   f'<div class="module module--image"><p class="caption">Picture {i}</p></div>{between}'
                   for i, t in enumerate(_Q_AND_A))
    return (f'<html><body><main><div class="col-md-8">{mods}</div>'
            f'<div class="col-md-4">{sidebar}</div></main></body></html>')


def test_the_other_modules_of_a_story_come_back_in_page_order():
    from cleaners.recover import recover_siblings

    tree = parse_html(_modules())
    out, n = recover_siblings(tree, [_Q_AND_A[1].strip()])
    assert n == 2 and [p[:20] for p in out] == [t[:20] for t in _Q_AND_A]


def test_a_sidebar_column_or_a_link_list_module_is_no_sibling():
    from cleaners.recover import recover_siblings

    sidebar = "<p>" + "A long sidebar paragraph about another story entirely, with enough words. " * 4 + "</p>"
    links = ('<div class="module module--text"><p>' + " ".join(f'<a href="/{i}">Another headline number {i}</a>'
                                                              for i in range(12)) + "</p></div>")
    tree = parse_html(_modules(sidebar=sidebar).replace('<div class="col-md-8">', '<div class="col-md-8">' + links))
    out, n = recover_siblings(tree, [t.strip() for t in _Q_AND_A])
    assert n == 0 and len(out) == 3


def test_the_iconmagazine_interview_is_read_whole():
    """A real page (trafilatura-eval, tuned half): trafilatura keeps one of its question/answer modules."""
    from cleaners import extract_article
    from evals.corpus import load_snippet_pages

    page = next(p for p in load_snippet_pages() if p.id.startswith("iconmagazine.de"))
    body = " ".join(extract_article(page.html, page.url).body.split())
    assert all(" ".join(s.split()) in body for s in page.expected["with"])
    assert len(body) > 20000  # the whole interview, not its 4,000-character module


_STORY = [
    "The council met on Monday night to decide the future of the old bridge over the river in the city centre.",
    "Engineers told the members that the pillars had been weakened by the floods of the last three winters.",
    "The mayor said the repairs would start in spring and that the city would ask the region to share the cost.",
    "Residents who cross the bridge every day said they had waited years for anyone to look at the cracks.",
]
_TEASER = ('<div class="box"><p class="kicker">Read more</p><a href="/other"><p class="lead">'
           'Another story about the flood defences of the region and what they cost the towns last year.</p></a></div>')


def _section(head: str, texts: list[str], teaser: str = "") -> str:
    ps = "".join(f'<p class="story-p">{t}</p>' for t in texts)
    return f'<div class="row"><div class="col"><div class="text"><h2 class="story-h">{head}</h2>{ps}{teaser}</div></div></div>'


def test_a_module_holding_a_repeated_teaser_box_still_gives_back_its_story_paragraphs():
    """The teaser box is in both modules and trafilatura kept its lead in the first: the second module is
    not held for that, and only its story paragraphs (and subhead) come back, not the teaser."""
    from cleaners.recover import recover_siblings

    html = (f"<html><body><main>{_section('What the engineers found', _STORY[:2], _TEASER)}"
            f"{_section('Who pays', _STORY[2:], _TEASER)}</main></body></html>")
    lead = "Another story about the flood defences of the region and what they cost the towns last year."
    kept = ["What the engineers found", *_STORY[:2], "Read more", lead]
    out, n = recover_siblings(parse_html(html), kept)
    assert n == 3 and out[-3:] == ["Who pays", *_STORY[2:]]
    assert out.count("Read more") == 1 and out.count(lead) == 1


def test_past_the_comparison_budget_the_kept_paragraphs_stay_as_they_are(monkeypatch):
    """Recovery compares every candidate with every kept paragraph; a page past the budget (thousands of
    lines: a 20,000-subhead page took a minute) keeps trafilatura's paragraphs. The same page under it
    gets its dropped paragraph and subhead back."""
    import cleaners.recover as recover

    places = "<p>Districts: <a href='/1'>Northgate</a>, <a href='/2'>Riverside</a>, <a href='/3'>Old Town</a></p>"
    anchor = _anchor(f"<p>{KEPT[0]}</p>{places}<p>{KEPT[1]}</p><h2>Who pays</h2><p>{KEPT[2]}</p>")
    assert recover.recover_interior(anchor, list(KEPT))[1] == 1
    assert recover.recover_subheads(anchor, list(KEPT))[1] == 1
    monkeypatch.setattr(recover, "_MAX_COMPARISONS", 2)  # 1 subhead x 3 paragraphs, 4 candidates x 3
    assert recover.recover_interior(anchor, list(KEPT)) == (KEPT, 0)
    assert recover.recover_subheads(anchor, list(KEPT)) == (KEPT, 0)
