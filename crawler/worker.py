"""Page analysis that runs in worker processes, off Scrapy's reactor thread.

One parse per page: links, page type, fields and body all come from the same lxml tree.
Everything crossing the process boundary is plain data.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from cleaners import Article, ExtractionError, extract_from_tree
from cleaners.fields.jsonld import read_jsonld
from cleaners.overrides import SiteRules
from cleaners.parse import parse_html

from .links import extract_links
from .pagetype import classify
from .urls import article_key

logger = logging.getLogger(__name__)

@dataclass
class PageAnalysis:
    links: list[str] = field(default_factory=list)
    article: Article | None = None
    skip_reason: str | None = None  # why the page is not stored, when it is not
    worker_pid: int = field(default_factory=os.getpid)  # shows the work ran off the reactor


def analyse_page(html: str, url: str, disabled: tuple[str, ...] = (), min_body_chars: int = 200,
                 rules: SiteRules | None = None) -> PageAnalysis:
    """Links to follow and, for an article page, the extracted Article."""
    try:
        tree = parse_html(html)
    except ExtractionError as exc:
        return PageAnalysis(skip_reason=f"unparsable: {exc}")
    links = extract_links(tree, url)
    jsonld = read_jsonld(tree)
    is_article, reason = classify(tree, url, jsonld)
    if not is_article:
        return PageAnalysis(links=links, skip_reason=f"not_article:{reason}")
    article, _ = extract_from_tree(tree, url, disabled=disabled, rules=rules)
    article.url = article_key(url, article.canonical_url)
    if len(article.body) < min_body_chars:
        return PageAnalysis(links=links, skip_reason="body_too_short")
    return PageAnalysis(links=links, article=article)


def _warm_up() -> None:
    """Import the heavy modules once per worker, not on the first page."""
    import trafilatura  # noqa: F401


class ExtractionPool:
    """A process pool sized to the cores, awaited from the asyncio reactor."""

    def __init__(self, workers: int = 0):
        self.workers = workers or os.cpu_count() or 1
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver: workers do not inherit the reactor's threads and sockets.
            ctx = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_warm_up)
        return self._executor

    async def analyse(self, html: str, url: str, **options) -> PageAnalysis:
        try:
            future = self._pool().submit(analyse_page, html, url, **options)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C extension): start a fresh pool.
            self.close()
            return PageAnalysis(skip_reason="worker_crashed")
        except Exception as exc:  # a bug in extraction must cost one page, not the crawl
            logger.exception("extraction failed for %s", url)
            return PageAnalysis(skip_reason=f"extraction_error:{type(exc).__name__}")

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
