"""`newsmill schedule`: the crontab line works in a fresh checkout (no output/logs/ yet), each run's log
part starts with a dated header, and a missing or broken sites file is refused before anything is scheduled."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT, run_newsmill
from crawler import schedule as sched


def test_the_crontab_line_creates_its_log_folder_and_writes_a_dated_header(tmp_path):
    project = tmp_path / "project with space"
    project.mkdir()
    fake = tmp_path / "newsmill"
    fake.write_text('#!/bin/sh\necho "nightly ran in $(pwd) with: $*"\n')
    fake.chmod(0o755)
    line = sched.crontab_line(project, project / "sites.toml", project / "output" / "news.db", 2, 30, newsmill=fake)
    command = line.split(" ", 5)[5].rsplit(sched.MARK, 1)[0]
    assert "%" not in command.replace("\\%", "")  # cron would cut the line at a bare %
    for _ in range(2):
        done = subprocess.run(["/bin/sh", "-c", command.replace("\\%", "%")], capture_output=True, text=True,
                              timeout=30)
        assert done.returncode == 0, done.stderr
    log = (project / "output" / "logs" / "cron.log").read_text().splitlines()
    assert len(log) == 4
    assert re.fullmatch(r"=== \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ newsmill nightly", log[0]), log
    assert log[1].startswith(f"nightly ran in {project} with: nightly --sites {project / 'sites.toml'}")


def test_schedule_refuses_a_missing_or_broken_sites_file(tmp_path):
    missing = run_newsmill("schedule", "--sites", str(tmp_path / "none.toml"), timeout=60)
    assert missing.returncode == 1 and "cannot read" in missing.stderr and not missing.stdout
    broken = tmp_path / "sites.toml"
    broken.write_text('[sites.x]\nstart_urls = ["not a url"]\n')
    result = run_newsmill("schedule", "--sites", str(broken), timeout=60)
    assert result.returncode == 1 and not result.stdout and "Traceback" not in result.stderr, result.stderr


def test_systemd_units_say_what_lingering_is_for():
    result = run_newsmill("schedule", "--systemd", "--sites", str(ROOT / "sites.example.toml"), timeout=60)
    assert result.returncode == 0 and "loginctl enable-linger" in result.stdout
    assert "while you are logged in" in result.stdout
