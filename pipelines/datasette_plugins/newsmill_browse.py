"""Datasette plugin of `newsmill browse` (loaded with --plugins-dir, never installed globally).

- the landing page (templates/index.html) gets the latest articles and a few totals;
- an article's own page (templates/row.html) gets its body as paragraphs, its authors with roles, its FAQ;
- table pages open without the heavy columns listed in the metadata (`plugins.newsmill.hide_columns`);
- the charts of datasette-dashboards may run their own SQL, and only that, when arbitrary SQL is off.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup

from pipelines.compat import quiet_datasette_exceptions
from pipelines.query import readable, stored_tags

LATEST = 25


def _news_database(datasette) -> str | None:
    """The first database served (browse serves one)."""
    return next((name for name in datasette.databases if name != "_internal"), None)


def _article_link(datasette, database: str, url) -> str:
    return datasette.urls.row(database, "articles", tilde_encode(_text(url)))


def _text(value) -> str:
    """A cell as text whatever another program stored in it: a BLOB with \\xNN for bytes that are not UTF-8
    (as every newsmill writer shows it), a number as its digits, NULL as ''."""
    value = readable(value)
    return "" if value is None else str(value)


def _paragraphs(text) -> list[str]:
    return [p.strip() for p in _text(text).split("\n\n") if p.strip()]


def _names(authors) -> list[str]:
    """article_list.authors (a JSON list of names) as a list of strings; [] when it is not one."""
    try:
        names = json.loads(_text(authors) or "[]")
    except (ValueError, RecursionError):
        return []
    return [_text(n) for n in names if n is not None] if isinstance(names, list) else []


def _when(value) -> str:
    """A stored time as the pages show it: 'YYYY-MM-DD HH:MM', or its text cut there if it is no time."""
    return _text(value)[:16].replace("T", " ")


def _count(value) -> str:
    """A number with thousands separators; anything else (text another program stored) as its text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    return _text(value)


def _http_url(value) -> str | None:
    """The value if it is an http(s) URL, what a page may link to; None for any other scheme (javascript:,
    data:, ...), which must be shown as text: a stored row is no more trusted than the page it came from.
    The prefix is checked as stored, so leading spaces or a tab in the scheme (which browsers drop) fail."""
    return value if isinstance(value, str) and value[:8].lower().startswith(("http://", "https://")) else None


async def _landing(datasette) -> dict:
    name = _news_database(datasette)
    if name is None:
        return {}
    db = datasette.get_database(name)
    if "articles" not in await db.table_names():
        return {}
    totals = (await db.execute(
        "SELECT count(*) AS articles, count(DISTINCT site) AS sites, max(published) AS newest,"
        " (SELECT count(*) FROM authors) AS authors, (SELECT count(*) FROM faqs) AS faqs FROM articles")).first()
    rows = await db.execute(
        "SELECT url, title, site, authors, published, section, excerpt FROM article_list"
        f" ORDER BY published DESC LIMIT {LATEST}")
    # Every value as text (BLOBs and numbers where text belongs: rows another program changed), so the
    # template's slicing and urlencode never meet bytes.
    latest = [{**{k: _text(v) for k, v in dict(row).items()}, "authors": _names(row["authors"]),
               "link": _article_link(datasette, name, row["url"])} for row in rows]
    sites = await db.execute(
        "SELECT site, count(*) AS articles FROM articles GROUP BY site ORDER BY articles DESC LIMIT 12")
    hidden = set(await db.hidden_table_names())
    tables = sorted((t for t in await db.table_names() if t not in hidden), key=lambda t: (t != "articles", t))
    return {"newsmill": {"database": name, "totals": {**dict(totals), "newest": _text(totals["newest"])},
                         "latest": latest, "tables": tables,
                         "sites": [{"site": _text(r["site"]), "articles": r["articles"]} for r in sites],
                         "queries": await datasette.get_canned_queries(name, None)}}


async def _article(datasette, database: str, request) -> dict:
    url = tilde_decode(request.url_vars.get("pks", ""))
    db = datasette.get_database(database)
    found = (await db.execute("SELECT * FROM articles WHERE url = ?", [url])).first()
    if found is None:
        return {}
    # listed_as: the name as article_list holds it (a BLOB in hex), what its author filter must match.
    authors = await db.execute(
        "SELECT au.id, au.name, aa.role, iif(typeof(au.name) = 'blob', hex(au.name), au.name) AS listed_as"
        " FROM article_authors aa JOIN authors au ON au.id = aa.author_id"
        " WHERE aa.article_url = ? ORDER BY aa.position", [url])
    faqs = await db.execute("SELECT question, answer FROM faqs WHERE article_url = ? ORDER BY position", [url])
    revisions = (await db.execute(
        "SELECT count(*) FROM article_revisions WHERE article_url = ?", [url])).first()[0]
    # Any column may hold what another program stored (a BLOB, text in word_count, tags that are not
    # JSON): bytes become text here and the template formats through the filters below, never raw.
    article = readable(dict(found))
    return {"newsmill_article": {
        **article,
        "paragraphs": _paragraphs(article.get("body")),
        "tags": stored_tags(article.get("tags")),
        "authors": [{"id": a["id"], "name": _text(a["name"]), "role": _text(a["role"]),
                     "listed_as": _text(a["listed_as"])} for a in authors],
        "faqs": [{"question": _text(f["question"]), "answer": _paragraphs(f["answer"])} for f in faqs],
        "revisions": revisions,
    }}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    async def inner():
        if template == "index.html":
            return await _landing(datasette)
        if view_name == "row" and table == "articles" and request is not None:
            return await _article(datasette, database, request)
        return {}
    return inner


@hookimpl
def prepare_jinja2_environment(env):
    """Filters the templates format stored values with: whatever a row holds, they give text, never raise."""
    env.filters.update(newsmill_when=_when, newsmill_count=_count, newsmill_http=_http_url)


async def _blob_in_view(datasette, database: str, table: str | None, value: bytes):
    """A BLOB in a view's cell as text. Datasette links a BLOB to its download by the row's primary key,
    which a view has none of: the page failed (IndexError) for one such cell."""
    if table is None or database not in datasette.databases:
        return None
    if table not in await datasette.get_database(database).view_names():
        return None
    # Truthy even when empty, or Datasette goes on to its own BLOB link.
    return _text(value) or Markup("&nbsp;")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """article_list: the title links to the article's page, authors read as a list of names. Any view: a
    BLOB shows as text."""
    if table == "article_list":
        if column == "title" and value and "url" in row.keys():
            return Markup('<a href="{}">{}</a>').format(_article_link(datasette, database, row["url"]),
                                                         _text(value))
        if column == "authors" and isinstance(value, str) and value:
            return ", ".join(_names(value)) or None
    if isinstance(value, bytes):
        return _blob_in_view(datasette, database, table, value)
    return None


def _with_default_columns(datasette, scope: dict) -> dict:
    """`/db/table` (HTML, no _col/_nocol asked for) as if ?_nocol= named each hidden column: rows stay a line
    tall and pages light; `.json` and an explicit column choice are left alone."""
    parts = scope.get("path", "").strip("/").split("/")
    if scope.get("method") != "GET" or len(parts) != 2 or "." in parts[1]:
        return scope
    database, table = parts
    if database not in datasette.databases:
        return scope
    hidden = (datasette.plugin_config("newsmill", database=database, table=table) or {}).get("hide_columns")
    args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if not hidden or any(key in ("_col", "_nocol") for key, _ in args):
        return scope
    query = urlencode(args + [("_nocol", column) for column in hidden])
    return {**scope, "query_string": query.encode("latin-1")}


def _chart_queries(datasette) -> set[str]:
    dashboards = datasette.plugin_config("datasette-dashboards") or {}
    return {chart["query"] for board in dashboards.values() for chart in board.get("charts", {}).values()
            if chart.get("query")}


def _is_chart_request(datasette, scope: dict) -> bool:
    """A dashboard page, or the exact query of one of its charts (what the charts' script fetches)."""
    path = scope.get("path", "")
    if path.startswith("/-/dashboards/"):
        return True
    if not path.endswith(".json"):
        return False
    sql = dict(parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"))).get("sql")
    return sql is not None and sql in _chart_queries(datasette)


# Set for the duration of one request: permission_allowed() is not told which request asks.
_CHART_REQUEST: ContextVar[bool] = ContextVar("newsmill_chart_request", default=False)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def newsmill_browse(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            scope = _with_default_columns(datasette, scope)
            token = _CHART_REQUEST.set(_is_chart_request(datasette, scope))
            try:
                await app(scope, receive, send)
            finally:
                _CHART_REQUEST.reset(token)
        return newsmill_browse
    return wrap


@hookimpl
def permission_allowed(action):
    """The charts run their own SQL, and only that, when arbitrary SQL is off (browse without --allow-sql)."""
    if action == "execute-sql" and _CHART_REQUEST.get():
        return True
    return None


CSS = """
dl.column-descriptions { display: none; }  /* the same notes are in each column's menu */
.rows-and-columns td { max-width: 36em; }
.rows-and-columns td.col-title { min-width: 16em; }
.rows-and-columns td.col-excerpt { min-width: 24em; color: #444; font-size: 0.9em; }
.table-articles .rows-and-columns td.col-url { min-width: 16em; max-width: 22em; font-size: 0.8em; overflow-wrap: anywhere; }
.rows-and-columns td.col-published, .rows-and-columns td.col-first_seen, .rows-and-columns td.col-last_seen { font-size: 0.85em; }
.newsmill-search { margin: 1em 0 1.5em; display: flex; gap: 0.5em; max-width: 44em; }
.newsmill-search input[type=search] { flex: 1; font-size: 1.1em; padding: 0.4em; }
.newsmill-links { display: flex; flex-wrap: wrap; gap: 0.4em 1.4em; margin: 0 0 1.2em; padding: 0; list-style: none; }
.newsmill-latest { border-collapse: collapse; width: 100%; }
.newsmill-latest td, .newsmill-latest th { text-align: left; vertical-align: top; padding: 0.45em 0.6em;
    border-bottom: 1px solid #e4e4e4; }
.newsmill-latest .excerpt { color: #555; font-size: 0.9em; max-width: 34em; }
.newsmill-latest .when { white-space: nowrap; font-size: 0.9em; }
.newsmill-totals { color: #444; }
.newsmill-article-layout { display: grid; grid-template-columns: minmax(0, 44em) minmax(14em, 26em); gap: 0 3em; }
@media only screen and (max-width: 900px) { .newsmill-article-layout { grid-template-columns: minmax(0, 1fr); } }
.newsmill-aside { padding-top: 1em; overflow-wrap: anywhere; }
.newsmill-aside h2 { font-size: 1.2em; margin: 1.2em 0 0.4em; }
.newsmill-article .byline, .newsmill-article-layout .meta { color: #555; margin: 0.3em 0; font-size: 0.95em; }
article.newsmill-article .body p { line-height: 1.6; margin: 0 0 1em; font-size: 1.05em; }
article.newsmill-article .description { font-style: italic; color: #333; }
dl.faq dt { font-weight: bold; margin-top: 0.9em; }
dl.faq dd p { margin: 0 0 0.5em; }
dl.faq dd { margin: 0.3em 0 0 1.2em; line-height: 1.5; }
.newsmill-tags span { display: inline-block; background: #eef; border-radius: 3px; padding: 0 0.4em; margin: 0 0.3em 0.3em 0; }
"""


async def _css(request, datasette):
    from datasette.utils.asgi import Response

    return Response(CSS, content_type="text/css; charset=utf-8")


@hookimpl
def startup(datasette):
    """No traceback in the terminal for a page that is not there (404) or not allowed (403).

    With rich installed, Datasette 0.65's default handle_exception prints every exception through rich with
    its local variables, about 180 lines for one mistyped URL; pipelines.compat switches its rich off."""
    quiet_datasette_exceptions()


@hookimpl
def register_routes():
    return [(r"^/-/newsmill/browse\.css$", _css)]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/newsmill/browse.css")]

