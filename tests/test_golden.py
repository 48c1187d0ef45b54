"""Golden file: the seed page, extracted without Scrapy, equals its expected record."""

from __future__ import annotations

from cleaners import Author, Faq, extract_article
from evals.metrics import body_scores, page_f1


def test_seed_page_matches_expected_record(seed):
    html, expected = seed
    article = extract_article(html, "https://www.example-news.test/world/venezuela-us-military-action/")
    assert article.title == expected["title"]
    assert article.authors == [Author(**a) for a in expected["authors"]]
    assert article.published == expected["published"]
    assert article.section == expected["section"]
    assert article.language == expected["language"]
    assert article.faqs == [Faq(**f) for f in expected["faqs"]]
    for boilerplate in expected["boilerplate"]:
        assert boilerplate not in article.body
    assert page_f1(*body_scores(article.body, expected["body"])) >= 0.97
    # Paragraphs are separated by exactly one blank line.
    assert "\n\n\n" not in article.body and article.body.count("\n\n") >= 10
