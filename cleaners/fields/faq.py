"""FAQ records from every FAQ markup in wide use, read in one walk of the tree.

Sources, in the order a question's first reading wins:
- schema.org FAQPage in JSON-LD (questions inline or as ``@id`` references into a ``@graph``, as
  Yoast writes them) and in microdata (``itemtype=…/Question``);
- the FAQ and accordion blocks of the WordPress SEO plugins and page builders, by the classes their
  save/render templates write (Yoast, Rank Math, All in One SEO, Spectra, Elementor accordion,
  toggle and nested accordion, Kadence, GenerateBlocks, Divi, Stackable, Otter);
- ``<details>/<summary>``; the ARIA accordion (a control with ``aria-expanded`` and the region its
  ``aria-controls``, ``data-(bs-)target`` or ``href="#…"`` names, or the panel right after it) and
  question/answer-named pairs (``.faq__question`` + ``.faq__answer``); ``<dl>`` question lists;
- heading- or bold-led question lists under an FAQ heading ("FAQ", "Häufige Fragen", … in the 18
  languages of phrases/faq.json; never the headline).

An FAQ block is plain FAQ markup; an accordion only counts as an FAQ when most titles read as
questions, an FAQ heading introduces it, or a wrapper named for FAQs holds a question; it never
does when its "answers" are choices to tick (polls, quizzes), in navigation, or outside the
story's region (a site's notice beside the story). Visible questions that only JSON-LD names (an
accordion we do not know) are found by their text, so their answers leave the body too, unless
they are most of the page's prose (a page declaring its own sections as FAQ).

Answers keep one paragraph per block ("\n\n"), <br> reads as a space.
Returns the pairs and the elements that held them, so the caller removes them from the body.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from functools import lru_cache
from importlib import resources

from lxml import etree
from lxml import html as lxml_html

from newsmill.records import Faq
from ..context import link_share
from ..parse import next_element, text_of as _all_text_of
from .jsonld import nodes_by_id, types_of


def text_of(el) -> str:
    """An element's visible text: FAQs are read before scripts and styles leave the tree, and the text of a
    <script> inside a question ("<h3><script>…</script></h3>") is none of its words."""
    if next(el.iter("script", "style"), None) is None:
        return _all_text_of(el)
    words = el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return " ".join("".join(words).split())


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_HEADING_SET = frozenset(_HEADINGS)
_ANSWER_TAGS = {"p", "ul", "ol", "div", "blockquote", "table", "dl"}
_CONTAINERS = frozenset(("div", "section", "article"))
_BLOCK_TAGS = frozenset((
    "p", "div", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "blockquote",
    "section", "article", "aside", "header", "footer", "pre", "figure", "figcaption", "details",
    "summary", "form", "fieldset", "address", "hr", *_HEADINGS,
))
_CELL_TAGS = frozenset(("td", "th"))
_NO_TEXT = frozenset(("script", "style", "noscript", "template", "svg"))
_MAX_QUESTION = 300  # characters: a longer "title" is a paragraph, not a question

# Item class -> (question classes, answer classes, is an FAQ block by itself). Classes as each
# plugin's save/render template writes them; the first question/answer class found wins.
_ITEMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    # Yoast SEO FAQ block: div.schema-faq-section > strong.schema-faq-question + p.schema-faq-answer
    "schema-faq-section": (("schema-faq-question",), ("schema-faq-answer",), True),
    # Rank Math FAQ block, server-rendered (div.rank-math-list-item) and saved (div.rank-math-faq-item)
    "rank-math-list-item": (("rank-math-question",), ("rank-math-answer",), True),
    "rank-math-faq-item": (("rank-math-question",), ("rank-math-answer",), True),
    # All in One SEO: one div.wp-block-aioseo-faq per question
    "wp-block-aioseo-faq": (("aioseo-faq-block-question",), ("aioseo-faq-block-answer",), True),
    # Spectra / Ultimate Addons for Gutenberg FAQ
    "uagb-faq-item": (("uagb-question",), ("uagb-faq-content", "uagb-content"), True),
    # Elementor accordion and toggle widgets
    "elementor-accordion-item": (("elementor-accordion-title", "elementor-tab-title"), ("elementor-tab-content",), False),
    "elementor-toggle-item": (("elementor-toggle-title", "elementor-tab-title"), ("elementor-tab-content",), False),
    # Kadence accordion pane
    "kt-accordion-pane": (("kt-blocks-accordion-title", "kt-blocks-accordion-header"),
                          ("kt-accordion-panel-inner", "kt-accordion-panel"), False),
    # GenerateBlocks (Pro) accordion
    "gb-accordion__item": (("gb-accordion__toggle",), ("gb-accordion__content",), False),
    # Divi toggle and accordion items
    "et_pb_toggle": (("et_pb_toggle_title",), ("et_pb_toggle_content",), False),
    # Stackable accordion (a <details>, a <div> in older versions)
    "stk-block-accordion": (("stk-block-accordion__heading",), ("stk-block-accordion__content",), False),
    # Otter accordion item (a <details>)
    "wp-block-themeisle-blocks-accordion-item": (("wp-block-themeisle-blocks-accordion-item__title",),
                                                 ("wp-block-themeisle-blocks-accordion-item__content",), False),
    # WordPress core accordion block (6.9+): h3.wp-block-accordion-heading > button, div.wp-block-accordion-panel
    "wp-block-accordion-item": (("wp-block-accordion-heading__toggle-title", "wp-block-accordion-heading"),
                                ("wp-block-accordion-panel",), False),
    # Elementor nested accordion (a <details>)
    "e-n-accordion-item": (("e-n-accordion-item-title-text", "e-n-accordion-item-title"), (), False),
}
_FAQ_BLOCK_CLASSES = ("faq", "question")  # a wrapper so named marks its accordion as an FAQ


@lru_cache(maxsize=1)
def _faq_headings() -> tuple[str, ...]:
    data = json.loads(resources.files("cleaners.phrases").joinpath("faq.json").read_text("utf-8"))
    return tuple(sorted({_heading_key(p) for phrases in data["headings"].values() for p in phrases},
                        key=len, reverse=True))


def _heading_key(text: str) -> str:
    """Lowercased, punctuation as spaces, Turkish dotless i folded (SIKÇA lowercases to 'sikça')."""
    return " ".join(re.sub(r"[^\w\s&]", " ", text.lower().replace("ı", "i")).split())


class _Page:
    """What one walk of the tree finds."""

    __slots__ = ("headings", "faq_headings", "details", "dls", "questions", "items", "controls", "ids", "short", "tree")

    def __init__(self):
        self.headings, self.faq_headings, self.details, self.dls = [], [], [], []
        self.questions, self.items, self.controls, self.short = [], [], [], []
        self.ids: dict[str, object] | None = None
        self.tree = None


_ITEM_RE = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, _ITEMS)) + r")(?![\w-])")
_ITEM_HINT = re.compile("faq|ccordion|oggle|rank-math")  # every _ITEMS class holds one of these
_WALK_TAGS = frozenset((*_HEADINGS, "details", "dl"))


def _walk(tree, want_short: bool) -> _Page:
    """One walk of the tree, reading only what every rule needs: headings, <details>, <dl>, plugin
    item classes, microdata questions and accordion controls."""
    page = _Page()
    page.tree = tree
    for el in tree.iter(etree.Element):  # elements only: no comments, no PIs
        tag, get = el.tag, el.get
        if tag in _WALK_TAGS:
            if tag == "details":
                page.details.append(el)
            elif tag == "dl":
                page.dls.append(el)
            else:
                page.headings.append(el)
                # not the headline: a story headed "Q&A: …" or "FAQ: …" is the story, not a block in it
                if tag != "h1" and len(text := text_of(el)) <= 80 and _is_faq_heading(text):
                    page.faq_headings.append(el)
        cls = get("class")
        if cls is not None:
            if _ITEM_HINT.search(cls) is not None and (match := _ITEM_RE.search(cls)) is not None:
                page.items.append((el, match.group(0)))
            if "uestion" in cls:  # <div class="faq__question">…</div><div class="faq__answer">…
                page.controls.append(el)
            elif get("aria-expanded") is not None:
                page.controls.append(el)
        elif get("aria-expanded") is not None:
            page.controls.append(el)
        if (itemtype := get("itemtype")) is not None and "schema.org/Question" in itemtype:
            page.questions.append(el)
    if want_short:  # only pages whose JSON-LD names questions look for them in any element
        page.short = list(tree.iter(*_QUESTION_TAGS))
    return page


def _keep_story_region(page: _Page, tree) -> None:
    """Drop what lies outside the story's region: the parent of the <article> that holds the
    headline, or, when the headline stands outside any <article>, the nearest element holding both
    it and the first <article> (a site's own FAQ box beside the story, a paywall notice)."""
    h1 = next((h for h in page.headings if h.tag == "h1" and not any(a.tag == "nav" for a in h.iterancestors())), None)
    if h1 is None:
        return
    article = next((a for a in h1.iterancestors() if a.tag == "article"), None)
    if article is not None:
        region = article.getparent()
    else:
        first = next(tree.iter("article"), None)
        region = _common_parent(h1, first) if first is not None else None
    if region is None or region.tag in ("body", "html"):
        return

    def inside(el) -> bool:
        return any(a is region for a in el.iterancestors())

    page.items = [(el, t) for el, t in page.items if inside(el)]
    for name in ("details", "dls", "questions", "controls", "faq_headings"):
        setattr(page, name, [el for el in getattr(page, name) if inside(el)])


def _ids(page: _Page, tree) -> dict:
    if page.ids is None:
        page.ids = {}
        for el in _WITH_ID(tree):
            page.ids.setdefault(el.get("id"), el)
    return page.ids


_WITH_ID = etree.XPath("//*[@id]")


_QUESTION_TAGS = frozenset(("p", "div", "span", "strong", "b", "button", "a", "summary", "dt", "li", *_HEADINGS))


def extract_faqs(tree, jsonld: list[dict]) -> tuple[list[Faq], list]:
    """(pairs, elements to drop from the body). One record per question across all sources."""
    declared = _from_jsonld(jsonld)
    declared_keys = {_key(p.question) for p in declared}
    page = _walk(tree, want_short=bool(declared))
    _keep_story_region(page, tree)
    pairs, elements = list(declared), []
    for found, used in (_from_microdata(page), _from_items(page, declared_keys), _from_details(page, declared_keys),
                        _from_controls(page, declared_keys), _from_definition_lists(page),
                        _from_headed_sections(page.faq_headings)):
        pairs += found
        elements += used
    if declared:
        elements += _declared_visible(tree, page, declared, elements)
    if pairs:  # the "FAQ" heading above a block leaves the body with it
        elements += [h for h in page.faq_headings if h not in elements]
    return _dedupe(pairs), elements


# ---------------------------------------------------------------- JSON-LD
def _from_jsonld(jsonld) -> list[Faq]:
    pairs = []
    by_id = None
    for obj in jsonld:
        if "faqpage" not in types_of(obj):
            continue
        entities = obj.get("mainEntity") or []
        for q in entities if isinstance(entities, list) else [entities]:
            if isinstance(q, dict) and isinstance(q.get("@id"), str) and not q.get("name"):
                if by_id is None:  # Yoast: the questions are @graph nodes the page names by @id
                    by_id = nodes_by_id(jsonld)
                q = by_id.get(q["@id"], q)
            if not isinstance(q, dict):
                continue
            answer = q.get("acceptedAnswer") or q.get("suggestedAnswer")
            if isinstance(answer, list):
                answer = answer[0] if answer else None
            text = answer.get("text") if isinstance(answer, dict) else None
            name = q.get("name")
            if isinstance(name, (str, int, float)) and name and isinstance(text, (str, int, float)) and text \
                    and not isinstance(name, bool) and not isinstance(text, bool):  # a dict's repr is no answer
                question = _html_to_text(str(name)).replace("\n\n", " ")
                pairs.append(Faq(question, _html_to_text(str(text))))
    return pairs


def _declared_visible(tree, page: _Page, declared: list[Faq], taken: list) -> list:
    """Visible copies of JSON-LD questions no markup rule read: the question's element and the
    blocks after it that hold the answer's text. Not when they are most of the page's prose: a
    page that declares its own sections as FAQ keeps them as its story."""
    wanted = {_key(p.question): p for p in declared}
    longest = max(len(p.question) for p in declared) + 40  # room for whitespace and icons
    shortest = min(len(p.question) for p in declared) // 2
    starts = {k[:8] for k in wanted}  # a cheap first test before the full key
    found, asked = [], []
    done = set(map(id, taken))
    for el in page.short:
        if len(el) > 3 or id(el) in done:
            continue  # a question's element holds its text and an icon or two, not blocks
        raw = el.text_content()
        if not raw or len(raw) > longest * 2:
            continue
        text = " ".join(raw.split())
        if not shortest <= len(text) <= _MAX_QUESTION or _key(text[:40])[:8] not in starts:
            continue
        if (pair := wanted.get(_key(text))) is None:
            continue
        if any(_key(text_of(c)) == _key(text) for c in el if isinstance(c.tag, str)):
            continue  # a child holds the same text: take the innermost element
        if not _attached_outside(el, taken):
            continue
        answer = _key(pair.answer)
        node, blocks = el, []
        for _ in range(4):  # climb to the level where the answer follows as a sibling
            sib = next_element(node)
            if sib is not None:
                while sib is not None:
                    if isinstance(sib.tag, str):
                        k = _key(_text(sib))
                        if not k or k not in answer:
                            break
                        blocks.append(sib)
                    sib = sib.getnext()
                break
            node = node.getparent()
            if node is None:
                break
        if blocks:
            question_el = node if node is not el and _key(text_of(node)) == _key(text) else el
            found += [question_el, *blocks]
            asked.append(question_el)
            done.add(id(el))
            del wanted[_key(text)]
    if found and not all(_faq_marked(el, depth=3) for el in asked):  # not a block named FAQ
        removed = sum(len(text_of(el)) for el in found)
        prose = sum(len(text_of(p)) for p in tree.iter("p"))
        if removed > _MAX_DECLARED_SHARE * prose:
            return []
    return found


_MAX_DECLARED_SHARE = 0.5


def _attached_outside(el, taken: list) -> bool:
    if not taken:
        return True
    ids = set(map(id, taken))
    return not any(id(a) in ids for a in el.iterancestors())


# ---------------------------------------------------------------- microdata
def _from_microdata(page: _Page) -> tuple[list[Faq], list]:
    """schema.org Question items: itemprop=name, and acceptedAnswer's itemprop=text."""
    pairs, elements = [], []
    for q in page.questions:
        names = q.xpath('.//*[@itemprop="name"]')
        answers = q.xpath('.//*[@itemprop="acceptedAnswer"]//*[@itemprop="text"]') or q.xpath(
            './/*[@itemprop="acceptedAnswer"]')
        if names and answers:
            question, answer = _text(names[0]), _answer_text(answers[0])
            if question and answer:
                pairs.append(Faq(question, answer))
                elements.append(q)
    return pairs, elements


# ---------------------------------------------------------------- plugin blocks
def _from_items(page: _Page, declared: set[str]) -> tuple[list[Faq], list]:
    """FAQ and accordion items of the plugins in _ITEMS, found by the classes they render."""
    groups: dict[int, list] = {}
    order = []
    for item, token in page.items:
        if _in_navigation(item):
            continue  # a site-wide FAQ widget in the footer is the site's, not the story's
        question_classes, answer_classes, is_faq = _ITEMS[token]
        q_el = _first_with_class(item, question_classes)
        if q_el is None:
            continue
        a_el = _first_with_class(item, answer_classes) if answer_classes else None
        if a_el is not None:
            answer = _answer_text(a_el)
        else:  # a <details> item: everything after its <summary>
            summary = q_el if q_el.tag == "summary" else next(iter(item.iterchildren("summary")), None)
            if summary is None or item.tag != "details":
                continue
            answer = "\n\n".join(t for c in item if c is not summary and isinstance(c.tag, str)
                                 for t in [_answer_text(c)] if t)
        question = _text(q_el)
        if not question or not answer or len(question) > _MAX_QUESTION or _has_inputs(item):
            continue
        parent = item.getparent()
        key = id(parent)
        if key not in groups:
            groups[key] = []
            order.append(parent)
        groups[key].append((Faq(question, answer), item, is_faq))
    pairs, elements = [], []
    for parent in order:
        members = groups[id(parent)]
        ok_group = any(m[2] for m in members) or _group_is_faq(parent, members[0][1],
                                                                 [m[0].question for m in members])
        for pair, item, _ in members:
            if ok_group or _key(pair.question) in declared:
                pairs.append(pair)
                elements.append(item)
    return pairs, elements


def _first_with_class(el, classes: tuple[str, ...]):
    for cls in classes:
        for node in el.iter():
            c = node.get("class") if isinstance(node.tag, str) else None
            if c and cls in c.split():
                return node
    return None


def _group_is_faq(container, first, questions: list[str]) -> bool:
    """An accordion is an FAQ when most titles are questions, a wrapper is named for FAQs, or an
    FAQ heading introduces it (before its first item, or before a wrapper of it)."""
    asked = sum(map(_is_question, questions))
    if questions and asked * 2 >= len(questions):
        return True
    if _under_faq_heading(first):
        return True
    # a wrapper named "faq" is weak evidence (sites name their one accordion component so, and put
    # press releases in it): it needs a question among the titles too
    return bool(asked) and container is not None and _faq_marked(container, depth=4)


# ---------------------------------------------------------------- <details>, ARIA, <dl>
def _from_details(page: _Page, declared: set[str]) -> tuple[list[Faq], list]:
    """<details> is also used for menus: only question-like, FAQ-marked or FAQ-headed ones."""
    groups: dict[int, list] = {}
    order = []
    for details in page.details:
        summary = details.find("summary")
        if summary is None or _in_navigation(details) or link_share(details) > 0.5 or _has_inputs(details):
            continue
        question = _text(summary)
        parts = [_answer_text(child) for child in details if child is not summary and isinstance(child.tag, str)]
        answer = "\n\n".join(p for p in parts if p)  # one paragraph per block, as in the body
        if question and answer and len(question) <= _MAX_QUESTION:
            parent = details.getparent()
            if id(parent) not in groups:
                groups[id(parent)] = []
                order.append(parent)
            groups[id(parent)].append((Faq(question, answer), details))
    return _qualified(groups, order, declared)


def _qualified(groups, order, declared) -> tuple[list[Faq], list]:
    pairs, elements = [], []
    for parent in order:
        members = groups[id(parent)]
        questions = [m[0].question for m in members]
        if questions and sum(map(_is_question, questions)) == len(questions):
            ok_group = True
        else:
            first = members[0][1]
            first = first[0] if isinstance(first, list) else first
            ok_group = _group_is_faq(parent, first, questions) or any(_is_question(q) for q in questions) and any(
                _faq_marked(m[1] if not isinstance(m[1], list) else m[1][0], depth=2) for m in members)
        for pair, el in members:
            if ok_group or _is_question(pair.question) or _key(pair.question) in declared:
                pairs.append(pair)
                elements.append(el)
    return pairs, elements


def _from_controls(page: _Page, declared: set[str]) -> tuple[list[Faq], list]:
    """The ARIA accordion: a button (or role=button) with aria-expanded and aria-controls naming
    the region that holds the answer."""
    groups: dict[int, list] = {}
    order = []
    for control in page.controls:
        expanded = control.get("aria-expanded") is not None
        if expanded and not (control.get("aria-controls") or control.tag == "button" or control.get("role") == "button"):
            if "question" not in (control.get("class") or "").lower():
                continue
        if control.get("aria-haspopup") not in (None, "false") or _in_navigation(control):
            continue
        question = _text(control)
        if not question or len(question) > _MAX_QUESTION:
            continue
        # the question's own element: the heading that wraps the button (W3C pattern)
        q_el = control
        parent = control.getparent()
        if parent is not None and parent.tag in _HEADING_SET and _key(text_of(parent)) == _key(question):
            q_el = parent
        target = control.get("aria-controls") or _target(control)
        if target:
            region = _ids(page, page.tree).get(target.split(" ")[0])
        elif control.get("aria-expanded") is not None:
            region = next_element(q_el)  # no aria-controls: the panel follows the button
        else:  # named for a question: the next element must be named for an answer
            region = next_element(q_el)
            if region is None or not any(w in (region.get("class") or "").lower() for w in _ANSWER_CLASSES):
                continue
        if region is None or region is control or _contains(region, control) or _contains(control, region):
            continue
        if region.tag == "button" or region.get("aria-expanded") is not None:
            continue
        answer = _answer_text(region)
        if not answer or link_share(region) > 0.5 or _has_inputs(region):
            continue
        item = _common_parent(q_el, region)
        if item is None:
            continue
        removals, group = [q_el, region], item
        if _only(item, q_el, region):  # an item wrapper around the two: it goes, its list groups
            removals, group = [item], item.getparent()
        if group is None:
            continue
        if id(group) not in groups:
            groups[id(group)] = []
            order.append(group)
        groups[id(group)].append((Faq(question, answer), removals))
    pairs, elements = [], []
    for found, used in [_qualified(groups, order, declared)]:
        pairs += found
        for removals in used:
            elements += removals
    return pairs, elements


_ANSWER_CLASSES = ("answer", "antwort", "respuesta", "reponse", "réponse", "risposta", "resposta", "antwoord")


def _target(control) -> str | None:
    """The panel a collapse toggle names without aria-controls: Bootstrap's data-(bs-)target or a
    same-page link."""
    for attr in ("data-bs-target", "data-target", "href"):
        value = control.get(attr)
        if value and value.startswith("#") and len(value) > 1:
            return value[1:]
    return None


def _has_inputs(el) -> bool:
    """A poll or a quiz: its "answers" are choices to tick."""
    return next(el.iter("input", "select", "textarea"), None) is not None



def _contains(outer, inner) -> bool:
    return any(a is outer for a in inner.iterancestors())


def _common_parent(a, b):
    ancestors = {id(x): x for x in a.iterancestors()}
    for x in b.iterancestors():
        if id(x) in ancestors:
            return x
    return None


def _only(item, q_el, region) -> bool:
    """item holds nothing but the question and its answer (an accordion item wrapper)."""
    if item.tag in ("body", "main", "article", "html"):
        return False
    return len(_key(text_of(item))) <= len(_key(text_of(q_el))) + len(_key(text_of(region))) + 2


def _from_definition_lists(page: _Page) -> tuple[list[Faq], list]:
    """<dl> whose terms are questions, or that sits in an FAQ-marked block or under an FAQ heading."""
    pairs, elements = [], []
    for dl in page.dls:
        if _in_navigation(dl) or link_share(dl) > 0.5:
            continue
        groups: list[tuple] = []
        for child in dl.iter("dt", "dd"):
            if child.tag == "dt":
                groups.append((_text(child), []))
            elif groups and (text := _answer_text(child)):
                groups[-1][1].append(text)
        groups = [(q, a) for q, a in groups if q and a]
        questions = sum(_is_question(q) for q, _ in groups)
        if groups and (questions * 2 >= len(groups) or _faq_marked(dl) or _under_faq_heading(dl)):
            pairs += [Faq(q, "\n\n".join(a)) for q, a in groups]
            elements.append(dl)
    return pairs, elements


# ---------------------------------------------------------------- heading-led sections
def _is_faq_heading(text: str) -> bool:
    return _faq_heading_re().match(_heading_key(text)) is not None


@lru_cache(maxsize=1)
def _faq_heading_re() -> re.Pattern:
    """A heading that is one of the phrases, or starts with one and goes on after a space."""
    return re.compile("(?:" + "|".join(map(re.escape, _faq_headings())) + ")(?: |$)")


def _from_headed_sections(headings: list) -> tuple[list[Faq], list]:
    pairs, elements = [], []
    for heading in headings:
        found, used = _pairs_after(heading)
        if found:
            pairs += found
            elements += [heading] + used
    return pairs, elements


def _flat_siblings(heading, level: int):
    """The heading's following siblings; a wrapper whose first child is a question (an item
    <div> around a question and its answer, or one around the whole list) gives its children."""
    for sib in heading.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        for _ in range(3):  # <div class="wp-block-group"><div class="…__inner-container">…
            kids = [c for c in sib if isinstance(c.tag, str)] if sib.tag in _CONTAINERS else []
            if len(kids) == 1 and kids[0].tag in _CONTAINERS and not (sib.text or "").strip():
                sib = kids[0]
            else:
                break
        first = next((c for c in sib if isinstance(c.tag, str)), None) if sib.tag in _CONTAINERS else None
        if first is not None and not (sib.text or "").strip() and (
                (first.tag in _HEADING_SET and int(first.tag[1]) > level) or _is_bold_line(first)
                or _bold_lead(first) is not None):
            yield from (c for c in sib if isinstance(c.tag, str))
        else:
            yield sib


def _pairs_after(heading) -> tuple[list[Faq], list]:
    """Questions are lower-level headings or bold lines after the FAQ heading; answers the blocks
    between them."""
    level = int(heading.tag[1])
    groups: list[tuple] = []  # (question element, question text, [answer texts], [answer elements])
    for sib in _flat_siblings(heading, level):
        if sib.tag in _HEADING_SET:
            if int(sib.tag[1]) <= level:
                break
            groups.append((sib, text_of(sib), [], []))
        elif _is_bold_line(sib):
            groups.append((sib, text_of(sib), [], []))
        elif (lead := _bold_lead(sib)) is not None:
            groups.append((sib, lead[0], [lead[1]], [sib]))
        elif groups and sib.tag in _ANSWER_TAGS and (text := _answer_text(sib)):
            groups[-1][2].append(text)
            groups[-1][3].append(sib)
        elif sib.tag in _NEUTRAL:
            continue  # a picture between two questions does not end the list
        elif groups and sib.tag not in _ANSWER_TAGS and text_of(sib):
            break  # a form, an aside, a quote box: the list is over
    groups = [g for g in groups if g[2] and g[1]]
    if not groups:
        return [], []
    # The last answer has no heading to end it: when earlier answers had a regular length,
    # what follows beyond it is the article's closing text, not part of the answer.
    if len(groups) > 1:
        cap = max(len(g[2]) for g in groups[:-1])
        q, qt, texts, els = groups[-1]
        groups[-1] = (q, qt, texts[:cap], els[:cap])
    pairs = [Faq(qt, "\n\n".join(texts)) for _, qt, texts, _ in groups]
    used = []
    for q, _, _, els in groups:
        used += [q] + [e for e in els if e is not q]
    return pairs, used


_NEUTRAL = frozenset(("figure", "picture", "img", "hr", "br", "script", "noscript", "style", "iframe"))


def _is_bold_line(el) -> bool:
    """<p><strong>Question?</strong></p>: a question set in bold instead of a heading."""
    if el.tag not in ("p", "div") or len(el) == 0:
        return False
    text = text_of(el)
    bold = " ".join(text_of(b) for b in el if b.tag in ("strong", "b"))
    return 0 < len(text) <= 200 and bold == text


def _bold_lead(el):
    """<p><strong>Question?</strong> Answer.</p>: (question, answer) when the bold lead is a question."""
    if el.tag != "p" or len(el) == 0 or (el.text or "").strip():
        return None
    first = el[0]
    if not isinstance(first.tag, str) or first.tag not in ("strong", "b"):
        return None
    question = text_of(first)
    if not _is_question(question) or len(question) > 200:
        return None
    full = _text(el)
    answer = full[len(question):].strip() if full.startswith(question) else ""
    return (question, answer) if answer else None


def _under_faq_heading(el, levels: int = 4) -> bool:
    """The nearest heading before el (or before one of its first few ancestors), with nothing but
    short wrappers between, is an FAQ heading."""
    node = el
    for _ in range(levels):
        if node is None:
            return False
        for sib in node.itersiblings(preceding=True):
            if not isinstance(sib.tag, str):
                continue
            if sib.tag in _HEADING_SET:
                return _is_faq_heading(text_of(sib))
            text = text_of(sib)
            if not text:
                continue
            if len(text) <= 120:  # a heading widget: <div><div><h2>FAQ</h2></div></div>
                inner = [h for h in sib.iter(_HEADINGS)]
                if inner:
                    return _is_faq_heading(text_of(inner[-1]))
            return False
        node = node.getparent()
    return False


# ---------------------------------------------------------------- shared helpers
def _is_question(text: str) -> bool:
    return text.rstrip().endswith(("?", "？", "؟", "\u037e")) or text.lstrip().startswith("¿")


def _faq_marked(el, depth: int = 50) -> bool:
    for i, node in enumerate([el, *el.iterancestors()]):
        if i > depth or node.tag in ("body", "html"):
            break
        attrs = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if any(word in attrs for word in _FAQ_BLOCK_CLASSES):
            return True
    return False


def _in_navigation(el) -> bool:
    return any(a.tag in ("nav", "header", "footer") for a in el.iterancestors())


def _paragraphs(el) -> list[str]:
    """The element's text, one string per block (paragraph, list item, heading, …); <br> is a space."""
    out: list[str] = []
    run: list[str] = []

    def flush():
        text = " ".join("".join(run).split())
        if text:
            out.append(text)
        run.clear()

    def walk(node):
        if node.text:
            run.append(node.text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                if tag in _NO_TEXT or (tag not in _BLOCK_TAGS and child.get("aria-hidden") == "true"):
                    pass  # a JSON-LD script left in the block, a style; an icon ("+") hidden from readers
                    # (a collapsed panel may be aria-hidden too: only inline elements are icons)
                elif tag == "br":
                    run.append(" ")
                elif tag in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    if tag in _CELL_TAGS:
                        run.append(" ")
                    walk(child)
            if child.tail:
                run.append(child.tail)

    walk(el)
    flush()
    return out


def _answer_text(el) -> str:
    return "\n\n".join(_paragraphs(el))


def _text(el) -> str:
    return " ".join(_paragraphs(el))


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment and "&lt;" in fragment:
        fragment = html_lib.unescape(fragment)
    if "<" not in fragment:
        return _clean(html_lib.unescape(fragment))
    try:
        return _answer_text(lxml_html.fragment_fromstring(fragment, create_parent="div"))
    except (ValueError, TypeError):
        return _clean(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _clean(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


_NON_WORD = re.compile(r"\W+")


def _dedupe(pairs: list[Faq]) -> list[Faq]:
    """One record per question. Two rules reading one block may word its question apart (an icon's
    text, a number): the same answer under a question holding the other's is the same record too."""
    seen, answers, out = set(), {}, []
    for pair in pairs:
        key = _key(pair.question)
        if not key or key in seen:
            continue
        answer = _key(pair.answer)
        earlier = answers.get(answer)
        if earlier is not None and (earlier in key or key in earlier):
            continue
        seen.add(key)
        answers.setdefault(answer, key)
        out.append(pair)
    return out
