"""Terminal escapes in a page never reach the database nor the user's terminal (issue 19 item 6)."""

from __future__ import annotations

import json
import sqlite3

from conftest import crawl, run_newsmill
from faultserver import article_html, crawl_settings, FaultServer

ESC_TITLE = "Harbour news&#27;]0;owned&#7;&#27;[2J&#27;]8;;http://evil.example/&#27;\\\\click&#27;]8;;&#27;\\\\ today"


def hostile_page() -> bytes:
    page = article_html(301, title="PLACEHOLDER")
    ld = {"@type": "NewsArticle", "headline": "Harbour news", "datePublished": "2025-03-02T08:00:00Z",
          "author": {"@type": "Person", "name": "Ada\u001b[2J Reporter\u0007"},
          "description": "Summary\u009b31m in red"}
    page = page.replace('<script type="application/ld+json">', '<script type="application/ld+json">'
                        + json.dumps(ld) + '</script><script type="x">', 1)
    return page.replace("PLACEHOLDER", ESC_TITLE).replace("met again", "met again&#27;[31m in red&#155;0m").encode()


def test_escapes_are_stripped_when_stored_and_never_printed(tmp_path):
    db = tmp_path / "esc.db"
    with FaultServer() as server:
        server.routes["/news/hostile/"] = lambda h, q, c: h.send(200, hostile_page())
        crawl(server.url("/news/hostile/"), db, *crawl_settings(server), "--depth", "0")
    conn = sqlite3.connect(db)
    texts = [v for row in conn.execute("SELECT * FROM articles") for v in row if isinstance(v, str)]
    texts += [r[0] for r in conn.execute("SELECT name FROM authors")]
    assert texts and "harbour" in " ".join(texts).lower()
    controls = [t for t in texts if any(ord(c) < 32 and c not in "\t\n" or 0x7f <= ord(c) <= 0x9f for c in t)]
    assert controls == []
    conn.close()
    result = run_newsmill("search", "harbour", "--db", str(db))
    assert result.returncode == 0 and "1." in result.stdout, result.stderr
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in result.stdout)


def test_rows_stored_before_are_escaped_on_output(tmp_path):
    db = tmp_path / "old.db"
    with FaultServer() as server:
        crawl(server.url("/news/good-1/"), db, *crawl_settings(server), "--depth", "0")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET title = title || char(27) || ']0;owned' || char(7)")
    conn.close()
    result = run_newsmill("search", "story", "--db", str(db))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\\x1b]0;owned\\x07" in result.stdout
