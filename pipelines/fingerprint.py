"""Text fingerprints for duplicate detection: 3-word shingles and their 64-bit simhash.

Plain Python on purpose: the extraction workers compute the simhash, and numpy (which
pipelines/stories.py uses to compare thousands of them at once) would add its memory to each
worker, and the bit counting below is as fast as numpy's was for one page.
"""

from __future__ import annotations

import hashlib
import re

MIN_WORDS = 50  # shorter bodies are too small to call near-duplicates
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, width: int = 3) -> list[str]:
    words = _WORD.findall((text or "").casefold())
    if len(words) < MIN_WORDS:
        return []
    return list(map(" ".join, zip(*[words[i:] for i in range(width)])))  # the width-word windows, built in C


def jaccard(a: str, b: str) -> float:
    sa, sb = set(shingles(a)), set(shingles(b))
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def simhash(text: str) -> int | None:
    """Signed 64-bit simhash of the text's word shingles (SQLite INTEGER range); None for short text.

    Bit k is set when most shingles' 8-byte blake2b digests, read big-endian, have it set. Counted
    per bit with integer arithmetic: byte column j of all digests as one integer, masked to one bit
    of every byte, then popcount.
    """
    grams = shingles(text)
    if not grams:
        return None
    blake = hashlib.blake2b
    digests = b"".join([blake(gram.encode(), digest_size=8).digest() for gram in grams])
    n = len(grams)
    masks = [int.from_bytes(bytes((1 << bit,)) * n, "big") for bit in range(7, -1, -1)]  # high bit first
    value = 0
    for j in range(8):
        column = int.from_bytes(digests[j::8], "big")
        for mask in masks:
            value = (value << 1) | (2 * (column & mask).bit_count() > n)
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & (1 << 64) - 1).bit_count()
