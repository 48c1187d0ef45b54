"""The writer thread: batches are committed in order, off the caller's thread; a failed write stops it."""

from __future__ import annotations

import sqlite3
import threading
import time

from pipelines.writer import BatchWriter


def test_batches_are_written_in_order_off_the_callers_thread():
    seen, threads, gate = [], set(), threading.Event()

    def write(batch):
        gate.wait(5)  # a slow disk
        threads.add(threading.get_ident())
        seen.append(batch)
        return [f"new:{x}" for x in batch]

    writer = BatchWriter(write)
    started = time.monotonic()
    writer.submit([1, 2])
    assert time.monotonic() - started < 0.5  # handed over, not written: the crawl goes on
    assert writer.drain() == []
    gate.set()
    writer.submit([3])
    writer.wait()
    assert seen == [[1, 2], [3]] and threading.get_ident() not in threads
    assert writer.drain() == [([1, 2], ["new:1", "new:2"]), ([3], ["new:3"])]
    writer.close()


def test_a_failed_write_is_reported_and_later_batches_are_dropped():
    written = []

    def write(batch):
        if batch == ["bad"]:
            raise sqlite3.OperationalError("database or disk is full")
        written.append(batch)
        return []

    writer = BatchWriter(write)
    for batch in (["a"], ["bad"], ["b"]):
        writer.submit(batch)
    writer.wait()
    assert isinstance(writer.error, sqlite3.OperationalError) and written == [["a"]]
    writer.submit(["c"])  # refused: the crawl is stopping
    writer.close()
    assert written == [["a"]]
