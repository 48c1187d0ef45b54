"""sqlite-utils' Database, with every writing transaction started as BEGIN IMMEDIATE.

Several newsmill processes may write one database (a crawl while `reextract` runs, two commands
migrating an old file at once). A plain (deferred) BEGIN starts as a reader and asks for the write
lock at its first write; when another process committed in between, SQLite cannot wait for the
busy timeout and fails at once with "database is locked" (the read it made is stale). BEGIN IMMEDIATE
takes the write lock first, so a second writer waits its turn (PRAGMA busy_timeout) and then reads
what the first one committed.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager

from .compat import Database


def lenient_text(raw: bytes) -> str:
    """A TEXT value as a str; bytes that are not UTF-8 (another program's) as \\xNN escapes, not an error
    that stops every export or search reaching that row. Decoding costs the same as sqlite3's own."""
    return raw.decode("utf-8", "backslashreplace")


class NewsmillDatabase(Database):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conn.text_factory = lenient_text

    @contextmanager
    def atomic(self) -> Generator["NewsmillDatabase", None, None]:
        """A transaction holding the write lock from its start (nested: a savepoint, as sqlite-utils does)."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise
