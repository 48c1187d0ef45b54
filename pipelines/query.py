"""Reading the database: the filters search and export share, full-text search, export records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

from .compat import Database

from cleaners.fields.authors import normalise_name

from .schema import FTS_WEIGHTS

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers, turned into brackets or colour by the CLI


class QueryError(ValueError):
    """A user's filter or search query that cannot run; the message says why."""


def parse_since(value: str | None, option: str = "--since") -> str | None:
    """--since D: a date (2025-01-31) or an ISO timestamp; compared with the UTC `published` text, so a
    timestamp with an offset is turned into UTC first (one without is read as UTC)."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
        return moment.replace(tzinfo=timezone.utc).isoformat()
    except ValueError:
        raise QueryError(f"{option} wants a date like 2025-01-31 or an ISO timestamp, got {value!r}") from None
    except OverflowError:  # 0001-01-01T00:00+01:00 in UTC is before year 1
        raise QueryError(f"{option} {value!r} is out of the range of dates") from None


def parse_until(value: str | None) -> tuple[str, str] | None:
    """--until D: (operator, bound). A date includes that whole day (published before the next day's
    date, which sorts after every time of the day); a timestamp includes that instant."""
    bound = parse_since(value, "--until")
    if bound is None:
        return None
    if len(bound) == 10:
        try:
            return "<", (date.fromisoformat(bound) + timedelta(days=1)).isoformat()
        except OverflowError:  # 9999-12-31: every published text of that day sorts before this
            return "<", bound + "~"
    return "<=", bound


def filters(site: str | None = None, since: str | None = None, author: str | None = None,
            until: str | None = None, language: str | None = None) -> tuple[str, list]:
    """SQL conditions on `articles a` for the shared options, each on an indexed column or key.
    Dates compare on `published`; --since and --until both include their bound (a date: the whole day)."""
    where, params = [], []
    if site:
        # example.com also matches www.example.com; % and _ in what the user typed are literal characters
        site = site.lower()
        matches = ["a.site = ?", "a.site LIKE ? ESCAPE '\\'"]
        params += [site, "%." + _like_literal(site)]
        if not _has_port(site):  # a host without its port matches it on every port (stored: 127.0.0.1:8642)
            matches += ["a.site LIKE ? ESCAPE '\\'", "a.site LIKE ? ESCAPE '\\'"]
            params += [_like_literal(site) + ":%", "%." + _like_literal(site) + ":%"]
        where.append("(" + " OR ".join(matches) + ")")
    since = parse_since(since)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    upper = parse_until(until)
    if upper:
        if since and upper[1] <= since and not (upper[0] == "<=" and upper[1] == since):
            raise QueryError(f"--until {until} is before --since: nothing can match")
        where.append(f"a.published {upper[0]} ?")
        params.append(upper[1])
    if author:
        # the articles of the matching authors, listed once (an EXISTS per article probed every row's authors);
        # the authors first, then their links by the author_id index: written as a join, SQLite scanned every
        # link (make bench-scale, docs/performance.md)
        where.append(
            "a.url IN (SELECT aa.article_url FROM article_authors aa WHERE aa.author_id IN "
            "(SELECT au.id FROM authors au WHERE au.name_key LIKE ? ESCAPE '\\'))"
        )
        params.append("%" + _like_literal(normalise_name(author)) + "%")
    if language:
        # en also matches en-GB, as site matches its subdomains; several: en,de
        codes = [c.strip().lower() for c in language.split(",") if c.strip()]
        if not codes:
            raise QueryError(f"--language wants a code like en (or en,de), got {language!r}")
        where.append("(" + " OR ".join("(lower(a.language) = ? OR lower(a.language) LIKE ? ESCAPE '\\')"
                                       for _ in codes) + ")")
        for code in codes:
            params += [code, _like_literal(code) + "-%"]
    return (" AND ".join(where) or "1"), params


def _has_port(site: str) -> bool:
    """example.com:8080 and [::1]:8080 name a port; example.com and [::1] do not."""
    return "]:" in site if site.startswith("[") else ":" in site


def matches_no_site(db: Database, site: str) -> list[str] | None:
    """None when --site SITE matches a stored article's site; else the sites stored most (at most 5), to name."""
    where, params = filters(site)
    if db.execute(f"SELECT 1 FROM articles a WHERE {where} LIMIT 1", params).fetchone():
        return None
    return [row[0] for row in db.execute("SELECT site FROM articles GROUP BY site ORDER BY count(*) DESC, site LIMIT 5")]


def _like_literal(text: str) -> str:
    """`text` matching only itself in a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# An author name stored as a BLOB (by another program) in hex: JSON cannot hold a BLOB, and joined to
# text its bytes need not be UTF-8; either failed the whole search.
_NAME = "iif(typeof(au.name) = 'blob', hex(au.name), au.name)"

MAX_QUERY_TERMS = 64  # a query of 400 words took 2.6 s on a database of 7 articles, of 64 under 0.1 s


def search(db: Database, query: str, site=None, since=None, author=None, limit: int = 20, until=None,
           language=None) -> list[dict]:
    """Articles matching an FTS5 query over title, body and FAQ text, best first (bm25)."""
    words = len(query.split())
    if words > MAX_QUERY_TERMS:  # FTS5's snippet() grows with the square of the terms
        raise QueryError(f"the query has {words} words; at most {MAX_QUERY_TERMS}")
    where, params = filters(site, since, author, until=until, language=language)
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    # Rank first, from the full-text index alone, then build the page of hits: joining articles for every
    # match read each body (4x the ranking's time) and snippets were made for every match, not the 20
    # shown. A site or author filter is the set of its articles' rowids, read once from indexes; the
    # unary + keeps FTS5 from looking each one up in its index, so each match is checked against the set
    # in memory instead of reading its row (at 1,000,000 articles: 7.1 s -> 0.3 s for a site, cold).
    # Other filters (dates, language) read the matches' rows. make bench-scale, docs/performance.md.
    joined = ""
    if (site or author) and not language:
        where = f"+articles_fts.rowid IN (SELECT a.rowid FROM articles a WHERE {where})"
    elif where != "1":
        joined = "JOIN articles a ON a.rowid = articles_fts.rowid"
    sql = f"""
        WITH top AS (
            SELECT articles_fts.rowid AS id, bm25(articles_fts, {weights}) AS rank FROM articles_fts {joined}
            WHERE articles_fts MATCH ? AND {where} ORDER BY rank LIMIT ?)
        SELECT a.url, a.title, a.site, a.published,
               (SELECT group_concat({_NAME}, ', ') FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                WHERE aa.article_url = a.url) AS authors,
               (SELECT json_group_array(name) FROM (SELECT {_NAME} AS name FROM article_authors aa
                JOIN authors au ON au.id = aa.author_id WHERE aa.article_url = a.url ORDER BY aa.position))
                AS author_list,
               snippet(articles_fts, -1, '{HIT_START}', '{HIT_END}', '…', 16) AS snippet,
               top.rank AS rank
        FROM top CROSS JOIN articles_fts CROSS JOIN articles a
        WHERE articles_fts.rowid = top.id AND a.rowid = top.id AND articles_fts MATCH ?
        ORDER BY top.rank"""
    try:
        return [readable(hit) for hit in db.query(sql, [query, *params, limit, query])]
    except sqlite3.OperationalError:
        pass  # not FTS5 syntax ("al-Qaeda" reads as a column filter, a stray quote): try plain words
    terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split())
    if not terms:
        raise QueryError("empty search query")
    try:
        return [readable(hit) for hit in db.query(sql, [terms, *params, limit, terms])]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query!r}: {exc}") from None


EXPORT_COLUMNS = (
    "url", "canonical_url", "fetched_url", "site", "title", "authors", "published", "published_raw",
    "published_precision", "modified", "modified_raw", "language", "section", "tags", "body", "body_markdown", "faqs",
    "site_name", "image_url", "description", "word_count", "access", "is_paywalled", "extraction_path", "extractor_version",
    "content_hash", "first_seen",
    "last_seen",
)


# Articles read per query: memory stays flat however many are exported. A batch holds each article's body
# and Markdown body, so a small one (make bench-scale, docs/performance.md)
BATCH_ROWS = 100

_ARTICLE_COLUMNS = ", ".join(f"a.{c}" for c in EXPORT_COLUMNS if c not in ("authors", "faqs"))


def export_records(db: Database, site=None, since=None, author=None, until=None, language=None,
                   limit: int | None = None, batch_rows: int = BATCH_ROWS) -> Iterator[dict]:
    """One record per selected article, newest first (undated last, by URL): Article's field names,
    lists kept as lists. Read in batches of `batch_rows` (keyset pagination on published, url), with
    their authors and FAQs in one query each, inside one read transaction: constant memory, and a
    consistent snapshot while a crawl writes."""
    where, params = filters(site, since, author, until=until, language=language)  # bad input: raised now
    return _records(db, where, params, limit, batch_rows)


def _records(db: Database, where: str, params: list, limit: int | None, batch_rows: int) -> Iterator[dict]:
    left = limit if limit is not None else -1
    own_transaction = not db.conn.in_transaction
    if own_transaction:
        db.execute("BEGIN")  # a read snapshot (WAL: writers go on meanwhile)
    try:
        for batch in _article_batches(db, where, params, batch_rows):
            if left == 0:
                return
            if left > 0:
                batch, left = batch[:left], left - min(left, len(batch))
            yield from _with_lists(db, batch)
    finally:
        if own_transaction and db.conn.in_transaction:
            db.execute("ROLLBACK")


def _article_batches(db: Database, where: str, params: list, size: int) -> Iterator[list[dict]]:
    """Batches of article rows: dated ones by published DESC, url; then the undated by url."""
    dated = f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE {where} AND a.published IS NOT NULL"
    after: tuple | None = None
    while True:
        if after is None:
            sql, args = f"{dated} ORDER BY a.published DESC, a.url LIMIT ?", [*params, size]
        else:  # the first condition lets SQLite range-scan the published index
            sql = (f"{dated} AND a.published <= ? AND (a.published < ? OR a.url > ?) "
                   "ORDER BY a.published DESC, a.url LIMIT ?")
            args = [*params, after[0], after[0], after[1], size]
        rows = list(db.query(sql, args))
        if rows:
            yield rows
        if len(rows) < size:
            break
        after = (rows[-1]["published"], rows[-1]["url"])
    undated = f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE {where} AND a.published IS NULL"
    last_url: str | None = None
    while True:
        if last_url is None:
            rows = list(db.query(f"{undated} ORDER BY a.url LIMIT ?", [*params, size]))
        else:
            rows = list(db.query(f"{undated} AND a.url > ? ORDER BY a.url LIMIT ?", [*params, last_url, size]))
        if rows:
            yield rows
        if len(rows) < size:
            break
        last_url = rows[-1]["url"]


def _with_lists(db: Database, rows: list[dict]) -> Iterator[dict]:
    """The rows with their authors, tags and FAQs as lists, in EXPORT_COLUMNS order."""
    urls = [r["url"] for r in rows]
    marks = ",".join("?" * len(urls))
    authors: dict[str, list] = {}
    for r in db.query(
            "SELECT aa.article_url, au.name, aa.role FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
            f"WHERE aa.article_url IN ({marks}) ORDER BY aa.article_url, aa.position", urls):
        authors.setdefault(r["article_url"], []).append({"name": readable(r["name"]), "role": readable(r["role"])})
    faqs: dict[str, list] = {}
    for r in db.query(f"SELECT article_url, question, answer FROM faqs WHERE article_url IN ({marks}) "
                      "ORDER BY article_url, position", urls):
        faqs.setdefault(r["article_url"], []).append({"question": readable(r["question"]),
                                                      "answer": readable(r["answer"])})
    for row in rows:  # a new dict: the batch's last row, unchanged, is where the next batch starts
        lists = {"tags": stored_tags(row["tags"]), "authors": authors.get(row["url"], []),
                 "faqs": faqs.get(row["url"], [])}
        yield {k: lists[k] if k in lists else readable(row[k]) for k in EXPORT_COLUMNS}


def readable(value):
    """A value read from the database, ready for any writer: bytes (a BLOB another program stored) become
    text, UTF-8 with undecodable bytes as \\xNN so nothing is lost; in dicts and lists too, keys included."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {readable(k): readable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [readable(v) for v in value]
    return value


def stored_tags(value) -> list[str]:
    """`articles.tags` (a JSON list of strings) as a list of strings, whatever another program stored there.
    Text that is not a JSON list is kept as one tag, the text itself, rather than dropped; in a list,
    nulls are dropped and other items become their JSON text."""
    text = readable(value)
    if text is None or (isinstance(text, str) and not text.strip()):
        return []
    if not isinstance(text, str):  # a number
        return [str(text)]
    try:
        tags = json.loads(text)
    except (ValueError, RecursionError):
        return [text]
    if isinstance(tags, str):
        return [tags]
    if not isinstance(tags, list):
        return [text]
    return [t if isinstance(t, str) else json.dumps(t, ensure_ascii=False) for t in tags if t is not None]
