"""Every command checks its inputs before it starts and turns database, file-system and network errors
into one line: `Error: …`, exit status 2 for usage, 1 for the rest, no traceback, and the database
exactly as it was. The table runs in-process through click (a crawl that a bad input let through
fails the test instead of starting); a few run as real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_newsmill
from crawler import cli as cli_module
from pipelines.schema import open_db

GOOD = "http://127.0.0.1:9/"

# (arguments, exit status, a piece of the message). {db}: a real newsmill database, {notdb}: a text
# file, {folder}: a folder, {missing}: a path that does not exist, {tmp}: the test's folder.
CASES = [
    (["crawl", GOOD, "--db", "{db}", "-s", "CONCURRENT_REQUESTS=lots"], 2, "CONCURRENT_REQUESTS=lots: expected a whole number"),
    (["crawl", GOOD, "--db", "{db}", "-s", "LOG_LEVEL=LOUD"], 2, "LOG_LEVEL=LOUD: use one of"),
    (["crawl", GOOD, "--db", "{db}", "-s", "CLEAN_DISABLE=related"], 2, "did you mean CLEAN_DISABLED?"),
    (["crawl", GOOD, "--db", "{db}", "-s", "CONCURENT_REQUESTS=8"], 2, "did you mean CONCURRENT_REQUESTS"),
    (["crawl", GOOD, "--db", "{db}", "-s", "NO_SUCH_THING_AT_ALL=1"], 2, "unknown setting NO_SUCH_THING_AT_ALL"),
    (["crawl", GOOD, "--db", "{db}", "-s", "DOWNLOAD_DELAY=soon"], 2, "DOWNLOAD_DELAY=soon: expected a number"),
    (["crawl", GOOD, "--db", "{db}", "-s", "ROBOTSTXT_OBEY=maybe"], 2, "use True or False"),
    (["crawl", GOOD, "--db", "{db}", "-s", "DEPTH_LIMIT=2.5"], 2, "expected a whole number"),
    (["crawl", GOOD, "--db", "{db}", "-s", "CONCURRENT_REQUESTS=nan"], 2, "expected"),
    (["crawl", GOOD, "--db", "{db}", "-s", "NOEQUALS"], 2, "expected NAME=VALUE"),
    (["crawl", GOOD, "--db", "{db}", "-s", "=5"], 2, "expected NAME=VALUE"),
    (["crawl", GOOD, "--db", "{db}", "--allow", "("], 2, "not a valid regular expression"),
    (["crawl", GOOD, "--db", "{db}", "--deny", "[a-"], 2, "not a valid regular expression"),
    (["crawl", "example.com", "--db", "{db}"], 2, "did you mean https://example.com?"),
    (["crawl", "http:/127.0.0.1/", "--db", "{db}"], 2, "no valid host name"),
    (["crawl", "htp://127.0.0.1/", "--db", "{db}"], 2, "not an http:// or https:// URL"),
    (["crawl", "ftp://127.0.0.1/", "--db", "{db}"], 2, "not an http:// or https:// URL"),
    (["crawl", "http://127.0.0.1:99999/", "--db", "{db}"], 2, "not a valid URL"),
    (["crawl", "http://127.0.0.1:abc/", "--db", "{db}"], 2, "not a valid URL"),
    (["crawl", "http://exa mple.com/", "--db", "{db}"], 2, "no valid host name"),
    (["crawl", "--sitemap", "example.com/sitemap.xml", "--db", "{db}"], 2, "--sitemap"),
    (["crawl", "--feed", "not a url", "--db", "{db}"], 2, "--feed"),
    (["crawl", GOOD, "--db", "{db}", "--redis", "notredis"], 2, "--redis"),
    (["crawl", GOOD, "--db", "{db}", "--redis", "redis://127.0.0.1:notaport/0"], 2, "--redis"),
    (["crawl", GOOD, "--db", "{db}", "--max-pages", "abc"], 2, "is not a valid integer"),
    (["crawl", "--db", "{db}"], 2, "give at least one URL"),
    (["crawl", GOOD, "--db", "{db}", "-o", "{tmp}/articles.txt"], 2, "name a .jsonl, .json, .csv or .xml file"),
    (["crawl", GOOD, "--db", "{db}", "-o", "{missing}.jsonl"], 2, "does not exist or is not writable"),
    # -o appends: a second JSON or XML document after the first made the file unreadable
    (["crawl", GOOD, "--db", "{db}", "-o", "{tmp}/feed.json"], 2, "already holds a JSON document"),
    (["crawl", GOOD, "--db", "{db}", "-o", "{tmp}/feed.xml"], 2, "use -O to overwrite it, or a .jsonl file"),
    (["crawl", GOOD, "--db", "{db}", "-o", "{tmp}/a.jsonl", "-O", "{tmp}/b.json"], 2, "-o appends, -O overwrites"),
    (["crawl", GOOD, "--db", "{notdb}"], 1, "file is not a database"),
    (["crawl", GOOD, "--db", "{folder}"], 1, "is a folder"),
    (["demo", "--db", "{db}", "-s", "CONCURRENT_REQUESTS=lots"], 2, "expected a whole number"),
    (["demo", "--db", "{notdb}"], 1, "file is not a database"),
    (["stats", "--db", "{notdb}"], 1, "file is not a database"),
    (["stats", "--db", "{folder}"], 1, "is a folder"),
    (["stats", "--db", "{missing}"], 1, "no database at"),
    (["search", "drone", "--db", "{notdb}"], 1, "file is not a database"),
    (["search", "drone", "--since", "garbage", "--db", "{db}"], 2, "--since wants a date"),
    (["search", "drone", "--since", "2025-13-01", "--db", "{db}"], 2, "--since wants a date"),
    (["search", "drone", "--language", ",", "--db", "{db}"], 2, "--language wants a code"),
    (["export", "--db", "{db}", "--since", "garbage", "--output-dir", "{tmp}/out"], 2, "--since wants a date"),
    (["export", "--db", "{db}", "--since", "yesterday", "--output-dir", "{tmp}/out"], 2, "--since wants a date"),
    (["export", "--db", "{db}", "--until", "2025-01-01", "--since", "2025-02-01", "--output-dir", "{tmp}/out"], 2,
     "--until 2025-01-01 is before --since"),
    (["search", "drone", "--limit", "0", "--db", "{db}"], 2, "--limit"),
    (["export", "--db", "{notdb}", "--output-dir", "{tmp}/out"], 1, "file is not a database"),
    (["export", "--db", "{db}", "--format", "xml"], 2, "--format"),
    (["export", "--db", "{db}", "--out", "/etc/passwd"], 2, "cannot tell the format of '/etc/passwd'"),
    (["export", "--db", "{db}", "--out", "{missing}.csv"], 1, "no folder"),
    (["export", "--db", "{db}", "--out", "{tmp}/x.csv", "--format", "parquet"], 2, "contradicts"),
    (["export", "--db", "{db}", "--out", "{tmp}/x.csv", "--until", "tomorrow"], 2, "--until wants a date"),
    (["reextract", "--db", "{notdb}"], 1, "file is not a database"),
    (["reextract", "--db", "{db}", "--since", "nope"], 2, "--since wants a date"),
    (["reextract", "--db", "{db}", "-s", "CLEAN_MIN_BODY_CHARS=many"], 2, "expected a whole number"),
    (["reextract", "--db", "{db}", "-s", "CLEAN_DISABLEDD=x"], 2, "did you mean CLEAN_DISABLED?"),
    (["browse", "--db", "{notdb}"], 1, ""),
    (["nightly", "--sites", "{missing}", "--db", "{db}"], 1, "cannot read"),
    (["nightly", "--sites", "{sites}", "--db", "{db}", "-s", "LOG_LEVEL=LOUD"], 2, "use one of"),
    (["nightly", "--sites", "{sites}", "--db", "{notdb}"], 1, "file is not a database"),
    (["nightly", "--sites", "{sites}", "--db", "{db}", "--redis", "notredis"], 2, "--redis"),
    (["nightly", "--sites", "{sites}", "--db", "{db}", "--only", "nosuch"], 2, "no site named nosuch in"),
    (["nightly", "--sites", "{sites}", "--db", "{db}", "--only", "demo", "--only", "nosuch"], 2,
     "no site named nosuch in"),
    (["nightly", "--sites", "{sites}", "--db", "{db}", "--redis", "redis://127.0.0.1:9/0", "--json"], 2,
     "--json with --redis"),
    (["ingest", "--redis", "notredis", "--db", "{db}"], 2, "--redis"),
    (["ingest", "--redis", "redis://127.0.0.1:6379/0", "--db", "{db}", "-s", "REDIS_STREM=x"], 2, "did you mean REDIS_STREAM"),
    (["ingest", "--redis", "redis://127.0.0.1:6379/0", "--db", "{db}", "--batch", "0"], 2, "--batch"),
    (["schedule", "--at", "25:00", "--sites", "{sites}"], 2, "--at"),
    (["schedule", "--at", "noon", "--sites", "{sites}"], 2, "--at"),
    (["sites", "check", "--sites", "{missing}"], 1, "cannot read"),
    (["extract", "{missing}"], 1, ""),
    # values Python refuses with other errors than ValueError (OverflowError, UnicodeEncodeError, RuntimeError,
    # RecursionError): each was a traceback
    (["search", "drone", "--since", "0001-01-01T00:00:00+01:00", "--db", "{db}"], 2, "out of the range of dates"),
    (["export", "--db", "{db}", "--since", "9999-12-31T23:00:00-05:00", "--output-dir", "{tmp}/out"], 2,
     "out of the range of dates"),
    (["search", "drone", "--limit", "99999999999999999999", "--db", "{db}"], 2, "--limit"),
    (["stats", "--runs", "99999999999999999999", "--db", "{db}"], 2, "--runs"),
    (["search", "dr\udcffone", "--db", "{db}"], 1, "not UTF-8 text: b'\\xff'"),
    (["search", " OR ".join(["drone"] * 100), "--db", "{db}"], 1, "at most 64"),
    (["crawl", GOOD, "--db", "{db}", "--deny", "a{{4294967296}}"], 2, "not a valid regular expression"),
    (["sites", "check", "--sites", "{deep}"], 1, "nested deeper than TOML can be read"),
    (["sites", "check", "--sites", "{badurl}"], 1, "is not a valid URL"),
    (["sites", "check", "--sites", "{spaced}"], 1, "has no valid host name"),
    (["sites", "check", "--sites", "{latin1}"], 1, "not UTF-8 text"),
    (["export", "--db", "{db}", "--out", "{loop}"], 1, "Symlink loop"),
    # found by fuzzing: a negative age stored nothing and exited 0; a huge one was an OverflowError
    (["crawl", GOOD, "--db", "{db}", "--max-age-days", "-5"], 2, "--max-age-days"),
    (["crawl", GOOD, "--db", "{db}", "--max-age-days", "100000000"], 2, "--max-age-days"),
    (["sites", "check", "--sites", "{oldest}"], 1, "max_age_days: must be at most 100000"),
    # a site's name names its log file: empty, "/" or NUL made nightly fail after the crawl, or crash
    (["sites", "check", "--sites", "{emptyname}"], 1, "sites.'': the name must be"),
    (["sites", "check", "--sites", "{slashname}"], 1, "sites.'a/b': the name must be"),
    (["sites", "check", "--sites", "{nulname}"], 1, "sites.'a\\x00b': the name must be"),
]


@pytest.fixture
def places(tmp_path):
    db = tmp_path / "news.db"
    open_db(db).close()
    notdb = tmp_path / "notdb.db"
    notdb.write_text("hello, not a database\n")
    (tmp_path / "folder.db").mkdir()
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.demo]\nstart_urls = ["{GOOD}"]\n')
    (tmp_path / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "badurl.toml").write_text('[sites.a]\nstart_urls = ["http://[::1/"]\n')
    (tmp_path / "spaced.toml").write_text('[sites.a]\nstart_urls = ["http://exa mple.com/"]\n')  # crawl refused it
    (tmp_path / "latin1.toml").write_bytes('[sites.a]\nstart_urls = ["http://a.example/é"]\n'.encode("latin-1"))
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    (tmp_path / "feed.json").write_text("[]\n")
    (tmp_path / "feed.xml").write_text("<articles></articles>\n")
    for name, site in (("emptyname", '""'), ("slashname", '"a/b"'), ("nulname", '"a\\u0000b"'), ("oldest", "a")):
        (tmp_path / f"{name}.toml").write_text(f'[sites.{site}]\nstart_urls = ["{GOOD}"]\n')
    with (tmp_path / "oldest.toml").open("a") as fh:
        fh.write("max_age_days = 100000000\n")
    return {"db": str(db), "notdb": str(notdb), "folder": str(tmp_path / "folder.db"),
            "missing": str(tmp_path / "missing" / "none.db"), "tmp": str(tmp_path), "sites": str(sites),
            **{name: str(tmp_path / f"{name}.toml") for name in ("deep", "badurl", "latin1", "spaced", "emptyname",
                                                                  "slashname", "nulname", "oldest")},
            "loop": str(tmp_path / "loop.csv")}


def _snapshot(places) -> dict:
    return {name: Path(places[name]).read_bytes() for name in ("db", "notdb")}


@pytest.fixture
def no_crawl(monkeypatch):
    """A bad input must be refused before anything starts: a crawl reached here fails the test."""
    import crawler.runner

    def refuse(*args, **kwargs):
        raise AssertionError("a bad input reached the crawl")

    monkeypatch.setattr(crawler.runner, "run_crawl", refuse)
    monkeypatch.setattr(crawler.runner, "Shutdown", None)


def test_the_table_has_at_least_40_bad_inputs():
    assert len(CASES) >= 40


@pytest.mark.parametrize("args, status, message", CASES, ids=[" ".join(c[0][:3]) for c in CASES])
def test_bad_input_is_one_line(args, status, message, places, no_crawl):
    before = _snapshot(places)
    argv = [a.format(**places) for a in args]
    result = CliRunner().invoke(cli_module.cli, argv, catch_exceptions=True)
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (
        f"{argv}: {type(result.exception).__name__}: {result.exception}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == status, (argv, result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith(("Error: ", "newsmill extract: ")), (argv, result.stderr)
    assert message in lines[0], (argv, lines[0])
    assert "Traceback" not in result.output
    assert _snapshot(places) == before, f"{argv} changed a database"


def test_bad_inputs_as_real_processes(tmp_path):
    for args, status, message in [
        (["crawl", GOOD, "-s", "CLEAN_DISABLE=related", "--db", str(tmp_path / "x.db")], 2, "did you mean CLEAN_DISABLED?"),
        (["crawl", "example.com", "--db", str(tmp_path / "x.db")], 2, "did you mean https://example.com?"),
    ]:
        result = run_newsmill(*args, timeout=120)
        assert result.returncode == status and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.skipif(not shutil.which("setpriv"), reason="needs setpriv to drop root's file-permission override")
def test_read_only_database_and_folder_are_one_line_errors(tmp_path):
    """As root, permissions only bind once CAP_DAC_OVERRIDE is dropped (setpriv); as a user, as they are."""
    db = tmp_path / "news.db"
    open_db(db).close()
    db.chmod(0o444)
    folder = tmp_path / "ro"
    folder.mkdir()
    open_db(folder / "kept.db").close()  # a database in a read-only folder is still read
    folder.chmod(0o555)
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner",
              "--inh-caps", "-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    before = db.read_bytes()
    cases = [
        (["crawl", GOOD, "--db", str(db)], "is read-only"),
        (["crawl", GOOD, "--db", str(folder / "new.db")], "not writable"),
        (["export", "--db", str(db), "--output-dir", str(folder)], "Permission denied"),
    ]
    for args, message in cases:
        result = subprocess.run([*prefix, os.sys.executable, "-m", "crawler.cli", *args], env=env,
                                capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert result.returncode == 1 and result.stderr.count("\n") == 1 and message in result.stderr, (
            args, result.stderr[-2000:])
    assert db.read_bytes() == before
    for args in (["stats"], ["search", "drone"], ["export", "--out", "-"]):
        result = subprocess.run([*prefix, os.sys.executable, "-m", "crawler.cli", *args, "--db", str(folder / "kept.db")],
                                env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr[-2000:])
