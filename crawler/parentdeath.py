"""Children that die with their parent: the extraction workers and `newsmill browse`'s Datasette.

A process killed by SIGKILL runs no clean-up of its own, so its children would live on for ever (a
worker holds ~90 MiB and the crawl's log files; Datasette keeps serving). On Linux the kernel can
signal a child when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGKILL, parent_pid: int | None = None) -> bool:
    """Ask the kernel to send `signum` to this process when its parent dies; True if it will.

    With `parent_pid` (the parent this process was started by), a parent already gone before the
    request (it died while this process started) ends this process at once.
    """
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum) != 0:
            return False
    except (OSError, AttributeError):  # not Linux
        return False
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
    return True


def preexec_die_with_parent() -> None:
    """subprocess.Popen(preexec_fn=...): in the child before exec; SIGTERM (a clean stop) when we die.

    The parent's pid is read in the child (os.getppid() before the request): if it already changed,
    the parent is gone."""
    parent = os.getppid()
    die_with_parent(signal.SIGTERM, parent)
