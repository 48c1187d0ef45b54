"""Per-site zstd dictionaries for raw_pages: the pages of one site share most of their bytes.

A site's dictionary is raw content (zstd's DICT_TYPE_RAWCONTENT): the HTML of TRAIN_PAGES of its stored
pages end to end, the newest last, at most MAX_BYTES (cut at 1 MiB, a site of 2 MiB pages compressed to
twice the size: the dictionary must hold a whole page). A page compressed against it keeps little more
than what differs from those pages (its text, links and ids). Measured by `make bench-storage`
(bench/storage.py) against zstd's trained dictionaries (train_dictionary, 112 KiB from 10 pages): trained
ones help far less on 300 KiB news pages (a template does not fit in them) and take seconds a site to train.

Lifecycle, all inside the writer's transaction (store_raw):
- a site's first TRAIN_PAGES pages are stored with plain zstd; the next one trains the site's first
  dictionary from them and recompresses them against it (their own bytes: they shrink to almost nothing);
- each dictionary counts the pages compressed with it; after RETRAIN_PAGES a new one is made from the
  site's TRAIN_PAGES newest pages (a site's template drifts). Old dictionaries stay: rows refer to them.

zstd_dictionaries.data is the content itself zstd-compressed (three pages of one template shrink to
about a page's compressed size); raw_pages.dictionary_id names the dictionary a row needs (NULL: none).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from urllib.parse import urlsplit

import zstandard

from . import rawhtml

TRAIN_PAGES = 3
RETRAIN_PAGES = 1000
MAX_BYTES = 4 << 20  # the newest MAX_BYTES of the samples: three 2 MiB pages make a 4 MiB dictionary, not 6
LEVEL = 6  # with a dictionary: level 3's 44 KiB a page halves to 22 KiB for about 1.5 ms more (bench-storage)
STORE_LEVEL = 9  # the dictionary's own compression: once per site and RETRAIN_PAGES pages
_CACHED = 4  # dictionaries kept ready per process (a few MiB each with the compressor's tables)


def site_of(url: str) -> str:
    """The articles.site of a URL (pipelines/store.py article_row)."""
    return urlsplit(url).netloc.lower()


class _Cache:
    """Dictionaries by connection and id, and a compressor for each: a dictionary never changes once written.

    An id is a row of one database: the key holds the connection itself (no weak references to sqlite3
    connections), so another database opened later in this process never gets its id(conn) and its ids."""

    def __init__(self):
        self.dicts: OrderedDict[tuple, tuple[object, zstandard.ZstdCompressionDict]] = OrderedDict()
        self.compressors: dict[tuple, zstandard.ZstdCompressor] = {}
        self.site_compressor: dict[tuple, tuple] = {}  # (connection id, site) -> the key of its one compressor
        self.lock = threading.Lock()

    def dictionary(self, db, dictionary_id: int) -> zstandard.ZstdCompressionDict:
        with self.lock:  # the crawl's writer thread and its reading of 304s' stored pages (crawler/state.py)
            return self._dictionary(db, dictionary_id)[1]

    def _dictionary(self, db, dictionary_id: int) -> tuple[tuple, zstandard.ZstdCompressionDict]:
        conn = getattr(db, "conn", db)  # a sqlite-utils Database or a sqlite3 connection
        key = (id(conn), dictionary_id)
        found = self.dicts.get(key)
        if found is None:
            row = db.execute("SELECT data FROM zstd_dictionaries WHERE id = ?", [dictionary_id]).fetchone()
            if row is None:
                raise ValueError(f"raw_pages: zstd dictionary {dictionary_id} is missing")
            found = self.dicts[key] = (conn, zstandard.ZstdCompressionDict(
                rawhtml.decompress(row[0], rawhtml.CODEC), dict_type=zstandard.DICT_TYPE_RAWCONTENT))
            while len(self.dicts) > _CACHED:
                old, _ = self.dicts.popitem(last=False)
                self.compressors.pop(old, None)
        self.dicts.move_to_end(key)
        return key, found[1]

    def compressor(self, db, dictionary_id: int, site: str) -> zstandard.ZstdCompressor:
        """The compressor of a site's current dictionary. A site writes with its newest dictionary only,
        so a retrained one replaces the compressor of the one before: each holds the dictionary loaded
        into its context (several MiB at LEVEL), and a long crawl of one site retrains every
        RETRAIN_PAGES pages."""
        with self.lock:
            key, dictionary = self._dictionary(db, dictionary_id)
            if key not in self.compressors:
                previous = self.site_compressor.get((key[0], site))
                if previous is not None and previous != key:
                    self.compressors.pop(previous, None)
                    self.dicts.pop(previous, None)  # read again from the database if an old row needs it
                self.compressors[key] = zstandard.ZstdCompressor(level=LEVEL, dict_data=dictionary)
            self.site_compressor[(key[0], site)] = key
            return self.compressors[key]


_cache = _Cache()  # per process; the writer is one thread


def decompress(db, blob: bytes, codec: str | None, dictionary_id: int | None) -> bytes:
    """The bytes of a raw_pages row (`html`, `compression`, `dictionary_id`)."""
    if dictionary_id is None:
        return rawhtml.decompress(blob, codec)
    if db is None:
        raise ValueError(f"raw_pages: this row needs zstd dictionary {dictionary_id}, from its database")
    return rawhtml.decompress(blob, codec, dictionary=_cache.dictionary(db, dictionary_id))


def compress(db, article_url: str, data: bytes | None, compressed: bytes = b"",
             level: int = rawhtml.DEFAULT_LEVEL) -> tuple[bytes, int | None]:
    """(html, dictionary_id) for a raw_pages row of article_url: `data` is the page's bytes, or None when
    only `compressed` (plain zstd, from an extraction worker) is at hand. Call inside the write transaction.
    `level`: plain zstd's, for `data` while the site has no dictionary."""
    site = site_of(article_url)
    current = db.execute("SELECT id, pages FROM zstd_dictionaries WHERE site = ? ORDER BY id DESC LIMIT 1",
                         [site]).fetchone()
    if current is None or current[1] >= RETRAIN_PAGES:
        dictionary_id = train(db, site, retrain=current is not None)
        if dictionary_id is None:
            return (compressed or rawhtml.compress(data or b"", level)), None
    else:
        dictionary_id = current[0]
    if data is None:
        data = rawhtml.decompress(compressed, rawhtml.CODEC)
    blob = _cache.compressor(db, dictionary_id, site).compress(data)
    db.execute("UPDATE zstd_dictionaries SET pages = pages + 1 WHERE id = ?", [dictionary_id])
    return blob, dictionary_id


def train(db, site: str, retrain: bool = False) -> int | None:
    """A new dictionary for site from its TRAIN_PAGES newest stored pages; its id, or None while the site has
    fewer pages. The first one also recompresses the pages it was made from."""
    rows = db.execute(
        "SELECT r.article_url, r.html, r.compression, r.dictionary_id FROM articles a "
        "JOIN raw_pages r ON r.article_url = a.url WHERE a.site = ? ORDER BY a.first_seen DESC, a.rowid DESC "
        "LIMIT ?", [site, TRAIN_PAGES]).fetchall()
    if len(rows) < TRAIN_PAGES:
        return None
    rows.reverse()  # the newest last: zstd reaches the end of a dictionary most cheaply
    pages = [decompress(db, html, codec, dictionary_id) for _, html, codec, dictionary_id in rows]
    content = b"".join(pages)[-MAX_BYTES:]
    cursor = db.execute(
        "INSERT INTO zstd_dictionaries (site, created, samples, bytes, pages, data) "
        "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, 0, ?)",
        [site, len(rows), len(content), rawhtml.compress(content, STORE_LEVEL)])
    dictionary_id = cursor.lastrowid
    if not retrain:
        compressor = _cache.compressor(db, dictionary_id, site)
        for (url, _, _, _), page in zip(rows, pages):
            db.execute("UPDATE raw_pages SET html = ?, compression = ?, dictionary_id = ? WHERE article_url = ?",
                       [compressor.compress(page), rawhtml.CODEC, dictionary_id, url])
        db.execute("UPDATE zstd_dictionaries SET pages = ? WHERE id = ?", [len(rows), dictionary_id])
    return dictionary_id
