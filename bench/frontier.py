"""`make bench-frontier`: a nightly run over many loopback sites with big sitemaps (issue 22 item 2).

    python -m bench.frontier [--sites 50] [--urls 20000] [--max-pages 200] [--polite] [--keep DIR]
    python -m bench.frontier --serve --sites N --urls M     (the server alone; prints "PORT p1,p2,...")

1. Serves --sites sites from one process (asyncio, bench/server.py's HTTP protocol), one port each on
   127.0.0.1, each one real page template (bench/mirror.py) under its own URLs:
       /robots.txt    names /sitemap.xml
       /sitemap.xml   --urls article URLs with their lastmod, in one file (about 100 bytes a URL)
       /              the first 20 articles
       /news/...      copy k of the site's template (links to 3 other copies)
2. Runs `newsmill nightly` over --baseline sites (5, spread over the list) one at a time, each alone with its own
   database: one site's time is their mean (the templates differ in size and links).
3. Runs `newsmill nightly` over all the sites (a fresh database), --max-pages each, and measures:
   - peak RSS summed over the whole process tree (nightly, each site's crawl, its extraction workers),
     sampled every 0.2 s;
   - per site: from its crawl process's start (/proc) to its first article committed to the database
     (polled every 0.1 s), and the crawl's duration;
   - total wall time against --sites x the one-site time.
Flat out by default (-s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0): with the default politeness a site
of 200 pages takes 50 s of delays alone. --polite keeps the defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .mirror import ROOT, Mirror

_SAMPLE = 0.2
_TICK = os.sysconf("SC_CLK_TCK")


# --- the server ------------------------------------------------------------------------------------

class SiteMirror:
    """One site: robots.txt, a sitemap of `urls` articles, a home page, the articles (bench/mirror.py)."""

    def __init__(self, template, urls: int, base: str):
        self.mirror = Mirror([template], urls, base)
        self.urls = urls
        self.base = base

    def sitemap(self) -> bytes:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
        for k in range(self.urls):
            day = 28 - k * 28 // self.urls  # the newest first, as news sitemaps list them
            parts.append(f"<url><loc>{self.mirror.article_url(k)}</loc><lastmod>2026-11-{day:02d}</lastmod></url>\n")
        parts.append("</urlset>\n")
        return "".join(parts).encode()

    def get(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nDisallow:\nSitemap: {self.base}/sitemap.xml\n".encode()
        if path == "/sitemap.xml":
            return 200, "application/xml", self.sitemap()
        if path == "/":
            links = "".join(f'<li><a href="{self.mirror.article_url(k)}">Story {k}</a></li>' for k in range(20))
            return 200, "text/html; charset=utf-8", (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
                                                     f'<title>Site</title></head><body><ul>{links}</ul></body></html>').encode()
        return self.mirror.get(path)


def site_templates(n: int) -> list:
    """n templates newsmill stores as articles (several sites share one when there are fewer)."""
    from bench.run import usable_templates

    templates, _ = usable_templates()
    step = max(1, len(templates) // n)
    chosen = templates[::step][:n]
    return [chosen[i % len(chosen)] for i in range(n)]


async def _serve(sites: int, urls: int) -> None:
    from .server import _HTTP, _Stats

    loop = asyncio.get_running_loop()
    stats = _Stats()
    ports, servers = [], []
    for template in site_templates(sites):
        holder: dict = {}
        server = await loop.create_server(lambda h=holder: _HTTP(h["site"], stats), "127.0.0.1", 0, backlog=512)
        port = server.sockets[0].getsockname()[1]
        holder["site"] = SiteMirror(template, urls, f"http://127.0.0.1:{port}")
        ports.append(port)
        servers.append(server)
    print("PORT " + ",".join(map(str, ports)), flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def start_server(sites: int, urls: int) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen([sys.executable, "-m", "bench.frontier", "--serve", "--sites", str(sites), "--urls", str(urls)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        proc.kill()
        raise SystemExit("bench: the sites server did not start")
    return proc, [int(p) for p in line[1].split(",")]


# --- measuring -------------------------------------------------------------------------------------

def _boot_time() -> float:
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime"):
                return float(line.split()[1])
    return 0.0


_BOOT = _boot_time()


def _proc_table() -> dict[int, tuple[int, float, str]]:
    """pid -> (ppid, start time (epoch seconds), command line) of every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), _BOOT + int(fields[19]) / _TICK, cmd)
    return table


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Peak RSS summed over a process and all its descendants; each site's crawl process start and end;
    each site's first article committed to the database."""

    def __init__(self, root: int, db: Path):
        super().__init__(daemon=True)
        self.root, self.db = root, db
        self.peak_rss = self.peak_procs = 0
        self.crawls: dict[str, list[float]] = {}  # site -> [start, last seen alive]
        self.first_article: dict[str, float] = {}
        self._halt = threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._rowid = 0
        self._ticks = 0

    def run(self):
        while not self._halt.is_set():
            if self._ticks % 2 == 0:
                self._sample_tree()
            self._poll_db()
            self._ticks += 1
            self._halt.wait(_SAMPLE / 2)

    def _sample_tree(self):
        table = _proc_table()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            if pid in table:
                tree.append(pid)
                todo += children.get(pid, [])
        rss = sum(_rss(pid) for pid in tree)
        if rss > self.peak_rss:
            self.peak_rss, self.peak_procs = rss, len(tree)
        now = time.time()
        for pid in tree:
            cmd = table[pid][2]
            if " crawl " in cmd and "--site-name " in cmd:
                site = cmd.split("--site-name ", 1)[1].split(" ", 1)[0]
                self.crawls.setdefault(site, [table[pid][1], now])[1] = now

    def _poll_db(self):
        if self._conn is None:
            if not self.db.exists():
                return
            try:
                self._conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=1)
            except sqlite3.Error:
                return
        try:
            rows = self._conn.execute(
                "SELECT a.rowid, r.site FROM articles a JOIN pages p ON p.article_url = a.url "
                "JOIN crawl_runs r ON r.id = p.run_id WHERE a.rowid > ? ORDER BY a.rowid", [self._rowid]).fetchall()
        except sqlite3.Error:
            return  # not created yet, or busy
        now = time.time()
        for rowid, site in rows:
            self._rowid = max(self._rowid, rowid)
            self.first_article.setdefault(site, now)

    def stop(self):
        self._halt.set()
        self.join()
        self._poll_db()


def sites_file(path: Path, ports: list[int], max_pages: int) -> None:
    lines = []
    for i, port in enumerate(ports):
        lines += [f"[sites.s{i:02d}]", f'start_urls = ["http://127.0.0.1:{port}/"]',
                  f'sitemaps = ["http://127.0.0.1:{port}/sitemap.xml"]', f"max_pages = {max_pages}", ""]
    path.write_text("\n".join(lines))


def nightly(tmp: Path, name: str, ports: list[int], max_pages: int, settings: list[str]) -> dict:
    sites, db = tmp / f"{name}.toml", tmp / f"{name}.db"
    sites_file(sites, ports, max_pages)
    newsmill = Path(sys.executable).with_name("newsmill")
    cmd = [str(newsmill), "nightly", "--sites", str(sites), "--db", str(db), "--logs", str(tmp / f"{name}-logs")]
    for s in settings:
        cmd += ["-s", s]
    print("  $", " ".join(cmd[1:]), flush=True)
    start = time.monotonic()
    with open(tmp / f"{name}.out", "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeSampler(proc.pid, db)
        sampler.start()
        code = proc.wait()
        wall = time.monotonic() - start
        sampler.stop()
    conn = sqlite3.connect(db)
    runs = conn.execute("SELECT site, pages, articles_new, finish_reason, queued FROM crawl_runs ORDER BY id").fetchall()
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    return {"code": code, "wall": wall, "sampler": sampler, "runs": runs, "articles": articles,
            "size": db.stat().st_size, "out": (tmp / f"{name}.out").read_text()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="newsmill nightly over many loopback sites with big sitemaps (issue 22)")
    p.add_argument("--sites", type=int, default=50)
    p.add_argument("--urls", type=int, default=20000, help="sitemap URLs per site")
    p.add_argument("--max-pages", type=int, default=200)
    p.add_argument("--baseline", type=int, default=5, help="sites timed alone, spread over the list (5): one site's time")
    p.add_argument("--polite", action="store_true", help="keep the default delays (AutoThrottle, DOWNLOAD_DELAY)")
    p.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--keep", help="keep databases and logs in this directory")
    p.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        try:
            asyncio.run(_serve(args.sites, args.urls))
        except KeyboardInterrupt:
            pass
        return 0

    settings = ([] if args.polite else ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0"]) + args.settings
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newsmill-frontier-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"frontier: {args.sites} loopback sites x {args.urls} sitemap URLs, --max-pages {args.max_pages} ...", flush=True)
    server, ports = start_server(args.sites, args.urls)
    try:
        picks = sorted({i * len(ports) // max(1, args.baseline) for i in range(max(1, args.baseline))})
        print(f"{len(picks)} sites alone, each its own nightly run and database:", flush=True)
        alone = [nightly(tmp, f"one{i}", [ports[i]], args.max_pages, settings) for i in picks]
        print(f"all {args.sites} sites:", flush=True)
        every = nightly(tmp, "all", ports, args.max_pages, settings)
    finally:
        server.terminate()
        server.wait()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    s = every["sampler"]
    one_wall = sum(r["wall"] for r in alone) / len(alone)
    walls = ", ".join(f"{r['wall']:.1f}" for r in alone)
    counts = ", ".join(str(r["articles"]) for r in alone)
    firsts = {site: s.first_article[site] - start for site, (start, _) in s.crawls.items() if site in s.first_article}
    missing = sorted(set(s.crawls) - set(firsts))
    durations = [end - start for start, end in s.crawls.values()]
    fetched = [r[1] or 0 for r in every["runs"]]
    reasons: dict[str, int] = {}
    for r in every["runs"]:
        reasons[r[3]] = reasons.get(r[3], 0) + 1
    print("\n--- nightly output (tail) ---")
    print("\n".join(every["out"].strip().splitlines()[-6:]))
    out: list[str] = []
    out.append(f"one site alone:     {one_wall:.1f} s wall on average over sites {', '.join(f's{i:02d}' for i in picks)} "
          f"({walls} s; {counts} articles), "
          f"peak RSS {max(r['sampler'].peak_rss for r in alone) / 2**20:.0f} MiB")
    out.append(f"all sites:          {every['wall']:.1f} s wall for {len(every['runs'])} sites, {every['articles']} articles, "
          f"pages fetched per site min {min(fetched, default=0)} max {max(fetched, default=0)}, finish reasons "
          f"{reasons} (exit {every['code']})")
    if durations:
        k = max(1, len(durations) // 10)
        out.append(f"per site crawl:     first {k} {sum(durations[:k]) / k:.1f} s each, last {k} "
              f"{sum(durations[-k:]) / k:.1f} s each (process start to exit, 0.2 s sampling)")
    if firsts:
        worst = max(firsts, key=firsts.get)
        ordered = sorted(firsts.values())
        out.append(f"first article:      median {ordered[len(ordered) // 2]:.1f} s, worst {firsts[worst]:.1f} s ({worst}) "
              f"after its crawl process started" + (f"; none stored by {', '.join(missing)}" if missing else ""))
    ratio = every["wall"] / (len(ports) * one_wall)
    out.append(f"peak memory:        RSS {s.peak_rss / 2**20:.0f} MiB summed over {s.peak_procs} processes (whole tree)")
    out.append(f"database:           {every['size'] / 2**20:.0f} MiB")
    worst_first = max(firsts.values(), default=float("inf"))
    out.append(f"goals:              peak RSS < 500 MB: {'met' if s.peak_rss < 500e6 else 'NOT met'} ({s.peak_rss / 1e6:.0f} MB); "
          f"first article <= 10 s: {'met' if worst_first <= 10 and not missing else 'NOT met'} ({worst_first:.1f} s worst); "
          f"total <= 1.5x {len(ports)} x one site: {'met' if ratio <= 1.5 else 'NOT met'} ({ratio:.2f}x)")
    out.append(f"bench: frontier {len(ports)} sites x {args.urls} URLs: peak RSS {s.peak_rss / 1e6:.0f} MB, first article "
          f"worst {worst_first:.1f} s, total {every['wall']:.0f} s = {ratio:.2f}x {len(ports)} x one site ({one_wall:.1f} s)")
    print("\n--- results ---")
    print("\n".join(out))
    if not args.no_doc:
        from .report import machine_line, replace_section

        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        replace_section("frontier", [
            f"`make bench-frontier` ({stamp}; {machine_line()}; `python -m bench.frontier --sites {args.sites} "
            f"--urls {args.urls} --max-pages {args.max_pages}`): `newsmill nightly` over loopback sites, each with one "
            "sitemap of that many URLs, flat out; one site's time is the mean of sites crawled alone.", "",
            *(f"    {line}" for line in out)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
