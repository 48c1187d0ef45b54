"""Outcomes, skip reasons and finish reasons: one definition each (newsmill/reasons.py), stored as their words."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlite_utils import Database

from newsmill.reasons import ARTICLE_OUTCOMES, INTERRUPTED, OK_FINISH_REASONS, FinishReason, Outcome, Skip
from newsmill.records import PageItem
from pipelines.schema import open_db
from pipelines.store import store_page

ROOT = Path(__file__).resolve().parent.parent


def test_members_are_their_words_in_sql_json_and_text(tmp_path):
    db: Database = open_db(str(tmp_path / "n.db"))
    store_page(db, PageItem(url="https://a.example/x", fetched_at="2026-01-01T00:00:00+00:00", status=404,
                            outcome=Outcome.SKIPPED, reason=Skip.NOT_ARTICLE.of("listing")), None)
    row = next(db.query("SELECT outcome, typeof(outcome) t, reason FROM pages"))
    assert row == {"outcome": "skipped", "t": "text", "reason": "not_article:listing"}
    assert json.dumps([Outcome.NEW, FinishReason.NO_ANSWER]) == '["new", "no_answer"]'
    assert f"sqlite/articles/{Outcome.CHANGED}" == "sqlite/articles/changed" and Skip.http(404) == "http_404"


def test_the_sets_the_code_acts_on():
    assert ARTICLE_OUTCOMES == ("new", "changed", "refreshed", "unchanged")
    assert set(OK_FINISH_REASONS) == {"finished", "closespider_pagecount"} and set(INTERRUPTED) == {"killed", "shutdown"}


def test_every_outcome_is_documented():
    schema = (ROOT / "docs" / "schema.md").read_text("utf-8")
    assert all(f"`{o}`" in schema for o in Outcome)


def test_no_other_module_defines_them_again():
    pattern = re.compile(r"^(OK_FINISH_REASONS|INTERRUPTED)\s*=", re.M)
    again = [str(p.relative_to(ROOT)) for pkg in ("crawler", "pipelines", "cleaners") for p in (ROOT / pkg).rglob("*.py")
             if pattern.search(p.read_text("utf-8"))]
    assert not again, again
