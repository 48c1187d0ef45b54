"""A fake DNS for crawls in a subprocess (-s ADDRESSGUARD_RESOLVE=fakedns.resolve): no query leaves the machine.

`localhost` fails on its first lookup, then answers 127.0.0.1 (a name the guard could not check at first
and that later points at loopback); every other name fails.
"""

from __future__ import annotations

from collections import Counter

lookups: Counter[str] = Counter()


def resolve(host: str) -> list[str]:
    lookups[host] += 1
    if host == "localhost" and lookups[host] > 1:
        return ["127.0.0.1"]
    raise OSError(f"fake DNS: {host} does not resolve")
