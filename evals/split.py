"""The fixed split by site: half of each corpus's sites are tuned on, the other half kept aside.

A site's half depends only on its name and the seed, so a page added later lands on its site's side
and nobody can move a page by reordering files. Report both halves: a rule that helps only the half
it was tuned on is overfitting.
"""

from __future__ import annotations

import hashlib

SEED = "newsmill-split-2026"
HALVES = ("tuned", "held")


def half_of(site: str) -> str:
    """'tuned' or 'held' for a site key (registrable domain, or publisher name)."""
    digest = hashlib.sha256(f"{SEED}:{site.lower().strip()}".encode()).digest()
    return HALVES[digest[0] & 1]
