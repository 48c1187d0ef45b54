"""Unit tests for evals/metrics.py, with values computed by hand."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from collections import Counter  # noqa: E402

import pytest  # noqa: E402

from evals.metrics import (  # noqa: E402
    author_counts,
    author_set_scores,
    body_scores,
    boilerplate_left,
    corpus_f1,
    date_day_match,
    faq_scores,
    norm_ws,
    page_f1,
    role_matches,
    shingles,
    title_match,
    tokens,
)

approx = pytest.approx


# --------------------------------------------------------------------------- tokens, shingles


def test_tokens_unicode_and_case_kept():
    assert tokens("Zürich, 2024: «Schön»!") == ["Zürich", "2024", "Schön"]
    assert tokens("東京 タワー") == ["東京", "タワー"]
    assert tokens("") == []
    assert tokens(None) == []


def test_shingles_are_4grams():
    # 6 tokens -> 3 shingles
    assert shingles("a b c d e f") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1,
                                              ("c", "d", "e", "f"): 1})


def test_short_text_is_one_shingle_and_empty_is_none():
    assert shingles("hello world") == Counter({("hello", "world"): 1})
    assert shingles("a b c d") == Counter({("a", "b", "c", "d"): 1})
    assert shingles("  ,;  ") == Counter()


def test_shingles_count_repeats():
    # a b c d a b c d: abcd, bcda, cdab, dabc, abcd
    s = shingles("a b c d a b c d")
    assert s[("a", "b", "c", "d")] == 2
    assert sum(s.values()) == 5


# --------------------------------------------------------------------------- body_scores


def test_identical_texts_score_one():
    text = "The quick brown fox jumps over the lazy dog.\n\nIt was not amused."
    assert body_scores(text, text) == (1.0, 1.0)
    assert page_f1(*body_scores(text, text)) == 1.0


def test_formatting_does_not_matter():
    assert body_scores("one two three four five", "one, two;\n\nthree four — five") == (1.0, 1.0)


def test_disjoint_texts_score_zero():
    assert body_scores("alpha beta gamma delta epsilon", "one two three four five") == (0.0, 0.0)
    assert page_f1(0.0, 0.0) == 0.0


def test_case_is_significant():
    assert body_scores("A b c d", "a b c d") == (0.0, 0.0)


def test_partial_overlap_exact_numbers():
    # truth shingles: abcd bcde cdef (3); pred: abcd bcde cdex dexy (4); shared 2
    p, r = body_scores("a b c d e x y", "a b c d e f")
    assert p == approx(2 / 4)
    assert r == approx(2 / 3)
    assert page_f1(p, r) == approx(4 / 7)  # 2 * 1/2 * 2/3 / (1/2 + 2/3)


def test_repeated_shingle_counted_as_multiset():
    # pred has abcd twice (of 5 shingles), truth once: shared = min(2, 1) = 1
    assert body_scores("a b c d a b c d", "a b c d") == (approx(1 / 5), 1.0)
    # truth a b c d x a b c d: abcd bcdx cdxa dxab xabc abcd -> abcd twice of 6
    assert body_scores("a b c d", "a b c d x a b c d") == (1.0, approx(1 / 6))
    # both twice: both count
    p, r = body_scores("a b c d q a b c d", "a b c d x a b c d")
    assert p == approx(2 / 6) and r == approx(2 / 6)


def test_empty_sides_are_none():
    assert body_scores("", "one two three four") == (None, 0.0)
    assert body_scores("one two three four", "") == (0.0, None)
    assert body_scores(None, None) == (None, None)


def test_page_f1_none_safe():
    assert page_f1(None, 0.0) == 0.0  # empty prediction scores 0
    assert page_f1(None, 1.0) == 0.0
    assert page_f1(0.5, None) is None  # nothing to score against
    assert page_f1(1.0, 0.5) == approx(2 / 3)


# --------------------------------------------------------------------------- corpus_f1


def test_corpus_averaging_with_empty_prediction():
    pairs = [
        (1.0, 0.5),
        body_scores("", "one two three four five"),  # (None, 0.0): recall only
        (0.5, 1.0),
    ]
    score = corpus_f1(pairs)
    assert score.pages == 3
    assert score.precision == approx(0.75)  # (1.0 + 0.5) / 2
    assert score.recall == approx(0.5)  # (0.5 + 0.0 + 1.0) / 3
    assert score.f1 == approx(0.6)  # 2 * 0.75 * 0.5 / 1.25


def test_corpus_f1_is_harmonic_mean_of_means_not_mean_of_f1():
    score = corpus_f1([(1.0, 0.0), (0.0, 1.0)])
    assert (score.precision, score.recall) == (0.5, 0.5)
    assert score.f1 == approx(0.5)  # the mean of page F1s would be 0


def test_corpus_f1_empty():
    score = corpus_f1([])
    assert (score.precision, score.recall, score.f1, score.pages) == (None, None, None, 0)


# --------------------------------------------------------------------------- boilerplate


def test_boilerplate_left():
    body = "Real text.\n\nYou may\nalso like\n\nMore text."
    assert boilerplate_left(body, ["You may also like", "Leave a Comment"]) == ["You may also like"]
    assert boilerplate_left(body, []) == []
    assert boilerplate_left("", ["Leave a Comment"]) == []


# --------------------------------------------------------------------------- fields


def test_norm_ws():
    assert norm_ws("  a\u00a0 b\n\tc ") == "a b c"
    assert norm_ws("Fortschritt\u200b") == "Fortschritt"
    assert norm_ws(None) == ""


def test_title_match_folds_quotes_dashes_and_case_but_not_words():
    assert title_match("Starmer  defiant\nover gifts ", "Starmer defiant over gifts")
    assert title_match("Starmer’s gifts – a row", "STARMER'S GIFTS - A ROW")  # what the browser renders
    assert title_match("Klima\u00adwandel", "Klimawandel")
    assert title_match("Cafe\u0301 ba\u09a1\u09bc", "Caf\u00e9 ba\u09dc")  # canonically equivalent (NFC)
    assert not title_match("Starmer defiant | The Telegraph", "Starmer defiant")
    assert not title_match("Starmer defiant", "Starmer defiant again")
    assert not title_match(None, "Starmer defiant")


def test_title_match_strict_keeps_quotes_and_case():
    assert title_match("Starmer  defiant", "Starmer defiant", strict=True)
    assert not title_match("Starmer’s gifts", "Starmer's gifts", strict=True)
    assert not title_match("starmer defiant", "Starmer defiant", strict=True)


def test_a_credit_joining_full_names_counts_one_name_each():
    assert author_set_scores(["Jane Doe", "John Roe"], ["Jane Doe und John Roe"])[3]
    assert author_set_scores(["Ana Ruiz", "Luis Gil", "Eva Sol"], ["Ana Ruiz, Luis Gil & Eva Sol"])[3]
    assert not author_set_scores(["Herz", "Blut"], ["Herz und Blut"])[3]  # one-word parts: one name
    assert not author_set_scores(["Jane Doe"], ["Jane Doe, PhD"])[3]


def test_author_set_scores_partial():
    p, r, f1, exact = author_set_scores(["James Carter", "AP"], ["james  carter", "Jane Doe", "Bob"])
    assert p == approx(1 / 2)
    assert r == approx(1 / 3)
    assert f1 == approx(0.4)  # 2 * 1/6 / (5/6)
    assert exact is False


def test_author_set_scores_exact_ignores_case_order_duplicates():
    assert author_set_scores(["STEVE PEOPLES", "Amelia Thomson-DeVeaux", "steve peoples"],
                             ["Amelia Thomson-Deveaux", "Steve Peoples"]) == (1.0, 1.0, 1.0, True)


def test_author_set_scores_empty_sides():
    assert author_set_scores([], ["Jen Mills"]) == (0.0, 0.0, 0.0, False)
    assert author_set_scores(["Jen Mills"], []) == (0.0, 0.0, 0.0, False)
    assert author_set_scores([], []) == (1.0, 1.0, 1.0, True)
    # punctuation is not normalised: "R." vs "R"
    assert author_set_scores(["María R Sahuquillo"], ["María R. Sahuquillo"])[3] is False


def test_author_counts_for_pooling():
    assert author_counts(["A", "b", ""], ["a", "B", "c"]) == (2, 2, 3)


def test_role_matches():
    truth = [("James Carter", "Senior News Editor"), ("Ann Lee", "Photographer")]
    assert role_matches([("james carter", "Senior News Editor"), ("Ann Lee", None)], truth) == (1, 2)
    assert role_matches([("James Carter", "senior news editor")], truth) == (0, 2)  # role case kept


@pytest.mark.parametrize("pred, truth, same", [
    # same instant, both on 2024-01-30 in the truth's offset
    ("2024-01-30T04:30:00+00:00", "2024-01-30T05:30:00+01:00", True),
    # UTC says the 29th, the truth's own offset says the 30th
    ("2024-01-29T23:30:00+00:00", "2024-01-30T00:30:00+01:00", True),
    ("2024-01-29T23:30:00Z", "2024-01-30T00:30:00+01:00", True),
    # UTC says the 30th, the truth's offset says the 31st
    ("2024-01-30T23:30:00+00:00", "2024-01-31T00:30:00+01:00", True),
    ("2024-01-30T23:30:00+00:00", "2024-01-30T12:00:00+01:00", False),
    # +05:30: 20:00 UTC is 01:30 next day in India
    ("2024-09-01T20:00:00+00:00", "2024-09-02T17:07:00+05:30", True),
    # naive truth: compare the date parts as written
    ("2023-04-27T23:00:00+00:00", "2023-04-28T00:00:00", False),
    ("2023-04-28T23:00:00+00:00", "2023-04-28T00:00:00", True),
    # bare date prediction (what trafilatura gives) against an aware truth
    ("2024-01-30", "2024-01-30T05:00:00+01:00", True),
    ("2024-01-29", "2024-01-30T00:30:00+01:00", False),
    ("2024-01-30T14:13:12.269000+00:00", "2024-01-30T14:13:12.269000+00:00", True),
    (None, "2024-01-30T05:00:00+01:00", False),
    ("not a date", "2024-01-30T05:00:00+01:00", False),
])
def test_date_day_match(pred, truth, same):
    assert date_day_match(pred, truth) is same


def test_faq_scores():
    truth = [("What is it?", "An answer."), ("Why?", "Because."), ("Who?", "Them.")]
    pred = [("What  is it?", "An\nanswer."), ("Why?", "Because, really.")]
    assert faq_scores(pred, truth) == (approx(1 / 2), approx(1 / 3))
    assert faq_scores([], truth) == (None, 0.0)
    assert faq_scores(pred, []) == (0.0, None)
    assert faq_scores(truth, truth) == (1.0, 1.0)


def test_ablation_turns_the_named_cleaner_off_and_refuses_unknown_names(capsys):
    from evals.ablate import main
    from evals.body import _newsmill

    story = " ".join(["The council approved the new budget after a long debate about schools and roads."] * 6)
    html = (f"<html><body><article><h1>Budget passed</h1><p>{story}</p><p>{story}</p>"
            "<p class='tags'>Filed as Alpha topic, Beta topic and Gamma topic in our archive of council news</p>"
            "</article></body></html>").encode()
    on = _newsmill(("p", html, "https://example.org/2024/05/budget-passed/", []))
    off = _newsmill(("p", html, "https://example.org/2024/05/budget-passed/", [], ("tags",)))
    assert "Alpha topic" not in on["body"] and "Alpha topic" in off["body"]
    assert main(["--cleaners", "tags,nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1


def test_by_language_pools_small_languages_and_counts_removed_boilerplate():
    import io

    from evals.body import by_language

    def row(lang, half, ours_fp, theirs_fp):
        score = {"tp": 1, "fn": 0, "tn": 0}
        return {"language": lang, "half": half, "newsmill": {**score, "fp": ours_fp},
                "trafilatura": {**score, "fp": theirs_fp}}

    rows = ([row("de", h, 0, 1) for h in ("tuned", "held") for _ in range(3)]
            + [row("fr", "tuned", 0, 2), row("it", "held", 2, 2), row(None, "held", 1, 1)])
    out = io.StringIO()
    got = by_language(rows, out, min_pages=3)
    assert set(got) == {"de/tuned", "de/held", "other/tuned", "other/held"}  # fr, it, unknown: pooled
    assert got["de/held"]["removed"] == 3 and got["de/held"]["kept_by_trafilatura"] == 3
    assert got["other/tuned"]["removed"] == 2 and got["other/held"] == {
        "pages": 2, "gain": 0.0, "kept_by_trafilatura": 3, "removed": 0}
    assert "other" in out.getvalue() and "fr " not in out.getvalue()


def test_by_markup_tells_older_pages_from_html5_ones():
    import io

    from evals.body import by_markup, markup_of

    assert markup_of(b"<html><body><ARTICLE><p>x</p></ARTICLE></body></html>") == "html5"
    assert markup_of(b"<html><body><table><tr><td><font>x</font></td></tr></table></body></html>") == "older"

    def row(kind, half, ours, theirs):
        return {"markup": kind, "half": half, "newsmill": {"tp": ours, "fp": 0, "fn": 2 - ours, "tn": 0},
                "trafilatura": {"tp": theirs, "fp": 0, "fn": 2 - theirs, "tn": 0}}

    rows = [row("html5", "tuned", 2, 1), row("html5", "held", 2, 2), row("older", "tuned", 1, 2),
            row("older", "held", 2, 2)]
    out = io.StringIO()
    got = by_markup(rows, out)
    assert got["html5/tuned"]["recall_gain"] == 0.5 and got["html5/tuned"]["precision_gain"] == 0.0
    assert got["older/tuned"]["recall_gain"] == -0.5 and got["older/held"]["gain"] == 0.0
    assert "older" in out.getvalue()


# ---------------------------------------------------------------- evals/fields.py: SEO-title pages
_SEO_PAGE = ('<html><head><title>Short SEO title | Daily Paper</title><meta property="og:title" content="Short SEO title">'
             '</head><body><h1>The much longer headline the page shows</h1><p>Text.</p></body></html>')


@pytest.mark.parametrize("html, expected, declared_only", [
    (_SEO_PAGE, "Short SEO title", True),  # og:title and <title>'s first part, no heading shows it
    (_SEO_PAGE, "The much longer headline the page shows", False),  # the visible headline
    (_SEO_PAGE, "Daily Paper", True),  # a part of <title>, though not a headline: still declared only
    (_SEO_PAGE, "Something else entirely", False),  # neither shown nor declared
    (_SEO_PAGE.replace("<h1>", "<h2>").replace("</h1>", "</h2>"), "Short SEO title", False),  # no h1 on the page
    (_SEO_PAGE.replace("<p>Text.</p>", "<h3>Short SEO title</h3>"), "Short SEO title", False),  # a heading shows it
])
def test_declared_only_title(html, expected, declared_only):
    from evals.fields import declared_only_title  # noqa: PLC0415

    assert declared_only_title(html, expected) is declared_only


def test_author_ablation_turns_the_named_reader_off_and_refuses_unknown_names(capsys, monkeypatch):
    import cleaners.fields.authors as authors
    from cleaners import extract_article
    from evals.ablate_authors import _nobody, main

    assert all(callable(getattr(authors, name)) for name in authors.FINDERS)
    html = ("<html><head><meta name='author' content='Lena Fischer'></head><body><article><h1>Budget passed</h1>"
            "<p>Lena Fischer reports. " + "The council approved the budget after a long debate. " * 8 + "</p>"
            "</article></body></html>")
    assert [a.name for a in extract_article(html, "https://example.org/a").authors] == ["Lena Fischer"]
    monkeypatch.setattr(authors, "_from_meta", _nobody)  # _authors looks its readers up by name at each call
    assert extract_article(html, "https://example.org/a").authors == []
    assert main(["--finders", "_from_meta,nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1


def test_title_ablation_turns_the_named_rule_off_and_refuses_unknown_names(capsys, monkeypatch):
    import cleaners.fields.title as title
    from cleaners import extract_article
    from evals.ablate_title import RULES, main

    assert all(callable(getattr(title, name)) for name in RULES)  # a renamed helper fails here, not silently
    html = ("<html><head><meta property='og:title' content='Budget passed'></head><body><header><h1><a href='/'>"
            "Daily Paper</a></h1></header><article><p>" + "The council approved the budget after a long debate. " * 8
            + "</p></article></body></html>")
    assert extract_article(html, "https://example.org/2024/budget").title == "Budget passed"  # the h1 links home
    monkeypatch.setattr(title, "_links_home", RULES["_links_home"])  # looked up by name at each call
    assert extract_article(html, "https://example.org/2024/budget").title == "Daily Paper"
    assert main(["--rules", "_kicked,nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1
