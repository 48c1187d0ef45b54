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


def test_paragraphs_already_kept_are_not_duplicated():
    anchor = _anchor("".join(f"<p>{k}</p>" for k in KEPT))
    out, n = recover_interior(anchor, list(KEPT))
    assert n == 0 and out == KEPT

