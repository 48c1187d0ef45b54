"""raw_pages compressed against per-site zstd dictionaries (pipelines/rawdict.py): every page reads back
byte for byte, before and after a dictionary is made, after retraining, from a distributed worker's record
and from a database made before dictionaries."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from newsmill.records import Article, ArticleItem
from pipelines import rawdict, rawhtml
from pipelines.redisqueue import decode_item, encode_item
from pipelines.schema import apply_migrations, open_db
from pipelines.sqlite import store_items
from pipelines.store import read_raw

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "realworld"
# Real pages of one publisher's template (Funke), two months apart at most, served as one site here.
PAGES = ["HamburgerAbendblatt_2025_09_09", "HamburgerAbendblatt_2025_11_06", "BerlinerMorgenpost_2025_09_09",
         "BerlinerMorgenpost_2025_11_06", "BSZ_2025_09_09", "BSZ_2025_11_06", "WAZ_2025_09_10"]
SITE = "news.example"


@pytest.fixture(scope="module")
def pages() -> list[bytes]:
    return [gzip.decompress((CORPUS / f"{name}.html.gz").read_bytes()) for name in PAGES]


def item(k: int, page: bytes, worker: bool = True, site: str = SITE) -> ArticleItem:
    url = f"https://{site}/story/{k}/"
    article = Article(url=url, title=f"Story {k}", body=f"Story {k} text. " * 40)
    # As an extraction worker sends it (compressed), or as bytes (a page compressed by the writer).
    body = {"raw_compressed": rawhtml.compress(page), "raw_bytes": len(page)} if worker else {"raw": page}
    return ArticleItem(article=article, fetched_url=url, fetched_at=f"2025-01-01T00:00:{k:02d}+00:00",
                       status=200, encoding="utf-8", **body)


def store(db, items) -> None:
    with db.atomic():
        store_items(db, items, None)


def raw_rows(db) -> dict[str, dict]:
    return {r["article_url"]: r for r in db.query("SELECT * FROM raw_pages")}


def read_bytes(db, row) -> bytes:
    return rawdict.decompress(db, row["html"], row["compression"], row["dictionary_id"])


def test_pages_read_back_identical_with_the_sites_dictionary(pages):
    db = open_db(":memory:")
    store(db, [item(k, p, worker=k % 2 == 0) for k, p in enumerate(pages[:3])])
    assert db["zstd_dictionaries"].count == 0  # three pages: no dictionary yet
    plain = {url: len(r["html"]) for url, r in raw_rows(db).items()}
    store(db, [item(k, p, worker=k % 2 == 0) for k, p in enumerate(pages[3:], 3)])
    (dictionary,) = db.query("SELECT * FROM zstd_dictionaries")
    assert dictionary["site"] == SITE and dictionary["samples"] == 3 and dictionary["pages"] == len(pages)
    rows = raw_rows(db)
    assert all(r["dictionary_id"] == dictionary["id"] for r in rows.values())
    for k, page in enumerate(pages):
        row = rows[f"https://{SITE}/story/{k}/"]
        assert read_bytes(db, row) == page and row["bytes"] == len(page)
        assert read_raw(row, db) == page.decode("utf-8")
    # The pages the dictionary was made from shrink to almost nothing; the later ones to a fraction.
    assert all(len(rows[url]["html"]) < size / 20 for url, size in plain.items())
    later = sum(len(rows[f"https://{SITE}/story/{k}/"]["html"]) for k in range(3, len(pages)))
    assert later < 0.6 * sum(len(rawhtml.compress(p)) for p in pages[3:])


def test_retraining_keeps_every_page_readable(pages, monkeypatch):
    monkeypatch.setattr(rawdict, "RETRAIN_PAGES", 4)
    db = open_db(":memory:")
    for k, page in enumerate(pages + pages):  # a second round of the same pages, under new URLs
        store(db, [item(k, page)])
    ids = [r["id"] for r in db.query("SELECT id FROM zstd_dictionaries WHERE site = ? ORDER BY id", [SITE])]
    assert len(ids) == 4  # at the 4th of 14 pages (the 3 it was made from count), then every 4 pages
    rows = raw_rows(db)
    assert {r["dictionary_id"] for r in rows.values()} == set(ids)
    rawdict._cache.__init__()  # read as a new process would: dictionaries from the database
    for k, page in enumerate(pages + pages):
        assert read_bytes(db, rows[f"https://{SITE}/story/{k}/"]) == page


def test_a_retrained_dictionary_replaces_the_sites_compressor(pages, monkeypatch):
    """A site writes with its newest dictionary only: the compressor of the one before (a few MiB of
    loaded tables each) is dropped, not kept until the cache fills."""
    monkeypatch.setattr(rawdict, "RETRAIN_PAGES", 4)
    rawdict._cache.__init__()
    db = open_db(":memory:")
    for k, page in enumerate(pages + pages):
        store(db, [item(k, page)])
    store(db, [item(k, pages[0], site="b.example") for k in range(20, 24)])
    newest = {site: i for site, i in db.execute("SELECT site, max(id) FROM zstd_dictionaries GROUP BY site")}
    assert len(newest) == 2 and db.execute("SELECT count(*) FROM zstd_dictionaries").fetchone()[0] == 5
    assert sorted(key[1] for key in rawdict._cache.compressors) == sorted(newest.values())
    assert sorted(key[1] for key in rawdict._cache.dicts) == sorted(newest.values())


def test_sites_get_their_own_dictionaries(pages):
    db = open_db(":memory:")
    store(db, [item(k, p, site="a.example") for k, p in enumerate(pages[:4])])
    store(db, [item(k, pages[0], site="b.example") for k in range(2)])
    assert [r[0] for r in db.execute("SELECT site FROM zstd_dictionaries")] == ["a.example"]
    assert all(r["dictionary_id"] is None for url, r in raw_rows(db).items() if "b.example" in url)


def test_a_distributed_workers_record_is_stored_against_the_dictionary(pages):
    db = open_db(":memory:")
    store(db, [item(k, p) for k, p in enumerate(pages[:4])])
    record = decode_item(*encode_item(item(9, pages[4])))  # what `newsmill ingest` stores
    store(db, [record])
    row = raw_rows(db)[f"https://{SITE}/story/9/"]
    assert row["dictionary_id"] is not None and read_bytes(db, row) == pages[4]


def test_rows_of_a_database_made_before_dictionaries_stay_readable(pages, tmp_path):
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    apply_migrations(db, stop_before="add_zstd_dictionaries")
    blobs = [(rawhtml.compress(pages[0]), "zstd"), (zlib.compress(pages[1]), "zlib"), (rawhtml.compress(pages[2]), "zstd")]
    with db.atomic():
        for k, (blob, codec) in enumerate(blobs):
            url = f"https://{SITE}/story/{k}/"
            db["articles"].insert({"url": url, "site": SITE, "title": "t", "body": "b", "first_seen": f"2024-01-0{k + 1}"})
            db["raw_pages"].insert({"article_url": url, "html": blob, "compression": codec, "encoding": "utf-8",
                                    "bytes": len(pages[k])})
    db.conn.close()
    db = open_db(path)
    assert all(r["dictionary_id"] is None for r in raw_rows(db).values())
    store(db, [item(3, pages[3])])  # the site's fourth page: its dictionary is made from the three old ones
    rows = raw_rows(db)
    assert all(r["dictionary_id"] is not None for r in rows.values())
    for k in range(4):
        assert read_bytes(db, rows[f"https://{SITE}/story/{k}/"]) == pages[k]


def test_a_row_whose_dictionary_is_missing_is_a_clear_error(pages):
    db = open_db(":memory:")
    store(db, [item(k, p) for k, p in enumerate(pages[:4])])
    row = raw_rows(db)[f"https://{SITE}/story/3/"]
    with pytest.raises(ValueError, match="dictionary"):
        rawdict.decompress(None, row["html"], row["compression"], row["dictionary_id"])
    with pytest.raises(ValueError, match="missing"):
        rawdict.decompress(db, row["html"], row["compression"], 999)


def test_reextract_reads_every_page_as_it_was_fetched(pages, monkeypatch):
    from pipelines import reextract

    monkeypatch.setattr(rawdict, "RETRAIN_PAGES", 3)
    db = open_db(":memory:")
    for k, page in enumerate(pages):
        store(db, [item(k, page)])
    assert db["zstd_dictionaries"].count == 2
    seen = {}

    def extract(html, url, **options):
        seen[url] = html
        return Article(url=url, title="Story", body="Story text. " * 40)

    monkeypatch.setattr(reextract, "extract_article", extract)
    rawdict._cache.__init__()
    counts = reextract.reextract(db)
    assert sum(counts.values()) == len(pages) and not counts["failed"]
    assert seen == {f"https://{SITE}/story/{k}/": page.decode("utf-8") for k, page in enumerate(pages)}
