"""newsmill search: FTS5 over title, body and FAQ text, filters, highlighted snippets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli import cli
from demo_db import CHANGED_PATH, FAQ_ONLY_WORD, copy_of_demo_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return str(copy_of_demo_db(tmp_path_factory.mktemp("search")))


def search(db_path, *args):
    result = CliRunner().invoke(cli, ["search", *args, "--db", db_path])
    return result


def test_finds_an_article_by_a_word_only_in_its_faq_answer(db_path):
    row = next(Database(db_path).query("SELECT * FROM articles WHERE url LIKE ?", ["%" + CHANGED_PATH]))
    assert FAQ_ONLY_WORD not in row["body"].lower() and FAQ_ONLY_WORD not in row["title"].lower()
    assert FAQ_ONLY_WORD in row["faq_text"]
    result = search(db_path, FAQ_ONLY_WORD)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"1. {row['title']}" and lines[1].strip() == row["url"]
    assert f"[{FAQ_ONLY_WORD}]" in lines[3]
    assert "James Carter" in lines[2] and "2025-10-14" in lines[2]
    assert "1 result" in result.stderr


def test_filters_narrow_the_results(db_path):
    site = Database(db_path).execute("SELECT site FROM articles LIMIT 1").fetchone()[0]
    assert "1. " in search(db_path, FAQ_ONLY_WORD, "--site", site).stdout
    assert search(db_path, FAQ_ONLY_WORD, "--site", "other.example").stdout == ""
    assert "1. " in search(db_path, FAQ_ONLY_WORD, "--author", "carter").stdout
    assert search(db_path, FAQ_ONLY_WORD, "--author", "nobody at all").stdout == ""
    assert "1. " in search(db_path, FAQ_ONLY_WORD, "--since", "2025-10-14").stdout
    assert search(db_path, FAQ_ONLY_WORD, "--since", "2025-10-15").stdout == ""
    assert "1. " in search(db_path, FAQ_ONLY_WORD, "--until", "2025-10-14").stdout  # the whole day
    assert search(db_path, FAQ_ONLY_WORD, "--until", "2025-10-13").stdout == ""
    language = Database(db_path).execute("SELECT language FROM articles WHERE url LIKE ?", ["%" + CHANGED_PATH]).fetchone()[0]
    assert "1. " in search(db_path, FAQ_ONLY_WORD, "--language", language).stdout
    assert search(db_path, FAQ_ONLY_WORD, "--language", "xx").stdout == ""


def test_ranks_best_first_and_limits(db_path):
    """'the' is everywhere; --limit caps it. A title word ranks its article first."""
    db = Database(db_path)
    many = search(db_path, "the", "--limit", "3").stdout
    assert [line[:2] for line in many.splitlines() if line[:1].isdigit()] == ["1.", "2.", "3."]
    title = next(db.query("SELECT title FROM articles WHERE url LIKE ?", ["%" + CHANGED_PATH]))["title"]
    assert search(db_path, "Venezuela").stdout.splitlines()[0] == f"1. {title}"


def test_changed_text_is_found_and_old_text_is_not(db_path):
    assert "1. " in search(db_path, '"five sources"').stdout
    assert search(db_path, '"four sources"').stdout == ""


def test_a_host_without_its_port_matches_every_port_and_an_unknown_site_is_warned_of(db_path, tmp_path):
    """Sites are stored as host:port (the demo: 127.0.0.1:8642): --site 127.0.0.1 matched nothing, and --site
    demo (a sites.toml name) matched nothing without a word."""
    site = Database(db_path).execute("SELECT site FROM articles LIMIT 1").fetchone()[0]
    host = site.rsplit(":", 1)[0]
    assert site != host and site.startswith("127.0.0.1:")
    found = search(db_path, FAQ_ONLY_WORD, "--site", host)
    assert "1. " in found.stdout and "Warning" not in found.stderr
    for command in (["search", FAQ_ONLY_WORD], ["export", "--out", str(tmp_path / "x.jsonl")], ["reextract"]):
        missed = CliRunner().invoke(cli, [*command, "--site", "demo", "--db", db_path])
        assert missed.exit_code == 0, missed.output
        [warning] = [line for line in missed.stderr.splitlines() if line.startswith("Warning")]
        assert warning.startswith("Warning: --site demo matches no stored site") and f"stored: {site}" in warning
    exported = CliRunner().invoke(cli, ["export", "--out", "-", "--site", host, "--db", db_path])
    assert exported.exit_code == 0 and exported.stdout.count("\n") >= 2 and "Warning" not in exported.stderr


def test_odd_queries_and_bad_options_are_clear(db_path):
    assert search(db_path, "al-Qaeda").exit_code == 0  # not FTS syntax: searched as plain words
    assert search(db_path, '"unbalanced').exit_code == 0
    bad = search(db_path, "x", "--since", "last week")
    assert bad.exit_code == 2 and "--since" in bad.output and "Traceback" not in bad.output  # a bad argument


def test_json_lists_the_hits_with_their_fields(db_path):
    import json

    text = search(db_path, FAQ_ONLY_WORD)
    result = search(db_path, FAQ_ONLY_WORD, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)  # one JSON document, nothing else on stdout
    assert isinstance(hits, list) and len(hits) == 1
    hit = hits[0]
    assert set(hit) == {"url", "title", "site", "published", "authors", "snippet", "rank"}
    assert text.stdout.splitlines()[1].strip() == hit["url"] and hit["url"].endswith(CHANGED_PATH)
    assert hit["authors"] == ["James Carter"] and hit["published"].startswith("2025-10-14")
    assert f"[{FAQ_ONLY_WORD}]" in hit["snippet"] and "\n" not in hit["snippet"]
    assert isinstance(hit["rank"], float)
    many = json.loads(search(db_path, "the", "--limit", "3", "--json").stdout)
    assert len(many) == 3 and [h["rank"] for h in many] == sorted(h["rank"] for h in many)  # best (lowest) first
    assert json.loads(search(db_path, FAQ_ONLY_WORD, "--site", "other.example", "--json").stdout) == []


def test_a_filtered_search_is_the_unfiltered_ranking_narrowed(tmp_path):
    """Site and author filters read a set of rowids instead of each match's row: same hits, same order."""
    from pipelines.query import search as search_db

    db = Database(copy_of_demo_db(tmp_path))
    db.execute("UPDATE articles SET site = 'news.other.example' WHERE rowid % 2 = 0")  # two sites, one a subdomain
    db.conn.commit()
    everything = search_db(db, "the OR und OR de OR la", limit=1000)
    assert len({h["site"] for h in everything}) == 2
    for site, matches in (("other.example", lambda s: s.endswith(".other.example")), (everything[0]["site"], None)):
        expected = [h["url"] for h in everything if (matches(h["site"]) if matches else h["site"] == site)]
        assert 0 < len(expected) < len(everything)
        assert [h["url"] for h in search_db(db, "the OR und OR de OR la", site=site, limit=1000)] == expected
    author = "James Carter"
    expected = [h["url"] for h in everything if author in (h["authors"] or "")]
    assert 0 < len(expected) < len(everything)
    assert [h["url"] for h in search_db(db, "the OR und OR de OR la", author=author, limit=1000)] == expected
    dated = [u for u in expected if next(db.query("SELECT published FROM articles WHERE url = ?", [u]))["published"]
             >= "2025-10-14"]
    assert [h["url"] for h in search_db(db, "the OR und OR de OR la", author=author, since="2025-10-14")] == dated


def test_until_the_last_day_python_can_hold_includes_that_day():
    """9999-12-31 + 1 day overflows: the bound is that day's date, before which nothing of the day sorts."""
    from pipelines.query import parse_until

    op, bound = parse_until("9999-12-31")
    assert op == "<" and "9999-12-31T23:59:59+00:00" < bound < "9999-12-32"


def _on_a_terminal(*args: str, env: dict) -> str:
    """The command's stdout when it is a terminal (a pseudo-terminal here)."""
    from conftest import on_a_terminal

    return on_a_terminal(list(args), env=env)[1]


def test_hits_are_in_colour_on_a_terminal_unless_no_color_is_set(db_path):
    coloured = _on_a_terminal("search", FAQ_ONLY_WORD, "--db", db_path, env={"NO_COLOR": ""})
    assert f"\x1b[1;33m{FAQ_ONLY_WORD}\x1b[0m" in coloured.lower()
    plain = _on_a_terminal("search", FAQ_ONLY_WORD, "--db", db_path, env={"NO_COLOR": "1"})
    assert f"[{FAQ_ONLY_WORD}]" in plain.lower() and "\x1b[" not in plain
