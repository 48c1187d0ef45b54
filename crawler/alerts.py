"""Alerts after a nightly run: a site that failed, that lost its authors, dates or bodies, or its articles.

Each site's run is judged against its own history (its earlier crawl_runs and their pages):

- site_failed: the crawl FAILED (crawler/nightly.py says why);
- missing_authors / missing_dates / empty_bodies: the share of this run's articles without one is at least
  ALERT_SHARE_MIN and at least ALERT_SHARE_JUMP above the share over the site's earlier runs, with at least
  ALERT_MIN_ARTICLES articles on both sides (a first run has no history to jump from);
- article_count_drop: this run saw fewer than ALERT_COUNT_DROP times the site's usual count of articles (the
  median of its last ALERT_HISTORY_RUNS successful runs), when that usual is at least ALERT_MIN_USUAL.

Every alert is a row of the `alerts` table and, when asked, one call of each hook: `--on-alert CMD` (a shell
command, the alert as JSON on its stdin) and `--alert-webhook URL` (the JSON POSTed there, redirects not
followed, no proxy, ALERT_HOOK_TIMEOUT seconds at most). A hook that fails costs one warning line.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from statistics import median
from typing import Callable
from urllib.parse import urlsplit

# -s NAME=VALUE settings and their defaults (crawler/runner.py lists them as known settings).
ALERT_SETTINGS = {
    "ALERT_SHARE_MIN": 0.5,  # a share of articles missing a field alerts from this level ...
    "ALERT_SHARE_JUMP": 0.3,  # ... when it is this much above the site's history (0.3 = 30 points)
    "ALERT_MIN_ARTICLES": 5,  # fewer articles this run or in the history: the shares are not judged
    "ALERT_COUNT_DROP": 0.4,  # fewer articles than this times the usual count alerts
    "ALERT_HISTORY_RUNS": 7,  # the usual count: median of the site's last this many successful runs
    "ALERT_MIN_USUAL": 10,  # a site that usually brings fewer articles is not judged on its count
    "ALERT_HOOK_TIMEOUT": 30.0,  # seconds for the command hook and for the webhook
}


@dataclass(frozen=True)
class Thresholds:
    share_min: float = ALERT_SETTINGS["ALERT_SHARE_MIN"]
    share_jump: float = ALERT_SETTINGS["ALERT_SHARE_JUMP"]
    min_articles: int = ALERT_SETTINGS["ALERT_MIN_ARTICLES"]
    count_drop: float = ALERT_SETTINGS["ALERT_COUNT_DROP"]
    history_runs: int = ALERT_SETTINGS["ALERT_HISTORY_RUNS"]
    min_usual: int = ALERT_SETTINGS["ALERT_MIN_USUAL"]
    hook_timeout: float = ALERT_SETTINGS["ALERT_HOOK_TIMEOUT"]

    @classmethod
    def from_settings(cls, overrides: dict) -> "Thresholds":
        """From -s overrides (strings); ValueError naming the setting for a bad value."""
        values = {}
        for f, name in zip(fields(cls), ALERT_SETTINGS):
            if name in overrides:
                kind = type(ALERT_SETTINGS[name])
                try:
                    value = kind(overrides[name])
                except ValueError:
                    raise ValueError(f"{name}={overrides[name]}: expected a {kind.__name__}") from None
                if value < 0:
                    raise ValueError(f"{name}={overrides[name]}: must not be negative")
                values[f.name] = value
        return cls(**values)


@dataclass
class Alert:
    kind: str  # site_failed, missing_authors, missing_dates, empty_bodies, article_count_drop
    site: str
    run_id: int | None
    message: str
    metric: str | None = None
    value: float | None = None
    usual: float | None = None
    threshold: float | None = None
    created: str = ""

    def payload(self, database: str) -> dict:
        return {"alert": self.kind, **{k: v for k, v in asdict(self).items() if k != "kind"}, "database": database}


def find_alerts(db, results, thresholds: Thresholds) -> list[Alert]:
    """The alerts of a night's results (crawler.nightly.SiteResult), judged against each site's history."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    alerts = []
    for result in results:
        run = result.run or {}
        run_id = run.get("id")
        if result.failed:
            alerts.append(Alert("site_failed", result.name, run_id, f"{result.name}: FAILED: {result.why_failed}",
                                created=now))
            continue
        for metric, share, before in _shares(db, result.name, run_id, thresholds.min_articles):
            if share >= thresholds.share_min and share - before >= thresholds.share_jump:
                alerts.append(Alert(
                    metric, result.name, run_id,
                    f"{result.name}: {share:.0%} of this run's articles {_WHAT[metric]} (was {before:.0%})",
                    metric, round(share, 4), round(before, 4), thresholds.share_min, now))
        count, usual = _article_count(run), _usual_count(db, result.name, run_id, thresholds.history_runs)
        if usual is not None and usual >= thresholds.min_usual and count < thresholds.count_drop * usual:
            alerts.append(Alert(
                "article_count_drop", result.name, run_id,
                f"{result.name}: {count} articles this run, usually {usual:g}", "articles", count, usual,
                thresholds.count_drop, now))
    return alerts


_WHAT = {"missing_authors": "have no author", "missing_dates": "have no date", "empty_bodies": "have too short a body"}
_STORED = "('new', 'changed', 'refreshed')"  # articles this run extracted (unchanged ones were not re-read)


def _shares(db, site: str, run_id: int | None, min_articles: int):
    """(metric, this run's share, the history's share) for each metric both sides have enough articles for."""
    if run_id is None:
        return
    for scope, params in (("p.run_id = ?", [run_id]),
                          ("p.run_id IN (SELECT id FROM crawl_runs WHERE site = ? AND id < ?)", [site, run_id])):
        row = db.execute(
            "SELECT count(a.url), "
            "coalesce(sum(NOT EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_url = a.url)), 0), "
            "coalesce(sum(a.published IS NULL), 0) "
            f"FROM pages p JOIN articles a ON a.url = p.article_url WHERE {scope} AND p.outcome IN {_STORED}",
            params).fetchone()
        short = db.execute(f"SELECT coalesce(sum(p.reason = 'body_too_short'), 0) FROM pages p WHERE {scope}",
                           params).fetchone()[0]
        if scope.startswith("p.run_id ="):
            now = row, short
        else:
            before = row, short
    (n_now, authors_now, dates_now), short_now = now
    (n_before, authors_before, dates_before), short_before = before
    if n_now >= min_articles and n_before >= min_articles:
        yield "missing_authors", authors_now / n_now, authors_before / n_before
        yield "missing_dates", dates_now / n_now, dates_before / n_before
    if n_now + short_now >= min_articles and n_before + short_before >= min_articles:
        yield "empty_bodies", short_now / (n_now + short_now), short_before / (n_before + short_before)


def _article_count(run: dict) -> int:
    return sum(run.get(f"articles_{o}") or 0 for o in ("new", "changed", "refreshed", "unchanged"))


def _usual_count(db, site: str, run_id: int | None, history_runs: int) -> float | None:
    rows = db.execute(
        "SELECT coalesce(articles_new, 0) + coalesce(articles_changed, 0) + coalesce(articles_refreshed, 0) "
        "+ coalesce(articles_unchanged, 0) FROM crawl_runs WHERE site = ? AND id < ? AND exit_status = 0 "
        "AND finished IS NOT NULL ORDER BY id DESC LIMIT ?", [site, run_id or 0, history_runs]).fetchall()
    return float(median(r[0] for r in rows)) if rows else None


def record(db, alerts: list[Alert]) -> list[int]:
    """Insert the alerts into the alerts table; their ids."""
    ids = []
    with db.atomic():
        for alert in alerts:
            row = {k: v for k, v in asdict(alert).items()}
            ids.append(db["alerts"].insert(row).last_pk)
    return ids


def check_webhook(url: str) -> str | None:
    """What is wrong with a webhook URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "use an http:// or https:// URL with a host, e.g. https://hooks.example.org/newsmill"
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook goes where the user said: a redirect is an answer (an error), never followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))


def send_webhook(url: str, payload: dict, timeout: float) -> str:
    """POST the payload as JSON; 'HTTP <status>' when answered 2xx, else raise HookFailed."""
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                     method="POST", headers={"Content-Type": "application/json",
                                                             "User-Agent": "newsmill-alerts"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        extra = " (redirects are not followed)" if 300 <= exc.code < 400 else ""
        raise HookFailed(f"webhook {url} answered HTTP {exc.code}{extra}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HookFailed(f"webhook {url} failed: {reason}") from None


def run_command(command: str, payload: dict, timeout: float) -> str:
    """Run the shell command with the payload as JSON on stdin; 'exit 0' or raise HookFailed."""
    try:
        done = subprocess.run(command, shell=True, input=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise HookFailed(f"alert command timed out after {timeout:g} s: {command}") from None
    except OSError as exc:
        raise HookFailed(f"alert command could not run: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HookFailed(f"alert command exited {done.returncode}: {command}" + (f" ({said[-1][:200]})" if said else ""))
    return "exit 0"


class HookFailed(Exception):
    pass


def raise_alerts(db, database: str, results, thresholds: Thresholds, command: str | None = None,
                 webhook: str | None = None, warn: Callable[[str], None] = print) -> list[Alert]:
    """Find, record and deliver the night's alerts; what each hook did goes to alerts.delivered."""
    alerts = find_alerts(db, results, thresholds)
    ids = record(db, alerts)
    for alert_id, alert in zip(ids, alerts):
        payload = {"id": alert_id, **alert.payload(database)}
        delivered = {}
        for name, target, send in (("command", command, run_command), ("webhook", webhook, send_webhook)):
            if not target:
                continue
            try:
                delivered[name] = send(target, payload, thresholds.hook_timeout)
            except HookFailed as exc:
                delivered[name] = str(exc)
                warn(f"warning: {exc}")
        if delivered:
            with db.atomic():
                db["alerts"].update(alert_id, {"delivered": json.dumps(delivered)})
    return alerts


def alert_night(database: str, results, thresholds: Thresholds, command: str | None, webhook: str | None,
                warn: Callable[[str], None]) -> list[Alert]:
    """raise_alerts on the database file; a database error is a warning too: the night's crawls are done."""
    import sqlite3

    from pipelines.schema import open_db

    try:
        db = open_db(database)
    except sqlite3.Error as exc:
        warn(f"warning: alerts not checked: {exc}")
        return []
    try:
        return raise_alerts(db, database, results, thresholds, command, webhook, warn)
    except sqlite3.Error as exc:
        warn(f"warning: alerts not checked: {exc}")
        return []
    finally:
        db.close()
