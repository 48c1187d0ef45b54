"""newsmill browse on rows another program changed (BLOBs, text where numbers belong, tags that are not JSON,
javascript: and data: URLs): every page answers 200 with no traceback, and only http(s) URLs become links.
Found by fuzzing `newsmill browse`; each database is the demo one with a few sqlite3 UPDATEs."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest
from markupsafe import escape

from demo_db import copy_of_demo_db
from pipelines.compat import Database
from pipelines.datasette import SETTINGS, datasette_kwargs
from pipelines.schema import apply_migrations, open_db

datasette_app = pytest.importorskip("datasette.app")
tilde_encode = pytest.importorskip("datasette.utils").tilde_encode

LIST_PAGES = ["/news/article_list", "/news/article_list.json?_shape=array", "/news/article_list.csv",
              "/news/article_list?_facet_array=authors&_facet=site&_facet=published"]
# A link or resource whose URL would run script in the page's origin (or load a document in it).
UNSAFE_LINK = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|data|vbscript):""", re.I)


@pytest.fixture
def hostile(tmp_path):
    """(path, url of the newest article) after UPDATEs on a copy of the demo database; in a statement, :url is
    that URL and other :names are the keyword arguments."""
    def make(*statements: str, **params):
        path = copy_of_demo_db(tmp_path)
        conn = sqlite3.connect(path)
        url = conn.execute("SELECT url FROM articles ORDER BY published DESC LIMIT 1").fetchone()[0]
        with conn:
            for sql in statements:
                conn.execute(sql, {"url": url, **params})
        conn.close()
        return path, url
    return make


def _get(db_path, paths: list[str]) -> list:
    async def run():
        ds = datasette_app.Datasette(**datasette_kwargs(db_path), settings={**SETTINGS, "default_allow_sql": False})
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]
    return asyncio.run(run())


def _all_ok(db_path, paths: list[str]) -> list:
    responses = _get(db_path, paths)
    for path, response in zip(paths, responses):
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        assert "Traceback" not in response.text, path
    return responses


def _article(url: str) -> str:
    return "/news/articles/" + tilde_encode(url)


# B1: JSON cannot hold a BLOB: json_group_array in article_list failed every query of the view.
def test_blob_author_name_lists_in_hex_everywhere(hostile):
    path, url = hostile("UPDATE authors SET name = x'ff00' WHERE id ="
                        " (SELECT author_id FROM article_authors WHERE article_url = :url ORDER BY position LIMIT 1)")
    landing, listing, as_json, as_csv, faceted, article = _all_ok(path, ["/", *LIST_PAGES, _article(url)])
    row = next(r for r in as_json.json() if r["url"] == url)
    assert "FF00" in row["authors"]  # in hex, the same text `newsmill search` gives
    assert "FF00" in faceted.text and "FF00" in as_csv.text and "FF00" in landing.text
    # The byline links to the list filtered by the name as the list holds it, and that filter finds it.
    assert "authors__arraycontains=FF00" in article.text
    found = _all_ok(path, ["/news/article_list.json?_shape=array&authors__arraycontains=FF00"])[0].json()
    assert [r["url"] for r in found] == [url]


def test_a_database_made_before_the_fix_gets_the_blob_safe_view(tmp_path):
    db = Database(tmp_path / "old.db")
    apply_migrations(db, stop_before="make_article_list_blob_safe")
    db["articles"].insert({"url": "https://a.example/1/", "site": "a.example", "title": "Harbour"})
    db["authors"].insert({"id": 1, "name": b"\xff\x00", "name_key": "x"})
    db["article_authors"].insert({"article_url": "https://a.example/1/", "author_id": 1, "position": 0})
    with pytest.raises(sqlite3.OperationalError, match="BLOB"):
        db.execute("SELECT authors FROM article_list").fetchall()
    db.close()
    migrated = open_db(tmp_path / "old.db")  # what `newsmill browse` does before serving
    assert migrated.execute("SELECT authors FROM article_list").fetchall() == [('["FF00"]',)]


# B2: an article's own page, each value of the wrong type in turn.
@pytest.mark.parametrize("statement, shown", [
    ("UPDATE articles SET body_text = x'00ff' WHERE url = :url", "\\xff"),
    ("UPDATE articles SET word_count = 'many' WHERE url = :url", "many words"),
    ("UPDATE articles SET word_count = x'ff' WHERE url = :url", "\\xff words"),
    ("UPDATE articles SET word_count = 1234.5 WHERE url = :url", "1,234.5 words"),
    ("UPDATE articles SET first_seen = x'ff', last_seen = x'' WHERE url = :url", "First stored \\xff, last fetched ;"),
    ("UPDATE articles SET published = x'ff', modified = x'fe' WHERE url = :url", "published \\xff"),
    ("UPDATE articles SET tags = 'not json' WHERE url = :url", "<span>not json</span>"),
    ("UPDATE articles SET tags = x'5b22ff225d' WHERE url = :url", "Tags"),
    ("UPDATE articles SET site = x'ff41', site_name = NULL WHERE url = :url", "\\xffA"),
    ("UPDATE articles SET title = x'ff', extraction_path = x'fe' WHERE url = :url", "extracted by \\xfe"),
    ("UPDATE authors SET name = x'ff00' WHERE id IN (SELECT author_id FROM article_authors WHERE article_url = :url)",
     "By <a"),
    ("UPDATE article_authors SET role = x'ff' WHERE article_url = :url", "(\\xff)"),
    ("UPDATE faqs SET question = x'ff', answer = 5", "<dt>\\xff</dt>"),
])
def test_article_page_with_a_value_of_the_wrong_type(hostile, statement, shown):
    path, url = hostile(statement)
    page = _all_ok(path, [_article(url)])[0]
    assert "newsmill-article" in page.text and shown in page.text


def test_tags_that_are_not_json_are_one_tag_not_an_error(hostile):
    path, url = hostile("UPDATE articles SET tags = '[\"a\", ' WHERE url = :url")
    assert '<span>[&#34;a&#34;, </span>' in _all_ok(path, [_article(url)])[0].text


# B3: the landing page's totals and lists.
@pytest.mark.parametrize("statement, shown", [
    ("UPDATE articles SET published = x'ff' WHERE url = :url", "newest published \\xff"),
    ("UPDATE articles SET site = x'ff41' WHERE url = :url", "?site=%5CxffA"),
    ("UPDATE articles SET title = x'ff', section = x'fe', url = x'ff00' WHERE url = :url", "\\xfe"),
])
def test_landing_page_with_a_value_of_the_wrong_type(hostile, statement, shown):
    path, _ = hostile(statement)
    page = _all_ok(path, ["/"])[0]
    assert "Latest articles" in page.text and shown in page.text


# B4: Datasette links a BLOB cell by the row's primary key, which a view has none of (IndexError, 500).
@pytest.mark.parametrize("column", ["site", "published", "section", "language", "word_count", "title", "url"])
def test_article_list_with_a_blob_in_a_column(hostile, column):
    path, _ = hostile(f"UPDATE articles SET {column} = x'ff41' WHERE url = :url")
    responses = _all_ok(path, [*LIST_PAGES, f"/news/article_list?_sort={column}", "/news/top_authors"])
    assert f'<td class="col-{column} type-bytes">' in responses[0].text.replace("\n", "")
    assert "\\xffA" in responses[0].text  # as text, like the other pages


def test_article_list_with_an_empty_blob(hostile):
    path, _ = hostile("UPDATE articles SET section = x'' WHERE url = :url")
    assert "blob-download" not in _all_ok(path, ["/news/article_list"])[0].text


# B5: a stored URL is no more trusted than the page it came from.
@pytest.mark.parametrize("stored", ["javascript:alert(document.domain)", "JavaScript:alert(1)",
                                    " javascript:alert(1)", "java\tscript:alert(1)",
                                    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"])
def test_article_page_links_only_http_urls(hostile, stored):
    path, _ = hostile("UPDATE articles SET url = :bad, canonical_url = :bad, image_url = :bad, body_markdown = :md"
                      " WHERE url = :url", bad=stored, md=f"[x]({stored}) ![i]({stored}) <a href='{stored}'>y</a>")
    pages = _all_ok(path, [_article(stored), "/", "/news/article_list", "/news/articles"])
    assert "newsmill-article" in pages[0].text
    for page in pages:
        assert not UNSAFE_LINK.search(page.text), UNSAFE_LINK.search(page.text).group(0)
    source = re.search(r'<p class="meta">Source: (.*?)</p>', pages[0].text, re.S).group(1)
    assert "<a" not in source and str(escape(stored)) in source  # shown, escaped, not linked


def test_article_page_still_links_an_http_source(hostile):
    path, url = hostile()
    assert url.startswith("http://")
    page = _all_ok(path, [_article(url)])[0]
    assert f'Source: <a href="{url}" rel="noopener noreferrer nofollow">' in page.text
