"""crawler/memory.py: the allocator setting the crawl and its workers rely on for their peak memory."""

import platform

import pytest

from crawler.memory import release_large_buffers


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_the_fixed_mmap_threshold():
    assert release_large_buffers() is True
