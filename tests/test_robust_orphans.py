"""No process outlives a `newsmill crawl` or `newsmill browse` killed with SIGKILL (issue 19 item 7)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from faultserver import FaultServer, crawl_settings

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def group(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def kill_and_check(proc: subprocess.Popen, before: int) -> list[int]:
    """SIGKILL the command alone; the processes of its group left after 5 s."""
    try:
        assert wait_for(lambda: len(group(proc.pid)) >= before, 30), group(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        wait_for(lambda: not group(proc.pid), 5)
        return group(proc.pid)
    finally:
        for pid in group(proc.pid):  # leave nothing behind, whatever the outcome
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_a_crawl_killed_with_sigkill_leaves_no_worker_behind(tmp_path):
    with FaultServer(slow_seconds=20) as server:
        proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", server.url("/faults/slow-headers/"),
                                 "--db", str(tmp_path / "k.db"), *crawl_settings(server, timeout=30),
                                 "-s", "EXTRACT_WORKERS=2"],
                                cwd=ROOT, env=ENV, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        left = kill_and_check(proc, before=4)  # the crawl, the resource tracker, two workers
    assert left == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_browse_killed_with_sigkill_leaves_no_datasette_behind(tmp_path):
    pytest.importorskip("datasette")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from pipelines.schema import open_db

    open_db(tmp_path / "b.db").close()
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "browse", "--db", str(tmp_path / "b.db"),
                             "--port", str(port)], cwd=ROOT, env=ENV, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Datasette runs in a process group of its own (a terminal's Ctrl-C reaches it once, through browse):
    # found as browse's child, not in browse's group.
    children: list[int] = []
    try:
        assert wait_for(lambda: bool(children.extend(child_pids(proc.pid)) or children), 30)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        wait_for(lambda: not alive(children), 5)
        assert alive(children) == []
    finally:
        for pid in alive(children):
            os.kill(pid, signal.SIGKILL)


def child_pids(ppid: int) -> list[int]:
    """Live processes whose parent is `ppid`."""
    return [pid for pid, fields in _stats() if int(fields[1]) == ppid and fields[0] != "Z"]


def alive(pids: list[int]) -> list[int]:
    return [pid for pid, fields in _stats() if pid in pids and fields[0] != "Z"]


def _stats():
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                yield int(entry.name), (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
