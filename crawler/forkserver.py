"""Imported once by the extraction pool's fork server (crawler/worker.py), before any worker forks.

Whatever is loaded here is shared by every worker through copy-on-write instead of being loaded
again in each: the extraction modules, dateparser (most workers need it within a few pages), and
the all-languages justext stop list trafilatura builds on the pages its own extractor fails (27 MB,
and 70 ms to build).

Large buffers go back to the system when freed (crawler/memory.py); workers inherit that.

Then gc.freeze(): a collection in a worker would otherwise write to the header of every object
inherited from here and so copy nearly all of these pages into each worker.
"""

import gc

import dateparser  # noqa: F401
import justext.core
import trafilatura.external

import cleaners.extract  # noqa: F401
import crawler.worker  # noqa: F401
from crawler.memory import release_large_buffers

release_large_buffers()

# trafilatura passes this tuple to justext, which lowercases it into a cached frozenset (an lru_cache
# keyed by the tuple): build both now, so a worker only looks words up in them.
justext.core.define_stoplist(trafilatura.external.JT_STOPLIST or trafilatura.external.jt_stoplist_init())

gc.freeze()
