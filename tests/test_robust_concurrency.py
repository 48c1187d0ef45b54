"""Several newsmill processes on one database (issue 19 item 5): a crawl and a re-extraction at once, in
either order, both finish; two migrations at once; the run lock through a symlink."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from crawler.siteserver import DEMO_SITE, SiteServer
from demo_db import copy_of_demo_db

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out + err


def crawl_args(server, db) -> list[str]:
    return ["crawl", server.url("/"), "--db", str(db), "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-s", "LOG_LEVEL=WARNING", "-s", "EXTRACT_WORKERS=1"]


@pytest.fixture
def big_db(tmp_path) -> Path:
    """The demo database with its 7 articles copied 20 times over (140 pages to re-extract, a few seconds)."""
    path = copy_of_demo_db(tmp_path)
    db = sqlite3.connect(path)
    cols = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in ("articles", "raw_pages")}
    with db:
        for n in range(1, 20):
            for table, key in (("articles", "url"), ("raw_pages", "article_url")):
                select = ", ".join(f"{c} || '#copy{n}'" if c == key else c for c in cols[table])
                db.execute(f"INSERT INTO {table} ({', '.join(cols[table])}) SELECT {select} FROM {table} "
                           f"WHERE {key} NOT LIKE '%#copy%'")
    db.close()
    return path


def _runs(path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT id, finished IS NOT NULL, finish_reason FROM crawl_runs ORDER BY id").fetchall()
    finally:
        db.close()


def start_python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


REEXTRACT = ("import sys; from pipelines.schema import open_db; from pipelines.reextract import reextract; "
             "print(sum(reextract(open_db(sys.argv[1])).values()))")


@pytest.mark.parametrize("first", ["reextract", "crawl"])
def test_a_crawl_and_a_reextraction_writing_one_database_both_finish(big_db, first):
    """The storage layer: two writers (the run lock left out, as nightly's children run) wait their turn."""
    runs_before = len(_runs(big_db))
    with SiteServer(DEMO_SITE) as server:
        def launch(name):
            if name == "reextract":
                return start_python(REEXTRACT, str(big_db))
            # A commit per page: the two writers meet often.
            return start(*crawl_args(server, big_db), "--no-lock", "-s", "SQLITE_BATCH_SIZE=1",
                         "-s", "SQLITE_FLUSH_SECONDS=0.1")
        second = "crawl" if first == "reextract" else "reextract"
        a = launch(first)
        time.sleep(1.0)  # the first one is writing by now
        b = launch(second)
        (code_a, out_a), (code_b, out_b) = finish(a), finish(b)
    assert code_a == 0, f"{first}: {out_a[-2000:]}"
    assert code_b == 0, f"{second}: {out_b[-2000:]}"
    assert "database is locked" not in out_a + out_b
    runs = _runs(big_db)[runs_before:]
    assert len(runs) == 1 and runs[0][1] and runs[0][2] == "finished", runs


@pytest.mark.parametrize("first", ["reextract", "crawl"])
def test_crawl_and_reextract_commands_on_one_database(big_db, first):
    """The commands: the first finishes; the second finishes too or, as both take the run lock, is refused
    in one line; never 'database is locked', never a run row left open."""
    runs_before = len(_runs(big_db))
    with SiteServer(DEMO_SITE) as server:
        commands = {"reextract": ["reextract", "--db", str(big_db)], "crawl": crawl_args(server, big_db)}
        second = "crawl" if first == "reextract" else "reextract"
        a = start(*commands[first])
        time.sleep(1.0)
        b = start(*commands[second])
        (code_a, out_a), (code_b, out_b) = finish(a), finish(b)
    assert code_a == 0, f"{first}: {out_a[-2000:]}"
    assert code_b == 0 or (code_b == 1 and "another newsmill run is writing" in out_b
                           and len(out_b.strip().splitlines()) == 1), f"{second}: {out_b[-2000:]}"
    assert "database is locked" not in out_a + out_b and "Traceback" not in out_a + out_b
    assert all(finished for _, finished, _ in _runs(big_db)[runs_before:])


def test_two_commands_migrating_an_old_database_at_once(tmp_path):
    """Both wait their turn: the schema ends current, no migration runs twice, no traceback."""
    from sqlite_utils import Database

    from pipelines.schema import apply_migrations, migrations, schema_version

    path = tmp_path / "old.db"
    old = Database(path)
    apply_migrations(old, stop_before="add_content_columns")  # the first schema, with enough rows to take a while
    old["articles"].insert_all(
        {"url": f"https://a.example/{n}/", "site": "a.example", "title": f"Story {n}", "body": "Ships are back. " * 40,
         "tags": '["Ports"]', "first_seen": "2024-05-01T11:00:00+00:00", "last_seen": "2024-05-02T11:00:00+00:00"}
        for n in range(3000))
    old.close()
    procs = [start("stats", "--db", str(path)) for _ in range(3)]
    results = [finish(p) for p in procs]
    for code, output in results:
        assert code == 0 and "Traceback" not in output, output[-3000:]
    db = Database(path)
    assert schema_version(db) == len(migrations._migrations) == len(migrations.applied(db))
    assert db["articles"].count == 3000


def test_the_run_lock_holds_for_the_same_file_through_a_symlink_or_another_path(tmp_path):
    from crawler.lock import RunLock, RunLocked

    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "news.db"
    real.touch()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with RunLock(real):
        for other in (link, tmp_path / "data" / ".." / "data" / "news.db"):
            with pytest.raises(RunLocked):
                with RunLock(other):
                    pass
