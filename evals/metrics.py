"""Scoring functions for newsmill's evals. Pure functions: no I/O, no extraction.

Body metric: 4-gram shingle overlap. Both texts are tokenised with ``\\w+`` (Unicode, case
kept), turned into a multiset of token 4-grams, and compared by multiset intersection:

    precision = shared / |predicted shingles|    (None when the prediction is empty)
    recall    = shared / |expected shingles|     (None when the expected body is empty)

Corpus figures average precision over pages with a non-empty prediction and recall over
pages with a non-empty expected body; F1 is the harmonic mean of those two means.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

_TOKEN = re.compile(r"\w+")
_WS = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")  # zero-width space, word joiner, BOM


# --------------------------------------------------------------------------- body


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter:
    """Multiset of token n-grams. Fewer than n tokens: one shingle of all of them."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def body_scores(predicted: str | None, truth: str | None, n: int = 4) -> tuple[float | None, float | None]:
    """(precision, recall) of one page's body; None for the side that is empty."""
    pred = shingles(predicted, n)
    gold = shingles(truth, n)
    shared = sum((pred & gold).values())
    npred = sum(pred.values())
    ngold = sum(gold.values())
    precision = shared / npred if npred else None
    recall = shared / ngold if ngold else None
    return precision, recall


def page_f1(precision: float | None, recall: float | None) -> float | None:
    """Per-page F1. Empty prediction (precision None) scores 0; empty truth gives None."""
    if recall is None:
        return None
    if precision is None:
        return 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def harmonic(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    if p + r == 0:
        return 0.0
    return 2 * p * r / (p + r)


@dataclass
class CorpusScore:
    precision: float | None
    recall: float | None
    f1: float | None
    pages: int


def corpus_f1(pairs: Iterable[tuple[float | None, float | None]]) -> CorpusScore:
    """Corpus score from per-page (precision, recall) pairs as returned by body_scores."""
    pairs = list(pairs)
    precision = _mean([p for p, _ in pairs if p is not None])
    recall = _mean([r for _, r in pairs if r is not None])
    return CorpusScore(precision, recall, harmonic(precision, recall), len(pairs))


def norm_ws(s: str | None) -> str:
    """Drop zero-width spaces, collapse every run of whitespace (NBSP too) to one space, strip."""
    return _WS.sub(" ", _ZERO_WIDTH.sub("", s or "")).strip()


def boilerplate_left(body: str | None, strings: Iterable[str]) -> list[str]:
    """The known boilerplate strings still present in body (whitespace-normalised)."""
    text = norm_ws(body)
    return [s for s in strings if norm_ws(s) and norm_ws(s) in text]


# --------------------------------------------------------------------------- fields


_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"} |
                        {c: "'" for c in "\u2018\u2019\u201a\u201b\u2039\u203a\u2032`\u00b4"} |
                        {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"} | {"\u00ad": None})


def title_match(pred: str | None, truth: str | None, strict: bool = False) -> bool:
    """Equal after whitespace normalisation; unless strict, also with quotes, dashes, soft hyphens and case
    folded, as the fields issue asks ("normalise quotes and dashes only for comparison"): annotators copy
    what the browser renders, CSS text-transform included, while the page's text is what we store."""
    if pred is None:
        return False
    if strict:
        return norm_ws(pred) == norm_ws(truth)
    return title_key(pred) == title_key(truth)


def title_key(text: str | None) -> str:
    # NFC: canonically equivalent spellings (a precomposed letter or its base plus nukta) are one title
    return unicodedata.normalize("NFC", norm_ws((text or "").translate(_QUOTES))).casefold()


def _name_key(name: str | None) -> str:
    return unicodedata.normalize("NFC", norm_ws(name)).casefold()


_JOINED = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\by\b|\bet\b|\be\b|\bog\b|\boch\b|\bi\b|\ben\b)\s+", re.I)


def _people(name: str) -> list[str]:
    """One credit naming several people ("Jane Doe und John Roe", "A B, C D & E F") as one name each:
    we store one row per person, and some annotations join them in one string. Split only when every
    part has two words or more, so "Herz und Blut" and "Jane Doe, PhD" stay whole."""
    parts = [p.strip() for p in _JOINED.split(name) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [name]


def _name_set(names: Iterable[str]) -> set[str]:
    return {_name_key(p) for n in names if norm_ws(n) for p in _people(norm_ws(n))}


def author_counts(pred_names: Iterable[str], truth_names: Iterable[str]) -> tuple[int, int, int]:
    """(shared, predicted, expected) distinct author names, for pooled (micro) corpus scores."""
    pred, gold = _name_set(pred_names), _name_set(truth_names)
    return len(pred & gold), len(pred), len(gold)


def author_set_scores(pred_names: Iterable[str], truth_names: Iterable[str]) -> tuple[float, float, float, bool]:
    """(precision, recall, f1, exact_set) over author names, case-insensitive after ws-normalising.

    An empty side scores 1.0 when the other side is empty as well, else 0.0.
    """
    pred, gold = _name_set(pred_names), _name_set(truth_names)
    shared = len(pred & gold)
    precision = shared / len(pred) if pred else (1.0 if not gold else 0.0)
    recall = shared / len(gold) if gold else (1.0 if not pred else 0.0)
    f1 = harmonic(precision, recall)
    return precision, recall, f1, pred == gold


def role_matches(pred_authors: Iterable[tuple[str, str | None]], truth_authors: Iterable[tuple[str, str | None]]) -> tuple[int, int]:
    """(matched, total) expected (name, role) pairs found exactly in the prediction.

    Names compare case-insensitively after ws-normalising, roles after ws-normalising only.
    """
    pred = {(_name_key(n), norm_ws(r) or None) for n, r in pred_authors}
    gold = [(_name_key(n), norm_ws(r) or None) for n, r in truth_authors]
    return sum(1 for pair in gold if pair in pred), len(gold)


def _parse_iso(value: str) -> datetime | None:
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def date_day_match(pred_iso: str | None, truth_iso: str | None) -> bool:
    """Same calendar day, as written in the expected value's own offset.

    Both aware: the prediction is converted to the truth's offset, then dates compared.
    Either naive (or a bare date): the date parts are compared as written.
    """
    if not pred_iso or not truth_iso:
        return False
    pred = _parse_iso(pred_iso)
    gold = _parse_iso(truth_iso)
    if pred is None or gold is None:
        return False
    if pred.tzinfo is not None and gold.tzinfo is not None:
        pred = pred.astimezone(gold.tzinfo)
    return pred.date() == gold.date()


def _pair_key(question: str | None, answer: str | None) -> tuple[str, str]:
    return norm_ws(question), norm_ws(answer)


def faq_counts(pred_pairs: Iterable[tuple[str, str]], truth_pairs: Iterable[tuple[str, str]]) -> tuple[int, int, int]:
    """(matched, predicted, expected) FAQ pair counts, exact after ws-normalising (multiset)."""
    pred = Counter(_pair_key(q, a) for q, a in pred_pairs)
    gold = Counter(_pair_key(q, a) for q, a in truth_pairs)
    return sum((pred & gold).values()), sum(pred.values()), sum(gold.values())


def faq_scores(pred_pairs: Iterable[tuple[str, str]], truth_pairs: Iterable[tuple[str, str]]) -> tuple[float | None, float | None]:
    """(precision, recall) of FAQ pairs; None for the side that is empty."""
    matched, npred, ngold = faq_counts(pred_pairs, truth_pairs)
    return (matched / npred if npred else None, matched / ngold if ngold else None)
