"""Give large buffers back to the system as soon as they are freed (glibc only; elsewhere a no-op).

A crawl allocates and frees a few 250 KB buffers per page: response bodies, their pickled copies
for the workers, decoded text. glibc serves allocations above a threshold with mmap and returns
them on free, but raises that threshold each time such a buffer is freed, after which they come
from the heap and the freed space stays with the process. Fixing the threshold (which also stops
that adjustment) lowers the crawl's peak memory, at the cost of page faults: a little more time a
page in each worker. A middle setting (256 KiB threshold, 1 MiB trim threshold) is a little faster for
a little more memory; this one is kept while the crawl's memory goal (400 MB for 10,000 pages) has
little to spare. The figures are in docs/performance.md (make bench).
"""

from __future__ import annotations

import ctypes
import ctypes.util

_M_MMAP_THRESHOLD = -3  # mallopt parameter, from glibc's malloc.h
LARGE = 128 * 1024  # glibc's initial threshold


def release_large_buffers() -> bool:
    """True when the allocator took the setting."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE))
