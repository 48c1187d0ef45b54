"""`make bench`: newsmill against the pipeline a Scrapy user writes instead, on a local mirror of real pages.

    python -m bench.run [--pages 1000] [--rounds 2] [--long-pages 3000] [--no-doc] [-s NAME=VALUE ...]
    python -m bench.run --pages 1000 --long-pages 10000      # issue 8's 10,000-page figure
    python -m bench.run --profile [--profile-pages N]

1. Builds the mirror (bench/mirror.py) of --pages article copies of the real test pages and serves it
   from memory in a separate process (bench/server.py); measures what the server alone serves.
2. Crawls it flat out with `newsmill crawl` and with the peer (bench/peer/crawl.py: a CrawlSpider,
   trafilatura.bare_extraction(with_metadata=True) in the callback, sqlite-utils batched upserts with
   FTS5), in alternation (newsmill, peer, newsmill, peer), each from an empty database: wall time,
   pages/s, CPU time of the whole process tree, the other load on the machine (/proc/stat), and that each
   crawl fetched every article page (the server counts distinct pages) and stored it.
3. Times crawler.worker.analyse_page in this process after a warm-up round of the templates (the first
   page of each language pays dateparser's loading).
4. Crawls a second mirror of --long-pages articles with newsmill alone: crawl CPU per page in blocks of
   1,000 (flat, issue 8) and peak RSS and PSS of the process group (sampled every 0.2 s).
Then rewrites the crawl section of docs/performance.md with the figures (unless --no-doc).

--profile instead runs analyse_page over the mirror's pages in-process under cProfile and prints
its top 15 cumulative and self costs. Nothing is written outside a temporary directory but docs/.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .mirror import ROOT, Mirror, load_templates

_TICK = os.sysconf("SC_CLK_TCK")
_SAMPLE_SECONDS = 0.2


# --- measurement helpers ---------------------------------------------------------------------------

def cpu_times() -> dict[str, tuple[int, int]]:
    """Per core: (busy, total) jiffies from /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *vals = line.split()
                vals = [int(v) for v in vals[:8]]
                idle = vals[3] + vals[4]  # idle + iowait
                out[name] = (sum(vals) - idle, sum(vals))
    return out


def core_utilisation(before, after) -> dict[str, float]:
    return {c: (after[c][0] - before[c][0]) / max(1, after[c][1] - before[c][1]) for c in sorted(after)}


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:  # fields[0] is state, [1] ppid, [2] pgrp
            pids.append(int(entry))
    return sorted(pids)


def _read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


class GroupSampler(threading.Thread):
    """Every 0.2 s: sum of VmRSS and of Pss over a process group; CPU seconds per process."""

    def __init__(self, pgid: int):
        super().__init__(daemon=True)
        self.pgid = pgid
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_procs = 0
        self.peak_by_role: dict[str, int] = {}
        self.series: list[tuple[float, float]] = []  # (monotonic, group CPU seconds so far)
        self.cpu: dict[int, float] = {}  # pid -> last seen user+system seconds
        self.role: dict[int, str] = {}
        self._halt = threading.Event()
        self._ticks = -1

    def run(self):
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(_SAMPLE_SECONDS)

    def sample(self):
        self._ticks += 1
        rss = pss = procs = 0
        by_role: dict[str, int] = {}
        for pid in _group_pids(self.pgid):
            status, stat = _read(f"/proc/{pid}/status"), _read(f"/proc/{pid}/stat")
            if not status or not stat:
                continue
            procs += 1
            fields = stat.rsplit(")", 1)[1].split()
            if self.role.get(pid, "other") == "other":  # "other" may be a fork server not yet exec'd
                self.role[pid] = self._role(pid, int(fields[1]))
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    kb = int(line.split()[1]) * 1024
                    rss += kb
                    by_role[self.role[pid]] = by_role.get(self.role[pid], 0) + kb
            if self._ticks % 5 == 0:  # smaps_rollup walks page tables: once a second is enough
                rollup = _read(f"/proc/{pid}/smaps_rollup") or ""
                for line in rollup.splitlines():
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
        if rss > self.peak_rss:
            self.peak_rss, self.peak_by_role = rss, by_role
        self.peak_pss = max(self.peak_pss, pss)
        self.series.append((time.monotonic(), sum(self.cpu.values())))
        self.peak_procs = max(self.peak_procs, procs)

    def _role(self, pid: int, ppid: int) -> str:
        """main (the crawl), resource_tracker and worker (its children; a fork server and its workers, if any)."""
        if pid == self.pgid:
            return "main"
        # Workers are forked from the fork server and share its command line; the fork server is the
        # crawl's own child. Read anew, not from the cache: a process seen between fork and exec
        # still shows its parent's command line (it is "other" until the next sample).
        cmd = (_read(f"/proc/{pid}/cmdline") or "").replace("\0", " ")
        # spawn_main first: the workers' command line carries the crawl's -W options, one of which names
        # resource_tracker (crawler/worker.py _quiet_resource_tracker); the tracker runs its own main.
        if "spawn_main" in cmd:  # multiprocessing's spawn start method: the workers
            return "worker"
        if "resource_tracker import" in cmd:
            return "resource_tracker"
        if "forkserver" in cmd:
            return "forkserver" if ppid == self.pgid else "worker"
        return "other"

    def stop(self):
        self._halt.set()
        self.join()

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            role = self.role.get(pid, "worker")
            out[role] = out.get(role, 0.0) + seconds
        return out


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


# --- the steps -------------------------------------------------------------------------------------

def usable_templates() -> tuple[list, list[tuple[str, str]]]:
    """Templates newsmill stores as an article at a mirror URL; the others with the reason."""
    from crawler.worker import analyse_page

    templates = load_templates()
    probe = Mirror(templates, len(templates), "http://127.0.0.1:1")
    keep, dropped = [], []
    for k, t in enumerate(templates):
        result = analyse_page(probe.article(k).decode("utf-8"), probe.article_url(k))
        if result.article is not None and result.article.url == probe.article_url(k):
            keep.append(t)
        else:
            dropped.append((t.name, result.skip_reason or f"stored as {result.article.url}"))
    return keep, dropped


def start_server(pages: int, names: list[str]) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--pages", str(pages), "--templates", ",".join(names)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        proc.kill()
        raise SystemExit("bench: the mirror server did not start")
    return proc, int(line[1])


def fetch_all(port: int, paths: list[str], threads: int = 4) -> tuple[float, int]:
    """Fetch paths over keep-alive connections with a few threads: (seconds, bytes)."""
    total = [0]
    lock = threading.Lock()

    def work(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        got = 0
        for path in chunk:
            conn.request("GET", path)
            resp = conn.getresponse()
            got += len(resp.read())
            if resp.status != 200:
                raise RuntimeError(f"{path}: HTTP {resp.status}")
        conn.close()
        with lock:
            total[0] += got

    start = time.perf_counter()
    workers = [threading.Thread(target=work, args=(paths[i::threads],)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start, total[0]


def server_stats(port: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__bench/stats")
    data = json.loads(conn.getresponse().read())
    conn.close()
    return data


def proc_cpu(pid: int) -> float:
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


CRAWL_SETTINGS = ["AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "DOWNLOAD_DELAY=0",
                  "LOG_LEVEL=WARNING"]  # flat out, the same for newsmill and the peer


def crawl(port: int, db: Path, extra: list[str], server_pid: int) -> dict:
    newsmill = Path(sys.executable).with_name("newsmill")
    cmd = [str(newsmill), "crawl", f"http://127.0.0.1:{port}/", "--db", str(db)]
    for s in CRAWL_SETTINGS + extra:
        cmd += ["-s", s]
    return run_crawl(cmd, db, server_pid)


def peer_crawl(port: int, db: Path, server_pid: int) -> dict:
    cmd = [sys.executable, "-m", "bench.peer.crawl", f"http://127.0.0.1:{port}/", "--db", str(db)]
    for s in CRAWL_SETTINGS:
        cmd += ["-s", s]
    return run_crawl(cmd, db, server_pid)


def run_crawl(cmd: list[str], db: Path, server_pid: int) -> dict:
    print("  $", " ".join(Path(c).name if k == 0 else c for k, c in enumerate(cmd)), flush=True)
    log = db.with_suffix(".log")
    own_before = proc_cpu(server_pid) + proc_cpu(os.getpid())
    cpu_before = cpu_times()
    start = time.perf_counter()
    start_mono = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = GroupSampler(proc.pid)
        sampler.start()
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
    wall = time.perf_counter() - start
    end_mono = time.monotonic()
    cpu_after = cpu_times()
    own = proc_cpu(server_pid) + proc_cpu(os.getpid()) - own_before
    sampler.stop()
    busy = sum(cpu_after[c][0] - cpu_before[c][0] for c in cpu_after) / _TICK
    other = max(0.0, busy - own - sum(sampler.cpu.values()))
    return {"code": code, "wall": wall, "start_mono": start_mono, "end_mono": end_mono,
            "cores": core_utilisation(cpu_before, cpu_after), "sampler": sampler, "own": own, "other": other,
            "log": log.read_text(errors="replace")}


def peer_report(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        mirror_rows = con.execute("SELECT count(*) FROM articles WHERE url LIKE '%/news/%'").fetchone()[0]
    finally:
        con.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.suffix != ".log")
    return {"articles": articles, "fts": fts, "mirror_rows": mirror_rows, "size": size}


def db_report(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        raw = con.execute("SELECT count(*) FROM raw_pages").fetchone()[0]
        outcomes = dict(con.execute("SELECT coalesce(reason, outcome), count(*) FROM pages GROUP BY 1").fetchall())
        mirror_rows = con.execute("SELECT count(*) FROM articles WHERE url LIKE '%/news/%'").fetchone()[0]
    finally:
        con.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.suffix != ".log")
    return {"articles": articles, "fts": fts, "raw": raw, "pages": outcomes, "mirror_rows": mirror_rows, "size": size}


def bare_trafilatura(mirror: Mirror, n: int, first: int = 0) -> tuple[float, float]:
    """(wall, CPU) seconds spent in trafilatura.extract over n article pages from `first` (rendering not timed)."""
    import trafilatura
    import trafilatura.core

    # trafilatura as it ships: this process may have loaded newsmill's readability shortcut (cleaners/compat.py)
    ours = trafilatura.core.compare_extraction
    trafilatura.core.compare_extraction = getattr(ours, "__wrapped__", ours)
    try:
        return _time_extract(mirror, n, first)
    finally:
        trafilatura.core.compare_extraction = ours


def _time_extract(mirror: Mirror, n: int, first: int) -> tuple[float, float]:
    import trafilatura

    trafilatura.extract(mirror.article(0).decode("utf-8"), url=mirror.article_url(0), include_comments=False)
    spent = cpu = 0.0
    for k in range(first, first + n):
        html, url = mirror.article(k).decode("utf-8"), mirror.article_url(k)
        t, c = time.perf_counter(), time.thread_time()
        trafilatura.extract(html, url=url, include_comments=False)
        spent += time.perf_counter() - t
        cpu += time.thread_time() - c
    return spent, cpu


def bare_side_by_side(mirror: Mirror, n: int, processes: int) -> float:
    """pages/s of `processes` bare trafilatura processes running at once, n pages each (the same
    pages): the most these cores give to extraction alone, with nothing fetched or stored."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.starmap(bare_trafilatura, [(mirror, n)] * processes)
    return sum(n / spent for spent, _ in results)


def worker_workload(mirror: Mirror, n: int, profiler: cProfile.Profile | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds spent in crawler.worker.analyse_page over n article pages after a warm-up round (one process),
    called as a local crawl calls it: the response's bytes, in-site links only (the writer compresses the HTML)."""
    from crawler.worker import analyse_page

    options = {"hosts": frozenset({"127.0.0.1"}), "raw_level": None}
    # One round of the templates first: the first page in each language pays dateparser's loading of
    # that language (tens of ms), which a crawl pays once per worker, not per page.
    warm = len(mirror.templates)
    for k in range(warm):
        analyse_page(mirror.article(k), mirror.article_url(k), **options)
    spent = cpu = 0.0
    for k in range(warm, warm + n):
        body, url = mirror.article(k), mirror.article_url(k)
        t, c = time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        analyse_page(body, url, **options)
        if profiler:
            profiler.disable()
        spent += time.perf_counter() - t
        cpu += time.thread_time() - c
    return spent, cpu


def chunk_costs(times: list[float], series: list[tuple[float, float]], chunk: int) -> list[tuple[int, float, float]]:
    """Per chunk of article fetches: (pages so far, wall ms/page, crawl CPU ms/page).

    Wall from the server's article request times; CPU from the sampled CPU seconds of the crawl's
    process group between the same instants (robust to other load on the machine).
    """
    def cpu_at(t: float) -> float:
        before = [c for (when, c) in series if when <= t]
        return before[-1] if before else 0.0

    out, prev = [], times[0]
    for end in range(chunk, len(times) + 1, chunk):
        t = times[end - 1]
        out.append((end, (t - prev) / chunk * 1000, (cpu_at(t) - cpu_at(prev)) / chunk * 1000))
        prev = t
    return out


# --- main ------------------------------------------------------------------------------------------

def profile(templates, pages: int) -> None:
    mirror = Mirror(templates, max(pages, 1), "http://127.0.0.1:1")
    profiler = cProfile.Profile()
    spent, _ = worker_workload(mirror, pages, profiler)
    print(f"profile: crawler.worker.analyse_page over {pages} mirror pages in one process: "
          f"{spent:.1f} s under cProfile ({spent / pages * 1000:.1f} ms/page)")
    for key, title in (("cumulative", "top 15 cumulative"), ("tottime", "top 15 self (tottime)")):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(key).print_stats(15)
        text = buf.getvalue()
        print(f"\n--- {title} ---")
        print(text[text.find("   ncalls"):].rstrip())


def server_get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def one_crawl(kind: str, port: int, tmp: Path, label: str, settings: list[str], server_pid: int) -> dict:
    """One crawl of the whole mirror by newsmill or the peer, from an empty database: its figures."""
    server_get(port, "/__bench/reset")
    db = tmp / f"{label}.db"
    run = crawl(port, db, settings, server_pid) if kind == "newsmill" else peer_crawl(port, db, server_pid)
    if run["code"] != 0:
        print(run["log"][-3000:])
        raise SystemExit(f"bench: the {kind} crawl failed with exit status {run['code']}")
    stats = server_stats(port)
    rep = db_report(db) if kind == "newsmill" else peer_report(db)
    cpu = sum(run["sampler"].cpu.values())
    stored = rep["mirror_rows"]
    run.update(kind=kind, label=label, report=rep, stored=stored, fetched=stats["article_paths"],
               times=sorted(t for t in stats["article_times"] if run["start_mono"] <= t <= run["end_mono"]),
               cpu=cpu, cpu_ms=cpu / max(1, stored) * 1000, rate=stored / run["wall"],
               other_share=run["other"] / ((os.cpu_count() or 1) * run["wall"]))
    for p in tmp.glob(db.name + "*"):
        p.unlink()
    print(f"  {label}: {stored} articles stored, {run['fetched']} distinct article pages fetched, "
          f"{run['wall']:.1f} s = {run['rate']:.2f} pages/s; CPU {cpu:.0f} s = {run['cpu_ms']:.0f} ms/page; "
          f"other load {run['other_share'] * 100:.0f}% of the machine", flush=True)
    return run


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="newsmill throughput benchmark against the peer pipeline (issue 22)")
    p.add_argument("--pages", type=int, default=1000,
                   help="article copies in the mirror crawled by newsmill and by the peer, twice each (default 1000)")
    p.add_argument("--long-pages", type=int, default=3000,
                   help="articles of the long newsmill crawl (per-page CPU per block of 1,000, peak memory; "
                        "issue 8 measured 10000; 0 skips it; default 3000)")
    p.add_argument("--rounds", type=int, default=2, help="newsmill/peer crawls in alternation (default 2)")
    p.add_argument("--bare-pages", type=int, default=0,
                   help="also time bare trafilatura.extract over this many pages (default 0: skipped)")
    p.add_argument("--worker-pages", type=int, default=0,
                   help="pages for the one-process analyse_page timing (default: 2 rounds of the templates)")
    p.add_argument("--profile", action="store_true", help="profile analyse_page in-process instead")
    p.add_argument("--profile-pages", type=int, default=0, help="pages to profile (default: 3 rounds)")
    p.add_argument("--no-doc", action="store_true", help="do not rewrite the crawl section of docs/performance.md")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (crawl logs)")
    p.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                   help="extra Scrapy setting for the newsmill crawl, e.g. -s EXTRACT_WORKERS=2")
    args = p.parse_args(argv)
    if args.pages < 100 or args.rounds < 1 or (args.long_pages and args.long_pages < 1000):
        raise SystemExit("bench: --pages must be at least 100, --rounds at least 1, --long-pages 0 or at least 1000")

    templates, dropped = usable_templates()
    print(f"bench: {len(templates)} real pages as templates"
          + (f"; left out (newsmill does not store them as articles): "
             + ", ".join(f"{n} ({r})" for n, r in dropped) if dropped else ""))
    if args.profile:
        profile(templates, args.profile_pages or 3 * len(templates))
        return 0

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    n = args.pages
    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="newsmill-bench-"))
    runs: list[dict] = []
    long_run = None
    server, port = start_server(n, [t.name for t in templates])
    try:
        mirror = Mirror(templates, n, f"http://127.0.0.1:{port}")
        print(f"mirror: http://127.0.0.1:{port}/ - {n} article copies of {len(templates)} pages, "
              f"{mirror.sections} section pages, 1 front page (served from memory, pid {server.pid})")
        check = [mirror.article_path(k) for k in range(min(n, 2000))]
        seconds, size = fetch_all(port, check)
        serve_rate = len(check) / seconds
        print(f"server alone: {len(check)} article pages in {seconds:.2f} s = {serve_rate:.0f} pages/s "
              f"(4 client threads, keep-alive; avg page {size / len(check) / 1024:.0f} KiB)", flush=True)
        for r in range(1, args.rounds + 1):
            runs.append(one_crawl("newsmill", port, tmp, f"newsmill-{r}", args.settings, server.pid))
            runs.append(one_crawl("peer", port, tmp, f"peer-{r}", [], server.pid))
        work_n = args.worker_pages or 2 * len(templates)
        work_s, work_cpu = worker_workload(mirror, work_n)
        bare = (min(args.bare_pages, n), *bare_trafilatura(mirror, min(args.bare_pages, n))) if args.bare_pages else None
    finally:
        server.terminate()
        server.wait()
    if args.long_pages:
        server, port = start_server(args.long_pages, [t.name for t in templates])
        try:
            print(f"long crawl: newsmill over a mirror of {args.long_pages} articles ...", flush=True)
            long_run = one_crawl("newsmill", port, tmp, "newsmill-long", args.settings, server.pid)
        finally:
            server.terminate()
            server.wait()
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)

    lines = report_lines(runs, long_run, n, cores, work_n, work_s, work_cpu, bare, serve_rate, templates, dropped)
    print("\n--- results ---")
    print("\n".join(lines))
    if not args.no_doc:
        from .report import machine_line, replace_section

        replace_section("crawl", [f"`make bench` ({started}; {machine_line()}; "
                                  f"`python -m bench.run --pages {n} --long-pages {args.long_pages}`)", "", *lines])
        print("bench: wrote the crawl section of docs/performance.md")
    nm = [r for r in runs if r["kind"] == "newsmill"]
    pe = [r for r in runs if r["kind"] == "peer"]
    ratio = statistics.mean(r["rate"] for r in nm) / statistics.mean(r["rate"] for r in pe)
    print(f"bench: newsmill {statistics.mean(r['rate'] for r in nm):.2f} pages/s, peer "
          f"{statistics.mean(r['rate'] for r in pe):.2f} pages/s, ratio {ratio:.2f}")
    return 0


def report_lines(runs, long_run, n, cores, work_n, work_s, work_cpu, bare, serve_rate, templates, dropped) -> list[str]:
    nm = [r for r in runs if r["kind"] == "newsmill"]
    pe = [r for r in runs if r["kind"] == "peer"]
    out = [f"Mirror: {n} article copies of {len(templates)} real pages (tests/fixtures/corpus; "
           f"{len(dropped)} left out that newsmill does not store as articles), served from memory on 127.0.0.1 "
           f"at {serve_rate:.0f} pages/s alone. Crawled flat out ({', '.join(CRAWL_SETTINGS[:3])}) by newsmill "
           f"and by the peer (bench/peer/crawl.py: CrawlSpider, trafilatura.bare_extraction(with_metadata=True), "
           f"sqlite-utils upserts of 100 with FTS5), alternately, each from an empty database.", "",
           "| crawl | articles stored | pages fetched | wall | pages/s | CPU ms/page | other load on the machine |",
           "|---|---|---|---|---|---|---|"]
    for r in runs:
        out.append(f"| {r['label']} | {r['stored']} | {r['fetched']} | {r['wall']:.1f} s | {r['rate']:.2f} | "
                   f"{r['cpu_ms']:.0f} | {r['other_share'] * 100:.0f}% |")
    nm_rate = statistics.mean(r["rate"] for r in nm)
    pe_rate = statistics.mean(r["rate"] for r in pe)
    ratio = nm_rate / pe_rate
    per_round = [a["rate"] / b["rate"] for a, b in zip(nm, pe)]
    all_fetched = all(r["fetched"] == n and r["stored"] == n for r in runs)
    nm_cpu = statistics.mean(r["cpu_ms"] for r in nm)
    pe_cpu = statistics.mean(r["cpu_ms"] for r in pe)
    # The peer is one process (one core at most); newsmill's extraction workers use every core.
    bound = (cores * 1000 / nm_cpu) / (1000 / pe_cpu)
    out += ["",
            f"- newsmill {nm_rate:.2f} pages/s, peer {pe_rate:.2f} pages/s (means of {len(nm)} crawls each): "
            f"ratio **{ratio:.2f}** (per round: {', '.join(f'{x:.2f}' for x in per_round)}; spread of the "
            f"crawls: newsmill {min(r['rate'] for r in nm):.2f}-{max(r['rate'] for r in nm):.2f}, peer "
            f"{min(r['rate'] for r in pe):.2f}-{max(r['rate'] for r in pe):.2f} pages/s). "
            f"Goal >= 2.5: {'met' if ratio >= 2.5 else 'NOT met'}.",
            f"- Every page fetched and stored by both: {'yes' if all_fetched else 'NO'} "
            f"({n} article pages in each crawl).",
            f"- CPU per stored article (the whole process tree, robust to other load): newsmill {nm_cpu:.0f} ms, "
            f"peer {pe_cpu:.0f} ms ({pe_cpu / nm_cpu:.2f}x newsmill's). CPU-bound estimate on {cores} idle cores "
            f"(newsmill {cores} x 1000 / {nm_cpu:.0f}, the peer one process 1000 / {pe_cpu:.0f}): ratio {bound:.2f}.",
            f"- One process, crawler.worker.analyse_page over {work_n} mirror pages after a warm-up round of the "
            f"templates: {work_cpu / work_n * 1000:.1f} ms/page CPU ({work_s / work_n * 1000:.1f} ms wall).",
            ]
    if bare:
        out.append(f"- Bare trafilatura.extract over {bare[0]} pages, one process: {bare[2] / bare[0] * 1000:.1f} ms/page "
                   f"CPU (the worker above does that and newsmill's own fields, dedupe, compression).")
    by_role = nm[-1]["sampler"].cpu_by_role()
    out.append(f"- CPU seconds of the last newsmill crawl by process: "
               + ", ".join(f"{role} {v:.1f}" for role, v in sorted(by_role.items())) + ".")
    if long_run:
        r = long_run
        s = r["sampler"]
        out += ["", f"Long crawl (issue 8): newsmill over a mirror of {r['report']['articles']} stored articles, "
                f"{r['fetched']} distinct article pages fetched, {r['wall']:.0f} s = {r['rate']:.2f} pages/s, "
                f"other load {r['other_share'] * 100:.0f}% of the machine.", "",
                "| articles fetched | wall ms/page | crawl CPU ms/page |", "|---|---|---|"]
        blocks = chunk_costs(r["times"], s.series, 1000) if len(r["times"]) >= 1000 else []
        for end, wall_ms, cpu_ms in blocks:
            out.append(f"| {end - 999}-{end} | {wall_ms:.1f} | {cpu_ms:.1f} |")
        if len(blocks) >= 2:
            cpus = [c for _, _, c in blocks[1:]]  # the first block holds the start-up
            out.append("")
            out.append(f"- Per-page CPU from block 2 on: {min(cpus):.1f}-{max(cpus):.1f} ms "
                       f"(last/second block {cpus[-1] / cpus[0]:.2f}); flat within 15%: "
                       f"{'yes' if max(cpus) <= 1.15 * min(cpus) else 'NO'}.")
        out.append(f"- Peak memory of the crawl's process tree: RSS {s.peak_rss / 1e6:.0f} MB summed over "
                   f"{s.peak_procs} processes (PSS {s.peak_pss / 1e6:.0f} MB; at the peak: "
                   + ", ".join(f"{role} {v / 1e6:.0f} MB" for role, v in sorted(s.peak_by_role.items()))
                   + f"). Goal < 400 MB: {'met' if s.peak_rss < 400e6 else 'NOT met'}.")
    return out


if __name__ == "__main__":
    sys.exit(main())
