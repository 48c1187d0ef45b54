"""`newsmill nightly`: every site of the sites file, one crawl each, a crawl_runs row each.

Each site runs as its own `newsmill crawl` child process (a crash or a hang in one site cannot
take the others down) while this process holds the database lock for the whole night. Logs go to
output/logs/YYYY-MM-DD-SITE.log; the summary flags sites whose extraction suddenly degraded.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newsmill.reasons import FinishReason

from .sites import Site

# A site is flagged when a share this run is at least this high and this much above its history.
_FLAG_SHARE, _FLAG_JUMP, _FLAG_MIN_ARTICLES = 0.5, 0.3, 5
# A site FAILED when more than this share of its fetches failed (NIGHTLY_MAX_FAILED_SHARE), or none answered.
MAX_FAILED_SHARE = 0.5


@dataclass
class SiteResult:
    name: str
    exit_code: int
    run: dict = field(default_factory=dict)  # its crawl_runs row
    flags: list[str] = field(default_factory=list)
    max_failed_share: float = MAX_FAILED_SHARE

    @property
    def failed(self) -> bool:
        return self.why_failed is not None

    @property
    def why_failed(self) -> str | None:
        """Why this site's crawl counts as failed, or None."""
        run = self.run or {}
        if self.exit_code == 124:
            return "timed out"
        if not run:
            return f"the crawl exited {self.exit_code} without a run row (see its log)"
        if run.get("finish_reason") == FinishReason.NO_ANSWER or not run.get("pages"):
            return "no start page, sitemap or feed answered (site down, refusing connections, or 404)"
        failed = run.get("pages_failed") or 0  # no response at all (a 404 is an answer: the demo site has many)
        if failed / run["pages"] > self.max_failed_share:
            return f"{failed} of {run['pages']} fetches failed (over {self.max_failed_share:.0%})"
        if self.exit_code != 0 or run.get("exit_status") not in (0, None):
            return f"ended early: {run.get('finish_reason') or f'exit status {self.exit_code}'}"
        return None


def crawl_command(site: Site, db: str, log_file: Path, extra: tuple[str, ...]) -> list[str]:
    """One site's crawl as a command; its clean_* rules are read from its own sites file (CLEAN_SITE_RULES)."""
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", *site.start_urls, "--db", db, "--no-lock",
           "--site-name", site.name, "--incremental", "--discover", "--max-pages", str(site.max_pages),
           "--depth", str(site.depth), "--max-age-days", str(site.max_age_days)]
    for flag, values in (("--sitemap", site.sitemaps), ("--feed", site.feeds), ("--allow", site.allow),
                         ("--deny", site.deny)):
        for value in values:
            cmd += [flag, value]
    cmd += ["-s", f"LOG_FILE={log_file}", "-s", "LOG_LEVEL=INFO"]
    if site.source and site.rules():
        cmd += ["-s", f"CLEAN_SITE_RULES={site.source}"]
    for setting in extra:
        cmd += ["-s", setting]
    return cmd


class _Stop:
    """SIGINT/SIGTERM during a nightly run: the site being crawled gets the signal (once per signal:
    each crawl runs in its own process group, so a terminal's Ctrl-C reaches this process only), no
    further site is started, and the night's summary is printed. A second signal stops the crawl at once."""

    def __init__(self):
        self.signum: int | None = None
        self.child: subprocess.Popen | None = None

    def __enter__(self):
        self._previous = {s: signal.signal(s, self._handle) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc):
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum, frame):
        self.signum = self.signum or signum
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signum)


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it (a clean stop) if nightly dies, even by SIGKILL (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_sites(sites: list[Site], db: str, log_dir: Path, extra_settings: tuple[str, ...] = (),
              timeout: float | None = None, stop: "_Stop | None" = None,
              max_failed_share: float = MAX_FAILED_SHARE) -> list[SiteResult]:
    """Crawl each site in turn; the caller holds the database lock. With `stop` (installed by the
    caller), a signal ends the night after the site being crawled."""
    from pipelines.schema import open_db

    log_dir.mkdir(parents=True, exist_ok=True)
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    results = []
    for site in sites:
        if stop is not None and stop.signum is not None:
            break
        log_file = log_dir / f"{day}-{site.name}.log"
        before = _last_run_id(db, site.name)
        child = subprocess.Popen(crawl_command(site, db, log_file, extra_settings),
                                 stdout=subprocess.DEVNULL, start_new_session=stop is not None,
                                 preexec_fn=_die_with_parent if stop is not None else None)
        if stop is not None:
            stop.child = child
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            code = 124
        db_handle = open_db(db)
        run = latest_run(db_handle, site.name)
        if run and before is not None and run["id"] <= before:
            run = {}  # an older run's row: this crawl never opened one
        result = SiteResult(site.name, code, run, degradation(db_handle, site.name, run), max_failed_share)
        if result.failed and run and run.get("exit_status") == 0:  # failed by nightly's own measure
            with db_handle.atomic():
                db_handle["crawl_runs"].update(run["id"], {"exit_status": 1})
        results.append(result)
        db_handle.close()
    return results


def _last_run_id(db: str, site: str) -> int | None:
    from pipelines.schema import open_db

    if not Path(db).exists():
        return None
    handle = open_db(db)
    try:
        return (latest_run(handle, site) or {}).get("id", 0)
    finally:
        handle.close()


def latest_run(db, site: str) -> dict:
    rows = list(db.query("SELECT * FROM crawl_runs WHERE site = ? ORDER BY id DESC LIMIT 1", [site]))
    return rows[0] if rows else {}


def degradation(db, site: str, run: dict) -> list[str]:
    """Shares of articles without authors or dates, and of article pages with too short a body,
    this run against the site's own history: a sudden jump means a template change broke extraction."""
    if not run:
        return []
    flags = []
    for label, now, before in _shares(db, site, run["id"], run["started"]):
        if now is not None and now >= _FLAG_SHARE and now - (before or 0.0) >= _FLAG_JUMP:
            flags.append(f"{label} {now:.0%} (was {before or 0:.0%})")
    return flags


def _shares(db, site: str, run_id: int, started: str):
    this_run = ("SELECT a.url, a.published, (SELECT count(*) FROM article_authors aa WHERE aa.article_url = a.url) AS n "
                "FROM pages p JOIN articles a ON a.url = p.article_url WHERE p.run_id = ? "
                "AND p.outcome IN ('new', 'changed', 'refreshed')")
    history = ("SELECT a.url, a.published, (SELECT count(*) FROM article_authors aa WHERE aa.article_url = a.url) AS n "
               "FROM articles a WHERE a.url IN (SELECT p.article_url FROM pages p JOIN crawl_runs r ON r.id = p.run_id "
               "WHERE r.site = ? AND r.id < ?)")
    now_rows = list(db.execute(this_run, [run_id]).fetchall())
    old_rows = list(db.execute(history, [site, run_id]).fetchall())
    short_now = _short_share(db, "p.run_id = ?", [run_id])
    short_before = _short_share(db, "p.run_id IN (SELECT id FROM crawl_runs WHERE site = ? AND id < ?)", [site, run_id])
    yield "missing authors", _share(now_rows, lambda r: r[2] == 0), _share(old_rows, lambda r: r[2] == 0)
    yield "missing dates", _share(now_rows, lambda r: not r[1]), _share(old_rows, lambda r: not r[1])
    yield "empty bodies", short_now, short_before


def _share(rows, test) -> float | None:
    return sum(1 for r in rows if test(r)) / len(rows) if len(rows) >= _FLAG_MIN_ARTICLES else None


def _short_share(db, where: str, params) -> float | None:
    row = db.execute(
        f"SELECT coalesce(sum(reason = 'body_too_short'), 0), count(*) FROM pages p WHERE {where} "
        "AND (p.article_url IS NOT NULL OR p.reason = 'body_too_short')", params).fetchone()
    return row[0] / row[1] if row and row[1] and row[1] >= _FLAG_MIN_ARTICLES else None


def summary_lines(results: list[SiteResult]) -> list[str]:
    lines = [f"{'site':20} {'status':7} {'queued':>7} {'fetched':>8} {'new':>6} {'changed':>8} {'skipped':>8} "
             f"{'errors':>7}"]
    for r in results:
        run = r.run or {}
        lines.append(f"{r.name[:20]:20} {'FAILED' if r.failed else 'ok':7} {run.get('queued') or 0:>7} "
                     f"{run.get('pages') or 0:>8} "
                     f"{run.get('articles_new') or 0:>6} {run.get('articles_changed') or 0:>8} "
                     f"{run.get('pages_skipped') or 0:>8} {run.get('errors') or 0:>7}")
        if r.failed:
            lines.append(f"  ! {r.name}: FAILED: {r.why_failed}")
        for flag in r.flags:
            lines.append(f"  ! {r.name}: extraction degraded: {flag}")
    return lines


_RUN_FIELDS = ("id", "started", "finished", "finish_reason", "exit_status", "queued", "pages", "articles_new",
               "articles_changed", "articles_refreshed", "articles_unchanged", "pages_skipped", "pages_failed",
               "faqs", "errors")


def summary_record(results: list[SiteResult]) -> dict:
    """The night's summary as one JSON-ready dict (`newsmill nightly --json`): per site its status, why it
    failed, its run row's counts (pages not stored by reason) and the degradation flags."""
    import json

    sites = []
    for r in results:
        run = r.run or {}
        fields = {k: run.get(k) for k in _RUN_FIELDS} if run else None
        if fields is not None:
            fields["not_stored"] = json.loads(run.get("counts") or "{}")
        sites.append({"site": r.name, "status": "FAILED" if r.failed else "ok", "why_failed": r.why_failed,
                      "exit_code": r.exit_code, "run": fields, "degraded": list(r.flags)})
    return {"sites": sites, "failed": sum(1 for r in results if r.failed)}
