"""End to end: crawl the demo site over HTTP on 127.0.0.1 into SQLite."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from conftest import crawl


def _paths(db: Database) -> set[str]:
    return {urlsplit(row["url"]).path for row in db.query("SELECT url FROM articles")}


def _counts(db: Database) -> dict[str, int]:
    return {t: db[t].count for t in ("articles", "authors", "article_authors", "faqs")}


@pytest.fixture
def crawled(demo_site, tmp_path):
    db_path = tmp_path / "news.db"
    result = crawl(demo_site.url("/"), db_path)
    return demo_site, db_path, result


def test_stores_exactly_the_article_pages(crawled, site_expected):
    server, db_path, _ = crawled
    db = Database(db_path)
    assert _paths(db) == set(site_expected["articles"])
    for path in site_expected["not_articles"]:
        assert server.requests[path] >= 1, f"{path} should have been fetched"
    assert not _paths(db) & set(site_expected["not_articles"])


def test_obeys_robots_txt(crawled, site_expected):
    server, _, _ = crawled
    assert server.requests["/robots.txt"] == 1
    for path in site_expected["not_fetched"]:
        assert server.requests[path] == 0


def test_identifies_itself(crawled):
    server, _, _ = crawled
    assert len(server.user_agents) == 1
    assert next(iter(server.user_agents)).startswith("newsmill/")


def test_each_page_fetched_once(crawled):
    server, _, _ = crawled
    assert server.requests, "the crawl made no requests"
    assert max(server.requests.values()) == 1, server.requests.most_common(3)


def test_seed_page_stored_as_expected(crawled, seed):
    _, db_path, _ = crawled
    _, expected = seed
    db = Database(db_path)
    row = next(db.query("SELECT * FROM articles WHERE url LIKE '%/world/venezuela-us-military-action/'"))
    assert row["title"] == expected["title"]
    assert row["published"] == expected["published"]
    assert row["language"] == expected["language"]
    assert row["section"] == expected["section"]
    authors = list(db.query(
        "SELECT au.name, aa.role FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
        "WHERE aa.article_url = ? ORDER BY aa.position", [row["url"]]))
    assert authors == expected["authors"]
    faqs = list(db.query("SELECT question, answer FROM faqs WHERE article_url = ? ORDER BY position", [row["url"]]))
    assert faqs == expected["faqs"]
    for boilerplate in expected["boilerplate"]:
        assert boilerplate not in row["body"]
    from evals.metrics import body_scores, page_f1

    assert page_f1(*body_scores(row["body"], expected["body"])) >= 0.97


def test_full_text_search_finds_the_seed(crawled):
    _, db_path, _ = crawled
    db = Database(db_path)
    hits = list(db.query(
        "SELECT articles.url FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH 'Soleimani'"))
    assert len(hits) == 1 and hits[0]["url"].endswith("/world/venezuela-us-military-action/")


def test_second_crawl_changes_no_counts(crawled):
    server, db_path, _ = crawled
    before = _counts(Database(db_path))
    crawl(server.url("/"), db_path)
    assert _counts(Database(db_path)) == before
    assert before["articles"] == 7


def test_summary_reports_what_was_stored(crawled):
    _, _, result = crawled
    assert "Articles stored: 7" in result.stdout
    assert "FAQs stored:     3" in result.stdout


def test_crawl_from_sitemap(demo_site, tmp_path, site_expected):
    db_path = tmp_path / "s.db"
    crawl(demo_site.url("/sitemap.xml"), db_path, "--depth", "1")
    assert _paths(Database(db_path)) == set(site_expected["articles"])


def test_crawl_from_rss_feed(demo_site, tmp_path, site_expected):
    db_path = tmp_path / "f.db"
    crawl(demo_site.url("/feed.xml"), db_path, "--depth", "1")
    assert _paths(Database(db_path)) == set(site_expected["articles"])


def test_max_pages_bounds_the_crawl(demo_site, tmp_path):
    db_path = tmp_path / "m.db"
    crawl(demo_site.url("/"), db_path, "--max-pages", "3")
    assert sum(n for p, n in demo_site.requests.items() if p != "/robots.txt") == 3


def test_depth_0_fetches_the_start_urls_only(demo_site, tmp_path):
    """Scrapy reads DEPTH_LIMIT 0 as no limit; `--depth 0` follows no link, as the help says."""
    article = "/world/venezuela-us-military-action/"
    crawl(demo_site.url("/"), tmp_path / "d.db", demo_site.url(article), "--depth", "0")
    assert {p for p in demo_site.requests if p != "/robots.txt"} == {"/", article}


def test_depth_0_still_reads_what_a_sitemap_lists(demo_site, tmp_path, site_expected):
    crawl(demo_site.url("/sitemap.xml"), tmp_path / "s.db", "--depth", "0")
    assert _paths(Database(tmp_path / "s.db")) == set(site_expected["articles"])
