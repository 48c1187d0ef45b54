"""Image captions trafilatura keeps as text leave the body (cleaners/extract.py _without_captions)."""

from cleaners import extract_article

_STORY = "".join(
    f"<p>Paragraph {i} of the story tells what the council decided on Tuesday about the new bridge over the river "
    f"and why the vote took so long to come.</p>" for i in range(8))


def _page(middle: str) -> str:
    return (f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>"
            f"<div class='media'><img src='/a.jpg'><figcaption><p>The mayor and her deputy, on Monday, at the "
            f"town hall (Photo: Jane Doe)</p></figcaption></div>{middle}</article></body></html>")


def test_caption_outside_a_figure_leaves_the_body():
    body = extract_article(_page(_STORY), "https://example.com/news/bridge").body
    assert "Paragraph 3 of the story" in body
    assert "The mayor and her deputy" not in body


def test_caption_that_repeats_a_story_paragraph_keeps_the_paragraph():
    story = _STORY + "<p>The mayor and her deputy, on Monday, at the town hall (Photo: Jane Doe)</p>"
    body = extract_article(_page(story), "https://example.com/news/bridge").body
    assert "The mayor and her deputy" in body


def test_gallery_captions_stay():
    slides = "".join(f"<div class='slide'><img src='/{i}.jpg'><figcaption><p>Look {i}: a red jumper with a "
                     f"black skirt, a pointed hat and a broom make the costume; add boots for the full effect.</p>"
                     f"</figcaption>"
                     f"</div>" for i in range(12))
    html = f"<html><body><article><h1>Costumes</h1><p>Twelve easy costumes for the party.</p>{slides}</article></body></html>"
    body = extract_article(html, "https://example.com/gallery").body
    assert "Look 5: a red jumper" in body


def _classed(caption_class: str, picture: str) -> str:
    return (f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{_STORY[:400]}"
            f"<div class='img-group'><div class='wrap'>{picture}</div><p class='{caption_class}'>The mayor and "
            f"her deputy, on Monday, at the town hall where the council met</p></div>{_STORY[400:]}"
            f"</article></body></html>")


def test_classed_caption_beside_its_picture_leaves_the_body():
    # the picture's class reads like a share button: a cleaner may drop it before the caption is judged
    for cls in ("imageCaption", "wp-caption-text", "photo__caption", "dida", "text bildunterschrift"):
        body = extract_article(_classed(cls, "<img class='img-share' src='/a.jpg'>"), "https://example.com/a").body
        assert "Paragraph 6 of the story" in body
        assert "The mayor and her deputy" not in body, cls


def test_caption_class_without_a_picture_stays():
    # a class that reads "caption" is evidence only beside a picture: a styled paragraph is the story
    body = extract_article(_classed("imageCaption", ""), "https://example.com/a").body
    assert "The mayor and her deputy" in body


def test_a_paragraph_ending_with_a_picture_credit_is_a_caption_whatever_its_markup():
    caption = ("<div class='c1x'><p>Residents cross the old bridge, Monday, Sept. 2, 2024, in Millbrook. "
               "(AP Photo/Jane Doe)</p></div>")
    html = (f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{_STORY[:700]}"
            f"{caption}{_STORY[700:]}</article></body></html>")
    body = extract_article(html, "https://example.com/news/bridge").body
    assert "Residents cross the old bridge" not in body
    assert "Paragraph 7 of the story" in body


def test_a_story_paragraph_that_mentions_a_photo_stays():
    line = "<p>The council also approved the new logo (a photo of the bridge by a local artist).</p>"
    html = (f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{_STORY}{line}"
            f"</article></body></html>")
    assert "approved the new logo" in extract_article(html, "https://example.com/news/bridge").body


def test_a_numbered_figure_caption_leaves_the_body_in_any_markup():
    figures = "".join(f"<p>{label} {i}: the bridge's {part} as the engineers drew it in the survey.</p>"
                      for i, (label, part) in enumerate((("Figure", "north pier"), ("Abbildung", "deck"),
                                                         ("Grafico", "south pier")), 1))
    html = (f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{_STORY[:700]}"
            f"{figures}{_STORY[700:]}<p>Figure skating will return to the rink under the bridge next winter, the "
            f"council said.</p></article></body></html>")
    body = extract_article(html, "https://example.com/news/bridge").body
    assert "north pier" not in body and "deck as" not in body and "south pier" not in body
    assert "Paragraph 7 of the story" in body and "Figure skating will return" in body  # no number: a sentence


def test_a_line_with_a_classed_credit_beside_its_picture_is_a_caption():
    """"<p>… <span class='copyright'>Name</span></p>" in a box with the picture and little else: a caption,
    whatever the line's own class. The same credit in a section that also holds the story stays the story's."""
    box = ("<div class='image-box'><a href='/i/1'><img src='/a.jpg'></a><p class='x1'><span class='copyright'>"
           "Jane Doe</span> The mayor and her deputy, on Monday, at the town hall where the council met</p></div>")
    html = (f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{_STORY[:400]}{box}"
            f"{_STORY[400:]}</article></body></html>")
    body = extract_article(html, "https://example.com/a").body
    assert "The mayor and her deputy" not in body and "Paragraph 6 of the story" in body
    section = ("<div class='sec'><img src='/a.jpg'><p>The mayor and her deputy, on Monday, at the town hall where "
               "the council met <span class='image-credit'>Jane Doe</span></p>" + _STORY + "</div>")
    html = f"<html><head><title>Bridge vote</title></head><body><article><h1>Bridge vote</h1>{section}</article></body></html>"
    assert "The mayor and her deputy" in extract_article(html, "https://example.com/a").body
