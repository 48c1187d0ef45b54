"""Workers' records on a Redis Stream: what SqlitePipeline would store, as plain JSON.

One stream entry per record, fields:

    kind   article | page | run_started | run_finished
    run    the run token (crawler/distributed.py), which becomes one crawl_runs row
    crawl  the run's name (key prefix)
    data   JSON: dataclasses.asdict() of the ArticleItem/PageItem; an article's raw HTML is
           compressed (pipelines/rawhtml.py) and base64-encoded in `raw_compressed` (workers
           older than zstd sent `raw_zlib`, zlib-compressed: still read)

`newsmill ingest` (pipelines/ingest.py) reads them with a consumer group and stores them with the
same code as a local crawl. The keys the workers (crawler/distributed.py) and the writer share are here too.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import types
import typing
from dataclasses import asdict
from functools import lru_cache

import zstandard
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsmill.records import Article, Author, Faq, Image, Update
from newsmill.records import ArticleItem, PageItem

from . import rawhtml

logger = logging.getLogger(__name__)

ROOT_KEY = "newsmill"
KNOWN_KEY = f"{ROOT_KEY}:known"  # url -> [last_seen, etag, last_modified], published by the writer
KNOWN_READY_KEY = f"{ROOT_KEY}:known:ready"  # set once the writer has published the whole table


def redis_client(url: str):
    import redis  # a local crawl never connects: redis loads only for a distributed one

    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=30, retry_on_timeout=True)


def encode_item(item) -> tuple[str, str]:
    """(kind, JSON) for an ArticleItem or PageItem."""
    if isinstance(item, ArticleItem):
        data = asdict(item)
        data["raw_bytes"] = item.size
        data["raw_compressed"] = base64.b64encode(rawhtml.compressed_html(item)).decode("ascii")
        del data["raw"]
        return "article", json.dumps(data, ensure_ascii=False)
    if isinstance(item, PageItem):
        return "page", json.dumps(asdict(item), ensure_ascii=False)
    raise TypeError(f"not a newsmill item: {type(item).__name__}")


def decode_item(kind: str, data: str | bytes):
    """The ArticleItem or PageItem an entry was made from (its body kept compressed, as raw_compressed).

    A record is another process's JSON: one that does not make a well-typed item raises ValueError
    (bad JSON, base64 or UTF-8), TypeError, KeyError, AttributeError, zlib.error or ZstdError here,
    before anything reaches SQLite (pipelines/ingest.py skips it).
    """
    fields = json.loads(data)
    if kind == "page":
        return checked(PageItem(**fields))
    if kind != "article":
        raise ValueError(f"not an item record: {kind}")
    raw = b""
    if "raw_zlib" in fields:  # a worker older than zstd in raw_pages: recompressed when stored
        raw = rawhtml.decompress(base64.b64decode(fields.pop("raw_zlib"), validate=True), "zlib")
    raw_compressed = base64.b64decode(fields.pop("raw_compressed", ""), validate=True)  # not garbage read as b""
    if raw_compressed:  # a zstd frame, as raw_pages expects: its header is read (a full decompression costs more)
        zstandard.get_frame_parameters(raw_compressed)
    a = fields.pop("article")
    article = Article(**{**a, "authors": [Author(**x) for x in a["authors"]], "faqs": [Faq(**x) for x in a["faqs"]],
                         "updates": [Update(**x) for x in a.get("updates") or []],  # older workers send none
                         "images": [Image(**x) for x in a.get("images") or []]})
    return checked(ArticleItem(article=article, raw=raw, raw_compressed=raw_compressed, **fields))


def checked(item):
    """The item, if each of its fields (and its dataclasses' fields) has the annotated type; else TypeError.

    SQLite refuses a list or a dict with ProgrammingError, which ingest can not tell from a closed
    connection: a wrongly typed record is caught here instead.
    """
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if not _fits(value, _hints(type(item))[f.name]):
            raise TypeError(f"{type(item).__name__}.{f.name}: {type(value).__name__} is not {f.type}")
    return item


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _fits(value, hint) -> bool:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in args)
    if origin is list:
        return isinstance(value, list) and all(_fits(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(_fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items())
    if dataclasses.is_dataclass(hint):
        return isinstance(value, hint) and all(_fits(getattr(value, f.name), _hints(hint)[f.name])
                                               for f in dataclasses.fields(hint))
    return isinstance(value, hint)


def push_record(redis, stream: str, kind: str, run: str | None, crawl: str, data) -> bytes:
    """XADD one record; data is a JSON string or something json.dumps takes."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return redis.xadd(stream, {"kind": kind, "run": run or "", "crawl": crawl, "data": text})


class RedisStreamPipeline:
    """In place of SqlitePipeline on a worker: every fetched page's record goes to the stream.

    Like SqlitePipeline, an article the ValidatePipeline dropped is still recorded as a skipped page.
    Each record is sent at once (a worker killed loses at most the pages it was working on).
    """

    def __init__(self, url: str, stream: str, crawl: str, stats=None):
        self.redis = redis_client(url)
        self.stream = stream
        self.crawl = crawl
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        pipeline = cls(s.get("REDIS_URL"), s.get("REDIS_STREAM"), s.get("REDIS_CRAWL") or "default", crawler.stats)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def process_item(self, item):
        kind, data = encode_item(item)
        push_record(self.redis, self.stream, kind, self.stats.get_value("redis/run") if self.stats else None,
                    self.crawl, data)
        if self.stats:
            self.stats.inc_value(f"redis/records/{kind}")
        return item

    def item_dropped(self, item, response=None, exception=None, spider=None):
        if isinstance(item, ArticleItem):
            reason = str(exception).split(":", 1)[0] if exception else "dropped"
            self.process_item(item.page("skipped", reason))

    def close_spider(self):
        self.redis.close()
