"""A hostile environment or odd values, found by fuzzing: each gives one `Error: …` line (or works), never
a traceback, a run that never ends or a schedule that runs something else than was asked.

ingest's --until-idle of nan/inf/1e308, demo's --port past 65535, a SCRAPY_SETTINGS_MODULE that names
nothing (or is empty), a broken scrapy.cfg in the working folder or above it, a JOBDIR that cannot be
made, and paths with %, $, quotes, spaces or line breaks in `newsmill schedule`'s crontab line and units."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler import cli as cli_module
from crawler import schedule as sched

ROOT = Path(__file__).resolve().parent.parent
NEWSMILL = Path(sys.executable).parent / "newsmill"
GOOD = "http://127.0.0.1:9/"
SITES = ROOT / "sites.example.toml"


@pytest.fixture
def no_crawl(monkeypatch):
    """Each input here is refused before a crawl starts: one that reached it fails the test."""
    import crawler.runner

    def refuse(*args, **kwargs):
        raise AssertionError("a bad input reached the crawl")

    monkeypatch.setattr(crawler.runner, "run_crawl", refuse)


def _one_line_error(result, status: int, message: str) -> str:
    """A CliRunner result: exit status, one `Error:` line holding message, no traceback."""
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (
        f"{type(result.exception).__name__}: {result.exception}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == status, (result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr
    return lines[0]


def _env(**changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(changes)
    return env


# -------------------------------------------------------------------------------- ingest --until-idle
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "-1", "soon"])
def test_ingest_refuses_an_idle_time_that_never_ends(value):
    # No Redis needed: the value is refused before anything connects (before the fix, nan ran forever).
    result = CliRunner().invoke(cli_module.cli, ["ingest", "--redis", "redis://127.0.0.1:9/0",
                                                 "--until-idle", value])
    _one_line_error(result, 2, "--until-idle")


def test_ingest_with_a_valid_idle_time_still_stops(tmp_path):
    from redisserver import RedisMissing, RedisServer

    try:
        server = RedisServer().start()
    except RedisMissing as exc:
        pytest.skip(str(exc))
    try:
        done = subprocess.run([str(NEWSMILL), "ingest", "--redis", server.url, "--db", str(tmp_path / "news.db"),
                               "--until-idle", "0.5"], env=_env(), cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)
    finally:
        server.stop()
    assert done.returncode == 0 and "Records stored:  0" in done.stdout, done.stderr


# -------------------------------------------------------------------------------------- demo --port
@pytest.mark.parametrize("port", ["70000", "-1"])
def test_demo_refuses_a_port_no_socket_can_have(port, tmp_path, no_crawl):
    result = CliRunner().invoke(cli_module.cli, ["demo", "--port", port, "--db", str(tmp_path / "news.db")])
    assert result.exit_code == 2 and "--port" in result.output and "0<=x<=65535" in result.output, result.output
    assert not (tmp_path / "news.db").exists()


def test_the_site_server_names_a_port_out_of_range():
    from crawler.siteserver import PortOutOfRange, SiteServer

    with pytest.raises(PortOutOfRange, match="0-65535"):
        SiteServer(port=65536)
    with pytest.raises(ValueError):  # what a caller of the library catches
        SiteServer(port=-1)


# ------------------------------------------------------------------- SCRAPY_SETTINGS_MODULE, scrapy.cfg
def _run_all(cases: list[tuple[list[str], dict, Path]]) -> list[subprocess.CompletedProcess]:
    """Real processes (a crawl's reactor cannot start twice in one), run side by side to keep this fast."""
    procs = [subprocess.Popen([str(NEWSMILL), *args], env=env, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for args, env, cwd in cases]
    results = []
    for proc, (args, _, _) in zip(procs, cases):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def _assert_one_line(result: subprocess.CompletedProcess, message: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, (result.args, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], (result.args, result.stderr)


def test_a_settings_module_that_is_missing_or_not_newsmills_is_one_line(tmp_path):
    from pipelines.schema import open_db

    db = str(tmp_path / "news{}.db")  # one each: side by side, they would wait for each other's lock
    cases = [
        (["crawl", GOOD], "nope.settings", "SCRAPY_SETTINGS_MODULE=nope.settings: cannot load it"),
        (["reextract"], "nope.settings", "SCRAPY_SETTINGS_MODULE=nope.settings: cannot load it"),
        (["demo", "--port", "0"], "nope.settings", "SCRAPY_SETTINGS_MODULE=nope.settings"),
        (["crawl", GOOD], "os", "SCRAPY_SETTINGS_MODULE=os: no `news` spider"),
        (["crawl", GOOD, "-s", "DOWNLOAD_DELAY=0"], "..x", "SCRAPY_SETTINGS_MODULE=..x: cannot load it"),
    ]
    open_db(db.format(1)).close()  # reextract reads an existing database
    results = _run_all([(args + ["--db", db.format(i)], _env(SCRAPY_SETTINGS_MODULE=module), tmp_path)
                        for i, (args, module, _) in enumerate(cases)])
    for result, (_, _, message) in zip(results, cases):
        _assert_one_line(result, message)


def test_an_empty_settings_module_is_read_as_unset(monkeypatch):
    """`SCRAPY_SETTINGS_MODULE= newsmill …` clears the variable as a shell means it: newsmill's own settings
    (Scrapy would read no module at all, and find no spider: a KeyError traceback)."""
    from crawler.runner import project_settings

    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "")
    assert "crawler.spiders" in project_settings().getlist("SPIDER_MODULES")
    assert os.environ["SCRAPY_SETTINGS_MODULE"] == "crawler.settings"


@pytest.mark.parametrize("content", [b"[settings\n", b"[a]\nno equals sign\n", b"[settings]\ndefault = \xff\n"])
def test_a_broken_scrapy_cfg_here_or_above_is_named(tmp_path, content):
    (tmp_path / "scrapy.cfg").write_bytes(content)
    below = tmp_path / "below"
    below.mkdir()
    env = _env(XDG_CONFIG_HOME=str(tmp_path / "xdg"))  # only the files of this test: none of the user's
    results = _run_all([(["crawl", GOOD, "--db", str(cwd / "news.db")], env, cwd) for cwd in (tmp_path, below)])
    for result in results:
        _assert_one_line(result, f"{tmp_path / 'scrapy.cfg'}: not a valid scrapy.cfg")
    assert not (tmp_path / "news.db").exists() and not (below / "news.db").exists()


# --------------------------------------------------------------------------------------------- JOBDIR
def test_a_jobdir_that_cannot_be_made_is_refused_before_the_crawl(tmp_path, no_crawl):
    (tmp_path / "afile").write_text("not a folder")
    for jobdir in ("/proc/nope", str(tmp_path / "afile"), str(tmp_path / "afile" / "jobs")):
        result = CliRunner().invoke(cli_module.cli, ["crawl", GOOD, "--db", str(tmp_path / "news.db"),
                                                     "-s", f"JOBDIR={jobdir}"])
        _one_line_error(result, 2, f"JOBDIR={jobdir}: not a folder this process can create and write")


def test_a_jobdir_that_can_be_made_is_taken_and_not_left_behind(tmp_path):
    from crawler.commands.common import check_settings

    jobdir = tmp_path / "a" / "b" / "jobs"
    assert check_settings((f"JOBDIR={jobdir}",)) == {"JOBDIR": str(jobdir)}
    assert list(tmp_path.iterdir()) == []  # the crawl makes it; the check only tried
    (tmp_path / "kept").mkdir()
    assert check_settings((f"JOBDIR={tmp_path / 'kept'}",)) == {"JOBDIR": str(tmp_path / "kept")}
    assert (tmp_path / "kept").is_dir()


# ------------------------------------------------------------------------------------------- schedule
ODD_NAMES = ["my 50%.db", "50%d $HOME ${X} \"q\" it's.db", "a\\%b.db", "a\\\\%%b\\.db", "tab\there.db"]


def _as_cron_runs(command: str) -> str:
    """What cron hands the shell (cronie's do_command.c): `\\%` is a literal %, a bare % ends the
    command (the rest goes to its stdin), any other backslash stays."""
    out, escaped = [], False
    for ch in command:
        if escaped:
            escaped = False
            if ch == "%":
                out[-1] = "%"
                continue
        elif ch == "\\":
            escaped = True
        elif ch == "%":
            break
        out.append(ch)
    return "".join(out)


def _shell_words(command: str) -> list[str]:
    return list(shlex.shlex(command, posix=True, punctuation_chars=True))  # `;` a word of its own


def _cron_command(line: str) -> str:
    assert line.endswith(f"  {sched.MARK}") and "\n" not in line
    return line.split(" ", 5)[5].removesuffix(f"  {sched.MARK}")


@pytest.mark.parametrize("name", ODD_NAMES)
def test_the_crontab_line_keeps_an_odd_path_whole(tmp_path, name):
    project = tmp_path / "pro ject 5%d"
    project.mkdir()
    fake = tmp_path / "newsmill"
    fake.write_text("#!/bin/sh\nprintf '[%s]\\n' \"$(pwd)\" \"$@\"\n")
    fake.chmod(0o755)
    db = project / name
    command = _cron_command(sched.crontab_line(project, project / "sites.toml", db, 2, 30, newsmill=fake))
    assert "%" not in command.replace("\\%", "")  # cron would cut the line at a bare %
    run = _as_cron_runs(command)
    assert _shell_words(run)[_shell_words(run).index("--db") + 1] == str(db)
    done = subprocess.run(["/bin/sh", "-c", run], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    log = (project / "output" / "logs" / "cron.log").read_text().splitlines()
    assert log[1:] == [f"[{project}]", "[nightly]", "[--sites]", f"[{project / 'sites.toml'}]", "[--db]", f"[{db}]"]


def _exec_start_argv(unit: str) -> list[str]:
    """ExecStart= as systemd reads it (systemd.service, "Command lines"), for the words newsmill writes:
    specifiers first (%% a literal %), then double-quoted words with C escapes, then $$ in arguments."""
    [line] = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    value = line.removeprefix("ExecStart=")
    assert re.fullmatch(r"(?:[^%]|%%)*", value), value  # no specifier but %%
    value = value.replace("%%", "%")
    words = [re.sub(r"\\(.)", r"\1", quoted) if quoted or not bare else bare
             for quoted, bare in re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', value)]
    for word in words[1:]:
        assert re.fullmatch(r"(?:[^$]|\$\$)*", word), word  # no variable but $$
    return [words[0], *(w.replace("$$", "$") for w in words[1:])]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_the_systemd_unit_keeps_an_odd_path_whole(tmp_path, name):
    project = tmp_path / "pro ject 5%d\\"
    units = sched.systemd_units(project, tmp_path / "sites 1%.toml", tmp_path / name, 2, 30)
    service = units["newsmill-nightly.service"]
    assert _exec_start_argv(service) == [str(NEWSMILL), "nightly", "--sites", str(tmp_path / "sites 1%.toml"),
                                         "--db", str(tmp_path / name)]
    [workdir] = [line for line in service.splitlines() if line.startswith("WorkingDirectory=")]
    assert workdir.removeprefix("WorkingDirectory=").replace("%%", "%").rstrip("/") == str(project)
    assert not workdir.endswith("\\")  # a final backslash would continue the line into the next


@pytest.mark.parametrize("db", ["a.db\nExecStartPost=/bin/touch /tmp/pwned", "a.db\r\nx", "a\0b.db"])
@pytest.mark.parametrize("systemd", [False, True])
def test_schedule_refuses_a_path_with_a_line_break(tmp_path, monkeypatch, db, systemd):
    monkeypatch.chdir(tmp_path)
    args = ["schedule", "--sites", str(SITES), "--db", db] + (["--systemd"] if systemd else [])
    result = CliRunner().invoke(cli_module.cli, args)
    _one_line_error(result, 2, "--db: ")
    assert not result.stdout.strip()
    assert not any(line.startswith("ExecStartPost") for line in result.output.splitlines())


def test_schedule_refuses_a_working_folder_with_a_line_break(tmp_path, monkeypatch):
    odd = tmp_path / "x\nExecStartPost=touch"
    odd.mkdir()
    monkeypatch.chdir(odd)
    result = CliRunner().invoke(cli_module.cli, ["schedule", "--systemd", "--sites", str(SITES), "--db", "/tmp/a.db"])
    _one_line_error(result, 1, "line break")
    assert "ExecStartPost" not in result.stdout


def test_schedule_prints_an_odd_db_path_quoted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli_module.cli, ["schedule", "--sites", str(SITES), "--db", "my 50%.db"])
    assert result.exit_code == 0, result.output
    run = _as_cron_runs(_cron_command(result.stdout.strip()))
    assert _shell_words(run)[_shell_words(run).index("--db") + 1] == str(tmp_path / "my 50%.db")
    result = CliRunner().invoke(cli_module.cli, ["schedule", "--systemd", "--sites", str(SITES), "--db", "my 50%d.db"])
    assert result.exit_code == 0, result.output
    assert _exec_start_argv(result.stdout)[-1] == str(tmp_path / "my 50%d.db")
