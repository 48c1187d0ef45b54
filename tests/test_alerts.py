"""Nightly alerts (crawler/alerts.py): judged against each site's own history, recorded in `alerts`, delivered to
a command (JSON on stdin) and a webhook (a loopback receiver); a broken hook is one warning line."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import run_newsmill
from crawler.alerts import HookFailed, Thresholds, find_alerts, raise_alerts, send_webhook
from crawler.nightly import SiteResult
from crawler.siteserver import DEMO_SITE, SiteServer
from newsmill.records import Article, Author
from pipelines.schema import open_db
from pipelines.store import store_article


class Receiver:
    """A loopback HTTP server that keeps every POSTed body; `status`/`location` shape its answer."""

    def __init__(self, status: int = 200, location: str | None = None):
        self.bodies: list[dict] = []
        self.paths: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.paths.append(self.path)
                outer.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _run(db, site: str, articles: int, *, authors: bool = True, dates: bool = True, ok: bool = True) -> dict:
    """One finished crawl run of `site` that stored `articles` new articles."""
    run_id = db["crawl_runs"].insert({"site": site, "started": "2025-06-01T00:00:00+00:00"}).last_pk
    with db.atomic():
        for n in range(articles):
            url = f"https://{site}/r{run_id}/a{n}"
            article = Article(url=url, title=f"Story {n}", body="word " * 120,
                              authors=[Author("Mara Quinn")] if authors else [],
                              published="2025-06-01T08:00:00+00:00" if dates else None)
            store_article(db, article, url, "2025-06-01T09:00:00+00:00")
            db["pages"].insert({"url": url, "run_id": run_id, "status": 200, "outcome": "new", "article_url": url})
        db["crawl_runs"].update(run_id, {"finished": "2025-06-01T01:00:00+00:00", "pages": max(articles, 1),
                                         "articles_new": articles, "exit_status": 0 if ok else 1,
                                         "finish_reason": "finished"})
    return dict(db["crawl_runs"].get(run_id))


def _history(db, site: str = "news.example", runs: int = 4, articles: int = 20) -> None:
    for _ in range(runs):
        _run(db, site, articles)


def test_a_normal_night_raises_no_alert():
    db = open_db(":memory:")
    _history(db)
    run = _run(db, "news.example", 18)
    assert find_alerts(db, [SiteResult("news.example", 0, run)], Thresholds()) == []


def test_a_first_night_has_no_history_to_jump_from():
    db = open_db(":memory:")
    run = _run(db, "new.example", 12, authors=False, dates=False)
    assert find_alerts(db, [SiteResult("new.example", 0, run)], Thresholds()) == []


def test_lost_dates_and_a_count_drop_and_a_failed_site_alert():
    db = open_db(":memory:")
    _history(db)
    no_dates = _run(db, "news.example", 20, dates=False)
    alerts = find_alerts(db, [SiteResult("news.example", 0, no_dates)], Thresholds())
    assert [(a.kind, a.value, a.usual) for a in alerts] == [("missing_dates", 1.0, 0.0)]
    few = _run(db, "news.example", 3)
    (drop,) = find_alerts(db, [SiteResult("news.example", 0, few)], Thresholds())
    assert (drop.kind, drop.value, drop.usual) == ("article_count_drop", 3, 20.0)
    assert find_alerts(db, [SiteResult("news.example", 0, few)], Thresholds(count_drop=0.1)) == []  # a setting
    down = find_alerts(db, [SiteResult("gone.example", 1, {})], Thresholds())
    assert [a.kind for a in down] == ["site_failed"] and "FAILED" in down[0].message


def test_thresholds_are_settings_and_a_bad_value_is_named():
    assert Thresholds.from_settings({"ALERT_COUNT_DROP": "0.25", "ALERT_MIN_USUAL": "3"}) == Thresholds(
        count_drop=0.25, min_usual=3)
    with pytest.raises(ValueError, match="ALERT_SHARE_JUMP=lots"):
        Thresholds.from_settings({"ALERT_SHARE_JUMP": "lots"})


def test_the_webhook_and_the_command_get_the_alert_as_json(receiver, tmp_path):
    db = open_db(":memory:")
    out = tmp_path / "alert.json"
    warnings = []
    alerts = raise_alerts(db, "news.db", [SiteResult("gone.example", 1, {})], Thresholds(hook_timeout=5),
                          command=f"cat > {out}", webhook=receiver.url, warn=warnings.append)
    assert len(alerts) == 1 and warnings == []
    (posted,) = receiver.bodies
    assert posted["alert"] == "site_failed" and posted["site"] == "gone.example" and posted["database"] == "news.db"
    assert json.loads(out.read_text("utf-8")) == posted
    row = db.execute("SELECT kind, site, delivered FROM alerts").fetchone()
    assert row[:2] == ("site_failed", "gone.example")
    assert json.loads(row[2]) == {"command": "exit 0", "webhook": "HTTP 200"}


def test_a_redirect_is_not_followed(tmp_path):
    elsewhere = Receiver()
    redirecting = Receiver(status=307, location=elsewhere.url)
    try:
        with pytest.raises(HookFailed, match="HTTP 307 .redirects are not followed"):
            send_webhook(redirecting.url, {"alert": "x"}, timeout=5)
        assert len(redirecting.bodies) == 1 and elsewhere.bodies == []
    finally:
        elsewhere.close()
        redirecting.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failing_hook_is_one_warning_line_not_a_crash():
    db = open_db(":memory:")
    warnings: list[str] = []
    raise_alerts(db, "news.db", [SiteResult("gone.example", 1, {})], Thresholds(hook_timeout=1),
                 command="echo broken >&2; exit 3", webhook=f"http://127.0.0.1:{_closed_port()}/hook",
                 warn=warnings.append)
    assert len(warnings) == 2 and all("\n" not in w and w.startswith("warning: ") for w in warnings)
    assert "exited 3" in warnings[0] and "broken" in warnings[0] and "refused" in warnings[1].lower()
    raise_alerts(db, "news.db", [SiteResult("gone.example", 1, {})], Thresholds(hook_timeout=0.5),
                 command="sleep 5", warn=warnings.append)
    assert "timed out after 0.5 s" in warnings[2]
    assert db.execute("SELECT count(*) FROM alerts").fetchone()[0] == 2


def test_nightly_alerts_for_the_failed_site_only(receiver, tmp_path):
    sites = tmp_path / "sites.toml"
    db, out = tmp_path / "news.db", tmp_path / "alerts.jsonl"
    with SiteServer(DEMO_SITE) as server:
        sites.write_text(f'[sites.demo]\nstart_urls = ["{server.base_url}/"]\nmax_pages = 6\ndepth = 1\n\n'
                         f'[sites.down]\nstart_urls = ["http://127.0.0.1:{_closed_port()}/"]\nmax_pages = 5\n')
        result = run_newsmill("nightly", "--sites", str(sites), "--db", str(db), "--logs", str(tmp_path / "logs"),
                              "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "EXTRACT_WORKERS=1",
                              "-s", "RETRY_ENABLED=False", "--on-alert", f"cat >> {out}; echo >> {out}",
                              "--alert-webhook", receiver.url)
    assert result.returncode == 1, result.stderr[-2000:]
    assert [(b["alert"], b["site"]) for b in receiver.bodies] == [("site_failed", "down")]
    assert [json.loads(line)["site"] for line in out.read_text().splitlines() if line] == ["down"]
    assert "Alerts: 1 (site_failed)" in result.stdout and "warning" not in result.stderr


def test_nightly_refuses_a_webhook_that_is_no_http_url(tmp_path):
    result = run_newsmill("nightly", "--sites", str(Path(tmp_path, "sites.toml")), "--alert-webhook", "file:///etc/passwd")
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].startswith("Error: --alert-webhook: use an http")
