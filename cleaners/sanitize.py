"""Last line of defence: no markup reaches stored text, whatever the page did to the parser.

A broken page can leave tags as text (an unclosed comment or attribute swallowing what follows,
thousands of nested tags flattened to text). Stored text must never carry a live <script>, an
event handler or stray element tags, so they are removed from the final strings.
"""

from __future__ import annotations

import html
import re

# Tag-shaped text for HTML element names, and on*= handler attributes left inside such text.
_TAG = re.compile(
    r"</?(?:script|style|iframe|object|embed|svg|math|form|input|button|textarea|select|link|meta|base|img|video|"
    r"audio|source|div|span|p|a|br|hr|table|tr|td|th|ul|ol|li|section|article|aside|nav|header|footer|main|"
    r"h[1-6]|html|head|body|noscript|template|frame|frameset)\b[^<>]{0,500}>?",
    re.I,
)
_HANDLER = re.compile(r"\son\w+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
# In text that held swallowed tags (a <title> left open takes the rest of the document as text), any
# tag-shaped run is one of them, even with a name no element has ("<divdiv>"), and so is one cut by the
# end of a truncated file inside its name ("… | Evening <div><div><divv").
_ANY_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]{0,500})?>|</?[A-Za-z][\w-]*$")
_SPACES = re.compile(r"[ \t]{2,}")


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


def unescape_twice(text: str) -> str:
    """text with the entities a CMS escaped twice ("&#8216;", "detenci&oacute;n") decoded."""
    return html.unescape(text) if _ENTITY.search(text) else text


def plain_attribute_text(text: str | None) -> str | None:
    """Text a page gave in an attribute or a meta (a description, a tag, an image's alt): any tag-shaped run
    in it is markup a CMS escaped into it ("… <i>Boris T. Kaiser blickt zurück", "Manager<br /> © Nordex"),
    and an entity left in it was escaped twice ("detenci&oacute;n"). A lone "<" ("x < y") stays."""
    if not text or ("<" not in text and "&" not in text):
        return text
    text = _ANY_TAG.sub(" ", unescape_twice(text))
    return " ".join(text.split()) or None


def strip_markup(text: str | None) -> str | None:
    """text without tag-shaped runs or event-handler attributes."""
    if not text or ("<" not in text and "on" not in text.lower()):
        return text
    untagged = _TAG.sub(" ", text)
    if untagged != text:  # tags were swallowed as text: the tag-shaped rest is tags too
        untagged = _ANY_TAG.sub(" ", untagged.rstrip())
    cleaned = _HANDLER.sub(" ", untagged)
    return _SPACES.sub(" ", cleaned).strip() if cleaned != text else text


_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")  # a Markdown table's header rule: part of its table
_SEPARATORS_ONLY = re.compile(r"^[\s|,;·•\-–—_„“”\"'«»]*$")  # not ")" or "=": ":)" and "=)" are a writer's words


def has_content(paragraph: str) -> bool:
    """False for a line of separators alone ("|  |  |", "•", ",", "—"): the leftovers of layout tables and
    inline lists trafilatura split into lines. A table's header rule stays with its table."""
    return not _SEPARATORS_ONLY.match(paragraph) or bool(_TABLE_RULE.match(paragraph.strip()))
