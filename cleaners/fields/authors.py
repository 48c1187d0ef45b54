"""Authors as {name, role}: JSON-LD Person first, then meta tags, then byline markup."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from bisect import bisect_right
from itertools import islice
from importlib import resources

from lxml import etree

from newsmill.records import Author
from ..context import all_languages, phrases
from ..parse import EMAIL, caseless, folded, isearch, text_of
from .datetext import MODIFIED_WORDS, PUBLISHED_LABEL, VISIBLE, WEEKDAY, is_month
from .jsonld import _ARTICLE_TYPES, article_objects, nodes_by_id, types_of
from .labels import labelled_values
from .meta import clean_text, host_label, meta_values, other_work, page_host, story_begun, url_host

# "/" splits only with spaces around it: "srf/hosb" is one (agency/initials) credit.
_SPLIT = re.compile(r"\s*[,;，、]\s*|\s+/\s+")
_CONJUNCTION = re.compile(r"\s*&\s*|\s+(?:and|und|y|et|e|og|och|i|en|ja|и|та|і|ve|a|és|și|si|και|dan|và|و)\s+|"  # an interview's two people:
                          r"\s+(?:im gespräch mit|in conversation with|en conversation avec|en conversación con|"
                          r"in conversazione con|em conversa com|in gesprek met)\s+", re.I)
_COLLECTIVE = {"staff", "desk", "team", "newsroom", "redaktion", "redacción", "rédaction", "redazione", "agencies"}
# Elements with rel or itemprop "author" or a class token byline, author or fn. Asked of the attributes (a
# union of three passes, in document order as one would give), each token test after a plain substring
# test that the token implies: a third of the time of the same predicates on every element.
_BYLINE_XPATH = (
    '//@rel[.="author"]/.. | //@itemprop[.="author"]/.. | //@class['
    '(contains(., "byline") and contains(concat(" ", normalize-space(.), " "), " byline ")) or '
    '(contains(., "author") and contains(concat(" ", normalize-space(.), " "), " author ")) or '
    '(contains(., "fn") and contains(concat(" ", normalize-space(.), " "), " fn "))]/..'
)
_WEBBY = re.compile(r"https?:|www\.|@|\.(?:com|org|net|de|co\.uk)\b", re.I)
# A CMS's account for whoever set the site up, not a person: "wordpressadmin", "wp_admin", "siteadmin1"
_ACCOUNT = re.compile(r"(?:[a-z]*[_.-])?(?:wp|wordpress|site|web|blog|cms)?[_.-]?(?:admin(?:istrator)?|webmaster)\d*", re.I)
# one login name: a letter, then letters, digits, dots or dashes, no spaces ("c1ph4")
_LOGIN = re.compile(r"[^\W\d_][\w.-]{1,29}")
_ROLE_SIBLING_CLASSES = ("author-role", "author-title", "byline-role", "author-job", "job-title", "jobtitle")


@lru_cache(maxsize=1)
def _vocab() -> dict:
    return json.loads(resources.files("cleaners.phrases").joinpath("roles.json").read_text("utf-8"))


def extract_authors(tree, jsonld: list[dict], site_name: str | None = None) -> list[Author]:
    """The page's authors, each with the role the page gives them (see _authors); a first name alone
    completed by the surname its own JSON-LD Person's description opens with."""
    authors = _authors(tree, jsonld, site_name)
    if jsonld and any(" " not in a.name and a.name[:1].isupper() for a in authors):
        _full_names(tree, authors, jsonld)
    return authors


_SURNAME = r"\s+([A-ZÀ-ÖØ-Þ][\w'’-]*[a-zß-ÿ])(?=\s*[,;:–—-]|\s+[a-zß-ÿ])"


def _full_names(tree, authors: list[Author], jsonld: list[dict]) -> None:
    """'Nils' declared, the Person's description 'Nils Pickert ist freier Autor …' and the page's text
    saying 'Nils Pickert' too (a bio, a byline): 'Nils Pickert'."""
    for author in authors:
        if " " in author.name or not author.name[:1].isupper():
            continue
        for obj in jsonld:
            desc = obj.get("description")
            if isinstance(desc, str) and obj.get("name") == author.name and "person" in types_of(obj):
                match = re.match(re.escape(author.name) + _SURNAME, " ".join(desc.split()))
                if match and _shown(tree, f"{author.name} {match.group(1)}"):
                    author.name = f"{author.name} {match.group(1)}"
                    break


# The readers _authors tries, in order, by name: looked up at each call, so that evals/ablate_authors.py can
# turn one off and measure what it adds on each half of the corpora.
FINDERS = ("_from_jsonld", "_from_meta", "_from_visible", "_from_byline", "_from_byline_text", "_from_reporter_suffix",
           "_from_labels",
           "_from_credits", "_from_post_info", "_from_dated_byline", "_from_author_reply", "_from_author_box",
           "_from_signature", "_from_hidden_byline", "_organisation_author")


def _authors(tree, jsonld: list[dict], site_name: str | None = None) -> list[Author]:
    """The page's authors, each with the role the page gives them.

    Declared names (JSON-LD Person, meta tags) first, confirmed or completed by the visible byline: its
    roles go to the same names, and a declared name that is only the site's own name gives way to the
    people the byline names. Without declared names: the visible byline, parsed as a small grammar.
    """
    site = normalise_name(site_name or _site_name(tree, jsonld) or "")
    label = host_label(page_host(tree))
    owners = {normalise_name(v) for v in meta_values(tree, "copyright", "publisher", "dc.publisher") if v}
    visible = None
    fallback: list[Author] = []
    unseen: list[Author] = []
    for finder in map(globals().__getitem__, FINDERS):
        if finder is _from_visible:
            authors = visible = _dedupe(visible_byline(tree))
            if authors and not any(_personlike(a.name) for a in authors):
                authors = _dedupe(_organisation_author(tree, jsonld)) or authors  # "amw" under a declared "kicker"
        elif finder is _organisation_author and unseen:
            return _named(unseen)  # a person declared but not shown before the organisation declared
        else:
            authors = _dedupe(finder(tree, jsonld))
        if authors and finder in (_from_jsonld, _from_meta) and all(_weak(a.name, site, label, owners) for a in authors):
            visible = visible_byline(tree) if visible is None else visible
            if visible and all(_personlike(a.name) for a in visible):
                return visible  # the site's own name or a login handle declared, people in the byline
            if finder is _from_meta:
                fallback = fallback or authors  # the site or its owner in <meta name=author>: only if no one else
                continue
        if authors and finder is _from_meta and not any(_shown(tree, a.name) for a in authors):
            unseen = authors  # a site-wide <meta name=author> (its designer, its owner) the page never shows
            continue
        if authors and finder is _from_meta:
            visible = visible_byline(tree) if visible is None else visible
            if _linked_elsewhere(tree, visible, authors):
                return visible  # the post's author link names someone else: the meta tag is the site's
        if authors:
            if finder in (_from_jsonld, _from_meta):
                visible = visible_byline(tree) if visible is None else visible
                if _completes(visible, authors):
                    return visible  # "von A, B" shown where the CMS declares only its first author
                _add_roles(authors, visible)
            return _named(authors)
    return fallback


def _named(authors: list[Author]) -> list[Author]:
    """"Lrt.lt" beside the reporter it publishes: the site, not an author."""
    return [a for a in authors if not _DOMAIN.match(a.name)] or authors


_DANGLING = {"von", "by", "de", "par", "por", "di", "da", "door", "av", "af", "przez", "of", "the", "and", "und", "et",
             "y", "e", "i", "og", "och", "with", "mit", "con", "avec", "am", "on", "le", "el", "il"}
_CREDIT = re.compile(r"(?:photo(?:graph)?s?|fotos?|bild(?:er)?|image|illustration|grafik|video)\b\s*(?:by|von|de|par|por|:)",
                     re.I)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,10}(?:/\S*)?$", re.I)
_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "du", "dos", "das", "bin",
              "al", "y", "e", "zu", "ten", "ter"}


SCOPE = 5  # levels above the h1 searched for its byline first (then the whole page)
_HANDLE = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)+$|^[a-z0-9]*admin[a-z0-9]*$")


def _weak(name: str, site: str, label: str, owners: frozenset | set = frozenset()) -> bool:
    """A declared author that names no person: the site ("El Colombiano" on elcolumbiano.com), the page's
    copyright holder or publisher, an organisation by its legal form ("… e.V.", "… GmbH"), a login handle."""
    from .title import _names_host  # noqa: PLC0415

    key = normalise_name(name)
    return key == site or key in owners or bool(_HANDLE.match(key)) or bool(_LEGAL_FORM.search(name)) \
        or bool(label) and _names_host(name, label)


_LEGAL_FORM = re.compile(r"(?:^|\s)(?:e\.\s?V\.|GmbH|gGmbH|AG|KG|Ltd\.?|Inc\.?|LLC|S\.A\.|S\.p\.A\.|SE|plc)$")


def _personlike(name: str) -> bool:
    """Two to four capitalised words (particles aside): 'Jane Doe', 'Ana de la Fuente', not 'Euronews with AFP'.
    A script without case (Arabic, Hebrew, …) has no capitals to show: its words count as capitalised."""
    words = name.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() or caseless(w[:1]) or w in _PARTICLES for w in words)


def _site_name(tree, jsonld) -> str | None:
    from .metadata import extract_site_name  # noqa: PLC0415

    return extract_site_name(tree, jsonld)


def _completes(visible: list[Author], declared: list[Author]) -> bool:
    """The visible byline names every declared author and more people besides: the declared list is short."""
    if len(visible) <= len(declared):
        return False
    shown = {normalise_name(a.name) for a in visible}
    return all(normalise_name(a.name) in shown for a in declared) and all(_personlike(a.name) for a in visible)


def _linked_elsewhere(tree, visible: list[Author], declared: list[Author]) -> bool:
    """The visible byline's people are each the text of an author link of this site (rel=author, an author
    archive) and share no word with the declared names: a theme's site-wide <meta name=author> (the blog's
    owners) against the post's own author link."""
    if not visible or any(_HANDLE.match(normalise_name(a.name)) or not a.name[:1].isupper() for a in visible):
        return False  # a login ("admin", "j.doe") links to its archive too: the declared name says more
    words = {w for a in declared for w in normalise_name(a.name).split()}
    if any(w in words for a in visible for w in normalise_name(a.name).split()):
        return False
    host = _page_host(tree)
    linked = {normalise_name(text_of(a)) for a in _links_in(tree)
              if host or not (a.get("href") or "").startswith(("http://", "https://", "//"))}
    return all(normalise_name(a.name) in linked for a in visible)


def _add_roles(authors: list[Author], visible: list[Author]) -> None:
    """A role the visible byline gives a declared name goes with that name."""
    roles = {normalise_name(a.name): a.role for a in visible if a.role}
    for author in authors:
        if not author.role and normalise_name(author.name) in roles:
            author.role = roles[normalise_name(author.name)]


# --------------------------------------------------------------------------- the visible byline

_BYLINE_NAMES = re.compile(r"author|byline|autor|verfasser|auteur", re.I)  # in a class or id
_CANDIDATE_ATTR = re.compile(r"author|byline|autor|verfasser|auteur|journalist|redakteur", re.I)
_AUTHOR_WORD = re.compile(r"(?m)^\s*author\s*$", re.I)
_AUTHOR_HREF = re.compile(r"(?:^|/)(?:authors?|autor(?:en|in|innen|es|e)?|auteurs?|autori|journalist(?:en|s)?|redakteur(?:e|in)?)"
                          r"(?:/|[-_.=])[^/?#]"  # an author's page, not the list of them
                          # a member's page on this community site, linked as a path ("/members/<name>", "/user/<id>");
                          # not a sign-in or sign-out page, nor a profile on another site (youtube.com/user/…)
                          r"|^/(?:members?|users?|profiles?)/(?!regist|log-?in|log-?out|sign-?up|sign_up|sign-?out|"
                          r"sign_out|password|anmeld|abmeld|edit|settings)[^/?#\s]+/?(?:$|[?#])", re.I | re.M)
# Without re.I, for ASCII text lowercased first: the same matches at the same offsets, searched several times
# faster (a page's joined class names run to tens of kilobytes). Non-ASCII text keeps the re.I search.
_CASED = {p: re.compile(p.pattern, p.flags & ~re.I) for p in (_CANDIDATE_ATTR, _AUTHOR_WORD, _AUTHOR_HREF)}
_NOT_BYLINE = re.compile(r"comment|respond|reply|image|photo|foto|credit|caption|avatar|(?<![a-z])bio|about|"
                         r"description|social|share(?![a-z])|follow|related|teaser|recommend|newsletter|footer|sidebar|"
                         r"(?<![a-z])nav|menu|widget-area|list-item|more-|-more|-box__(?!name)|authorbox|author-box|"
                         r"box-author|author-info|author-bio|author-desc|author-details|avatar|-count|role|title|rich-snippet-hidden", re.I)
_SKIP_TAGS = {"footer", "aside", "nav", "form", "figcaption", "blockquote", "button", "select", "label", "textarea",
              "h1", "h2", "h3"}
_MAX_BYLINE = 200
# a credit for the pictures after the words' one ends it too ("Words by Jane Doe. Photos by John Roe.")
_SEGMENT = re.compile(r"\s+[|·•—–]\s+|\s+-\s+|\s*\|\s*|\s*[·•]\s*"
                      r"|\.\s+(?=(?i:photos?|photography|pictures?|images?|illustrations?|fotos?|bilder?|video)\b)")
_DATE_AFTER = re.compile(r"[\s,]+(?=\d{1,4}[./:-]\d)")  # "…, Volontär (Sport) 06.11.2025, 21:18 Uhr": the date ends it
_TIGHT_DASH = re.compile(r"(?<=[^\W\d_])—(?=[^\W\d_])")  # "Jane Smith—Senior Reporter": an em dash set tight
_PAREN_ROLE = re.compile(r"^(.*?)\s*\(([^()]{2,60})\)$")
_CUT_AT = re.compile(r"\s(?:am|on|le|el|il|em|op|den|dem|vom|del|du|updated|aktualisiert|published|veröffentlicht|"
                     r"publié|publicado|pubblicato|mis à jour|actualizado|stand)\b.*$|\s*\d.*$", re.I)


def visible_byline(tree) -> list[Author]:
    """The byline the page shows near its headline, as [Author(name, role)]: names from author links
    (rel=author, author archive URLs) when it has them, roles and names from its text otherwise."""
    h1 = next(iter(tree.iter("h1")), None)
    # the byline sits by the headline: look in the h1's surroundings only
    block = _headline_block(h1) if h1 is not None else None
    scope = block if block is not None else tree
    found, order = _byline_candidates(scope)
    if not found and scope is not tree:
        scope = tree
        found, order = _byline_candidates(tree)
    if not found:
        return []
    if h1 is None or not order:
        order = None
    best = None
    header = frozenset(h1.iterancestors()) if h1 is not None else frozenset()
    for el in found:
        if not isinstance(el.tag, str) or next(islice(el.iter(), 30, None), None) is not None \
                or _excluded(el, header):
            continue
        text = text_of(el)
        if not text or len(text) > _MAX_BYLINE or _CREDIT.match(text) or _in_teaser_link(el, text) \
                or _offsite_only(el):
            continue
        if order is not None:
            distance = order.get(el, 0) - order.get(h1, 0)
            rank = distance if distance >= 0 else 3 * -distance
        else:
            rank = 0
        if best is None or rank < best[0]:
            best = (rank, el)
        if order is None:
            break
    if best is None:
        return []
    el = best[1]
    block = _byline_block(el)
    if block is not el and not _links_in(block):
        own = parse_byline_line(text_of(el))
        if own:  # the name element itself ("<span class=author>oz</span>"); the line around it gives roles
            around = parse_byline_line(text_of(block))
            _add_roles(own, around)
            return own
    return _authors_in(block)


def _headline_block(h1):
    """The highest ancestor of h1 at most SCOPE levels up and below <body>: the block holding headline,
    byline, date and standfirst. None when h1 sits right in <body>."""
    block = None
    for depth, up in enumerate(h1.iterancestors()):
        if up.tag in ("body", "html") or depth >= SCOPE:
            break
        block = up
    return block


def _byline_candidates(tree) -> tuple[list, dict]:
    """Elements whose class or id names an author or byline, rel/itemprop=author, links to an author's page,
    in document order, and each element's position. Regexes over the joined attribute values (~1 ms a page,
    where an XPath with translate() took ~10 ms and a union of XPath predicates ~4)."""
    found, seen = [], set()
    for path, pattern in ((".//@class", _CANDIDATE_ATTR), (".//@id", _CANDIDATE_ATTR), (".//@rel", _AUTHOR_WORD),
                          (".//@itemprop", _AUTHOR_WORD), (".//a/@href", _AUTHOR_HREF)):
        values = tree.xpath(path)
        if not values:
            continue
        joined = "\n".join(values)
        if joined.isascii():
            joined, pattern = joined.lower(), _CASED[pattern]
        if pattern.search(joined) is None:
            continue
        starts, at = [], 0
        for value in values:
            starts.append(at)
            at += len(value) + 1
        for match in pattern.finditer(joined):
            el = values[bisect_right(starts, match.start()) - 1].getparent()
            if el is not None and id(el) not in seen:
                seen.add(id(el))
                found.append(el)
    if len(found) < 2:
        return found, {}
    order = {el: i for i, el in enumerate(tree.iter())}
    found.sort(key=lambda el: order.get(el, 0))
    return found, order


def _in_teaser_link(el, text: str) -> bool:
    """el sits in a link that says more than el does and leads to no author's page: a teaser card for
    another story ("Titel … Von Jörn Mecher am 08.12.2022"), whose byline is that story's."""
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > 4 or node.tag in ("body", "article", "main"):
            return False
        if node.tag == "a":
            href = node.get("href") or ""
            return node.get("rel") != "author" and not _AUTHOR_HREF.search(href) \
                and len(text_of(node)) > len(text) + 20
    return False


def _offsite_only(el) -> bool:
    """el is named for an author only by links to another site's author pages (a book widget's
    "by Akira Arenth" linking to goodreads.com/author/…): that work's author, not this page's."""
    links = _author_links(el)
    return bool(links) and not _links_in(el, links) and not _CANDIDATE_ATTR.search(
        f"{el.get('class') or ''} {el.get('id') or ''}")


def _author_links(block) -> list:
    """The rel=author links and links to an author's page in block (block itself included)."""
    return [a for a in block.iter("a") if a.get("rel") == "author" or _AUTHOR_HREF.search(a.get("href") or "")]


def _links_in(block, links: list | None = None) -> list:
    """block's author links (`links`, when already found) that lead to this site's pages."""
    host = None
    out = []
    for a in _author_links(block) if links is None else links:
        href = a.get("href") or ""
        if href.startswith(("http://", "https://", "//")):
            host = host if host is not None else _page_host(block)
            # url_host: an archived copy's links lead to the archive, and name the archived page's host there
            other = url_host(href if not href.startswith("//") else "https:" + href)
            if host and other and not _same_site(other, host):
                continue  # another site's author page (a book widget, an embedded post)
        out.append(a)
    return out


def _page_host(el) -> str:
    return page_host(el.getroottree().getroot())


def _same_site(host: str, other: str) -> bool:
    """One site's hosts: www.x.de and x.de, blog.x.de and x.de (a canonical without www, links with it)."""
    host, other = host.removeprefix("www."), other.removeprefix("www.")
    return host == other or host.endswith("." + other) or other.endswith("." + host)


def _excluded(el, header: frozenset = frozenset()) -> bool:
    """In chrome, comments, credits or teasers. `header`: the blocks holding the page's <h1>; one named
    like an image or teaser module is the story's own top (a hero picture over headline and byline)."""
    if el.get("itemprop") is not None and other_work(el):
        return True  # a cited paper's or a photo's author in microdata
    for depth, node in enumerate((el, *el.iterancestors())):
        if node.tag in _SKIP_TAGS:
            # an <aside class="meta"> or <footer> inside the article holds its byline; elsewhere it is chrome;
            # a <figcaption> holding an <address> is the author's picture and name, not a photo credit
            if not (node.tag in ("aside", "footer") and any(a.tag == "article" for a in node.iterancestors())
                    or node.tag == "figcaption" and (el.tag == "address" or any(
                        a.tag == "address" for a in islice(el.iterancestors(), depth)))):
                return True
        if node.tag in ("body", "main", "article") or depth > 6:
            return False
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        hit = isearch(_NOT_BYLINE, attrs) if attrs.strip() else None
        if hit and node in header and hit.group(0).lower() in _HERO and not _NOT_BYLINE.search(
                _HERO_WORDS.sub(" ", attrs)):
            continue
        if hit and not (depth == 0 and node.get("rel") == "author"):
            if hit.group(0).lower() == "footer" and not _NOT_BYLINE.search(attrs.lower().replace("footer", " ")) \
                    and any(a.tag == "article" for a in node.iterancestors()):
                continue  # "entry-footer", "footerRow" inside the <article>: the story's own footer, as <footer> is
            return True
    return False


_HERO = {"image", "photo", "foto", "teaser"}
_HERO_WORDS = re.compile("|".join(_HERO), re.I)
_COMMENTS = re.compile(r"comment|respond|reply|pingback|trackback", re.I)


def _in_comments_or_chrome(el) -> bool:
    """Inside a comment thread, or in an <aside>/<nav>/<footer> that is not the story's own."""
    for node in el.iterancestors():
        if node.tag in ("aside", "nav", "footer"):
            return not any(a.tag == "article" for a in node.iterancestors())
        if node.tag == "body":
            return False
        if _COMMENTS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def _byline_block(el):
    """The largest element around el that is still one short line: the whole byline, prefix to role."""
    block = el
    for parent in el.iterancestors():
        if parent.tag in ("body", "main", "article", "header", "h1") or len(text_of(parent)) > _MAX_BYLINE:
            break
        if len(parent) > 12 or any(c.tag in ("h1", "h2", "h3", "p", "figure", "img") for c in parent
                                   if c is not block):
            break
        block = parent
    return block


def _authors_in(block) -> list[Author]:
    links = _links_in(block)
    if not links:
        leaves = [e for e in block.iter() if e is not block and isinstance(e.tag, str) and len(e) == 0 and text_of(e)]
        names = _leaf_names(leaves) if len(leaves) >= 2 else None
        if names:
            return names  # one name per element, no separator written between them
    parsed = parse_byline_line(text_of(block))
    if links:
        names = []
        for a in links:
            author = parse_byline(text_of(a))
            if author and all(normalise_name(author.name) != normalise_name(n.name) for n in names):
                names.append(author)
        if names:
            _add_roles(names, parsed)
            if len(names) == 1 and not names[0].role and len(parsed) == 1 and parsed[0].role \
                    and normalise_name(parsed[0].name).endswith(normalise_name(names[0].name)):
                names[0].role = parsed[0].role
            return names
    return parsed


def _leaf_names(leaves: list) -> list[Author] | None:
    """One person per element, or None when an element is neither a name nor a role; an element whose class
    calls it the author's title, or whose text is a job title, is the role of the name before it
    (<span class=name>Jane Doe</span><span class=author-title>Senior Reporter</span>)."""
    names: list[Author] = []
    for el in leaves:
        text = text_of(el)
        if names and (_role_class(el) or _is_role(text)):
            names[-1].role = names[-1].role or _job(text)
            continue
        author = parse_byline(text)
        if not author or not _personlike(author.name):
            return None
        names.append(author)
    return names or None


# East Asian labels: a full-width colon, or a slash after the label ("文/王小明", "作者：王小明"), read as "label: "
_WIDE_LABEL = re.compile(r"^\s*(文|图文|圖文|撰文|作者|记者|記者)\s*[/／｜|]\s*")


def _ascii_label(text: str) -> str:
    return _WIDE_LABEL.sub(r"\1: ", text).replace("：", ": ")


def _caseless_name(name: str) -> bool:
    """A name in a script without spaces between its parts (王小明, 山田太郎, 홍길동): two to six letters of a script
    without case; one word, as such names are written."""
    return 2 <= len(name) <= 6 and all(caseless(ch) or ch in "·・" for ch in name) and caseless(name[0])


def parse_byline_line(text: str) -> list[Author]:
    """A visible byline read as a small grammar, in any of our languages:

        [prefix] name {joiner name} [(, | · – —) role | (role)] [dateline, date ...]

    "By Jane Doe and John Roe", "Por Ana Ruiz, corresponsal en Bogotá | 3 de marzo de 2024",
    "Von Lena Fischer · Senior News Editor", "Jane Doe (Reuters)". Segments holding a digit (dates,
    times, counters) end the byline.
    """
    text = _TIGHT_DASH.sub(" — ", " ".join(_ascii_label(text).split()))
    if _CREDIT.match(text):
        return []  # "Photograph by Ed Marshall, Redonda Restoration Programme": the whole line credits an image
    segments = [s.strip(" ,;:") for s in _SEGMENT.split(text)]
    segments = [s for s in segments if s]
    if not segments:
        return []
    head = _strip_prefix(segments[0])
    head = _DATE_AFTER.split(_CUT_AT.sub("", head), 1)[0].strip(" ,;:") if head else head
    if not head:
        if len(segments) < 2:
            return []
        segments = segments[1:]
        head = _CUT_AT.sub("", _strip_prefix(segments[0])).strip(" ,;:")
        if not head:
            return []
    authors = []
    for piece in split_names(head):
        match = _PAREN_ROLE.match(piece)
        author = parse_byline(match.group(1)) if match else parse_byline(piece)
        if author and match:  # "Jane Doe (Reuters)"; "Robin Amberg, Volontär (Sport)": the desk goes with the role
            author.role = f"{author.role} ({match.group(2).strip()})" if author.role else match.group(2).strip()
        if author:
            authors.append(author)
    authors = [a for a in authors if len(a.name.split()) == 1 or _personlike(a.name) or a.name.isupper()]
    rest = [s for s in segments[1:2] if not any(ch.isdigit() for ch in s) and len(s) <= 60 and not _CUT_AT.match(" " + s)]
    if len(authors) == 1 and not authors[0].role and rest and _is_role_segment(rest[0]):
        authors[0].role = _job(rest[0])
    return authors


def _is_role_segment(text: str) -> bool:
    """A job title or affiliation after the name, not another name nor a label ("Senior News Editor", "Reuters")."""
    words = text.split()
    if not words or len(words) > 8 or _WEBBY.search(text):
        return False
    return _is_role(text) or _has_role_noun(text)


def _from_visible(tree, _jsonld) -> list[Author]:  # placeholder: extract_authors calls visible_byline itself
    return visible_byline(tree)


def _organisation_author(tree, jsonld) -> list[Author]:
    """No person anywhere: the organisation the page names as author ("BBC News", an agency)."""
    for obj in article_objects(jsonld):
        value = obj.get("author")
        for org in value if isinstance(value, list) else [value]:
            if isinstance(org, dict) and isinstance(org.get("name"), str) and org["name"].strip():
                return [Author(" ".join(org["name"].split()))]
    return []


def _from_jsonld(tree, jsonld) -> list[Author]:
    found = []
    nodes = None
    for obj in article_objects(jsonld) or _page_objects(jsonld):
        value = obj.get("author") or obj.get("creator")
        shown_only = not types_of(obj) & _ARTICLE_TYPES
        for person in value if isinstance(value, list) else [value]:
            if isinstance(person, dict) and "name" not in person and isinstance(person.get("@id"), str):
                # a reference into the @graph (Yoast SEO and other WordPress plugins): the Person it names
                nodes = nodes if nodes is not None else nodes_by_id(jsonld)
                person = nodes.get(person["@id"], person)
                shown_only = True
            if shown_only and not _shown(tree, person.get("name") if isinstance(person, dict) else person):
                continue  # the CMS account the plugin wires in, which the page never shows
            found.extend(_person(person))
        if found:
            break
    return found


def _page_objects(jsonld) -> list[dict]:
    """No Article declared: the WebPage, which SEO plugins give the post's author when the post type has no
    Article piece (only names the page shows count: the WebPage may carry the site's account)."""
    return [o for o in jsonld if types_of(o) & {"webpage", "itempage"} and (o.get("author") or o.get("creator"))]


def _shown(tree, name) -> bool:
    """Whether the page's visible text (not its head or scripts) says `name`."""
    if not isinstance(name, str) or not name.strip():
        return False
    literal = " ".join(name.split()).replace('"', "")
    try:
        return bool(tree.xpath(f'boolean(//body//text()[contains(., "{literal}")]'
                               f'[not(ancestor::script) and not(ancestor::style) and not({_HIDDEN_ANCESTOR})])'))
    except ValueError:  # a character no XPath string may hold (U+FFFE, a control character): read in Python
        return any(literal in text for text in _VISIBLE_TEXT(tree))


# Avada (ThemeFusion) writes the post's WordPress account into every post's meta line for rich snippets, in a
# span its stylesheet hides ("vcard rich-snippet-hidden"): markup for search engines, which shows no one the
# name (the account that uploaded the post; the byline the page shows may name another writer)
_HIDDEN_CLASS = "rich-snippet-hidden"
_HIDDEN_ANCESTOR = (f'ancestor::*[contains(@class, "{_HIDDEN_CLASS}") and '
                    f'contains(concat(" ", normalize-space(@class), " "), " {_HIDDEN_CLASS} ")]')
_VISIBLE_TEXT = etree.XPath(f"//body//text()[not(ancestor::script) and not(ancestor::style) and not({_HIDDEN_ANCESTOR})]")


def _hidden(el) -> bool:
    """el sits in a span a theme hides, holding its rich-snippet markup."""
    return any(_HIDDEN_CLASS in (node.get("class") or "").split() for node in (el, *el.iterancestors()))


def _person(person) -> list[Author]:
    if isinstance(person, str):
        return [a for a in (parse_byline(p) for p in split_names(clean_text(person) or "")) if a]
    if not isinstance(person, dict):
        return []
    if types_of(person) & {"organization", "newsmediaorganization"}:
        return []
    name = person.get("name")
    if isinstance(name, list):
        name = name[0] if name else None
    if not isinstance(name, str):
        return []
    name = clean_text(name) or ""  # "Redacci&oacute;n …" escaped by the CMS: decoded before ";" splits names
    role = person.get("jobTitle")
    if isinstance(role, list):
        role = ", ".join(str(r) for r in role)
    role = _job(clean_text(str(role))) if role else None
    authors = [a for a in (parse_byline(n) for n in split_names(name)) if a]
    if role and len(authors) == 1:
        authors[0].role = " ".join(str(role).split())
    return authors


# the standard keys, then the author keys of widespread plugins and analytics tags (Parse.ly, Sailthru,
# Shareaholic, Cxense), whose values are the byline's names
_META_AUTHOR_KEYS = ("author", "article:author", "articleauthor", "dc.creator", "parsely-author", "sailthru.author",
                     "shareaholic:article_author_name", "cxenseparse:author")


def _from_meta(tree, _jsonld) -> list[Author]:
    found = []
    for value in meta_values(tree, *_META_AUTHOR_KEYS):
        if value.startswith(("http://", "https://", "/")):
            continue
        found.extend(a for a in (parse_byline(n) for n in split_names(value)) if a)
    return found


def _from_byline(tree, _jsonld, hidden: bool = False) -> list[Author]:
    """An element marked as the author's (class byline/author/fn, rel or itemprop author). `hidden`: only
    those in a theme's hidden rich-snippet markup, which count when nothing the page shows names anyone."""
    for el in tree.xpath(_BYLINE_XPATH):
        text = text_of(el)
        if not text or len(text) > 120 or _in_comments_or_chrome(el) or other_work(el) or _hidden(el) != hidden:
            continue  # a commenter, a sidebar's teaser, a cited paper's author
        role = _role_beside(el)
        authors = [a for a in (parse_byline(n) for n in split_names(_strip_prefix(text))) if a]
        if not authors and el.get("rel") == "author":
            authors = _login(text)  # "c1ph4": the page's rel=author link names its author by login
        if authors:
            if role and len(authors) == 1 and not authors[0].role:
                authors[0].role = role
            return authors
    return []


def _from_byline_text(tree, _jsonld) -> list[Author]:
    """A short line that reads as a byline ("by Lena Fischer Senior Business Reporter", "Por A y B",
    "Von: Götz Warnke", "Posted by Konstantin @ 12:00 am"), read with the byline grammar."""
    prefixes = _prefixes_longest_first()
    body = tree.find("body")
    if body is None:
        return []
    h1 = next(body.iter("h1"), None)
    header = frozenset(h1.iterancestors()) if h1 is not None else frozenset()
    first_words = _prefix_first_words()
    for el in body.iter(*_BYLINE_TEXT_TAGS):
        if len(el) > 4:
            continue
        start = _ascii_label(next((t for t in el.itertext() if t.strip()), "").lstrip())
        start = (start if start[:1].isalpha() else _LEAD.sub("", start)).lower()
        if start.split(None, 1)[:1] and start.split(None, 1)[0].rstrip(":") not in first_words:
            continue  # the cheap test first: most elements open with no byline prefix
        text = _LEAD.sub("", _ascii_label(text_of(el)))
        if not 4 < len(text) <= 100:
            continue
        low = text.lower()
        prefix = next((p for p in prefixes if low.startswith(p.rstrip(":") + " ") or low.startswith(p.rstrip(":") + ":")),
                      None)
        rest = text[len(prefix.rstrip(":")):].lstrip(" :") if prefix else ""
        if not (rest[:1].isupper() or caseless(rest[:1])) and not (" " in prefix.strip() if prefix else False):
            continue
        if any(a.tag in ("nav", "footer", "aside", "a", "figcaption", "blockquote") for a in el.iterancestors()):
            continue
        if _excluded(el, header) or _offsite_only(el):
            continue
        authors = parse_byline_line(text)
        people = [a for a in authors if len(a.name.split()) >= 2 or _caseless_name(a.name)]
        # one word is a name only after a prefix that can introduce nothing else ("Posted by Konstantin");
        # beside a full name it is the agency credited with it ("Von David Hutzler, dpa")
        if authors and " " in prefix.strip():
            return authors
        if people:
            return people
    return []


# Korean bylines put the role after the name ("홍길동 기자", at the end often with the address: "홍길동 기자 hong@…")
_SUFFIX_ROLE = re.compile(rf"([가-힣]{{2,4}})\s?((?:선임|객원|수습)?기자|특파원|논설위원|편집위원)(?:\s*{EMAIL.pattern})?")
_SUFFIX_TEXT = etree.XPath('//body//text()[contains(., "기자") or contains(., "특파원") or contains(., "위원")]')


def _from_reporter_suffix(tree, _jsonld) -> list[Author]:
    """A line that is a name and the role after it, as Korean bylines are written: its role is stored with it."""
    for node in _SUFFIX_TEXT(tree):
        el = node.getparent()
        while el is not None and el.tag not in _BYLINE_TEXT_TAGS:
            el = el.getparent()
        if el is None or len(el) > 4:
            continue
        match = _SUFFIX_ROLE.fullmatch(" ".join(text_of(el).split()))
        if match and not _in_comments_or_chrome(el):
            return [Author(name=match.group(1), role=match.group(2))]
    return []


# what may open a byline line before its prefix: a separator, a date and time ("05.02.2020 - Redaktion: …")
_LEAD = re.compile(r"^[\s\-–—|·•,]*(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}[\s,]*(?:\d{1,2}:\d{2}(?:\s*uhr)?)?[\s\-–—|·•,]*)?",
                   re.I)


@lru_cache(maxsize=1)
def _prefixes_longest_first() -> tuple[str, ...]:
    """The byline prefixes, longest first (a longer one wins over the shorter one it starts with)."""
    return tuple(sorted(_vocab()["byline_prefixes"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _prefixes_by_initial() -> dict[str, tuple[str, ...]]:
    """_prefixes_longest_first by their first character: a line can only begin with those of its own."""
    found: dict[str, list[str]] = {}
    for prefix in _prefixes_longest_first():
        found.setdefault(prefix[:1], []).append(prefix)
    return {initial: tuple(prefixes) for initial, prefixes in found.items()}


@lru_cache(maxsize=1)
def _prefix_first_words() -> frozenset:
    return frozenset(p.split()[0].rstrip(":") for p in _vocab()["byline_prefixes"])


_BYLINE_TEXT_TAGS = ("p", "div", "span", "address", "li", "small", "h3", "h4", "h5", "h6", "em", "strong", "b",
                     "time", "font", "byline", "a")


# a magazine's credits list, each credit a label and its value in elements a class names so ("credits-credit-label"
# "Interview", then "credits-credit-text" "SVEN MICHAELSEN"): the labels that credit the words
_WORDS_CREDITS = {"text", "texte", "texto", "testo", "interview", "words", "author", "authors", "autor", "autorin",
                  "autoren", "auteur", "autore", "autora", "written by", "story", "reportage"}
_CREDIT_LABELS = etree.XPath('//*[contains(@class, "label") or contains(@class, "Label")][not(*)]')


def _from_credits(tree, _jsonld) -> list[Author]:
    """A credits list whose label for the words ("Text", "Interview", "Autor") is an element of its own, a class
    calling it a label, and the next element the names."""
    for label in _CREDIT_LABELS(tree):
        if text_of(label).lower().rstrip(":：").strip() not in _WORDS_CREDITS:
            continue
        value = label.getnext()
        if value is None or _in_comments_or_chrome(label) or not 4 < len(text_of(value)) <= 80:
            continue
        authors = parse_byline_line(text_of(value))
        if authors and all(_personlike(a.name) for a in authors):
            return authors
    return []


# Elementor's Post Info widget: one <li> per item, its type in the item's class; an editor who writes the byline
# as a custom item (a guest author, a name the WordPress account is not) gets "…__item--type-custom", no author class
_POST_INFO_CUSTOM = ('//ul[contains(@class, "elementor-post-info")]//*[contains(concat(" ", normalize-space(@class), " "), '
                     '" elementor-post-info__item--type-custom ")]')


def _from_post_info(tree, _jsonld) -> list[Author]:
    """A custom item of the post's meta list (beside its date and category) that reads as people's names."""
    for el in tree.xpath(_POST_INFO_CUSTOM):
        text = text_of(el)
        if not text or len(text) > 100 or _in_comments_or_chrome(el):
            continue
        authors = parse_byline_line(text)
        if authors and all(_personlike(a.name) for a in authors):
            return authors
    return []


# the box about the post's author a theme puts after the story (a picture, the name linking to the author's
# archive, a short bio): "author-info", "author-box", "authorbox", "about-author", "author-bio"
_AUTHOR_BOX = re.compile(r"(?<![a-z])(?:author-?(?:info|box|bio)|box-author|about-(?:the-)?author)(?![a-z])", re.I)
_BOX_LABEL = re.compile(r"(?:(?:über|about|à propos|sobre|sull'|over)\s+(?:den|die|the|de|l'|el|la|het|de)?\s*)?"
                        r"(?:autor(?:in)?|author|auteur|autore|autora|writer|verfasser(?:in)?)[:：]?", re.I)
_AUTHOR_BOX_XPATH = '//*[contains(@class, "author") or contains(@class, "Author")]'


def _from_author_box(tree, _jsonld) -> list[Author]:
    """No byline by the headline: the names the author box after the story links to their archive pages on
    this site (a box naming the blog's owner in a sidebar links to an about page, not to an author archive)."""
    names: list[Author] = []
    for box in tree.xpath(_AUTHOR_BOX_XPATH):
        if not _AUTHOR_BOX.search(box.get("class") or "") or _in_comments_or_chrome(box) \
                or any(_AUTHOR_BOX.search(a.get("class") or "") for a in box.iterancestors()):
            continue
        if not any(_BOX_LABEL.fullmatch(text_of(h)) for h in box.iter("h2", "h3", "h4", "h5", "h6", "strong", "span", "div")
                   if len(h) <= 1):
            continue  # the box says it is about the post's author ("Autor", "Über den Autor", "About the author")
        for link in _links_in(box):
            author = parse_byline(text_of(link))
            if author and _personlike(author.name):
                names.append(author)
    return _dedupe(names)


_PROSE = 500  # characters of the story's text in the paragraphs before the signature
_SIGNATURE_MARK = re.compile(r"[—–-]\s*(.+)|\((.+)\)")
_RIGHT = re.compile(r"text-align\s*:\s*right", re.I)


def _from_signature(tree, jsonld) -> list[Author]:
    """A signed story: no byline, and the writer's name as a paragraph of its own after the story's text,
    the paragraph's whole text one person's name (in <strong> or <em> as often), the last one of the text or
    set right as a signature is ("<p align=right><em>Denis Clerc</em></p>" before the footnotes)."""
    own = {normalise_name(_site_name(tree, jsonld) or ""), normalise_name(host_label(page_host(tree)) or "")} - {""}
    rows: dict = {}  # parent -> _sibling_rows(parent), read once however many candidates it holds
    for p in tree.iter("p"):
        text = text_of(p)
        if not 4 < len(text) <= 40 or len(p) > 2 or next(p.iter("a"), None) is not None:
            continue
        mark = _SIGNATURE_MARK.fullmatch(text)  # "— Denis Clerc", "(Denis Clerc)": set apart by its marks
        text = (mark.group(1) or mark.group(2)) if mark else text
        if not _NAME_CHARS.match(text):
            continue
        right = (p.get("align") or "").lower() == "right" or bool(_RIGHT.search(p.get("style") or ""))
        if not (right or mark or _emphasised(p, text)):
            continue  # the cheap test first: a page of thousands of short paragraphs has few set apart
        parent = p.getparent()
        if parent is None or _in_comments_or_chrome(p):
            continue
        if parent not in rows:
            rows[parent] = _sibling_rows(parent)
        index, before, last_text = rows[parent]
        at = index[p]
        if not right and at < last_text:
            continue  # an emphasised name is a signature only as the text's last paragraph
        if before[at] < _PROSE:
            continue
        author = parse_byline(text)
        if author and not author.role and _personlike(author.name) and normalise_name(author.name) not in own \
                and author.name == text:
            return [author]
    return []


def _sibling_rows(parent) -> tuple[dict, list[int], int]:
    """parent's element children: each one's position, the characters of the <p>s before each position,
    and the position of the last child with text (-1: none)."""
    index, before, total, last_text = {}, [], 0, -1
    for at, child in enumerate(c for c in parent if isinstance(c.tag, str)):
        index[child] = at
        before.append(total)
        chars = len(text_of(child))
        if chars:
            last_text = at
        if child.tag == "p":
            total += chars
    return index, before, last_text


def _emphasised(p, text: str) -> bool:
    """The paragraph's whole text is one <strong>, <b> or <em>: set apart as a signature is."""
    return len(p) == 1 and p[0].tag in ("strong", "b", "em") and not (p.text or "").strip() \
        and not (p[0].tail or "").strip() and text_of(p[0]) == text


def _from_hidden_byline(tree, jsonld) -> list[Author]:
    return _from_byline(tree, jsonld, hidden=True)


def _from_dated_byline(tree, jsonld) -> list[Author]:
    return _dated_byline(tree, _site_name(tree, jsonld))


# WordPress marks each comment its post's author writes with the class "bypostauthor"
_BY_POST_AUTHOR = ('//*[contains(@class, "bypostauthor") and '
                   'contains(concat(" ", normalize-space(@class), " "), " bypostauthor ")]'
                   '//*[contains(concat(" ", normalize-space(@class), " "), " fn ")]')


def _from_author_reply(tree, _jsonld) -> list[Author]:
    """The name on the post author's own replies in the comments, on a page that names its author
    nowhere else (a blog whose post shows no byline)."""
    for el in tree.xpath(_BY_POST_AUTHOR):
        text = text_of(el)
        author = parse_byline(text)
        found = [author] if author else _login(text)
        if found:
            return found
    return []


def _login(text: str) -> list[Author]:
    """A login name ("c1ph4", "anna_k"), which the name grammar refuses, as the one author: one token that
    is no word (a digit, dot, dash or underscore in it, or all lower case) and no admin account."""
    if _LOGIN.fullmatch(text) and (text.islower() or not text.isalpha()) and not _ACCOUNT.fullmatch(text) \
            and text.lower() not in _vocab()["not_a_person"]:
        return [Author(name=text)]
    return []


def _from_labels(tree, _jsonld) -> list[Author]:
    for value in labelled_values(tree, "author"):
        authors = [a for a in (parse_byline(n) for n in split_names(value)) if a]
        if authors:
            return authors
    return []


def _role_beside(el) -> str | None:
    for sib in list(el.itersiblings())[:3] + list(el.itersiblings(preceding=True))[:1]:
        if _role_class(sib):
            return text_of(sib) or None
    return None


def _role_class(el) -> bool:
    """el's class calls it the author's job title ("author-title", "byline-role", ...)."""
    cls = (el.get("class") or "").lower()
    return any(c in cls for c in _ROLE_SIBLING_CLASSES)


def split_names(text: str) -> list[str]:
    """'A, B & C' -> three names; a piece that is a role or a post-nominal stays with the name before it
    ("Sarah Lee, Health Reporter, and Tom Brown, Science Editor": two people, each with a role)."""
    pieces = [p.strip() for p in _SPLIT.split(_strip_prefix(text)) if p and p.strip()]
    pieces = [_LEADING_JOINER.sub("", part) for piece in pieces for part in _split_conjunction(piece)
              for part in _split_dash(part)]
    names: list[str] = []
    for piece in pieces:
        if names and (_is_role(piece) or _post_nominal(piece) or _lowercase_role(piece, names[-1])):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


# "and Tom Brown" after "Sarah Lee, Health Reporter,": the joiner opens the next name
_LEADING_JOINER = re.compile(r"^(?:and|und|et|y|e|og|och|i|en|ja|и|та|і|ve|és|și|και|dan|và|&)\s+(?=[^\W\d_])", re.I)
_POST_NOMINALS = {"phd", "ph.d.", "md", "m.d.", "mph", "mba", "msc", "m.sc.", "bsc", "ma", "rn", "jd", "do", "dds",
                  "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "esq", "esq.", "frcp", "facp"}


def _post_nominal(piece: str) -> bool:
    """'Alan Grant, PhD', 'John Roe, Jr.': letters after a name belong to it; they are no other person."""
    return bool(piece) and all(w.lower() in _POST_NOMINALS for w in piece.replace(",", " ").split())


def _lowercase_role(piece: str, name: str) -> bool:
    """'Anna Svensson, utrikesreporter', 'Jan Kowalski, dziennikarz': after a capitalised name, a lowercase
    piece is what the person does, in a language whose job titles we do not list; never a name, which the
    byline would capitalise as it does the first ("srf/hosb;kesm", all in lowercase, are initials). A short
    lowercase word is an agency credit ("dpa", "epd", "kna"), which the page lists as a co-author."""
    words = piece.split()
    return piece.islower() and len(words) <= 6 and (len(words) > 1 or len(piece) >= 5) \
        and any(ch.isalpha() for ch in piece) and any(ch.isupper() for ch in name) and words[0] not in _JOINERS


def _split_conjunction(piece: str) -> list[str]:
    """'Jane Doe and John Roe' -> two people; 'Le Figaro et AFP' stays one credit (not two full names)."""
    parts = [p.strip() for p in _CONJUNCTION.split(piece) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) and not any(_phrase(p) for p in parts[:-1]):
        return parts
    return [piece]


_DASH_OR_BAR = re.compile(r"\s+[-–—|]\s+")


def _split_dash(piece: str) -> list[str]:
    """'Matthias Hille - Lukas Balbach': two people's names, where a dash usually puts a role after one."""
    parts = _DASH_OR_BAR.split(piece)
    if len(parts) == 2 and all(_personlike(p) and not _is_role(p) and not _has_role_noun(p) for p in parts) \
            and not any(p.split()[0].lower() in _ARTICLES for p in parts):
        return parts
    return [piece]


_ARTICLES = {"the", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo", "de", "het"}


def _has_role_noun(text: str) -> bool:
    nouns = _vocab()["role_nouns"]
    return any(w in nouns for w in text.lower().split())


def _phrase(text: str) -> bool:
    """'Landesanstalt für Wald': a lowercase word no name has ('für'), so an organisation's name, which its
    'und' does not split into two people (the last part may still end in 'vom Spiegel'). Names written all in
    lowercase are not judged by case."""
    return not text.islower() and any(w.islower() and w not in _PARTICLES and w not in _JOINERS
                                      for w in text.split())


def _is_role(text: str) -> bool:
    """'Senior Reporter', 'Climate Correspondent', 'corresponsal en Caracas': a job title, not a name."""
    words = text.lower().split()
    nouns = set(_vocab()["role_nouns"])
    return 0 < len(words) <= 6 and (words[0] in nouns or words[0] in _vocab()["role_words"] or
                                      (len(words) <= 4 and words[-1] in nouns))


def _strip_prefix(text: str) -> str:
    text = " ".join(text.split())
    low = text.lower()
    for prefix in _prefixes_by_initial().get(low[:1], ()) if low else _prefixes_longest_first():
        if low == prefix.rstrip(":"):
            return text if low in _COLLECTIVE else ""  # "Redaktion" alone credits the newsroom; "By" alone nothing
        if low.startswith(prefix + " ") or (prefix.endswith(":") and low.startswith(prefix)):
            return text[len(prefix):].strip(" :")
        if len(prefix) >= 3 and prefix[-1].isalpha() and low.startswith(prefix) and len(text) > len(prefix) \
                and text[len(prefix) - 1].islower() and text[len(prefix)].isupper():
            return text[len(prefix):]  # "Geschrieben vonElisa Marvena": label and linked name with no space between
    return text


_AUTHOR_LABELS = {"author", "autor", "autora", "autorin", "auteur", "autrice", "autore", "forfatter", "författare",
                  "kirjoittaja", "yazar", "автор", "writer"}


def _job(role: str | None) -> str | None:
    """The role, unless it only says the person is an author ("Carla Chevez | Autor", jobTitle "author")."""
    return None if role and role.strip().lower() in _AUTHOR_LABELS else role


_JOINERS = {"and", "und", "et", "y", "e", "og", "och", "i", "en", "ja", "и", "та", "і", "ve", "a", "és", "și", "si", "και",
            "dan", "và", "و"}  # "Le Figaro et AFP": one credit, joined
_HANDLE_AFTER = re.compile(r"\s+@\w+$")  # "Williams Perdomo @wperdomod": the name, then its social handle
# share buttons' labels run into the name when their markup has no space ("Michael Hingstonfacebooktwitter…")
_SHARE_GLUED = re.compile(r"(?<=[a-zß-ÿ])(?:facebook|twitter|flipboard|whatsapp|pinterest|linkedin|email|reddit|telegram|"
                          r"instagram|xing|tumblr|mastodon|bluesky|threads){2,}$")


_UI_AFTER = re.compile(r"\s+(?:alle (?:artikel|beiträge)|all (?:articles|posts|stories)|(?:weitere|mehr) (?:artikel|beiträge)|"
                       r"more (?:articles|posts|stories)|tous (?:les|ses) articles|todos (?:los|sus) artículos|"
                       r"tutti gli articoli|todos os artigos|alle artikelen)$", re.I)


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))  # not ZWNJ/ZWJ: they spell Persian, Indic names


def parse_byline(text: str) -> Author | None:
    """'James Carter Senior News Editor' -> Author('James Carter', 'Senior News Editor')."""
    # "@handle" after the name, and an author box's link label ("Johanna Kropfitsch Alle Artikel"); soft
    # hyphens and zero-width characters a CMS puts inside long words are no part of a name ("Mat\u00adthi\u00adas")
    text = _TIGHT_DASH.sub(" — ", " ".join(text.translate(_INVISIBLE).split()))
    text = _UI_AFTER.sub("", _HANDLE_AFTER.sub("", _SHARE_GLUED.sub("", _strip_prefix(text)))).strip(" ,;|-–—·")
    if not text or _WEBBY.search(text) or any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text):
        return None
    if _CREDIT.match(text):
        return None  # "Photograph by Ed Marshall", "Foto: dpa": an image credit, not the story's author
    name, role = _split_role(text)
    role = _job(role)
    if not name or name.lower() in _vocab()["not_a_person"] or len(name.split()) > 5 or _ACCOUNT.fullmatch(name):
        return None
    words = name.split()
    if len(words) > 1 and not name.islower() and words[-1] in _DANGLING:
        return None  # "Autorenseite von", "Ein Beitrag von": a phrase cut before its name
    if len(words) > 1 and all(len(w) <= 2 and not w.endswith(".") for w in words):
        return None  # "De Fr It En": a language switcher, not initials ("R. R.")
    if len(words) >= 3 and not name.islower() and not any(w.lower() in _COLLECTIVE for w in words) \
            and any(w.islower() and w not in _PARTICLES and w not in _JOINERS for w in words):
        return None  # "Mob mit Macheten ermordet", a recipe's name: a phrase, not a person
    if (name.isupper() and len(name) > 4) or (name.islower() and " " in name):
        name = name.title()  # "AFP" stays an acronym, "kesm" stays a set of initials
    return Author(name=name, role=role)


def _split_role(text: str) -> tuple[str, str | None]:
    for sep in (" | ", ", ", " – ", " — ", " - "):
        if sep in text:
            name, _, role = text.partition(sep)
            if sep == ", " and _post_nominal(role.split(", ")[0]):
                post, _, role = role.partition(", ")  # "Alan Grant, PhD, Senior Editor": the letters stay
                name = f"{name.strip()}, {post.strip()}"
                return name, role.strip() or None
            return name.strip(), role.strip() or None
    words = text.split()
    if any(w.lower() in _COLLECTIVE for w in words):
        return text, None  # "Guardian staff reporter" credits a newsroom, not a person with a role
    for i in range(2, len(words)):
        if _is_role(" ".join(words[i:])) and _has_role_noun(" ".join(words[i:])):
            return " ".join(words[:i]), " ".join(words[i:])
    return text, None


def _dedupe(authors: list[Author]) -> list[Author]:
    seen, out = set(), []
    for a in authors:
        key = normalise_name(a.name)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def normalise_name(name: str) -> str:
    """The key one person has across articles: case-folded, single spaces."""
    return folded(name)


# ---------------------------------------------------------------- a name beside the date
_DATED_MIN, _DATED_MAX = 8, 70  # characters of the whole line, date included
_DATED_TAGS = ("p", "div", "span", "li", "h4", "h5", "h6", "small", "address", "time", "em", "strong", "b", "a")
_SEPARATORS = " ,;|·•-–—/"
_NAME_CHARS = re.compile(r"^[^\W\d_][\w.'’ -]*$")  # letters, dots, apostrophes, hyphens: no label colon, no "+"
# words a date's label is made of ("Last updated", "Posted on", "Heute"), not a name
_LABEL_WORDS = re.compile(r"(?:^|\s)(?:last|letzte[rs]?|posted|published|date|datum|am|on|le|el|il|al|a|uhr|heute|"
                          r"today|gestern|yesterday|created|erstellt|written|geschrieben)(?:\s|$)", re.I)
# what kind of piece it is ("Aktuelle Meldung", "Exclusive Interview"): a label, never part of a name
_KIND_WORDS = re.compile(r"(?:^|\s)(?:meldung|pressemitteilung|pressemeldung|nachrichte?n?|news|artikel|article|interview|"
                         r"kommentar|kolumne|review|bericht|report|podcast|video|analyse|analysis|opinion|meinung|"
                         r"gastbeitrag|beitrag|ticker|feature|reportage|essay|rezension|entrevista|noticia|"
                         r"actualité|entretien|tribune|intervista|notizia)(?:\s|$)", re.I)
_WEEKDAY_WORD = re.compile(rf"(?:^|\s){WEEKDAY}(?:\s|$)", re.I)
# a link to an archive rather than to a person: a category, a tag, a month, a comment
_ARCHIVE = re.compile(r"/(?:category|categories|kategorie|kategorien|tags?|topics?|rubrik|ressort|section|themen)/|"
                      r"/(?:19|20)\d\d/\d\d/?$|#comment", re.I)


def _dated_byline(tree, site_name: str | None) -> list[Author]:
    """A byline with no prefix and no author markup: a name beside the story's date near its headline
    ("Janic Cathomen, 01.12.2021", "22.11.2022 Christian Mihatsch", "Redaktion 1. November 2023 10:29").

    The date is the evidence that the line is the story's meta line and not a kicker or a caption; the name
    must be one text run of that line (a category link beside the author's link is two), read as a person's
    name or a collective byline, and neither a date label nor the site's own name. Used only when nothing
    names an author otherwise: class names tell nothing on minified or CSS-in-JS markup.
    """
    body = tree.find("body")
    h1 = next(body.iter("h1"), None) if body is not None else None
    if h1 is None:
        return []
    block = _headline_block(h1)
    scope = block if block is not None else h1
    header = frozenset(h1.iterancestors())
    own = {normalise_name(site_name or ""), normalise_name(host_label(page_host(tree)) or "")} - {""}
    begun = story_begun(h1)
    for el in scope.iter(*_DATED_TAGS):
        if el is begun:
            break  # the story has begun: its end matter and comments come after it
        if el.tag == "h1" or len(el) > 6 or any(a is h1 for a in el.iterancestors()):
            continue
        name = _name_beside_date(el)
        if not name or normalise_name(name) in own or _excluded(_out_of_heading(el), header) \
                or _in_teaser_link(el, text_of(el)):
            continue
        holder = _holder(el, name)
        if holder is None:
            continue  # the name's words come from several elements: a section label beside a name, a tag list
        link = holder if holder.tag == "a" else next(holder.iterancestors("a"), None)
        if link is not None and _ARCHIVE.search(link.get("href") or ""):
            continue
        author = parse_byline(name)
        return [author] if author else []
    return []


def _out_of_heading(el):
    """A span of date and byline inside a section heading ("<h2>Stars <span>06.11.2023 von Olga</span></h2>"):
    judged where the heading stands, as a heading itself is no byline."""
    parent = el.getparent()
    if el.tag in ("span", "small", "time", "em") and parent is not None and parent.tag in ("h2", "h3") \
            and parent.getparent() is not None:
        return parent.getparent()
    return el


_UPDATE = re.compile(rf"\(?(?:{MODIFIED_WORDS.pattern}|güncelle)\w*\b", re.I)
_UPDATE_LEAD = " |·•,–—-"  # separators before the update's label, left out with it
_UPDATE_SLACK = 60  # characters an update's label and date may add to a dated line


def _before_update(text: str) -> str:
    """'Sehernur Karsu | 05.04.2025 - Güncelleme : 05.04.2025': the line before its update's label and date,
    which are no part of the byline (the name beside the publication date)."""
    text = " ".join(text.split())
    first = VISIBLE.search(text)
    if first is None:
        return text
    cut = _UPDATE.search(text, first.end())
    return text[: cut.start()].rstrip(_UPDATE_LEAD) if cut and VISIBLE.search(text, cut.start()) else text


def _name_beside_date(el) -> str | None:
    """The name in a short line that is one date and one name, in either order; their elements side by side
    with no space between ("<span>Jane Doe</span><span>3 May 2024</span>", as minified markup writes them)
    read as two runs."""
    text = text_of(el)
    name = _name_in_dated_line(text)
    if name is None and 2 <= len(el) <= 6:
        runs = " ".join(" ".join(t.split()) for t in el.itertext() if t.strip())
        name = _name_in_dated_line(runs) if runs != text else None
    return name


def _name_in_dated_line(text: str) -> str | None:
    if len(text) > _DATED_MAX + _UPDATE_SLACK:
        return None  # not a short line, with or without an update's label: no regex over a page of text
    text = _before_update(text)
    if not _DATED_MIN <= len(text) <= _DATED_MAX:
        return None
    dates = list(islice(VISIBLE.finditer(text), 2))
    if len(dates) != 1 or not is_month(dates[0]):
        return None
    before, after = text[: dates[0].start()].strip(_SEPARATORS), text[dates[0].end():].strip(_SEPARATORS)
    if before and after:
        return None
    name = _strip_prefix(before or after) if before or after else ""
    if not name or not _NAME_CHARS.match(name):
        return None
    if name.lower() in _ad_labels() or any(p.search(name) for p in (_KIND_WORDS, _LABEL_WORDS, _WEEKDAY_WORD,
                                                                   MODIFIED_WORDS, PUBLISHED_LABEL)):
        return None
    return name if _personlike(name) or name.lower() in _COLLECTIVE or _by_after_date(after, name) else None


def _by_after_date(after: str, name: str) -> bool:
    """'06.11.2023 13:30 von Olga': the date, then a byline prefix, then one capitalised word: the line's grammar
    says who wrote it, where one word alone might be a place or a section."""
    return bool(after) and name != after and " " not in name and name[:1].isupper() and not name.isupper() \
        and name.lower() not in _vocab()["not_a_person"]


@lru_cache(maxsize=1)
def _ad_labels() -> frozenset:
    """"Paid Content", "Sponsored", "Anzeige": what a sponsored piece shows where a byline would be."""
    return frozenset(all_languages(phrases("ads")["labels"]))


def _holder(el, name: str):
    """The element one of whose text runs (its text, or a child's tail) holds the whole name."""
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        if name in " ".join((node.text or "").split()):
            return node
        if node is not el and name in " ".join((node.tail or "").split()):
            return node.getparent()
    return None
