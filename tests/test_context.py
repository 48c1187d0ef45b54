"""The cleaners' shared lookups (cleaners/context.py) against the plain XPath they replace."""

import re

from hypothesis import given, settings, strategies as st
from lxml import etree

from cleaners.context import _plain_headings
from cleaners.parse import drop_inert, parse_html
from evals.corpus import load_pages


def _xpath(tree, max_len: int) -> list:
    return tree.xpath(
        "(//p|//div|//span|//strong|//b|//header|//li|//dt)"
        "[not(*[not(self::a or self::span or self::strong or self::b)])][not(preceding-sibling::*)]"
        f"[string-length(normalize-space(.)) <= {max_len}]"
    )


def test_plain_headings_equal_the_xpath_on_every_corpus_page():
    for page in load_pages():
        tree = parse_html(page.html)
        drop_inert(tree)
        assert _plain_headings(tree, 80) == _xpath(tree, 80), page.id


_TAGS = ["p", "div", "span", "strong", "b", "header", "li", "dt", "a", "em", "ul", "section"]
_TEXT = st.text(alphabet=" \t\n\u00a0abcXYZ.", max_size=30)


@st.composite
def _markup(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        kind = draw(st.sampled_from(["text", "element", "element", "comment"]))
        if kind == "text":
            parts.append(draw(_TEXT).replace("<", ""))
        elif kind == "comment":
            parts.append("<!-- note -->")
        else:
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup(), st.integers(0, 40))
def test_plain_headings_equal_the_xpath_on_generated_markup(body, max_len):
    tree = parse_html(f"<html><body>{body}</body></html>")
    # A tree may hold comments when it was not parsed by parse_html: they are not siblings that count.
    for el in list(tree.iter("p", "div"))[:2]:
        if el.getparent() is not None:
            el.addprevious(etree.Comment("x"))
    assert _plain_headings(tree, max_len) == _xpath(tree, max_len)


def test_token_matchers_share_one_store_and_never_mix_their_answers():
    from cleaners.context import TokenMatcher

    share, ads = TokenMatcher(re.compile(r"share")), TokenMatcher(re.compile(r"(?:^|-)ads?(?:-|$)"))
    before = len(TokenMatcher._tokens)
    for _ in range(3):  # asked again, each answers from the store, still its own answer
        assert share("share-box") and not ads("share-box")
        assert ads("ad-slot") and not share("ad-slot")
        assert share.any_token("post share-box") and not ads.any_token("post share-box")
    assert len(TokenMatcher._tokens) - before <= 3  # one entry per token, however many matchers ask


def test_token_matcher_store_is_bounded_and_still_right_after_it_is_cleared(monkeypatch):
    from cleaners.context import TokenMatcher

    monkeypatch.setattr(TokenMatcher, "limit", 50)
    monkeypatch.setattr(TokenMatcher, "_tokens", {})
    m = TokenMatcher(re.compile(r"^x"))
    for i in range(500):
        assert m(f"x{i}") and not m(f"y{i}")
    assert len(TokenMatcher._tokens) <= 50
