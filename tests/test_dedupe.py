"""The in-memory near-duplicate window answers exactly what the database would."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pipelines.dedupe import NEAR_BITS, SAME_HASH_SQL, RecentArticles, stored_candidates
from pipelines.schema import open_db

_SIMHASH = st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1)
_DAYS = [f"2025-01-{d:02d}T00:00:00+00:00" for d in range(1, 11)]


def _near(base: int):
    """Hashes a few bits from `base`, so that some rows are candidates."""
    return st.lists(st.integers(0, 63), max_size=NEAR_BITS + 4).map(
        lambda bits: _signed(sum(1 << b for b in set(bits)) ^ (base & (1 << 64) - 1)))


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


@st.composite
def _rows(draw):
    base = draw(_SIMHASH)
    n = draw(st.integers(0, 40))
    rows = []
    for i in range(n):
        rows.append({
            "url": f"https://{draw(st.sampled_from(['a.example', 'b.example']))}/n/{i}",
            "simhash": draw(st.one_of(_near(base), _SIMHASH)),
            "word_count": draw(st.integers(0, 400)),
            "first_seen": draw(st.sampled_from(_DAYS)),
        })
    query = {"url": draw(st.sampled_from([r["url"] for r in rows] + ["https://a.example/new"])),
             "site": draw(st.sampled_from(["a.example", "b.example"])),
             "simhash": draw(_near(base)), "word_count": draw(st.integers(0, 400))}
    return rows, query, draw(st.sampled_from(_DAYS))


@settings(max_examples=150, deadline=None)
@given(_rows())
def test_memory_window_answers_as_the_database(case):
    rows, query, since = case
    db = open_db(":memory:")
    for r in rows:
        db["articles"].insert({**r, "site": r["url"].split("/")[2], "title": "t", "body_text": "b"}, pk="url")
    recent = RecentArticles.load(db, now="2025-01-04T00:00:00+00:00")  # loads the days from 2025-01-01 on
    expected = stored_candidates(db, query, since)
    assert sorted(recent.candidates(query, since)) == sorted(expected)


def test_an_updated_article_replaces_its_entry():
    recent = RecentArticles()
    row = {"url": "https://a.example/1", "site": "a.example", "simhash": 0, "word_count": 100,
           "first_seen": "2025-01-01T00:00:00+00:00"}
    recent.add(row)
    query = {"url": "https://a.example/2", "site": "a.example", "simhash": 0, "word_count": 100}
    assert recent.candidates(query, "2024-12-31") == ["https://a.example/1"]
    recent.add({**row, "simhash": -1})  # its body changed: 64 bits away now
    assert recent.candidates(query, "2024-12-31") == []
    for i in range(200):  # the arrays grow past their first size
        recent.add({**row, "url": f"https://a.example/x{i}", "simhash": 1 << (i % 60)})
    assert len(recent.candidates(query, "2024-12-31")) == 200


def test_exact_duplicates_are_looked_up_by_hash_not_by_site():
    """Per-page cost must not grow with the site's size: the plan uses the content_hash index."""
    db = open_db(":memory:")
    plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN " + SAME_HASH_SQL, ["h", "s", "u"]).fetchall())
    assert "idx_articles_content_hash" in plan, plan


def test_values_another_tool_wrote_are_skipped_not_a_failed_crawl():
    """A text simhash or word count (another tool's UPDATE) made every later crawl of the database fail
    when its pipeline loaded the window, and the story pass at its end."""
    from pipelines.stories import update_story_clusters  # noqa: PLC0415

    db = open_db(":memory:")
    good = {"site": "a.example", "title": "t", "body_text": "one two three four five six", "word_count": 6,
            "first_seen": "2025-01-02T00:00:00+00:00"}
    db["articles"].insert({**good, "url": "https://a.example/1", "simhash": 5}, pk="url")
    db["articles"].insert({**good, "url": "https://a.example/2", "simhash": "x"}, pk="url")
    db["articles"].insert({**good, "url": "https://a.example/3", "simhash": 7, "word_count": "many"}, pk="url")
    db["articles"].insert({**good, "url": "https://a.example/4", "simhash": 5, "body_text": b"\x00\xff"}, pk="url")
    recent = RecentArticles.load(db, now="2025-01-04T00:00:00+00:00")
    loaded = sorted(url for _, url, _, _ in recent.sites["a.example"].rows)
    assert loaded == ["https://a.example/1", "https://a.example/3", "https://a.example/4"]
    query = {"url": "https://a.example/new", "site": "a.example", "simhash": 5, "word_count": 6}
    assert stored_candidates(db, query, "2025-01-01") == ["https://a.example/1", "https://a.example/4"]
    assert update_story_clusters(db, now="2025-01-04T00:00:00+00:00")["checked"] == 3


def test_a_discarded_url_is_no_candidate():
    recent = RecentArticles()
    row = {"url": "https://a.example/1", "site": "a.example", "simhash": 0, "word_count": 100,
           "first_seen": "2025-01-01T00:00:00+00:00"}
    recent.add(row)
    recent.add({**row, "url": "https://a.example/2"})
    recent.discard("a.example", "https://a.example/1")
    recent.discard("b.example", "https://b.example/9")  # nothing there: nothing happens
    query = {"url": "https://a.example/3", "site": "a.example", "simhash": 0, "word_count": 100}
    assert recent.candidates(query, "2024-12-31") == ["https://a.example/2"]
