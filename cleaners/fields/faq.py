"""FAQ records from schema.org FAQPage, <details>/<summary> and heading-led sections.

Returns the pairs and the elements that held them, so the caller removes them from the body.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from lxml import html as lxml_html

from ..article import Faq
from ..context import link_share
from ..parse import text_of
from .jsonld import types_of

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ANSWER_TAGS = {"p", "ul", "ol", "div", "blockquote", "table", "dl"}


@lru_cache(maxsize=1)
def _faq_headings() -> tuple[str, ...]:
    data = json.loads(resources.files("cleaners.phrases").joinpath("faq.json").read_text("utf-8"))
    return tuple(sorted({p for phrases in data["headings"].values() for p in phrases}, key=len, reverse=True))


def extract_faqs(tree, jsonld: list[dict]) -> tuple[list[Faq], list]:
    """(pairs, elements to drop from the body). One record per question across all sources."""
    pairs, elements = _from_jsonld(jsonld), []
    headings = _faq_heading_elements(tree)
    for found, used in (_from_microdata(tree), _from_headed_sections(headings), _from_details(tree),
                        _from_definition_lists(tree)):
        pairs += found
        elements += used
    if pairs:  # the "FAQ" heading above a <details> or <dl> block leaves the body with it
        elements += [h for h in headings if h not in elements]
    return _dedupe(pairs), elements


def _from_jsonld(jsonld) -> list[Faq]:
    pairs = []
    for obj in jsonld:
        if "faqpage" not in types_of(obj):
            continue
        entities = obj.get("mainEntity") or []
        for q in entities if isinstance(entities, list) else [entities]:
            if not isinstance(q, dict):
                continue
            answer = q.get("acceptedAnswer") or q.get("suggestedAnswer")
            if isinstance(answer, list):
                answer = answer[0] if answer else None
            text = answer.get("text") if isinstance(answer, dict) else None
            if q.get("name") and text:
                pairs.append(Faq(_clean(str(q["name"])), _html_to_text(str(text))))
    return pairs


def _is_faq_heading(text: str) -> bool:
    low = re.sub(r"[^\w\s&]", "", text.lower()).strip()
    return any(low == p or low.startswith(p + " ") for p in _faq_headings())


def _from_headed_sections(headings: list) -> tuple[list[Faq], list]:
    pairs, elements = [], []
    for heading in headings:
        found, used = _pairs_after(heading)
        if found:
            pairs += found
            elements += [heading] + used
    return pairs, elements


def _pairs_after(heading) -> tuple[list[Faq], list]:
    """Questions are lower-level headings after the FAQ heading; answers the blocks between them."""
    level = int(heading.tag[1])
    groups: list[tuple] = []  # (question element, [answer elements])
    for sib in heading.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib.tag in _HEADINGS:
            if int(sib.tag[1]) <= level:
                break
            groups.append((sib, []))
        elif _is_bold_line(sib):
            groups.append((sib, []))
        elif groups and sib.tag in _ANSWER_TAGS and text_of(sib):
            groups[-1][1].append(sib)
    groups = [(q, a) for q, a in groups if a]
    if not groups:
        return [], []
    # The last answer has no heading to end it: when earlier answers had a regular length,
    # what follows beyond it is the article's closing text, not part of the answer.
    if len(groups) > 1:
        cap = max(len(a) for _, a in groups[:-1])
        groups[-1] = (groups[-1][0], groups[-1][1][:cap])
    pairs = [Faq(text_of(q), "\n\n".join(text_of(a) for a in answers)) for q, answers in groups]
    used = [el for q, answers in groups for el in [q, *answers]]
    return pairs, used


def _is_bold_line(el) -> bool:
    """<p><strong>Question?</strong></p>: a question set in bold instead of a heading."""
    if el.tag not in ("p", "div") or len(el) == 0:
        return False
    text = text_of(el)
    bold = " ".join(text_of(b) for b in el if b.tag in ("strong", "b"))
    return 0 < len(text) <= 200 and bold == text


def _faq_heading_elements(tree) -> list:
    """Headings that open an FAQ ("FAQ", "Häufige Fragen"), in document order: one walk of the
    tree (tree.iter), where the XPath //h1|//h2|... made six and sorted their union."""
    return [h for h in tree.iter(_HEADINGS) if len(text := text_of(h)) <= 80 and _is_faq_heading(text)]


def _from_details(tree) -> tuple[list[Faq], list]:
    """<details> is also used for menus: only question-like or FAQ-marked ones, not link lists."""
    pairs, elements = [], []
    for details in tree.iter("details"):
        summary = details.find("summary")
        if summary is None or _in_navigation(details) or link_share(details) > 0.5:
            continue
        question = text_of(summary)
        if not (_is_question(question) or _faq_marked(details)):
            continue
        parts = [text_of(child) for child in details if child is not summary and isinstance(child.tag, str)]
        answer = "\n\n".join(p for p in parts if p)  # one paragraph per block, as in the body
        if question and answer:
            pairs.append(Faq(question, answer))
            elements.append(details)
    return pairs, elements


def _is_question(text: str) -> bool:
    return text.rstrip().endswith(("?", "？", "؟")) or text.lstrip().startswith("¿")


def _faq_marked(el) -> bool:
    for node in [el, *el.iterancestors()]:
        attrs = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if "faq" in attrs or "question" in attrs:
            return True
    return False


def _in_navigation(el) -> bool:
    return any(a.tag in ("nav", "header", "footer") for a in el.iterancestors())


def _from_microdata(tree) -> tuple[list[Faq], list]:
    """schema.org Question items: itemprop=name, and acceptedAnswer's itemprop=text."""
    pairs, elements = [], []
    for q in tree.xpath('//*[contains(@itemtype, "schema.org/Question")]'):
        names = q.xpath('.//*[@itemprop="name"]')
        answers = q.xpath('.//*[@itemprop="acceptedAnswer"]//*[@itemprop="text"]') or q.xpath(
            './/*[@itemprop="acceptedAnswer"]')
        if names and answers:
            pairs.append(Faq(text_of(names[0]), text_of(answers[0])))
            elements.append(q)
    return pairs, elements


def _from_definition_lists(tree) -> tuple[list[Faq], list]:
    """<dl> whose terms are questions, or that sits in an FAQ-marked block or under an FAQ heading."""
    pairs, elements = [], []
    for dl in tree.iter("dl"):
        if _in_navigation(dl):
            continue
        groups: list[tuple] = []
        for child in dl.iter("dt", "dd"):
            if child.tag == "dt":
                groups.append((text_of(child), []))
            elif groups and text_of(child):
                groups[-1][1].append(text_of(child))
        groups = [(q, a) for q, a in groups if q and a]
        questions = sum(_is_question(q) for q, _ in groups)
        if groups and (questions * 2 >= len(groups) or _faq_marked(dl) or _after_faq_heading(dl)):
            pairs += [Faq(q, "\n\n".join(a)) for q, a in groups]
            elements.append(dl)
    return pairs, elements


def _after_faq_heading(el) -> bool:
    for sib in el.itersiblings(preceding=True):
        if isinstance(sib.tag, str) and sib.tag in _HEADINGS:
            return _is_faq_heading(text_of(sib))
    return False


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return _clean(fragment)
    try:
        return _clean(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content())
    except (ValueError, TypeError):
        return _clean(re.sub(r"<[^>]+>", " ", fragment))


def _clean(text: str) -> str:
    return " ".join(text.split())


def _dedupe(pairs: list[Faq]) -> list[Faq]:
    seen, out = set(), []
    for pair in pairs:
        key = re.sub(r"\W+", " ", pair.question.lower()).strip()
        if key and key not in seen:
            seen.add(key)
            out.append(pair)
    return out
