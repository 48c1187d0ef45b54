"""Language: what the page declares, else what its text is (CLD2, through pycld2: its tables are
compiled in, a fraction of the memory and time of py3langid's model)."""

from __future__ import annotations

import pycld2

from .jsonld import article_objects, first_value
from .meta import as_text, meta_value

_MIN_TEXT = 80  # characters: shorter text gives unreliable guesses
_LEGACY = {"iw": "he", "in": "id", "jw": "jv", "ji": "yi"}  # codes CLD2 still uses for these languages


def declared_language(tree, jsonld: list[dict]) -> str | None:
    lang = tree.get("lang") or tree.get("xml:lang") or meta_value(tree, "content-language", "og:locale", "language")
    lang = lang or as_text(first_value(article_objects(jsonld), "inLanguage"))
    if not lang:
        return None
    primary = lang.replace("_", "-").split("-")[0].strip().lower()
    return primary if 2 <= len(primary) <= 3 and primary.isalpha() else None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for too little text."""
    if len(text) < _MIN_TEXT:
        return None
    try:
        _, _, guesses = pycld2.detect(text[:5000])
    except (pycld2.error, UnicodeError):  # text CLD2 cannot read (lone surrogates, invalid UTF-8)
        return None
    code = guesses[0][1].split("-")[0].lower()  # "zh-Hant" -> "zh"
    return None if code in ("un", "xxx", "") else _LEGACY.get(code, code)
