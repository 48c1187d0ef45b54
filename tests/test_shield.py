"""trafilatura's name-based pruning kept off the story's own containers (cleaners/shield.py).

Real pages of the trafilatura-eval corpus, with one class name added to the story's block (the element
holding the most paragraph text) or to its parent: names real sites give their story's wrappers
("comments" on a live ticker, "sidebar" on a layout row). The story must stay the body."""

import pytest
from lxml import html as lxml_html

from cleaners import explain_article, extract_article
from cleaners.compat import pruned_by_name
from cleaners.parse import word_grams
from evals.corpus import load_snippet_pages
from evals.renamed import story_block

CASES = [  # (page, where the name goes, the name): trafilatura took another text for the story here
    ("haenselblatt.com.chinese", "block", "sidebar"),
    ("haenselblatt.com.chinese", "block", "related-content"),
    ("livenet.ch-sprache", "block", "comments"),
    ("Eurocash_rusza_z_Innowacyjn_Platform_Handlu_-_Handel_dystrybucja", "parent", "sidebar"),
]


@pytest.fixture(scope="module")
def pages():
    return {p.id: p for p in load_snippet_pages(ids={c[0] for c in CASES})}


def renamed(page, where: str, name: str) -> tuple[str, str]:
    """(the page re-serialised, the same with `name` added to the story block's or its parent's class)."""
    tree = lxml_html.document_fromstring(page.html)
    plain = lxml_html.tostring(tree, encoding="unicode")
    el = story_block(tree)
    el = el.getparent() if where == "parent" else el
    el.set("class", f"{el.get('class') or ''} {name}".strip())
    return plain, lxml_html.tostring(tree, encoding="unicode")


def kept(body: str, story: str) -> float:
    wanted = word_grams(story)
    return len(wanted & word_grams(body)) / len(wanted)


@pytest.mark.parametrize("pid,where,name", CASES)
def test_a_story_named_like_boilerplate_stays_the_body(pages, pid, where, name):
    plain, html = renamed(pages[pid], where, name)
    story = extract_article(plain, pages[pid].url).body
    article = extract_article(html, pages[pid].url)
    assert kept(article.body, story) >= 0.9
    assert article.extraction_path.endswith("+shield")
    without = extract_article(html, pages[pid].url, disabled=("shield",))
    assert kept(without.body, story) < 0.5  # what the shield is for: the story was lost


def test_explain_records_the_names_taken_off(pages):
    page = pages["haenselblatt.com.chinese"]
    _, html = renamed(page, "block", "sidebar")
    _, removals = explain_article(html, page.url)
    shielded = [r for r in removals if r.cleaner == "shield"]
    assert [r.target for r in shielded] == ["div.articel-text.sidebar"]
    assert shielded[0].kept.endswith(": sidebar")  # a note, not a removal: the removal counts leave it out


def test_unrenamed_pages_keep_the_plain_path(pages):
    for pid in {c[0] for c in CASES}:
        plain, _ = renamed(pages[pid], "block", "")
        assert "+shield" not in extract_article(plain, pages[pid].url).extraction_path


def test_pruned_by_name_reads_trafilaturas_lists():
    assert pruned_by_name("div", (("class", "sidebar-widget"),))
    assert pruned_by_name("div", (("class", "comments"),))
    assert pruned_by_name("div", (("class", "wp-caption"),))
    assert pruned_by_name("div", (("style", "display:none"),))
    assert not pruned_by_name("div", (("class", "article-text"),))
    assert not pruned_by_name("div", (("class", "entry-content"),))


def test_only_the_pruned_names_come_off():
    from cleaners.shield import _attributes, _unname

    el = lxml_html.fromstring("<div class='entry-content has-sidebar' id='main' style='display:none'>x</div>")
    _unname(el, _attributes(el))
    assert el.get("class") == "entry-content" and el.get("id") == "main" and el.get("style") is None


def test_a_tag_that_is_no_xml_name_is_asked_about_safely():
    assert pruned_by_name("o:p", (("class", "sidebar"),)) is False  # trafilatura's lists name no such tag
    html = ("<html><body><o:p class='sidebar'><div class='sidebar'>"
            + "".join(f"<p>{'Words of the story, one after another. ' * 8}{k}</p>" for k in range(6))
            + "</div></o:p></body></html>")
    assert "Words of the story" in extract_article(html, "https://example.test/a").body


LONG_PAGES = ["motorsport-total.com-romeo", "abc7news.com-Napa", "diem25.org.climate"]
LINES = "".join(f"<p>Entry {k} of the weekly archive, filed under the regional roundup.</p>" for k in range(300))


@pytest.mark.parametrize("pid", LONG_PAGES)
@pytest.mark.parametrize("name", ["menu", "comments"])
def test_a_longer_block_after_the_story_is_not_taken_for_it(pid, name):
    """A block of more paragraph text than the story, added at the end under a name trafilatura prunes:
    the shield took it for a pruned story and put it in the story's place (make eval-injected: 58 and
    70 of 72 stories lost). It speaks of nothing the headline says, so the story trafilatura kept stays."""
    page = load_snippet_pages(ids={pid})[0]
    tree = lxml_html.document_fromstring(page.html)
    plain = lxml_html.tostring(tree, encoding="unicode")
    tree.find("body").append(lxml_html.fragment_fromstring(f"<div class='{name}'>{LINES}</div>"))
    story = extract_article(plain, page.url).body
    article = extract_article(lxml_html.tostring(tree, encoding="unicode"), page.url)
    assert kept(article.body, story) >= 0.9
    assert "weekly archive" not in article.body
