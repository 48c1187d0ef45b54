"""Error messages a server printed into the page: PHP's "<b>Warning</b>: … in <b>file.php</b> on line
<b>N</b>" lines, which trafilatura can take for the story on a page whose story is short."""

from __future__ import annotations

import re
from itertools import islice

from .context import Removal

NAME = "server_errors"
_LABELS = re.compile(r"(?:Warning|Notice|Deprecated|Strict Standards|(?:Catchable )?Fatal error|Parse error)", re.I)
_MESSAGE_END = re.compile(r"\bon line\s*$")


def clean(ctx) -> int:
    """Remove each message: its label, the text after it, the file and the line number (all loose text and
    <b> elements, so the cleaner edits them itself); returns how many messages it removed."""
    removed = 0
    for label in list(ctx.tree.iter("b")):
        if label.getparent() is None or not _LABELS.fullmatch((label.text or "").strip()) \
                or not (label.tail or "").lstrip().startswith(":"):
            continue
        parts = [label, *islice(label.itersiblings(), 2)]  # the label, <b>file</b> on line <b>N</b>
        if len(parts) != 3 or any(el.tag != "b" for el in parts) or not _MESSAGE_END.search(parts[1].tail or "") \
                or not (parts[2].text or "").strip().isdigit():
            continue
        text = "".join(f"{el.text or ''}{el.tail or ''}" for el in parts)
        for el in parts:
            el.tail = None
            el.getparent().remove(el)
        ctx.removals.append(Removal(NAME, "b", start=" ".join(text.split())[:80]))
        removed += 1
    return removed
