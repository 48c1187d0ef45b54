"""Inline markup trafilatura splits into lines: a <q> stays inside its sentence (cleaners/parse.py
unwrap_inline_quotes), separator-only leftovers leave the body (cleaners/sanitize.py has_content)."""

from cleaners import extract_article

_STORY = "".join(
    f"<p>Paragraph {i} of the story tells what the council decided on Tuesday about the new bridge over the river "
    f"and why the vote took so long to come.</p>" for i in range(8))


def test_inline_quotation_stays_inside_its_sentence():
    """<q> is an inline quotation: the sentence around it is one paragraph, written once."""
    quote = ("<p>\u201e<q>Der Rechtsstaat muss dieser Entwicklung entschlossen begegnen</q>\u201c sagt der Pr\u00e4sident "
             "des Amtes. \u201e<q>Wir streben die Zusammenarbeit an</q>\u201c, f\u00fcgte er am Mittwoch in Berlin hinzu.</p>")
    html = f"<html><body><article><h1>Bridge vote</h1>{_STORY[:600]}{quote}{_STORY[600:]}</article></body></html>"
    body = extract_article(html, "https://example.com/news/bridge").body
    line = ("\u201eDer Rechtsstaat muss dieser Entwicklung entschlossen begegnen\u201c sagt der Pr\u00e4sident des Amtes. "
            "\u201eWir streben die Zusammenarbeit an\u201c, f\u00fcgte er am Mittwoch in Berlin hinzu.")
    assert line in body.split("\n\n")
    assert body.count("Der Rechtsstaat muss") == 1


def test_separator_only_lines_leave_the_body_and_emoticons_stay():
    """Leftovers of layout tables and inline lists ("| | |", "•", ",") are no text; ":)" is the writer's."""
    from cleaners.sanitize import has_content

    assert [t for t in ("| | | |", "•", ",", "—", "- ", "„“") if has_content(t)] == []
    assert all(has_content(t) for t in ("=)", ":-)", "|---|---|", "* * *", "1", "…"))
    html = (f"<html><body><article><h1>Bridge vote</h1>{_STORY}<p>\u2022</p><p>=)</p>"
            f"</article></body></html>")
    lines = extract_article(html, "https://example.com/news/bridge").body.split("\n\n")
    assert "\u2022" not in lines and "=)" in lines
