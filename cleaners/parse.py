"""Parse a page once with lxml; every cleaner and trafilatura share this tree."""

from __future__ import annotations

from lxml import etree, html as lxml_html

from .errors import ExtractionError

# huge_tree: lxml otherwise silently drops content nested deeper than 256 levels.
_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
    huge_tree=True,
)


def parse_html(page: str | bytes) -> lxml_html.HtmlElement:
    """Return the document root; raise ExtractionError on empty or non-HTML input."""
    if isinstance(page, bytes):
        page = page.decode("utf-8", errors="replace")
    if not page or not page.strip():
        raise ExtractionError("empty page")
    if "\x00" in page[:2048]:
        raise ExtractionError("binary content, not HTML")
    # lxml refuses str input that carries an XML encoding declaration.
    if page.lstrip().startswith("<?xml"):
        page = page.split("?>", 1)[-1]
    try:
        root = lxml_html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparsable HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("unparsable HTML")
    return root


def text_of(el) -> str:
    """Visible text of an element with whitespace collapsed."""
    return " ".join(el.text_content().split())
