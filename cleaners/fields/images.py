"""The article's own images: URL (the largest variant), caption, credit, alt text, place in the body, lead.

Which images are the article's is decided by where they sit: inside the story's container (the <article>
around the block the body came from, or that block and what comes before it), after the tree cleaners
took out ads, teasers, share bars and author boxes. Images after the story's block (end matter), inside
avatar/logo/teaser-named blocks, and tiny ones (icons, tracking pixels) are not the article's.
The page's declared image (og:image, JSON-LD) marks the lead; when the page does not show it in the
story, it is still stored as the lead, with what JSON-LD says about it, but not placed in the body.
"""

from __future__ import annotations

import re

from newsmill.records import Image

from ..parse import text_of, word_key
from .jsonld import article_objects
from .meta import as_text, join_url, split_url

_MAX_IMAGES = 60
_MIN_SIDE = 100  # px: a declared side below this is an icon, a logo or a pixel
_NOT_ARTICLE = re.compile(
    r"avatar|author|logo|icon|sprite|badge|emoji|gravatar|profile|byline|teaser|related|promo|advert|"
    r"sponsor|newsletter|social|share|recommend|outbrain|taboola|thumbnail|^ad$|^ads?[-_]|[-_]ads?$",
    re.I)
_NOT_ARTICLE_PART = re.compile(r"avatar|author|logo|icon|sprite|badge|emoji|gravatar|profile|byline|teaser|related|"
                               r"promo|advert|sponsor|newsletter|social|share|recommend|outbrain|taboola|thumbnail|ad",
                               re.I)
_PLACEHOLDER = re.compile(r"^data:|placeholder|blank\.(?:gif|png)|spacer|transparent\.|grey\.gif|pixel\.|1x1|lazy[-_.]", re.I)
# What a page declares as its image when the story has none of its own: the site's logo, favicon or default card
_SITE_IMAGE_FILE = re.compile(r"(?:^|[-_.])(?:logos?|favicon|blavatar|placeholder|no-?img|no-?image|fallback|site-?icon|"
                              r"apple-touch-icon|default-?(?:image|img|og|share|thumb))(?:[-_.]|$)", re.I)
_SITE_IMAGE_DIRS = {"logo", "logos", "favicon", "favicons", "icon", "icons", "blavatar", "avatar", "avatars"}
# A page's controls drawn as pictures: buttons, arrows, a spinner
_UI_FILE = re.compile(r"(?:^|[-_.])(?:button|btn|icn|arrow|spinner|loading)(?:[-_.]|$)", re.I)
_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-hi-res-src", "data-full-src", "data-url", "src")
_SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|attribution|rights|source|author|byline", re.I)
_CREDIT_PROPS = {"copyrightholder", "creator", "author", "creditText".lower(), "copyrightnotice"}
_CAPTION_CLASS = re.compile(r"caption|legend|bildunterschrift|description", re.I)
# "… the crowd on Monday. Photo: Jane Roe/Reuters": a credit at the end of a caption's text.
_CREDIT_TEXT = re.compile(
    r"(?:^|[\s.(|·–—-])((?:Photo(?:graph)?|Foto|Bild|Image|Imagen|Immagine|Credit|Crédit|Crédito|Quelle|Source|"
    r"Picture|Fotografía|Kuva|Zdjęcie)s?(?:\s+by)?\s*[:/©]\s*.{2,120}?|©\s*.{2,120}?|\(Photo by .{2,120}?\))\)?\s*$", re.I)
_IMAGE_NUMBER = re.compile(r"(?<!\d)\d{6,}(?!\d)")
_HEADINGS = frozenset(("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"))
_SIZE_TOKEN = re.compile(r"[-_.]?\d{2,4}x\d{2,4}|[-_.](?:w|h|width|height)\d{2,4}|[-_.](?:scaled|large|medium|small|thumb)", re.I)


def extract_images(tree, anchor, jsonld: list[dict], url: str, paragraphs: list[str],
                   declared: str | None, authors=()) -> list[Image]:
    """The article's images in page order; `anchor` is the block the body came from, `declared` og:image,
    `authors` the byline's names (their portraits are no article images)."""
    names = [a.name.casefold() for a in authors if len(a.name) >= 5]
    described = _jsonld_images(jsonld, url)
    images: list[Image] = []
    seen: set[str] = set()
    shown: set = set()  # the <img> elements taken
    container, limit = _container(anchor) if anchor is not None and anchor is not tree else (None, None)
    if container is not None and next(container.iter("img"), None) is not None:
        places: dict[str, int] | None = None
        last = -1
        # The text blocks met since the last image taken: each is looked up among the paragraphs only when
        # an image after it is taken (its place is the furthest paragraph before it), most of a story's
        # text comes after its last image.
        pending: list = []
        for el in container.iter():
            if el is limit:
                break  # past the story's block: end matter
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if tag in _HEADINGS:
                pending.append(el)
                continue
            if tag != "img" or len(images) >= _MAX_IMAGES:
                continue
            if _noscript_copy(el, shown):
                continue
            image = _image(el, url, container)
            if image is None or _identity(image.url) in seen or _portrait(image, names):
                continue
            if pending:
                places = _paragraph_places(paragraphs) if places is None else places
                for block in pending:
                    index = places.get(word_key(block.text_content()))
                    if index is not None and index > last:
                        last = index
                pending.clear()
            seen.add(_identity(image.url))
            shown.add(el)
            image.paragraph = last + 1
            images.append(image)
    for image in images:
        extra = described.get(_identity(image.url)) or described.get(_stem(image.url))
        if extra:
            image.caption = image.caption or extra.caption
            image.credit = image.credit or extra.credit
            image.width, image.height = image.width or extra.width, image.height or extra.height
    _mark_lead(images, declared, described, url)
    return images


def _container(anchor):
    """(the story's container, the first element after the story's block in it, None when none)."""
    container = anchor
    for depth, ancestor in enumerate(anchor.iterancestors()):
        if depth >= 5 or ancestor.tag in ("body", "html"):
            break
        if ancestor.tag in ("article", "main") or (ancestor.get("itemprop") or "").lower() == "articlebody":
            container = ancestor
            break
    if container is anchor and anchor.getparent() is not None and anchor.getparent().tag not in ("body", "html"):
        container = anchor.getparent()  # a lead figure beside the text block, above it
    return container, _after(anchor, container)


def _after(anchor, container):
    """The first element after `anchor` in document order inside `container` (where the story ends)."""
    el = anchor
    while el is not None and el is not container:
        nxt = el.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None:
            return nxt
        el = el.getparent()
    return None


def _image(img, url: str, container) -> Image | None:
    """An Image for an <img>, or None when it is no article image (named, tiny, no usable source)."""
    if _named_not_article(" ".join(filter(None, (img.get("class"), img.get("id"))))):
        return None
    # <picture><source><img>: libxml2 does not close <source>, so the img may sit inside one.
    picture = next((a for a in list(img.iterancestors())[:3] if a.tag == "picture"), None)
    src, width = _best_source(img, picture, url)
    if src is None or _named_not_article(split_url(src).path.rsplit("/", 1)[-1]) \
            or site_image(src, declared=False, controls=True):
        return None
    declared_w, declared_h = _int(img.get("width")), _int(img.get("height"))
    if (declared_w and declared_w < _MIN_SIDE or declared_h and declared_h < _MIN_SIDE) and not (width and width >= _MIN_SIDE):
        return None
    figure = None
    for depth, ancestor in enumerate(img.iterancestors()):
        if ancestor is container:
            break
        if _named_not_article(" ".join(filter(None, (ancestor.get("class"), ancestor.get("id"))))):
            return None
        if figure is None and depth < 5 and ancestor.tag == "figure":
            figure = ancestor
    caption, credit = _caption_and_credit(figure if figure is not None else img.getparent(), figure is not None)
    alt = " ".join((img.get("alt") or "").split()) or None
    return Image(url=src, caption=caption, credit=credit, alt=alt, width=width or declared_w,
                 height=declared_h if not width or width == declared_w else None)


def site_image(src: str | None, declared: bool = True, controls: bool = False) -> bool:
    """The site's logo, favicon, avatar or default card: no picture of the story. A declared image (og:image)
    that is a vector file is one too (no network's card shows one); shown in the story, it may be a chart.
    `controls`: a page's buttons, arrows and spinners count too (an <img> shown in the story)."""
    if not src:
        return False
    parts = split_url(src)
    segments = [p.lower() for p in parts.path.split("/") if p]
    name = segments[-1] if segments else ""
    return ("gravatar." in (parts.hostname or "") or declared and name.endswith(".svg")
            or bool(_SITE_IMAGE_FILE.search(name)) or any(seg in _SITE_IMAGE_DIRS for seg in segments[:-1])
            or controls and bool(_UI_FILE.search(name)))


def _noscript_copy(img, shown: set) -> bool:
    """The <noscript> fallback of a lazy image already taken (same block): one picture, not two."""
    parent = img.getparent()
    if parent is None or parent.tag != "noscript" or parent.getparent() is None:
        return False
    return any(other in shown for other in parent.getparent().iter("img"))


def _portrait(image: Image, names: list[str]) -> bool:
    """The author's picture beside the byline: alt text naming an author, or a caption that is the byline."""
    alt = (image.alt or "").casefold()
    caption = (image.caption or "").casefold()
    return any((name in alt and len(alt) <= len(name) + 15) or (name in caption[:len(name) + 8]) for name in names)


def _named_not_article(attrs: str) -> bool:
    if not attrs or not _NOT_ARTICLE_PART.search(attrs):  # one C search rules out most names
        return False
    return any(_NOT_ARTICLE.search(token) for token in attrs.split())


def _best_source(img, picture, url: str) -> tuple[str | None, int | None]:
    """(absolute URL of the largest variant, its width when a srcset says it)."""
    best, best_w, best_x = None, -1, -1.0
    sources = [img] + (list(picture.iter("source")) if picture is not None else [])
    for el in sources:
        for attr in _SRCSET_ATTRS:
            for candidate, w, x in _srcset(el.get(attr) or ""):
                if _PLACEHOLDER.search(candidate) or "{" in candidate:
                    continue
                if (w or 0) > best_w or (w is None and best_w < 0 and x > best_x):
                    best, best_w, best_x = candidate, w or -1, x
    if best is None or best_w < 0:
        for attr in _SRC_ATTRS:
            value = (img.get(attr) or "").strip()
            if value and not _PLACEHOLDER.search(value) and "{" not in value:  # "${formatId}": a script's template
                if best is None or (best_w < 0 and best_x <= 1):
                    best = value
                break
    if best is None:
        return None, None
    absolute = join_url(url, best.strip())
    if not absolute or not absolute.lower().startswith(("http://", "https://")):
        return None, None
    return absolute, best_w if best_w > 0 else None


def _srcset(value: str):
    """(url, width or None, density) per candidate; URLs may hold commas (CDN transforms), so split as
    the HTML standard does: a URL runs to whitespace, its descriptors to the next comma."""
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        candidate = value[start:i]
        descriptor_end = value.find(",", i)
        if candidate.endswith(","):
            candidate, descriptor_end = candidate.rstrip(","), i
        descriptor_end = n if descriptor_end < 0 else descriptor_end
        descriptors = value[i:descriptor_end].split()
        i = descriptor_end + 1
        if not candidate:
            continue
        width, density = None, 1.0
        for d in descriptors:
            if d[-1:] == "w" and d[:-1].isascii() and d[:-1].isdigit() and len(d) <= 7:  # not "²w", not 10**5000
                width = int(d[:-1])
            elif d[-1:] == "x":
                try:
                    density = float(d[:-1])
                except ValueError:
                    pass
        yield candidate, width, density


def _caption_and_credit(block, is_figure: bool) -> tuple[str | None, str | None]:
    """Caption and credit of a figure: figcaption (or a caption-named element) and credit-named spans."""
    if block is None:
        return None, None
    caption_el = next(block.iter("figcaption"), None) if is_figure else None
    if caption_el is None:
        caption_el = next((el for el in block.iter() if el is not block and isinstance(el.tag, str)
                           and _CAPTION_CLASS.search(el.get("class") or "")), None)
    credit_els = [el for el in block.iter() if el is not block and isinstance(el.tag, str) and el.tag != "img" and (
        _CREDIT_CLASS.search(el.get("class") or "") or (el.get("itemprop") or "").lower() in _CREDIT_PROPS)]
    credit_els = [el for el in credit_els if not any(a in credit_els for a in el.iterancestors())]
    credit = " ".join(t for t in (text_of(el) for el in credit_els) if t) or None
    caption = text_of(caption_el) if caption_el is not None else None
    if caption and credit:
        caption = " ".join(caption.replace(credit, " ").split()) or None
    elif caption:
        found = _CREDIT_TEXT.search(caption)
        if found and found.start(1) > 0:
            credit = found.group(1).strip(" ()")
            caption = caption[:found.start(1)].rstrip(" .|·–—-(") + ("." if caption[:found.start(1)].rstrip().endswith(".") else "")
    if credit:
        credit = re.sub(r"^(?:Photo(?:graph)?|Foto|Bild|Image|Credit|Crédit|Quelle|Source|Picture)s?(?:\s+by)?\s*[:/]\s*", "", credit, flags=re.I)
        credit = credit.strip(" ()") or None
    return (caption.strip() or None) if caption else None, credit


def _jsonld_images(jsonld: list[dict], url: str) -> dict[str, Image]:
    """The article objects' image/ImageObjects by identity and by stem: caption, credit and size."""
    found: dict[str, Image] = {}
    for obj in article_objects(jsonld):
        value = obj.get("image")
        for item in value if isinstance(value, list) else [value]:
            image = _from_jsonld(item, url)
            if image is not None:
                found.setdefault(_identity(image.url), image)
                found.setdefault(_stem(image.url), image)
    return found


def _from_jsonld(item, url: str) -> Image | None:
    if isinstance(item, str):
        src = item
        item = {}
    elif isinstance(item, dict):
        src = item.get("url") or item.get("contentUrl")
        src = src[0] if isinstance(src, list) and src else src
    else:
        return None
    if not isinstance(src, str) or not src.strip():
        return None
    absolute = join_url(url, src.strip())
    if not absolute or not absolute.lower().startswith(("http://", "https://")):
        return None
    credit = as_text(item.get("creditText")) or _name(item.get("copyrightHolder")) or _name(item.get("author")) \
        or _name(item.get("creator"))
    caption = as_text(item.get("caption")) or as_text(item.get("description"))
    return Image(url=absolute, caption=" ".join(caption.split()) if caption else None,
                 credit=" ".join(credit.split()) if credit else None,
                 width=_int(item.get("width")), height=_int(item.get("height")))


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return as_text(value.get("name"))
    return as_text(value) if isinstance(value, str) else None


def _mark_lead(images: list[Image], declared: str | None, described: dict[str, Image], url: str) -> None:
    """One lead: the shown image the page declares; else the first one above the text; else the declared
    image itself, not placed in the body."""
    keys = {k for u in filter(None, [declared]) for k in (_identity(u), _stem(u))} | set(described)
    for image in images:
        if _identity(image.url) in keys or _stem(image.url) in keys:
            image.is_lead = True
            return
    first = images[0] if images else None
    if first is not None and first.paragraph == 0:
        first.is_lead = True
        return
    lead = (described.get(_identity(declared)) or described.get(_stem(declared))) if declared else None
    lead = lead or (Image(url=declared) if declared else next(iter(described.values()), None))
    if lead is not None and not site_image(declared or lead.url):  # og:image's URL (what the page shows when shared), JSON-LD's words about it
        images.insert(0, Image(url=declared or lead.url, caption=lead.caption, credit=lead.credit, width=lead.width,
                               height=lead.height, paragraph=None, is_lead=True))


def _identity(src: str) -> str:
    """Host and path: the same image under other query parameters (sizes, crops) is the same image."""
    parts = split_url(src)
    return f"{parts.netloc.lower()}{parts.path}"


def _stem(src: str) -> str:
    """The file name without size tokens ('-1024x683', '_w640'), or its long number ('68059583_6.jpg' and
    '68059583_1004.webp' are one picture at two sizes): resized copies of one picture."""
    name = split_url(src).path.rsplit("/", 1)[-1]
    number = _IMAGE_NUMBER.search(name)
    if number:
        return "id:" + number.group(0)
    stem = _SIZE_TOKEN.sub("", name.rsplit(".", 1)[0]).lower()
    return "stem:" + stem if len(stem) >= 8 else "stem:" + src


def _paragraph_places(paragraphs: list[str]) -> dict[str, int]:
    places: dict[str, int] = {}
    for i, p in enumerate(paragraphs):
        places.setdefault(word_key(p), i)
    return places


def _int(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value < 100_000 else None  # 10**23 from JSON-LD: no picture is that wide
    if isinstance(value, str):
        match = re.match(r"\s*(\d{1,5})(?:px)?\s*$", value)
        return int(match.group(1)) or None if match else None
    return None
