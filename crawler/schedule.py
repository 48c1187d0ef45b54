"""`newsmill schedule`: the crontab line or systemd service+timer for the nightly run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

MARK = "# newsmill nightly"


LINGER_NOTE = ("A user timer runs only while you are logged in, unless lingering is on for your account: "
               "`loginctl enable-linger $USER` (once) lets it fire at night with nobody logged in.")


class UnsafePath(ValueError):
    """A path no crontab line or unit file can hold: a line break ends the line (what follows could be a
    directive of its own), and a NUL ends the text."""


def check_path(path) -> str:
    text = str(path)
    if any(c in text for c in "\n\r\0"):
        raise UnsafePath(f"{text!r}: a path with a line break or NUL cannot go in a crontab line or a unit file")
    return text


def nightly_command(project: Path, sites: Path, db: Path, newsmill: Path | None = None) -> str:
    newsmill = newsmill or Path(sys.executable).parent / "newsmill"
    return f"cd {_q(project)} && {_q(newsmill)} nightly --sites {_q(sites)} --db {_q(db)}"


def crontab_line(project: Path, sites: Path, db: Path, hour: int, minute: int, newsmill: Path | None = None) -> str:
    """The log folder is created first (cron's shell cannot append to a file in a missing folder), and
    each run starts its part of the log with a dated header. Every `%` is escaped: cron turns a bare
    one into a newline and hands the shell only what came before it."""
    logs = project / "output" / "logs"
    header = 'echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) newsmill nightly"'
    command = (f"mkdir -p {_q(logs)} && {{ {header}; {nightly_command(project, sites, db, newsmill)}; }}"
               f" >> {_q(logs / 'cron.log')} 2>&1")
    return f"{minute} {hour} * * * {_cron_escaped(command)}  {MARK}"


def _cron_escaped(command: str) -> str:
    """`\\%` is cron's literal %. A path's own backslash before a % would swallow that escape, so ''
    parts them (shlex.quote put such a path in single quotes, where '' closes and reopens them)."""
    return command.replace("\\%", "\\''%").replace("%", "\\%")


def _q(path: Path) -> str:
    import shlex

    return shlex.quote(check_path(path))


def systemd_units(project: Path, sites: Path, db: Path, hour: int, minute: int) -> dict[str, str]:
    newsmill = Path(sys.executable).parent / "newsmill"
    # A trailing / (dropped by systemd) keeps a final backslash or space of the folder's name from
    # continuing the line or being stripped; this setting takes no quotes, only specifiers (%%).
    workdir = check_path(project).replace("%", "%%") + "/"
    service = (
        "[Unit]\nDescription=newsmill nightly news crawl\n\n"
        f"[Service]\nType=oneshot\nWorkingDirectory={workdir}\n"
        f"ExecStart={_systemd_q(newsmill, program=True)} nightly --sites {_systemd_q(sites)} --db {_systemd_q(db)}\n"
    )
    timer = (
        "[Unit]\nDescription=Run newsmill nightly\n\n"
        f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {"newsmill-nightly.service": service, "newsmill-nightly.timer": timer}


def _systemd_q(path: Path, program: bool = False) -> str:
    """A path as one ExecStart word that systemd reads back as it is (systemd.service, "Command lines"):
    double quotes with C-style backslash escapes, %% for a literal % (specifiers), and $$ for a literal $
    in an argument (variables; the program's own path is not expanded, and may hold no quote or backslash)."""
    text = check_path(path)
    if program and any(c in text for c in "\\\"'"):
        raise UnsafePath(f"{text!r}: systemd runs no program whose path holds a quote or a backslash")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return '"' + (text if program else text.replace("$", "$$")) + '"'


def install_crontab(line: str) -> str:
    """Add (or replace) our line in the user's crontab; returns what was done."""
    if not shutil.which("crontab"):
        raise RuntimeError("no `crontab` command here: install cron, or use --systemd")
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    lines = [l for l in (current.stdout.splitlines() if current.returncode == 0 else []) if MARK not in l]
    new = "\n".join([*lines, line]) + "\n"
    done = subprocess.run(["crontab", "-"], input=new, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"crontab refused the line: {done.stderr.strip()}")
    return "installed in your crontab (crontab -l shows it)"


def install_systemd(units: dict[str, str], unit_dir: Path) -> str:
    unit_dir.mkdir(parents=True, exist_ok=True)
    for name, text in units.items():
        (unit_dir / name).write_text(text, "utf-8")
    return (f"wrote {', '.join(units)} to {unit_dir}; enable with: "
            "systemctl --user daemon-reload && systemctl --user enable --now newsmill-nightly.timer\n"
            + LINGER_NOTE)
