"""Control characters out of stored text, and out of what the CLI prints.

A page can carry terminal escapes in its title, author or JSON-LD (`&#27;]0;title&#7;`, `\\u001b[2J`):
clear-screen, OSC 8 hyperlinks that disguise their target, window-title changes, BEL. Nothing a reader
wants: every text field is stored without C0 controls (tab and newline kept), DEL and C1 controls.
What the CLI prints is escaped anyway (rows stored before, or written by another program).
"""

from __future__ import annotations

import dataclasses
import re

# all but \t and \n; and lone surrogates (a JSON-LD "\ud800"), which UTF-8 cannot hold: SQLite refused the row
_STORED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_PRINTED = re.compile("[\x00-\x1f\x7f-\x9f]")


def strip_controls(text):
    """`text` without control characters other than tab and newline; anything not a str as it is."""
    return _STORED.sub("", text) if isinstance(text, str) and _STORED.search(text) else text


def clean_fields(obj):
    """Strip control characters from every str field of a dataclass (and the lists and dataclasses in it),
    in place; returns obj."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            setattr(obj, f.name, strip_controls(value))
        elif isinstance(value, list):
            setattr(obj, f.name, [clean_fields(v) if dataclasses.is_dataclass(v) else strip_controls(v) for v in value])
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            clean_fields(value)
    return obj


def for_terminal(text, keep: str = "") -> str:
    """`text` safe to print: control characters (but those in `keep`) shown as \\xNN, never sent as they are."""
    if text is None:
        return ""
    text = str(text)
    return _PRINTED.sub(lambda m: m.group() if m.group() in keep else f"\\x{ord(m.group()):02x}", text)
