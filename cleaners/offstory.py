"""A long block beside the story that is not about it: a thread of comments or an archive list appended to
the page, found by what it holds, not by its names (a build that hashes class names leaves none).

The page's longest paragraph block is taken out when it sits outside the headline's container, that
container holds text naming the headline's words, and the block names none of them
(CleanContext.rival_block). Without this, such a block outweighs a short story and trafilatura takes it.
"""

from __future__ import annotations

NAME = "offstory"


def clean(ctx) -> int:
    rival = ctx.rival_block()
    return int(rival is not None and ctx.remove(rival, NAME))
