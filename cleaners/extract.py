"""extract_article(html, url) -> Article: parse once, read fields, clean, extract the body."""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime

from newsmill.records import Article
from .body import drop_repeats, extract_body, extract_body_before_escalation
from .context import CleanContext, Removal, headline_words, prose_chars, speaks_of
from .authorbio import without_bio_lines
from .bylines import without_byline_lines
from .fields.authors import extract_authors
from .fields.dates import extract_dates
from .fields.faq import extract_faqs
from .fields.jsonld import read_jsonld
from .fields.images import extract_images, site_image
from .fields.language import declared_language, detect_language
from .fields.liveblog import body_without_updates, extract_updates
from .fields.paywall import judge_access, wall_markers
from .fields.metadata import (
    extract_canonical, extract_description, extract_image, extract_section,
    extract_site_name, extract_tags,
)
from .fields.meta import SPACED_COLON
from .fields.title import declared_titles, extract_title
from .lead import standfirst, visible_lead, with_lead
from .captions import caption_elements, without_captions
from .markdown import structure_of, to_markdown
from .overrides import SiteRules
from .promo import is_promo, without_continue_link
from .sanitize import has_content, plain_attribute_text, strip_markup
from .recover import Grams, block_lines, br_lines, dense_paragraphs, recover_interior, recover_siblings, recover_subheads, restore_kept
from .parse import (TYPOGRAPHY, by_tag, drop_inert, drop_link_hints, drop_ruby_readings, folded, join_drop_caps, parse_html, space_breaks,
                    unwrap_inline_quotes, unwrap_times_in_sentences)
from .registry import run_text_cleaners, run_tree_cleaners
from .shield import shield_story


def extract_article(html: str | bytes, url: str, disabled: tuple[str, ...] = (), now: datetime | None = None,
                    rules: SiteRules | None = None) -> Article:
    """The one entry point: spider, CLI, re-extraction and tests all call this."""
    return extract_from_tree(parse_html(html), url, disabled=disabled, now=now, rules=rules)[0]


def explain_article(html: str | bytes, url: str, disabled: tuple[str, ...] = (),
                    rules: SiteRules | None = None) -> tuple[Article, list[Removal]]:
    """The article and every block or line the cleaners removed, with the cleaner's name."""
    return extract_from_tree(parse_html(html), url, disabled=disabled, rules=rules)


def extract_from_tree(tree, url: str, disabled=(), now: datetime | None = None,
                      rules: SiteRules | None = None, jsonld: list[dict] | None = None) -> tuple[Article, list[Removal]]:
    """Extraction on an already parsed tree (cleaned in place): (article, removals).

    `jsonld`: the page's JSON-LD objects when the caller has read them already.
    """
    jsonld = read_jsonld(tree) if jsonld is None else jsonld
    inline = by_tag(tree)
    space_breaks(tree, inline["br"])
    drop_ruby_readings(tree, inline)
    faqs, faq_elements = extract_faqs(tree, jsonld)  # before drop_inert: collapsed answers are hidden
    drop_inert(tree)
    unwrap_inline_quotes(tree, inline["q"])
    drop_link_hints(tree)
    join_drop_caps(tree)
    fields = _fields(tree, url, now, jsonld)  # read before any cleaning: the same for both readings below
    unwrap_times_in_sentences(tree, inline["time"])  # after the dates are read from them
    if not faq_elements:
        return _extract(tree, url, disabled, now, rules, jsonld, faqs, [], fields)
    # Taking the FAQ block out can leave trafilatura a smaller block than the story to pick: the page is
    # also read with the block in place and its questions and answers dropped from the text after.
    snapshot = deepcopy(tree)
    article, removals = _extract(tree, url, disabled, now, rules, jsonld, faqs, faq_elements, deepcopy(fields))
    other, other_removals = _extract(snapshot, url, disabled, now, rules, jsonld, faqs, None, fields)
    if len(other.body or "") > _FAQ_IN_PLACE_GAIN * len(article.body or "") + _MIN_BODY:
        other_removals.append(Removal("faq", "text", f"{len(faqs)} question(s) and answer(s) dropped from the text"))
        return other, other_removals
    return article, removals


_FAQ_IN_PLACE_GAIN = 1.5  # the story read with the FAQ block in place must be this much longer to be chosen


def _fields(tree, url: str, now, jsonld: list[dict]) -> Article:
    """The page's fields (all but the body and what is read from it), from the tree before cleaning."""
    site_name = extract_site_name(tree, jsonld)
    language = declared_language(tree, jsonld)
    return Article(
        url=url,
        title=extract_title(tree, jsonld, site_name, url),
        authors=extract_authors(tree, jsonld),
        language=language,
        section=extract_section(tree, jsonld, url),
        tags=extract_tags(tree, jsonld),
        canonical_url=extract_canonical(tree, url),
        site_name=site_name,
        image_url=extract_image(tree, jsonld, url),
        description=extract_description(tree),
        **extract_dates(tree, jsonld, url, now, language),
    )


def _extract(tree, url: str, disabled, now, rules, jsonld: list[dict], faqs, faq_elements,
             article: Article) -> tuple[Article, list[Removal]]:
    """One extraction into `article` (its fields read already); `faq_elements` None: the FAQ block stays
    in the tree and its text leaves the body."""
    article.updates, update_elements = extract_updates(tree, jsonld, now)
    lead = visible_lead(tree, article.description)
    ctx = CleanContext(tree)
    captions = caption_elements(tree)  # before cleaners and trafilatura drop the pictures that make a line a caption
    walls = wall_markers(ctx.attributed())  # before the cleaners take a wall's box out
    if lead is None:
        lead = standfirst(tree, ctx.attributed(), ctx.anchor(), article.title)
    ctx.apply_site_rules(rules)
    article.faqs = faqs
    for el in faq_elements or ():
        ctx.remove(el, "faq")
    run_tree_cleaners(ctx, disabled)
    dense = dense_paragraphs(ctx.anchor())  # trafilatura leaves the tree as it is: read once, used twice
    text_block = ctx.text_block()  # a story written without <p>s, when it outweighs the paragraphs
    grams = Grams()  # the same paragraphs' 4-grams, compared by each recovery step
    paragraphs, article.extraction_path, body_xml = _body(tree, url, dense, text_block, grams, ctx.headed_anchor,
                                                          article.description, article.title)
    covered = _covered(paragraphs, dense, grams) if _chars(dense) >= _STORY_CHARS else 1.0
    if "shield" not in disabled and covered < _LOST and shield_story(ctx):
        # trafilatura pruned the story's block by its names: again, with those names taken off
        shielded, path, xml = _body(tree, url, dense, text_block, grams, ctx.headed_anchor, article.description,
                                    article.title)
        if _covered(shielded, dense, grams) > covered and _shield_keeps_story(paragraphs, shielded, dense, grams,
                                                                             article.title):
            paragraphs, article.extraction_path, body_xml = shielded, path + "+shield", xml
    paragraphs, restored = recover_interior(ctx.anchor(), paragraphs, dense, grams)
    lines = br_lines(text_block) if text_block is not None else []
    if lines:  # a story written as <br> lines: those trafilatura dropped between two it kept
        paragraphs, back = recover_interior(text_block, paragraphs, lines, grams)
        restored += back
    paragraphs, heads = recover_subheads(ctx.anchor(), paragraphs, grams)
    restored += heads
    paragraphs, modules = recover_siblings(tree, paragraphs, grams)
    if modules:
        ctx.removals.append(Removal("recover", "module", f"{modules} paragraph(s) of sibling modules added"))
    paragraphs = restore_kept(ctx.protected, paragraphs)
    if restored:
        ctx.removals.append(Removal("recover", "p", f"{restored} paragraph(s) restored"))
    if faq_elements is None:
        paragraphs = _without_faq_text(paragraphs, faqs)
    paragraphs = run_text_cleaners(drop_repeats(paragraphs), ctx, disabled)
    paragraphs = without_captions(paragraphs, tree, ctx, captions)
    if lead and "promo" not in disabled and is_promo(lead):
        lead = None  # the description shown is a promo line ("Melde dich jetzt an, um …"), not a standfirst
    labels = _labels(article, declared_titles(tree, jsonld))
    if lead and _is_label(_label_form(lead), labels, article.title):
        lead = None  # the line under the h1 is the headline again, in the form the page declares
    paragraphs = with_lead(_without_labels(paragraphs, labels, article.title), lead)
    names = [a.name for a in article.authors]
    for cleaner, without in (("bylines", without_byline_lines), ("authorbio", without_bio_lines)):
        if cleaner not in disabled:  # lines only the page's author names tell apart, at the top and the end
            paragraphs, gone = without(paragraphs, names)
            ctx.removals += [Removal(cleaner, "line", text[:80]) for text in gone]
    paragraphs = [p for p in (strip_markup(p) for p in paragraphs) if p and has_content(p)]
    if article.updates:  # a live blog: its entries go to the updates table, the body keeps the standing text
        paragraphs = body_without_updates(paragraphs, article.updates, _MIN_BODY, update_elements)
    article.body = "\n\n".join(paragraphs)
    article.body_markdown = to_markdown(paragraphs, structure_of(body_xml))  # the same paragraphs, with structure
    if site_image(article.image_url):
        article.image_url = None  # og:image is the site's logo or default card: the story shows no picture of its own
    article.images = extract_images(tree, ctx.anchor(), jsonld, url, paragraphs, article.image_url,
                                    article.authors)
    # a CMS may write escaped HTML into its metas ('… <a class="more">Weiterlesen</a>'): no field keeps markup
    article.title = strip_markup(article.title)
    article.description = without_continue_link(plain_attribute_text(article.description))
    article.section = _short(plain_attribute_text(article.section))
    article.site_name = _short(plain_attribute_text(article.site_name))
    article.tags = [t for t in (_short(plain_attribute_text(t)) for t in article.tags) if t][:MAX_TAGS]
    for author in article.authors:  # a JSON-LD name may carry markup ("<b>Jane</b> Doe")
        author.name = plain_attribute_text(author.name) or author.name
    article.authors = [a for a in article.authors if len(a.name) <= MAX_LABEL]  # 100 KB is no one's name
    article.published_raw, article.modified_raw = _short(article.published_raw), _short(article.modified_raw)
    for image in article.images:
        image.caption, image.credit = plain_attribute_text(image.caption), plain_attribute_text(image.credit)
        image.alt = plain_attribute_text(image.alt)
    article.word_count = len(article.body.split())
    article.access, article.is_paywalled, article.paywall_evidence = judge_access(tree, jsonld, walls, article.word_count)
    article.language = article.language or detect_language(article.body)
    article.removed = _counts(ctx.removals)
    return article, ctx.removals


def _body(tree, url: str, dense: list[str], text_block, grams: Grams,
          headed: bool = False, description: str | None = None,
          title: str | None = None) -> tuple[list[str], str, object]:
    """trafilatura; its recall mode when that finds too little; then `dense`, the densest paragraph block,
    or the lines of `text_block` (a story written without <p>s), whichever holds more prose.

    Third: trafilatura's XML the paragraphs were rendered from (None for the dense block), for body_markdown."""
    paragraphs, xml, before = extract_body_before_escalation(tree, url)
    if before is not None and _escalated_elsewhere(before[0], paragraphs, title):
        paragraphs, xml = before  # trafilatura's retry of a short story brought a long block of another subject
    floor = max(_MIN_BODY, _SHARE_OF_DENSE * _prose(dense))
    if headed and text_block is None and _prose(dense) >= _STORY_CHARS and _another_block(paragraphs, dense, grams):
        # trafilatura took a longer block elsewhere (a thread, a list) and none of the story under the headline
        return dense, "dense-block", None
    if (_prose(paragraphs) < _STORY_CHARS and _covered(paragraphs, dense, grams) < _OTHER_BLOCK
            and _describes(description, dense)):
        # a short post, and trafilatura took another short block (a comment): the page's description is this one's
        return dense, "dense-block", None
    if _prose(paragraphs) >= floor or _another_block(paragraphs, dense, grams):  # the block sets no floor then
        return paragraphs, "trafilatura", xml
    recall, recall_xml = extract_body(tree, url, favor_recall=True)
    if _prose(recall) >= floor:
        return recall, "trafilatura-recall", recall_xml
    candidates = [(paragraphs, "trafilatura", xml), (recall, "trafilatura-recall", recall_xml), (dense, "dense-block", None)]
    if text_block is not None:
        candidates.append((block_lines(text_block), "text-block", None))
    best, path, best_xml = max(candidates, key=lambda c: (_prose(c[0]), _chars(c[0])))
    if path in ("dense-block", "text-block") and _short_story(paragraphs, best, grams, title):
        return paragraphs, "trafilatura", xml
    return best, path if best else "none", best_xml


def _short_story(paragraphs: list[str], block: list[str], grams: Grams, title: str | None) -> bool:
    """trafilatura kept a short text that speaks of the headline, and the longer block holds next to none of it
    and of the headline's words: a thread or a list beside a short story, left out by trafilatura by its names."""
    if _prose(paragraphs) < _MIN_BODY or _covered(paragraphs, block, grams) >= _OTHER_BLOCK:
        return False
    words = headline_words(title)
    return bool(words) and not _speaks_of(block, words) and _speaks_of(paragraphs, words)


def _escalated_elsewhere(before: list[str], after: list[str], title: str | None) -> bool:
    """What trafilatura's escalation added to the short text it had names none of the headline's words, and
    that text names them: a list or a thread the retry found on the page, not the rest of the story."""
    words = headline_words(title)
    kept = set(before)
    added = [p for p in after if p not in kept]
    headline = _plain_form(title or "")
    before = [p for p in before if headline not in _plain_form(p)]  # the headline repeated names its own words
    return bool(words) and _prose(before) >= _MIN_BODY and _speaks_of(before, words) and not _speaks_of(added, words)


def _speaks_of(paragraphs: list[str], words: set[str]) -> bool:
    return speaks_of(" ".join(paragraphs), words)


_DESCRIBED = 30  # characters of the page's description: a shorter one may be found in any block


def _describes(description: str | None, dense: list[str]) -> bool:
    """The page's own description is in a line of the densest block, or starts with one: that block is the
    story."""
    key = _plain_form(description or "")[:60]
    if len(key) < _DESCRIBED:
        return False
    lines = [_plain_form(p) for p in dense]  # the description may run on past a short first line
    return any(key in line or (len(line) >= _DESCRIBED and key.startswith(line)) for line in lines)


def _plain_form(text: str) -> str:
    return _label_form(text).replace("…", "...")  # metas are often written with three dots


def _another_block(paragraphs: list[str], dense: list[str], grams: Grams) -> bool:
    """trafilatura kept a story's worth of prose and next to none of the densest block: that block is another
    one (a thread, a long list, a menu trafilatura pruned by its name), not a story it cut short."""
    return _prose(paragraphs) >= _STORY_CHARS and _covered(paragraphs, dense, grams) < _OTHER_BLOCK


def _shield_keeps_story(kept: list[str], shielded: list[str], dense: list[str], grams: Grams,
                        title: str | None) -> bool:
    """A shielded reading is taken only when the block it brings speaks of the headline, if trafilatura's own
    text does or was a story's worth that the reading drops: a list or a thread under a pruned name beside the
    story names next to none of its words, the story trafilatura pruned by its names does."""
    if _prose(kept) < _MIN_BODY:
        return True
    words = headline_words(title)
    if not words or _speaks_of(dense, words):
        return True
    if _prose(kept) >= _STORY_CHARS and _covered(shielded, kept, grams) < _STILL_HELD:
        return False
    return not _speaks_of(kept, words)


def _prose(paragraphs: list[str]) -> int:
    """Characters of prose: a paragraph that is a list of names or tags counts for nothing (context.prose_chars)."""
    return sum(prose_chars(p) for p in paragraphs)


def _covered(paragraphs: list[str], dense: list[str], grams: Grams) -> float:
    """The share of the story block's 4-grams that the paragraphs hold."""
    wanted = set().union(*(grams[p] for p in dense)) if dense else set()
    if not wanted:
        return 1.0
    held = set().union(*(grams[p] for p in paragraphs)) if paragraphs else set()
    return len(wanted & held) / len(wanted)


MAX_TAGS = 100  # a keywords list of 100,000 entries is no tagging
MAX_LABEL = 300  # characters of a section, site name, tag, author name or date as the page wrote it


def _short(text: str | None) -> str | None:
    """A label as declared, or None past MAX_LABEL characters: a 100 KB section is not one."""
    return text if text is None or len(text) <= MAX_LABEL else None


_STORY_CHARS = 1000  # paragraph text in the story's block: less may be a teaser or a footer
_LOST = 0.7  # trafilatura keeping under 70 % of that block (4-grams) may have pruned it by its names
_MIN_BODY = 200  # characters: less is a stub, try harder
_STILL_HELD = 0.5  # a shielded reading holding this share of trafilatura's story-sized text adds to it
_SHARE_OF_DENSE = 0.5  # trafilatura keeping under half of the densest block has likely cut the story
_OTHER_BLOCK = 0.05  # unless it kept under 5 % of that block's 4-grams: then the block is not the story


def _without_faq_text(paragraphs: list[str], faqs) -> list[str]:
    """The paragraphs that are no question nor part of an answer of the page's FAQ."""
    questions = {folded(f.question) for f in faqs}
    answers = {folded(f.answer) for f in faqs}
    # one string to search, not each answer in turn: a page of thousands of questions stays linear
    # (a paragraph of the parsed page holds no NUL, so no match spans two answers)
    joined = "\0".join(answers)
    kept = []
    for paragraph in paragraphs:
        key = folded(strip_markup(paragraph))
        if key in questions or key in answers or len(key) >= 20 and key in joined:
            continue
        kept.append(paragraph)
    return kept



def _chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _labels(article: Article, declared: list[str]) -> set[str]:
    """The headline, the section label and the byline's bare names, and the headline as the page declares
    it (`declared`: JSON-LD, og:title) where that is not the one we chose, in _label_form."""
    return {_label_form(x) for x in (article.title, article.section, *(a.name for a in article.authors), *declared) if x}


def _without_labels(paragraphs: list[str], labels: set[str], title: str | None) -> list[str]:
    """trafilatura sometimes keeps the headline, the section label or the byline's bare name as the first
    lines."""
    start = 0
    while start < min(3, len(paragraphs)) and _is_label(_label_form(paragraphs[start]), labels, title):
        start += 1
    return paragraphs[start:]


def _label_form(text: str) -> str:
    """The headline on the page and the title from the metadata differ in typography only."""
    return SPACED_COLON.sub(":", " ".join(text.translate(TYPOGRAPHY).lower().split()))


def _is_label(paragraph: str, labels: set[str], title: str | None) -> bool:
    # "Angebliche Dekolonisierung: Warum Putin …": the kicker and the headline, run together.
    return paragraph in labels or bool(title and len(title) > 20 and paragraph.endswith(_label_form(title))
                                       and len(paragraph) < len(title) + 60)


def _counts(removals) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in removals:
        if r.kept:
            continue
        counts[r.cleaner] = counts.get(r.cleaner, 0) + 1
    return counts
