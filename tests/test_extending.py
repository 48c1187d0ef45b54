"""docs/extending.md, run as written: the donations cleaner found through a real entry point, its tests
with the removes/keeps helpers, the CLEANERS setting, and the site rule functions (lxml and soup)."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from cleaners import explain_article, registry
from cleaners.overrides import rules_for
from crawler.sites import load_site_rules

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "extending.md").read_text("utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, re.S)


def _file(name: str) -> str:
    """The doc's code block that starts with `# name`."""
    return next(code for _, code in BLOCKS if code.startswith(f"# {name}\n"))


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """The doc's cleaner installed as a package would be: its module and a dist-info naming the entry point."""
    (tmp_path / "newsmill_donations.py").write_text(_file("newsmill_donations.py"))
    entry = tomllib.loads(next(code for kind, code in BLOCKS if kind == "toml" and "entry-points" in code))
    dist = tmp_path / "newsmill_donations-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: newsmill-donations\nVersion: 1.0\n")
    group = entry["project"]["entry-points"]["newsmill.cleaners"]
    (dist / "entry_points.txt").write_text("[newsmill.cleaners]\n" + "".join(f"{k} = {v}\n" for k, v in group.items()))
    monkeypatch.syspath_prepend(str(tmp_path))
    _forget()
    yield sys.modules.get("newsmill_donations")
    monkeypatch.undo()
    sys.modules.pop("newsmill_donations", None)
    _forget()


def _forget():
    registry._third_party.cache_clear()
    registry._default_less.cache_clear()
    registry._union_of_patterns.cache_clear()


def test_the_entry_point_makes_the_cleaner_run_in_its_order(plugin):
    assert "donations" in registry.available()
    names = registry.plan().tree
    assert names.index("newsletter") < names.index("donations") < names.index("share")
    moved = registry.plan({"donations": 150, "related": None})
    assert moved.tree[:2] == ("adblock", "donations") and "related" not in moved.tree


def test_the_doc_s_cleaner_tests_pass(plugin, tmp_path):
    namespace: dict = {}
    exec(compile(_file("test_newsmill_donations.py"), "test_newsmill_donations.py", "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_")]
    assert len(tests) == 2
    for test in tests:
        test()


def test_the_cleaner_runs_in_a_whole_extraction_and_explains_itself(plugin):
    from cleaners.testing import URL, page

    html = page('<div class="support-us"><p>Support our journalism with a monthly gift of any size.</p></div>')
    article, removals = explain_article(html, URL, disabled=registry.plan({"donations": 950}))
    assert "monthly gift" not in article.body and article.removed.get("donations") == 1
    assert [r.target for r in removals if r.cleaner == "donations"] == ["div.support-us"]


def test_the_helpers_catch_a_cleaner_that_does_nothing():
    import types

    from cleaners.testing import assert_removes

    idle = types.SimpleNamespace(NAME="idle", ATTR=re.compile("donat"), clean=lambda ctx: 0)
    try:
        with pytest.raises(AssertionError, match="idle removed nothing"):
            assert_removes(idle, '<div class="donate"><p>Give now.</p></div>', "Give now")
    finally:
        registry._REGISTERED.pop("idle", None)
        _forget()


@pytest.mark.parametrize("key", ["clean_function", "clean_soup_function"])
def test_the_doc_s_site_rules_drop_the_box(tmp_path, key):
    (tmp_path / "siterules.py").write_text(_file("siterules.py"))
    sites = _file("sites.toml").replace("# clean_soup_function", "clean_soup_function")
    if key == "clean_soup_function":
        sites = sites.replace('clean_function = "siterules.py:taz"', "")
    else:
        sites = sites.replace('clean_soup_function = "siterules.py:taz_soup"', "")
    (tmp_path / "sites.toml").write_text(sites)
    table = load_site_rules(tmp_path / "sites.toml")
    rules = rules_for("https://taz.de/Politik/!123/", table)
    assert getattr(rules, key.removeprefix("clean_")) is not None
    story = "".join(f"<p>{'The council voted on the housing law after a long debate in the chamber. ' * 3}</p>"
                    for _ in range(3))
    html = (f"<html><body><article><h1>Housing law</h1>{story}<div><p>Unterstützen Sie uns mit einem "
            "freiwilligen Beitrag.</p></div></article></body></html>")
    article, removals = explain_article(html, "https://taz.de/Politik/!123/", rules=rules)
    assert "freiwilligen Beitrag" not in article.body and "housing law" in article.body
    assert any(r.cleaner == "site" for r in removals)
