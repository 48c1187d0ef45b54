"""The blocks plugins and services write into or around a story (evals/widgets.py's markups) leave the body,
and the story's own blocks stay, on a story page written for the test."""

import pytest
from lxml import html as lxml_html

from cleaners import extract_article
from evals.renamed import story_block
from evals.widgets import STORY_PARTS, WIDGETS, _place

PARAS = [f"Paragraph {i} of the report on the island ferry: the operator changed its timetable this spring and "
         f"islanders who work on the mainland have had to rearrange their mornings around the new crossings."
         for i in range(6)]
PAGE = ("<html lang='en'><head><title>The island ferry changes its timetable</title></head><body><main><article>"
        "<h1>The island ferry changes its timetable</h1><div class='entry-content'>"
        + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></article></main></body></html>")
URL = "https://example.test/2024/05/island-ferry-timetable/"


def _body(markup: str, where: str, named: bool = True) -> str:
    tree = lxml_html.document_fromstring(PAGE)
    _place(story_block(tree), markup, where, named)
    return " ".join(extract_article(lxml_html.tostring(tree, encoding="unicode"), URL).body.split())


@pytest.mark.parametrize("name,where,markup,phrases", WIDGETS, ids=[w[0] for w in WIDGETS])
@pytest.mark.parametrize("named", [True, False], ids=["named", "unnamed"])
def test_a_plugins_block_leaves_the_body(name, where, markup, phrases, named):
    body = _body(markup, where, named)
    assert not [p for p in phrases if " ".join(p.split()) in body]
    assert all(p in body for p in PARAS)


@pytest.mark.parametrize("name,where,markup,phrases", STORY_PARTS, ids=[w[0] for w in STORY_PARTS])
@pytest.mark.parametrize("named", [True, False], ids=["named", "unnamed"])
def test_the_storys_own_blocks_stay(name, where, markup, phrases, named):
    body = _body(markup, where, named)
    assert all(" ".join(p.split()) in body for p in phrases)
    assert all(p in body for p in PARAS)
