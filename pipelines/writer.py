"""SQLite writes in a thread of their own, so the reactor keeps fetching and feeding workers meanwhile.

sqlite3 releases the GIL while a statement runs (full-text indexing, page writes), so a batch being
committed no longer stalls the crawl. One thread, one connection, batches in order: the writer
stays the database's only writer. The reactor hands batches over and collects what was stored
(`drain`) and any error (`error`) on its own thread, so nothing crosses back but plain data.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

logger = logging.getLogger(__name__)


class BatchWriter:
    def __init__(self, write: Callable[[list], list[str]], depth: int = 1):
        """`write(batch) -> outcomes` runs in the writer thread; at most `depth` batches wait for it."""
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._lock = threading.Lock()
        self._done: list[tuple[list, list[str]]] = []
        self.error: Exception | None = None  # the write that failed; later batches are dropped
        self._thread = threading.Thread(target=self._run, name="newsmill-sqlite-writer", daemon=True)
        self._thread.start()

    def submit(self, batch: list) -> None:
        """Queue a batch; waits while `depth` batches are already waiting (the crawl outruns the disk)."""
        if self.error is None:
            self._queue.put(batch)

    def drain(self) -> list[tuple[list, list[str]]]:
        """(batch, outcomes) of every batch committed since the last call."""
        with self._lock:
            done, self._done = self._done, []
        return done

    def wait(self) -> None:
        """Until every submitted batch is committed (or dropped after an error)."""
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                if batch is None:
                    return
                if self.error is None:
                    outcomes = self._write(batch)
                    with self._lock:
                        self._done.append((batch, outcomes))
            except Exception as exc:  # disk full, read-only, I/O error, or a bug: the batch rolled back
                self.error = exc
            finally:
                self._queue.task_done()
