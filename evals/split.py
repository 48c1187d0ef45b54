"""The fixed split by site: half of each corpus's sites are tuned on, the other half kept aside.

A site's half depends only on its name and the seed, so a page added later lands on its site's side
and nobody can move a page by reordering files. Report both halves: a rule that helps only the half
it was tuned on is overfitting.
"""

from __future__ import annotations

import hashlib
import random

SEED = "newsmill-split-2026"
HALVES = ("tuned", "held")


def half_of(site: str) -> str:
    """'tuned' or 'held' for a site key (registrable domain, or publisher name)."""
    digest = hashlib.sha256(f"{SEED}:{site.lower().strip()}".encode()).digest()
    return HALVES[digest[0] & 1]


HALF_GOAL = 0.005  # issue 16: the held half within this of the tuned half


def split_noise(rows: list[dict], score, systems: tuple[str, ...] = ("newsmill", "trafilatura"),
                splits: int = 1000, seed: int = 0) -> dict:
    """How far apart two halves of one corpus fall by chance, beside the real split's gap.

    `rows`: per-page rows with "site", "half" and one entry per system; `score(rows, system)` is the corpus
    figure (None when the rows give none). For each system and for the first one's gain over the second:
    the tuned-minus-held gap observed, and over `splits` random splits of the same sites into halves of the
    same number of sites the 95th percentile of |gap|, the share above HALF_GOAL and the share at least as
    far apart as the real split. A system tuned to neither half shows the gap the corpus alone makes; a
    gap few random splits reach is the sign of overfitting.
    """
    by_site: dict[str, list[dict]] = {}
    for r in rows:
        by_site.setdefault(r["site"], []).append(r)
    tuned_sites = len({r["site"] for r in rows if r["half"] == "tuned"})

    def gaps(a: list[dict], b: list[dict]) -> list[float | None]:
        out: list[float | None] = []
        for system in systems:
            x, y = score(a, system), score(b, system)
            out.append(None if x is None or y is None else x - y)
        if len(systems) == 2:
            out.append(None if None in out else out[0] - out[1])
        return out

    names = [*systems, "gain"] if len(systems) == 2 else list(systems)
    observed = gaps([r for r in rows if r["half"] == "tuned"], [r for r in rows if r["half"] == "held"])
    rng = random.Random(seed)
    sites = sorted(by_site)
    draws: list[list[float]] = [[] for _ in names]
    for _ in range(splits):
        rng.shuffle(sites)
        drawn = gaps([r for s in sites[:tuned_sites] for r in by_site[s]],
                     [r for s in sites[tuned_sites:] for r in by_site[s]])
        for k, g in enumerate(drawn):
            if g is not None:
                draws[k].append(abs(g))
    result = {}
    for name, seen, values in zip(names, observed, draws):
        if seen is None or not values:
            continue
        values.sort()
        n = len(values)
        result[name] = {"observed": seen, "p95": values[max(0, int(0.95 * n) - 1)],
                        "over_goal": sum(v > HALF_GOAL for v in values) / n,
                        "as_far": sum(v >= abs(seen) for v in values) / n}
    return result


def noise_line(noise: dict) -> str:
    """One report line: each system's gap, the random splits' p95 and how many are as far apart."""
    return "; ".join(f"{name} {n['observed']:+.3f} (random p95 {n['p95']:.3f}, as far {100 * n['as_far']:.0f} %)"
                     for name, n in noise.items())
