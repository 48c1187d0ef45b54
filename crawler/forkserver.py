"""Imported by the extraction pool's fork server (crawler/worker.py) before any worker forks.

Only the allocator setting (crawler/memory.py), which workers inherit. The extraction modules are
imported by each worker itself (worker._warm_up), not here: preloaded, their ~75 MiB were shared
between the workers through copy-on-write, but they also stayed mapped in this idle process, and a
resident-size count adds them once more for it. Measured over 2,000 pages: summed RSS 398 MiB
with them preloaded, 360 MiB without; PSS 273 and 297 MiB.
"""

from crawler.memory import release_large_buffers

release_large_buffers()
