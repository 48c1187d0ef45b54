"""Docs as tests: what users can switch or call is documented."""

from __future__ import annotations

import re

import pytest

from cleaners.registry import ALL
from conftest import ROOT
from crawler import settings
from crawler.cli import cli

README = (ROOT / "README.md").read_text("utf-8")
OWN_SETTINGS = [n for n in dir(settings) if n.startswith(("SQLITE_", "CLEAN_", "EXTRACT_", "CRAWL_"))]


@pytest.mark.parametrize("name", ALL)
def test_cleaner_is_documented(name):
    assert re.search(rf"^\| `{name}` \|", README, re.M), f"cleaner {name} missing from README"


@pytest.mark.parametrize("name", OWN_SETTINGS)
def test_setting_is_documented(name):
    assert f"`{name}`" in README


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_command_has_help_with_an_example(command):
    help_text = cli.commands[command].help or ""
    assert help_text and "newsmill " + command in help_text


def test_readme_has_exactly_two_setup_commands():
    block = README.split("## Set up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    assert [line.split()[0:2] for line in block.strip().splitlines()] == [["make", "demo"], ["make", "test"]]


def test_readme_use_from_python_runs_as_a_doctest():
    import doctest

    section = README.split("## Use from Python", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    test = doctest.DocTestParser().get_doctest(code, {}, "README: Use from Python", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0 and runner.tries >= 5, "".join(output)


def test_readme_lists_every_table_and_view_of_a_new_database(tmp_path):
    from pipelines.schema import open_db

    db = open_db(tmp_path / "news.db")
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT "
                                      "LIKE 'articles_fts_%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
    db.close()
    section = README.split("## The database", 1)[1].split("\n## ", 1)[0]
    assert [n for n in names if f"`{n}`" not in section] == []
