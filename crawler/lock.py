"""One writer per database: a second run on the same file exits with a clear message.

The lock is an flock on `<db>.lock` beside the database's resolved path (symlinks followed); the
kernel drops it when the process dies, even by SIGKILL, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path


class RunLocked(RuntimeError):
    pass


class RunLock:
    def __init__(self, db_path: str | Path):
        # The resolved path: the same file reached through a symlink or another path has the same lock.
        self.path = Path(f"{Path(db_path).resolve()}.lock")
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise RunLocked(f"another newsmill run is writing {str(self.path)[:-5]} ({holder}); "
                            "wait for it to finish or use another --db") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, started {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
