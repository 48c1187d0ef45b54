"""Turn one HTML page into an Article: a pure function, no Scrapy here.

    >>> from cleaners import extract_article
    >>> article = extract_article(html, "https://example.com/news/1")
"""

from .article import Article, Author, Faq
from .errors import ExtractionError
from .extract import explain_article, extract_article, extract_from_tree

__all__ = ["Article", "Author", "Faq", "ExtractionError", "extract_article", "explain_article", "extract_from_tree"]
