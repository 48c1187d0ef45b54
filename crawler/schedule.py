"""`newsmill schedule`: the crontab line or systemd service+timer for the nightly run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

MARK = "# newsmill nightly"


def nightly_command(project: Path, sites: Path, db: Path) -> str:
    newsmill = Path(sys.executable).parent / "newsmill"
    return f"cd {project} && {newsmill} nightly --sites {sites} --db {db}"


def crontab_line(project: Path, sites: Path, db: Path, hour: int, minute: int) -> str:
    log = project / "output" / "logs" / "cron.log"
    return f"{minute} {hour} * * * {nightly_command(project, sites, db)} >> {log} 2>&1  {MARK}"


def systemd_units(project: Path, sites: Path, db: Path, hour: int, minute: int) -> dict[str, str]:
    service = (
        "[Unit]\nDescription=newsmill nightly news crawl\n\n"
        f"[Service]\nType=oneshot\nWorkingDirectory={project}\n"
        f"ExecStart={Path(sys.executable).parent / 'newsmill'} nightly --sites {sites} --db {db}\n"
    )
    timer = (
        "[Unit]\nDescription=Run newsmill nightly\n\n"
        f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {"newsmill-nightly.service": service, "newsmill-nightly.timer": timer}


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
            "systemctl --user daemon-reload && systemctl --user enable --now newsmill-nightly.timer")
