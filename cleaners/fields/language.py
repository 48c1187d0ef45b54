"""Language: what the page declares, else what its text is (py3langid, whose model ships in the wheel)."""

from __future__ import annotations

from functools import lru_cache

from .jsonld import article_objects, first_value
from .meta import as_text, meta_value

_MIN_TEXT = 80  # characters: shorter text gives unreliable guesses


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
    return _identifier().classify(text[:5000])[0]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loaded once per process: ~0.5 s

    return LanguageIdentifier.from_model_file(MODEL_FILE)
