"""Put back article text trafilatura dropped: from the middle of the story, and whole sibling modules.

trafilatura discards link-dense paragraphs ("Miyazaki: <a>Takanabe</a>, <a>Shintomi</a>") even
inside the article body. A paragraph of the body container that sits between two paragraphs
trafilatura kept is part of the story; one at the head or the tail may be a teaser, so it stays out.
A story cut into same-named blocks (recover_siblings) can lose all its blocks but one.
"""

from __future__ import annotations

import re

from .parse import INLINE_TAGS, isearch, text_of, word_grams

_MIN_SHARED = 0.5  # share of a paragraph's 4-grams found in an extracted one to count as "kept"
# Each recovery step compares each candidate with the kept paragraphs: quadratic. A page past this many
# comparisons (a list of thousands of lines, a hostile page) keeps trafilatura's paragraphs as they are;
# the corpus pages' largest is about 31,000.
_MAX_COMPARISONS = 1_000_000


class Grams(dict):
    """text -> word_grams(text), computed on first use: the recovery steps of one page compare the same
    paragraphs over and over. Pass one to each of them (the sets are shared: never modify one)."""

    def __missing__(self, text: str) -> set:
        grams = self[text] = word_grams(text)
        return grams


def recover_interior(anchor, paragraphs: list[str], source: list[str] | None = None,
                     memo: Grams | None = None) -> tuple[list[str], int]:
    """(paragraphs with dropped interior ones restored in page order, how many were restored).

    `source`: dense_paragraphs(anchor), when the caller has it already; `memo`: the page's Grams.
    """
    if anchor is None or len(paragraphs) < 2:
        return paragraphs, 0
    source = dense_paragraphs(anchor) if source is None else source
    if len(source) * len(paragraphs) > _MAX_COMPARISONS:
        return paragraphs, 0
    memo = Grams() if memo is None else memo
    grams = [memo[p] for p in paragraphs]
    positions = [_position(text, paragraphs, grams, memo) for text in source]
    out = list(paragraphs)
    inserted = 0
    for k, pos in enumerate(positions):
        if pos is not None:
            continue
        before = next((positions[i] for i in range(k - 1, -1, -1) if positions[i] is not None), None)
        after = next((positions[i] for i in range(k + 1, len(positions)) if positions[i] is not None), None)
        if before is None or after is None or after <= before:
            continue  # head or tail of the container: not ours to decide
        out.insert(before + 1 + inserted, source[k])
        inserted += 1
    return out, inserted


_SUBHEADS = ("h2", "h3", "h4")
_MAX_SUBHEAD = 200  # characters: a longer "heading" is a paragraph set in bold


def recover_subheads(anchor, paragraphs: list[str], memo: Grams | None = None) -> tuple[list[str], int]:
    """(paragraphs with the subheads trafilatura dropped from inside the story put back, how many).

    A subhead of the body container (h2-h4, a child of it, no link) comes back when the paragraph right
    after it and the nearest paragraph before it were both kept: it heads a part of the story, not a box.
    """
    if anchor is None or len(paragraphs) < 2:
        return paragraphs, 0
    heads = [h for h in anchor if isinstance(h.tag, str) and h.tag in _SUBHEADS]
    if not heads or len(heads) * len(paragraphs) > _MAX_COMPARISONS:
        return paragraphs, 0
    out = list(paragraphs)
    memo = Grams() if memo is None else memo
    grams = [memo[p] for p in out]
    present = {" ".join(p.split()) for p in out}
    added = 0
    for head in heads:
        text = text_of(head)
        if not text or len(text) > _MAX_SUBHEAD or text in present or head.find(".//a") is not None or _caption(head):
            continue
        following = head.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        previous = next((el for el in head.itersiblings(preceding=True) if isinstance(el.tag, str) and el.tag == "p"
                         and text_of(el)), None)
        if following is None or following.tag != "p" or previous is None:
            continue
        after = _position(text_of(following), out, grams, memo)
        before = _position(text_of(previous), out, grams, memo)
        if after is None or before is None or before >= after:
            continue
        out.insert(after, text)
        grams.insert(after, memo[text])
        present.add(text)
        added += 1
    return out, added


_CAPTION = re.compile(r"caption|credit|copyright|byline|meta|date|author|source", re.I)
_CREDIT_TEXT = re.compile(r"\b(?:Foto|Photo|Bild|Image|Imagen|Credit|Crédit|Getty|Reuters|AP Photo|dpa|AFP)\b\s*[:/]")


def _caption(p) -> bool:
    """Captions, credits and meta lines are not story paragraphs, even between two of them."""
    if isearch(_CAPTION, p.get("class") or ""):
        return True
    return any(isearch(_CAPTION, el.get("class") or "") for el in p.iter() if el is not p) or bool(
        _CREDIT_TEXT.search(text_of(p)))


def dense_paragraphs(anchor) -> list[str]:
    """The readability-style fallback: the paragraphs of the block with the most paragraph text."""
    if anchor is None:
        return []
    return [t for t in (text_of(p) for p in anchor if isinstance(p.tag, str) and p.tag == "p" and not _caption(p)) if t]


def br_lines(block) -> list[str]:
    """The runs of text between <br>s directly in block (a story written as lines, not <p>s), in page
    order. A run that is mostly a link's text is another story's teaser ("Lea también: <a>…</a>"). None
    when block holds no <br>: its text is in child blocks, which may be anything."""
    return _lines(block, children=False) if block.find("br") is not None else []


def block_lines(block) -> list[str]:
    """All the lines of a block of text written without <p>s: its runs between <br>s and each child of
    only text and inline markup, in page order, teaser links aside (see br_lines)."""
    return _lines(block, children=True)


def _lines(block, children: bool) -> list[str]:
    """block's runs of text and inline markup, cut at each <br> and each child block; with `children`,
    also each child block of only text and inline markup, in its place. Teaser lines left out."""
    out: list[tuple[str, int]] = []
    run, linked = [block.text or ""], 0
    for child in block.iterchildren():
        if not isinstance(child.tag, str):
            run.append(child.tail or "")
        elif child.tag in _INLINE:
            run.append(child.text_content() + (child.tail or ""))
            linked += sum(len(a.text_content()) for a in child.iter("a"))
        else:
            out.append(("".join(run), linked))
            kids = {c.tag for c in child if isinstance(c.tag, str)} if children and child.tag != "br" else None
            if kids is not None and kids <= _INLINE:
                out.append((child.text_content(), sum(len(a.text_content()) for a in child.iter("a"))))
            elif kids is not None and "br" in kids and kids - {"br"} <= _INLINE:
                out.extend((line, 0) for line in _lines(child, children=False))  # a child of <br> lines: its lines
            run, linked = [child.tail or ""], 0
    out.append(("".join(run), linked))
    return [" ".join(text.split()) for text, links in out if text.strip() and links <= _LINKED * len(text.strip())]


_INLINE = INLINE_TAGS - {"br"}  # a <br> ends a line
_LINKED = 0.5  # share of a line's characters in links above which it is a teaser, not story text


def _position(text: str, paragraphs: list[str], grams: list[set], memo: Grams | None = None) -> int | None:
    mine = word_grams(text) if memo is None else memo[text]
    for i, para in enumerate(paragraphs):
        if text == para or (mine and len(mine & grams[i]) >= _MIN_SHARED * len(mine)):
            return i
        if not mine and text in para:
            return i
    return None



def restore_kept(kept: list, paragraphs: list[str]) -> list[str]:
    """Make sure the text of elements a site keeps is in the body, after the paragraph before it."""
    out = list(paragraphs)
    for el in kept:
        text = text_of(el)
        grams = [word_grams(p) for p in out]
        if not text or _position(text, out, grams) is not None:
            continue
        where = 0
        for previous in reversed(el.xpath("preceding::p")):
            pos = _position(text_of(previous), out, grams)
            if pos is not None:
                where = pos + 1
                break
        out.insert(where, text)
    return out


# Sibling modules: some CMSs cut a long story into same-named blocks (an interview's question/answer
# modules between picture modules); trafilatura then keeps one of them. A block is a sibling module of
# the one holding the kept text when it has the same tag and the same class names under the same parent
# (only the first name matching also joins layout columns: a sidebar's 'col-md-4' beside 'col-md-8').
_MODULE_CLIMB = 4  # levels above the kept paragraphs' block where the module may sit
_MIN_MODULE_PROSE = 200  # characters of paragraph text a recovered module must hold
_MIN_LONGEST = 100  # and one paragraph at least this long: teaser cards hold short lines
_MAX_LINK_SHARE = 0.2  # of the module's text inside links
_MIN_KEPT_SHARE = 0.5  # the kept module must hold this share of the body's text


def recover_siblings(tree, paragraphs: list[str], memo: Grams | None = None) -> tuple[list[str], int]:
    """(paragraphs with the story's sibling modules that trafilatura left out added in page order, how many
    paragraphs were added). `memo`: the page's Grams."""
    body = tree.find("body") if tree.tag != "body" else tree
    words = max(paragraphs, key=len).split() if paragraphs else []
    if body is None or len(words) < 8:
        return paragraphs, 0
    # The block of the longest kept paragraph, found in C (a 4-word probe): most pages stop at _modules_of.
    hits = body.xpath(".//p[contains(normalize-space(.), $probe)]", probe=" ".join(words[2:6]))
    levels = _modules_of(hits[0].getparent()) if hits else []
    if not levels:
        return paragraphs, 0
    memo = Grams() if memo is None else memo
    kept_grams = set().union(*(memo[p] for p in paragraphs))
    grams_of: dict = {}  # element -> its 4-grams, read once: kept() and _merged() both need them

    def kept(p) -> bool:
        if p not in grams_of:
            grams_of[p] = word_grams(p.text_content())
        grams = grams_of[p]
        return bool(grams) and len(grams & kept_grams) >= _MIN_SHARED * len(grams)

    for module, siblings in levels:  # the nearest repeating level that gives something back
        kept_ps = [p for p in module.iter("p") if kept(p)]
        if sum(len(text_of(p)) for p in kept_ps) < _MIN_KEPT_SHARE * sum(len(p) for p in paragraphs):
            return paragraphs, 0
        story = _story_kinds(module, kept_ps, set(paragraphs))
        recovered = _prose_of(siblings, kept, kept_ps, story)
        if recovered:
            return _merged(body, paragraphs, [(p, grams_of[p]) for p in kept_ps], recovered, memo), len(recovered)
    return paragraphs, 0


_STORY_HEADS = ("h2", "h3", "h4")
_MIN_STORY_PS = 2  # kept paragraphs sharing one class name set before that set names the story's paragraphs


def _kind(el) -> tuple:
    return el.tag, tuple((el.get("class") or "").split())


def _story_kinds(module, kept_ps: list, kept_texts: set) -> set:
    """The kinds (tag, class names) of the story's own blocks in the kept module: the classed paragraph kind
    holding most of the kept text (two paragraphs at least, half the kept text), with the kinds of the
    subheads kept beside it. Empty when the kept paragraphs share no such class: no kind is known."""
    chars: dict = {}
    count: dict = {}
    for p in kept_ps:
        k = _kind(p)
        chars[k] = chars.get(k, 0) + len(text_of(p))
        count[k] = count.get(k, 0) + 1
    if not chars:
        return set()
    best = max(chars, key=lambda k: chars[k])
    if not best[1] or count[best] < _MIN_STORY_PS or chars[best] < 0.5 * sum(chars.values()):
        return set()
    heads = {_kind(h) for h in module.iter(*_STORY_HEADS) if h.get("class") and text_of(h) in kept_texts}
    return {best} | heads


def _prose_of(siblings: list, kept, kept_ps: list, story: frozenset | set = frozenset()) -> list:
    """(element, text) of the paragraphs of the sibling modules that hold prose and no kept text (the kept
    paragraphs met on the way join kept_ps, for the page order). `story`: the kinds of the story's own
    blocks (_story_kinds); when known, only those blocks of a sibling count and come back (a teaser box
    inside the module, kept elsewhere or link-heavy, no longer makes the module held or a link list)."""
    recovered = []
    for sibling in siblings:
        if story:
            texts = [(p, text_of(p)) for p in sibling.iter("p", *_STORY_HEADS) if _kind(p) in story]
        else:
            texts = [(p, text_of(p)) for p in sibling.iter("p") if not _caption(p)]
        texts = [(p, t) for p, t in texts if t]
        held = [p for p, _ in texts if kept(p)]
        if not texts or held:
            kept_ps += held
            continue
        if sum(len(t) for _, t in texts) < _MIN_MODULE_PROSE or max(len(t) for _, t in texts) < _MIN_LONGEST:
            continue
        if story:
            links = sum(len(text_of(a)) for p, _ in texts for a in p.iter("a"))
            whole = sum(len(t) for _, t in texts)
        else:
            links, whole = sum(len(text_of(a)) for a in sibling.iter("a")), len(text_of(sibling))
        if links > _MAX_LINK_SHARE * max(whole, 1):
            continue
        recovered.extend(texts)
    return recovered


def _modules_of(block) -> list:
    """[(ancestor of block, its siblings)] for each of block and its _MODULE_CLIMB nearest ancestors that
    repeats under its parent (same tag, same class names), nearest first."""
    levels = []
    for node in (block, *list(block.iterancestors())[:_MODULE_CLIMB]):
        parent = node.getparent()
        if parent is None or node.tag in ("body", "html"):
            break
        names = (node.get("class") or "").split()
        if not names:
            continue
        siblings = [s for s in parent if s is not node and s.tag == node.tag and (s.get("class") or "").split() == names]
        if siblings:
            levels.append((node, siblings))
    return levels


def _merged(body, paragraphs: list[str], kept_ps: list, recovered: list, memo: Grams) -> list[str]:
    """The paragraphs and the recovered ones in page order: each kept paragraph sits where the element
    holding its text does (`kept_ps`: those elements with their 4-grams); one without such an element
    stays after the paragraph before it."""
    order = {el: i for i, el in enumerate(body.iter())}
    sources = [(order[p], grams) for p, grams in kept_ps]
    items, last = [], -1.0
    for k, text in enumerate(paragraphs):
        mine = memo[text]
        pos = next((at for at, grams in sources if mine and len(mine & grams) >= _MIN_SHARED * len(mine)), None)
        last = float(pos) if pos is not None and pos > last else last + 1e-6
        items.append((last, k, text))
    items += [(float(order[p]), len(paragraphs) + i, text) for i, (p, text) in enumerate(recovered)]
    return [text for _, _, text in sorted(items)]
