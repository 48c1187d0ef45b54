"""Values from 'label: value' metadata lists (<li><strong>Autor</strong> Roman Goncharenko</li>)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from ..parse import text_of

_LABEL_XPATH = "//strong|//b|//dt|//th|//span[not(*)]|//label"


@lru_cache(maxsize=1)
def _labels() -> dict:
    return json.loads(resources.files("cleaners.phrases").joinpath("labels.json").read_text("utf-8"))


def labelled_values(tree, kind: str, max_len: int = 80) -> list[str]:
    """Texts labelled as `kind` ("author", "published"), in page order."""
    wanted = set(_labels()[kind])
    values = []
    for label in tree.xpath(_LABEL_XPATH):
        name = text_of(label).lower().rstrip(":：").strip()
        if name not in wanted:
            continue
        value = _value_after(label)
        if value and len(value) <= max_len:
            values.append(value)
    return values or _leading_labels(tree, wanted, max_len)


_VALUE_TAGS = frozenset(("span", "a", "strong", "b", "em", "time"))


def _leading_labels(tree, wanted: set, max_len: int) -> list[str]:
    """'Text: <span>Ursula Eggers</span>': the label is the text a block opens with, its first child the
    value. The colon is required: without it the words may just start a sentence."""
    values = []
    for el in tree.iter():
        lead = el.text
        if not lead or ":" not in lead or len(lead) > 40 or not len(el) or el[0].tag not in _VALUE_TAGS:
            continue
        head, _, rest = lead.strip().rpartition(":")
        if rest.strip() or head.strip().lower() not in wanted:
            continue
        value = el[0].get("datetime") or text_of(el[0])
        if value and len(value) <= max_len:
            values.append(value)
    return values


def _value_after(label) -> str | None:
    tail = " ".join((label.tail or "").split()).lstrip(":： ")
    if tail:
        return tail
    nxt = label.getnext()
    if nxt is not None and nxt.tag in ("dd", "td", "span", "a", "time"):
        return nxt.get("datetime") or text_of(nxt) or None
    return None
