"""The words newsmill stores for what happened, defined once: a page's outcome, why a page was not stored,
how a run ended.

str Enums: a member is its own string (Outcome.NEW == "new", f"{Skip.NOT_ARTICLE}" == "not_article"), so it
goes into SQLite, JSON, stats keys and comparisons as the word docs/schema.md lists. Standard library only,
like newsmill/records.py.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """pages.outcome; the first four are also what store_article returns (docs/schema.md)."""

    NEW = "new"  # first time this article is stored
    CHANGED = "changed"  # title, body or FAQ text differ: the old version goes to article_revisions
    REFRESHED = "refreshed"  # only other fields differ: updated in place
    UNCHANGED = "unchanged"  # nothing differs: only last_seen moves
    SKIPPED = "skipped"  # fetched, not stored: pages.reason says why
    FAILED = "failed"  # no usable response


ARTICLE_OUTCOMES = (Outcome.NEW, Outcome.CHANGED, Outcome.REFRESHED, Outcome.UNCHANGED)


class Skip(StrEnum):
    """pages.reason: why a fetched page is not an article row. Some carry a detail after a colon
    (Skip.NOT_ARTICLE.of("listing") == "not_article:listing"); HTTP statuses read http_404 (Skip.http)."""

    NOT_MODIFIED = "not_modified"  # 304 to a conditional GET
    NOT_ARTICLE = "not_article"  # :<why> (listing, tag page, ...)
    BODY_TOO_SHORT = "body_too_short"
    NO_TITLE = "no_title"
    TOO_OLD = "too_old"  # published before CRAWL_MAX_AGE_DAYS
    SITEMAP_OR_FEED = "sitemap_or_feed"
    NOT_TEXT = "not_text"
    DUPLICATE_OF = "duplicate_of"
    NEAR_DUPLICATE_OF = "near_duplicate_of"
    TOO_LARGE = "too_large"
    TRUNCATED = "truncated"  # a compressed page whose stream ended before the page did, after its retries
    BAD_CONTENT_ENCODING = "bad_content_encoding"  # a body its Content-Encoding cannot decode at all
    TOO_MANY_REDIRECTS = "too_many_redirects"
    REDIRECT_LOOP = "redirect_loop"
    PRIVATE_ADDRESS = "private_address"
    UNPARSABLE = "unparsable"  # : <why>
    EXTRACTION_TIMEOUT = "extraction_timeout"
    EXTRACTION_ERROR = "extraction_error"  # :<exception>
    STORE_ERROR = "store_error"  # :<exception>: a value of the article SQLite refused; the crawl goes on
    WORKER_CRASHED = "worker_crashed"
    INTERRUPTED = "interrupted"
    ERROR = "error"  # :<exception>, no response

    def of(self, detail: str) -> str:
        return f"{self.value}:{detail}"

    @staticmethod
    def http(status: int) -> str:
        return f"http_{status}"


class FinishReason(StrEnum):
    """crawl_runs.finish_reason: Scrapy's reason, or one of newsmill's. Scrapy has others
    (closespider_timeout, cancelled, ...): the column holds any of them; these are the ones newsmill acts on."""

    FINISHED = "finished"
    CLOSESPIDER_PAGECOUNT = "closespider_pagecount"
    NO_ANSWER = "no_answer"  # no seed answered: nothing was crawled
    SHUTDOWN = "shutdown"  # stopped by a signal
    KILLED = "killed"  # the process died; found open by the next run
    SQLITE_ERROR = "sqlite_error"


# The run did its job (exit status 0).
OK_FINISH_REASONS = (FinishReason.FINISHED, FinishReason.CLOSESPIDER_PAGECOUNT)
# Runs that did not end by themselves: what they stored is fresh, and a restart goes on from there.
INTERRUPTED = (FinishReason.KILLED, FinishReason.SHUTDOWN)
