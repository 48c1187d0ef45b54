"""newsmill as a library: one HTML page in, one Article out, without Scrapy or a database.

    >>> from newsmill import extract_article, Article
    >>> article = extract_article(html, "https://example.com/news/1")

The command line (`newsmill crawl`, `newsmill nightly`, ...) is crawler/cli.py; docs/architecture.md
shows the packages behind it.
"""

from .records import Article, ArticleItem, Author, Faq, PageItem

__all__ = ["Article", "ArticleItem", "Author", "Faq", "PageItem", "ExtractionError", "EXTRACTOR_VERSION",
           "extract_article", "explain_article"]

_FROM_CLEANERS = {"ExtractionError": "cleaners", "EXTRACTOR_VERSION": "cleaners.version",
                  "extract_article": "cleaners", "explain_article": "cleaners"}


def __getattr__(name: str):
    # Loaded on first use: extraction pulls in trafilatura (about 13 MB), and cleaners/ import this
    # package's records, so nothing from cleaners/ may load while it initialises.
    if name in _FROM_CLEANERS:
        import importlib

        return getattr(importlib.import_module(_FROM_CLEANERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
