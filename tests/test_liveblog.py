"""Live blogs: entries read from four markup families (cleaners/fields/liveblog.py), stored in `updates`,
and a re-crawl of the page with one more entry adds exactly that entry."""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleaners.extract import extract_article
from cleaners.fields.jsonld import read_jsonld
from cleaners.fields.liveblog import extract_updates
from cleaners.parse import parse_html
from conftest import CORPUS, crawl
from crawler.siteserver import SiteServer
from newsmill.records import Article, Update
from pipelines.schema import apply_migrations, open_db
from pipelines.store import store_article

FIXTURES = Path(__file__).parent / "fixtures" / "liveblog"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
NOW = datetime(2025, 12, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_entry_is_read_with_its_key_time_and_title(name):
    article = extract_article((FIXTURES / name).read_bytes(), "https://example.org/live/x", now=NOW)
    found = [{"key": u.key, "published": u.published, "title": u.title, "starts": u.text[:40]} for u in article.updates]
    assert found == EXPECTED[name]
    assert all(len(u.text) > 60 for u in article.updates)  # the entry's whole text, not its time or byline


@pytest.mark.parametrize("name", ["wp-liveblog.html", "easy-liveblogs.html", "jsonld-liveblogposting.html"])
def test_the_body_keeps_the_standing_text_and_no_entry(name):
    article = extract_article((FIXTURES / name).read_bytes(), "https://example.org/live/x", now=NOW)
    assert len(article.body) >= 200
    for update in article.updates:
        assert update.text[:60] not in article.body
        assert not update.title or update.title not in article.body


def test_a_json_ld_entry_with_html_in_its_body_is_read_as_text():
    first = extract_article((FIXTURES / "jsonld-liveblogposting.html").read_bytes(), "https://x.example/", now=NOW)
    assert first.updates[0].text.startswith("The men's race") and "<p>" not in first.updates[0].text


# Teaser lists of <article>s with <time>s (Stern, El País, The Intercept) are no live blogs.
_TEASER_LISTS = ["Stern_2023_04_28", "Stern_2024_11_05", "ElPais_2024_10_15", "TheIntercept_2024_02_28"]


@pytest.mark.parametrize("path", sorted((CORPUS / "seed").glob("*.html"))[:8] + sorted(
    (CORPUS / "realworld").glob("*.html.gz"))[::12] + [CORPUS / "realworld" / f"{name}.html.gz" for name in _TEASER_LISTS],
    ids=lambda p: p.name)
def test_ordinary_articles_have_no_updates(path):
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    assert extract_article(data, "https://example.org/a", now=NOW).updates == []


def test_one_timestamped_block_is_no_stream():
    html = ('<html><body><div class="liveblog-entry" id="liveblog-entry-1" data-timestamp="1741949400">'
            '<div class="liveblog-entry-text"><p>Only one entry so far, and that is an article.</p></div></div>'
            "</body></html>")
    tree = parse_html(html)
    assert extract_updates(tree, read_jsonld(tree), NOW) == ([], [])


_PIECES = st.sampled_from([
    '<div class="liveblog-entry" id="liveblog-entry-7" data-timestamp="99999999999999">',
    '<li class="elb-liveblog-post" data-elb-post-id="">', '<time datetime="2025-13-45T99:00">',
    '<div itemprop="liveBlogUpdate" itemscope>', '<h2>', '</h2>', '<p>', '</p>', '</div>', '</li>',
    '<article id="a">', '</article>', '<div itemprop="articleBody">', '<meta itemprop="datePublished" content="x">',
    '<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": [{"articleBody": 5}, 3, '
    '{"headline": ["a", 1], "@id": {"x": 1}, "articleBody": "<p>broken <b"}]}</script>',
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)), max_size=40))
def test_hostile_markup_gives_updates_or_none_never_an_exception(pieces):
    tree = parse_html("<html><body>" + "".join(pieces) + "</body></html>")
    updates, _ = extract_updates(tree, read_jsonld(tree), NOW)
    assert all(isinstance(u, Update) and u.key for u in updates)


def _stored(db_path) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT key, first_seen, text FROM updates ORDER BY published").fetchall()


def test_a_recrawl_adds_only_the_new_entry_and_leaves_the_body(tmp_path):
    page = (FIXTURES / "wp-liveblog.html").read_text("utf-8")
    newer = ('<div id="liveblog-entry-4420" class="liveblog liveblog-entry type-new" data-timestamp="1741953000">'
             '<header class="liveblog-meta"><span class="liveblog-meta-time"><a href="#liveblog-entry-4420">'
             '<span class="date">March 14, 2025</span><span class="time">11:50 am</span></a></span></header>'
             '<div class="liveblog-entry-text"><p>Engineers say the crack is smaller than first feared and one lane '
             'could reopen for buses by the evening.</p></div></div>\n')
    root = tmp_path / "site"
    root.mkdir()
    db = tmp_path / "news.db"
    with SiteServer(root) as server:
        server.overrides["/live/bridge/"] = page.encode()
        url = server.url("/live/bridge/")
        crawl(url, db, "--max-pages", "1")
        first = _stored(db)
        assert [k for k, _, _ in first] == ["id:liveblog-entry-4402", "id:liveblog-entry-4407", "id:liveblog-entry-4411"]
        server.overrides["/live/bridge/"] = page.replace('<div class="liveblog-feed">\n',
                                                         '<div class="liveblog-feed">\n' + newer).encode()
        crawl(url, db, "--max-pages", "1")
    second = _stored(db)
    assert second[:3] == first  # same keys, same first_seen, same text
    assert second[3][0] == "id:liveblog-entry-4420" and second[3][2].startswith("Engineers say the crack")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM article_revisions").fetchone()[0] == 0  # the body was not rewritten
        assert conn.execute("SELECT outcome FROM pages ORDER BY fetched_at DESC LIMIT 1").fetchone()[0] == "unchanged"


def test_the_migration_keeps_existing_articles(tmp_path):
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    apply_migrations(db, stop_before="add_live_blog_updates")
    db["articles"].insert({"url": "https://x.example/a", "site": "x.example", "title": "T", "body": "words " * 80})
    db.close()
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    article = Article(url="https://x.example/a", title="T", body="words " * 80,
                      updates=[Update("id:1", "2025-01-01T10:00:00+00:00", None, "first entry")])
    with db.atomic():
        store_article(db, article, "https://x.example/a", "2025-01-01T11:00:00+00:00")
    assert db.execute("SELECT key, text FROM updates").fetchall() == [("id:1", "first entry")]
