"""What every tree cleaner gets: the one parsed tree, lookups built once, and a guarded remove()."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from lxml import etree

from .parse import INLINE_TAGS, isearch, next_element, previous_element, text_of
from .recover import br_lines

_BLOCK_PARENTS = {"section", "aside", "div", "nav", "footer", "header", "form", "ul", "ol", "figure"}
_NEVER_REMOVE = {"html", "body", "main"}
# An id or a class token that names the page's story itself, whole
_STORY_NAMES = frozenset(("article", "story", "article-body", "articlebody", "article-content", "article-text",
                          "story-body", "story-content", "post-content", "post-body", "entry-content", "entry-body",
                          "content", "main-content", "maincontent"))
_INLINE = {"strong", "b", "span", "em"}


@dataclass
class Removal:
    cleaner: str
    target: str  # tag#id.class of what was removed
    start: str | None = None  # the start of its text, for --explain (read from `element` when asked)
    element: object = field(default=None, repr=False, compare=False)
    story_chars: int = 0  # paragraph text of the story's block and its siblings, when it was judged
    kept: str | None = None  # set when a guard refused the removal: why

    @property
    def text(self) -> str:
        # Read on demand: the removed block stays whole on its own, and a crawl only counts removals.
        if self.start is None:
            self.start = text_of(self.element)[:80] if self.element is not None else ""
        return self.start

    def evidence(self) -> dict:
        """What the decision rested on, for --explain: the block's size, its links, its weight
        against the story, and the class/id/role token the cleaner's name pattern matched (if any)."""
        if self.element is None:
            return {}
        chars = len(text_of(self.element))
        found = {"chars": chars, "link_share": round(link_share(self.element), 2),
                 "story_share": round(chars / self.story_chars, 2) if self.story_chars else None}
        token = _matched_token(self.cleaner, self.element)
        if token:
            found["name"] = token
        return found


@lru_cache(maxsize=None)
def phrases(family: str) -> dict:
    """A family's phrase lists from cleaners/phrases/<family>.json."""
    return json.loads(resources.files("cleaners.phrases").joinpath(f"{family}.json").read_text("utf-8"))


def partition(paragraphs: list[str], drop) -> tuple[list[str], list[str]]:
    """(kept, removed): a text cleaner's answer for a test of single paragraphs."""
    kept: list[str] = []
    removed: list[str] = []
    for para in paragraphs:
        (removed if drop(para) else kept).append(para)
    return kept, removed


def all_languages(lists: dict) -> tuple[str, ...]:
    return tuple(p for lang, items in lists.items() if not lang.startswith("_") for p in items)


_NOT_HEADING_CHAR = re.compile(r"[^\w\s&']")


def normalise_heading(text: str) -> str:
    """Lowercased, punctuation dropped, whitespace collapsed."""
    return _normalise_short(text) if len(text) <= 200 else _normalise(text)


def _normalise(text: str) -> str:
    return " ".join(_NOT_HEADING_CHAR.sub("", text.lower()).split())


# A site's headings and labels recur on every page; long texts rarely do, and would fill the memory
# (each worker holds its own): 4,096 entries catch most recurring ones for little memory (make bench).
_normalise_short = lru_cache(maxsize=1 << 12)(_normalise)


class TokenMatcher:
    """pattern.search(token) remembered per token: a site's class/id tokens recur on every page,
    and a search of the cleaners' union pattern costs time in proportion to its length.

    All matchers remember in one shared store, two bits each per token (known, matches): a dozen cleaner
    patterns see the same tokens, and a dict of its own for each held a dozen copies of them (30 MB a
    worker on a crawl of many sites). The limit is generous on purpose: a quarter of it overflowed over
    and over on the bench's sites, and the cleaners slowed down (make bench).
    """

    _tokens: dict[str, int] = {}
    _strings: dict[str, int] = {}  # whole "class id role label" strings, the same way
    _next_bit = 0
    limit = 1 << 17
    strings_limit = 1 << 15  # whole strings are longer than tokens

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self._known = 1 << TokenMatcher._next_bit
        self._hit = self._known << 1
        TokenMatcher._next_bit += 2
        self.declared: frozenset | None = None  # the cleaners' patterns a union stands for (registry.py)

    def any_token(self, attrs: str) -> bool:
        """Does any whitespace-separated token of attrs match? Remembered per whole string too: a
        page's 2,000 class/id strings are mostly a few hundred a site repeats on every page."""
        bits = TokenMatcher._strings.get(attrs, 0)
        if not bits & self._known:
            bits = self._learn(TokenMatcher._strings, self.strings_limit, attrs, bits, any(map(self, attrs.split())))
        return bool(bits & self._hit)

    def __call__(self, token: str) -> bool:
        bits = TokenMatcher._tokens.get(token, 0)
        if not bits & self._known:
            bits = self._learn(TokenMatcher._tokens, self.limit, token, bits, self.pattern.search(token) is not None)
        return bool(bits & self._hit)

    def _learn(self, store: dict[str, int], limit: int, key: str, bits: int, hit: bool) -> int:
        if len(store) >= limit:  # bounded: emptied when full, relearnt from the next pages
            store.clear()
            bits = 0
        bits |= self._known | (self._hit if hit else 0)
        store[key] = bits
        return bits


@lru_cache(maxsize=64)
def _matcher(pattern: re.Pattern) -> TokenMatcher:
    """One TokenMatcher per cleaner pattern, kept across pages."""
    return TokenMatcher(pattern)


_XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")


def _xml_space_longer(text: str, limit: int) -> bool:
    """XPath's string-length(normalize-space(text)) > limit: only space, tab, CR and LF count as whitespace."""
    spaces = text.count(" ") + text.count("\t") + text.count("\r") + text.count("\n")
    if len(text) - spaces > limit:  # its other characters alone are more: no need to collapse the spaces
        return True
    return len(" ".join(_XML_SPACE_RUN.split(text.strip(" \t\r\n")))) > limit


@lru_cache(maxsize=64)
def _normalised(headings: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Phrase lists are written naturally ("E-Mail-Adresse"); compare them as headings are compared.

    Returns the phrases, and the prefixes a real heading may start with (phrases of several words).
    """
    phrases_ = frozenset(normalise_heading(p) for p in headings)
    return phrases_, tuple(p + " " for p in phrases_ if " " in p)


_SUBHEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_SIDEBAR_TAGS = frozenset(("aside", "nav", "footer"))
# ARIA's landmarks beside the story, and the widgets a page's chrome is made of (a share or action toolbar, a
# menu; not a tablist, which accordions wrap around their panels)
_SIDEBAR_ROLES = frozenset(("complementary", "navigation", "contentinfo", "banner", "toolbar", "menu", "menubar"))


@dataclass
class _Scan:
    """What the cleaners look up, gathered in one walk over the tree (each list in document order).

    One Python walk costs about what one `//x` XPath does, and it replaces five of them.
    """

    attrs: list = field(default_factory=list)  # (element, "class id role aria-label" lowercased)
    real_headings: list = field(default_factory=list)  # h2-h6 and class*="title" (not h1)
    sidebars: list = field(default_factory=list)  # aside, nav, footer, their ARIA roles, toolbars and menus
    ad_inserts: list = field(default_factory=list)  # <ins class*="adsbygoogle">
    comment_embeds: list = field(default_factory=list)  # <form action*="comment">, <iframe src*="disqus">, schema.org Comments
    dialogs: list = field(default_factory=list)  # role=dialog|alertdialog, aria-modal, <dialog>, consent regions, hidden


# WordPress's post_class() puts the post's taxonomy on its wrapper ("post-27529 type-post tag-comments
# category-sidebar"): the terms name what the post is about, not what the element is.
_POST_CLASS = re.compile(r"(?:^|\s)(?:post-\d+|type-[\w-]+|status-publish|hentry)(?=\s|$)")
_TAXONOMY = re.compile(r"(?:^|\s)(?:post-\d+|(?:type|status|format|category|tag|tags)-[^\s]+)(?=\s|$)")
# A BEM modifier ("Section--Ads", "card--sponsored-look") says how a block looks, not what it is.
_MODIFIER = re.compile(r"--[^\s]*")


def own_classes(cls: str | None) -> str | None:
    """The class tokens that describe the element: taxonomy terms of a post wrapper and BEM modifiers dropped."""
    if not cls:
        return cls
    if "--" in cls:
        cls = _MODIFIER.sub("", cls)
    if _POST_CLASS.search(cls):
        cls = _TAXONOMY.sub(" ", cls)
    return cls


_CARD_CHARS = 400  # a headline and a one-line summary, not a section of prose
_CARD_TAGS = frozenset(("div", "li", "article", "section"))


def _holds_cards(block) -> bool:
    """Whether block holds a row of cards: 3+ sibling boxes of one class, each a link with a short text
    (other stories' headlines and summaries under "More from …", whose summaries keep links under half)."""
    for el in block.iter(etree.Element):
        kids = [k for k in el if k.tag in _CARD_TAGS and k.get("class")]  # paragraphs with links are prose
        if len(kids) < 3:
            continue
        cls, n = Counter(k.get("class") for k in kids).most_common(1)[0]
        cards = [k for k in kids if k.get("class") == cls]
        if n >= 3 and all(k.find(".//a[@href]") is not None and len(text_of(k)) <= _CARD_CHARS for k in cards):
            return True
    return False


# A site's class strings recur on every page (about 20,000 distinct on the bench's 138 sites), its ids
# less so: the class-only case, 87 % of attributed elements, is remembered per class string.
@lru_cache(maxsize=1 << 15)
def _own_classes_lower(cls: str) -> str:
    return (own_classes(cls) or "").lower()


def _attrs_text(cls, id_, role, label) -> str | None:
    """"class id role aria-label" lowercased (own classes only); empty or None when there is none."""
    if id_ is None and role is None and label is None:
        return _own_classes_lower(cls) if cls is not None else None
    return " ".join(filter(None, (own_classes(cls), id_, role, label))).lower()


def _scan(tree) -> _Scan:
    scan = _Scan()
    for el in tree.iter(etree.Element):  # elements only: no comments, no PIs
        get, tag = el.get, el.tag
        cls, role, label = get("class"), get("role"), get("aria-label")
        attrs = _attrs_text(cls, get("id"), role, label)
        if attrs:
            scan.attrs.append((el, attrs))
        if tag in _SUBHEADINGS or (cls and "title" in cls and tag != "h1"):
            scan.real_headings.append(el)
        if tag in _SIDEBAR_TAGS or role in _SIDEBAR_ROLES:
            scan.sidebars.append(el)
        elif tag == "ins" and cls and "adsbygoogle" in cls:
            scan.ad_inserts.append(el)
        elif (tag == "form" and "comment" in (get("action") or "")) or (tag == "iframe" and "disqus" in (get("src") or "")):
            scan.comment_embeds.append(el)
        itemtype = get("itemtype")  # a reader's comment in schema.org microdata
        if itemtype is not None and _COMMENT_TYPE.search(itemtype) or get("itemprop") == "comment":
            scan.comment_embeds.append(el)
        if role in _DIALOG_ROLES or tag == "dialog" or tag in _BLOCK_TAGS and (
                get("aria-modal") == "true" or label is not None and _CONSENT_LABEL.search(label)
                or get("hidden") not in (None, "until-found")):
            scan.dialogs.append(el)
    return scan


_DIALOG_ROLES = frozenset(("dialog", "alertdialog"))
_COMMENT_TYPE = re.compile(r"schema\.org/(?:Comment|UserComments)\b")
_BLOCK_TAGS = frozenset(("div", "section", "aside", "form"))
# what a consent tool's region calls itself ("Cookie banner", "We value your privacy", "Datenschutzeinstellungen")
_CONSENT_LABEL = re.compile(r"cookie|consent|privacy|gdpr|datenschutz|einwilligung|confidentialit|privacidad|"
                            r"privacidade|riservatezza", re.I)


@dataclass
class CleanContext:
    tree: object
    removals: list[Removal] = field(default_factory=list)
    _attrs: list | None = None
    _anchor: object = None
    _anchor_line: frozenset = frozenset()  # the anchor and its ancestors: what remove() must keep
    _text_line: frozenset = frozenset()  # the same for the block of <p>-less text (text_block()) not on it
    _text_block_el: object = None
    # Set by anchor(): paragraph text (outside asides and fact boxes) of the anchor and of the blocks
    # beside it, as readability joins a story split into sibling blocks.
    paragraph_chars: int = 0
    text_chars: int = 0  # the same for the block of <p>-less text (text_block()), when there is one
    _headings: list | None = None
    _scanned: _Scan | None = None
    protected: list = field(default_factory=list)  # elements a site's rules keep
    _kept: set = field(default_factory=set)  # (element, cleaner) a name matched but the story outweighed
    _declared: frozenset | None = None  # the patterns narrow() kept elements for (None: not narrowed)
    _lines: dict = field(default_factory=dict)  # block -> is it a line of prose (mid_sentence), judged once
    _headline_line: frozenset | None = None  # the page's one headline h1 and its ancestors (headline_line())
    _titled_line: frozenset = frozenset()  # of several h1s, the one the <title> shows, and its ancestors
    headed_anchor: bool = False  # set by anchor(): the anchor is the story under the headline, not the longest block
    rival: object = None  # set by anchor(): the longest block, set beside the story (rival_block())

    def scan(self) -> _Scan:
        """Taken once, when the cleaners start. Later removals detach some of its elements; remove()
        refuses detached ones, so cleaners may work from it as from a fresh XPath query."""
        if self._scanned is None:
            self._scanned = _scan(self.tree)
        return self._scanned

    def attributed(self) -> list:
        """(element, 'class id role aria-label' lowercased) for every element that has any."""
        if self._attrs is None:
            self._attrs = self.scan().attrs
        return self._attrs

    def by_attr(self, pattern: re.Pattern) -> list:
        """Elements whose class/id/role/aria-label matches (token by token, see narrow).

        After narrow(), only a pattern some running cleaner declares (its ATTR) may be asked for: any
        other would silently miss the elements narrow() dropped."""
        if self._declared is not None and pattern not in self._declared:
            raise ValueError(f"by_attr({pattern.pattern!r}): not the ATTR of a running cleaner; declare it as "
                             "the cleaner's ATTR (cleaners/registry.py)")
        matches = _matcher(pattern).any_token
        return [el for el, attrs in self.attributed() if matches(attrs)]

    def narrow(self, union: TokenMatcher) -> None:
        """Keep only elements some cleaner's pattern can match: each by_attr then scans a short list.

        `union` must match everything the patterns later passed to by_attr match. It is tried on each
        whitespace-separated token: the patterns never match across whitespace (only `[\\s_-]` or `^`/`$`
        at their ends), so a token matches exactly when the whole string matches there.
        """
        matches = union.any_token
        self._attrs = [(el, attrs) for el, attrs in self.attributed() if matches(attrs)]
        self._declared = getattr(union, "declared", None)

    def anchor(self):
        """The element holding the most paragraph text: the article body, which no cleaner may delete.

        Paragraphs inside asides and fact boxes do not count: a long box (a full speech transcript)
        can out-weigh the story beside it.
        """
        if self._anchor is None:
            totals = self._paragraph_totals(skip_boxed=True) or self._paragraph_totals(skip_boxed=False)
            self.rival = self._rival_block(totals)
            if self.rival is not None:
                inside = set(self.rival.iter())
                totals = {b: chars for b, chars in totals.items() if b not in inside} or \
                    {b: chars for b, chars in self._paragraph_totals(skip_boxed=False).items() if b not in inside}
            headed = self._headed_block(totals)
            self.headed_anchor = headed is not None
            self._anchor = headed if headed is not None else max(totals, key=totals.get) if totals else self.tree
            # Held in a set, the proxies stay alive: lxml hands out these same objects for these nodes.
            self._anchor_line = frozenset((self._anchor, *self._anchor.iterancestors()))
            parent = self._anchor.getparent()
            self.paragraph_chars = sum(chars for block, chars in totals.items()
                                       if block is self._anchor or (parent is not None and block.getparent() is parent))
            text_block = self._text_block(self.paragraph_chars)
            if text_block is not None:  # kept too; the paragraphs' block stays the anchor
                self._text_line = frozenset((text_block, *text_block.iterancestors())) - self._anchor_line
                self._text_block_el = text_block if self._text_line else None
        return self._anchor

    def _headed_block(self, totals: dict):
        """The paragraph block of story length nearest the page's one headline, when a longer block sits
        outside the headline's nearest container that holds one (an archive list or a thread of a hundred
        comments appended to the page): the story is what stands under its headline."""
        heading = self._headline_heading()
        if not totals or heading is None:
            return None
        big = {b: frozenset((b, *b.iterancestors())) for b in totals if totals[b] >= _BIG_BLOCK}
        if len(big) < 2:
            return None  # one block of story length, or none: the longest is the only candidate
        longest = max(big, key=lambda b: totals[b])
        for up in heading.iterancestors():
            inside = [b for b, line_of_b in big.items() if up in line_of_b]
            if inside:
                best = max(inside, key=lambda b: totals[b])
                return best if best is not longest else None
        return None

    def rival_block(self):
        """The page's longest paragraph block when it is not the story: outside the nearest container of the
        headline that holds text naming its words (the story, in whatever markup), and naming none of them
        itself (a thread of comments, an archive list appended to the page). The anchor is chosen without it;
        None on most pages."""
        self.anchor()
        return self.rival

    def _headline_heading(self):
        """The page's one headline h1 or, of several h1s (or none outside navigation), the heading the <title>
        shows; None without either."""
        line = self.headline_line() or self._titled_line
        return next((el for el in line if el.tag in ("h1", "h2")), None)

    def _rival_block(self, totals: dict):
        heading = self._headline_heading()
        if not totals or heading is None:
            return None
        longest = max(totals, key=lambda b: totals[b])
        if totals[longest] < _BIG_BLOCK:
            return None
        words = headline_words(heading.text_content())
        if len(words) < 2:
            return None  # "Home", a one-word headline: too little to tell a story from anything else
        heading_text = text_of(heading)
        around = frozenset((longest, *longest.iterancestors()))
        for up in heading.iterancestors():
            if up in around:
                return None  # the headline's container holds the longest block: it may be the story
            text = text_of(up).replace(heading_text, " ", 1)
            if len(text) - sum(len(text_of(a)) for a in up.iter("a")) < _REGION or not speaks_of(text, words, True):
                continue  # a byline and a menu beside the headline: the story's container is further up
            block = " ".join(text_of(p) for p in longest.iterchildren("p"))
            # not one of the headline's words: a story shorter than its header names some
            return longest if not named(block, words) else None
        return None

    def _paragraph_totals(self, skip_boxed: bool) -> dict:
        totals: dict = {}
        boxed: dict = {}  # parent -> _boxed of its paragraphs, which share their ancestors: one walk up per block
        for p in self.tree.iter("p"):
            parent = p.getparent()
            if parent is None:
                continue
            if skip_boxed:
                if parent not in boxed:
                    boxed[parent] = _boxed(p)
                if boxed[parent]:
                    continue
            totals[parent] = totals.get(parent, 0) + prose_chars(p.text_content())
        return totals

    def text_block(self):
        """The block of text outside <p>s that outweighs the anchor's paragraphs, elsewhere on the page;
        None without one. With one, the anchor may not be the story (a comment thread in <p>s beside a
        story written with <br>s)."""
        self.anchor()
        return self._text_block_el

    def _text_block(self, best: int):
        """The block holding the most text of <p>-less markup, when that is more than `best` (the paragraph
        text of the anchor and the blocks beside it). A <div>/<td> of text and inline markup is a paragraph
        of its parent; text between <br>s in a block that also holds other blocks is a paragraph of that
        block (old table layouts, CMSs writing no <p>). Link text does not count."""
        units: dict = {}
        first: dict = {}  # block -> its first text element, whose ancestors say whether the block is boxed
        for el in self.tree.iter(_TEXT_HOLDERS):
            children = list(el.iterchildren(etree.Element))
            if all(c.tag in INLINE_TAGS for c in children):
                text = el.text_content()
                if len(text) < _PROSE:
                    continue
                block, chars = el.getparent(), len(" ".join(text.split()))
                if chars >= _PROSE and el.find(".//a") is not None:
                    chars -= sum(len(text_of(a)) for a in el.iter("a"))
            else:
                runs = [el.text or "", *(c.tail or "" for c in children)]
                runs += [c.text_content() for c in children if c.tag in INLINE_TAGS and c.tag != "a"]
                if sum(map(len, runs)) < _PROSE:
                    continue
                block, chars = el, len(" ".join(" ".join(runs).split()))
            if block is not None and chars >= _PROSE:  # link text is no prose; a short line is no paragraph
                units[block] = units.get(block, 0) + chars
                first.setdefault(block, el)
        for block in sorted(units, key=lambda b: units[b], reverse=True):
            if units[block] <= best or units[block] < _TEXT_STORY:
                return None
            if not _boxed(first[block]):  # text in an aside or a fact box is not the story, as for <p>s
                self.text_chars = units[block]
                return block
        return None

    def headed_blocks(self, headings: tuple[str, ...], max_heading_len: int = 80) -> list:
        """Blocks introduced by a heading whose text starts with one of the phrases.

        Themes also head boxes with a plain first <p>/<div>/<span> ("<p class=x1>Leave a comment</p>"):
        those count only when their whole text is a phrase.
        """
        headings, prefixes = _normalised(headings)
        blocks = []
        for h, real_heading, text in self._heading_candidates(max_heading_len):
            if not text:
                continue
            # One-word phrases ("related", "comments") must be the whole heading: as prefixes
            # they would catch real subheadings ("Related risks of ...").
            # "12 Kommentare", "3 responses": a count before the phrase is how such boxes head themselves
            exact = text in headings or (text[:1].isdigit() and _COUNT.sub("", text, count=1) in headings)
            if exact or (real_heading and text.startswith(prefixes)):
                blocks.append(self._block_of(h, exact))
        return blocks

    def _heading_candidates(self, max_len: int) -> list:
        if self._headings is None:
            real = self.scan().real_headings
            plain = _plain_heading_texts(self.tree, max_len)
            seen = set(real)
            # Normalised once per page, not once per cleaner that looks for headings.
            self._headings = [(h, True, normalise_heading(h.text_content())) for h in real] + [
                (h, False, normalise_heading(text)) for h, text in plain if h not in seen]
        return self._headings

    def labels(self, words: frozenset[str], max_len: int = 30) -> list:
        """Elements whose whole text is one of words ("Advertisement", "Anzeige"): short labels."""
        found = []
        # An element's own first text node (tails belong to the text after a child, never a whole label).
        for body in self.tree.iter("body"):
            for el in body.iter(etree.Element):
                text = el.text
                if not text or (len(text) > max_len and _xml_space_longer(text, max_len)):
                    continue
                if normalise_heading(text) in words and normalise_heading(el.text_content()) in words:
                    found.append(el)
        return found

    def form_blocks(self, with_textarea: bool) -> list:
        """Small boxes around forms: comment forms have a textarea, sign-up forms an e-mail field."""
        blocks = []
        for form in self.tree.iter("form"):
            has_textarea = bool(form.xpath(".//textarea"))
            has_email = bool(form.xpath('.//input[@type="email" or contains(@name, "mail")]'))
            if form.xpath('.//input[@type="password"]'):
                continue  # a login form is not a widget inside an article
            if (has_textarea if with_textarea else has_email and not has_textarea):
                parent = form.getparent()
                small = parent is not None and parent.tag in _BLOCK_PARENTS and len(text_of(parent)) <= 600
                blocks.append(parent if small and not self._holds_anchor(parent) else form)
        return blocks

    def _block_of(self, heading, exact: bool):
        """The heading's container when it is that block; else the heading alone.

        A heading that only starts with a phrase ("Latest news from the count") may open a
        real article section, so its container goes only when it is mostly links.
        """
        parent = heading.getparent()
        if heading.tag in _INLINE and parent is not None and parent.tag in ("p", "li", "div"):
            # "<p><strong>Read also:</strong> <a>Other story</a></p>": the whole line goes.
            short = len(text_of(parent)) <= 300
            return parent if short and not self._holds_anchor(parent) else heading
        if parent is None or parent.tag not in _BLOCK_PARENTS or self._holds_anchor(parent):
            return heading
        # A wrapper holding the heading alone ("<div class=text><h3>More on this</h3></div>") is not the
        # box the heading opens: that is the wrapper's own container, beside the teasers it heads.
        wrapper = parent
        while _holds_only(wrapper, heading) and (up := wrapper.getparent()) is not None \
                and up.tag in _BLOCK_PARENTS and not self._holds_anchor(up):
            wrapper = up
        if wrapper is not parent and len(text_of(wrapper)) > len(text_of(parent)):
            parent = wrapper
        if len(text_of(parent)) > 4000 or not (exact or link_share(parent) > 0.5 or _holds_cards(parent)):
            return heading
        return parent

    def _holds_protected(self, el) -> bool:
        return any(p is el or any(a is el for a in p.iterancestors()) for p in self.protected)

    def apply_site_rules(self, rules) -> None:
        """Protect the elements a site keeps, then drop the ones it drops (its selectors', then its functions')."""
        if rules is None:
            return
        self.protected += [el for xp in rules.keep for el in self.tree.xpath(xp)]
        for xp in rules.drop:
            for el in self.tree.xpath(xp):
                self.remove(el, "site")
        for el in rules.function_drops(self.tree):
            self.remove(el, "site")

    def _story_named(self, el) -> bool:
        """el's id names the page's story ("article", "story-body"), or a class token does that no other
        element wears: another token naming a widget ("isPaywall") is then a state of the story, not a
        widget. What a page without <p>s needs, whose story the paragraph-based anchor cannot find. Its
        schema.org microdata (itemprop="articleBody") says so too, whatever its class names."""
        if (el.get("id") or "").strip().lower() in _STORY_NAMES or el.get("itemprop") == "articleBody":
            return True
        tokens = [t for t in (el.get("class") or "").lower().split() if t in _STORY_NAMES]
        return any(len(self.tree.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {t} ")]')) == 1
                   for t in tokens)

    def _outweighs_story(self, el, cleaner: str) -> bool:
        """Does el hold more prose than the story's block? Then a name match took the story for a widget
        (a live ticker named "comments", text components named "cmp-text"), and the same name on its
        parts (each ticker entry) is no better evidence."""
        if any((a, cleaner) in self._kept for a in el.iterancestors()):
            return True
        self.anchor()
        text = text_of(el)
        if len(text) < _BIG_BLOCK:
            return False
        links = link_share(el)
        if links < _PROSE_LINKS and len(text) * (1 - links) >= max(_BIG_BLOCK, _OUTWEIGH * self._story_chars()) \
                and not _reply_thread(el):
            self._kept.add((el, cleaner))
            return True
        return False

    def _story_chars(self) -> int:
        """The story's text: its paragraphs', or the <p>-less block's when that outweighs them."""
        return max(self.paragraph_chars, self.text_chars if self._text_line else 0)

    def _most_of_text_block(self, el) -> bool:
        block = self._text_block_el
        if block is None or not self.text_chars:
            return False
        if el.tag == "aside" or isearch(_BOX, el.get("class") or "") or _boxed(el):
            return False  # a fact box's text is not counted in the block's: it may outweigh the story
        return any(a is block for a in el.iterancestors()) and len(text_of(el)) >= _MOST * self.text_chars

    def _holds_headed_story(self, el) -> bool:
        """el wraps the page's one headline (of several h1s, or none outside navigation, the heading its <title>
        shows) and paragraphs, or lines between <br>s, of story length: the story's own container, whatever its
        name ("content-wrapper sidebar-included right-sidebar"). The anchor (the most paragraph text) guards it on
        most pages, but not when a longer block sits elsewhere (an archive list, a thread of a hundred comments)."""
        headline = self.headline_line()  # sets _titled_line too
        if el not in headline and el not in self._titled_line:
            return False
        if sum(prose_chars(p.text_content()) for p in el.iter("p")) >= _BIG_BLOCK:
            return True
        return _br_prose(el) >= _BIG_BLOCK  # a story written as lines between <br>s (older CMSs)

    def headline_line(self) -> frozenset:
        """The page's h1 and its ancestors when it has one h1 outside navigation, asides and footers."""
        if self._headline_line is None:
            h1s = [h for h in self.tree.iter("h1")
                   if not any(a.tag in _SIDEBAR_TAGS for a in h.iterancestors())]
            self._headline_line = frozenset((h1s[0], *h1s[0].iterancestors())) if len(h1s) == 1 else frozenset()
            if len(h1s) != 1:  # a logo set as an <h1> too, or the page's one h1 in its breadcrumbs: the
                # headline is the h1, or failing any, the h2, that the page's <title> shows
                candidates = [h for h in h1s or self.tree.iter("h2")
                              if not any(a.tag in _SIDEBAR_TAGS for a in h.iterancestors())]
                titles = _page_titles(self.tree)
                titled = [h for h in candidates if _shown_in_title(h, titles)] \
                    or [h for h in candidates if _worded_as_title(h, titles)]  # an SEO title reworded
                if not titled and not h1s:  # the one h1 the <title> shows word for word, in a <nav> or an
                    # <aside> a template wraps the article in
                    titled = [h for h in self.tree.iter("h1") if _shown_in_title(h, titles)]
                if len(titled) > 1:  # "Headline – Site name" shows both: the site's name is the shorter
                    sized = sorted(((len(text_of(h)), h) for h in titled), key=lambda s: s[0], reverse=True)
                    titled = [sized[0][1]] if sized[0][0] >= 1.5 * sized[1][0] else titled
                if len(titled) == 1:
                    self._titled_line = frozenset((titled[0], *titled[0].iterancestors()))
        return self._headline_line

    def _holds_anchor(self, el) -> bool:
        self.anchor()
        return el in self._anchor_line

    def remove(self, el, cleaner: str) -> bool:
        """Detach el unless it is (or holds) the article body, or is one paragraph of a run; record why."""
        if el is None or el.tag in _NEVER_REMOVE or self._holds_anchor(el) or self._holds_protected(el):
            return False
        if el.getparent() is None or not self._attached(el):
            return False  # gone already, with a block removed before it
        why = None
        if el in self._text_line:
            # The name matched the wrapper of the page's text: it is no evidence against the parts either
            # (a live ticker's entries, each named like its "comments" wrapper).
            self._kept.add((el, cleaner))
            why = "holds the page's text without paragraphs"
        elif self._most_of_text_block(el):
            # a wrapper inside that block holding most of its text is the story too ("<span class=paywall>")
            self._kept.add((el, cleaner))
            why = "holds most of the page's text without paragraphs"
        elif cleaner not in ("site", "faq", "offstory"):  # site rules and FAQ markup name what they take, offstory
            # judges what the block holds; names only hint
            why = ("holds the headline and the story's paragraphs" if self._holds_headed_story(el)
                   else "one of a run of same-class prose paragraphs" if in_paragraph_run(el)
                   else "words of a sentence" if mid_sentence(el, self._lines)
                   else "outweighs the story's block" if self._outweighs_story(el, cleaner)
                   else "named as the page's story" if self._story_named(el) else None)
        if why:
            self.removals.append(Removal(cleaner, describe(el), element=el, story_chars=self.paragraph_chars, kept=why))
            return False
        label = previous_element(el) if cleaner in _INTRODUCED else None
        boxed = _boxed_label(el) if cleaner in _INTRODUCED and label is None else None
        self.removals.append(Removal(cleaner, describe(el), element=el, story_chars=self.paragraph_chars))
        el.drop_tree()  # keeps the element's tail text in place
        if label is not None and _orphaned_label(label):
            self.remove(label, cleaner)  # "Read also:" with nothing left to introduce
        elif boxed is not None:
            self.remove(boxed, cleaner)  # the removed block's title, in a box of its own before the block's box
        return True

    def _attached(self, el) -> bool:
        root = self.tree
        for ancestor in el.iterancestors():
            if ancestor is root:
                return True
        return False


_PLAIN_HEADING_TAGS = ("p", "div", "span", "strong", "b", "header", "li", "dt")
_HEADING_INLINE = frozenset(("a", "span", "strong", "b"))


def _plain_headings(tree, max_len: int) -> list:
    """First children holding only text and inline markup, at most max_len characters: the plain
    <p>/<div>/<span> themes head boxes with. What the XPath
    (//p|//div|…)[not(*[not(self::a or self::span or …)])][not(preceding-sibling::*)][string-length(normalize-space(.)) <= N]
    selects, in document order, in 60 % of its time (a test holds the two equal)."""
    return [el for el, _ in _plain_heading_texts(tree, max_len)]


def _plain_heading_texts(tree, max_len: int) -> list:
    """(element, its text_content()) of each of _plain_headings: the text is read to judge its length."""
    found = []
    for el in tree.iter(_PLAIN_HEADING_TAGS):
        prev = el.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()  # comments and PIs are not preceding-sibling::*
        if prev is not None or any(isinstance(c.tag, str) and c.tag not in _HEADING_INLINE for c in el):
            continue
        text = el.text_content()
        if len(text) <= max_len or not _xml_space_longer(text, max_len):
            found.append((el, text))
    return found


_COUNT = re.compile(r"^\d{1,5}\s+")
_BOX = re.compile(r"fact-?box|info-?box", re.I)
# A consent platform's notice: its paragraph is no story's, however short the story (cleaners/cookies.py).
# The platforms' own names: Borlabs (_brlbs), Complianz (cmplz), CookieYes (cky-), Usercentrics, iubenda, Klaro,
# tarteaucitron, CookieFirst, Termly, Osano and cookieconsent.js (cc-window), CookieLawInfo (cli-bar).
CONSENT_NAMES = re.compile(r"cookie-?(?:banner|notice|consent|bar|box|law|popup)|(?:^|[\s_-])consent|gdpr|cmpbox|cmpwrapper|"
                           r"qc-cmp|cmp-?(?:banner|consent|modal|dialog|overlay|popup|root)|onetrust|didomi|cookiebot|"
                           r"sp_message|brlbs|borlabs|cmplz|cky-(?:consent|banner|modal)|usercentrics|iubenda-cs|klaro|"
                           r"tarteaucitron|cookiefirst|termly|osano|cc-window|cookieconsent|cli-(?:bar|modal)|truste[_-]|trustarc")


LIST_SEPARATORS = re.compile(r"[,;·•|/]")  # what separates the items of a list written as a line


_MIN_LINE = 80  # characters: a shorter run between <br>s is a label, a date, an address line


def _br_prose(el) -> int:
    """Prose in el written as lines between <br>s (recover.br_lines), in the blocks that hold <br>s."""
    return sum(prose_chars(line) for block in el.iter(etree.Element) for line in br_lines(block)
               if len(line) >= _MIN_LINE)


def prose_chars(text: str) -> int:
    """len(text), or 0 for a paragraph that is a list ("anna_12, ben_7, carla_301, …", tags, user names):
    a separator after nearly every word, where prose has a comma every ten words or so."""
    if len(text) < 200:
        return len(text)
    separators = len(LIST_SEPARATORS.findall(text))
    if separators <= 8:  # the least a list of 20 words has
        return len(text)
    words = len(text.split())
    return 0 if words >= 20 and separators > 0.4 * words else len(text)


def _page_titles(tree) -> list[str]:
    """The page's <title>s and og:titles, whitespace runs as one space, casefolded: read once for all headings."""
    titles = [t.text_content() for t in tree.iter("title")]
    titles += [m.get("content") or "" for m in tree.iter("meta") if m.get("property") == "og:title"]
    return [" ".join(t.split()).casefold() for t in titles]


def _shown_in_title(h1, titles: list[str]) -> bool:
    """The heading's text, of headline length, is in the page's <title> or og:title (_page_titles)."""
    text = " ".join(h1.text_content().split()).casefold()
    if len(text) < _HEADLINE_MIN:
        return False
    return any(text in t for t in titles)


_HEADLINE_MIN = 20  # characters: a site's name is shorter
_TITLE_WORD = re.compile(r"\w{4,}")
_HEADLINE_SHARE = 0.2  # of the headline's words of four letters or more, in a text that speaks of it
_REGION = 300  # characters of text beside the headline, links aside: the story's container, or part of it


def headline_words(headline: str | None) -> set[str]:
    """The headline's words of four letters or more, casefolded: what a text about the story names."""
    return set(_TITLE_WORD.findall((headline or "").casefold()))


def speaks_of(text: str, words: set[str], inflected: bool = False) -> bool:
    """text names a fifth of the headline's words (headline_words): a thread or a list beside the story
    names next to none of them, the story's own paragraphs do. `inflected`: in any inflection (named())."""
    found = named(text, words) if inflected else words & set(_TITLE_WORD.findall(text.casefold()))
    return len(found) >= _HEADLINE_SHARE * len(words)


def named(text: str, words: set[str]) -> set[str]:
    """The headline's words text names, in any inflection that keeps their first five letters ("Sejm" and
    "Sejmie", "fundusze" and "funduszy")."""
    tokens = _TITLE_WORD.findall(text.casefold())
    stems = {t[:_STEM] for t in tokens} | {t[:_STEM - 1] for t in tokens}  # a word of four letters is its own stem
    return {w for w in words if w[:_STEM] in stems}


_STEM = 5
_TITLE_WORDS_SHARED = 0.5  # of a heading's words of four letters or more, in the <title> or og:title


def _worded_as_title(heading, titles: list[str]) -> bool:
    """Half the heading's longer words, three at least, are in the page's <title> or og:title: the headline
    reworded for search engines ("Ampeln tot, S-Bahnen stoppen: Wie sicher ist Deutschlands Stromnetz?")."""
    words = set(_TITLE_WORD.findall(heading.text_content().casefold()))
    if len(words) < 3:
        return False
    return any(len(words & set(_TITLE_WORD.findall(t))) >= _TITLE_WORDS_SHARED * len(words) for t in titles)


def _holds_only(wrapper, heading) -> bool:
    """wrapper holds heading and no other element or text (a chain of wrappers counts as one)."""
    el = heading
    while el is not wrapper:
        parent = el.getparent()
        if (parent.text or "").strip() or (el.tail or "").strip() \
                or sum(1 for c in parent if isinstance(c.tag, str)) != 1:
            return False
        el = parent
    return True


_REPLY_THREAD = 3  # reply links or buttons: the items are readers' comments, however long the thread


def _reply_thread(el) -> bool:
    """el holds a reply link or button under several of its items ("Reply", "Antworten", "Répondre"): a
    thread of readers' comments, which a live ticker's entries are not."""
    labels = _reply_labels()
    found = 0
    for node in el.iter("a", "button"):
        if " ".join(node.text_content().split()).strip(" ↩→»›").lower() in labels:
            found += 1
            if found >= _REPLY_THREAD:
                return True
    return False


@lru_cache(maxsize=1)
def _reply_labels() -> frozenset:
    return frozenset(all_languages(phrases("comments")["reply_labels"]))


def _boxed(el) -> bool:
    """In an aside, a fact box, or a consent box (by its names, or a dialog) whose words are a consent notice's:
    a story wrapper named like a consent box (a CMS's "cmp-…" components) still holds the story."""
    if any(a.tag == "aside" and not _layout_aside(a) or isearch(_BOX, a.get("class") or "") for a in el.iterancestors()):
        return True
    return any(isearch(CONSENT_NAMES, f"{a.get('class') or ''} {a.get('id') or ''}") or _modal(a)
               for a in el.iterancestors()) and _CONSENT_WORDS.search(el.text_content()) is not None


def _modal(el) -> bool:
    """What the markup says is a dialog over the page (a consent tool's preference centre keeps its ARIA
    attributes when a build hashes its class names)."""
    return el.get("aria-modal") == "true" or el.get("role") in _DIALOG_ROLES or el.tag == "dialog"


def _layout_aside(aside) -> bool:
    """An <aside> around the headline and most of the page's text is the layout's (or an unclosed tag's, which
    the parser wraps around all that follows), not a box beside the story."""
    if aside.find(".//h1") is None:
        return False
    body = aside.getroottree().getroot().find("body")
    return body is not None and len(aside.text_content()) >= _MOST * len(body.text_content())


_CONSENT_WORDS = re.compile(r"cookie|consent|einwillig|zustimm|datenschutz|privacy|confidentialit|privacidad|privacidade|"
                            r"prywatno|riservatezza|consenso|toestemming|samtycke|samtykke", re.I)


_BIG_BLOCK = 1000  # characters of prose: less is never the story's bulk
# Stories written without <p>s: the block of <div>, <td> and <br> text is kept too when it holds more
# than the anchor's paragraphs and the blocks beside it.
_TEXT_STORY = 300  # characters of that text, at least: a feed widget's excerpt is less
_TEXT_HOLDERS = ("div", "td", "section", "article", "center", "dd", "font")
# Four times the paragraph text of the story's block and its siblings: a fact box or a transcript beside a
# story can be longer than the story, but a block that dwarfs it is where the story is.
_OUTWEIGH = 4.0
_MOST = 0.5  # share of the <p>-less text block's text that makes an element inside it the story's
_PROSE_LINKS = 0.3  # link share above which a block is navigation, however long
_RUN = 3  # sibling paragraphs of one class, each of prose length: the story's own paragraphs
_PROSE = 80  # characters


def in_paragraph_run(el) -> bool:
    """A <p> that is one of several sibling paragraphs of the same class holding prose.

    Widgets come one at a time; a class shared by a run of prose paragraphs ("text regwalled",
    "paywall") marks the story's paragraphs themselves, whatever its name says.
    """
    cls = el.get("class")
    if el.tag != "p" or not cls or len(text_of(el)) < _PROSE or link_share(el) >= 0.5:
        return False  # without a class no name matched it; a link line is no story paragraph
    parent = el.getparent()
    if parent is None:
        return False
    run = 0
    for sibling in parent.iterchildren("p"):
        if sibling.get("class") == cls and len(text_of(sibling)) >= _PROSE and link_share(sibling) < 0.5:
            run += 1
            if run >= _RUN:
                return True
    return False


_PHRASING = frozenset(("a", "span", "em", "strong", "b", "i", "u", "mark", "abbr", "small", "cite", "font", "time"))
# What else a line of text holds (HTML's phrasing content): a block among these is no sentence.
_LINE = _PHRASING | {"br", "img", "picture", "sup", "sub", "code", "q", "s", "del", "ins", "wbr", "kbd", "var", "data",
                     "bdi", "bdo"}
_WORD_CHAR = re.compile(r"\w")
_SEPARATORS = "|•·»›/"


def mid_sentence(el, lines: dict) -> bool:
    """An inline element among the words of a prose line ("auf dem <a class=tags-link>Balkon</a> oder im
    Keller", an auto-linked keyword): taking it out would cut words from the sentence. A line of tag
    links ("Tags: <a>x</a>, <a>y</a>") is mostly links, a meta line ("Filed under: x | 5 comments") is
    pieces between separators: neither is a sentence. `lines`: each block's verdict as a line of prose,
    kept by the caller (CleanContext) so that a block is judged once, as the page has it."""
    if el.tag not in _PHRASING or not _WORD_CHAR.search(el.text_content()) \
            or any(isinstance(d.tag, str) and d.tag not in _LINE for d in el.iterdescendants()):
        return False  # an ad slot (a <div> in a <span>, an "Ad" label) is no words of the sentence
    inner = el
    while True:  # <strong><a class=tag>x</a></strong>: the words around the <strong>
        parent = inner.getparent()
        if parent is None or parent.tag not in _PHRASING or len(parent) > 1 or (parent.text or "").strip() \
                or (inner.tail or "").strip():
            break
        inner = parent
    block = inner.getparent()
    while block is not None and block.tag in _PHRASING:
        block = block.getparent()
    if block is None:
        return False
    if block not in lines:  # judged as the page has it, before its first link goes: once a block
        lines[block] = _prose_line(block)
    if not lines[block]:
        return False
    previous, following = inner.getprevious(), inner.getnext()
    before = (previous.tail if previous is not None else inner.getparent().text) or ""
    if not before.strip() and previous is not None and previous.tag in _PHRASING:
        before = previous.text_content()  # "the 1986 <a>American crime film</a> <a>River's Edge</a>"
    after = inner.tail or ""
    if not after.strip() and following is not None and following.tag in _PHRASING:
        after = following.text_content()
    if not after.strip() or not (_WORD_CHAR.search(before) or _WORD_CHAR.search(after)):
        return False  # the line's last words ("… Read more"): nothing of the sentence follows
    edges = before.rstrip()[-1:] + after.lstrip()[:1]
    return not any(ch in _SEPARATORS for ch in edges)


def _prose_line(block) -> bool:
    """Text and phrasing markup only (loose words between a <div>'s blocks are no line), prose-long,
    mostly not links."""
    return (not any(isinstance(c.tag, str) and c.tag not in _LINE for c in block)
            and len(text_of(block)) >= _PROSE and link_share(block) < 0.5)


def link_share(el) -> float:
    """Share of an element's text that sits inside links."""
    total = len(text_of(el))
    return sum(len(text_of(a)) for a in el.iter("a")) / total if total else 1.0


# Blocks a label introduces ("Read also:", "More on this topic"); an ad between two story paragraphs
# is not what the paragraph before it introduces.
_INTRODUCED = frozenset(("related", "teasers"))
_LABEL_TAGS = frozenset(("h2", "h3", "h4", "h5", "h6", "p", "strong", "b", "span", "div"))
_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_MAX_LABEL = 80


def _orphaned_label(label) -> bool:
    """A short line introducing what was just removed: it ends with a colon, or it is a heading that
    now introduces nothing (the next element is another heading, or there is none)."""
    if label.tag not in _LABEL_TAGS or label.find(".//a") is not None or len(label) > 2:
        return False
    text = text_of(label)
    if not text or len(text) > _MAX_LABEL:
        return False
    if text.endswith(":"):
        return True
    if label.tag not in _HEADINGS:
        return False
    following = next_element(label)
    return following is None or following.tag in _HEADINGS


_BOX_DEPTH = 6
_STORY_LINE = 100  # characters of a paragraph that is the story's, not a teaser's label


def _boxed_label(el):
    """The block's title where a page builder sets it in a box of its own just before the box that holds
    the block and nothing else ("<div><p>More on this</p></div><div><div><ul>…</ul></div></div>"): a line
    with no link, short, ending as no sentence does. None when el has an element before it in its box."""
    box = el
    for _ in range(_BOX_DEPTH):
        parent = box.getparent()
        if parent is None or previous_element(box) is not None:
            break
        if (parent.text or "").strip() or sum(1 for c in parent if isinstance(c.tag, str)) != 1:
            return None
        box = parent
    label = previous_element(box)
    if label is None or box is el or label.find(".//a") is not None:
        return None
    sib = next_element(box)
    for _ in range(3):  # the story goes on after the block: the line before it may be its subheading
        if sib is None:
            break
        text = text_of(sib)
        if len(text) >= _STORY_LINE and _SENTENCE.search(text):
            return None
        sib = next_element(sib)
    leaf = list(label.iter(etree.Element))[-1]  # one element inside another down to the line itself
    if leaf.tag not in _LABEL_TAGS or not _holds_only(label, leaf):
        return None
    text = text_of(label)
    return label if text and len(text) <= _MAX_LABEL and not _SENTENCE_END.search(text) else None


_SENTENCE_END = re.compile(r"[.!?…;,]\s*$")
_SENTENCE = re.compile(r"\w[.!?](?:\s|$)")


def _matched_token(cleaner: str, el) -> str | None:
    """The class/id/role/aria-label token of el that the cleaner's name pattern matches."""
    import importlib

    try:
        pattern = getattr(importlib.import_module(f"cleaners.{cleaner}"), "_ATTR", None)
    except ImportError:
        return None
    if pattern is None:
        return None
    attrs = " ".join(filter(None, (own_classes(el.get("class")), el.get("id"), el.get("role"), el.get("aria-label"))))
    return next((t for t in attrs.lower().split() if pattern.search(t)), None)


def describe(el) -> str:
    desc = el.tag
    if el.get("id"):
        desc += "#" + el.get("id")
    if el.get("class"):
        desc += "." + ".".join(el.get("class").split()[:3])
    return desc
