"""Turn one HTML page into an Article: a pure function, no Scrapy here.

    >>> from cleaners import extract_article
    >>> article = extract_article(html, "https://example.com/news/1")
"""

from newsmill.records import Article, Author, Faq
from .errors import ExtractionError

__all__ = ["Article", "Author", "Faq", "ExtractionError", "extract_article", "explain_article", "extract_from_tree"]

_EXTRACT = ("extract_article", "explain_article", "extract_from_tree")


def __getattr__(name: str):
    # The extraction functions pull in trafilatura (about 13 MB): imported on first use, so a process
    # that only stores or routes Articles (the crawl's main process) never loads it.
    if name in _EXTRACT:
        from . import extract

        return getattr(extract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
