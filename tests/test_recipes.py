"""docs/schema.md's analyst recipes, run as written against the demo database: the pandas read (skipped when
pandas is not installed: it is no newsmill dependency), the Datasette URL with facets (Datasette's test client,
with `newsmill browse`'s metadata, templates and plugin) and the full-text query in plain SQL."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import urllib.parse

import pytest

from conftest import ROOT
from demo_db import copy_of_demo_db

DOC = (ROOT / "docs" / "schema.md").read_text("utf-8")


def _section(doc: str, heading: str) -> str:
    """The text under a top-level heading, up to the next one (a `# comment` inside a code block is no heading)."""
    lines, inside, fenced = [], False, False
    for line in doc.splitlines():
        fenced ^= line.startswith("```")
        if line.startswith("# ") and not fenced:
            if inside:
                break
            inside = line == heading
        elif inside:
            lines.append(line)
    return "\n".join(lines) + "\n"


RECIPES = _section(DOC, "# Analyst recipes")


def _block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", RECIPES, re.S)
    assert len(blocks) == 1, f"expected one {language} block in the recipes"
    return blocks[0]


def _sql_off(kwargs: dict) -> dict:
    """As `newsmill browse` serves it by default: arbitrary SQL off."""
    from pipelines.datasette import SETTINGS

    return {**kwargs, "settings": {**SETTINGS, "default_allow_sql": False}}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return copy_of_demo_db(tmp_path_factory.mktemp("recipes"))


def test_fts_query_in_plain_sql(db_path):
    with sqlite3.connect(db_path) as con:
        rows = con.execute(_block("sql")).fetchall()
        titles = {t for (t,) in con.execute("SELECT title FROM articles")}
    assert rows and rows[0][0] in titles
    assert "Venezuela" in rows[0][0]  # the title hit ranks first
    assert all("[" in hit for *_, hit in rows)


def test_pandas_read(db_path):
    pytest.importorskip("pandas", reason="pandas is not a newsmill dependency; the recipe needs it installed")
    code = _block("python").replace('"output/news.db"', repr(str(db_path)))
    scope: dict = {}
    exec(compile(code, "docs/schema.md recipe", "exec"), scope)
    articles, counts = scope["articles"], scope["per_site_and_month"]
    with sqlite3.connect(db_path) as con:
        total, dated = con.execute("SELECT count(*), count(published) FROM articles").fetchone()
    assert len(articles) == total and int(counts.sum()) == dated
    assert str(articles["published"].dtype).startswith("datetime64")


def test_datasette_url_with_facets(db_path):
    datasette_app = pytest.importorskip("datasette.app")
    from pipelines.datasette import datasette_kwargs

    url = urllib.parse.urlsplit(_block("text").strip())
    assert url.path == "/news/article_list"
    json_path = f"{url.path}.json?{url.query}"

    async def fetch():
        ds = datasette_app.Datasette(**_sql_off(datasette_kwargs(db_path)))
        await ds.invoke_startup()
        return await ds.client.get(f"{url.path}?{url.query}"), await ds.client.get(json_path)

    page, data = asyncio.run(fetch())
    assert page.status_code == 200 and 'name="_search"' in page.text
    answer = data.json()
    assert answer["rows"] and all(row[answer["columns"].index("language")] == "en" for row in answer["rows"])
    facets = answer["facet_results"]
    assert {"site", "authors"} <= set(facets)
    assert sum(f["count"] for f in facets["site"]["results"]) == len(answer["rows"])
