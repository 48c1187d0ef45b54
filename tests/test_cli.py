"""The newsmill command as a user runs it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from conftest import CORPUS, ROOT, run_newsmill


def test_extract_prints_one_json_record_per_page(tmp_path):
    seed = CORPUS / "seed" / "wordpress.html"
    real = CORPUS / "realworld" / "BBC_2024_08_01.html.gz"
    result = run_newsmill("extract", str(seed), str(real))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(seed), str(real)]
    for key in ("url", "title", "authors", "published", "language", "section", "body", "faqs"):
        assert key in records[0]
    assert records[0]["authors"] == [{"name": "James Carter", "role": "Senior News Editor"}]
    assert len(records[0]["faqs"]) == 3
    assert "Frequently Asked Questions" not in records[0]["body"]
    assert records[1]["language"] == "en" and len(records[1]["body"]) > 500


def test_extract_with_url_and_explain():
    seed = CORPUS / "seed" / "wordpress.html"
    result = run_newsmill("extract", str(seed), "--url", "https://news.example/world/x/", "--explain")
    record = json.loads(result.stdout)
    assert record["url"] == "https://news.example/world/x/"
    cleaners = {r["cleaner"] for r in record["explain"]}
    assert {"adblock", "breadcrumbs", "comments", "related", "promo", "faq"} <= cleaners


def test_explain_gives_the_evidence_and_what_a_guard_kept(tmp_path):
    story = "".join(f'<p class="text regwalled">Paragraph {i} of the council story: the budget vote was delayed '
                    f"again after a long debate about school funding and road repairs.</p>" for i in range(5))
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><h1>Council delays budget</h1><article>{story}</article>"
                    '<div class="comments-area"><p>Leave a comment</p></div></body></html>')
    result = run_newsmill("extract", str(page), "--url", "https://news.example/city/budget/", "--explain")
    record = json.loads(result.stdout)
    entries = record["explain"]
    kept = [e for e in entries if e.get("kept")]
    assert kept and all(e["cleaner"] == "adblock" for e in kept)
    assert "same-class prose paragraphs" in kept[0]["kept"]
    assert "Paragraph 3 of the council story" in record["body"]
    removed = [e for e in entries if e["cleaner"] == "comments"]
    assert removed and removed[0]["evidence"]["name"] == "comments-area"
    assert removed[0]["evidence"]["story_share"] < 0.2


def test_extract_bad_input_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = run_newsmill("extract", str(empty), str(tmp_path / "missing.html"), str(binary))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("newsmill extract: ") for line in lines)
    assert "Traceback" not in result.stderr


def test_stats_reports_counts(demo_site, tmp_path):
    from conftest import crawl

    db = tmp_path / "news.db"
    crawl(demo_site.url("/"), db)
    result = run_newsmill("stats", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "articles                7" in result.stdout
    assert "faqs                    3" in result.stdout


def test_stats_without_database_is_a_clear_error(tmp_path):
    result = run_newsmill("stats", "--db", str(tmp_path / "none.db"))
    assert result.returncode != 0
    assert "no database" in result.stderr and "Traceback" not in result.stderr


def test_bad_setting_override_is_rejected():
    result = run_newsmill("crawl", "http://127.0.0.1:9/", "-s", "NOEQUALS")
    assert result.returncode == 2 and "NAME=VALUE" in result.stderr


def test_scrapy_crawl_works_too(demo_site, tmp_path):
    db = tmp_path / "scrapy.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_urls={demo_site.url('/')}",
         "-s", f"SQLITE_PATH={db}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    from sqlite_utils import Database

    assert Database(db)["articles"].count == 7


def test_extraction_runs_in_worker_processes(seed):
    from crawler.worker import ExtractionPool

    pool = ExtractionPool(workers=2)
    try:
        result = asyncio.run(pool.analyse(seed[0], "http://127.0.0.1/world/venezuela-us-military-action/"))
    finally:
        pool.close()
    assert result.article is not None and result.article.title == seed[1]["title"]
    assert result.worker_pid != os.getpid()


def test_extract_decodes_a_file_by_its_meta_charset(tmp_path):
    body = "Le café du coin sert un café crème très apprécié des habitants du quartier. " * 8
    html = (f'<html><head><meta charset="windows-1252"><title>Le café du coin</title></head><body><article>'
            f"<h1>Le café du coin</h1><p>{body}</p></article></body></html>")
    page = tmp_path / "cp1252.html"
    page.write_bytes(html.encode("cp1252"))
    record = json.loads(run_newsmill("extract", str(page)).stdout)
    assert record["title"] == "Le café du coin"
    assert "café crème très apprécié" in record["body"]


def _db_with_runs(tmp_path):
    """The demo database (two finished crawls) plus a killed run closed later and a run left open."""
    from demo_db import copy_of_demo_db
    from pipelines.schema import open_db

    path = copy_of_demo_db(tmp_path)
    db = open_db(path)
    with db.atomic():
        db["crawl_runs"].insert({"id": 3, "started": "2025-10-15T02:30:00+00:00", "finished": "2025-10-15T02:31:00+00:00",
                                 "finish_reason": "killed", "exit_status": 1, "errors": 4, "pages": 9, "site": "demo"})
        db["crawl_runs"].insert({"id": 4, "started": "2025-10-16T02:30:00+00:00", "site": "demo"})
    db.close()
    return str(path)


def test_stats_lists_the_last_runs_and_the_unfinished_ones(tmp_path):
    from click.testing import CliRunner

    from crawler.cli import cli

    result = CliRunner().invoke(cli, ["stats", "--db", _db_with_runs(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Crawl runs by how they ended: finished 2, killed 1, unfinished 1" in out
    last = out.split("Last runs (newest first):\n")[1].split("Unfinished runs")[0].splitlines()
    assert [line.split()[0] for line in last] == ["#4", "#3", "#2", "#1"]
    assert "2025-10-15 02:30:00" in last[1] and "killed" in last[1] and "4 errors" in last[1]
    assert "no finish recorded" in last[0]
    unfinished = out.split("Unfinished runs")[1].splitlines()[1:]
    assert unfinished[0].split()[0] == "#4" and not unfinished[1].startswith("  #")


def test_stats_json_is_one_document_with_counts_and_runs(tmp_path):
    from click.testing import CliRunner

    from crawler.cli import cli

    result = CliRunner().invoke(cli, ["stats", "--db", _db_with_runs(tmp_path), "--json", "--runs", "2"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["tables"]["articles"] == 7 and stats["tables"]["faqs"] == 3 and stats["tables"]["crawl_runs"] == 4
    assert stats["schema_version"] > 0 and stats["size_bytes"] > 0
    assert [s["articles"] for s in stats["sites"]] == [7]
    assert [r["id"] for r in stats["last_runs"]] == [4, 3]
    assert stats["last_runs"][1]["errors"] == 4
    assert stats["last_runs"][1]["finish_reason"] == "killed" and stats["last_runs"][1]["started"].startswith("2025-10-15")
    assert [r["id"] for r in stats["unfinished_runs"]] == [4] and stats["unfinished_runs"][0]["finished"] is None
    assert stats["runs_by_finish_reason"] == {"finished": 2, "killed": 1, "unfinished": 1}


def _commands(group, prefix=()):
    import click  # noqa: PLC0415

    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_commands_help_exits_0_without_an_error_line():
    """--help ends in click's Exit(0), a RuntimeError since click 8.2: the group's one-line handler of
    RuntimeErrors once turned it into "Error: 0" and exit status 1."""
    from click.testing import CliRunner  # noqa: PLC0415

    from crawler.cli import cli  # noqa: PLC0415

    names = list(_commands(cli))
    assert len(names) > 10
    for args in [(), *names]:
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0, (args, result.output[-300:])
        assert "Error" not in result.output.splitlines()[-1], (args, result.output[-300:])


def test_demo_on_a_busy_port_is_refused_naming_port(tmp_path):
    """A busy 8642 fell back to another port: the next demo run stored every article again under a second
    site (127.0.0.1:NNNNN) instead of updating the same rows."""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_newsmill("demo", "--port", str(port), "--db", str(tmp_path / "news.db"), timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"Error: port {port} on 127.0.0.1: ") and "--port" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Demo site" not in result.stdout


def test_on_a_terminal_the_log_is_warnings_unless_it_goes_to_a_file(tmp_path, monkeypatch):
    """The WARNING default is for the terminal's stderr only: a log file (-s LOG_FILE=...) gets the INFO
    lines that --help and the README promise log files, and an explicit LOG_LEVEL wins either way."""
    from click.testing import CliRunner

    import crawler.cli
    import crawler.runner

    seen: list[dict] = []
    monkeypatch.setattr(crawler.cli, "_stderr_is_a_terminal", lambda: True)
    monkeypatch.setattr(crawler.runner, "run_crawl", lambda urls, overrides, **args: seen.append(overrides) or {})
    monkeypatch.setattr(crawler.cli, "_print_summary", lambda stats, db: None)
    log = str(tmp_path / "crawl.log")
    for extra, level in [((), "WARNING"), (("-s", f"LOG_FILE={log}"), None), (("-s", "LOG_FILE="), "WARNING"),
                         (("-s", f"LOG_FILE={log}", "-s", "LOG_LEVEL=DEBUG"), "DEBUG")]:
        result = CliRunner().invoke(crawler.cli.cli, ["crawl", "http://127.0.0.1:9/", "--db",
                                                      str(tmp_path / "x.db"), "--no-lock", *extra])
        assert result.exit_code == 0, (extra, result.output, result.exception)
        assert seen[-1].get("LOG_LEVEL") == level, (extra, seen[-1])
