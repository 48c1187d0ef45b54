"""Precision is data: a date-only value is stored as the date with published_precision 'day', in new
rows and, by migration, in databases made before the column existed."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlite_utils import Database

from cleaners import Article, extract_article
from pipelines.schema import apply_migrations, open_db
from pipelines.store import store_article

NOW = datetime(2025, 10, 20, 12, 0, tzinfo=timezone.utc)


def _page(meta: str = "", top: str = "") -> str:
    return (f"<html lang='en'><head><title>Harbour reopens</title>{meta}</head><body><article>"
            f"<h1>Harbour reopens</h1>{top}<p>{'Ships are back in the harbour after the storm. ' * 8}</p>"
            "</article></body></html>")


def test_date_only_meta_is_a_day_not_a_fake_midnight():
    a = extract_article(_page('<meta property="article:published_time" content="2025-10-14">'),
                        "https://n.example/a", now=NOW)
    assert (a.published, a.published_precision) == ("2025-10-14", "day")


def test_time_with_zone_is_utc_with_its_precision():
    a = extract_article(_page('<meta property="article:published_time" content="2025-10-14T11:30:00+02:00">'),
                        "https://n.example/a", now=NOW)
    assert (a.published, a.published_precision) == ("2025-10-14T09:30:00+00:00", "minute")


def test_store_writes_the_precision(tmp_path):
    db = open_db(tmp_path / "n.db")
    article = Article(url="https://n.example/a", title="T", body="B", published="2025-10-14",
                      published_precision="day", word_count=1)
    with db.atomic():
        store_article(db, article, article.url, "2025-10-20T12:00:00+00:00")
    row = db["articles"].get("https://n.example/a")
    assert (row["published"], row["published_precision"]) == ("2025-10-14", "day")


def test_migration_turns_fake_midnights_into_days(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    apply_migrations(db, stop_before="add_published_precision")
    base = {"site": "a.example", "title": "T", "body": "B", "tags": "[]", "first_seen": "2024-05-01T11:00:00+00:00",
            "last_seen": "2024-05-01T11:00:00+00:00"}
    db["articles"].insert_all([
        {**base, "url": "https://a.example/1", "published": "2024-05-01T00:00:00", "published_raw": "2024/05/01"},
        {**base, "url": "https://a.example/2", "published": "2024-05-01T00:00:00", "published_raw": "2024-05-01"},
        {**base, "url": "https://a.example/3", "published": "2024-05-01T10:15:00+00:00",
         "published_raw": "2024-05-01T12:15:00+02:00"},
        {**base, "url": "https://a.example/4", "published": "2024-05-01T10:15:07+00:00",
         "published_raw": "2024-05-01T10:15:07Z"},
        {**base, "url": "https://a.example/5", "published": None, "published_raw": None},
    ])
    db.close()
    db = open_db(path)
    rows = {r["url"][-1]: (r["published"], r["published_precision"]) for r in db["articles"].rows}
    assert rows == {
        "1": ("2024-05-01", "day"),
        "2": ("2024-05-01", "day"),
        "3": ("2024-05-01T10:15:00+00:00", "minute"),
        "4": ("2024-05-01T10:15:07+00:00", "second"),
        "5": (None, None),
    }
