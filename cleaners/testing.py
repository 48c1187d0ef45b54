"""Test helpers for a cleaner, built-in or third-party: it removes what it is for, and keeps the story.

    from cleaners.testing import assert_keeps, assert_removes

    def test_removes_a_donation_appeal():
        assert_removes(donations, '<div class="donate-box"><p>Support our journalism today.</p></div>',
                       "Support our journalism")

    def test_keeps_a_paragraph_about_donations():
        assert_keeps(donations, "<p>The charity said donations rose by a third this year.</p>", "donations rose")

Each runs the whole extraction (extract_article) on a realistic article page with `markup` inside the
story's block (where="story") or after it (where="after"), with only this cleaner enabled, so a pattern the
cleaner forgot to declare as its ATTR fails here rather than matching nothing in a crawl.
"""

from __future__ import annotations

from newsmill.records import Article

from . import registry
from .extract import explain_article

URL = "https://news.example.com/city/2025/10/14/library-opens-on-sundays/"
STORY = [
    "The city library will open on Sundays from next month, after the council approved four new posts in a "
    "late-night vote that ended six years of weekend closures brought in when the budget was cut.",
    "Librarians said the reading rooms and the children's floor would open from ten until four, and that the "
    "extra hours would also let school groups visit at weekends, which the old timetable made impossible.",
    "The council's finance committee said the posts would cost less than the overtime paid for special openings "
    "last year, and that the library would report visitor numbers every quarter so the change can be judged.",
]


def page(markup: str, where: str = "story") -> str:
    """A realistic article page: STORY in an <article>, `markup` inside it after the paragraphs or after it."""
    if where not in ("story", "after"):
        raise ValueError("where is 'story' or 'after'")
    body = "\n".join(f"<p>{p}</p>" for p in STORY)
    inside, after = (markup, "") if where == "story" else ("", markup)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Library opens on Sundays - City Post</title></head>
<body><header><a href="/">City Post</a></header><main>
<article><h1>Library opens on Sundays</h1><div class="entry-content">
{body}
{inside}
</div></article>
{after}
</main></body></html>"""


def _run(cleaner, markup: str, where: str) -> tuple[Article, list]:
    if registry.available().get(cleaner.NAME) is not cleaner:
        registry.register(cleaner)
    text = hasattr(cleaner, "clean_paragraphs")
    only = registry.CleanerPlan(tree=() if text else (cleaner.NAME,), text=(cleaner.NAME,) if text else ())
    article, removals = explain_article(page(markup, where), URL, disabled=only)  # type: ignore[arg-type]
    missing = [p[:40] for p in STORY if p not in article.body]
    assert not missing, f"{cleaner.NAME}: the story lost paragraphs starting {missing}"
    return article, [r for r in removals if r.cleaner == cleaner.NAME]


def assert_removes(cleaner, markup: str, phrase: str, where: str = "story") -> Article:
    """`cleaner` removes the block (or line) of `markup` that holds `phrase`; the story stays whole."""
    article, removals = _run(cleaner, markup, where)
    assert removals, f"{cleaner.NAME} removed nothing from {markup[:80]!r}"
    assert phrase not in article.body, f"{cleaner.NAME}: {phrase!r} is still in the body"
    return article


def assert_keeps(cleaner, markup: str, phrase: str, where: str = "story") -> Article:
    """`cleaner` leaves `phrase` of `markup` alone (its look-alike that is part of the story)."""
    article, removals = _run(cleaner, markup, where)
    taken = [r.text for r in removals if phrase in r.text]
    assert not taken, f"{cleaner.NAME} removed {phrase!r} ({taken[0][:80]!r})"
    return article
