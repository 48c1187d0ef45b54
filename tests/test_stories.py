"""Story clusters (pipelines/stories.py): the same wire story on several sites is one cluster, kept up to
date run by run; different stories on one topic are not; a crawl of two local sites clusters their copies."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from conftest import CORPUS, crawl
from crawler.siteserver import SiteServer
from pipelines.fingerprint import simhash
from pipelines.schema import apply_migrations, open_db
from pipelines.stories import update_story_clusters

MANIFEST = {m["id"]: m for m in json.loads((CORPUS / "realworld" / "manifest.json").read_text("utf-8"))}
WIRE = MANIFEST["uk-EveningStandard_2024_05_02"]["body"]
OTHER = MANIFEST["de-Taz_2024_10_23"]["body"]


def _with_boilerplate(body: str, site: str, keep: float = 1.0) -> str:
    paragraphs = [p for p in body.split("\n") if p.strip()]
    paragraphs = paragraphs[:max(2, int(len(paragraphs) * keep))]
    return (f"LONDON (Wire) - Published by {site}\n\n" + "\n\n".join(paragraphs)
            + f"\n\n© 2025 {site}. Sign up for the {site} newsletter for the morning's most important stories.")


def _add(db, url: str, body: str, first_seen: str, published: str | None = None) -> None:
    text = "body_text" if "body_text" in db["articles"].columns_dict else "body"  # an older schema's name
    with db.atomic():
        db["articles"].insert({"url": url, "site": url.split("/")[2], "title": url.rsplit("/", 1)[1], text: body,
                               "first_seen": first_seen, "last_seen": first_seen, "published": published,
                               "simhash": simhash(body), "word_count": len(body.split())}, replace=True)


def _clusters(db) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM story_clusters ORDER BY id")]


def test_wire_copy_on_two_sites_is_one_story_with_its_earliest_publisher():
    db = open_db(":memory:")
    _add(db, "https://daily.example/news/a", _with_boilerplate(WIRE, "Daily", 0.7), "2025-06-01T09:00:00+00:00",
         "2025-06-01T08:30:00+00:00")
    _add(db, "https://herald.example/world/b", _with_boilerplate(WIRE, "Herald"), "2025-06-01T10:00:00+00:00",
         "2025-06-01T07:45:00+00:00")
    _add(db, "https://herald.example/world/c", _with_boilerplate(OTHER, "Herald"), "2025-06-01T10:00:00+00:00")
    assert update_story_clusters(db, now="2025-06-01T12:00:00+00:00") == {"checked": 3, "joined": 1, "created": 1}
    (cluster,) = _clusters(db)
    assert cluster["earliest_site"] == "herald.example" and cluster["earliest_url"] == "https://herald.example/world/b"
    assert json.loads(cluster["outlets"]) == ["herald.example", "daily.example"] and cluster["articles"] == 2
    assert cluster["first_seen"] == "2025-06-01T09:00:00+00:00"


def test_copies_first_seen_in_the_same_second_keep_the_order_they_were_stored_in():
    # first_seen is to the second: two crawls a moment apart tie, and the addresses (random ports in a
    # test, any names in life) must not decide which outlet was first
    db = open_db(":memory:")
    _add(db, "https://zeta.example/news/a", _with_boilerplate(WIRE, "Zeta"), "2025-06-01T09:00:00+00:00")
    _add(db, "https://alpha.example/world/b", _with_boilerplate(WIRE, "Alpha", 0.7), "2025-06-01T09:00:00+00:00")
    update_story_clusters(db, now="2025-06-01T12:00:00+00:00")
    (cluster,) = _clusters(db)
    assert cluster["earliest_url"] == "https://zeta.example/news/a"
    assert json.loads(cluster["outlets"]) == ["zeta.example", "alpha.example"]


def test_a_later_run_joins_new_copies_to_the_existing_cluster():
    db = open_db(":memory:")
    _add(db, "https://a.example/1", _with_boilerplate(WIRE, "A"), "2025-06-01T09:00:00+00:00")
    _add(db, "https://b.example/1", _with_boilerplate(WIRE, "B", 0.6), "2025-06-01T09:30:00+00:00")
    update_story_clusters(db, now="2025-06-01T12:00:00+00:00")
    first = _clusters(db)
    _add(db, "https://c.example/1", _with_boilerplate(WIRE, "C", 0.8), "2025-06-02T09:00:00+00:00")
    _add(db, "https://c.example/2", _with_boilerplate(OTHER, "C"), "2025-06-02T09:00:00+00:00")
    assert update_story_clusters(db, now="2025-06-02T12:00:00+00:00") == {"checked": 2, "joined": 1, "created": 0}
    (cluster,) = _clusters(db)
    assert cluster["id"] == first[0]["id"] and cluster["sites"] == 3
    members = dict(db.execute("SELECT article_url, cluster_id FROM story_members").fetchall())
    assert set(members) == {"https://a.example/1", "https://b.example/1", "https://c.example/1"}
    # the next pass checks nothing: the unclustered article was compared when it was new
    assert update_story_clusters(db, now="2025-06-02T13:00:00+00:00") == {"checked": 0, "joined": 0, "created": 0}


def test_different_stories_on_one_topic_and_one_sites_copies_are_no_cluster():
    db = open_db(":memory:")
    stories = [m for m in MANIFEST.values() if m.get("language") == "de" and len((m["body"] or "").split()) > 200
               and m["id"] != "de-Taz_2023_04_28"][:6]  # (the corpus holds that taz story twice)
    for n, story in enumerate(stories):
        _add(db, f"https://site{n % 3}.example/{n}", _with_boilerplate(story["body"], f"Site {n % 3}"),
             "2025-06-01T09:00:00+00:00")
    _add(db, "https://site0.example/again", _with_boilerplate(stories[0]["body"], "Site 0"), "2025-06-01T09:10:00+00:00")
    update_story_clusters(db, now="2025-06-01T12:00:00+00:00")
    assert _clusters(db) == []  # nor the story site0 printed twice: one outlet is no syndication
    assert db.execute("SELECT count(*) FROM story_members").fetchone()[0] == 0


def test_the_migration_keeps_existing_articles(tmp_path):
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    apply_migrations(db, stop_before="add_story_clusters")
    _add(db, "https://a.example/1", _with_boilerplate(WIRE, "A"), "2025-06-01T09:00:00+00:00")
    db.close()
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM story_clusters").fetchone()[0] == 0


def _page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head><title>{title}</title></head><body><header><a href='/'>Home</a></header><main><article>"
            f"<h1>{title}</h1>{paragraphs}</article></main><footer>Contact us</footer></body></html>").encode()


def test_a_crawl_of_two_sites_clusters_their_copies_and_the_canned_query_lists_it(tmp_path):
    datasette_app = pytest.importorskip("datasette.app")
    from pipelines.datasette import datasette_kwargs

    db_path = tmp_path / "news.db"
    root = tmp_path / "empty"
    root.mkdir()
    with SiteServer(root) as one, SiteServer(root) as two:
        one.overrides["/news/rail-strike/"] = _page("Rail strike called off", _with_boilerplate(WIRE, "One"))
        two.overrides["/world/rail-strike-ends/"] = _page("Strike ends", _with_boilerplate(WIRE, "Two", 0.7))
        crawl(one.url("/news/rail-strike/"), db_path, "--max-pages", "1")
        crawl(two.url("/world/rail-strike-ends/"), db_path, "--max-pages", "1")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*), max(sites) FROM story_clusters").fetchone() == (1, 2)

    async def query():
        ds = datasette_app.Datasette(**datasette_kwargs(db_path), settings={"default_allow_sql": False})
        await ds.invoke_startup()
        return await ds.client.get(f"/{db_path.stem}/story_clusters.json?_shape=array")
    response = asyncio.run(query())
    assert response.status_code == 200, response.text[:300]
    (row,) = response.json()
    assert row["sites"] == 2 and row["title"] == "Rail strike called off" and len(row["urls"].split()) == 2
