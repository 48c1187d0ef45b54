"""body_markdown: the body's own paragraphs, with the structure trafilatura's XML knew about them.

The plain body comes from trafilatura's text rendering of its extracted XML, then goes through our text
cleaners, the lead, the FAQ and live-blog steps. The Markdown is not a second extraction: the same XML is
rendered once more with formatting (headings, list markers, escapes), each rendered line is looked up by
its letters and digits, and the final plain paragraphs are written in that form. So body_markdown has
exactly the body's paragraphs in the body's order, whatever the cleaners did; a paragraph the XML did not
give (a restored lead, a recovered paragraph) is written as escaped plain text.
Quotes and table boundaries, which trafilatura's Markdown leaves out, are read from the XML too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .compat import render_markdown
from .parse import word_key

_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|(?:[-+*]|\d{1,9}[.)])\s+)")
_LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s")
_HEADING = re.compile(r"^#{1,6}\s")
_TABLE_ROW = re.compile(r"^\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_BLOCK_START = re.compile(r"^(\s{0,3})(#{1,6}(?=\s|$)|>|[-+*](?=\s|$))")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" in the text would render as "&"
_ORDERED_START = re.compile(r"^(\s{0,3}\d{1,9})([.)])(?=\s|$)")


def _key(line: str) -> str:
    """A line's letters and digits, list/heading marker dropped: equal for its plain and Markdown forms."""
    return word_key(_MARKER.sub("", line, count=1))


@dataclass
class Structure:
    """What the extracted XML says about its lines, by key: their Markdown form, quotes, table rows."""

    lines: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, int] = field(default_factory=dict)  # line key -> its block in the rendering (a list's items share one)
    quoted: set[str] = field(default_factory=set)
    tables: dict[str, tuple[int, bool]] = field(default_factory=dict)  # row key -> (table number, has a head row)


def structure_of(body) -> Structure:
    """Read trafilatura's extracted XML body (None: no structure, every paragraph plain)."""
    found = Structure()
    if body is None:
        return found
    block = 0
    for line in render_markdown(body).split("\n"):
        stripped = line.rstrip()
        if not stripped:
            block += 1  # trafilatura puts a blank line between blocks, none inside a list
            continue
        if not _LIST_ITEM.match(stripped):
            stripped = stripped.lstrip()  # source indentation would make an indented code block
        key = _key(stripped)
        if key and key not in found.lines:
            found.lines[key] = stripped
            found.blocks[key] = block
    for quote in body.iter("quote"):
        blocks = [el for el in quote if el.tag in ("p", "list", "head")] or [quote]
        for el in blocks:
            for text in "".join(el.itertext()).split("\n"):
                key = _key(text)
                if key:
                    found.quoted.add(key)
    for number, table in enumerate(body.iter("table")):
        rows = list(table.iter("row"))
        head = any(cell.get("role") == "head" for row in rows for cell in row.iter("cell"))
        for row in rows:
            key = _key("".join(row.itertext()))
            if key:
                found.tables.setdefault(key, (number, head))
    return found


def to_markdown(paragraphs: list[str], structure: Structure) -> str:
    """The final plain paragraphs as Markdown: a blank line between blocks, list items and table rows
    of one list or table on consecutive lines."""
    out: list[str] = []
    kind, block = None, None  # the kind and block of the previous paragraph
    for paragraph in paragraphs:
        key = _key(paragraph)
        if _SEPARATOR.match(paragraph.strip()):
            if kind == "table":
                out.append("\n" + paragraph.strip())
            continue  # a header separator belongs to the row before it; alone it means nothing
        line = structure.lines.get(key) if key else None
        if key in structure.tables and _TABLE_ROW.match(paragraph.strip()):
            number, head = structure.tables[key]
            row = (line if line and _TABLE_ROW.match(line) else paragraph).strip()
            if kind == "table" and block == ("table", number):
                out.append("\n" + row)
            else:
                out.append(row)
                if not head:  # GFM needs a header row: the first row is promoted
                    out.append("\n|" + "---|" * _cells(row))
            kind, block = "table", ("table", number)
            continue
        if line is None:
            line = _escaped(paragraph)
        elif _LIST_ITEM.match(line) and not paragraph.startswith("- "):
            line = _escaped_start(line.lstrip())  # trafilatura's plain text marks every list item with "- "
        if key in structure.quoted and not _HEADING.match(line):
            line = "> " + line.lstrip()
            this = "quote"
        else:
            this = "list" if _LIST_ITEM.match(line) else "block"
        here = structure.blocks.get(key)
        if this == "list" and kind == "list" and here is not None and here == block:
            out.append("\n" + line)
        else:
            out.append(line)
        kind, block = this, here
    return _joined(out)


def _joined(parts: list[str]) -> str:
    """Blocks apart by a blank line; a part starting with a newline continues the block before it."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif part.startswith("\n"):
            text += part
        else:
            text += "\n\n" + part
    return text


def _cells(row: str) -> int:
    return max(1, len(re.findall(r"(?<!\\)\|", row)) - 1)


def _escaped(text: str) -> str:
    """Plain text that renders as itself: inline syntax characters and a leading block marker escaped."""
    return _escaped_start(_ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text)))


def _escaped_start(text: str) -> str:
    """A leading heading, quote or list marker escaped ("1. " that is no list item: "1\\. ")."""
    text = _ORDERED_START.sub(r"\1\\\2", text, count=1)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
