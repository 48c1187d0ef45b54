"""An inline quotation (<q>) stays inside its sentence (cleaners/parse.py unwrap_inline_quotes)."""

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
