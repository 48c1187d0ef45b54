"""CRAWL_MAX_AGE_DAYS as the oldest publication time a crawl fetches and stores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

MAX_AGE_DAYS = 100_000  # about 270 years: past it, "now minus the limit" falls before year 1


def oldest_published(days: int) -> str | None:
    """The ISO instant before which an article is too old; None for no limit (0 or less: any age)."""
    if days <= 0:
        return None
    return (datetime.now(timezone.utc) - timedelta(days=min(days, MAX_AGE_DAYS))).isoformat()
