"""bench/storage.py reads every stored page back: the figure `make bench-storage` reports must be able to say
no (a page whose stored bytes differ from what was served)."""

from __future__ import annotations

from bench import storage


def test_storage_bench_counts_pages_read_back_byte_identical(tmp_path):
    items, served = storage.mirror_items(sites=2, pages=3)
    assert len(items) == 6 and len(served) == 6
    report = storage.build_db(tmp_path / "plain.db", items, dictionaries=False, served=served)
    assert (report["same"], report["stored"]) == (6, 6)

    url = next(iter(served))
    served[url] = served[url].replace(b"<", b"[", 1)  # what was served differs by a byte
    assert storage.read_back(tmp_path / "plain.db", served) == (5, 6)
