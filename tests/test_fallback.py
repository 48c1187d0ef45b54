"""When trafilatura finds too little, extraction falls back instead of storing an empty article."""

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
