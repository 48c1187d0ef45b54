"""`newsmill reextract` writes the database: it takes the writer lock that crawl, demo and nightly take."""

from __future__ import annotations

from click.testing import CliRunner

from crawler import cli as cli_module
from crawler.lock import RunLock
from pipelines.schema import open_db


def test_reextract_refuses_while_another_run_writes(tmp_path):
    db = tmp_path / "news.db"
    open_db(db).close()
    with RunLock(db):
        result = CliRunner().invoke(cli_module.cli, ["reextract", "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: another newsmill run is writing") and result.stderr.count("\n") == 1
    done = CliRunner().invoke(cli_module.cli, ["reextract", "--db", str(db)])
    assert done.exit_code == 0 and "Pages re-extracted: 0" in done.stdout
