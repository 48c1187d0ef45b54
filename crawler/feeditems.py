"""What `newsmill crawl -o FILE` writes: each article as `newsmill export` writes it, in every format.

Scrapy's own exporters wrote the ArticleItem as it is: CSV and XML held the nested Article as a Python repr,
and every format kept the control characters the database strips. These exporters (FEED_EXPORTERS in
crawler/settings.py) turn each item into the export record first, built from pipelines.store.article_row,
the cleaned row the database stores. CSV is written by pipelines.export (lists as JSON text, formula
cells neutralised); JSON Lines, JSON and XML by Scrapy's exporters over that record.
"""

from __future__ import annotations

import copy
import io

from scrapy.exporters import BaseItemExporter, JsonItemExporter, JsonLinesItemExporter, XmlItemExporter

from newsmill.records import ArticleItem
from pipelines.export import write_export
from pipelines.query import EXPORT_COLUMNS
from pipelines.store import article_row


def feed_record(item: ArticleItem) -> dict:
    """The article as `newsmill export` writes it (EXPORT_COLUMNS, lists as lists), cleaned as it is stored.

    first_seen is None: only the database knows whether an earlier run saw the article; last_seen is this fetch."""
    # A copy: the database's writer thread cleans item.article in place, maybe at this very moment.
    article = copy.deepcopy(item.article)
    row = article_row(article, item.fetched_url, item.simhash)
    lists = {
        "authors": [{"name": a.name, "role": a.role} for a in article.authors],
        "tags": list(article.tags),
        "faqs": [{"question": f.question, "answer": f.answer} for f in article.faqs],
        "first_seen": None,
        "last_seen": item.fetched_at,
    }
    return {k: lists[k] if k in lists else row[k] for k in EXPORT_COLUMNS}


class JsonLinesFeed(JsonLinesItemExporter):
    def export_item(self, item):
        super().export_item(feed_record(item))


class JsonFeed(JsonItemExporter):
    def export_item(self, item):
        super().export_item(feed_record(item))


def _csv(records: list[dict]) -> bytes:
    buffer = io.BytesIO()
    write_export(records, buffer, "csv")
    return buffer.getvalue()


class CsvFeed(BaseItemExporter):
    """One header line, then one row per article, each written by pipelines.export as `export --format csv` does."""

    def __init__(self, file, **kwargs):
        super().__init__(**kwargs)
        self.file = file
        self.header = _csv([])
        try:  # -o appends: a file that already holds rows has its header
            self.appending = file.tell() > 0
        except (OSError, AttributeError, ValueError):
            self.appending = False

    def start_exporting(self):
        if not self.appending:
            self.file.write(self.header)

    def export_item(self, item):
        self.file.write(_csv([feed_record(item)])[len(self.header):])


def _without_nulls(value):
    """XmlItemExporter writes None as the text "None": a missing element says null instead."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


class XmlFeed(XmlItemExporter):
    """<articles><article><title>…</title><authors><value><name>…</name></value></authors>…: lists as <value>s."""

    def __init__(self, file, **kwargs):
        kwargs.setdefault("root_element", "articles")
        kwargs.setdefault("item_element", "article")
        super().__init__(file, **kwargs)

    def export_item(self, item):
        super().export_item(_without_nulls(feed_record(item)))
